// Math.log, log1p, log2 and log10 exactly as V8 computes them: its ports of
// fdlibm (log2 and log1p in FreeBSD's revisions), not the platform libm,
// which differs in the last bit on a few percent of inputs. Each reduces x
// (or 1 + x) to 2^k * (1 + f) with 1 + f in [sqrt(2)/2, sqrt(2)) and
// evaluates a degree-14 polynomial in s = f/(2+f). Also the word access all
// fdlibm ports here share. Every operation is a plain IEEE double
// operation; compile with -ffp-contract=off so that no multiply-add is
// fused, or the bits drift.
#pragma once

#include <bit>
#include <cstdint>
#include <limits>

namespace numpool {

namespace fdlibm {
inline constexpr double kLn2Hi = 6.93147180369123816490e-01;
inline constexpr double kLn2Lo = 1.90821492927058770002e-10;
// ln2 itself, where one double is enough (asinh, acosh, pow).
inline constexpr double kLn2 = 6.93147180559945286227e-01;
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

// log in every base answers without computing outside (0, Infinity):
// -Infinity at +-0, NaN below 0 and for NaN, +Infinity at +Infinity.
inline bool isInLogDomain(double x) {
  return x > 0.0 && x < std::numeric_limits<double>::infinity();
}
inline double logOutsideDomain(double x) {
  if (x == 0.0) return -std::numeric_limits<double>::infinity();
  return x < 0.0 ? std::numeric_limits<double>::quiet_NaN() : x + x;
}

// Scales a subnormal x by 2^54 into the normal range; returns the power of
// two to take back (-54, or 0 for normal x).
inline std::int32_t normalize(double& x) {
  if (highWord(x) >= 0x00100000) return 0;
  x *= kTwo54;
  return -54;
}

// x = 2^k * (1 + f) with 1 + f in [sqrt(2)/2, sqrt(2)), for x in the log
// domain; mantissaHigh (the high 20 bits of x's mantissa) picks fdlibm's
// formula.
struct LogReduction {
  double f;
  std::int32_t k;
  std::int32_t mantissaHigh;
};
inline LogReduction reduceForLog(double x) {
  std::int32_t k = normalize(x);
  const std::int32_t hx = highWord(x);
  k += (hx >> 20) - 1023;
  const std::int32_t m = hx & 0x000fffff;
  const std::int32_t i = (m + 0x95f64) & 0x100000;  // 1 + f below sqrt(2)/2?
  return {withHighWord(x, m | (i ^ 0x3ff00000)) - 1.0, k + (i >> 20), m};
}
}  // namespace fdlibm

inline double jsLog(double x) {
  using namespace fdlibm;
  if (!isInLogDomain(x)) return logOutsideDomain(x);
  const auto [f, k, hx] = reduceForLog(x);
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

// log(1 + x), accurate for small x: FreeBSD's fdlibm log1p as V8 has it.
// 1 + x is reduced as in log, with the rounding error of 1 + x carried as a
// correction c/u, and log(1 + f) comes from the same Remez coefficients in
// one Horner polynomial.
inline double jsLog1p(double x) {
  using namespace fdlibm;
  const std::int32_t hx = highWord(x);
  const std::int32_t ax = hx & 0x7fffffff;
  std::int32_t k = 1;
  double f = 0.0;
  double c = 0.0;
  std::int32_t hu = 0;
  if (hx < 0x3fda827a) {     // 1 + x < sqrt(2), or x negative
    if (ax >= 0x3ff00000) {  // x <= -1 (or a negative NaN)
      return x == -1.0 ? -std::numeric_limits<double>::infinity()
                       : std::numeric_limits<double>::quiet_NaN();
    }
    if (ax < 0x3e200000) return ax < 0x3c900000 ? x : x - x * x * 0.5;
    if (hx > 0 || hx <= static_cast<std::int32_t>(0xbfd2bec4)) {
      k = 0;  // 1 + x in [sqrt(2)/2, sqrt(2)): f = x exactly
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x;
  if (k != 0) {
    double u = x;
    if (hx < 0x43400000) {  // below 2^53, 1 + x rounds: keep the error
      u = 1.0 + x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = (k > 0 ? 1.0 - (u - x) : x - (u - 1.0)) / u;
    } else {
      hu = highWord(u);
      k = (hu >> 20) - 1023;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) {  // mantissa below sqrt(2)
      u = withHighWord(u, hu | 0x3ff00000);
    } else {
      k += 1;
      u = withHighWord(u, hu | 0x3fe00000);
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1.0;
  }
  const double hfsq = 0.5 * f * f;
  const double dk = static_cast<double>(k);
  if (hu == 0) {  // |f| < 2^-20
    if (f == 0.0) return k == 0 ? 0.0 : dk * kLn2Hi + (c + dk * kLn2Lo);
    const double r = hfsq * (1.0 - 0.66666666666666666 * f);
    return k == 0 ? f - r : dk * kLn2Hi - ((r - (dk * kLn2Lo + c)) - f);
  }
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double r =
      z * (kLg1 +
           z * (kLg2 +
                z * (kLg3 + z * (kLg4 + z * (kLg5 + z * (kLg6 + z * kLg7))))));
  return k == 0 ? f - (hfsq - s * (hfsq + r))
                : dk * kLn2Hi -
                      ((hfsq - (s * (hfsq + r) + (dk * kLn2Lo + c))) - f);
}

// log2 as FreeBSD's fdlibm (and V8) computes it: log's reduction and
// polynomial, then (f - f*f/2 + rest)/ln2 + k in extra precision, f - f*f/2
// split into a 32-bit head and a tail so the products by 1/ln2's two parts
// are exact enough.
inline double jsLog2(double x) {
  using namespace fdlibm;
  constexpr double kInvLn2Hi = 1.44269504072144627571e+00;
  constexpr double kInvLn2Lo = 1.67517131648865118353e-10;
  if (!isInLogDomain(x)) return logOutsideDomain(x);
  if (x == 1.0) return 0.0;
  const auto [f, k, hx] = reduceForLog(x);
  const double dk = static_cast<double>(k);
  const double hfsq = 0.5 * f * f;
  const auto [s, r] = polynomial(f);
  const double rest = s * (hfsq + r);
  const double hi = withLowWord(f - hfsq, 0);
  const double lo = (f - hi) - hfsq + rest;
  const double valueHi = hi * kInvLn2Hi;
  double valueLo = (lo + hi) * kInvLn2Lo + lo * kInvLn2Hi;
  const double sum = dk + valueHi;  // add k exactly: Dekker's sum
  valueLo += (dk - sum) + valueHi;
  return valueLo + sum;
}

// log10 as fdlibm computes it: x = 2^n * m with m in [1, 2) (or [1/2, 1)
// when n < 0, so that log10(10^n) is exact), then
// n*log10(2) + log(m)/ln(10), log10(2) in two parts.
inline double jsLog10(double x) {
  using namespace fdlibm;
  constexpr double kInvLn10 = 4.34294481903251816668e-01;
  constexpr double kLog10Of2Hi = 3.01029995663611771306e-01;
  constexpr double kLog10Of2Lo = 3.69423907715893078616e-13;
  if (!isInLogDomain(x)) return logOutsideDomain(x);
  if (x == 1.0) return 0.0;
  std::int32_t k = normalize(x);
  const std::int32_t hx = highWord(x);
  k += (hx >> 20) - 1023;
  const std::int32_t below = k < 0 ? 1 : 0;
  const double n = static_cast<double>(k + below);
  x = withHighWord(x, (hx & 0x000fffff) | ((0x3ff - below) << 20));
  const double z = n * kLog10Of2Lo + kInvLn10 * jsLog(x);
  return z + n * kLog10Of2Hi;
}

}  // namespace numpool
