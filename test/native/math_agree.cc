// The native ports of Math.* (native/kernels/fdlibm_*.h, hypot.h) against
// what Node's Math.* returned for the same arguments. test/fdlibm.test.js
// builds this, asks it which functions it checks (`--list`), writes their
// arguments and Node's results to a file and runs it on that file. It
// prints each function's count of mismatches and the first few in hex, and
// exits 1 on any mismatch or malformed input.
//
// To check another port, add a row to kFunctions: its label (unique), the
// Math function it must equal, the number of arguments, and the code that
// evaluates it over rows of arguments (`scalar<f>` for a scalar port,
// `onPath<simd::runAvx2<Body>>` etc. for a vector one, label "name/path",
// listed only where the CPU runs the path). Build with
// native/simd_dispatch.cc and native/kernels/fma_math.cc.
//
// pow: the algorithm is the running Node's, as the library picks it at load
// (math_choice.h): `--pow-probes` prints the probe arguments (hex bits),
// `--choose-pow HEX...` takes Math.pow of each and prints the op chosen
// (PowFdlibm, PowLibm, or none with exit status 1), and `--pow=OP` before
// the cases file makes the pow rows evaluate that one.
#include <algorithm>
#include <array>
#include <bit>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../../native/kernels/fdlibm_cbrt.h"
#include "../../native/kernels/fdlibm_exp.h"
#include "../../native/kernels/fdlibm_hyperbolic.h"
#include "../../native/kernels/fdlibm_inverse_trig.h"
#include "../../native/kernels/fdlibm_log.h"
#include "../../native/kernels/fdlibm_trig.h"
#include "../../native/kernels/hypot.h"
#include "../../native/kernels/js_integer.h"
#include "../../native/kernels/math_choice.h"
#include "../../native/kernels/targets.h"
#include "../../native/kernels/vector_math.h"
#include "../../native/simd_dispatch.h"

using namespace numpool;

