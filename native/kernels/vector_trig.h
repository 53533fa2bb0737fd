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
#include "lane_bits.h"

namespace numpool::simd {

// The scalar port for one lane, kept out of line: the vector paths are
// flattened (targets.h), and the Payne-Hanek loops inlined into each would
// only grow them.
[[gnu::noinline]] inline double sinOrCosOfOneLane(double x, int quadrantShift) {
  return quadrantShift == 0 ? jsSin(x) : jsCos(x);
}

// sin(x) (quadrantShift 0) or cos(x) = sin(x + pi/2) (quadrantShift 1).
template <class L, int quadrantShift>
[[gnu::always_inline]] inline typename L::F vectorSinOrCos(typename L::F x) {
  using F = typename L::F;
  using I = typename L::I;
  using B = LaneBits<L>;
  using namespace fdlibm;
  const I signBit = B::bitsOf(x) & INT64_MIN;
  const F t = B::fromBits(B::bitsOf(x) ^ signBit);
  const I unreduced = t < B::atHighWord(kPiOver4High + 1);
  const I nearPiOver2 = t < B::atHighWord(kThreePiOver4High);

  // Cody-Waite, as reduceArgument does it, for every lane.
  const F fn =
      nearPiOver2 ? L::splat(1.0) : B::floorSmall(t * kTwoOverPi + 0.5);
  const CodyWaite<F> first = codyWaiteFirst(t, fn);
  const CodyWaite<F> second = codyWaiteNext(first.r, fn, 1);
  const CodyWaite<F> third = codyWaiteNext(second.r, fn, 2);
  const F highOfT = B::withLowWordZero(t);
  const I quick = B::mask(fn < 32.0) &
                  B::mask(highOfT != B::withLowWordZero(fn * kPiOver2));
  // More than 16 (49) bits lost: |hi| below 2^-16 (2^-49) of t's power of
  // two, i.e. an exponent 16 (49) smaller.
  const F power = B::fromBits(B::bitsOf(t) & 0x7ff0000000000000);
  const I lost16 = B::mask(B::abs(first.hi) < power * 0x1p-16);
  const I lost49 = B::mask(B::abs(second.hi) < power * 0x1p-49);
  const I atPiOver2 = B::mask(highOfT == B::atHighWord(kPiOver2High));
  const I near = B::mask(nearPiOver2);
  const I takeSecond = (near & atPiOver2) | (~near & ~quick & lost16);
  const I takeThird = ~near & takeSecond & lost49;
  const F r =
      B::select(takeThird, third.r, B::select(takeSecond, second.r, first.r));
  const F w =
      B::select(takeThird, third.w, B::select(takeSecond, second.w, first.w));
  const F reducedHi = B::select(takeThird, third.hi,
                                B::select(takeSecond, second.hi, first.hi));
  const F reducedLo = (r - reducedHi) - w;
  // n, negated for negative x: (n ^ -1) + 1.
  const I negative = B::shiftRight(signBit, 63);
  const I n = (B::integerOf(fn) ^ -negative) + negative;

  const F hi = unreduced ? x : B::fromBits(B::bitsOf(reducedHi) ^ signBit);
  const F lo = unreduced ? F{} : B::fromBits(B::bitsOf(reducedLo) ^ signBit);
  const I quadrant = ((unreduced ? I{} : n) + quadrantShift) & 3;

  const F absHi = B::abs(hi);
  const I tiny = absHi < 0x1p-27;
  F sinValue = unreduced ? sinOfUnreduced(hi) : sinOfReduced(hi, lo);
  sinValue = tiny ? hi : sinValue;
  // cosQuarter: a quarter of |hi| cut to its high word, between 0.3 and
  // 0.78125.
  const F quarter = absHi < B::atHighWord(0x3fd33333)
                        ? F{}
                        : (absHi >= B::atHighWord(0x3fe90001)
                               ? L::splat(0.28125)
                               : B::withLowWordZero(absHi) * 0.25);
  F cosValue = cosOfReduced(hi, lo, quarter);
  cosValue = tiny ? L::splat(1.0) : cosValue;

  const I odd = -(quadrant & 1);
  F result =
      B::fromBits((B::bitsOf(cosValue) & odd) | (B::bitsOf(sinValue) & ~odd));
  result = B::fromBits(B::bitsOf(result) ^ ((quadrant & 2) << 62));
  const F infinity = L::splat(__builtin_inf());
  result = t < infinity ? result : x - x;
  // Lanes past 2^19*pi/2 (not NaN or Infinity): the scalar port.
  const F finite = t < infinity ? t : F{};
  constexpr double kLarge = B::atHighWord(kMediumHigh + 1);
  if (B::largest(finite) >= kLarge) [[unlikely]] {
    for (int i = 0; i < L::kWidth; ++i)
      if (finite[i] >= kLarge)
        result[i] = sinOrCosOfOneLane(x[i], quadrantShift);
  }
  return result;
}

template <class L>
[[gnu::always_inline]] inline typename L::F vectorSin(typename L::F x) {
  return vectorSinOrCos<L, 0>(x);
}
template <class L>
[[gnu::always_inline]] inline typename L::F vectorCos(typename L::F x) {
  return vectorSinOrCos<L, 1>(x);
}

}  // namespace numpool::simd
