// Bit-level helpers shared by the vector ports of fdlibm (vector_trig.h,
// vector_pow.h, vector_exp.h): the views of a lane as a double and as its
// 64 bits, and stand-ins for what SSE2 and AVX2 lack for 64-bit lanes
// (arithmetic shifts, comparisons, conversions to and from double), built
// from what they have; fdlibm's tests of high words become comparisons of
// doubles (atHighWord), and masks are combined as plain integers (mask,
// select).
#pragma once

#include <bit>
#include <cstdint>

#include "lanes.h"

namespace numpool::simd {

template <class L>
struct LaneBits {
  using F = typename L::F;
  using I = typename L::I;
  using U = typename L::U;

  [[gnu::always_inline]] static I bitsOf(F v) { return reinterpret_cast<I>(v); }
  [[gnu::always_inline]] static F fromBits(I v) {
    return reinterpret_cast<F>(v);
  }
  [[gnu::always_inline]] static I shiftRight(I v, int bits) {  // logical
    return reinterpret_cast<I>(reinterpret_cast<U>(v) >> bits);
  }
  // The high 32 bits of each lane's double, sign included (0..0xffffffff).
  [[gnu::always_inline]] static I highWord(F v) {
    return shiftRight(bitsOf(v), 32);
  }
  [[gnu::always_inline]] static F abs(F v) {
    return fromBits(bitsOf(v) & INT64_MAX);
  }
  // The smallest double whose high word is `high`: |x| < atHighWord(h) is
  // fdlibm's ix < h, a comparison SSE2 has for doubles (not for 64-bit
  // integers), false for NaN.
  static constexpr double atHighWord(std::uint32_t high) {
    return std::bit_cast<double>(static_cast<std::uint64_t>(high) << 32);
  }
  [[gnu::always_inline]] static F withLowWordZero(F v) {
    return fromBits(bitsOf(v) & static_cast<std::int64_t>(0xffffffff00000000));
  }
  // Integers below 2^51 in magnitude, to and from double exactly: 1.5*2^52
  // + v keeps v in the low mantissa bits.
  // In unsigned lanes: lanes whose result is discarded may hold any bits,
  // and signed overflow there would be undefined behaviour.
  [[gnu::always_inline]] static F toDouble(I v) {
    return fromBits(wrappingAdd(v, bitsOf(L::splat(0x1.8p52)))) - 0x1.8p52;
  }
  [[gnu::always_inline]] static I integerOf(F whole) {
    return wrappingAdd(bitsOf(whole + 0x1.8p52), -bitsOf(L::splat(0x1.8p52)));
  }
  [[gnu::always_inline]] static I wrappingAdd(I a, I b) {
    return reinterpret_cast<I>(reinterpret_cast<U>(a) + reinterpret_cast<U>(b));
  }
  // floor(v) for 0 <= v < 2^51: v + 2^52 rounds v to an integer.
  [[gnu::always_inline]] static F floorSmall(F v) {
    const F rounded = (v + 0x1p52) - 0x1p52;
    return rounded > v ? rounded - 1.0 : rounded;
  }
  // A comparison's result as a plain integer mask, for combining with &, |
  // and ~. Left to itself GCC 12 keeps such combinations as vectors of
  // booleans, which it lowers to scalar code lane by lane for AVX-512; the
  // empty asm makes the mask an ordinary vector register.
  template <class Comparison>
  [[gnu::always_inline]] static I mask(Comparison comparison) {
    I m = comparison;
#if defined(__x86_64__)
    asm("" : "+v"(m));
#elif defined(__aarch64__)
    asm("" : "+w"(m));
#endif
    return m;
  }
  // mask ? a : b for a mask from mask(): bitwise, where `?:` would compare
  // the mask with 0 first (a 64-bit compare SSE2 lacks).
  [[gnu::always_inline]] static F select(I m, F a, F b) {
    return fromBits((bitsOf(a) & m) | (bitsOf(b) & ~m));
  }
  [[gnu::always_inline]] static I select(I m, I a, I b) {
    return (a & m) | (b & ~m);
  }
  // f of each lane, one at a time.
  template <class Function>
  [[gnu::always_inline]] static F perLane(Function f, F a) {
    F r;
    for (int i = 0; i < L::kWidth; ++i) r[i] = f(a[i]);
    return r;
  }
  template <class Function>
  [[gnu::always_inline]] static F perLane(Function f, F a, F b) {
    F r;
    for (int i = 0; i < L::kWidth; ++i) r[i] = f(a[i], b[i]);
    return r;
  }
  // The largest lane (NaN lanes may be skipped).
  [[gnu::always_inline]] static double largest(F v) {
    double most = v[0];
    for (int i = 1; i < L::kWidth; ++i) most = v[i] > most ? v[i] : most;
    return most;
  }
};

}  // namespace numpool::simd
