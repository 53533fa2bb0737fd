// Math.pow and `**` exactly as the running Node computes them. V8 has had
// two: up to Node 22 its port of fdlibm's pow (ieee754::legacy::pow since
// V8 13), from Node 24 (V8 13.x, flag use_std_math_pow on) ECMAScript's
// special cases followed by the C library's pow, the same library function
// Node calls, so calling it here gives its bits on any platform. Which one
// the running Node uses is found at load (pow_choice.h). Plain IEEE double
// operations: compile with -ffp-contract=off.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

#include "fdlibm_exp.h"  // word access, exp's polynomial

namespace numpool {

namespace fdlibm {
// log2(1.5) in two pieces (the high one with 32 zero bits at the bottom).
inline constexpr double kLog2OfOneAndAHalfHi = 0x1.2b80340000000p-1;
inline constexpr double kLog2OfOneAndAHalfLo = 0x1.cfdeb43cfd006p-27;
// (3/2) (log(x) - 2s - 2/3 s^3) in s^2, for s = (x - 1)/(x + 1).
inline constexpr double kPowL1 = 0x1.3333333333303p-1;
inline constexpr double kPowL2 = 0x1.b6db6db6fabffp-2;
inline constexpr double kPowL3 = 0x1.55555518f264dp-2;
inline constexpr double kPowL4 = 0x1.17460a91d4101p-2;
inline constexpr double kPowL5 = 0x1.d864a93c9db65p-3;
inline constexpr double kPowL6 = 0x1.a7e284a454eefp-3;
// ln2 as a high part with 32 zero bits at the bottom and the rest.
inline constexpr double kPowLn2Hi = 0x1.62e4300000000p-1;
inline constexpr double kPowLn2Lo = -0x1.05c610ca86c39p-29;
// How far above 1024 log2 of the largest double lets z's tail go.
inline constexpr double kPowOverflowTail = 0x1.71547652b82fep-54;
// 2/(3 ln2), whole and as a high piece plus tail.
inline constexpr double kTwoThirdsOverLn2 = 0x1.ec709dc3a03fdp-1;
inline constexpr double kTwoThirdsOverLn2Hi = 0x1.ec709e0000000p-1;
inline constexpr double kTwoThirdsOverLn2Lo = -0x1.e2fe0145b01f5p-28;
inline constexpr double kInvLn2Hi = 0x1.7154760000000p+0;
inline constexpr double kInvLn2Lo = 0x1.4ae0bf85ddf44p-26;
inline constexpr double kHuge = 1.0e300;
inline constexpr double kTiny = 1.0e-300;

template <class T>
[[gnu::always_inline]] inline T powLogPolynomial(T s2) {
  return s2 * s2 *
         (kPowL1 +
          s2 * (kPowL2 +
                s2 * (kPowL3 + s2 * (kPowL4 + s2 * (kPowL5 + s2 * kPowL6)))));
}
// 2^(hi + lo) / 2^n for the reduced |hi + lo| <= 1/2, before scaling by
// 2^n: exp(z) with z = (hi + lo) * ln2 split so that its high part's
// product is exact. clearLow zeroes a double's 32 low bits.
template <class T, class ClearLow>
[[gnu::always_inline]] inline T powExp2(T hi, T lo, ClearLow clearLow) {
  const T t = clearLow(lo + hi);
  const T u = t * kPowLn2Hi;
  const T v = (lo - (t - hi)) * kLn2 + t * kPowLn2Lo;
  const T z = u + v;
  const T w = v - (z - u);
  const T zz = z * z;
  const T c =
      z - zz * (kExpP1 +
                zz * (kExpP2 + zz * (kExpP3 + zz * (kExpP4 + zz * kExpP5))));
  const T r = (z * c) / ((c - 2.0) - (w + z * w));
  return 1.0 - (r - z);
}

// log2 of the normalized ax in two pieces, hi with 32 zero bits at the
// bottom: bp (1 or 1.5) is the point ax is reduced around, tHi = ax + bp cut
// to its high word, log2(bp) = dpHi + dpLo, n the exponent taken out.
template <class T>
struct Log2 {
  T hi;
  T lo;
};
template <class T, class ClearLow>
[[gnu::always_inline]] inline Log2<T> powLog2(T ax, T bp, T tHi, T dpHi, T dpLo,
                                              T n, ClearLow clearLow) {
  const T u = ax - bp;
  const T v = 1.0 / (ax + bp);
  const T ss = u * v;
  const T sHi = clearLow(ss);
  const T tLo = ax - (tHi - bp);
  const T sLo = v * ((u - sHi * tHi) - sHi * tLo);
  T r = powLogPolynomial(ss * ss);
  r += sLo * (sHi + ss);
  const T s2 = sHi * sHi;
  const T t3Hi = clearLow(3.0 + s2 + r);
  const T t3Lo = r - ((t3Hi - 3.0) - s2);
  const T pu = sHi * t3Hi;
  const T pv = sLo * t3Hi + t3Lo * ss;
  const T pHi = clearLow(pu + pv);
  const T pLo = pv - (pHi - pu);
  const T zHi = kTwoThirdsOverLn2Hi * pHi;
  const T zLo = kTwoThirdsOverLn2Lo * pHi + pLo * kTwoThirdsOverLn2 + dpLo;
  const T hi = clearLow(((zHi + zLo) + dpHi) + n);
  return {hi, zLo - (((hi - n) - dpHi) - zHi)};
}
// log2(ax) for ax within 2^-20 of 1 (taken when |y| > 2^31): the series of
// log in t = ax - 1, which has 20 zero bits.
template <class T, class ClearLow>
[[gnu::always_inline]] inline Log2<T> powLog2NearOne(T ax, ClearLow clearLow) {
  const T t = ax - 1.0;
  const T w = (t * t) * (0.5 - t * (0.3333333333333333333333 - t * 0.25));
  const T u = kInvLn2Hi * t;
  const T v = t * kInvLn2Lo - w * kInvLn2;
  const T hi = clearLow(u + v);
  return {hi, v - (hi - u)};
}
// y * (t1 + t2) = hi + lo with y split like t1; z = hi + lo rounded.
template <class T>
struct Product {
  T hi;
  T lo;
  T z;
};
template <class T, class ClearLow>
[[gnu::always_inline]] inline Product<T> powProduct(T y, T t1, T t2,
                                                    ClearLow clearLow) {
  const T y1 = clearLow(y);
  const T lo = (y - y1) * t1 + y * t2;
  const T hi = y1 * t1;
  return {hi, lo, lo + hi};
}

inline double clearLowWord(double v) { return withLowWord(v, 0); }

// Whether y is an integer, and odd: 0 not an integer, 1 odd, 2 even.
inline int integerKind(double y) {
  const std::int32_t iy = highWord(y) & 0x7fffffff;
  const std::uint32_t ly = lowWord(y);
  if (iy >= 0x43400000) return 2;  // |y| >= 2^53
  if (iy < 0x3ff00000) return 0;
  const int k = (iy >> 20) - 0x3ff;
  if (k > 20) {
    const std::uint32_t j = ly >> (52 - k);
    return (j << (52 - k)) == ly ? 2 - static_cast<int>(j & 1) : 0;
  }
  if (ly != 0) return 0;
  const std::int32_t j = iy >> (20 - k);
  return (j << (20 - k)) == iy ? 2 - (j & 1) : 0;
}
}  // namespace fdlibm

// fdlibm's pow as V8's legacy::pow has it: log2|x| to about 64 bits in two
// pieces, times y in two pieces, then 2^ of that.
inline double jsPowFdlibm(double x, double y) {
  using namespace fdlibm;
  const std::int32_t hx = highWord(x);
  const std::int32_t hy = highWord(y);
  const std::uint32_t lx = lowWord(x);
  const std::uint32_t ly = lowWord(y);
  std::int32_t ix = hx & 0x7fffffff;
  const std::int32_t iy = hy & 0x7fffffff;
  if ((iy | ly) == 0) return 1.0;                    // x ** +-0
  if (std::isnan(x) || std::isnan(y)) return x + y;  // JS: 1 ** NaN too
  const int yKind = hx < 0 ? integerKind(y) : 0;
  if (ly == 0) {
    if (iy == 0x7ff00000) {                             // y = +-Infinity
      if (((ix - 0x3ff00000) | lx) == 0) return y - y;  // +-1: NaN
      if (ix >= 0x3ff00000) return hy >= 0 ? y : 0.0;
      return hy < 0 ? -y : 0.0;
    }
    if (iy == 0x3ff00000) return hy < 0 ? 1.0 / x : x;     // y = +-1
    if (hy == 0x40000000) return x * x;                    // y = 2
    if (hy == 0x3fe00000 && hx >= 0) return std::sqrt(x);  // y = 0.5
  }
  double ax = std::fabs(x);
  if (lx == 0 && (ix == 0x7ff00000 || ix == 0 || ix == 0x3ff00000)) {
    // x = +-0, +-Infinity, +-1: 1/|x| or |x|, signed for odd y.
    double z = hy < 0 ? 1.0 / ax : ax;
    if (hx < 0) {
      if (ix == 0x3ff00000 && yKind == 0)
        z = std::numeric_limits<double>::quiet_NaN();
      else if (yKind == 1)
        z = -z;
    }
    return z;
  }
  if (hx < 0 && yKind == 0) return std::numeric_limits<double>::quiet_NaN();
  const double sign = hx < 0 && yKind == 1 ? -1.0 : 1.0;

  // log2|x| = t1 + t2, t1 with 32 zero bits at the bottom.
  double t1;
  double t2;
  if (iy > 0x41e00000) {    // |y| > 2^31
    if (iy > 0x43f00000) {  // |y| > 2^64: overflow or underflow
      if (ix <= 0x3fefffff) return hy < 0 ? kHuge * kHuge : kTiny * kTiny;
      if (ix >= 0x3ff00000) return hy > 0 ? kHuge * kHuge : kTiny * kTiny;
    }
    // Unless |x| is within 2^-20 of 1, the same.
    if (ix < 0x3fefffff)
      return hy < 0 ? sign * kHuge * kHuge : sign * kTiny * kTiny;
    if (ix > 0x3ff00000)
      return hy > 0 ? sign * kHuge * kHuge : sign * kTiny * kTiny;
    const Log2<double> l = powLog2NearOne(ax, clearLowWord);
    t1 = l.hi;
    t2 = l.lo;
  } else {
    std::int32_t n = 0;
    if (ix < 0x00100000) {  // subnormal: scale into the normal range
      ax *= 0x1p53;
      n -= 53;
      ix = highWord(ax);
    }
    n += (ix >> 20) - 0x3ff;
    const std::int32_t j = ix & 0x000fffff;
    // ax to [1, sqrt(3/2)] (k = 0) or (sqrt(3/2), sqrt(3)) (k = 1, around
    // 1.5); above sqrt(3), halve it.
    ix = j | 0x3ff00000;
    int k = 0;
    if (j > 0x3988e) {
      if (j < 0xbb67a) {
        k = 1;
      } else {
        n += 1;
        ix -= 0x00100000;
      }
    }
    ax = withHighWord(ax, ix);
    // ax + bp to its high word, exactly.
    const double tHi =
        fromWords(((ix >> 1) | 0x20000000) + 0x00080000 + (k << 18), 0);
    const Log2<double> l = powLog2(ax, k == 1 ? 1.5 : 1.0, tHi,
                                   k == 1 ? kLog2OfOneAndAHalfHi : 0.0,
                                   k == 1 ? kLog2OfOneAndAHalfLo : 0.0,
                                   static_cast<double>(n), clearLowWord);
    t1 = l.hi;
    t2 = l.lo;
  }

  const Product<double> p = powProduct(y, t1, t2, clearLowWord);
  const double pLo = p.lo;
  double pHi = p.hi;
  const double z = p.z;
  const std::int32_t j = highWord(z);
  const std::int32_t i = static_cast<std::int32_t>(lowWord(z));
  if (j >= 0x40900000) {  // z >= 1024
    if (((j - 0x40900000) | i) != 0 || pLo + kPowOverflowTail > z - pHi)
      return sign * kHuge * kHuge;
  } else if ((j & 0x7fffffff) >= 0x4090cc00) {  // z <= -1075
    if (((j - static_cast<std::int32_t>(0xc090cc00)) | i) != 0 ||
        pLo <= z - pHi)
      return sign * kTiny * kTiny;
  }
  // n = z rounded to the nearest integer, halves away from 0 (fdlibm adds
  // 1/2 to |z|'s high word and cuts its fraction off), taken out of pHi.
  std::int32_t n = 0;
  if ((j & 0x7fffffff) > 0x3fe00000) {  // |z| > 1/2
    const double whole = std::copysign(std::floor(std::fabs(z) + 0.5), z);
    n = static_cast<std::int32_t>(whole);
    pHi -= whole;
  }
  const double scaled = powExp2(pHi, pLo, clearLowWord);
  const std::int32_t high =
      highWord(scaled) +
      static_cast<std::int32_t>(static_cast<std::uint32_t>(n) << 20);
  if ((high >> 20) <= 0) return sign * std::scalbn(scaled, n);  // subnormal
  return sign * withHighWord(scaled, high);
}

// Node 24 onwards: ECMAScript's special cases where C's pow differs (a NaN
// exponent, +-1 ** +-Infinity), the two exponents V8's optimizing compilers
// inline (2 and 0.5), and the C library's pow for the rest.
inline double jsPowLibm(double x, double y) {
  if (std::isnan(y)) return std::numeric_limits<double>::quiet_NaN();
  if (std::isinf(y) && (x == 1 || x == -1))
    return std::numeric_limits<double>::quiet_NaN();
  // C's pow(NaN, 0) is 1 for a quiet NaN, NaN for a signaling one.
  if (std::isnan(x)) x = std::numeric_limits<double>::quiet_NaN();
  if (y == 2) return x * x;
  if (y == 0.5)
    return std::isinf(x) ? std::numeric_limits<double>::infinity()
                         : std::sqrt(x + 0.0);  // +0 for -0 ** 0.5
  return std::pow(x, y);
}

}  // namespace numpool
