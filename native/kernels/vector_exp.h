// fdlibm's exp (fdlibm_exp.h) lane by lane, bit for bit the same. fdlibm's
// three reductions are one formula with different k: hi = x - k*ln2Hi,
// lo = k*ln2Lo is exactly x, +0 for k = 0 and x -+ ln2Hi, +-ln2Lo for
// k = +-1, so each lane only picks its k. The scaling by 2^k takes the
// scalar code's detours for subnormal results and k = 1024, and the tiny,
// overflowing, infinite and NaN arguments are patched in last.
#pragma once

#include "fdlibm_exp.h"
#include "lane_bits.h"

namespace numpool::simd {

template <class L>
[[gnu::always_inline]] inline typename L::F vectorExp(typename L::F x) {
  using F = typename L::F;
  using I = typename L::I;
  using B = LaneBits<L>;
  using namespace fdlibm;
  const F ax = B::abs(x);
  const I negative = x < 0.0;
  const F half = negative ? L::splat(-0.5) : L::splat(0.5);
  // trunc(x/ln2 +- 1/2) by its magnitude (below 1100 where it is used).
  const F q = kInvLn2 * x + half;
  const F truncated = B::fromBits(B::bitsOf(B::floorSmall(B::abs(q))) |
                                  (B::bitsOf(q) & INT64_MIN));
  const F sign = negative ? L::splat(-1.0) : L::splat(1.0);
  // fdlibm's high-word tests of |x| (lane_bits.h): k = 0 up to ln2/2, +-1
  // below 1.5*ln2.
  const F dk = ax < B::atHighWord(0x3fd62e43)
                   ? F{}
                   : (ax < B::atHighWord(0x3ff0a2b2) ? sign : truncated + 0.0);
  const F hi = x - dk * kLn2Hi;
  const F lo = dk * kLn2Lo;
  const F y = expOfReduced(hi, lo);
  // fdlibm's y * 2^k, y * 2^(k + 1000) * 2^-1000 (subnormal results) or
  // y * 2 * 2^1023 (k = 1024) as one form (y * a) * b, b = 1 for the first
  // (exact): no lane computes a subnormal it does not keep, which would
  // cost a microcode assist on most x86 cores.
  const I k = B::integerOf(dk);
  const F a = B::fromBits(
      ((dk < -1021.0 ? k + 1000 : (dk == 1024.0 ? I{} + 1 : k)) + 0x3ff) << 52);
  const F b = dk < -1021.0
                  ? L::splat(kTwoM1000)
                  : (dk == 1024.0 ? L::splat(kTwo1023) : L::splat(1.0));
  F result = (y * a) * b;
  result = x == 1.0 ? L::splat(2.718281828459045) : result;
  result = ax < B::atHighWord(0x3e300000) ? 1.0 + x : result;
  result = x > kExpOverflow ? L::splat(__builtin_inf()) : result;
  result = x < kExpUnderflow ? F{} : result;
  return x != x ? x + x : result;
}

}  // namespace numpool::simd
