// Math.sin, Math.cos and Math.tan exactly as V8 computes them: its fdlibm
// port (src/base/ieee754.cc). Node's builds leave V8_USE_LIBM_TRIG_FUNCTIONS
// (the glibc-derived sin/cos) off; measured on x64, Node 20, 22, 24 and 26
// return these bits and differ from glibc's on ~3% of inputs (arm64's
// Node, compiled with fused multiply-adds, differs on ~1%). Arguments
// are reduced to r = x - n*pi/2 in [-pi/4, pi/4] as a sum hi + lo: near
// zero not at all, up to 2^19*pi/2 with pi/2 in three 33-bit pieces (Cody
// and Waite), beyond that with 2/pi to 1584 bits (Payne and Hanek). Compile
// with -ffp-contract=off, as every file here.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "fdlibm_log.h"

namespace numpool {

namespace fdlibm {
// 2/pi's fraction in 24-bit pieces, and pi/2 in 24-bit pieces: the
// precision the large-argument reduction needs.
inline constexpr std::array<std::int32_t, 66> kTwoOverPiBits{
    0xA2F983, 0x6E4E44, 0x1529FC, 0x2757D1, 0xF534DD, 0xC0DB62, 0x95993C,
    0x439041, 0xFE5163, 0xABDEBB, 0xC561B7, 0x246E3A, 0x424DD2, 0xE00649,
    0x2EEA09, 0xD1921C, 0xFE1DEB, 0x1CB129, 0xA73EE8, 0x8235F5, 0x2EBB44,
    0x84E99C, 0x7026B4, 0x5F7E41, 0x3991D6, 0x398353, 0x39F49C, 0x845F8B,
    0xBDF928, 0x3B1FF8, 0x97FFDE, 0x05980F, 0xEF2F11, 0x8B5A0A, 0x6D1F6D,
    0x367ECF, 0x27CB09, 0xB74F46, 0x3F669E, 0x5FEA2D, 0x7527BA, 0xC7EBE5,
    0xF17B3D, 0x0739F7, 0x8A5292, 0xEA6BFB, 0x5FB11F, 0x8D5D08, 0x560330,
    0x46FC7B, 0x6BABF0, 0xCFBC20, 0x9AF436, 0x1DA9E3, 0x91615E, 0xE61B08,
    0x659985, 0x5F14A0, 0x68408D, 0xFFD880, 0x4D7327, 0x310606, 0x1556CA,
    0x73A8C9, 0x60E27B, 0xC08C6B};
inline constexpr std::array<double, 8> kPiOver2Pieces{
    0x1.921fb4p+0,  0x1.4442dp-24,   0x1.846988p-48,  0x1.8cc516p-72,
    0x1.01b838p-96, 0x1.a25204p-120, 0x1.382228p-145, 0x1.9f31dp-169};

inline constexpr double kTwo24 = 0x1p24;
inline constexpr double kTwoM24 = 0x1p-24;
inline constexpr double kTwoOverPi = 0x1.45f306dc9c883p-1;
inline constexpr double kPiOver2 = 0x1.921fb54442d18p+0;
// pi/2 = kPio2[i] + kPio2Tail[i] to 33 + 53 bits, 66 + 53, 99 + 53.
inline constexpr std::array<double, 3> kPio2{0x1.921fb544p+0, 0x1.0b4611a6p-34,
                                             0x1.3198a2ep-69};
inline constexpr std::array<double, 3> kPio2Tail{
    0x1.0b4611a626331p-34, 0x1.3198a2e037073p-69, 0x1.b839a252049c1p-104};

inline constexpr double kS1 = -0x1.5555555555549p-3;
inline constexpr double kS2 = 0x1.111111110f8a6p-7;
inline constexpr double kS3 = -0x1.a01a019c161d5p-13;
inline constexpr double kS4 = 0x1.71de357b1fe7dp-19;
inline constexpr double kS5 = -0x1.ae5e68a2b9cebp-26;
inline constexpr double kS6 = 0x1.5d93a5acfd57cp-33;
inline constexpr double kC1 = 0x1.555555555554cp-5;
inline constexpr double kC2 = -0x1.6c16c16c15177p-10;
inline constexpr double kC3 = 0x1.a01a019cb1590p-16;
inline constexpr double kC4 = -0x1.27e4f809c52adp-22;
inline constexpr double kC5 = 0x1.1ee9ebdb4b1c4p-29;
inline constexpr double kC6 = -0x1.8fae9be8838d4p-37;

// High words of |x| that take each reduction: up to pi/4 none, below 3pi/4
// n = +-1, up to 2^19*pi/2 Cody-Waite, then Payne-Hanek.
inline constexpr std::int32_t kPiOver4High = 0x3fe921fb;
inline constexpr std::int32_t kThreePiOver4High = 0x4002d97c;
inline constexpr std::int32_t kMediumHigh = 0x413921fb;
inline constexpr std::int32_t kPiOver2High = 0x3ff921fb;

// a*b - c*d for double or a vector of doubles. In the fused build
// (fma_math.cc) it fuses a*b, as V8's arm64 build does (the scalar fused
// ports, which give its bits, fuse that one): GCC may fuse either product,
// and in the vector ports it picked c*d.
template <class T>
[[gnu::always_inline]] inline T differenceOfProducts(T a, T b, T c, T d) {
#if defined(NUMPOOL_FMA_MATH) && defined(__FP_FAST_FMA)
  const T cd = c * d;
  if constexpr (sizeof(T) == sizeof(double)) {
    return __builtin_fma(a, b, -cd);
  } else {
    T result;
    for (std::size_t i = 0; i < sizeof(T) / sizeof(double); ++i)
      result[i] = __builtin_fma(a[i], b[i], -cd[i]);
    return result;
  }
#else
  return a * b - c * d;
#endif
}

// sin on [-pi/4, pi/4]: x alone (nothing was reduced) and x + y (the
// reduced hi + lo) round differently, so both forms are kept.
template <class T>
[[gnu::always_inline]] inline T sinPolynomial(T x, T& z, T& v) {
  z = x * x;
  v = z * x;
  return kS2 + z * (kS3 + z * (kS4 + z * (kS5 + z * kS6)));
}
template <class T>
[[gnu::always_inline]] inline T sinOfUnreduced(T x) {
  T z, v;
  const T r = sinPolynomial(x, z, v);
  return x + v * (kS1 + z * r);
}
template <class T>
[[gnu::always_inline]] inline T sinOfReduced(T x, T y) {
  T z, v;
  const T r = sinPolynomial(x, z, v);
  return x - ((z * differenceOfProducts(0.5 + T{}, y, v, r) - y) - v * kS1);
}
// cos on [-pi/4, pi/4]. qx, a quarter of x cut to its high word (0.28125
// above 0.78125, 0 below 0.3), keeps 1 - x*x/2 exact: cosQuarter below.
template <class T>
[[gnu::always_inline]] inline T cosOfReduced(T x, T y, T qx) {
  const T z = x * x;
  const T r =
      z * (kC1 + z * (kC2 + z * (kC3 + z * (kC4 + z * (kC5 + z * kC6)))));
  return (1.0 - qx) - ((0.5 * z - qx) - differenceOfProducts(z, r, x, y));
}
inline double cosQuarter(std::int32_t ix) {
  if (ix < 0x3fd33333) return 0;
  if (ix > 0x3fe90000) return 0.28125;
  return withHighWord(0.0, ix - 0x00200000);
}

inline double kernelSin(double x, double y, bool reduced) {
  if ((highWord(x) & 0x7fffffff) < 0x3e400000) return x;  // |x| < 2^-27
  return reduced ? sinOfReduced(x, y) : sinOfUnreduced(x);
}
inline double kernelCos(double x, double y) {
  const std::int32_t ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000) return 1.0;
  return cosOfReduced(x, y, cosQuarter(ix));
}

// Cody-Waite reduction of t = |x| by fn = round(t * 2/pi): one step with
// pi/2's first piece, then more pieces while cancellation ate the bits.
template <class T>
struct CodyWaite {
  T r;   // t - fn * (pi/2 so far)
  T w;   // what is still to subtract
  T hi;  // r - w
};
template <class T>
[[gnu::always_inline]] inline CodyWaite<T> codyWaiteFirst(T t, T fn) {
  const T r = t - fn * kPio2[0];
  const T w = fn * kPio2Tail[0];
  return {r, w, r - w};
}
template <class T>
[[gnu::always_inline]] inline CodyWaite<T> codyWaiteNext(T previous, T fn,
                                                         int piece) {
  const T w0 = fn * kPio2[piece];
  const T r = previous - w0;
  const T w = fn * kPio2Tail[piece] - ((previous - r) - w0);
  return {r, w, r - w};
}
inline std::int32_t exponentOf(double v) { return (highWord(v) >> 20) & 0x7ff; }

// Payne-Hanek for |x| >= 2^19*pi/2 (finite): x, given as `count` 24-bit
// pieces scaled by 2^e0, times 2/pi, skipping the leading bits of 2/pi
// whose products are multiples of 8. Returns n mod 8 and r in y[0] + y[1]:
// fdlibm's __kernel_rem_pio2 at its 64-bit precision, as V8 calls it.
inline int reduceLarge(const double* x, double* y, int e0, int count) {
  constexpr int kTerms = 4;  // terms of 2/pi beyond the first, at first
  const int last = count - 1;
  const int skip = std::max((e0 - 3) / 24, 0);
  int q0 = e0 - 24 * (skip + 1);
  double f[20];
  double q[20];
  std::int32_t iq[20];
  for (int i = 0, j = skip - last; i <= last + kTerms; ++i, ++j)
    f[i] = j < 0 ? 0.0 : static_cast<double>(kTwoOverPiBits[j]);
  const auto product = [&](int i) {
    double sum = 0.0;
    for (int j = 0; j <= last; ++j) sum += x[j] * f[last + i - j];
    return sum;
  };
  for (int i = 0; i <= kTerms; ++i) q[i] = product(i);
  int jz = kTerms;
  int n = 0;
  int ih = 0;
  double z = 0.0;
  for (;;) {
    // The product in 24-bit integer pieces, lowest first in iq.
    z = q[jz];
    for (int i = 0, j = jz; j > 0; ++i, --j) {
      const double high =
          static_cast<double>(static_cast<std::int32_t>(kTwoM24 * z));
      iq[i] = static_cast<std::int32_t>(z - kTwo24 * high);
      z = q[j - 1] + high;
    }
    // Integer part mod 8 into n, fraction into z and iq.
    z = std::scalbn(z, q0);
    z -= 8.0 * std::floor(z * 0.125);
    n = static_cast<std::int32_t>(z);
    z -= static_cast<double>(n);
    ih = 0;
    if (q0 > 0) {
      const std::int32_t i = iq[jz - 1] >> (24 - q0);
      n += i;
      iq[jz - 1] -= i << (24 - q0);
      ih = iq[jz - 1] >> (23 - q0);
    } else if (q0 == 0) {
      ih = iq[jz - 1] >> 23;
    } else if (z >= 0.5) {
      ih = 2;
    }
    if (ih > 0) {  // fraction >= 1/2: take 1 - fraction, n + 1
      n += 1;
      bool borrow = false;
      for (int i = 0; i < jz; ++i) {
        const std::int32_t j = iq[i];
        if (borrow) {
          iq[i] = 0xffffff - j;
        } else if (j != 0) {
          borrow = true;
          iq[i] = 0x1000000 - j;
        }
      }
      if (q0 == 1) iq[jz - 1] &= 0x7fffff;
      if (q0 == 2) iq[jz - 1] &= 0x3fffff;
      if (ih == 2) {
        z = 1.0 - z;
        if (borrow) z -= std::scalbn(1.0, q0);
      }
    }
    if (z != 0.0) break;
    std::int32_t lowBits = 0;
    for (int i = jz - 1; i >= kTerms; --i) lowBits |= iq[i];
    if (lowBits != 0) break;
    // Every bit so far cancelled: more terms of 2/pi.
    int more = 1;
    while (kTerms >= more && iq[kTerms - more] == 0) ++more;
    for (int i = jz + 1; i <= jz + more; ++i) {
      f[last + i] = static_cast<double>(kTwoOverPiBits[skip + i]);
      q[i] = product(i);
    }
    jz += more;
  }
  if (z == 0.0) {  // drop the zero pieces at the bottom
    jz -= 1;
    q0 -= 24;
    while (iq[jz] == 0) {
      jz -= 1;
      q0 -= 24;
    }
  } else {
    z = std::scalbn(z, -q0);
    if (z >= kTwo24) {
      const double high =
          static_cast<double>(static_cast<std::int32_t>(kTwoM24 * z));
      iq[jz] = static_cast<std::int32_t>(z - kTwo24 * high);
      jz += 1;
      q0 += 24;
      iq[jz] = static_cast<std::int32_t>(high);
    } else {
      iq[jz] = static_cast<std::int32_t>(z);
    }
  }
  // Fraction times pi/2, summed from the smallest terms up.
  double scale = std::scalbn(1.0, q0);
  for (int i = jz; i >= 0; --i) {
    q[i] = scale * iq[i];
    scale *= kTwoM24;
  }
  double fq[20] = {};
  for (int i = jz; i >= 0; --i) {
    double sum = 0.0;
    for (int k = 0; k <= kTerms && k <= jz - i; ++k)
      sum += kPiOver2Pieces[k] * q[i + k];
    fq[jz - i] = sum;
  }
  double sum = 0.0;
  for (int i = jz; i >= 0; --i) sum += fq[i];
  y[0] = ih == 0 ? sum : -sum;
  sum = fq[0] - sum;
  for (int i = 1; i <= jz; ++i) sum += fq[i];
  y[1] = ih == 0 ? sum : -sum;
  return n & 7;
}

// tan on [-pi/4, pi/4] of x + y; odd == true gives -1/tan.
inline constexpr std::array<double, 13> kTanCoefficients{
    0x1.5555555555563p-2,  0x1.111111110fe7ap-3,  0x1.ba1ba1bb341fep-5,
    0x1.664f48406d637p-6,  0x1.226e3e96e8493p-7,  0x1.d6d22c9560328p-9,
    0x1.7dbc8fee08315p-10, 0x1.344d8f2f26501p-11, 0x1.026f71a8d1068p-12,
    0x1.47e88a03792a6p-14, 0x1.2b80f32f0a7e9p-14, -0x1.375cbdb605373p-16,
    0x1.b2a7074bf7ad4p-16};
inline constexpr double kPiOver4 = 0x1.921fb54442d18p-1;
inline constexpr double kPiOver4Tail = 0x1.1a62633145c07p-55;

// -1/(x + y) to within an ulp: a 32-bit reciprocal refined once.
inline double minusReciprocalOfSum(double x, double y) {
  const double w = x + y;
  const double z = withLowWord(w, 0);
  const double v = y - (z - x);
  const double a = -1.0 / w;
  const double t = withLowWord(a, 0);
  const double s = 1.0 + t * z;
  return t + a * (s + t * v);
}

inline double kernelTan(double x, double y, int iy) {
  const auto& T = kTanCoefficients;
  const std::int32_t hx = highWord(x);
  const std::int32_t ix = hx & 0x7fffffff;
  if (ix < 0x3e300000) {  // |x| < 2^-28
    if (((ix | static_cast<std::int32_t>(lowWord(x))) | (iy + 1)) == 0)
      return 1.0 / std::fabs(x);
    return iy == 1 ? x : minusReciprocalOfSum(x, y);
  }
  // Above 0.6744, tan(pi/4 - x) = (1 - tan x) / (1 + tan x) instead.
  const bool nearPiOver4 = ix >= 0x3fe59428;
  if (nearPiOver4) {
    if (hx < 0) {
      x = -x;
      y = -y;
    }
    x = (kPiOver4 - x) + (kPiOver4Tail - y);
    y = 0.0;
  }
  const double z = x * x;
  const double w = z * z;
  // x^5 * (T1 + x^4 T3 + ...) + x^5 * (x^2 (T2 + x^4 T4 + ...))
  double r =
      T[1] + w * (T[3] + w * (T[5] + w * (T[7] + w * (T[9] + w * T[11]))));
  const double v =
      z *
      (T[2] + w * (T[4] + w * (T[6] + w * (T[8] + w * (T[10] + w * T[12])))));
  const double s = z * x;
  r = y + z * (s * (r + v) + y);
  r += T[0] * s;
  const double sum = x + r;
  if (nearPiOver4) {
    const double sign = 1 - ((hx >> 30) & 2);
    const double k = iy;
    return sign * (k - 2.0 * (x - (sum * sum / (sum + k) - r)));
  }
  return iy == 1 ? sum : minusReciprocalOfSum(x, r);
}

struct Reduced {
  std::int32_t n;
  double hi;
  double lo;
};

inline Reduced reduceLargeArgument(double x) {
  const std::int32_t hx = highWord(x);
  const std::int32_t ix = hx & 0x7fffffff;
  // The mantissa as three 24-bit pieces, scaled so the first is an integer
  // below 2^24; e0 is the scale.
  const std::int32_t e0 = (ix >> 20) - 1046;
  double z = fromWords(ix - (e0 << 20), lowWord(x));
  double pieces[3];
  for (int i = 0; i < 2; ++i) {
    pieces[i] = static_cast<double>(static_cast<std::int32_t>(z));
    z = (z - pieces[i]) * kTwo24;
  }
  pieces[2] = z;
  int count = 3;
  while (pieces[count - 1] == 0.0) --count;
  double y[2];
  const int n = reduceLarge(pieces, y, e0, count);
  if (hx < 0) return {-n, -y[0], -y[1]};
  return {n, y[0], y[1]};
}

// x - n*pi/2 as hi + lo, for finite |x| > pi/4.
inline Reduced reduceArgument(double x) {
  const std::int32_t hx = highWord(x);
  const std::int32_t ix = hx & 0x7fffffff;
  const double t = std::fabs(x);
  const double sign = hx < 0 ? -1.0 : 1.0;
  if (ix < kThreePiOver4High) {
    // n = +-1; right at pi/2 two pieces, else one.
    CodyWaite<double> c = codyWaiteFirst(t, 1.0);
    if (ix == kPiOver2High) c = codyWaiteNext(c.r, 1.0, 1);
    const double lo = (c.r - c.hi) - c.w;
    return {hx < 0 ? -1 : 1, sign * c.hi, sign * lo};
  }
  if (ix > kMediumHigh) return reduceLargeArgument(x);
  const std::int32_t n = static_cast<std::int32_t>(t * kTwoOverPi + 0.5);
  const double fn = static_cast<double>(n);
  CodyWaite<double> c = codyWaiteFirst(t, fn);
  // Near a small multiple of pi/2 (same high word), or when the first step
  // lost more than 16 bits, cancellation needs the second piece, and past
  // 49 bits the third.
  const bool quick = n < 32 && ix != highWord(fn * kPiOver2);
  if (!quick) {
    const std::int32_t j = ix >> 20;
    if (j - exponentOf(c.hi) > 16) {
      c = codyWaiteNext(c.r, fn, 1);
      if (j - exponentOf(c.hi) > 49) c = codyWaiteNext(c.r, fn, 2);
    }
  }
  const double lo = (c.r - c.hi) - c.w;
  return {hx < 0 ? -n : n, sign * c.hi, sign * lo};
}
}  // namespace fdlibm

