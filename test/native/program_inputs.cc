// The Input and Index ops where JavaScript cannot reach: a chunk whose first
// element's index is near 2^53 (no array is that long), on every SIMD path
// this CPU runs, and programs checked against their map's input count.
// Linked with the addon's own objects by test/inputs.test.js; prints the
// failures and exits non-zero on any.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "../../native/program/kernel.h"
#include "../../native/simd_dispatch.h"

namespace {

using numpool::program::Chunk;
using numpool::program::kWords;
using numpool::program::Op;
using numpool::program::ProgramMap;

int failures = 0;

void check(bool ok, const char* what, double got, double want) {
  if (!ok && ++failures <= 20)
    std::printf("FAILED: %s: got %.17g, expected %.17g\n", what, got, want);
}

std::vector<std::int32_t> code(
    std::initializer_list<std::vector<std::int32_t>> instructions) {
  std::vector<std::int32_t> words;
  for (const auto& instruction : instructions) {
    std::vector<std::int32_t> padded(instruction);
    padded.resize(kWords, 0);
    words.insert(words.end(), padded.begin(), padded.end());
  }
  return words;
}

constexpr std::int32_t op(Op o) { return static_cast<std::int32_t>(o); }

// Runs chunk 0 of `map` to completion over `inputs`, from index `index`.
void run(ProgramMap& map, const std::vector<const double*>& inputs,
         std::uint64_t index, std::vector<double>& out) {
  map.plan(out.size(), 1, 1);
  const Chunk chunk{inputs.data(), index, out.data(), out.size()};
  while (!map.step(0, chunk)) {
  }
}

}  // namespace

int main() {
  constexpr std::uint64_t kTop = (std::uint64_t{1} << 53) - 1;
  for (const numpool::SimdPath path : numpool::supportedSimdPaths()) {
    // result = index, for a chunk whose last element is 2^53 - 1: 131
    // elements, two full blocks and a partial one.
    {
      ProgramMap map(code({{op(Op::Index), 1}}), {}, 2, 1, 1, path);
      check(map.check().empty(), "Index program valid", 0, 0);
      std::vector<double> in(131, 0.0), out(131, -1.0);
      const std::uint64_t first = kTop - 130;
      run(map, {in.data()}, first, out);
      for (std::size_t j = 0; j < out.size(); ++j)
        check(out[j] == static_cast<double>(first + j), "index near 2^53",
              out[j], static_cast<double>(first + j));
      check(out.back() == 9007199254740991.0, "index 2^53 - 1", out.back(),
            9007199254740991.0);
    }
    // result = input 0 * index + input 2 (input 1 unread), from index 1000.
    {
      ProgramMap map(code({{op(Op::Index), 2},
                           {op(Op::Input), 3, 2},
                           {op(Op::Mul), 4, 0, 2},
                           {op(Op::Add), 1, 4, 3}}),
                     {}, 5, 1, 3, path);
      check(map.check().empty(), "Input program valid", 0, 0);
      std::vector<double> a(70), b(70, NAN), c(70), out(70);
      for (std::size_t j = 0; j < a.size(); ++j) {
        a[j] = 0.5 * static_cast<double>(j);
        c[j] = 3.0 - static_cast<double>(j);
      }
      run(map, {a.data(), b.data(), c.data()}, 1000, out);
      for (std::size_t j = 0; j < out.size(); ++j) {
        const double want = a[j] * static_cast<double>(1000 + j) + c[j];
        check(out[j] == want, "inputs 0 and 2 with the index", out[j], want);
      }
    }
    // Input 2 of a 2-input map, or an input count out of range: invalid.
    {
      ProgramMap beyond(code({{op(Op::Input), 1, 2}}), {}, 2, 1, 2, path);
      check(!beyond.check().empty(), "Input 2 of 2 inputs refused", 0, 0);
      ProgramMap none(code({{op(Op::Index), 1}}), {}, 2, 1, 0, path);
      check(!none.check().empty(), "0 inputs refused", 0, 0);
      ProgramMap many(code({{op(Op::Index), 1}}), {}, 2, 1,
                      numpool::program::kMaxInputs + 1, path);
      check(!many.check().empty(), "17 inputs refused", 0, 0);
    }
  }
  if (failures == 0) std::printf("ok\n");
  return failures == 0 ? 0 : 1;
}
