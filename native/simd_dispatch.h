// Which kernel paths (kernels/simd_path.h) this CPU can run, from what it
// reports at run time; the binary itself holds every path its architecture
// allows.
#pragma once

#include <vector>

#include "kernels/simd_path.h"

namespace numpool {

// Lowest first; the last is the widest, the default.
std::vector<SimdPath> supportedSimdPaths();

}  // namespace numpool
