// square: x * x. Memory-bound: whole vectors, several per iteration, so the
// loop issues loads and stores as fast as memory takes them.
#pragma once

#include "kernel.h"
#include "targets.h"

namespace numpool::kernels {

inline void runSquare(const Slice& s) {
  for (std::size_t i = 0; i < s.count; ++i) s.out[i] = s.in[i] * s.in[i];
}

struct SquareBody {
  template <class L>
  [[gnu::always_inline]] static void run(const Slice& s) {
    constexpr std::size_t W = L::kWidth;
    std::size_t i = 0;
    for (; i + 4 * W <= s.count; i += 4 * W)
      for (std::size_t v = 0; v < 4 * W; v += W) {
        const typename L::F x = L::load(s.in + i + v);
        L::store(s.out + i + v, x * x);
      }
    for (; i < s.count; ++i) s.out[i] = s.in[i] * s.in[i];
  }
};

// Paths: scalar, sse2, avx2, avx512, neon. Memory-bound: every path
// measured (bench/kernel_costs.cc, AMD EPYC) at 0.6-0.8 ns per element.
inline constexpr Kernel kSquare{
    .name = "square",
    .params = {},
    .stateSize = 0,
    .iterations = [](const double*) -> std::uint64_t { return 1; },
    .paths = simd::paths<SquareBody>(runSquare, {64, 64, 64, 64, 64},
                                     {0.65, 0.65, 0.65, 0.65, 0.65}),
};

}  // namespace numpool::kernels
