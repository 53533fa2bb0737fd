// Math.clz32 and Math.imul: JavaScript's conversions of a double to a 32-bit
// integer (ToUint32, ToInt32: NaN and +-Infinity to 0, otherwise truncated
// toward zero and taken modulo 2^32), then integer arithmetic.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>

namespace numpool {

inline std::uint32_t jsToUint32(double x) {
  if (!std::isfinite(x)) return 0;
  // Below 2^63 the truncating conversion is exact and the narrowing is
  // modulo 2^32; above, fmod of the integer x is exact.
  if (std::fabs(x) < 0x1p63)
    return static_cast<std::uint32_t>(static_cast<std::int64_t>(x));
  const double r = std::fmod(x, 0x1p32);
  return static_cast<std::uint32_t>(r < 0 ? r + 0x1p32 : r);
}

inline std::int32_t jsToInt32(double x) {
  return static_cast<std::int32_t>(jsToUint32(x));
}

inline double jsClz32(double x) { return std::countl_zero(jsToUint32(x)); }

inline double jsImul(double a, double b) {
  return static_cast<std::int32_t>(jsToUint32(a) * jsToUint32(b));
}

}  // namespace numpool