namespace {

// count rows of `arity` arguments each, one result per row.
using Evaluate = void (*)(const double* args, std::size_t count, double* out);

struct Function {
  std::string_view label;
  std::string_view mathName;
  std::uint32_t arity;
  Evaluate evaluate;
  SimdPath path = SimdPath::Scalar;  // listed where the CPU runs it
};

template <double (*f)(double)>
void scalar(const double* args, std::size_t count, double* out) {
  for (std::size_t i = 0; i < count; ++i) out[i] = f(args[i]);
}

template <double (*f)(double, double)>
void scalar(const double* args, std::size_t count, double* out) {
  for (std::size_t i = 0; i < count; ++i)
    out[i] = f(args[2 * i], args[2 * i + 1]);
}

template <std::size_t arity>
void hypotOf(const double* args, std::size_t count, double* out) {
  for (std::size_t i = 0; i < count; ++i)
    out[i] = jsHypot(args + i * arity, arity);
}

bool libmPow = false;  // --pow=PowLibm

// Rows through a kernel path (targets.h): scalar or one instruction set.
template <void (*run)(const Slice&)>
void onPath(const double* args, std::size_t count, double* out) {
  run({.in = args,
       .out = out,
       .state = nullptr,
       .count = count,
       .params = nullptr,
       .first = 0,
       .last = 0});
}
// pow in the algorithm --pow chose.
template <void (*fdlibm)(const Slice&), void (*libm)(const Slice&)>
void onChosenPow(const double* args, std::size_t count, double* out) {
  if (libmPow)
    onPath<libm>(args, count, out);
  else
    onPath<fdlibm>(args, count, out);
}
template <VectorMath op>
using Rows = simd::VectorMathRows<op>;

// The vector ports on one path: label "name/path".
#define NUMPOOL_VECTOR_ROWS(run, path, suffix)                               \
  {"exp/" suffix, "exp", 1, onPath<run<Rows<VectorMath::Exp>>>, path},       \
      {"sin/" suffix, "sin", 1, onPath<run<Rows<VectorMath::Sin>>>, path},   \
      {"cos/" suffix, "cos", 1, onPath<run<Rows<VectorMath::Cos>>>, path}, { \
    "pow/" suffix, "pow", 2,                                                 \
        onChosenPow<run<Rows<VectorMath::PowFdlibm>>,                        \
                    run<Rows<VectorMath::PowLibm>>>,                         \
        path                                                                 \
  }

constexpr Function kFunctions[] = {
    {"exp", "exp", 1, scalar<jsExp>},
    {"expm1", "expm1", 1, scalar<jsExpm1>},
    {"log", "log", 1, scalar<jsLog>},
    {"log1p", "log1p", 1, scalar<jsLog1p>},
    {"log2", "log2", 1, scalar<jsLog2>},
    {"log10", "log10", 1, scalar<jsLog10>},
    {"asin", "asin", 1, scalar<jsAsin>},
    {"acos", "acos", 1, scalar<jsAcos>},
    {"atan", "atan", 1, scalar<jsAtan>},
    {"atan2", "atan2", 2, scalar<jsAtan2>},
    {"sinh", "sinh", 1, scalar<jsSinh>},
    {"cosh", "cosh", 1, scalar<jsCosh>},
    {"tanh", "tanh", 1, scalar<jsTanh>},
    {"asinh", "asinh", 1, scalar<jsAsinh>},
    {"acosh", "acosh", 1, scalar<jsAcosh>},
    {"atanh", "atanh", 1, scalar<jsAtanh>},
    {"cbrt", "cbrt", 1, scalar<jsCbrt>},
    // The two-argument form the compiled functions use most, and the
    // general one.
    {"hypot", "hypot", 2,
     scalar<static_cast<double (*)(double, double)>(jsHypot)>},
    {"hypot/0", "hypot", 0, hypotOf<0>},
    {"hypot/1", "hypot", 1, hypotOf<1>},
    {"hypot/3", "hypot", 3, hypotOf<3>},
    {"hypot/5", "hypot", 5, hypotOf<5>},
    {"sin", "sin", 1, scalar<jsSin>},
    {"cos", "cos", 1, scalar<jsCos>},
    {"tan", "tan", 1, scalar<jsTan>},
    {"pow", "pow", 2,
     onChosenPow<simd::scalarMathRows<VectorMath::PowFdlibm>,
                 simd::scalarMathRows<VectorMath::PowLibm>>},
    {"clz32", "clz32", 1, scalar<jsClz32>},
    {"imul", "imul", 2, scalar<jsImul>},
#if defined(__x86_64__) && defined(__GNUC__)
    NUMPOOL_VECTOR_ROWS(simd::runSse2, SimdPath::Sse2, "sse2"),
    NUMPOOL_VECTOR_ROWS(simd::runAvx2, SimdPath::Avx2, "avx2"),
    NUMPOOL_VECTOR_ROWS(simd::runAvx512, SimdPath::Avx512, "avx512"),
#elif defined(__aarch64__) && defined(__GNUC__)
    NUMPOOL_VECTOR_ROWS(simd::runNeon, SimdPath::Neon, "neon"),
#endif
};

bool available(const Function& f) {
  static const std::vector<SimdPath> paths = supportedSimdPaths();
  return std::find(paths.begin(), paths.end(), f.path) != paths.end();
}

constexpr int kShownPerFunction = 8;

std::uint64_t bitsOf(double x) { return std::bit_cast<std::uint64_t>(x); }

bool sameValue(double a, double b) {  // Object.is
  return bitsOf(a) == bitsOf(b) || (std::isnan(a) && std::isnan(b));
}

template <class T>
bool read(std::FILE* file, T* values, std::size_t count) {
  return std::fread(values, sizeof(T), count, file) == count;
}

// Checks one record: label, arity, count, the arguments, Node's results.
// Returns the mismatches, or -1 if the record is malformed.
long checkRecord(std::FILE* file, std::uint32_t labelLength,
                 std::size_t* inputs) {
  std::string label(labelLength, '\0');
  std::uint32_t header[2];  // arity, count
  if (!read(file, label.data(), labelLength) || !read(file, header, 2)) {
    std::printf("truncated record header\n");
    return -1;
  }
  const Function* function = nullptr;
  for (const Function& f : kFunctions)
    if (f.label == label && available(f)) function = &f;
  if (function == nullptr || function->arity != header[0]) {
    std::printf("%s/%" PRIu32 ": no such function here\n", label.c_str(),
                header[0]);
    return -1;
  }
  const std::uint32_t arity = header[0];
  const std::size_t count = header[1];
  std::vector<double> args(count * arity), expected(count), got(count);
  if (!read(file, args.data(), args.size()) ||
      !read(file, expected.data(), count)) {
    std::printf("%s: truncated after %zu inputs\n", label.c_str(), count);
    return -1;
  }
  function->evaluate(args.data(), count, got.data());
  *inputs += count;
  long mismatches = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (sameValue(got[i], expected[i])) continue;
    if (++mismatches > kShownPerFunction) continue;
    std::printf("  %.*s(", static_cast<int>(function->mathName.size()),
                function->mathName.data());
    for (std::uint32_t a = 0; a < arity; ++a)
      std::printf("%s0x%016" PRIx64 " %a", a == 0 ? "" : ", ",
                  bitsOf(args[i * arity + a]), args[i * arity + a]);
    std::printf(") gives 0x%016" PRIx64 " %a, Math 0x%016" PRIx64 " %a\n",
                bitsOf(got[i]), got[i], bitsOf(expected[i]), expected[i]);
  }
  std::printf("%s: %zu inputs, %ld mismatches\n", label.c_str(), count,
              mismatches);
  return mismatches;
}

