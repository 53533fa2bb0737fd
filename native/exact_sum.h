// The exact sum of any number of doubles, rounded once: a superaccumulator
// (after R. M. Neal's "small superaccumulator", 2015). Every finite double
// is an integer multiple of 2^-1074 below 2^1024, so the sum is held as that
// integer, in 32-bit digits kept in signed 64-bit words: adding a double adds
// its 53-bit significand, shifted into place, to two neighbouring words,
// with no carry. The words' spare bits absorb kCarryFree additions before
// carries must be propagated. Exact, the sum does not depend on the order of
// the additions nor on how the values are split between accumulators that
// are merged: any chunking gives the same bits.
//
// Infinities and NaN are counted aside and decide the result as IEEE
// addition would (+Infinity + -Infinity is NaN); a finite sum past the
// largest double rounds to ±Infinity, as IEEE rounding does. A sum that is
// exactly zero is -0 only when every value added was -0, as IEEE addition
// gives; with no value at all it is +0.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace numpool {

class ExactSum {
 public:
  void add(double x) {
    const auto bits = std::bit_cast<std::uint64_t>(x);
    const auto field = static_cast<unsigned>(bits >> 52) & 0x7ff;
    if (field == 0x7ff) {
      special(bits);
      return;
    }
    added_ = true;
    notNegativeZero_ |= bits != kNegativeZero;
    // A normal x is (2^52 + fraction) * 2^(field - 1075), a subnormal
    // fraction * 2^-1074: in units of 2^-1074 the significand is shifted
    // left by `at` bits, field - 1 or 0.
    const std::uint64_t significand =
        (bits & kFraction) | (std::uint64_t{field != 0} << 52);
    const unsigned at = field - (field != 0);
    const unsigned word = at >> 5;
    const unsigned shift = at & 31;
    const auto low =
        static_cast<std::int64_t>((significand << shift) & kDigitMask);
    const auto high = static_cast<std::int64_t>(significand >> (32 - shift));
    // Negated without a branch: (v ^ -1) + 1 is -v.
    const std::int64_t sign = -static_cast<std::int64_t>(bits >> 63);
    words_[word] += (low ^ sign) - sign;
    words_[word + 1] += (high ^ sign) - sign;
    if (++pending_ == kCarryFree) propagate();
  }

  void add(const double* values, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) add(values[i]);
  }

  void merge(const ExactSum& other) {
    ExactSum copy = other;
    copy.propagate();
    propagate();
    // Two digits below 2^32 each: far from overflowing a word.
    for (std::size_t i = 0; i < kWords; ++i) words_[i] += copy.words_[i];
    propagate();
    nan_ |= other.nan_;
    positiveInfinity_ |= other.positiveInfinity_;
    negativeInfinity_ |= other.negativeInfinity_;
    added_ |= other.added_;
    notNegativeZero_ |= other.notNegativeZero_;
  }

  // The sum, correctly rounded to nearest, ties to even.
  double round() const {
    if (nan_ || (positiveInfinity_ && negativeInfinity_))
      return std::numeric_limits<double>::quiet_NaN();
    if (positiveInfinity_) return std::numeric_limits<double>::infinity();
    if (negativeInfinity_) return -std::numeric_limits<double>::infinity();
    ExactSum n = *this;
    n.propagate();
    const bool negative = n.words_[kWords - 1] < 0;
    if (negative) n.negate();
    std::size_t top = kWords;
    while (top > 0 && n.words_[top - 1] == 0) --top;
    if (top == 0) return added_ && !notNegativeZero_ ? -0.0 : 0.0;
    // Bits of the integer (in units of 2^-1074) below `length`.
    const unsigned length = 32 * static_cast<unsigned>(top - 1) +
                            static_cast<unsigned>(std::bit_width(
                                static_cast<std::uint64_t>(n.words_[top - 1])));
    double magnitude;
    if (length <= 53) {
      // Below 2^53 units every value is a double: exact.
      magnitude = std::ldexp(static_cast<double>(n.bits(0, length)), -1074);
    } else {
      // The top 53 bits, then the next one and whether any below is set.
      std::uint64_t kept = n.bits(length - 53, 53);
      const bool half = n.bits(length - 54, 1) != 0;
      const bool below = n.anyBelow(length - 54);
      if (half && (below || (kept & 1) != 0)) ++kept;  // to nearest, even
      // kept may reach 2^53, still exact as a double; ldexp gives Infinity
      // where the rounded value passes the largest double.
      magnitude = std::ldexp(static_cast<double>(kept),
                             static_cast<int>(length) - 53 - 1074);
    }
    return negative ? -magnitude : magnitude;
  }

 private:
  static constexpr std::uint64_t kFraction = (std::uint64_t{1} << 52) - 1;
  static constexpr std::uint64_t kDigitMask = 0xffffffff;
  static constexpr std::uint64_t kNegativeZero = std::uint64_t{1} << 63;
  // Digits of 2^-1074 up to past 2^1024 times 2^32 values: the top word
  // (64) takes a significand's high part, word 65 and 66 the carries.
  static constexpr std::size_t kWords = 67;
  // A normalised word is below 2^32 and an addition moves it by less than
  // 2^53: 2^10 additions stay far from 2^63.
  static constexpr unsigned kCarryFree = 1024;

  // Every word but the top one into [0, 2^32); the top keeps the sign.
  void propagate() {
    for (std::size_t i = 0; i + 1 < kWords; ++i) {
      const std::int64_t digit = static_cast<std::int64_t>(
          static_cast<std::uint64_t>(words_[i]) & kDigitMask);
      words_[i + 1] += (words_[i] - digit) >> 32;  // exact: floor division
      words_[i] = digit;
    }
    pending_ = 0;
  }

  // Of a propagated sum: its negation, propagated.
  void negate() {
    for (std::int64_t& word : words_) word = -word;
    propagate();
  }

  // Of a propagated, nonnegative sum: `count` (at most 64) bits from bit
  // `from` on.
  std::uint64_t bits(unsigned from, unsigned count) const {
    std::uint64_t value = 0;
    for (unsigned i = count; i-- > 0;) {
      const unsigned at = from + i;
      value = value << 1 |
              ((static_cast<std::uint64_t>(words_[at >> 5]) >> (at & 31)) & 1);
    }
    return value;
  }

  bool anyBelow(unsigned end) const {
    for (unsigned at = 0; at < end; ++at)
      if (((static_cast<std::uint64_t>(words_[at >> 5]) >> (at & 31)) & 1) != 0)
        return true;
    return false;
  }

  void special(std::uint64_t bits) {
    if ((bits & kFraction) != 0)
      nan_ = true;
    else if (bits >> 63)
      negativeInfinity_ = true;
    else
      positiveInfinity_ = true;
  }

  std::array<std::int64_t, kWords> words_{};
  unsigned pending_ = 0;
  bool nan_ = false;
  bool positiveInfinity_ = false;
  bool negativeInfinity_ = false;
  // Finite values added, and whether any of them was not -0.
  bool added_ = false;
  bool notNegativeZero_ = false;
};

}  // namespace numpool
