// The instruction sets a kernel can be built for, lowest first. One binary
// holds every path its target architecture allows; dispatch.cc picks one at
// load from what the CPU reports.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace numpool {

enum class SimdPath : std::size_t { Scalar, Sse2, Avx2, Avx512, Neon };
inline constexpr std::size_t kSimdPathCount = 5;

inline constexpr std::array<std::string_view, kSimdPathCount> kSimdPathNames{
    "scalar", "sse2", "avx2", "avx512", "neon"};

}  // namespace numpool
