// The kernel that runs a compiled program: each element's whole program is
// one iteration (the interpreter's backward jumps poll for cancellation
// instead), so it needs no state between slices.
#pragma once

#include "../kernels/kernel.h"
#include "program.h"

namespace numpool::program {

inline constexpr Kernel kProgramKernel{
    .name = "program",
    .params = {},
    .stateSize = 0,
    .iterations = [](const double*) -> std::uint64_t { return 1; },
    .paths = {},
};

// How one program runs on `simd`'s instruction set (the interpreter is built
// once per path, as the built-in kernels are): its cost is the compiler's
// estimate per element (lib/compiler/ gives a program with loops one large
// enough never to run inline, where nothing could cancel it).
KernelPath programPath(double nsPerElement, SimdPath simd);

}  // namespace numpool::program
