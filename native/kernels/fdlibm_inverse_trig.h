// Math.asin, acos, atan and atan2 exactly as V8 computes them: its ports of
// fdlibm. asin and acos share one rational approximation of
// (asin(x) - x)/x^3 on [0, 1/2] and reach the rest through
// asin(x) = pi/2 - 2*asin(sqrt((1 - x)/2)); atan reduces to five intervals
// around atan(0), atan(1/2), atan(1), atan(3/2) and atan(inf). Plain IEEE
// double operations only: compile with -ffp-contract=off.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

#include "fdlibm_log.h"  // word access

namespace numpool {

namespace fdlibm {
inline constexpr double kPi = 3.14159265358979311600e+00;
inline constexpr double kPiLo = 1.2246467991473531772e-16;  // pi - kPi
inline constexpr double kPiOver2Hi = 1.57079632679489655800e+00;
inline constexpr double kPiOver2Lo = 6.12323399573676603587e-17;
inline constexpr double kPiOver4Hi = 7.85398163397448278999e-01;

// p(z)/q(z) ~ (asin(x) - x)/x^3 with z = x^2, x in [0, 1/2].
inline double asinRational(double z) {
  constexpr double kP0 = 1.66666666666666657415e-01;
  constexpr double kP1 = -3.25565818622400915405e-01;
  constexpr double kP2 = 2.01212532134862925881e-01;
  constexpr double kP3 = -4.00555345006794114027e-02;
  constexpr double kP4 = 7.91534994289814532176e-04;
  constexpr double kP5 = 3.47933107596021167570e-05;
  constexpr double kQ1 = -2.40339491173441421878e+00;
  constexpr double kQ2 = 2.02094576023350569471e+00;
  constexpr double kQ3 = -6.88283971605453293030e-01;
  constexpr double kQ4 = 7.70381505559019352791e-02;
  const double p =
      z * (kP0 + z * (kP1 + z * (kP2 + z * (kP3 + z * (kP4 + z * kP5)))));
  const double q = 1.0 + z * (kQ1 + z * (kQ2 + z * (kQ3 + z * kQ4)));
  return p / q;
}

// sqrt(z) as a head with a zero low word (exact when doubled or squared)
// and the tail c with head + c ~ sqrt(z), for s = sqrt(z).
struct SplitRoot {
  double head;
  double tail;
};
inline SplitRoot splitRoot(double z, double s) {
  const double head = withLowWord(s, 0);
  return {head, (z - head * head) / (s + head)};
}
}  // namespace fdlibm

inline double jsAsin(double x) {
  using namespace fdlibm;
  const std::int32_t ix = highWord(x) & 0x7fffffff;
  if (ix >= 0x3ff00000) {  // |x| >= 1, or NaN
    if (std::fabs(x) == 1.0) return x * kPiOver2Hi + x * kPiOver2Lo;
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (ix < 0x3fe00000) {            // |x| < 1/2
    if (ix < 0x3e400000) return x;  // |x| < 2^-27
    return x + x * asinRational(x * x);
  }
  const double z = (1.0 - std::fabs(x)) * 0.5;
  const double s = std::sqrt(z);
  double result;
  if (ix >= 0x3fef3333) {  // |x| > 0.975
    result = kPiOver2Hi - (2.0 * (s + s * asinRational(z)) - kPiOver2Lo);
  } else {
    const auto [head, tail] = splitRoot(z, s);
    const double p = 2.0 * s * asinRational(z) - (kPiOver2Lo - 2.0 * tail);
    const double q = kPiOver4Hi - 2.0 * head;
    result = kPiOver4Hi - (p - q);
  }
  return highWord(x) > 0 ? result : -result;
}

inline double jsAcos(double x) {
  using namespace fdlibm;
  const std::int32_t hx = highWord(x);
  const std::int32_t ix = hx & 0x7fffffff;
  if (ix >= 0x3ff00000) {  // |x| >= 1, or NaN
    if (std::fabs(x) == 1.0) return hx > 0 ? 0.0 : kPi + 2.0 * kPiOver2Lo;
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (ix < 0x3fe00000) {                                   // |x| < 1/2
    if (ix <= 0x3c600000) return kPiOver2Hi + kPiOver2Lo;  // |x| <= 2^-57
    return kPiOver2Hi - (x - (kPiOver2Lo - x * asinRational(x * x)));
  }
  if (hx < 0) {  // x < -1/2
    const double z = (1.0 + x) * 0.5;
    const double s = std::sqrt(z);
    const double w = asinRational(z) * s - kPiOver2Lo;
    return kPi - 2.0 * (s + w);
  }
  const double z = (1.0 - x) * 0.5;  // x > 1/2
  const double s = std::sqrt(z);
  const auto [head, tail] = splitRoot(z, s);
  return 2.0 * (head + (asinRational(z) * s + tail));
}

inline double jsAtan(double x) {
  using namespace fdlibm;
  // atan at 1/2, 1, 3/2 and infinity, each as a head and a tail.
  constexpr double kAtanHi[] = {4.63647609000806093515e-01,
                                7.85398163397448278999e-01,
                                9.82793723247329054082e-01, kPiOver2Hi};
  constexpr double kAtanLo[] = {2.26987774529616870924e-17,
                                3.06161699786838301793e-17,
                                1.39033110312309984516e-17, kPiOver2Lo};
  constexpr double kT[] = {
      3.33333333333329318027e-01, -1.99999999998764832476e-01,
      1.42857142725034663711e-01, -1.11111104054623557880e-01,
      9.09088713343650656196e-02, -7.69187620504482999495e-02,
      6.66107313738753120669e-02, -5.83357013379057348645e-02,
      4.97687799461593236017e-02, -3.65315727442169155270e-02,
      1.62858201153657823623e-02};
  const std::int32_t hx = highWord(x);
  const std::int32_t ix = hx & 0x7fffffff;
  if (ix >= 0x44100000) {  // |x| >= 2^66, or NaN
    if (std::isnan(x)) return x + x;
    return hx > 0 ? kAtanHi[3] + kAtanLo[3] : -kAtanHi[3] - kAtanLo[3];
  }
  int id = -1;  // which interval; -1: |x| < 7/16, no reduction
  if (ix < 0x3fdc0000) {
    if (ix < 0x3e400000) return x;  // |x| < 2^-27
  } else {
    x = std::fabs(x);
    if (ix < 0x3fe60000) {  // 7/16 <= |x| < 11/16
      id = 0;
      x = (2.0 * x - 1.0) / (2.0 + x);
    } else if (ix < 0x3ff30000) {  // 11/16 <= |x| < 19/16
      id = 1;
      x = (x - 1.0) / (x + 1.0);
    } else if (ix < 0x40038000) {  // 19/16 <= |x| < 39/16
      id = 2;
      x = (x - 1.5) / (1.0 + 1.5 * x);
    } else {
      id = 3;
      x = -1.0 / x;
    }
  }
  const double z = x * x;
  const double w = z * z;
  // The odd and even halves of the polynomial in z, evaluated apart.
  const double s1 =
      z * (kT[0] +
           w * (kT[2] + w * (kT[4] + w * (kT[6] + w * (kT[8] + w * kT[10])))));
  const double s2 =
      w * (kT[1] + w * (kT[3] + w * (kT[5] + w * (kT[7] + w * kT[9]))));
  if (id < 0) return x - x * (s1 + s2);
  const double result = kAtanHi[id] - ((x * (s1 + s2) - kAtanLo[id]) - x);
  return hx < 0 ? -result : result;
}

inline double jsAtan2(double y, double x) {
  using namespace fdlibm;
  if (std::isnan(x) || std::isnan(y)) return x + y;
  if (x == 1.0) return jsAtan(y);
  const std::int32_t hx = highWord(x);
  const std::int32_t hy = highWord(y);
  const std::int32_t ix = hx & 0x7fffffff;
  const std::int32_t iy = hy & 0x7fffffff;
  const bool yNegative = hy < 0;
  const bool xNegative = hx < 0;
  const auto withSignOfY = [yNegative](double v) { return yNegative ? -v : v; };
  if (y == 0.0) return xNegative ? withSignOfY(kPi) : y;
  if (x == 0.0) return withSignOfY(kPiOver2Hi);
  if (ix == 0x7ff00000) {  // x is +-Infinity
    if (iy == 0x7ff00000)
      return withSignOfY(xNegative ? 3.0 * kPiOver4Hi : kPiOver4Hi);
    return withSignOfY(xNegative ? kPi : 0.0);
  }
  if (iy == 0x7ff00000) return withSignOfY(kPiOver2Hi);
  const std::int32_t k = (iy - ix) >> 20;  // about log2 |y/x|
  double z;
  if (k > 60) {  // |y/x| > 2^60: the quadrant's pi/2, whatever x's sign
    return withSignOfY(kPiOver2Hi + 0.5 * kPiLo);
  } else if (xNegative && k < -60) {
    z = 0.0;
  } else {
    z = jsAtan(std::fabs(y / x));
  }
  if (!xNegative) return withSignOfY(z);
  return yNegative ? (z - kPiLo) - kPi : kPi - (z - kPiLo);
}

}  // namespace numpool
