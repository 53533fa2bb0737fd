// Every kernel path this CPU runs gives the scalar reference path's bits
// (which test/*.test.js hold to JavaScript's). Built for another
// architecture and run under an emulator by `npm run check:arm64`, it
// proves the NEON path where no arm64 machine is at hand. Exit status 1 on
// the first difference.
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <vector>

#include "../../native/kernels/registry.h"
#include "../../native/simd_dispatch.h"

using namespace numpool;

namespace {

std::vector<double> inputs() {
  std::vector<double> values = {0.0,
                                -0.0,
                                -1.0,
                                std::numeric_limits<double>::quiet_NaN(),
                                std::numeric_limits<double>::infinity(),
                                -std::numeric_limits<double>::infinity(),
                                std::numeric_limits<double>::denorm_min(),
                                std::numeric_limits<double>::min(),
                                std::numeric_limits<double>::max(),
                                1.0,
                                1.38,
                                1.42};
  for (int e = -1074; e <= 1023; ++e) {
    const double p = std::ldexp(1.0, e);
    values.insert(values.end(),
                  {p, std::nextafter(p, 0.0), std::nextafter(p, 4.0)});
  }
  std::uint64_t state = 0x9e3779b97f4a7c15;
  for (int i = 0; i < 100'003; ++i) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    values.push_back(std::bit_cast<double>(state));
  }
  return values;
}

std::vector<double> run(const Kernel& kernel, const KernelPath& path,
                        const std::vector<double>& in, const double* params) {
  std::vector<double> out(in.size()), state(in.size() * kernel.stateSize);
  path.run({.in = in.data(),
            .out = out.data(),
            .state = state.data(),
            .count = in.size(),
            .params = params,
            .first = 0,
            .last = kernel.iterations(params)});
  return out;
}

}  // namespace

int main() {
  const std::vector<double> in = inputs();
  const double logParams[][2] = {{1, 0.1}, {5, -0.3}, {7, 1e-300}};
  int failures = 0;
  for (const Kernel* kernel : kKernels)
    for (const auto& params : logParams) {
      const auto scalar = run(*kernel, kernel->paths[0], in, params);
      for (SimdPath p : supportedSimdPaths()) {
        const auto name = kSimdPathNames[static_cast<std::size_t>(p)];
        const auto got = run(
            *kernel, kernel->paths[static_cast<std::size_t>(p)], in, params);
        bool same = true;
        for (std::size_t e = 0; e < in.size(); ++e)
          if (std::bit_cast<std::uint64_t>(got[e]) !=
                  std::bit_cast<std::uint64_t>(scalar[e]) &&
              !(std::isnan(got[e]) && std::isnan(scalar[e]))) {
            std::printf("%s %s: element %zu (%a) gives %a, scalar %a\n",
                        name.data(), kernel->name.data(), e, in[e], got[e],
                        scalar[e]);
            same = false;
            break;
          }
        std::printf("%s %s iterations %g: %s\n", name.data(),
                    kernel->name.data(), params[0],
                    same ? "same bits" : "DIFFERS");
        failures += same ? 0 : 1;
      }
    }
  return failures ? 1 : 0;
}