constexpr const MathChoice& kPow = mathChoice("pow");

// --choose-pow: Math.pow of each probe, as hex bits, in kPow's order.
int choosePowFromArguments(int count, char** hex) {
  std::vector<double> results;
  for (int i = 0; i < count; ++i)
    results.push_back(
        std::bit_cast<double>(std::strtoull(hex[i], nullptr, 16)));
  const MathCandidate* chosen = choosePort(kPow, results);
  std::printf("%.*s\n", chosen ? static_cast<int>(chosen->op.size()) : 4,
              chosen ? chosen->op.data() : "none");
  return chosen ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "--list") == 0) {
    for (const Function& f : kFunctions)
      if (available(f))
        std::printf("%.*s %.*s %" PRIu32 "\n", static_cast<int>(f.label.size()),
                    f.label.data(), static_cast<int>(f.mathName.size()),
                    f.mathName.data(), f.arity);
    return 0;
  }
  if (argc == 2 && std::strcmp(argv[1], "--pow-probes") == 0) {
    for (const MathProbe& p : kPow.probes)
      std::printf("%016" PRIx64 " %016" PRIx64 "\n", bitsOf(p.x), bitsOf(p.y));
    return 0;
  }
  if (argc >= 2 && std::strcmp(argv[1], "--choose-pow") == 0)
    return choosePowFromArguments(argc - 2, argv + 2);
  if (argc == 3 && std::strcmp(argv[1], "--pow=PowLibm") == 0) {
    libmPow = true;
    --argc;
    ++argv;
  } else if (argc == 3 && std::strcmp(argv[1], "--pow=PowFdlibm") == 0) {
    --argc;
    ++argv;
  }
  if (argc != 2) {
    std::fprintf(stderr,
                 "usage: %s --list | --pow-probes | --choose-pow HEX... | "
                 "[--pow=PowFdlibm|PowLibm] CASES_FILE\n",
                 argv[0]);
    return 2;
  }
  std::FILE* file = std::fopen(argv[1], "rb");
  if (file == nullptr) {
    std::perror(argv[1]);
    return 2;
  }
  std::size_t inputs = 0;
  long mismatches = 0;
  bool malformed = false;
  std::uint32_t labelLength;
  while (read(file, &labelLength, 1)) {
    const long found = checkRecord(file, labelLength, &inputs);
    if (found < 0) {
      malformed = true;
      break;
    }
    mismatches += found;
  }
  std::fclose(file);
  std::printf("total: %zu inputs, %ld mismatches\n", inputs, mismatches);
  return malformed || mismatches > 0 ? 1 : 0;
}
