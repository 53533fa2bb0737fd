// Unit test of the exact accumulator (native/exact_sum.h) alone: sums whose
// correctly rounded value is known, the carries of many additions at the
// top and bottom of the exponent range, and the same bits whatever the
// order of the additions and however they are split between merged
// accumulators. test/reduce.test.js checks it through pool.reduce against
// BigInt arithmetic.
#include "../../native/exact_sum.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <limits>
#include <random>
#include <vector>

namespace {

using numpool::ExactSum;

int failures = 0;

bool sameBits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b) ||
         (a != a && b != b);
}

void expect(const char* what, double got, double expected) {
  if (!sameBits(got, expected) && ++failures <= 20)
    std::fprintf(stderr, "FAILED: %s: got %a, expected %a\n", what, got,
                 expected);
}

double sumOf(std::initializer_list<double> values) {
  ExactSum sum;
  for (double x : values) sum.add(x);
  return sum.round();
}

constexpr double kMax = std::numeric_limits<double>::max();
constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kTiny = std::numeric_limits<double>::denorm_min();

void knownSums() {
  expect("empty", ExactSum().round(), 0.0);
  expect("one value", sumOf({0.1}), 0.1);
  expect("intermediate overflow", sumOf({1e308, 1e308, -1e308, -1e308, 1}),
         1.0);
  expect("cancellation", sumOf({1e300, 1, -1e300, 1e-300}), 1.0);
  expect("a tie to even", sumOf({0x1p53, 1}), 0x1p53);
  expect("a tie to even, upwards", sumOf({0x1p53 + 2, 1}), 0x1p53 + 4);
  expect("a tie broken", sumOf({0x1p53, 1, kTiny}), 0x1p53 + 2);
  expect("overflow", sumOf({kMax, 1e292}), kInfinity);
  expect("negative overflow", sumOf({-kMax, -1e292}), -kInfinity);
  expect("no overflow", sumOf({kMax, 0x1p969}), kMax);
  expect("subnormals", sumOf({kTiny, kTiny, 3 * kTiny}), 5 * kTiny);
  expect("subnormal to normal", sumOf({0x1p-1022 - kTiny, kTiny}), 0x1p-1022);
  expect("negative zeros", sumOf({-0.0, -0.0}), -0.0);
  expect("mixed zeros", sumOf({-0.0, 0.0}), 0.0);
  expect("exact zero", sumOf({1.5, -1.5}), 0.0);
  expect("negative result", sumOf({1, -3, 0x1p-60}), -2 + 0x1p-60);
  expect("infinity", sumOf({kMax, kInfinity, kMax}), kInfinity);
  expect("opposite infinities", sumOf({kInfinity, -kInfinity}), kNaN);
  expect("NaN", sumOf({1, kNaN}), kNaN);
}

void carries() {
  // Many more additions than the words absorb between propagations.
  ExactSum top;
  for (int i = 0; i < 5000; ++i) top.add(kMax);
  for (int i = 0; i < 5000; ++i) top.add(-kMax);
  top.add(0.5);
  expect("5000 times the largest double, and back", top.round(), 0.5);
  ExactSum big;
  for (int i = 0; i < 4096; ++i) big.add(kMax);
  expect("4096 times the largest double", big.round(), kInfinity);
  ExactSum bottom;
  for (int i = 0; i < 3000; ++i) bottom.add(kTiny);
  expect("3000 of the least subnormal", bottom.round(), 3000 * kTiny);
  ExactSum negative;
  for (int i = 0; i < 3000; ++i) negative.add(-0x1.fffffffffffffp-1000);
  expect("3000 negative values", negative.round(),
         -3000 * 0x1.fffffffffffffp-1000);
}

void orderAndSplit() {
  std::mt19937_64 random(7);
  std::vector<double> values(20000);
  for (double& x : values) {
    const std::uint64_t bits = random();
    const int exponent = static_cast<int>(bits % 2045) - 1074;
    x = std::ldexp(static_cast<double>(bits >> 12), exponent - 52) *
        ((bits & 1) != 0 ? -1 : 1);
  }
  ExactSum forward;
  forward.add(values.data(), values.size());
  const double expected = forward.round();
  std::reverse(values.begin(), values.end());
  ExactSum backward;
  backward.add(values.data(), values.size());
  expect("reversed", backward.round(), expected);
  for (int trial = 0; trial < 20; ++trial) {
    std::shuffle(values.begin(), values.end(), random);
    ExactSum merged;
    std::size_t at = 0;
    while (at < values.size()) {
      const std::size_t n =
          std::min<std::size_t>(random() % 3000, values.size() - at);
      ExactSum part;
      part.add(values.data() + at, n);
      merged.merge(part);
      at += n;
    }
    expect("shuffled and split", merged.round(), expected);
  }
  // Integers below 2^40 sum exactly in doubles too.
  ExactSum integers;
  double plain = 0;
  for (int i = 0; i < 4000; ++i) {
    const double x =
        static_cast<double>(random() >> 24) * ((random() & 1) != 0 ? -1 : 1);
    integers.add(x);
    plain += x;
  }
  expect("integers", integers.round(), plain);
}

}  // namespace

int main() {
  knownSums();
  carries();
  orderAndSplit();
  if (failures > 0) {
    std::fprintf(stderr, "%d failures\n", failures);
    return 1;
  }
  std::puts("exact_sum: all checks passed");
  return 0;
}
