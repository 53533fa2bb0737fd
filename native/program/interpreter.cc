// The lockstep interpreter: one dispatch per instruction and block of kLanes
// elements, each instruction a plain loop over the lanes that the compiler
// vectorises. Arithmetic runs on every lane (it has no side effects; lanes
// outside the current mask compute values nobody reads); only assignments
// to variables and the result honour the mask.
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <span>
#include <utility>
#include <vector>

#include "../kernels/fdlibm_cbrt.h"
#include "../kernels/fdlibm_hyperbolic.h"
#include "../kernels/fdlibm_inverse_trig.h"
#include "../kernels/fdlibm_log.h"
#include "../kernels/fma_math.h"
#include "../kernels/hypot.h"
#include "../kernels/js_integer.h"
#include "../kernels/targets.h"
#include "../kernels/vector_log.h"
#include "../kernels/vector_math.h"
#include "../reduction.h"
#include "blocks.h"
#include "kernel.h"
#include "program.h"

namespace numpool::program {
namespace {

inline bool truthy(double v) { return v == v && v != 0.0; }

double jsRound(double x) {
  // Beyond 2^52 every double is an integer (and NaN, ±Infinity stay).
  if (!(std::fabs(x) < 4503599627370496.0)) return x;
  double r = std::floor(x);
  if (x - r >= 0.5) r += 1.0;  // exact: the fraction of a double is exact
  return r == 0.0 && std::signbit(x) ? -0.0 : r;
}

double jsSign(double x) {
  if (x > 0) return 1.0;
  if (x < 0) return -1.0;
  return x;  // NaN, +0, -0
}

// JavaScript's x % y where exactModHolds(x, y): x and y integers, y finite
// and nonzero, |x| <= 2^52. Then trunc(x / y) is the exact quotient: were
// x / y not an integer, it lies at least 1/|y| from every integer, and
// rounding it moves it at most |x / y| * 2^-53 <= 1/(2|y|), so never across
// one (integers up to 2^52 are doubles). x - q * y is then an integer no
// larger than |x|, exact, and the sign of x makes -4 % 2 -0. glibc's fmod
// instead subtracts bit by bit, slow for the trial division of integer code.
inline bool exactModHolds(double x, double y) {
  return std::fabs(x) <= 0x1p52 && std::trunc(x) == x && std::trunc(y) == y &&
         y != 0.0 && std::fabs(y) <= 0x1.fffffffffffffp1023;
}
inline double exactMod(double x, double y) {
  return std::copysign(x - std::trunc(x / y) * y, x);
}
// The other lanes, through fmod. Out of line: inlined, the compiler calls
// fmod on every lane (it has no side effects) and then picks.
[[gnu::noipa]] void inexactMods(Lanes& value, const Lanes& x, const Lanes& y) {
  for (std::size_t i = 0; i < kLanes; ++i)
    if (!exactModHolds(x[i], y[i])) value[i] = std::fmod(x[i], y[i]);
}

// Math.min/max of two vectors: NaN wins; equal values are the same bits
// except ±0, where min ors the sign in and max ands it out.
template <class L, bool kMin>
[[gnu::always_inline]] inline typename L::F vectorMinMax(typename L::F a,
                                                         typename L::F b) {
  using U = typename L::U;
  const U pick = reinterpret_cast<U>(kMin ? a < b : a > b);
  const U equal = reinterpret_cast<U>(a == b);
  const U nan = reinterpret_cast<U>(a != a) | reinterpret_cast<U>(b != b);
  const U ab = reinterpret_cast<U>(a);
  const U bb = reinterpret_cast<U>(b);
  U r = (pick & ab) | (~pick & bb);
  r = (equal & (kMin ? ab | bb : ab & bb)) | (~equal & r);
  r = (nan & reinterpret_cast<U>(L::splat(NAN))) | (~nan & r);
  return reinterpret_cast<typename L::F>(r);
}

// One lane of it, for the ops that run lane by lane.
template <bool kMin>
double jsMinMax(double a, double b) {
  using L = simd::Lanes<1>;
  return vectorMinMax<L, kMin>(L::splat(a), L::splat(b))[0];
}

// d on lanes where m is all ones, else keep, as bits.
inline double blendBits(double d, double keep, std::uint64_t m) {
  return std::bit_cast<double>((std::bit_cast<std::uint64_t>(d) & m) |
                               (std::bit_cast<std::uint64_t>(keep) & ~m));
}

// Math.log of a vector: fdlibm lane-wise (vector_log.h) on the vector
// paths; the portable path keeps the scalar reference.
template <class L>
[[gnu::always_inline]] inline typename L::F jsLogOf(typename L::F x) {
  if constexpr (L::kWidth == 1)
    return L::splat(jsLog(x[0]));
  else
    return simd::vectorLog<L>(x);
}

// An op on whole vectors, for ops the compiler would not vectorise from a
// lane loop. Each group of lanes is read before it is written, so dst may be
// an operand; masked, only the current lanes are written.
template <class L, typename F>
[[gnu::always_inline]] inline void vectorBinary(Lanes& dst, const Lanes& left,
                                                const Lanes& right,
                                                const Mask* mask, F f) {
  using U = typename L::U;
  constexpr std::size_t W = L::kWidth;
  for (std::size_t i = 0; i < kLanes; i += W) {
    auto v = f(L::load(left.data() + i), L::load(right.data() + i));
    if (mask != nullptr) {
      U on;
      __builtin_memcpy(&on, mask->data() + i, sizeof on);
      const U keep = reinterpret_cast<U>(L::load(dst.data() + i));
      v = reinterpret_cast<decltype(v)>((reinterpret_cast<U>(v) & on) |
                                        (keep & ~on));
    }
    L::store(dst.data() + i, v);
  }
}

// Unmasked, the destination is a fresh temporary, never an operand, hence
// __restrict; masked or in place (an assignment), it may be one: x = x + 1.
template <typename F>
inline void binary(Lanes& dst, const Lanes& left, const Lanes& right,
                   const Mask* mask, bool inPlace, F f) {
  if (inPlace) {
    for (std::size_t i = 0; i < kLanes; ++i) dst[i] = f(left[i], right[i]);
    return;
  }
  if (mask == nullptr) {
    double* __restrict d = dst.data();
    const double* __restrict a = left.data();
    const double* __restrict b = right.data();
    for (std::size_t i = 0; i < kLanes; ++i) d[i] = f(a[i], b[i]);
    return;
  }
  for (std::size_t i = 0; i < kLanes; ++i)
    dst[i] = blendBits(f(left[i], right[i]), dst[i], (*mask)[i]);
}

// A unary op as a binary one whose second operand is the first, unread.
template <typename F>
inline void unary(Lanes& dst, const Lanes& src, const Mask* mask, bool inPlace,
                  F f) {
  binary(dst, src, src, mask, inPlace, [f](double x, double) { return f(x); });
}

template <typename F>
inline void maskFrom(Mask& cur, const Mask& m, const Lanes& a, F keep) {
  for (std::size_t i = 0; i < kLanes; ++i) cur[i] = keep(a[i]) ? m[i] : 0;
}

bool any(const Mask& m) {
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < kLanes; ++i) bits |= m[i];
  return bits != 0;
}

// What one instruction costs over a block, in ns, as the budget of a slice
// counts it: the op table's estimate per element for a block's lanes.
constexpr std::array<double, kOps.size()> kBlockNs = [] {
  std::array<double, kOps.size()> ns{};
  for (std::size_t op = 0; op < kOps.size(); ++op)
    ns[op] = kOps[op].nsPerElement * static_cast<double>(kLanes);
  return ns;
}();
// Starting a block copies its input in and its result out: two Movs.
constexpr double kBlockCopyNs = 2 * kBlockNs[static_cast<std::size_t>(Op::Mov)];
// Trading two lanes, per register and mask: a Mov's per element, twice.
constexpr double kSwapNs =
    2 * kOps[static_cast<std::size_t>(Op::Mov)].nsPerElement;

// One instruction of a repeated body, decoded: its op, its registers (a
// unary op reads its operand a twice) and their slots (kSlots).
struct BodyOp {
  Op op;
  std::int32_t d, a, b;
  std::size_t slotD, slotA, slotB;
};

// Registers a repeated body may use to run in vector registers: the block's
// lanes go through in groups, each group's slots held in kSlots x N vectors
// for all iterations. A body with more runs through the register file.
inline constexpr std::size_t kSlots = 3;

// Lambdas inlined early, before their captures would turn the values they
// reach into memory.
#define NUMPOOL_INLINE __attribute__((always_inline))

// A Math function with a vector port (vector_math.h), of x (and y): the
// port on the vector paths, the scalar port on the portable path's lane.
template <VectorMath op, class L>
[[gnu::always_inline]] inline typename L::F mathOfLanes(typename L::F x,
                                                        typename L::F y) {
  using F = typename L::F;
  if constexpr (L::kWidth == 1) {
    const double args[2] = {x[0], y[0]};
    return L::splat(scalarMath<op>(args));
  } else {
    const F args[2] = {x, y};
    return simd::vectorMath<op, L>(args);
  }
}

// That function of a (and b) into dst.
template <VectorMath op, class L>
[[gnu::always_inline]] inline void vectorMathOp(Lanes& dst, const Lanes& a,
                                                const Lanes& b,
                                                const Mask* mask) {
  using F = typename L::F;
  vectorBinary<L>(dst, a, b, mask, [](F x, F y) NUMPOOL_INLINE {
    return mathOfLanes<op, L>(x, y);
  });
}

// A fused build (fma_math.h) of a into dst: on the NEON path, where it has
// a vector form, over the whole register in vectors (out of line, in the
// one file that contracts), straight into dst (each vector is loaded before
// it is stored, so dst may be a) or, masked, blended in as a Mov would;
// elsewhere lane by lane.
template <class L, fma_math::OverVectors vectors>
inline void fusedUnary(Lanes& dst, const Lanes& a, const Mask* mask,
                       bool inPlace, double (*lane)(double)) {
  if constexpr (vectors != nullptr && L::kWidth == 2) {
    if (mask == nullptr) {
      vectors(a.data(), dst.data(), kLanes);
      return;
    }
    Lanes value;
    vectors(a.data(), value.data(), kLanes);
    vectorBinary<L>(dst, value, value, mask,
                    [](auto x, auto) NUMPOOL_INLINE { return x; });
  } else {
    unary(dst, a, mask, inPlace, lane);
  }
}

// Calls apply(f) with Math function op's f, with kMath (withOp below).
template <VectorMath op, class L, bool kMath, class Apply>
[[gnu::always_inline]] inline void withMath(Apply apply) {
  using F = typename L::F;
  if constexpr (kMath)
    apply([](F x, F y) NUMPOOL_INLINE { return mathOfLanes<op, L>(x, y); });
}

// Calls apply(f) with the vector function f of a repeatable op; those that
// repeat through the register file (program.h), the Math functions, only
// with kMath (compile time and code size).
template <class L, bool kMath, class Apply>
[[gnu::always_inline]] inline void withOp(Op op, Apply apply) {
  using F = typename L::F;
  using U = typename L::U;
  switch (op) {
    case Op::Add:
      apply([](F x, F y) NUMPOOL_INLINE { return x + y; });
      break;
    case Op::Sub:
      apply([](F x, F y) NUMPOOL_INLINE { return x - y; });
      break;
    case Op::Mul:
      apply([](F x, F y) NUMPOOL_INLINE { return x * y; });
      break;
    case Op::Div:
      apply([](F x, F y) NUMPOOL_INLINE { return x / y; });
      break;
    case Op::Min:
      apply([](F x, F y)
                NUMPOOL_INLINE { return vectorMinMax<L, true>(x, y); });
      break;
    case Op::Max:
      apply([](F x, F y)
                NUMPOOL_INLINE { return vectorMinMax<L, false>(x, y); });
      break;
    case Op::Neg:
      apply([](F x, F) NUMPOOL_INLINE { return -x; });
      break;
    case Op::Abs:
      apply([](F x, F) NUMPOOL_INLINE {
        return reinterpret_cast<F>(reinterpret_cast<U>(x) &
                                   (U{} + 0x7fffffffffffffffu));
      });
      break;
    case Op::Log:
      if constexpr (kMath)
        apply([](F x, F) NUMPOOL_INLINE { return jsLogOf<L>(x); });
      break;
    case Op::Exp:
      withMath<VectorMath::Exp, L, kMath>(apply);
      break;
    case Op::Sin:
      withMath<VectorMath::Sin, L, kMath>(apply);
      break;
    case Op::Cos:
      withMath<VectorMath::Cos, L, kMath>(apply);
      break;
    default:  // Mov
      apply([](F x, F) NUMPOOL_INLINE { return x; });
      break;
  }
}

// Calls fn(std::integral_constant<std::size_t, k>) for k in [0, count),
// count <= K: constant indices keep arrays of vectors in registers.
template <std::size_t K, class Fn>
[[gnu::always_inline]] inline void forEach(std::size_t count, Fn fn) {
  [&]<std::size_t... S>(std::index_sequence<S...>) NUMPOOL_INLINE {
    ((S < count ? fn(std::integral_constant<std::size_t, S>{}) : void()), ...);
  }
  (std::make_index_sequence<K>{});
}

// At most `most` more iterations of the counted loop, as the back edge would
// run them: counter += 1, test, body. `body` runs one iteration. Returns how
// many ran: fewer than `most` when the loop ended (the counter as the back
// edge leaves it), else the counter is the last iteration's.
template <class Body>
[[gnu::always_inline]] inline std::uint64_t iterate(double& counter,
                                                    double limit, double ahead,
                                                    bool inclusive,
                                                    std::uint64_t most,
                                                    Body body) {
  double c = counter;  // a local: the body's stores cannot touch it
  std::uint64_t n = 0;
  for (; n < most; ++n) {
    const double next = c + 1.0;
    if (!(inclusive ? next + ahead <= limit : next + ahead < limit)) {
      counter = next;
      return n;
    }
    c = next;
    body();
  }
  counter = c;
  return n;
}

// A counted loop's back edge whose body, the instructions [w[3], pc - 1),
// is straight-line arithmetic (validate checks it) that has just run once:
// its remaining iterations run here, the same operations in the same order
// on every lane as the interpreter would run them, as many as `budgetNs`
// allows (one at least), charged to it. False when the loop goes on: the
// back edge is to run again.
template <class L>
bool repeat(const Program& p, Lanes* r, const std::int32_t* w, std::size_t pc,
            double& budgetNs) {
  using F = typename L::F;
  constexpr std::size_t W = L::kWidth;
  thread_local std::vector<BodyOp> body;
  thread_local std::vector<std::int32_t> slots;  // slot -> register
  body.clear();
  slots.clear();
  double iterationNs = kBlockNs[static_cast<std::size_t>(Op::RepeatBelow)];
  const auto slotOf = [&](std::int32_t reg) {
    const auto at = std::find(slots.begin(), slots.end(), reg);
    const auto slot = static_cast<std::size_t>(at - slots.begin());
    if (at == slots.end()) slots.push_back(reg);
    return slot;
  };
  for (std::size_t at = static_cast<std::size_t>(w[3]); at + 1 < pc; ++at) {
    const std::int32_t* v = p.code + at * kWords;
    const Op op = static_cast<Op>(v[0] & ~kWriteFlags);
    iterationNs += kBlockNs[static_cast<std::size_t>(op)];
    const std::int32_t d = v[1];
    const std::int32_t a = v[2];
    const std::int32_t b = unaryOp(op) ? v[2] : v[3];
    // Braced lists evaluate in order: slots are numbered as first seen.
    body.push_back({op, d, a, b, slotOf(d), slotOf(a), slotOf(b)});
  }
  // Locals: thread_local storage is reached through a call, which would
  // spill every vector on each iteration.
  const std::span<const BodyOp> ops(body);
  const std::span<const std::int32_t> registers(slots);
  double& counter = r[w[1]][0];
  const double first = counter;
  const std::uint64_t most =
      static_cast<std::uint64_t>(std::clamp(budgetNs / iterationNs, 1.0, 1e18));
  const double limit = r[w[2]][0];
  const double ahead = static_cast<double>(w[4]);
  const bool inclusive = static_cast<Op>(w[0]) == Op::RepeatAtMost;
  const bool math = std::any_of(ops.begin(), ops.end(), [](const BodyOp& o) {
    return repeatsThroughRegisters(o.op);
  });
  std::uint64_t ran = 0;
  if (registers.size() > kSlots || math) {
    // Through the register file, all lanes of an op at a time.
    ran = iterate(counter, limit, ahead, inclusive, most, [&]() NUMPOOL_INLINE {
      for (const BodyOp& o : ops)
        withOp<L, true>(o.op, [&](auto f) NUMPOOL_INLINE {
          double* d = r[o.d].data();
          const double* a = r[o.a].data();
          const double* b = r[o.b].data();
          // Every lane loaded before any is stored: d may be a or b.
          F x[kLanes / W];
          F y[kLanes / W];
          for (std::size_t i = 0; i < kLanes / W; ++i) {
            x[i] = L::load(a + i * W);
            y[i] = L::load(b + i * W);
          }
          for (std::size_t i = 0; i < kLanes / W; ++i)
            L::store(d + i * W, f(x[i], y[i]));
        });
    });
  } else {
    // Lanes go through in groups, each slot held in N vectors (N chains to
    // cover the adder's latency) as named values, never arrays: the compiler
    // keeps those in registers for all iterations.
    constexpr std::size_t N = W >= 8 ? 8 : 4;
    static_assert(kSlots == 3 && N <= 8);
    for (std::size_t base = 0; base < kLanes; base += N * W) {
      F s00{}, s01{}, s02{}, s03{}, s04{}, s05{}, s06{}, s07{}, s10{}, s11{},
          s12{}, s13{}, s14{}, s15{}, s16{}, s17{}, s20{}, s21{}, s22{}, s23{},
          s24{}, s25{}, s26{}, s27{};
      const auto at = [&](auto k, auto i) NUMPOOL_INLINE -> F& {
        constexpr std::size_t kAt = 8 * k + i;
#define NUMPOOL_SLOT(K, I) \
  if constexpr (kAt == 8 * K + I) return s##K##I
        NUMPOOL_SLOT(0, 0);
        NUMPOOL_SLOT(0, 1);
        NUMPOOL_SLOT(0, 2);
        NUMPOOL_SLOT(0, 3);
        NUMPOOL_SLOT(0, 4);
        NUMPOOL_SLOT(0, 5);
        NUMPOOL_SLOT(0, 6);
        NUMPOOL_SLOT(0, 7);
        NUMPOOL_SLOT(1, 0);
        NUMPOOL_SLOT(1, 1);
        NUMPOOL_SLOT(1, 2);
        NUMPOOL_SLOT(1, 3);
        NUMPOOL_SLOT(1, 4);
        NUMPOOL_SLOT(1, 5);
        NUMPOOL_SLOT(1, 6);
        NUMPOOL_SLOT(1, 7);
        NUMPOOL_SLOT(2, 0);
        NUMPOOL_SLOT(2, 1);
        NUMPOOL_SLOT(2, 2);
        NUMPOOL_SLOT(2, 3);
        NUMPOOL_SLOT(2, 4);
        NUMPOOL_SLOT(2, 5);
        NUMPOOL_SLOT(2, 6);
        NUMPOOL_SLOT(2, 7);
#undef NUMPOOL_SLOT
      };
      forEach<kSlots>(registers.size(), [&](auto k) NUMPOOL_INLINE {
        forEach<N>(N, [&](auto i) NUMPOOL_INLINE {
          at(k, i) = L::load(r[registers[k]].data() + base + i * W);
        });
      });
      // Every group runs the same iterations: the counter and the limit are
      // lane 0's, which the body does not write.
      counter = first;
      ran =
          iterate(counter, limit, ahead, inclusive, most, [&]() NUMPOOL_INLINE {
            for (const BodyOp& o : ops)
              withOp<L, false>(o.op, [&](auto f) NUMPOOL_INLINE {
                forEach<kSlots>(kSlots, [&](auto d) NUMPOOL_INLINE {
                  if (d != o.slotD) return;
                  forEach<kSlots>(kSlots, [&](auto a) NUMPOOL_INLINE {
                    if (a != o.slotA) return;
                    forEach<kSlots>(kSlots, [&](auto b) NUMPOOL_INLINE {
                      if (b != o.slotB) return;
                      forEach<N>(N, [&](auto i) NUMPOOL_INLINE {
                        at(d, i) = f(at(a, i), at(b, i));
                      });
                    });
                  });
                });
              });
          });
      forEach<kSlots>(registers.size(), [&](auto k) NUMPOOL_INLINE {
        forEach<N>(N, [&](auto i) NUMPOOL_INLINE {
          L::store(r[registers[k]].data() + base + i * W, at(k, i));
        });
      });
    }
  }
  budgetNs -= static_cast<double>(ran) * iterationNs;
  return ran < most;
}

// Where the elements of a chunk come from: its inputs, each from the
// chunk's first element, and that element's index in the map.
struct ChunkSource {
  const double* const* inputs;
  std::uint64_t index;
};

// Why runBlock returned.
enum class Stop : std::uint8_t {
  End,     // the block ran to the end of the program
  Budget,  // `budgetNs` is spent; b.pc is where to go on
  Refill,  // at a Refill (b.pc after it), as its Role says
};

// What a Refill does in the block that runs it (blocks.h).
enum class Role : std::uint8_t {
  // Stops the main block when fewer than kRefillBelow of its lanes still
  // loop and `supply` says there are lanes to trade in.
  Main,
  Feed,   // stops the spare block at the main block's Refill (`target`)
  Drain,  // nothing
};

// Runs block b of chunk f from b.pc until it stops. Instantiated once per
// instruction set (targets.h): the lane loops are vectorised for it and a
// repeated body runs in its vectors (simd::Lanes).
template <class L>
[[gnu::always_inline]] inline Stop runBlock(const Program& p, Frame& f,
                                            Block& b, const ChunkSource& source,
                                            Role role, bool supply,
                                            double& budgetLeft) {
  // A local copy: the lanes' stores through double* could alias a
  // reference, which would then be reloaded and stored at every op.
  double budgetNs = budgetLeft;
  Lanes* r = b.registers.data();
  Mask* m = b.masks.data();
  Mask& cur = m[kCurrentMask];
  std::size_t pc = b.pc;
  while (pc < p.instructions) {
    if (budgetNs <= 0) {
      b.pc = pc;
      budgetLeft = budgetNs;
      return Stop::Budget;
    }
    const std::int32_t* w = p.code + pc * kWords;
    budgetNs -= kBlockNs[static_cast<std::size_t>(w[0] & ~kWriteFlags)];
    ++pc;
    const Mask* mask = (w[0] & kMaskedWrite) != 0 ? &cur : nullptr;
    const bool inPlace = (w[0] & kInPlaceWrite) != 0;
    // Operand k as a register; only for the words that hold registers.
    const auto reg = [&](std::size_t k) -> Lanes& { return r[w[k]]; };
    switch (static_cast<Op>(w[0] & ~kWriteFlags)) {
      case Op::Mov:
        reg(1) = reg(2);
        break;
      case Op::MovMasked:
        unary(reg(1), reg(2), &cur, false, [](double x) { return x; });
        break;
      case Op::Input: {
        // Lanes that hold no element read 0, as register 0's do.
        Lanes& d = reg(1);
        const double* from = source.inputs[w[2]];
        if (b.inOrder) {
          std::fill(std::copy_n(from + b.element[0], b.count, d.begin()),
                    d.end(), 0.0);
        } else {
          for (std::size_t i = 0; i < kLanes; ++i)
            d[i] = b.element[i] != kNoElement ? from[b.element[i]] : 0.0;
        }
        break;
      }
      case Op::Index: {
        // Exact as a double below 2^53; in order, lanes past the end count
        // on, else lanes that hold no element read 0.
        Lanes& d = reg(1);
        for (std::size_t i = 0; i < kLanes; ++i)
          d[i] = static_cast<double>(b.inOrder ? source.index + b.element[0] + i
                                     : b.element[i] != kNoElement
                                         ? source.index + b.element[i]
                                         : 0);
        break;
      }
      case Op::Add:
        binary(reg(1), reg(2), reg(3), mask, inPlace,
               [](double x, double y) { return x + y; });
        break;
      case Op::Sub:
        binary(reg(1), reg(2), reg(3), mask, inPlace,
               [](double x, double y) { return x - y; });
        break;
      case Op::Mul:
        binary(reg(1), reg(2), reg(3), mask, inPlace,
               [](double x, double y) { return x * y; });
        break;
      case Op::Div:
        binary(reg(1), reg(2), reg(3), mask, inPlace,
               [](double x, double y) { return x / y; });
        break;
      case Op::Mod: {
        // Integer lanes in a lane loop that vectorises (exactMod); the rest,
        // rare in integer code, through fmod afterwards.
        Lanes value;
        const Lanes& x = reg(2);
        const Lanes& y = reg(3);
        std::uint64_t anyInexact = 0;
        for (std::size_t i = 0; i < kLanes; ++i) {
          value[i] = exactMod(x[i], y[i]);
          anyInexact |= exactModHolds(x[i], y[i]) ? 0 : 1;
        }
        if (anyInexact != 0) inexactMods(value, x, y);
        unary(reg(1), value, mask, false, [](double v) { return v; });
        break;
      }
      case Op::Lt:
        binary(reg(1), reg(2), reg(3), mask, inPlace,
               [](double x, double y) { return x < y ? 1.0 : 0.0; });
        break;
      case Op::Le:
        binary(reg(1), reg(2), reg(3), mask, inPlace,
               [](double x, double y) { return x <= y ? 1.0 : 0.0; });
        break;
      case Op::Gt:
        binary(reg(1), reg(2), reg(3), mask, inPlace,
               [](double x, double y) { return x > y ? 1.0 : 0.0; });
        break;
      case Op::Ge:
        binary(reg(1), reg(2), reg(3), mask, inPlace,
               [](double x, double y) { return x >= y ? 1.0 : 0.0; });
        break;
      case Op::Eq:
        binary(reg(1), reg(2), reg(3), mask, inPlace,
               [](double x, double y) { return x == y ? 1.0 : 0.0; });
        break;
      case Op::Ne:
        binary(reg(1), reg(2), reg(3), mask, inPlace,
               [](double x, double y) { return x != y ? 1.0 : 0.0; });
        break;
      case Op::Min:
        binary(reg(1), reg(2), reg(3), mask, inPlace, jsMinMax<true>);
        break;
      case Op::Max:
        binary(reg(1), reg(2), reg(3), mask, inPlace, jsMinMax<false>);
        break;
      case Op::Neg:
        unary(reg(1), reg(2), mask, inPlace, [](double x) { return -x; });
        break;
      case Op::Not:
        unary(reg(1), reg(2), mask, inPlace,
              [](double x) { return truthy(x) ? 0.0 : 1.0; });
        break;
      case Op::Sqrt:
        unary(reg(1), reg(2), mask, inPlace,
              [](double x) { return std::sqrt(x); });
        break;
      case Op::Abs:
        unary(reg(1), reg(2), mask, inPlace,
              [](double x) { return std::fabs(x); });
        break;
      case Op::Floor:
        unary(reg(1), reg(2), mask, inPlace,
              [](double x) { return std::floor(x); });
        break;
      case Op::Ceil:
        unary(reg(1), reg(2), mask, inPlace,
              [](double x) { return std::ceil(x); });
        break;
      case Op::Trunc:
        unary(reg(1), reg(2), mask, inPlace,
              [](double x) { return std::trunc(x); });
        break;
      case Op::Round:
        unary(reg(1), reg(2), mask, inPlace, jsRound);
        break;
      case Op::Sign:
        unary(reg(1), reg(2), mask, inPlace, jsSign);
        break;
      case Op::Fround:
        unary(reg(1), reg(2), mask, inPlace, [](double x) {
          return static_cast<double>(static_cast<float>(x));
        });
        break;
      case Op::Log:
        vectorBinary<L>(reg(1), reg(2), reg(2), mask,
                        [](auto x, auto)
                            NUMPOOL_INLINE { return jsLogOf<L>(x); });
        break;
      case Op::Exp:
        vectorMathOp<VectorMath::Exp, L>(reg(1), reg(2), reg(2), mask);
        break;
      case Op::Sin:
        vectorMathOp<VectorMath::Sin, L>(reg(1), reg(2), reg(2), mask);
        break;
      case Op::Cos:
        vectorMathOp<VectorMath::Cos, L>(reg(1), reg(2), reg(2), mask);
        break;
      case Op::PowFdlibm:
        vectorMathOp<VectorMath::PowFdlibm, L>(reg(1), reg(2), reg(3), mask);
        break;
      case Op::PowLibm:
        vectorMathOp<VectorMath::PowLibm, L>(reg(1), reg(2), reg(3), mask);
        break;
      // The others lane by lane, with their scalar ports.
      case Op::Expm1:
        unary(reg(1), reg(2), mask, inPlace, jsExpm1);
        break;
      case Op::Log1p:
        unary(reg(1), reg(2), mask, inPlace, jsLog1p);
        break;
      case Op::Log2:
        unary(reg(1), reg(2), mask, inPlace, jsLog2);
        break;
      case Op::Log10:
        unary(reg(1), reg(2), mask, inPlace, jsLog10);
        break;
      case Op::Tan:
        unary(reg(1), reg(2), mask, inPlace, jsTan);
        break;
      case Op::Asin:
        unary(reg(1), reg(2), mask, inPlace, jsAsin);
        break;
      case Op::Acos:
        unary(reg(1), reg(2), mask, inPlace, jsAcos);
        break;
      case Op::Atan:
        unary(reg(1), reg(2), mask, inPlace, jsAtan);
        break;
      case Op::Atan2:
        binary(reg(1), reg(2), reg(3), mask, inPlace, jsAtan2);
        break;
      case Op::Sinh:
        unary(reg(1), reg(2), mask, inPlace, jsSinh);
        break;
      case Op::Cosh:
        unary(reg(1), reg(2), mask, inPlace, jsCosh);
        break;
      case Op::Tanh:
        unary(reg(1), reg(2), mask, inPlace, jsTanh);
        break;
      case Op::Asinh:
        unary(reg(1), reg(2), mask, inPlace, jsAsinh);
        break;
      case Op::Acosh:
        unary(reg(1), reg(2), mask, inPlace, jsAcosh);
        break;
      case Op::Atanh:
        unary(reg(1), reg(2), mask, inPlace, jsAtanh);
        break;
      case Op::Cbrt:
        unary(reg(1), reg(2), mask, inPlace, jsCbrt);
        break;
      case Op::Hypot:
        binary(reg(1), reg(2), reg(3), mask, inPlace,
               [](double x, double y) { return jsHypot(x, y); });
        break;
      // As arm64 V8 computes them (math_choice.h chooses): exp, sin and cos
      // in vectors on NEON, the others lane by lane.
      case Op::ExpFma:
        fusedUnary<L, fma_math::kExpVectors>(reg(1), reg(2), mask, inPlace,
                                             fma_math::jsExp);
        break;
      case Op::Expm1Fma:
        unary(reg(1), reg(2), mask, inPlace, fma_math::jsExpm1);
        break;
      case Op::LogFma:
        unary(reg(1), reg(2), mask, inPlace, fma_math::jsLog);
        break;
      case Op::Log1pFma:
        unary(reg(1), reg(2), mask, inPlace, fma_math::jsLog1p);
        break;
      case Op::Log2Fma:
        unary(reg(1), reg(2), mask, inPlace, fma_math::jsLog2);
        break;
      case Op::SinFma:
        fusedUnary<L, fma_math::kSinVectors>(reg(1), reg(2), mask, inPlace,
                                             fma_math::jsSin);
        break;
      case Op::CosFma:
        fusedUnary<L, fma_math::kCosVectors>(reg(1), reg(2), mask, inPlace,
                                             fma_math::jsCos);
        break;
      case Op::TanFma:
        unary(reg(1), reg(2), mask, inPlace, fma_math::jsTan);
        break;
      case Op::AsinFma:
        unary(reg(1), reg(2), mask, inPlace, fma_math::jsAsin);
        break;
      case Op::AcosFma:
        unary(reg(1), reg(2), mask, inPlace, fma_math::jsAcos);
        break;
      case Op::AtanFma:
        unary(reg(1), reg(2), mask, inPlace, fma_math::jsAtan);
        break;
      case Op::Atan2Fma:
        binary(reg(1), reg(2), reg(3), mask, inPlace, fma_math::jsAtan2);
        break;
      case Op::SinhFma:
        unary(reg(1), reg(2), mask, inPlace, fma_math::jsSinh);
        break;
      case Op::CoshFma:
        unary(reg(1), reg(2), mask, inPlace, fma_math::jsCosh);
        break;
      case Op::TanhFma:
        unary(reg(1), reg(2), mask, inPlace, fma_math::jsTanh);
        break;
      case Op::AsinhFma:
        unary(reg(1), reg(2), mask, inPlace, fma_math::jsAsinh);
        break;
      case Op::AcoshFma:
        unary(reg(1), reg(2), mask, inPlace, fma_math::jsAcosh);
        break;
      case Op::AtanhFma:
        unary(reg(1), reg(2), mask, inPlace, fma_math::jsAtanh);
        break;
      case Op::Clz32:
        unary(reg(1), reg(2), mask, inPlace, jsClz32);
        break;
      case Op::Imul:
        binary(reg(1), reg(2), reg(3), mask, inPlace, jsImul);
        break;
      case Op::BitOr:
        binary(reg(1), reg(2), reg(3), mask, inPlace, jsBitOr);
        break;
      case Op::BitAnd:
        binary(reg(1), reg(2), reg(3), mask, inPlace, jsBitAnd);
        break;
      case Op::BitXor:
        binary(reg(1), reg(2), reg(3), mask, inPlace, jsBitXor);
        break;
      case Op::BitNot:
        unary(reg(1), reg(2), mask, inPlace, jsBitNot);
        break;
      case Op::ShiftLeft:
        binary(reg(1), reg(2), reg(3), mask, inPlace, jsShiftLeft);
        break;
      case Op::ShiftRight:
        binary(reg(1), reg(2), reg(3), mask, inPlace, jsShiftRight);
        break;
      case Op::ShiftRightUnsigned:
        binary(reg(1), reg(2), reg(3), mask, inPlace, jsShiftRightUnsigned);
        break;
      case Op::Select: {
        Lanes& d = reg(1);
        const Lanes& a = reg(2);
        const Lanes& b = reg(3);
        const Lanes& c = reg(4);
        for (std::size_t i = 0; i < kLanes; ++i) {
          const double v = truthy(a[i]) ? b[i] : c[i];
          d[i] = mask == nullptr ? v : blendBits(v, d[i], (*mask)[i]);
        }
        break;
      }
      case Op::MaskSave:
        m[w[1]] = cur;
        break;
      case Op::MaskLoad:
        cur = m[w[1]];
        break;
      case Op::MaskAnd:
        maskFrom(cur, m[w[1]], reg(2), truthy);
        break;
      case Op::MaskAndNot:
        maskFrom(cur, m[w[1]], reg(2), [](double x) { return !truthy(x); });
        break;
      case Op::MaskClear:
        for (std::size_t i = 0; i < kLanes; ++i) m[w[1]][i] &= ~cur[i];
        break;
      case Op::LoopTest: {
        Mask& looping = m[w[1]];
        const Lanes& a = reg(2);
        std::uint64_t left = 0;
        for (std::size_t i = 0; i < kLanes; ++i) {
          looping[i] = truthy(a[i]) ? looping[i] : 0;
          left |= looping[i];
        }
        cur = looping;
        if (left == 0) pc = static_cast<std::size_t>(w[3]);
        break;
      }
      case Op::JumpIfNone:
        if (!any(cur)) pc = static_cast<std::size_t>(w[1]);
        break;
      case Op::Jump:
        pc = static_cast<std::size_t>(w[1]);
        break;
      case Op::JumpUnlessBelow:
        if (!(reg(1)[0] < reg(2)[0])) pc = static_cast<std::size_t>(w[3]);
        break;
      case Op::JumpUnlessAtMost:
        if (!(reg(1)[0] <= reg(2)[0])) pc = static_cast<std::size_t>(w[3]);
        break;
      case Op::JumpIfNextBelow:
        if (reg(1)[0] + 1.0 < reg(2)[0]) pc = static_cast<std::size_t>(w[3]);
        break;
      case Op::JumpIfNextAtMost:
        if (reg(1)[0] + 1.0 <= reg(2)[0]) pc = static_cast<std::size_t>(w[3]);
        break;
      case Op::NextBelow:
      case Op::NextAtMost: {
        double& counter = reg(1)[0];
        counter += 1.0;
        const double limit = reg(2)[0];
        const double ahead = counter + static_cast<double>(w[4]);
        if (static_cast<Op>(w[0]) == Op::NextBelow ? ahead < limit
                                                   : ahead <= limit)
          pc = static_cast<std::size_t>(w[3]);
        break;
      }
      case Op::RepeatBelow:
      case Op::RepeatAtMost:
        // The body has just run once: the back edge decides whether it
        // runs again, here or not at all. Unfinished, it runs again. The
        // budget goes through a copy, so that budgetNs's address never
        // escapes (see above).
        {
          double repeated = budgetNs;
          const bool done = repeat<L>(p, r, w, pc, repeated);
          budgetNs = repeated;
          if (!done) --pc;
        }
        break;
      case Op::Throw: {
        // A lower element may still throw later (lanes run in lockstep, not
        // in order): the lowest so far is kept.
        const Lanes& message = reg(1);
        for (std::size_t i = 0; i < kLanes; ++i) {
          if (cur[i] != 0 && b.element[i] < f.thrownElement) {
            f.thrownElement = b.element[i];
            f.thrownMessage = message[i];
          }
        }
        break;
      }
      case Op::Refill: {
        const bool stop =
            role == Role::Main
                ? supply &&
                      std::count_if(m[w[1]].begin(), m[w[1]].end(),
                                    [](std::uint64_t on) { return on != 0; }) <
                          static_cast<std::ptrdiff_t>(kRefillBelow)
                : role == Role::Feed && pc - 1 == f.target;
        if (stop) {
          b.pc = pc;
          budgetLeft = budgetNs;
          return Stop::Refill;
        }
        break;
      }
      case Op::Count:
        break;
    }
  }
  b.pc = pc;
  budgetLeft = budgetNs;
  return Stop::End;
}

// Whether the program has a Refill: its chunks then use a spare block.
bool refills(const Program& p) {
  for (std::size_t pc = 0; pc < p.instructions; ++pc)
    if ((p.code[pc * kWords] & ~kWriteFlags) ==
        static_cast<std::int32_t>(Op::Refill))
      return true;
  return false;
}

}  // namespace

