// The lockstep interpreter: one dispatch per instruction and block of kLanes
// elements, each instruction a plain loop over the lanes that the compiler
// vectorises. Arithmetic runs on every lane (it has no side effects; lanes
// outside the current mask compute values nobody reads); only assignments
// to variables and the result honour the mask.
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <vector>

#include "../kernels/fdlibm_log.h"
#include "program.h"

namespace numpool::program {
namespace {

using Lanes = std::array<double, kLanes>;
// All ones or all zeros per lane: a blend is plain bitwise work that any
// vector unit does, so masked moves vectorise like arithmetic.
using Mask = std::array<std::uint64_t, kLanes>;
inline constexpr std::uint64_t kOn = ~std::uint64_t{0};

enum class Operand { None, Register, Mask, Target, Bit };

struct Shape {
  std::array<Operand, kWords - 1> operands;
};

constexpr Shape shapeOf(Op op) {
  using enum Operand;
  switch (op) {
    case Op::Mov:
    case Op::MovMasked:
    case Op::Neg:
    case Op::Not:
    case Op::Sqrt:
    case Op::Abs:
    case Op::Floor:
    case Op::Ceil:
    case Op::Trunc:
    case Op::Round:
    case Op::Sign:
    case Op::Fround:
    case Op::Log:
      return {{Register, Register, None, None}};
    case Op::Select:
      return {{Register, Register, Register, Register}};
    case Op::MaskSave:
    case Op::MaskLoad:
    case Op::MaskClear:
      return {{Mask, None, None, None}};
    case Op::MaskAnd:
    case Op::MaskAndNot:
      return {{Mask, Register, None, None}};
    case Op::LoopTest:
      return {{Mask, Register, Target, None}};
    case Op::JumpIfNone:
    case Op::Jump:
      return {{Target, None, None, None}};
    case Op::JumpUnlessBelow:
    case Op::JumpUnlessAtMost:
    case Op::JumpIfNextBelow:
    case Op::JumpIfNextAtMost:
      return {{Register, Register, Target, None}};
    case Op::NextBelow:
    case Op::NextAtMost:
      return {{Register, Register, Target, Bit}};
    default:  // binary arithmetic and comparisons
      return {{Register, Register, Register, None}};
  }
}

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

double jsMin(double a, double b) {
  if (a != a || b != b) return NAN;
  if (a == b) return std::signbit(a) ? a : b;
  return a < b ? a : b;
}

double jsMax(double a, double b) {
  if (a != a || b != b) return NAN;
  if (a == b) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

// d on lanes where m is all ones, else keep, as bits.
inline double blendBits(double d, double keep, std::uint64_t m) {
  return std::bit_cast<double>((std::bit_cast<std::uint64_t>(d) & m) |
                               (std::bit_cast<std::uint64_t>(keep) & ~m));
}

// Unmasked, the destination is a fresh temporary, never an operand, hence
// __restrict; masked or in place (an assignment), it may be one: x = x + 1.
template <typename F>
inline void unary(Lanes& dst, const Lanes& src, const Mask* mask, bool inPlace,
                  F f) {
  if (inPlace) {
    for (std::size_t i = 0; i < kLanes; ++i) dst[i] = f(src[i]);
    return;
  }
  if (mask == nullptr) {
    double* __restrict d = dst.data();
    const double* __restrict a = src.data();
    for (std::size_t i = 0; i < kLanes; ++i) d[i] = f(a[i]);
    return;
  }
  for (std::size_t i = 0; i < kLanes; ++i)
    dst[i] = blendBits(f(src[i]), dst[i], (*mask)[i]);
}

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

template <typename F>
inline void maskFrom(Mask& cur, const Mask& m, const Lanes& a, F keep) {
  for (std::size_t i = 0; i < kLanes; ++i) cur[i] = keep(a[i]) ? m[i] : 0;
}

bool any(const Mask& m) {
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < kLanes; ++i) bits |= m[i];
  return bits != 0;
}

// Per-thread scratch: a block's registers and masks.
struct Frame {
  std::vector<Lanes> registers;
  std::vector<Mask> masks;
};

// Lane loops in AVX2 where the CPU has it (four doubles per instruction
// instead of two): IEEE operations give the same bits at any width, and
// -ffp-contract=off keeps multiply-adds apart.
#if defined(__x86_64__) && defined(__linux__) && defined(__GNUC__)
#define NUMPOOL_LANE_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define NUMPOOL_LANE_CLONES
#endif

// Runs one block; false when cancelled.
NUMPOOL_LANE_CLONES bool runBlock(const Program& p, Frame& f) {
  Lanes* r = f.registers.data();
  Mask* m = f.masks.data();
  Mask& cur = m[kCurrentMask];
  std::size_t pc = 0;
  while (pc < p.instructions) {
    const std::int32_t* w = p.code + pc * kWords;
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
      case Op::Mod:
        binary(reg(1), reg(2), reg(3), mask, inPlace,
               [](double x, double y) { return std::fmod(x, y); });
        break;
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
        binary(reg(1), reg(2), reg(3), mask, inPlace, jsMin);
        break;
      case Op::Max:
        binary(reg(1), reg(2), reg(3), mask, inPlace, jsMax);
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
        unary(reg(1), reg(2), mask, inPlace, jsLog);
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
        if (p.stop != nullptr && p.stop->load(std::memory_order_relaxed))
          return false;
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
                                                   : ahead <= limit) {
          if (p.stop != nullptr && p.stop->load(std::memory_order_relaxed))
            return false;
          pc = static_cast<std::size_t>(w[3]);
        }
        break;
      }
      case Op::Count:
        break;
    }
  }
  return true;
}

}  // namespace

