// Every kernel path this CPU runs gives the scalar reference path's bits
// (which test/*.test.js hold to JavaScript's). Built for another
// architecture and run under an emulator by `npm run check:arm64`, it
// proves the NEON path where no arm64 machine is at hand, and there the
// fused builds' vector forms (fma_math.h) against the same builds lane by
// lane. Exit status 1 on the first difference.
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <vector>

#include "../../native/kernels/fma_math.h"
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

// Where this target has them, the vector forms of the fused builds against
// their scalar functions, on `in` and 600,000 doubles spread over exp's
// range and trig's Cody-Waite range, where random bits seldom land.
int fusedVectorsDiffer(std::vector<double> in) {
  if (fma_math::kExpVectors == nullptr) return 0;
  std::uint64_t state = 0x2545f4914f6cdd1d;
  for (const double width : {800.0, 12.0, 1.7e6})
    for (int i = 0; i < 200'000; ++i) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      in.push_back(width * (static_cast<double>(state >> 11) * 0x1p-52 - 1));
    }
  in.resize(in.size() & ~std::size_t{1});  // whole vectors
  struct Fused {
    const char* name;
    double (*lane)(double);
    fma_math::OverVectors vectors;
  };
  int failures = 0;
  for (const Fused& f :
       {Fused{"exp", fma_math::jsExp, fma_math::kExpVectors},
        Fused{"sin", fma_math::jsSin, fma_math::kSinVectors},
        Fused{"cos", fma_math::jsCos, fma_math::kCosVectors}}) {
    std::vector<double> got(in.size());
    f.vectors(in.data(), got.data(), in.size());
    std::size_t differ = 0;
    for (std::size_t e = 0; e < in.size(); ++e) {
      const double want = f.lane(in[e]);
      if (std::bit_cast<std::uint64_t>(got[e]) !=
              std::bit_cast<std::uint64_t>(want) &&
          !(std::isnan(got[e]) && std::isnan(want)) && differ++ == 0)
        std::printf("fused %s: %a gives %a in vectors, %a lane by lane\n",
                    f.name, in[e], got[e], want);
    }
    std::printf("fused %s in vectors: %zu of %zu differ\n", f.name, differ,
                in.size());
    failures += differ != 0 ? 1 : 0;
  }
  return failures;
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
  failures += fusedVectorsDiffer(in);
  return failures ? 1 : 0;
}