std::string validate(const Program& p) {
  if (p.registers < 2 + p.constantCount || p.masks < 1)
    return "too few registers or masks";
  if (p.inputs < 1 || p.inputs > kMaxInputs) return "inputs out of range";
  for (std::size_t pc = 0; pc < p.instructions; ++pc) {
    const std::int32_t* w = p.code + pc * kWords;
    const std::int32_t code = w[0] & ~kWriteFlags;
    if (code < 0 || code >= static_cast<std::int32_t>(Op::Count))
      return "unknown op at " + std::to_string(pc);
    const Op op = static_cast<Op>(code);
    if ((w[0] & kWriteFlags) != 0 &&
        (!computes(op) || (w[0] & kWriteFlags) == kWriteFlags))
      return "masked write of an op that computes nothing at " +
             std::to_string(pc);
    for (std::size_t k = 0; k + 1 < kWords; ++k) {
      const std::int32_t v = w[k + 1];
      const Operand operand = specOf(op).operands[k];
      const std::size_t limit = operand == Operand::Register ? p.registers
                                : operand == Operand::Mask   ? p.masks
                                : operand == Operand::Target
                                    ? p.instructions + 1
                                : operand == Operand::Bit   ? 2
                                : operand == Operand::Input ? p.inputs
                                                            : 1;
      if (v < 0 || static_cast<std::size_t>(v) >= limit)
        return "operand out of range at " + std::to_string(pc);
    }
    if (op == Op::RepeatBelow || op == Op::RepeatAtMost) {
      if (static_cast<std::size_t>(w[3]) > pc)
        return "repeated body after its back edge at " + std::to_string(pc);
      for (std::size_t at = static_cast<std::size_t>(w[3]); at < pc; ++at) {
        const std::int32_t* v = p.code + at * kWords;
        // Its op was checked above: it is before the back edge.
        if ((v[0] & kMaskedWrite) != 0 ||
            !repeatable(static_cast<Op>(v[0] & ~kWriteFlags)) || v[1] == w[1] ||
            v[1] == w[2])
          return "body that cannot be repeated at " + std::to_string(at);
      }
    }
  }
  return {};
}

