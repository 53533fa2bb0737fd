// The seed's log loop: fixed = x; repeat `iterations` times:
// ret = log(fixed); fixed += step.
//   logAccumulate returns the last ret (the seed's f);
//   logSum returns the sum of every ret, added in loop order.
// The accumulation of `fixed` stays step by step: it is the unit of work the
// pool is measured by, and a closed form would round differently.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

#include "fdlibm_log.h"
#include "kernel.h"

namespace numpool::kernels {

inline constexpr double kMaxSafeInteger = 9007199254740991.0;  // 2^53 - 1

inline constexpr std::array<ParamSpec, 2> kLogParams{{
    {.name = "iterations",
     .defaultValue = 100000,
     .min = 1,
     .max = kMaxSafeInteger,
     .integer = true},
    {.name = "step",
     .defaultValue = 0.1,
     .min = -1.7976931348623157e308,
     .max = 1.7976931348623157e308,
     .integer = false},
}};

inline std::uint64_t logIterations(const double* params) {
  return static_cast<std::uint64_t>(params[0]);
}

// Elements whose chains run side by side: independent additions hide the
// adder's latency and let the compiler use vector lanes.
inline constexpr std::size_t kLanes = 8;

// State: fixed. Only the last log of each element is observable, so the dead
// ones are not computed: the result is bit-identical to the loop that
// computes them all. Iteration i adds step after its log, and the addition
// of the last iteration is dead too.
inline void runLogAccumulate(const Slice& s) {
  const std::uint64_t iterations = logIterations(s.params);
  const double step = s.params[1];
  double* fixed = s.state;
  if (s.first == 0) std::copy_n(s.in, s.count, fixed);
  const std::uint64_t additions =
      std::min(s.last, iterations - 1) - std::min(s.first, iterations - 1);
  for (std::size_t base = 0; base < s.count; base += kLanes) {
    const std::size_t lanes = std::min(kLanes, s.count - base);
    std::array<double, kLanes> chain{};
    std::copy_n(fixed + base, lanes, chain.begin());
    for (std::uint64_t i = 0; i < additions; ++i)
      for (double& lane : chain) lane += step;
    std::copy_n(chain.begin(), lanes, fixed + base);
  }
  if (s.last == iterations)
    for (std::size_t e = 0; e < s.count; ++e) s.out[e] = jsLog(fixed[e]);
}

// State: fixed, then sum.
inline void runLogSum(const Slice& s) {
  const double step = s.params[1];
  double* fixed = s.state;
  double* sum = s.state + s.count;
  if (s.first == 0) {
    std::copy_n(s.in, s.count, fixed);
    std::fill_n(sum, s.count, 0.0);
  }
  for (std::size_t e = 0; e < s.count; ++e) {
    double x = fixed[e];
    double total = sum[e];
    for (std::uint64_t i = s.first; i < s.last; ++i) {
      total += jsLog(x);
      x += step;
    }
    fixed[e] = x;
    sum[e] = total;
  }
  if (s.last == logIterations(s.params)) std::copy_n(sum, s.count, s.out);
}

inline constexpr Kernel kLogAccumulate{
    .name = "logAccumulate",
    .params = kLogParams,
    .block = kLanes,
    .stateSize = 1,
    .iterations = logIterations,
    .nsPerIteration = [](const double*) { return 0.15; },
    .run = runLogAccumulate,
};

inline constexpr Kernel kLogSum{
    .name = "logSum",
    .params = kLogParams,
    .block = 1,
    .stateSize = 2,
    .iterations = logIterations,
    .nsPerIteration = [](const double*) { return 7.0; },
    .run = runLogSum,
};

}  // namespace numpool::kernels
