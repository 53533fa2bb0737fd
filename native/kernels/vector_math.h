// The Math functions with vector ports, by name, each beside its scalar port
// (bit for bit the same): for code that picks one per operation (the
// compiled-function interpreter, test/native/math_agree.cc,
// bench/math_costs.cc). pow comes in V8's two algorithms; pow_choice.h
// says which one the running Node uses.
#pragma once

#include <algorithm>
#include <cstdint>

#include "fdlibm_exp.h"
#include "fdlibm_pow.h"
#include "fdlibm_trig.h"
#include "kernel.h"
#include "vector_exp.h"
#include "vector_pow.h"
#include "vector_trig.h"

namespace numpool {

enum class VectorMath { Exp, Sin, Cos, PowFdlibm, PowLibm };

template <VectorMath op>
inline constexpr std::uint32_t kVectorMathArity =
    op == VectorMath::PowFdlibm || op == VectorMath::PowLibm ? 2 : 1;

// op of args[0] (and args[1]).
template <VectorMath op>
inline double scalarMath(const double* args) {
  if constexpr (op == VectorMath::Exp) return jsExp(args[0]);
  if constexpr (op == VectorMath::Sin) return jsSin(args[0]);
  if constexpr (op == VectorMath::Cos) return jsCos(args[0]);
  if constexpr (op == VectorMath::PowFdlibm)
    return jsPowFdlibm(args[0], args[1]);
  if constexpr (op == VectorMath::PowLibm) return jsPowLibm(args[0], args[1]);
}

namespace simd {

template <VectorMath op, class L>
[[gnu::always_inline]] inline typename L::F vectorMath(
    const typename L::F* args) {
  if constexpr (op == VectorMath::Exp) return vectorExp<L>(args[0]);
  if constexpr (op == VectorMath::Sin) return vectorSin<L>(args[0]);
  if constexpr (op == VectorMath::Cos) return vectorCos<L>(args[0]);
  if constexpr (op == VectorMath::PowFdlibm)
    return vectorPowFdlibm<L>(args[0], args[1]);
  if constexpr (op == VectorMath::PowLibm)
    return vectorPowLibm<L>(args[0], args[1]);
}

// A kernel body (targets.h) mapping rows of arguments to results: s.in holds
// s.count rows of kVectorMathArity<op> doubles each, s.out gets one result
// per row. A last partial vector is padded with 1.
template <VectorMath op>
struct VectorMathRows {
  template <class L>
  [[gnu::always_inline]] static void run(const Slice& s) {
    constexpr std::size_t kWidth = L::kWidth;
    constexpr std::uint32_t kArity = kVectorMathArity<op>;
    for (std::size_t row = 0; row < s.count; row += kWidth) {
      const std::size_t n = std::min(kWidth, s.count - row);
      typename L::F args[kArity];
      if (kArity == 1 && n == kWidth) {
        args[0] = L::load(s.in + row);
      } else {
        gather<L, kArity>(s.in + row * kArity, n, args);
      }
      if (n == kWidth)
        L::store(s.out + row, vectorMath<op, L>(args));
      else
        L::storePartial(s.out + row, vectorMath<op, L>(args), n);
    }
  }
  // Columns of n (<= W) rows of kArity arguments into vectors.
  template <class L, std::uint32_t kArity>
  [[gnu::always_inline]] static void gather(const double* rows, std::size_t n,
                                            typename L::F* args) {
    constexpr std::size_t kWidth = L::kWidth;
    for (std::uint32_t k = 0; k < kArity; ++k) {
      double column[kWidth];
      for (std::size_t j = 0; j < kWidth; ++j)
        column[j] = j < n ? rows[j * kArity + k] : 1.0;
      args[k] = L::load(column);
    }
  }
};

// The same rows through the scalar port.
template <VectorMath op>
void scalarMathRows(const Slice& s) {
  constexpr std::uint32_t kArity = kVectorMathArity<op>;
  for (std::size_t row = 0; row < s.count; ++row)
    s.out[row] = scalarMath<op>(s.in + row * kArity);
}

}  // namespace simd
}  // namespace numpool