namespace {

// What a slice of a program map runs (Slice::program points to it): the
// chunk's inputs (Slice::in is the first), each from its first element, and
// that element's index in the map.
struct Advance {
  const Program* program;
  const double* const* inputs;
  std::uint64_t index;
  Frame* frame;
  double budgetNs;
  bool* complete;  // set when the chunk's last block has ended
  // Set when a block ends with a throw: the chunk ends there, as its later
  // elements come after the one that threw.
  std::optional<Thrown>* thrown;
  // Of a reducing map: where each block's results go, for chunk `chunk`.
  Reduction* reduction;
  std::size_t chunk;
};

// A block that has run to the end: its results stored or folded.
void finish(Block& b, const Slice& s, const Advance& a) {
  const Lanes& result = b.registers[kResultRegister];
  if (b.inOrder) {
    // Lanes 0 to count - 1 hold consecutive elements: one copy, no scatter.
    if (a.reduction != nullptr)
      a.reduction->fold(a.chunk, result.data(), b.count);
    else
      std::copy_n(result.begin(), b.count, s.out + b.element[0]);
  } else if (a.reduction != nullptr) {
    Lanes values;
    std::size_t n = 0;
    for (std::size_t i = 0; i < kLanes; ++i)
      if (b.element[i] != kNoElement) values[n++] = result[i];
    a.reduction->fold(a.chunk, values.data(), n);
  } else {
    for (std::size_t i = 0; i < kLanes; ++i)
      if (b.element[i] != kNoElement) s.out[b.element[i]] = result[i];
  }
  b.live = false;
}

// Runs the chunk's blocks until it completes or `budgetNs` is spent,
// following blocks.h's protocol: while the main block waits at a Refill
// (f.refilling), the spare block runs instead, fed, parked, traded with or
// drained. One call of runBlock: it is inlined, once per instruction set.
template <class L>
[[gnu::always_inline]] inline void runProgram(const Slice& s) {
  const Advance& a = *static_cast<const Advance*>(s.program);
  const Program& p = *a.program;
  Frame& f = *a.frame;
  double budgetNs = a.budgetNs;
  const ChunkSource source{a.inputs, a.index};
  for (;;) {
    Block* block = &f.main;
    Role role = Role::Main;
    if (f.refilling) {
      switch (f.spareState) {
        case Spare::Empty:
          if (f.next >= s.count) {
            f.refilling = false;
          } else {
            if (budgetNs <= 0) return;
            budgetNs -= kBlockCopyNs;
            start(f.spare, f, p, s.in, s.count);
            f.spareState = Spare::Feeding;
          }
          continue;
        case Spare::Parked: {
          std::size_t swapped = 0;
          const bool full =
              f.spare.pc == f.main.pc &&
              trade(f, static_cast<std::size_t>(p.code[f.target * kWords + 1]),
                    swapped);
          budgetNs -= kSwapNs * static_cast<double>(swapped) *
                      static_cast<double>(p.registers + p.masks);
          if (full)
            f.refilling = false;
          else
            f.spareState = Spare::Draining;
          continue;
        }
        case Spare::Feeding:
        case Spare::Draining:
          block = &f.spare;
          role = f.spareState == Spare::Feeding ? Role::Feed : Role::Drain;
          break;
      }
    } else if (!f.main.live) {
      if (f.spareState != Spare::Empty) {
        // Its lanes go on as the main block's, from where they are.
        std::swap(f.main, f.spare);
        f.spareState = Spare::Empty;
      } else if (f.next >= s.count) {
        if (f.thrownElement != kNoElement)
          *a.thrown =
              Thrown{.element = f.thrownElement, .message = f.thrownMessage};
        *a.complete = true;
        return;
      } else {
        if (budgetNs <= 0) return;
        budgetNs -= kBlockCopyNs;
        start(f.main, f, p, s.in, s.count);
      }
    }
    const bool supply = f.next < s.count || f.spareState != Spare::Empty;
    const Stop stop = runBlock<L>(p, f, *block, source, role, supply, budgetNs);
    if (f.thrownElement != kNoElement) {
      // Every element below it has started (elements start in order): none
      // starts after it, and those after it that run stop (blocks.h).
      f.next = s.count;
      retireAfter(f.main, f.thrownElement);
      retireAfter(f.spare, f.thrownElement);
    }
    if (stop == Stop::Budget) return;
    if (block == &f.spare) {
      if (stop == Stop::Refill) {
        f.spareState = Spare::Parked;
      } else {
        finish(f.spare, s, a);
        f.spareState = Spare::Empty;
      }
    } else if (stop == Stop::Refill) {
      f.refilling = true;
      f.target = f.main.pc - 1;
    } else {
      finish(f.main, s, a);
    }
  }
}

struct ProgramBody {
  template <class L>
  [[gnu::always_inline]] static void run(const Slice& s) {
    runProgram<L>(s);
  }
};

// The portable path: one-lane vectors.
void runScalar(const Slice& s) { runProgram<simd::Lanes<1>>(s); }

// Per path; a program map plans and slices by its own cost (ProgramMap).
const std::array<KernelPath, kSimdPathCount> kPaths = simd::paths<ProgramBody>(
    runScalar, {kLanes, kLanes, kLanes, kLanes, kLanes}, {1, 1, 1, 1, 1});

}  // namespace

