// Math.hypot exactly as V8 computes it (its Math.hypot builtin, not libm's
// hypot): Infinity if any argument is infinite, else NaN if any is NaN,
// else every |argument| divided by the largest, their squares summed with
// Kahan's compensation, and sqrt(sum) * largest. Plain IEEE double
// operations only: compile with -ffp-contract=off.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>

namespace numpool {

inline double jsHypot(const double* values, std::size_t count) {
  double largest = 0.0;
  bool anyNaN = false;
  for (std::size_t i = 0; i < count; ++i) {
    if (std::isnan(values[i]))
      anyNaN = true;
    else if (std::fabs(values[i]) > largest)
      largest = std::fabs(values[i]);
  }
  if (largest == std::numeric_limits<double>::infinity()) return largest;
  if (anyNaN) return std::numeric_limits<double>::quiet_NaN();
  if (largest == 0.0) return 0.0;
  double sum = 0.0;
  double compensation = 0.0;
  for (std::size_t i = 0; i < count; ++i) {
    const double n = std::fabs(values[i]) / largest;
    const double summand = n * n - compensation;
    const double next = sum + summand;
    compensation = (next - sum) - summand;
    sum = next;
  }
  return std::sqrt(sum) * largest;
}

inline double jsHypot(double a, double b) {
  const double values[] = {a, b};
  return jsHypot(values, 2);
}

}  // namespace numpool
