// What every kernel is: a descriptor the registry lists and the pool runs.
// Kernels know nothing of threads. Each element's work is a loop of
// `iterations(params)` steps; a kernel runs any range of those steps for a
// block of elements, keeping what it needs between ranges in `state`, so the
// pool can cut long elements into short slices that it can interleave with
// other maps and stop between.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "simd_path.h"

namespace numpool {

struct ParamSpec {
  std::string_view name;
  double defaultValue;
  double min;  // inclusive
  double max;  // inclusive
  bool integer;
};

// The most parameters any kernel takes; values travel in a fixed array.
inline constexpr std::size_t kMaxParams = 4;

// Steps [first, last) of every element in[0..count).
// first == 0: the kernel initialises its state from `in`.
// last == iterations(params): the kernel writes `out`.
// `state` holds stateSize arrays of `count` doubles, one after the other.
struct Slice {
  const double* in;
  double* out;
  double* state;
  std::size_t count;
  const double* params;
  std::uint64_t first;
  std::uint64_t last;
  // What a kernel that runs code needs besides params (a compiled program).
  const void* program = nullptr;
};

// A kernel as built for one instruction set (simd_path.h).
struct KernelPath {
  // Elements the path processes side by side; chunks are cut in multiples
  // of it so that no vector lane idles except in a map's last chunk.
  std::size_t block;
  // Nanoseconds per element and iteration on one thread, measured with
  // bench/kernels.js, for slicing and for deciding when a map is too small
  // to be worth a thread.
  double nsPerIteration;
  // Null where the path is not built for this architecture.
  void (*run)(const Slice& slice);
};

struct Kernel {
  std::string_view name;
  std::span<const ParamSpec> params;
  // Doubles of per-element state carried from one slice to the next.
  std::size_t stateSize;
  std::uint64_t (*iterations)(const double* params);
  std::array<KernelPath, kSimdPathCount> paths;
  // For a kernel that computes Math.log: its scalar path with log's fused
  // build (fma_math.h), which runs instead of `paths` where the running
  // Node's Math.log is that build (arm64 Node). run is null elsewhere.
  KernelPath fusedLog{};
};

// `paths`' scalar path with `run` in its place: a kernel's fusedLog.
constexpr KernelPath scalarWith(
    const std::array<KernelPath, kSimdPathCount>& paths,
    void (*run)(const Slice& slice)) {
  KernelPath path = paths[static_cast<std::size_t>(SimdPath::Scalar)];
  path.run = run;
  return path;
}

}  // namespace numpool
