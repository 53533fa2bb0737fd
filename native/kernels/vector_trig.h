// fdlibm's sin and cos (fdlibm_trig.h) lane by lane, bit for bit the same.
// Each lane's argument is reduced the way the scalar code would reduce it:
// the n = +-1 form below 3pi/4, Cody-Waite up to 2^19*pi/2 with the second
// and third pieces of pi/2 computed for every lane and kept where the scalar
// code would take them. Both kernels (sin and cos of the reduced argument)
// are computed and each lane takes the one its quadrant needs; NaN and
// +-Infinity are patched in last. Arguments beyond 2^19*pi/2 need the
// Payne-Hanek reduction, a loop over 2/pi's bits: the rare lanes that hold
// one are recomputed with the scalar port after the vector pass.
#pragma once

#include "fdlibm_trig.h"
#include "lanes.h"

namespace numpool::simd {

template <class L>
struct VectorTrig {
  using F = typename L::F;
  using I = typename L::I;
  using U = typename L::U;

  [[gnu::always_inline]] static I bitsOf(F v) { return reinterpret_cast<I>(v); }
  [[gnu::always_inline]] static F fromBits(I v) {
    return reinterpret_cast<F>(v);
  }
  // The high word of v with the sign bit cleared, in each 64-bit lane.
  [[gnu::always_inline]] static I magnitudeHigh(F v) {
    return reinterpret_cast<I>(reinterpret_cast<U>(bitsOf(v)) >> 32) &
           0x7fffffff;
  }
  [[gnu::always_inline]] static I exponentOf(F v) {
    return reinterpret_cast<I>(reinterpret_cast<U>(bitsOf(v)) >> 52) & 0x7ff;
  }
  // floor(v) for 0 <= v < 2^51, and v as an integer.
  [[gnu::always_inline]] static F floorSmall(F v) {
    const F rounded = (v + 0x1p52) - 0x1p52;
    return rounded > v ? rounded - 1.0 : rounded;
  }
  [[gnu::always_inline]] static I integerOf(F whole) {
    return bitsOf(whole + 0x1p52) - bitsOf(L::splat(0x1p52));
  }

  // sin(x) (quadrantShift 0) or cos(x) = sin(x + pi/2) (quadrantShift 1).
  template <int quadrantShift>
  [[gnu::always_inline]] static F sinOrCos(F x) {
    using namespace fdlibm;
    const I signBit = bitsOf(x) & (I{} + INT64_MIN);
    const I ix = magnitudeHigh(x);
    const F t = fromBits(bitsOf(x) ^ signBit);
    const I unreduced = ix <= kPiOver4High;
    const I nearPiOver2 = ix < kThreePiOver4High;

    // Cody-Waite, as reduceArgument does it, for every lane.
    const F fn = nearPiOver2 ? L::splat(1.0) : floorSmall(t * kTwoOverPi + 0.5);
    const CodyWaite<F> first = codyWaiteFirst(t, fn);
    const CodyWaite<F> second = codyWaiteNext(first.r, fn, 1);
    const CodyWaite<F> third = codyWaiteNext(second.r, fn, 2);
    const I quick = (fn < 32.0) & (ix != magnitudeHigh(fn * kPiOver2));
    const I j = ix >> 20;
    const I takeSecond = nearPiOver2 ? ix == kPiOver2High
                                     : ~quick & (j - exponentOf(first.hi) > 16);
    const I takeThird =
        ~nearPiOver2 & takeSecond & (j - exponentOf(second.hi) > 49);
    const F r = takeThird ? third.r : (takeSecond ? second.r : first.r);
    const F w = takeThird ? third.w : (takeSecond ? second.w : first.w);
    const F reducedHi =
        takeThird ? third.hi : (takeSecond ? second.hi : first.hi);
    const F reducedLo = (r - reducedHi) - w;
    const I n = integerOf(fn);

    const F hi = unreduced ? x : fromBits(bitsOf(reducedHi) ^ signBit);
    const F lo = unreduced ? F{} : fromBits(bitsOf(reducedLo) ^ signBit);
    const I quadrant =
        ((unreduced ? I{} : (signBit != 0 ? -n : n)) + quadrantShift) & 3;

    const I highOfHi = magnitudeHigh(hi);
    const I tiny = highOfHi < 0x3e400000;
    F sinValue = unreduced ? sinOfUnreduced(hi) : sinOfReduced(hi, lo);
    sinValue = tiny ? hi : sinValue;
    const F quarter =
        highOfHi < 0x3fd33333
            ? F{}
            : (highOfHi > 0x3fe90000 ? L::splat(0.28125)
                                     : fromBits((highOfHi - 0x00200000) << 32));
    F cosValue = cosOfReduced(hi, lo, quarter);
    cosValue = tiny ? L::splat(1.0) : cosValue;

    F result = (quadrant & 1) != 0 ? cosValue : sinValue;
    result = fromBits(bitsOf(result) ^ ((quadrant & 2) << 62));
    result = ix >= 0x7ff00000 ? x - x : result;
    const I large = (ix > kMediumHigh) & (ix < 0x7ff00000);
    bool anyLarge = false;
    for (int i = 0; i < L::kWidth; ++i) anyLarge |= large[i] != 0;
    if (anyLarge) [[unlikely]] {
      for (int i = 0; i < L::kWidth; ++i)
        if (large[i] != 0)
          result[i] = quadrantShift == 0 ? jsSin(x[i]) : jsCos(x[i]);
    }
    return result;
  }
};

template <class L>
[[gnu::always_inline]] inline typename L::F vectorSin(typename L::F x) {
  return VectorTrig<L>::template sinOrCos<0>(x);
}
template <class L>
[[gnu::always_inline]] inline typename L::F vectorCos(typename L::F x) {
  return VectorTrig<L>::template sinOrCos<1>(x);
}

}  // namespace numpool::simd