std::string validate(const Program& p) {
  if (p.registers < 2 + p.constantCount || p.masks < 1)
    return "too few registers or masks";
  for (std::size_t pc = 0; pc < p.instructions; ++pc) {
    const std::int32_t* w = p.code + pc * kWords;
    const std::int32_t code = w[0] & ~kWriteFlags;
    if (code < 0 || code >= static_cast<std::int32_t>(Op::Count))
      return "unknown op at " + std::to_string(pc);
    const Op op = static_cast<Op>(code);
    const Shape shape = shapeOf(op);
    const bool computes = shape.operands[0] == Operand::Register &&
                          shape.operands[2] != Operand::Target &&
                          op != Op::Mov && op != Op::MovMasked;
    if ((w[0] & kWriteFlags) != 0 &&
        (!computes || (w[0] & kWriteFlags) == kWriteFlags))
      return "masked write of an op that computes nothing at " +
             std::to_string(pc);
    for (std::size_t k = 0; k + 1 < kWords; ++k) {
      const std::int32_t v = w[k + 1];
      const std::size_t limit =
          shape.operands[k] == Operand::Register ? p.registers
          : shape.operands[k] == Operand::Mask   ? p.masks
          : shape.operands[k] == Operand::Target ? p.instructions + 1
          : shape.operands[k] == Operand::Bit    ? 2
                                                 : 1;
      if (v < 0 || static_cast<std::size_t>(v) >= limit)
        return "operand out of range at " + std::to_string(pc);
    }
  }
  return {};
}

void run(const Program& p, const double* in, double* out, std::size_t count) {
  thread_local Frame frame;
  frame.registers.resize(p.registers);
  frame.masks.resize(p.masks);
  Lanes* r = frame.registers.data();
  for (std::size_t k = 0; k < p.constantCount; ++k)
    r[2 + k].fill(p.constants[k]);
  for (std::size_t base = 0; base < count; base += kLanes) {
    const std::size_t n = std::min(kLanes, count - base);
    Lanes& x = r[kInputRegister];
    std::fill(std::copy_n(in + base, n, x.begin()), x.end(), 0.0);
    Mask& cur = frame.masks[kCurrentMask];
    for (std::size_t i = 0; i < kLanes; ++i) cur[i] = i < n ? kOn : 0;
    if (!runBlock(p, frame)) return;
    std::copy_n(r[kResultRegister].begin(), n, out + base);
  }
}

}  // namespace numpool::program
