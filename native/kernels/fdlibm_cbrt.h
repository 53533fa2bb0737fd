// Math.cbrt exactly as V8 computes it: its port of FreeBSD's fdlibm cbrt.
// A first guess from the exponent divided by 3 in integer arithmetic, a
// polynomial step to 23 bits, rounding to 23 bits away from zero, then one
// Newton step to 53 bits. Plain IEEE double operations only: compile with
// -ffp-contract=off.
#pragma once

#include <bit>
#include <cstdint>

#include "fdlibm_log.h"  // word access

namespace numpool {

inline double jsCbrt(double x) {
  using namespace fdlibm;
  // 2^20 * (1023 - 1023/3 - 0.03306235651), and with 54/3 less for inputs
  // scaled up by 2^54: the biased exponent divided by 3, less a bias that
  // halves the guess's worst error.
  constexpr std::uint32_t kBias = 715094163;
  constexpr std::uint32_t kBiasScaled = 696219795;
  // p(r) ~ 1/cbrt(r) for r near 1, within 2^-23.5.
  constexpr double kP0 = 1.87595182427177009643;
  constexpr double kP1 = -1.88497979543377169875;
  constexpr double kP2 = 1.621429720105354466140;
  constexpr double kP3 = -0.758397934778766047437;
  constexpr double kP4 = 0.145996192886612446982;
  const std::uint32_t sign =
      static_cast<std::uint32_t>(highWord(x)) & 0x80000000u;
  const std::uint32_t ix = static_cast<std::uint32_t>(highWord(x)) ^ sign;
  if (ix >= 0x7ff00000) return x + x;  // +-Infinity, or NaN
  double t;
  if (ix < 0x00100000) {  // zero or subnormal
    if ((ix | lowWord(x)) == 0) return x;
    const std::uint32_t scaled =
        static_cast<std::uint32_t>(highWord(x * 0x1p54)) & 0x7fffffff;
    t = fromWords(static_cast<std::int32_t>(sign | (scaled / 3 + kBiasScaled)),
                  0);
  } else {
    t = fromWords(static_cast<std::int32_t>(sign | (ix / 3 + kBias)), 0);
  }
  const double r = (t * t) * (t / x);
  t = t * ((kP0 + r * (kP1 + r * kP2)) + ((r * r) * r) * (kP3 + r * kP4));
  // Round to 23 bits, away from zero, so that t*t is exact.
  t = std::bit_cast<double>((std::bit_cast<std::uint64_t>(t) + 0x80000000u) &
                            0xffffffffc0000000u);
  const double s = t * t;
  const double q = x / s;
  const double step = (q - t) / ((t + t) + q);
  return t + t * step;
}

}  // namespace numpool
