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
#include <utility>

#include "fdlibm_log.h"
#include "fma_math.h"
#include "kernel.h"
#include "targets.h"
#include "vector_log.h"

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

// Elements whose chains run side by side in the scalar reference path:
// independent additions hide the adder's latency.
inline constexpr std::size_t kLanes = 8;

// logAccumulate's state: fixed. Only the last log of each element is
// observable, so the dead ones are not computed: the result is bit-identical
// to the loop that computes them all. Iteration i adds step after its log,
// and the addition of the last iteration is dead too. Returns the additions
// slice `s` performs.
inline std::uint64_t logAccumulateAdditions(const Slice& s) {
  const std::uint64_t iterations = logIterations(s.params);
  if (s.first == 0) std::copy_n(s.in, s.count, s.state);
  return std::min(s.last, iterations - 1) - std::min(s.first, iterations - 1);
}

// The scalar paths take the log to compute: the port, or its fused build.
template <double (*log)(double)>
void runLogAccumulate(const Slice& s) {
  const std::uint64_t iterations = logIterations(s.params);
  const double step = s.params[1];
  double* fixed = s.state;
  const std::uint64_t additions = logAccumulateAdditions(s);
  for (std::size_t base = 0; base < s.count; base += kLanes) {
    const std::size_t lanes = std::min(kLanes, s.count - base);
    std::array<double, kLanes> chain{};
    std::copy_n(fixed + base, lanes, chain.begin());
    for (std::uint64_t i = 0; i < additions; ++i)
      for (double& lane : chain) lane += step;
    std::copy_n(chain.begin(), lanes, fixed + base);
  }
  if (s.last == iterations)
    for (std::size_t e = 0; e < s.count; ++e) s.out[e] = log(fixed[e]);
}

// logSum's state: fixed, then sum; set from the input by the first slice.
struct LogSumState {
  double* fixed;
  double* sum;
};
inline LogSumState logSumState(const Slice& s) {
  double* fixed = s.state;
  double* sum = s.state + s.count;
  if (s.first == 0) {
    std::copy_n(s.in, s.count, fixed);
    std::fill_n(sum, s.count, 0.0);
  }
  return {fixed, sum};
}

// The last slice writes the sums out.
inline void finishLogSum(const Slice& s, const double* sum) {
  if (s.last == logIterations(s.params)) std::copy_n(sum, s.count, s.out);
}

template <double (*log)(double)>
void runLogSum(const Slice& s) {
  const double step = s.params[1];
  const auto [fixed, sum] = logSumState(s);
  for (std::size_t e = 0; e < s.count; ++e) {
    double x = fixed[e];
    double total = sum[e];
    for (std::uint64_t i = s.first; i < s.last; ++i) {
      total += log(x);
      x += step;
    }
    fixed[e] = x;
    sum[e] = total;
  }
  finishLogSum(s, sum);
}

// logAccumulate's chains of additions in flight, per vector width: enough
// independent additions to cover the adder's latency, 32 elements where
// registers allow (measured on Zen 4: 16 or 24 elements lose up to a third
// on AVX2; 64 gain 15% on AVX-512 alone but leave a 100-element map two
// uneven chunks for two threads), 8 vectors on 16-register SSE2, where 16
// spill and run 45% slower.
template <class L>
inline constexpr int kAccumulateChains = L::kWidth >= 4 ? 32 / L::kWidth : 8;

struct LogAccumulateBody {
  // Advances elements fixed[0..n) (n <= N * W) by `additions` steps in N
  // vector chains.
  template <class L, int N>
  [[gnu::always_inline]] static void advance(double* fixed, std::size_t n,
                                             typename L::F step,
                                             std::uint64_t additions) {
    constexpr std::size_t W = L::kWidth;
    typename L::F chain[N];
    for (int v = 0; v < N; ++v) {
      const std::size_t begin = v * W;
      chain[v] = begin + W <= n
                     ? L::load(fixed + begin)
                     : L::loadPartial(fixed + begin, n - std::min(n, begin), 0);
    }
    for (std::uint64_t i = 0; i < additions; ++i)
      for (int v = 0; v < N; ++v) chain[v] += step;
    for (int v = 0; v < N; ++v) {
      const std::size_t begin = v * W;
      if (begin + W <= n)
        L::store(fixed + begin, chain[v]);
      else
        L::storePartial(fixed + begin, chain[v], n - std::min(n, begin));
    }
  }

