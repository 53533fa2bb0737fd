// JavaScript's conversions of a double to a 32-bit integer (ToUint32,
// ToInt32: NaN and +-Infinity to 0, otherwise truncated toward zero and
// taken modulo 2^32) and the integer operators built on them: Math.clz32,
// Math.imul and the bitwise and shift operators.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>

namespace numpool {

// From the double's bits alone, without a branch or a rounding call, so that
// a loop of them vectorises: |x| = m * 2^e with the 53-bit significand m, and
// the low 32 bits of m * 2^e (shifted left at most 32: beyond, they are 0)
// or of m / 2^-e (shifted right at most 63: beyond, m is gone). NaN and
// +-Infinity (e = 972) shift every bit out, and so do 0 and the subnormals.
inline std::uint32_t jsToUint32(double x) {
  const auto bits = std::bit_cast<std::uint64_t>(x);
  const auto e = static_cast<std::int64_t>((bits >> 52) & 0x7ff) - 1075;
  const std::uint64_t m = (bits & 0xfffffffffffffu) | (std::uint64_t{1} << 52);
  const auto left =
      static_cast<std::uint64_t>(std::clamp<std::int64_t>(e, 0, 32));
  const auto right =
      static_cast<std::uint64_t>(std::clamp<std::int64_t>(-e, 0, 63));
  const auto magnitude = static_cast<std::uint32_t>((m << left) >> right);
  // Negative: the magnitude negated modulo 2^32 (0 - v, as ~v + 1).
  const std::uint32_t negative = 0u - static_cast<std::uint32_t>(bits >> 63);
  return (magnitude ^ negative) - negative;
}

inline std::int32_t jsToInt32(double x) {
  return static_cast<std::int32_t>(jsToUint32(x));
}

inline double jsClz32(double x) { return std::countl_zero(jsToUint32(x)); }

inline double jsImul(double a, double b) {
  return static_cast<std::int32_t>(jsToUint32(a) * jsToUint32(b));
}

inline double jsBitOr(double a, double b) {
  return jsToInt32(a) | jsToInt32(b);
}
inline double jsBitAnd(double a, double b) {
  return jsToInt32(a) & jsToInt32(b);
}
inline double jsBitXor(double a, double b) {
  return jsToInt32(a) ^ jsToInt32(b);
}
inline double jsBitNot(double a) { return ~jsToInt32(a); }
// Shifts count modulo 32 (ToUint32(b) & 31), as JavaScript does; << shifts
// the bits of the unsigned value, so that it wraps without overflow.
inline double jsShiftLeft(double a, double b) {
  return static_cast<std::int32_t>(jsToUint32(a) << (jsToUint32(b) & 31));
}
inline double jsShiftRight(double a, double b) {
  return jsToInt32(a) >> (jsToUint32(b) & 31);
}
inline double jsShiftRightUnsigned(double a, double b) {
  return jsToUint32(a) >> (jsToUint32(b) & 31);
}

}  // namespace numpool
