// A compiled JavaScript function (lib/compiler.ts): register bytecode that
// the interpreter runs over blocks of elements in lockstep. Every value is a
// block of kLanes doubles; control flow is per-lane masks, so a branch or a
// loop runs for the lanes that take it and is skipped when none does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace numpool::program {

// Elements interpreted side by side: enough to amortise one dispatch over
// many lanes, few enough that a program's registers stay in L1.
inline constexpr std::size_t kLanes = 64;

// Each worker holds one block of every register: this bounds its memory
// (64 lanes of 8 bytes: 32 MiB at most).
inline constexpr std::size_t kMaxRegisters = 65536;

// Registers 0 and 1 are the element and the result; constants follow.
inline constexpr std::int32_t kInputRegister = 0;
inline constexpr std::int32_t kResultRegister = 1;
// Mask 0 is the current mask: the lanes that run the instruction.
inline constexpr std::int32_t kCurrentMask = 0;

// Each instruction is kWords int32: op, then its operands (unused ones 0).
// d: destination register; a, b, c: registers; m: mask; t: code index.
#define NUMPOOL_PROGRAM_OPS(X)                                             \
  X(Mov)       /* d a: d = a on every lane */                              \
  X(MovMasked) /* d a: d = a on current lanes */                           \
  X(Add)       /* d a b */                                                 \
  X(Sub)                                                                   \
  X(Mul)                                                                   \
  X(Div)                                                                   \
  X(Mod) /* fmod: JavaScript's % */                                        \
  X(Lt)  /* comparisons give 1 or 0 */                                     \
  X(Le)                                                                    \
  X(Gt)                                                                    \
  X(Ge)                                                                    \
  X(Eq)                                                                    \
  X(Ne)                                                                    \
  X(Min) /* Math.min/max of two: NaN wins, -0 < +0 */                      \
  X(Max)                                                                   \
  X(Neg) /* d a */                                                         \
  X(Not) /* d a: 1 when a is falsy (0, -0, NaN), else 0 */                 \
  X(Sqrt)                                                                  \
  X(Abs)                                                                   \
  X(Floor)                                                                 \
  X(Ceil)                                                                  \
  X(Trunc)                                                                 \
  X(Round) /* JavaScript's: ties toward +Infinity, keeps -0 */             \
  X(Sign)                                                                  \
  X(Fround)                                                                \
  X(Log)        /* fdlibm, as V8 */                                        \
  X(Select)     /* d a b c: d = truthy(a) ? b : c */                       \
  X(MaskSave)   /* m: m = current */                                       \
  X(MaskLoad)   /* m: current = m */                                       \
  X(MaskAnd)    /* m a: current = m & truthy(a) */                         \
  X(MaskAndNot) /* m a: current = m & !truthy(a) */                        \
  X(MaskClear)  /* m: m &= ~current (m may be the current mask) */         \
  X(JumpIfNone) /* t: jump when no current lane is left */                 \
  X(LoopTest)   /* m a t: current = m = m & truthy(a); jump to t */        \
                /* when that leaves no lane */                             \
  X(Jump)       /* t: backward jumps poll for cancellation */              \
  /* Counted loops, whose counter and limit are the same on every lane: */ \
  /* lane 0 decides for all. */                                            \
  X(JumpUnlessBelow)  /* a b t: unless a < b, jump */                      \
  X(JumpUnlessAtMost) /* a b t: unless a <= b, jump */                     \
  X(JumpIfNextBelow)  /* a b t: if a + 1 < b (not the last), jump */       \
  X(JumpIfNextAtMost) /* a b t: if a + 1 <= b, jump */                     \
  /* The back edge of one whose body does not read the counter (only */    \
  /* lane 0 keeps it): a[0] += 1, then as Jump to t while a + k < b */     \
  /* (a + k <= b), k being 0 or 1: 1 stops before the last iteration. */   \
  X(NextBelow)                                                             \
  X(NextAtMost)                                                            \
  /* The same back edges where the body [t, here) is straight-line */      \
  /* arithmetic (repeatable ops, unmasked) writing neither a nor b: */     \
  /* the interpreter runs its remaining iterations in one tight loop. */   \
  X(RepeatBelow)                                                           \
  X(RepeatAtMost)

enum class Op : std::int32_t {
#define NUMPOOL_PROGRAM_ENUM(name) name,
  NUMPOOL_PROGRAM_OPS(NUMPOOL_PROGRAM_ENUM)
#undef NUMPOOL_PROGRAM_ENUM
      Count
};

inline constexpr std::size_t kWords = 5;

// Or'ed into an op that computes a register: write it only on the current
// lanes (an assignment fused with the operation that computes its value).
inline constexpr std::int32_t kMaskedWrite = 0x100;
// Or'ed instead where every lane runs: write every lane, the destination
// possibly an operand (x = x + 1), with no blend.
inline constexpr std::int32_t kInPlaceWrite = 0x200;
inline constexpr std::int32_t kWriteFlags = kMaskedWrite | kInPlaceWrite;

// The ops a repeated body may hold (RepeatBelow/RepeatAtMost).
inline constexpr bool repeatable(Op op) {
  switch (op) {
    case Op::Mov:
    case Op::Add:
    case Op::Sub:
    case Op::Mul:
    case Op::Div:
    case Op::Min:
    case Op::Max:
    case Op::Neg:
    case Op::Abs:
    case Op::Log:
      return true;
    default:
      return false;
  }
}

struct Program {
  const std::int32_t* code;
  std::size_t instructions;
  // Values of registers 2 .. 2 + constantCount.
  const double* constants;
  std::size_t constantCount;
  std::size_t registers;
  std::size_t masks;
};

// Empty when `program` is safe to run (operands in range, jumps inside the
// code), else what is wrong. lib/ only emits valid programs; this keeps a
// direct caller of the binding from reaching undefined behaviour.
std::string validate(const Program& program);

}  // namespace numpool::program
