// fdlibm's log (fdlibm_log.h) evaluated lane by lane, bit for bit the same.
// Branches become masks: the exponent and mantissa are split with integer
// lane operations, the three polynomial forms (short series near 1, the
// half-square form for mantissas in [1.38, 1.42], the plain form) are all
// computed and the right one is picked per lane, and zeros, negatives,
// infinities and NaN are patched in last. Subnormals are scaled by 2^54 as
// in the scalar code.
//
// fdlibm writes the k == 0 cases as `f - q`; here every lane takes the
// general `dk * ln2Hi - (q' - f)` with dk == 0, which rounds identically:
// 0 - v == -v exactly, and both forms give +0 when they cancel.
#pragma once

#include "fdlibm_log.h"
#include "lanes.h"

namespace numpool::simd {

template <class L>
[[gnu::always_inline]] inline typename L::F vectorLog(typename L::F x) {
  using F = typename L::F;
  using I = typename L::I;
  using U = typename L::U;
  using namespace fdlibm;
  const I bits = reinterpret_cast<I>(x);
  const I isZero = (bits << 1) == 0;
  const I isNegative = bits < 0;
  // Positive subnormals; negative lanes are overridden below anyway.
  const I isSubnormal =
      reinterpret_cast<I>(reinterpret_cast<U>(bits) >> 32) < 0x00100000;
  const F scaled = isSubnormal ? x * kTwo54 : x;
  const I scaledBits = reinterpret_cast<I>(scaled);
  I hx = reinterpret_cast<I>(reinterpret_cast<U>(scaledBits) >> 32);
  const I isInfOrNaN = hx >= 0x7ff00000;
  // hx and i are never negative: logical shifts, which SSE2 and AVX2 have
  // for 64-bit lanes (arithmetic ones they lack).
  const auto shift20 = [](I v) {
    return reinterpret_cast<I>(reinterpret_cast<U>(v) >> 20);
  };
  I k = shift20(hx) - 1023 + (isSubnormal & -54);
  hx &= 0x000fffff;
  const I i = (hx + 0x95f64) & 0x100000;
  const I mantissa =
      (scaledBits & 0xffffffff) | ((hx | (i ^ 0x3ff00000)) << 32);
  k += shift20(i);
  const F f = reinterpret_cast<F>(mantissa) - 1.0;
  // k to double without a 64-bit conversion instruction (AVX2 has none):
  // 1.5 * 2^52 + k is exact in the mantissa for |k| < 2^51.
  constexpr std::int64_t kMagicBits = 0x4338000000000000;
  const F dk = reinterpret_cast<F>(k + kMagicBits) - 6755399441055744.0;

  const auto [s, r] = polynomial(f);
  const F hfsq = 0.5 * f * f;
  const F qPlain = s * (f - r) - dk * kLn2Lo;
  const F qHalfSquare = hfsq - (s * (hfsq + r) + dk * kLn2Lo);
  const F qSeries = f * f * (0.5 - 0.33333333333333333 * f) - dk * kLn2Lo;
  const I isSeries = ((2 + hx) & 0x000fffff) < 3;
  const I isHalfSquare = ((hx - 0x6147a) | (0x6b851 - hx)) > 0;
  const F q = isSeries ? qSeries : (isHalfSquare ? qHalfSquare : qPlain);
  F result = dk * kLn2Hi - (q - f);
  result = isInfOrNaN ? x + x : result;
  result = isNegative ? L::splat(__builtin_nan("")) : result;
  return isZero ? L::splat(-__builtin_inf()) : result;
}

}  // namespace numpool::simd
