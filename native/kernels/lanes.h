// The SIMD abstraction every vector kernel is written against: W doubles in
// one GCC/Clang vector, with 64-bit integer lanes of the same width for bit
// manipulation. The same template becomes SSE2, AVX2, AVX-512 or NEON code
// depending on the target of the function it is inlined into (targets.h),
// so each kernel is written once. Arithmetic is plain IEEE per lane; with
// -ffp-contract=off nothing is fused.
#pragma once

#include <cstddef>
#include <cstdint>

namespace numpool::simd {

template <int W>
struct Lanes {
  static constexpr int kWidth = W;
  // typedef, not using: GCC applies a dependent vector_size only there.
  typedef double F __attribute__((vector_size(8 * W)));
  typedef std::int64_t I __attribute__((vector_size(8 * W)));
  typedef std::uint64_t U __attribute__((vector_size(8 * W)));

  // value - 0, not 0 + value: the sum would turn -0 into +0.
  [[gnu::always_inline]] static F splat(double value) { return value - F{}; }
  [[gnu::always_inline]] static F load(const double* from) {
    F v;
    __builtin_memcpy(&v, from, sizeof v);
    return v;
  }
  [[gnu::always_inline]] static void store(double* to, F v) {
    __builtin_memcpy(to, &v, sizeof v);
  }
  // The first `n` (< W) lanes from memory, the rest `pad`.
  [[gnu::always_inline]] static F loadPartial(const double* from, std::size_t n,
                                              double pad) {
    double lanes[W];
    for (std::size_t i = 0; i < W; ++i) lanes[i] = i < n ? from[i] : pad;
    return load(lanes);
  }
  [[gnu::always_inline]] static void storePartial(double* to, F v,
                                                  std::size_t n) {
    double lanes[W];
    store(lanes, v);
    // The bound W tells the compiler what callers guarantee.
    for (std::size_t i = 0; i < n && i < W; ++i) to[i] = lanes[i];
  }
};

}  // namespace numpool::simd
