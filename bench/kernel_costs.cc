// numpool's own kernels, every SIMD path this CPU runs, timed on one thread
// without JavaScript around them: the figures the kernel descriptors hold
// (nsPerIteration). bench/kernels.js compiles this with the flags that ship
// (no -march), so it measures the code numpool runs. Prints one JSON object:
// { path: { kernel: nanoseconds per element and iteration } }.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "../native/kernels/registry.h"
#include "../native/simd_dispatch.h"

using namespace numpool;

namespace {

double bestNs(const KernelPath& path, const Kernel& kernel,
              const std::vector<double>& in, std::vector<double>& out,
              const double* params) {
  std::vector<double> state(in.size() * kernel.stateSize);
  const std::uint64_t iterations = kernel.iterations(params);
  double best = 1e300;
  for (int r = 0; r < 3; ++r) {
    const auto start = std::chrono::steady_clock::now();
    path.run({.in = in.data(),
              .out = out.data(),
              .state = state.data(),
              .count = in.size(),
              .params = params,
              .first = 0,
              .last = iterations});
    const std::chrono::duration<double, std::nano> took =
        std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count());
  }
  return best / (static_cast<double>(in.size()) * iterations);
}

}  // namespace

int main() {
  std::vector<double> small(100), smallOut(100);
  for (std::size_t e = 0; e < small.size(); ++e)
    small[e] = 1 + static_cast<double>((e * 7919) % 1000);
  std::vector<double> big(10'000'000, 1.5), bigOut(big.size(), 0.0);
  const double accumulate[] = {1e6, 0.01}, sum[] = {2e4, 0.1};
  const char* separator = "{";
  for (SimdPath p : supportedSimdPaths()) {
    const auto index = static_cast<std::size_t>(p);
    std::printf("%s\"%s\":{\"logAccumulate\":%g,\"logSum\":%g,\"square\":%g}",
                separator, kSimdPathNames[index].data(),
                bestNs(kernels::kLogAccumulate.paths[index],
                       kernels::kLogAccumulate, small, smallOut, accumulate),
                bestNs(kernels::kLogSum.paths[index], kernels::kLogSum, small,
                       smallOut, sum),
                bestNs(kernels::kSquare.paths[index], kernels::kSquare, big,
                       bigOut, nullptr));
    separator = ",";
  }
  std::printf("}\n");
}
