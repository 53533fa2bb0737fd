// Math.exp and Math.expm1 exactly as V8 computes them: its ports of fdlibm's
// exp and expm1, not the platform libm (which rounds differently on some
// inputs). Both reduce x = k*ln2 + r with |r| <= ln2/2, ln2 split in two so
// that k*ln2Hi is exact, approximate on r and scale by 2^k. Plain IEEE
// double operations only: compile with -ffp-contract=off.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

#include "fdlibm_log.h"  // word access, ln2 split in two

namespace numpool {

namespace fdlibm {
inline constexpr double kInvLn2 = 1.44269504088896338700e+00;
// exp overflows to +Infinity above kExpOverflow, underflows to +0 below
// kExpUnderflow.
inline constexpr double kExpOverflow = 7.09782712893383973096e+02;
inline constexpr double kExpUnderflow = -7.45133219101941108420e+02;
inline constexpr double kExpP1 = 1.66666666666666019037e-01;
inline constexpr double kExpP2 = -2.77777777770155933842e-03;
inline constexpr double kExpP3 = 6.61375632143793436117e-05;
inline constexpr double kExpP4 = -1.65339022054652515390e-06;
inline constexpr double kExpP5 = 4.13813679705723846039e-08;
inline constexpr double kTwo1023 = 8.988465674311579539e307;
inline constexpr double kTwoM1000 = 9.33263618503218878990e-302;
// expm1's coefficients, scaled by 2^i for a polynomial in x*x/2.
inline constexpr double kExpm1Q1 = -3.33333333333331316428e-02;
inline constexpr double kExpm1Q2 = 1.58730158725481460165e-03;
inline constexpr double kExpm1Q3 = -7.93650757867487942473e-05;
inline constexpr double kExpm1Q4 = 4.00821782732936239552e-06;
inline constexpr double kExpm1Q5 = -2.01099218183624371326e-07;

// 2^k for k in the normal exponent range [-1022, 1023].
inline double twoToThe(std::int32_t k) {
  return fromWords((0x3ff + k) << 20, 0);
}

// y * 2^k for the k exp and expm1 reach ([-1075, 1024]), multiplied in
// fdlibm's order: out of the normal range of 2^k through 2^1023 or
// 2^-1000, so that a subnormal result rounds once, where fdlibm's does.
inline double scaleByTwoToThe(double y, std::int32_t k) {
  if (k < -1021) return y * twoToThe(k + 1000) * kTwoM1000;
  if (k == 1024) return y * 2.0 * kTwo1023;
  return y * twoToThe(k);
}

// x = k*ln2 + (hi - lo) for ln2/2 < |x| <= 745.2, with |hi - lo| <= ln2/2
// and k*ln2Hi exact.
struct ExpReduction {
  std::int32_t k;
  double hi;
  double lo;
};
inline ExpReduction reduceForExp(double x) {
  const bool negative = highWord(x) < 0;
  if ((highWord(x) & 0x7fffffff) < 0x3ff0a2b2)  // |x| < 1.5*ln2: k = +-1
    return negative ? ExpReduction{-1, x + kLn2Hi, -kLn2Lo}
                    : ExpReduction{1, x - kLn2Hi, kLn2Lo};
  const auto k =
      static_cast<std::int32_t>(kInvLn2 * x + (negative ? -0.5 : 0.5));
  const double dk = k;
  return {k, x - dk * kLn2Hi, dk * kLn2Lo};
}

// exp(hi - lo) for |hi - lo| <= ln2/2, where hi - lo is the reduced
// argument and lo the part of k*ln2 that hi lacks. fdlibm writes the k == 0
// case (lo == 0) as 1 - (x*c/(c - 2) - x); this form rounds identically
// there (0 - v == -v and dividing by -(2 - c) only flips the sign), so one
// form serves scalar and vector code.
template <class T>
[[gnu::always_inline]] inline T expOfReduced(T hi, T lo) {
  const T r = hi - lo;
  const T t = r * r;
  const T c = r - t * (kExpP1 +
                       t * (kExpP2 + t * (kExpP3 + t * (kExpP4 + t * kExpP5))));
  return 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
}
}  // namespace fdlibm

inline double jsExp(double x) {
  using namespace fdlibm;
  const bool negative = highWord(x) < 0;
  const std::int32_t ix = highWord(x) & 0x7fffffff;
  if (ix >= 0x40862e42) {  // |x| >= 709.78: near or past the range's ends
    if (std::isnan(x)) return x + x;
    if (ix >= 0x7ff00000) return negative ? 0.0 : x;
    if (x > kExpOverflow) return std::numeric_limits<double>::infinity();
    if (x < kExpUnderflow) return 0.0;
  }
  if (ix < 0x3e300000) return 1.0 + x;                // |x| < 2^-28
  if (ix <= 0x3fd62e42) return expOfReduced(x, 0.0);  // |x| <= ln2/2: k = 0
  // V8 answers e itself; the formula is one ulp off at x = 1.
  if (x == 1.0) return 2.718281828459045;
  const auto [k, hi, lo] = reduceForExp(x);
  return scaleByTwoToThe(expOfReduced(hi, lo), k);
}

inline double jsExpm1(double x) {
  using namespace fdlibm;
  const bool negative = highWord(x) < 0;
  const std::int32_t ix = highWord(x) & 0x7fffffff;
  if (ix >= 0x4043687a) {  // |x| >= 56*ln2
    if (std::isnan(x)) return x + x;
    if (ix >= 0x7ff00000) return negative ? -1.0 : x;
    if (x > kExpOverflow) return std::numeric_limits<double>::infinity();
    if (negative) return -1.0;  // exp(x) is below half an ulp of 1
  }
  if (ix < 0x3c900000) return x;  // |x| < 2^-54
  std::int32_t k = 0;
  double c = 0.0;         // the rounding error of the reduced argument
  if (ix > 0x3fd62e42) {  // |x| > ln2/2
    const ExpReduction reduced = reduceForExp(x);
    k = reduced.k;
    x = reduced.hi - reduced.lo;
    c = (reduced.hi - x) - reduced.lo;
  }
  const double hfx = 0.5 * x;
  const double hxs = x * hfx;
  const double r1 =
      1.0 +
      hxs * (kExpm1Q1 +
             hxs * (kExpm1Q2 +
                    hxs * (kExpm1Q3 + hxs * (kExpm1Q4 + hxs * kExpm1Q5))));
  const double t = 3.0 - r1 * hfx;
  double e = hxs * ((r1 - t) / (6.0 - x * t));
  if (k == 0) return x - (x * e - hxs);
  e = x * (e - c) - c;
  e -= hxs;
  if (k == -1) return 0.5 * (x - e) - 0.5;
  if (k == 1) return x < -0.25 ? -2.0 * (e - (x + 0.5)) : 1.0 + 2.0 * (x - e);
  if (k <= -2 || k > 56) return scaleByTwoToThe(1.0 - (e - x), k) - 1.0;
  // Subtract 1 before scaling, as 2^-k folded in where it is exact.
  if (k < 20) {
    const double oneLessTwoToMinusK =
        fromWords(0x3ff00000 - (0x200000 >> k), 0);
    return (oneLessTwoToMinusK - (e - x)) * twoToThe(k);
  }
  return ((x - (e + twoToThe(-k))) + 1.0) * twoToThe(k);
}

}  // namespace numpool
