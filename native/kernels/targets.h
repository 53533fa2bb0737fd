// Instantiates a kernel body once per instruction set, inside functions
// compiled for that set (GCC/Clang target attributes), so that one binary
// carries every path without -march flags. A body is a class with
//   template <class L> static void run(const Slice&);
// written against simd::Lanes (lanes.h); everything it calls is inlined
// into the targeted function and compiled for its instruction set.
#pragma once

#include <array>

#include "kernel.h"
#include "lanes.h"
#include "simd_path.h"

namespace numpool::simd {

#if defined(__x86_64__) && defined(__GNUC__)
template <class Body>
[[gnu::target("sse2"), gnu::flatten]] void runSse2(const Slice& s) {
  Body::template run<Lanes<2>>(s);
}
template <class Body>
[[gnu::target("avx2"), gnu::flatten]] void runAvx2(const Slice& s) {
  Body::template run<Lanes<4>>(s);
}
template <class Body>
[[gnu::target("avx512f,avx512dq"), gnu::flatten]] void runAvx512(
    const Slice& s) {
  Body::template run<Lanes<8>>(s);
}
#elif defined(__aarch64__) && defined(__GNUC__)
template <class Body>
[[gnu::flatten]] void runNeon(const Slice& s) {
  Body::template run<Lanes<2>>(s);
}
#endif

// The per-path entries of a kernel descriptor: `scalar` is the portable
// reference; the vector paths run `Body`. `block` and `nsPerIteration` hold
// the figures measured for each path (scalar, sse2, avx2, avx512, neon).
template <class Body>
constexpr std::array<KernelPath, kSimdPathCount> paths(
    void (*scalar)(const Slice&), std::array<std::size_t, kSimdPathCount> block,
    std::array<double, kSimdPathCount> nsPerIteration) {
  std::array<void (*)(const Slice&), kSimdPathCount> run{scalar};
#if defined(__x86_64__) && defined(__GNUC__)
  run[static_cast<std::size_t>(SimdPath::Sse2)] = runSse2<Body>;
  run[static_cast<std::size_t>(SimdPath::Avx2)] = runAvx2<Body>;
  run[static_cast<std::size_t>(SimdPath::Avx512)] = runAvx512<Body>;
#elif defined(__aarch64__) && defined(__GNUC__)
  run[static_cast<std::size_t>(SimdPath::Neon)] = runNeon<Body>;
#endif
  std::array<KernelPath, kSimdPathCount> table{};
  for (std::size_t p = 0; p < kSimdPathCount; ++p)
    table[p] = {
        .block = block[p], .nsPerIteration = nsPerIteration[p], .run = run[p]};
  return table;
}

}  // namespace numpool::simd
