// Nanoseconds per element of the Math ports that run in vectors (exp, sin,
// cos, both pows), scalar and on every SIMD path this CPU runs, one thread,
// best of 25 over 2^16 elements: the per-op costs for the compiler's
// estimate and the speedups of the vector ports. Build with the flags that
// ship, then run:
//   g++ -std=c++20 -O3 -ffp-contract=off -fno-math-errno -Wno-psabi
//     bench/math_costs.cc native/simd_dispatch.cc -o /tmp/math_costs
// Prints one JSON object: { function: { path: ns per element } }.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <random>
#include <string_view>
#include <vector>

#include "../native/kernels/targets.h"
#include "../native/kernels/vector_math.h"
#include "../native/simd_dispatch.h"

using namespace numpool;

namespace {

using Run = void (*)(const Slice&);

double bestNs(Run run, const std::vector<double>& in, std::size_t count,
              std::vector<double>& out) {
  double best = 1e300;
  for (int r = 0; r < 25; ++r) {
    const auto start = std::chrono::steady_clock::now();
    run({.in = in.data(),
         .out = out.data(),
         .state = nullptr,
         .count = count,
         .params = nullptr,
         .first = 0,
         .last = 0});
    const std::chrono::duration<double, std::nano> took =
        std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count());
  }
  return best / static_cast<double>(count);
}

struct Row {
  std::string_view name;
  std::uint32_t arity;
  std::array<Run, kSimdPathCount> paths{};  // by SimdPath
  // x uniform in [low, high]; pow's y in [-4, 4].
  double low;
  double high;
};

template <VectorMath op>
Row row(std::string_view name, double low, double high) {
  const auto table =
      simd::paths<simd::VectorMathRows<op>>(simd::scalarMathRows<op>, {}, {});
  Row r{.name = name, .arity = kVectorMathArity<op>, .low = low, .high = high};
  for (std::size_t p = 0; p < kSimdPathCount; ++p) r.paths[p] = table[p].run;
  return r;
}

}  // namespace

int main() {
  const Row rows[] = {
      row<VectorMath::Exp>("exp", -20, 20),
      row<VectorMath::Sin>("sin", -100, 100),
      row<VectorMath::Cos>("cos", -100, 100),
      row<VectorMath::PowFdlibm>("powFdlibm", 0, 100),
      row<VectorMath::PowLibm>("powLibm", 0, 100),
  };
  constexpr std::size_t kCount = 1 << 16;
  std::mt19937_64 random(1);
  std::vector<double> in(2 * kCount), out(kCount);
  std::printf("{");
  for (const Row& r : rows) {
    std::uniform_real_distribution<double> xs(r.low, r.high), ys(-4, 4);
    for (std::size_t i = 0; i < kCount; ++i) {
      in[i * r.arity] = xs(random);
      if (r.arity == 2) in[i * r.arity + 1] = ys(random);
    }
    std::printf("%s\n  \"%.*s\": {", &r == rows ? "" : ",",
                static_cast<int>(r.name.size()), r.name.data());
    const char* separator = "";
    for (const SimdPath path : supportedSimdPaths()) {
      const auto p = static_cast<std::size_t>(path);
      std::printf("%s\"%.*s\": %.2f", separator,
                  static_cast<int>(kSimdPathNames[p].size()),
                  kSimdPathNames[p].data(),
                  bestNs(r.paths[p], in, kCount, out));
      separator = ", ";
    }
    std::printf("}");
  }
  std::printf("\n}\n");
}