ProgramMap::ProgramMap(std::vector<std::int32_t> code,
                       std::vector<double> constants, std::size_t registers,
                       std::size_t masks, std::size_t inputs, SimdPath simd)
    : code_(std::move(code)),
      constants_(std::move(constants)),
      program_{.code = code_.data(),
               .instructions = code_.size() / kWords,
               .constants = constants_.data(),
               .constantCount = constants_.size(),
               .registers = registers,
               .masks = masks,
               .inputs = inputs},
      simd_(simd) {}

ProgramMap::~ProgramMap() = default;

MapPlan ProgramMap::plan(std::size_t elements, double nsPerElement,
                         unsigned threads) {
  // A program with Refill has a spare block per chunk.
  const std::size_t blocks = refills(program_) ? 2 : 1;
  const std::size_t frameBytes = blocks * (program_.registers * sizeof(Lanes) +
                                           program_.masks * sizeof(Mask));
  const std::size_t most =
      std::clamp<std::size_t>(kFramesBytes / frameBytes, 1,
                              std::size_t{threads} * kProgramChunksPerThread);
  const MapPlan plan =
      withChunksAtMost(planMap(elements, 1, nsPerElement, kLanes, threads),
                       elements, kLanes, most);
  frames_.resize(plan.chunks);
  thrown_.resize(plan.chunks);
  chunkElements_ = plan.chunkElements;
  return plan;
}

