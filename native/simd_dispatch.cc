#include "simd_dispatch.h"

namespace numpool {
namespace {

bool cpuRuns(SimdPath path) {
  switch (path) {
    case SimdPath::Scalar:
      return true;
#if defined(__x86_64__) && defined(__GNUC__)
    case SimdPath::Sse2:
      return true;  // part of x86-64 itself
    // libgcc's checks include the OS's consent (XGETBV) to save the
    // registers, not only the CPUID bits.
    case SimdPath::Avx2:
      return __builtin_cpu_supports("avx2");
    case SimdPath::Avx512:
      return __builtin_cpu_supports("avx512f") &&
             __builtin_cpu_supports("avx512dq");
#elif defined(__aarch64__) && defined(__GNUC__)
    case SimdPath::Neon:
      return true;  // part of AArch64 itself
#endif
    default:
      return false;
  }
}

}  // namespace

std::vector<SimdPath> supportedSimdPaths() {
  std::vector<SimdPath> paths;
  for (std::size_t p = 0; p < kSimdPathCount; ++p)
    if (cpuRuns(static_cast<SimdPath>(p)))
      paths.push_back(static_cast<SimdPath>(p));
  return paths;
}

}  // namespace numpool
