// Which of V8's two pows (fdlibm_pow.h) the running Node has, told apart at
// load by a few probes: arguments where fdlibm's pow and glibc's differ in
// the last bit (measured: Node 20 and 22 give fdlibm's bits on all 12,
// Node 24 and 26 on Linux glibc's). The caller evaluates Math.pow(x, y) for
// each probe in JavaScript and hands the results to choosePow, which picks
// the algorithm that reproduces every one of them. With none (a Node whose
// pow is neither, e.g. a C library that differs from the local one), pow
// must be refused: no algorithm here is known to give its bits.
//
// For the binding and the compiler: kPowProbes is the list to evaluate (in
// order), choosePow the decision, jsPow and powFunction the chosen one.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <optional>
#include <span>

#include "fdlibm_pow.h"

namespace numpool {

enum class PowAlgorithm { Fdlibm, Libm };

struct PowProbe {
  double x;
  double y;
};

// Ordinary arguments (10 ** -5, pi ** 2.2, ...) where the two differ.
inline constexpr std::array<PowProbe, 12> kPowProbes{{
    {10.0, -5.0},
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
    {5.5, -5.0},
}};

inline double jsPow(PowAlgorithm algorithm, double x, double y) {
  return algorithm == PowAlgorithm::Fdlibm ? jsPowFdlibm(x, y)
                                           : jsPowLibm(x, y);
}

using PowFunction = double (*)(double, double);
inline PowFunction powFunction(PowAlgorithm algorithm) {
  return algorithm == PowAlgorithm::Fdlibm ? jsPowFdlibm : jsPowLibm;
}

// mathPow[i] = Math.pow(kPowProbes[i].x, kPowProbes[i].y) in the running
// Node. fdlibm is tried first: a C library built on fdlibm's pow would give
// the same bits either way, and fdlibm's runs in vectors.
inline std::optional<PowAlgorithm> choosePow(
    std::span<const double, kPowProbes.size()> mathPow) {
  for (const PowAlgorithm algorithm :
       {PowAlgorithm::Fdlibm, PowAlgorithm::Libm}) {
    bool all = true;
    for (std::size_t i = 0; i < kPowProbes.size(); ++i)
      all = all && std::bit_cast<std::uint64_t>(
                       jsPow(algorithm, kPowProbes[i].x, kPowProbes[i].y)) ==
                       std::bit_cast<std::uint64_t>(mathPow[i]);
    if (all) return algorithm;
  }
  return std::nullopt;
}

}  // namespace numpool
