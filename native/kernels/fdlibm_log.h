// The natural logarithm exactly as V8's Math.log computes it: the fdlibm
// algorithm (argument reduction to [sqrt(2)/2, sqrt(2)), then a degree-14
// polynomial in s = f/(2+f)), not the platform libm, which differs in the
// last bit on a few percent of inputs. Every operation is a plain IEEE
// double operation; this file must be compiled with -ffp-contract=off so
// that no multiply-add is fused, or the bits drift.
#pragma once

#include <bit>
#include <cstdint>

namespace numpool {

namespace fdlibm {
inline constexpr double kLn2Hi = 6.93147180369123816490e-01;
inline constexpr double kLn2Lo = 1.90821492927058770002e-10;
inline constexpr double kTwo54 = 1.80143985094819840000e+16;
inline constexpr double kLg1 = 6.666666666666735130e-01;
inline constexpr double kLg2 = 3.999999999940941908e-01;
inline constexpr double kLg3 = 2.857142874366239149e-01;
inline constexpr double kLg4 = 2.222219843214978396e-01;
inline constexpr double kLg5 = 1.818357216161805012e-01;
inline constexpr double kLg6 = 1.531383769920937332e-01;
inline constexpr double kLg7 = 1.479819860511658591e-01;

inline std::int32_t highWord(double x) {
  return static_cast<std::int32_t>(std::bit_cast<std::uint64_t>(x) >> 32);
}
inline std::uint32_t lowWord(double x) {
  return static_cast<std::uint32_t>(std::bit_cast<std::uint64_t>(x));
}
inline double fromWords(std::int32_t high, std::uint32_t low) {
  return std::bit_cast<double>(
      (static_cast<std::uint64_t>(static_cast<std::uint32_t>(high)) << 32) |
      low);
}
inline double withHighWord(double x, std::int32_t high) {
  return fromWords(high, lowWord(x));
}
inline double withLowWord(double x, std::uint32_t low) {
  return fromWords(highWord(x), low);
}

// s = f / (2 + f) and fdlibm's polynomial r(s) for log(1 + f), written once
// for doubles and for vectors of them (vector_log.h).
template <class T>
struct Polynomial {
  T s;
  T r;
};
template <class T>
[[gnu::always_inline]] inline Polynomial<T> polynomial(T f) {
  const T s = f / (2.0 + f);
  const T z = s * s;
  const T w = z * z;
  const T t1 = w * (kLg2 + w * (kLg4 + w * kLg6));
  const T t2 = z * (kLg1 + w * (kLg3 + w * (kLg5 + w * kLg7)));
  return {s, t2 + t1};
}
}  // namespace fdlibm

inline double jsLog(double x) {
  using namespace fdlibm;
  std::int32_t hx = highWord(x);
  std::int32_t k = 0;
  if (hx < 0x00100000) {  // negative, zero or subnormal
    if (((hx & 0x7fffffff) | lowWord(x)) == 0) return -kTwo54 / 0.0;
    if (hx < 0) return (x - x) / 0.0;  // NaN for negatives (and -NaN)
    k -= 54;                           // scale subnormals into the normal range
    x *= kTwo54;
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;  // +Infinity or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  // Pick the exponent so that the mantissa m lies in [sqrt(2)/2, sqrt(2)).
  const std::int32_t i = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, hx | (i ^ 0x3ff00000));
  k += i >> 20;
  const double f = x - 1.0;
  const double dk = static_cast<double>(k);
  if ((0x000fffff & (2 + hx)) < 3) {  // |f| < 2^-20: a short series suffices
    if (f == 0.0) return k == 0 ? 0.0 : dk * kLn2Hi + dk * kLn2Lo;
    const double r = f * f * (0.5 - 0.33333333333333333 * f);
    return k == 0 ? f - r : dk * kLn2Hi - ((r - dk * kLn2Lo) - f);
  }
  const auto [s, r] = polynomial(f);
  // fdlibm takes the half-square form for mantissas in [1.38, 1.42]; the
  // split is part of the algorithm and changes the last bit if moved.
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const double hfsq = 0.5 * f * f;
    return k == 0 ? f - (hfsq - s * (hfsq + r))
                  : dk * kLn2Hi - ((hfsq - (s * (hfsq + r) + dk * kLn2Lo)) - f);
  }
  return k == 0 ? f - s * (f - r)
                : dk * kLn2Hi - ((s * (f - r) - dk * kLn2Lo) - f);
}

}  // namespace numpool
