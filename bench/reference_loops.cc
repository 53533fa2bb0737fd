// The practical limit numpool's kernels are compared with: each kernel as a
// plain hand-written C++ loop, compiled by bench/kernels.js with
// -O3 -march=native (dev only; nothing ships from here), and memcpy of the
// same bytes as square. Prints one JSON object of nanoseconds per element
// and iteration (per element for square and memcpy; per addition for
// `addition`, one serial chain of `x += step`: the latency that bounds any
// one element's logAccumulate however many threads run), best of five runs.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

#include "../native/kernels/fdlibm_log.h"

using numpool::jsLog;

namespace {

template <class F>
double bestNs(F run) {
  double best = 1e300;
  for (int r = 0; r < 5; ++r) {
    const auto start = std::chrono::steady_clock::now();
    run();
    const std::chrono::duration<double, std::nano> took =
        std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count());
  }
  return best;
}

// Elements in flight: the interchanged loop lets the compiler keep 32
// independent chains in vector registers.
constexpr int kBlock = 32;

void logAccumulate(const double* in, double* out, int n, long iterations,
                   double step) {
  for (int base = 0; base < n; base += kBlock) {
    const int lanes = std::min(kBlock, n - base);
    double chain[kBlock] = {};
    std::copy_n(in + base, lanes, chain);
    for (long i = 0; i + 1 < iterations; ++i)
      for (double& x : chain) x += step;
    for (int e = 0; e < lanes; ++e) out[base + e] = jsLog(chain[e]);
  }
}

void logSum(const double* in, double* out, int n, long iterations,
            double step) {
  for (int e = 0; e < n; ++e) {
    double x = in[e], total = 0;
    for (long i = 0; i < iterations; ++i) {
      total += jsLog(x);
      x += step;
    }
    out[e] = total;
  }
}

}  // namespace

int main() {
  constexpr int kSmall = 100;
  std::vector<double> in(kSmall), out(kSmall);
  for (int e = 0; e < kSmall; ++e) in[e] = 1 + (e * 7919) % 1000;
  const long accIterations = 10'000'000, sumIterations = 100'000;
  const double acc =
      bestNs([&] {
        logAccumulate(in.data(), out.data(), kSmall, accIterations, 0.01);
      }) /
      (double(kSmall) * accIterations);
  const double sum =
      bestNs(
          [&] { logSum(in.data(), out.data(), kSmall, sumIterations, 0.1); }) /
      (double(kSmall) * sumIterations);
  constexpr std::size_t kBig = 10'000'000;
  std::vector<double> big(kBig, 1.5), result(kBig, 0.0);
  const double square = bestNs([&] {
                          for (std::size_t i = 0; i < kBig; ++i)
                            result[i] = big[i] * big[i];
                        }) /
                        kBig;
  const double copy =
      bestNs([&] {
        std::memcpy(result.data(), big.data(), kBig * sizeof(double));
      }) /
      kBig;
  constexpr long kChain = 20'000'000;
  double chained = in[0];
  const double addition = bestNs([&] {
                            double x = in[0];
                            for (long i = 0; i < kChain; ++i) x += 0.01;
                            chained = x;
                          }) /
                          kChain;
  std::printf(
      "{\"logAccumulate\":%g,\"logSum\":%g,\"square\":%g,\"memcpy\":%g,"
      "\"addition\":%g,\"check\":%g}\n",
      acc, sum, square, copy, addition, out[0] + result[kBig - 1] + chained);
}
