// The kernel that runs a compiled program: each element's whole program is
// one iteration (the interpreter's backward jumps poll for cancellation
// instead), so it needs no state between slices.
#pragma once

#include "../kernels/kernel.h"
#include "program.h"

namespace numpool::program {

inline void runSlice(const Slice& s) {
  run(*static_cast<const Program*>(s.program), s.in, s.out, s.count);
}

inline constexpr Kernel kProgramKernel{
    .name = "program",
    .params = {},
    .stateSize = 0,
    .iterations = [](const double*) -> std::uint64_t { return 1; },
    .paths = {},
};

// How one program runs: its cost is the compiler's estimate per element,
// and a program with loops gets one large enough never to run inline, where
// nothing could cancel it.
inline KernelPath programPath(double nsPerElement) {
  return {.block = kLanes, .nsPerIteration = nsPerElement, .run = runSlice};
}

}  // namespace numpool::program