bool ProgramMap::runInline(const Chunk& chunk) {
  return advance(0, chunk, kInlineRunNs);
}

bool ProgramMap::step(std::size_t chunk, const Chunk& memory) {
  return advance(chunk, memory, kSliceTargetNs);
}

bool ProgramMap::advance(std::size_t chunk, const Chunk& memory,
                         double budgetNs) {
  std::unique_ptr<Frame>& frame = frames_[chunk];
  if (chunk > firstThrown_.load(std::memory_order_relaxed)) {
    frame.reset();
    return true;
  }
  if (frame == nullptr) frame = std::make_unique<Frame>();
  bool complete = false;
  const Advance advance{.program = &program_,
                        .inputs = memory.inputs,
                        .index = memory.index,
                        .frame = frame.get(),
                        .budgetNs = budgetNs,
                        .complete = &complete,
                        .thrown = &thrown_[chunk],
                        .reduction = reduction_,
                        .chunk = chunk};
  kPaths[static_cast<std::size_t>(simd_)].run({.in = memory.inputs[0],
                                               .out = memory.out,
                                               .state = nullptr,
                                               .count = memory.count,
                                               .params = nullptr,
                                               .first = 0,
                                               .last = 0,
                                               .program = &advance});
  if (complete) frame.reset();
  if (thrown_[chunk].has_value()) {
    std::size_t first = firstThrown_.load(std::memory_order_relaxed);
    while (chunk < first && !firstThrown_.compare_exchange_weak(
                                first, chunk, std::memory_order_relaxed)) {
    }
  }
  return complete;
}

std::optional<Thrown> ProgramMap::thrown() const {
  const std::size_t chunk = firstThrown_.load(std::memory_order_relaxed);
  if (chunk == SIZE_MAX) return std::nullopt;
  const Thrown& local = *thrown_[chunk];
  return Thrown{.element = chunk * chunkElements_ + local.element,
                .message = local.message};
}

}  // namespace numpool::program