inline double jsSin(double x) {
  using namespace fdlibm;
  const std::int32_t ix = highWord(x) & 0x7fffffff;
  if (ix <= kPiOver4High) return kernelSin(x, 0.0, false);
  if (ix >= 0x7ff00000) return x - x;  // NaN for +-Infinity and NaN
  const Reduced r = reduceArgument(x);
  switch (r.n & 3) {
    case 0:
      return kernelSin(r.hi, r.lo, true);
    case 1:
      return kernelCos(r.hi, r.lo);
    case 2:
      return -kernelSin(r.hi, r.lo, true);
    default:
      return -kernelCos(r.hi, r.lo);
  }
}

inline double jsCos(double x) {
  using namespace fdlibm;
  const std::int32_t ix = highWord(x) & 0x7fffffff;
  if (ix <= kPiOver4High) return kernelCos(x, 0.0);
  if (ix >= 0x7ff00000) return x - x;
  const Reduced r = reduceArgument(x);
  switch (r.n & 3) {
    case 0:
      return kernelCos(r.hi, r.lo);
    case 1:
      return -kernelSin(r.hi, r.lo, true);
    case 2:
      return -kernelCos(r.hi, r.lo);
    default:
      return kernelSin(r.hi, r.lo, true);
  }
}

inline double jsTan(double x) {
  using namespace fdlibm;
  const std::int32_t ix = highWord(x) & 0x7fffffff;
  if (ix <= kPiOver4High) return kernelTan(x, 0.0, 1);
  if (ix >= 0x7ff00000) return x - x;
  const Reduced r = reduceArgument(x);
  return kernelTan(r.hi, r.lo, 1 - ((r.n & 1) << 1));
}

}  // namespace numpool
