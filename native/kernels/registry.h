// Every kernel numpool offers. Adding one: write its descriptor in its own
// header under kernels/, list it here, and test it against JavaScript.
#pragma once

#include <array>
#include <span>
#include <string_view>

#include "kernel.h"
#include "log.h"
#include "square.h"

namespace numpool {

inline constexpr std::array<const Kernel*, 3> kKernels{
    &kernels::kSquare,
    &kernels::kLogAccumulate,
    &kernels::kLogSum,
};

}  // namespace numpool
