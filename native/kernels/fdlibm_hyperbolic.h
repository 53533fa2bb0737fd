// Math.sinh, cosh, tanh, asinh, acosh and atanh exactly as V8 computes them:
// its ports of fdlibm, built on the ports of exp and expm1
// (fdlibm_exp.h) and of log and log1p (fdlibm_log.h), each range of the
// argument with the formula that loses least there. Plain IEEE double
// operations only: compile with -ffp-contract=off (fma_math.cc builds the
// fused forms).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

#include "fdlibm_exp.h"
#include "fdlibm_log.h"

namespace numpool {

namespace fdlibm {
// sinh and cosh overflow above this; below it exp(|x|/2)^2/2 is finite.
inline constexpr double kHyperbolicOverflow = 710.4758600739439;
}  // namespace fdlibm

inline double jsSinh(double x) {
  using namespace fdlibm;
  constexpr double kTwoM28 = 3.725290298461914e-9;
  constexpr double kLogOfMax = 709.7822265625;  // high word 0x40862e42
  const double half = x < 0 ? -0.5 : 0.5;
  const double ax = std::fabs(x);
  if (ax < 22) {
    if (ax < kTwoM28) return x;
    const double t = jsExpm1(ax);
    if (ax < 1) return half * (2 * t - t * t / (t + 1));
    return half * (t + t / (t + 1));
  }
  if (ax < kLogOfMax) return half * jsExp(ax);
  if (ax <= kHyperbolicOverflow) {  // exp(ax) would overflow: square a half
    const double w = jsExp(0.5 * ax);
    return half * w * w;
  }
  return x * 1.0e307;  // +-Infinity, or NaN
}

inline double jsCosh(double x) {
  using namespace fdlibm;
  const std::int32_t ix = highWord(x) & 0x7fffffff;
  const double ax = std::fabs(x);
  if (ix < 0x3fd62e43) {  // |x| < ln2/2
    const double t = jsExpm1(ax);
    const double w = 1.0 + t;
    if (ix < 0x3c800000) return w;  // |x| < 2^-55
    return 1.0 + (t * t) / (w + w);
  }
  if (ix < 0x40360000) {  // |x| < 22
    const double t = jsExp(ax);
    return 0.5 * t + 0.5 / t;
  }
  if (ix < 0x40862e42) return 0.5 * jsExp(ax);  // |x| < 709.78
  if (ax <= kHyperbolicOverflow) {
    const double w = jsExp(0.5 * ax);
    return 0.5 * w * w;
  }
  if (std::isnan(x)) return x * x;
  return std::numeric_limits<double>::infinity();
}

inline double jsTanh(double x) {
  using namespace fdlibm;
  const std::int32_t hx = highWord(x);
  const std::int32_t ix = hx & 0x7fffffff;
  if (ix >= 0x7ff00000) return hx >= 0 ? 1.0 / x + 1.0 : 1.0 / x - 1.0;
  double z;
  if (ix < 0x40360000) {            // |x| < 22
    if (ix < 0x3e300000) return x;  // |x| < 2^-28
    if (ix >= 0x3ff00000) {         // |x| >= 1
      z = 1.0 - 2.0 / (jsExpm1(2.0 * std::fabs(x)) + 2.0);
    } else {
      const double t = jsExpm1(-2.0 * std::fabs(x));
      z = -t / (t + 2.0);
    }
  } else {
    z = 1.0;
  }
  return hx >= 0 ? z : -z;
}

inline double jsAsinh(double x) {
  using namespace fdlibm;
  const std::int32_t hx = highWord(x);
  const std::int32_t ix = hx & 0x7fffffff;
  if (ix >= 0x7ff00000) return x + x;  // +-Infinity, or NaN
  if (ix < 0x3e300000) return x;       // |x| < 2^-28
  const double ax = std::fabs(x);
  double w;
  if (ix > 0x41b00000) {  // |x| > 2^28
    w = jsLog(ax) + kLn2;
  } else if (ix > 0x40000000) {  // |x| > 2
#if defined(NUMPOOL_FMA_MATH) && defined(__FP_FAST_FMA)
    // One fused multiply-add, as V8 contracts it; GCC would share x * x
    // with the branch below and fuse neither.
    const double square1 = std::fma(x, x, 1.0);
#else
    const double square1 = x * x + 1.0;
#endif
    w = jsLog(2.0 * ax + 1.0 / (std::sqrt(square1) + ax));
  } else {
    const double t = x * x;
    w = jsLog1p(ax + t / (1.0 + std::sqrt(1.0 + t)));
  }
  return hx > 0 ? w : -w;
}

inline double jsAcosh(double x) {
  using namespace fdlibm;
  const std::int32_t hx = highWord(x);
  if (hx < 0x3ff00000) return std::numeric_limits<double>::quiet_NaN();
  if (hx >= 0x41b00000) return hx >= 0x7ff00000 ? x + x : jsLog(x) + kLn2;
  if (x == 1.0) return 0.0;
  if (hx > 0x40000000)  // x > 2
    return jsLog(2.0 * x - 1.0 / (x + std::sqrt(x * x - 1.0)));
  const double t = x - 1.0;
  return jsLog1p(t + std::sqrt(2.0 * t + t * t));
}

inline double jsAtanh(double x) {
  using namespace fdlibm;
  const std::int32_t hx = highWord(x);
  const double ax = std::fabs(x);
  if (!(ax <= 1.0)) return std::numeric_limits<double>::quiet_NaN();
  if (ax == 1.0) return x * std::numeric_limits<double>::infinity();
  if (ax < 0x1p-28) return x;
  const double t = ax < 0.5
                       ? 0.5 * jsLog1p(2.0 * ax + 2.0 * ax * ax / (1.0 - ax))
                       : 0.5 * jsLog1p((ax + ax) / (1.0 - ax));
  return hx >= 0 ? t : -t;
}

}  // namespace numpool
