// Math.pow lane by lane, bit for bit the same as fdlibm_pow.h.
//
// vectorPowFdlibm: every lane runs the whole of fdlibm's pow (log2|x| in
// two pieces, both the general form and the series near 1 that |y| > 2^31
// takes, times y, then 2^), and the special cases are patched in last, the
// one fdlibm tests first winning. Integer exponents are told from fractions
// with the 2^52 rounding trick instead of fdlibm's variable shifts, which
// SSE2 lacks for 64-bit lanes.
//
// vectorPowLibm: the C library's pow is the platform's, not an algorithm to
// port, so each lane calls it (after ECMAScript's special cases).
#pragma once

#include "fdlibm_pow.h"
#include "lane_bits.h"

namespace numpool::simd {

template <class L>
[[gnu::always_inline]] inline typename L::F vectorPowFdlibm(typename L::F x,
                                                            typename L::F y) {
  using F = typename L::F;
  using I = typename L::I;
  using B = LaneBits<L>;
  using namespace fdlibm;
  const auto clear = [](F v) { return B::withLowWordZero(v); };
  const F zero{};
  const F one = L::splat(1.0);
  const F infinity = L::splat(__builtin_inf());
  const I bx = B::bitsOf(x);
  const I by = B::bitsOf(y);
  const I negativeX = -B::shiftRight(bx, 63);
  const I negativeY = -B::shiftRight(by, 63);
  const F ax = B::abs(x);
  const F ay = B::abs(y);

  // y an integer, and odd? Needed where x < 0.
  const F shifted = ay + 0x1p52;
  const I below2p52 = B::mask(ay < 0x1p52);
  const I isInteger = below2p52 & B::mask((shifted - 0x1p52) == ay);
  const I oddBit = B::select(below2p52, B::bitsOf(shifted),
                             ay < 0x1p53 ? by : I{});  // 2^53 up: even
  const I yInteger = isInteger | ~below2p52;
  const I yOdd = negativeX & yInteger & -(oddBit & 1);
  const I yFraction = negativeX & ~yInteger;
  const I signBit = yOdd & INT64_MIN;

  // log2|x| = t1 + t2: the general form, subnormals scaled by 2^53...
  const I subnormal = B::mask(ax < 0x1p-1022);
  const F scaled = B::select(subnormal, ax * 0x1p53, ax);
  const F mantissa = B::fromBits((B::bitsOf(scaled) & 0x000fffffffffffff) |
                                 0x3ff0000000000000);
  const I aroundOneAndAHalf = B::mask(mantissa >= B::atHighWord(0x3ff3988f)) &
                              B::mask(mantissa < B::atHighWord(0x3ffbb67a));
  const I halve = B::mask(mantissa >= B::atHighWord(0x3ffbb67a));
  const I n = B::shiftRight(B::bitsOf(scaled), 52) - 0x3ff + (subnormal & -53) +
              (halve & 1);
  const F normalized =
      B::fromBits(B::bitsOf(mantissa) - (halve & 0x0010000000000000));
  const I normalizedHigh = B::highWord(normalized);
  const F tHi = B::fromBits(((B::shiftRight(normalizedHigh, 1) | 0x20000000) +
                             0x00080000 + (aroundOneAndAHalf & (1 << 18)))
                            << 32);
  const Log2<F> general = powLog2(
      normalized, B::select(aroundOneAndAHalf, L::splat(1.5), one), tHi,
      B::select(aroundOneAndAHalf, L::splat(kLog2OfOneAndAHalfHi), zero),
      B::select(aroundOneAndAHalf, L::splat(kLog2OfOneAndAHalfLo), zero),
      B::toDouble(n), clear);
  // ... and the series near 1 that |y| > 2^31 takes.
  const I hugeY = B::mask(ay >= B::atHighWord(0x41e00001));
  const Log2<F> nearOne = powLog2NearOne(ax, clear);
  const F t1 = B::select(hugeY, nearOne.hi, general.hi);
  const F t2 = B::select(hugeY, nearOne.lo, general.lo);

  const Product<F> p = powProduct(y, t1, t2, clear);
  const I overflow =
      B::mask(p.z > 1024.0) |
      (B::mask(p.z == 1024.0) & B::mask(p.lo + kPowOverflowTail > p.z - p.hi));
  const I underflow = B::mask(p.z < -1075.0) |
                      (B::mask(p.z == -1075.0) & B::mask(p.lo <= p.z - p.hi));
  // z rounded to the nearest integer, halves away from 0, out of pHi.
  const I rounds = B::mask(B::abs(p.z) >= B::atHighWord(0x3fe00001));
  const F magnitude = B::floorSmall(B::abs(p.z) + 0.5);
  const F whole = B::select(
      rounds, B::fromBits(B::bitsOf(magnitude) | (B::bitsOf(p.z) & INT64_MIN)),
      zero);
  const F pHi = B::select(rounds, p.hi - whole, p.hi);
  const I k = B::integerOf(whole);
  const F e = powExp2(pHi, p.lo, clear);
  // e * 2^k: into the exponent, or for a subnormal result with one
  // rounding, as scalbn does, through 2^(k + 54) then 2^-54.
  const I tiny =
      B::mask(B::toDouble(B::shiftRight(B::bitsOf(e), 52)) + whole <= 0.0);
  const F power = B::fromBits(B::wrappingAdd(
                      B::bitsOf(e), B::select(tiny, k + 54, k) << 52)) *
                  B::select(tiny, L::splat(0x1p-54), one);
  F result = B::fromBits(B::bitsOf(power) ^ signBit);

  // Special cases, the ones fdlibm tests last first.
  const F signedInfinity = B::fromBits(B::bitsOf(infinity) | signBit);
  const F signedZero = B::fromBits(signBit);
  result = B::select(overflow, signedInfinity, result);
  result = B::select(underflow, signedZero, result);
  const I growsWithY =
      B::select(negativeY, B::mask(ax < 1.0), B::mask(ax >= 1.0));
  // |y| > 2^31: over- or underflow unless |x| is within 2^-20 of 1, and
  // past 2^64 even then, unsigned.
  const I farFromOne = B::mask(ax < B::atHighWord(0x3fefffff)) |
                       B::mask(ax >= B::atHighWord(0x3ff00001));
  result = B::select(hugeY & farFromOne,
                     B::select(growsWithY, signedInfinity, signedZero), result);
  result = ay >= B::atHighWord(0x43f00001)
               ? B::select(growsWithY, infinity, zero)
               : result;
  const F nan = L::splat(__builtin_nan(""));
  result = B::select(yFraction, nan, result);
  // x = +-0, +-Infinity, +-1.
  const I exactX =
      B::mask(ax == 0.0) | B::mask(ax == 1.0) | B::mask(ax == infinity);
  F z = B::select(negativeY, 1.0 / ax, ax);
  z = B::fromBits(B::bitsOf(z) ^ signBit);
  z = B::select(yFraction & B::mask(ax == 1.0), nan, z);
  result = B::select(exactX, z, result);
  // y = 0.5, 2, +-1, +-Infinity.
  const I half = B::mask(y == 0.5) & ~negativeX;
  if (B::largest(B::fromBits(half & B::bitsOf(one))) != 0.0)
    result = B::select(
        half, B::perLane([](double v) { return __builtin_sqrt(v); }, x),
        result);
  result = y == 2.0 ? x * x : result;
  result = ay == 1.0 ? B::select(negativeY, 1.0 / x, x) : result;
  const F ofInfinity = ax >= 1.0 ? B::select(negativeY, zero, y)
                                 : B::select(negativeY, -y, zero);
  result = ay == infinity ? (ax == 1.0 ? y - y : ofInfinity) : result;
  result = B::select(B::mask(x != x) | B::mask(y != y), x + y, result);
  return y == 0.0 ? one : result;
}

template <class L>
[[gnu::always_inline]] inline typename L::F vectorPowLibm(typename L::F x,
                                                          typename L::F y) {
  return LaneBits<L>::perLane(jsPowLibm, x, y);
}

}  // namespace numpool::simd
