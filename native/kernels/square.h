// square: x * x. Memory-bound; the loop is left to the compiler to vectorise.
#pragma once

#include "kernel.h"

namespace numpool::kernels {

inline void runSquare(const Slice& s) {
  for (std::size_t i = 0; i < s.count; ++i) s.out[i] = s.in[i] * s.in[i];
}

inline constexpr Kernel kSquare{
    .name = "square",
    .params = {},
    .block = 64,
    .stateSize = 0,
    .iterations = [](const double*) -> std::uint64_t { return 1; },
    .nsPerIteration = [](const double*) { return 0.5; },
    .run = runSquare,
};

}  // namespace numpool::kernels