  template <class L>
  [[gnu::always_inline]] static void run(const Slice& s) {
    constexpr std::size_t W = L::kWidth;
    constexpr int kChains = kAccumulateChains<L>;
    constexpr std::size_t kGroup = kChains * W;
    const std::uint64_t additions = logAccumulateAdditions(s);
    const typename L::F step = L::splat(s.params[1]);
    double* fixed = s.state;
    std::size_t base = 0;
    for (; base + kGroup <= s.count; base += kGroup)
      advance<L, kChains>(fixed + base, kGroup, step, additions);
    // The rest in as few chains as it needs: a chain costs its latency.
    const std::size_t rest = s.count - base;
    const std::size_t chains = (rest + W - 1) / W;
    [&]<int... N>(std::integer_sequence<int, N...>) {
      ((chains == N + 1 ? advance<L, N + 1>(fixed + base, rest, step, additions)
                        : void()),
       ...);
    }
    (std::make_integer_sequence<int, kChains>{});
    if (s.last == logIterations(s.params)) {
      std::size_t e = 0;
      for (; e + W <= s.count; e += W)
        L::store(s.out + e, simd::vectorLog<L>(L::load(fixed + e)));
      if (e < s.count)
        L::storePartial(
            s.out + e,
            simd::vectorLog<L>(L::loadPartial(fixed + e, s.count - e, 1)),
            s.count - e);
    }
  }
};

struct LogSumBody {
  template <class L>
  [[gnu::always_inline]] static void run(const Slice& s) {
    constexpr std::size_t W = L::kWidth;
    const typename L::F step = L::splat(s.params[1]);
    const auto [fixed, sum] = logSumState(s);
    for (std::size_t e = 0; e < s.count; e += W) {
      const std::size_t n = std::min(W, s.count - e);
      typename L::F x =
          n == W ? L::load(fixed + e) : L::loadPartial(fixed + e, n, 1);
      typename L::F total =
          n == W ? L::load(sum + e) : L::loadPartial(sum + e, n, 0);
      for (std::uint64_t i = s.first; i < s.last; ++i) {
        total += simd::vectorLog<L>(x);
        x += step;
      }
      if (n == W) {
        L::store(fixed + e, x);
        L::store(sum + e, total);
      } else {
        L::storePartial(fixed + e, x, n);
        L::storePartial(sum + e, total, n);
      }
    }
    finishLogSum(s, sum);
  }
};

// Paths: scalar, sse2, avx2, avx512, neon. Costs: bench/kernel_costs.cc on
// an AMD EPYC (Zen 4); NEON, not measurable here, is taken as SSE2's (two
// lanes as well).
inline constexpr auto kLogAccumulatePaths = simd::paths<LogAccumulateBody>(
    runLogAccumulate<jsLog>,
    {kLanes, 2 * kAccumulateChains<simd::Lanes<2>>,
     4 * kAccumulateChains<simd::Lanes<4>>,
     8 * kAccumulateChains<simd::Lanes<8>>,
     2 * kAccumulateChains<simd::Lanes<2>>},
    {0.11, 0.073, 0.041, 0.041, 0.073});

inline constexpr Kernel kLogAccumulate{
    .name = "logAccumulate",
    .params = kLogParams,
    .stateSize = 1,
    .iterations = logIterations,
    .paths = kLogAccumulatePaths,
    .fusedLog =
        scalarWith(kLogAccumulatePaths, runLogAccumulate<fma_math::jsLog>),
};

inline constexpr auto kLogSumPaths = simd::paths<LogSumBody>(
    runLogSum<jsLog>, {1, 2, 4, 8, 2}, {5.9, 6.3, 2.7, 1.95, 6.3});

inline constexpr Kernel kLogSum{
    .name = "logSum",
    .params = kLogParams,
    .stateSize = 2,
    .iterations = logIterations,
    .paths = kLogSumPaths,
    .fusedLog = scalarWith(kLogSumPaths, runLogSum<fma_math::jsLog>),
};

}  // namespace numpool::kernels
