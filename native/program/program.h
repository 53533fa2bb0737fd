// A compiled JavaScript function (lib/compiler/): register bytecode that
// the interpreter runs over blocks of elements in lockstep. Every value is a
// block of kLanes doubles; control flow is per-lane masks, so a branch or a
// loop runs for the lanes that take it and is skipped when none does.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace numpool::program {

// Elements interpreted side by side: enough to amortise one dispatch over
// many lanes, few enough that a program's registers stay in L1.
inline constexpr std::size_t kLanes = 64;

// A chunk in progress holds one block of every register: this bounds its
// memory (64 lanes of 8 bytes: 32 MiB at most).
inline constexpr std::size_t kMaxRegisters = 65536;

// Registers 0 and 1 are the element of input 0 and the result; constants
// follow. The other inputs and the element's index are read into registers
// by the Input and Index ops.
inline constexpr std::int32_t kInputRegister = 0;
inline constexpr std::int32_t kResultRegister = 1;
// Mask 0 is the current mask: the lanes that run the instruction.
inline constexpr std::int32_t kCurrentMask = 0;

// The most inputs a map reads element by element: one per parameter of the
// function before its index and params.
inline constexpr std::size_t kMaxInputs = 16;

// Each instruction is kWords int32: op, then its operands (unused ones 0).
inline constexpr std::size_t kWords = 5;

// What an operand word holds: a register, a mask, a code index (a jump
// target, up to the end of the code), a bit (0 or 1) or an input of the map
// (below the map's input count, which validate checks the program against).
enum class Operand : std::uint8_t { None, Register, Mask, Target, Bit, Input };
using Shape = std::array<Operand, kWords - 1>;

// The operand shapes of the ops. d: destination register; a, b, c:
// registers; m: mask; t: code index; k: bit.
namespace shape {
inline constexpr Operand R = Operand::Register;
inline constexpr Operand M = Operand::Mask;
inline constexpr Operand T = Operand::Target;
inline constexpr Operand K = Operand::Bit;
inline constexpr Operand I = Operand::Input;
inline constexpr Operand N = Operand::None;
inline constexpr Shape kDest{R, N, N, N};         // d
inline constexpr Shape kInput{R, I, N, N};        // d k
inline constexpr Shape kUnary{R, R, N, N};        // d a
inline constexpr Shape kBinary{R, R, R, N};       // d a b
inline constexpr Shape kSelect{R, R, R, R};       // d a b c
inline constexpr Shape kMask{M, N, N, N};         // m
inline constexpr Shape kMaskTest{M, R, N, N};     // m a
inline constexpr Shape kLoopTest{M, R, T, N};     // m a t
inline constexpr Shape kJump{T, N, N, N};         // t
inline constexpr Shape kCountedJump{R, R, T, N};  // a b t
inline constexpr Shape kBackEdge{R, R, T, K};     // a b t k
inline constexpr Shape kThrow{R, N, N, N};        // a
}  // namespace shape

// An op that computes its destination from its operands: its write may be
// masked or in place (kMaskedWrite, kInPlaceWrite), so that an assignment
// fuses into the op that computes the value.
inline constexpr unsigned kComputes = 1;
// An op a repeated counted loop body may hold (RepeatBelow/RepeatAtMost).
inline constexpr unsigned kRepeatable = 2;
// A repeatable op whose body then runs through the register file: a Math
// function, whose vector port is inlined once per path there rather than
// once per slot and chain of the unrolled form.
inline constexpr unsigned kRepeatsThroughRegisters = 4;

// The op table, the one definition of every op: its name, operand shape,
// flags and estimated cost in ns per element on the portable path (the
// compiler's estimate of a program's cost sums them; erring long only sends
// a map to the threads sooner). The binding hands it to lib/ (programSpec).
// Adding an op: a row here, its case in the interpreter, its Math name in
// lib/compiler/math.ts and its test.
#define NUMPOOL_PROGRAM_OPS(X)                                                \
  X(Mov, kUnary, kRepeatable, 0.15) /* d = a on every lane */                 \
  X(MovMasked, kUnary, 0, 0.15)     /* d = a on current lanes */              \
  X(Input, kInput, 0, 0.15)         /* d = the element of input k */          \
  /* d = the element's index in the map, exact (below 2^53) */                \
  X(Index, kDest, 0, 0.15)                                                    \
  X(Add, kBinary, kComputes | kRepeatable, 0.15)                              \
  X(Sub, kBinary, kComputes | kRepeatable, 0.15)                              \
  X(Mul, kBinary, kComputes | kRepeatable, 0.15)                              \
  X(Div, kBinary, kComputes | kRepeatable, 0.15)                              \
  X(Mod, kBinary, kComputes, 0.15) /* fmod: JavaScript's % */                 \
  X(Lt, kBinary, kComputes, 0.15)  /* comparisons give 1 or 0 */              \
  X(Le, kBinary, kComputes, 0.15)                                             \
  X(Gt, kBinary, kComputes, 0.15)                                             \
  X(Ge, kBinary, kComputes, 0.15)                                             \
  X(Eq, kBinary, kComputes, 0.15)                                             \
  X(Ne, kBinary, kComputes, 0.15)                                             \
  /* Math.min/max of two: NaN wins, -0 < +0 */                                \
  X(Min, kBinary, kComputes | kRepeatable, 0.15)                              \
  X(Max, kBinary, kComputes | kRepeatable, 0.15)                              \
  X(Neg, kUnary, kComputes | kRepeatable, 0.15)                               \
  X(Not, kUnary, kComputes, 0.15) /* 1 when a is falsy (0, -0, NaN) */        \
  X(Sqrt, kUnary, kComputes, 0.15)                                            \
  X(Abs, kUnary, kComputes | kRepeatable, 0.15)                               \
  X(Floor, kUnary, kComputes, 0.15)                                           \
  X(Ceil, kUnary, kComputes, 0.15)                                            \
  X(Trunc, kUnary, kComputes, 0.15)                                           \
  /* JavaScript's round: ties toward +Infinity, keeps -0 */                   \
  X(Round, kUnary, kComputes, 0.15)                                           \
  X(Sign, kUnary, kComputes, 0.15)                                            \
  X(Fround, kUnary, kComputes, 0.15)                                          \
  /* Math functions as V8 computes them (ports of its algorithms, */          \
  /* native/kernels/); exp, sin, cos, pow and log run in vectors. */          \
  X(Log, kUnary, kComputes | kRepeatable | kRepeatsThroughRegisters, 6)       \
  X(Exp, kUnary, kComputes | kRepeatable | kRepeatsThroughRegisters, 6)       \
  X(Expm1, kUnary, kComputes, 8)                                              \
  X(Log1p, kUnary, kComputes, 8)                                              \
  X(Log2, kUnary, kComputes, 8)                                               \
  X(Log10, kUnary, kComputes, 8)                                              \
  X(Sin, kUnary, kComputes | kRepeatable | kRepeatsThroughRegisters, 8)       \
  X(Cos, kUnary, kComputes | kRepeatable | kRepeatsThroughRegisters, 8)       \
  X(Tan, kUnary, kComputes, 12)                                               \
  X(Asin, kUnary, kComputes, 10)                                              \
  X(Acos, kUnary, kComputes, 10)                                              \
  X(Atan, kUnary, kComputes, 10)                                              \
  X(Atan2, kBinary, kComputes, 14)                                            \
  X(Sinh, kUnary, kComputes, 12)                                              \
  X(Cosh, kUnary, kComputes, 12)                                              \
  X(Tanh, kUnary, kComputes, 12)                                              \
  X(Asinh, kUnary, kComputes, 14)                                             \
  X(Acosh, kUnary, kComputes, 14)                                             \
  X(Atanh, kUnary, kComputes, 12)                                             \
  X(Cbrt, kUnary, kComputes, 8)                                               \
  X(Hypot, kBinary, kComputes, 8) /* of two */                                \
  /* pow: V8's fdlibm pow (Node 20, 22) or the C library's (24, 26), */       \
  /* as math_choice.h finds the running Node's (programSpec.mathOps) */       \
  X(PowFdlibm, kBinary, kComputes, 16)                                        \
  X(PowLibm, kBinary, kComputes, 30)                                          \
  /* the same functions as V8 computes them with fused multiply-adds */       \
  /* (arm64 Node): fma_math.h's ports, exp, sin and cos in NEON vectors */    \
  X(ExpFma, kUnary, kComputes, 16)                                            \
  X(Expm1Fma, kUnary, kComputes, 16)                                          \
  X(LogFma, kUnary, kComputes, 16)                                            \
  X(Log1pFma, kUnary, kComputes, 16)                                          \
  X(Log2Fma, kUnary, kComputes, 16)                                           \
  X(SinFma, kUnary, kComputes, 16)                                            \
  X(CosFma, kUnary, kComputes, 16)                                            \
  X(TanFma, kUnary, kComputes, 16)                                            \
  X(AsinFma, kUnary, kComputes, 16)                                           \
  X(AcosFma, kUnary, kComputes, 16)                                           \
  X(AtanFma, kUnary, kComputes, 16)                                           \
  X(Atan2Fma, kBinary, kComputes, 16)                                         \
  X(SinhFma, kUnary, kComputes, 16)                                           \
  X(CoshFma, kUnary, kComputes, 16)                                           \
  X(TanhFma, kUnary, kComputes, 16)                                           \
  X(AsinhFma, kUnary, kComputes, 16)                                          \
  X(AcoshFma, kUnary, kComputes, 16)                                          \
  X(AtanhFma, kUnary, kComputes, 16)                                          \
  X(Clz32, kUnary, kComputes, 0.5)                                            \
  X(Imul, kBinary, kComputes, 0.5)                                            \
  /* JavaScript's bitwise and shift operators (| & ^ ~ << >> >>>): */         \
  /* ToInt32/ToUint32 of the operands (js_integer.h), then 32-bit */          \
  /* integer arithmetic */                                                    \
  X(BitOr, kBinary, kComputes, 0.5)                                           \
  X(BitAnd, kBinary, kComputes, 0.5)                                          \
  X(BitXor, kBinary, kComputes, 0.5)                                          \
  X(BitNot, kUnary, kComputes, 0.5)                                           \
  X(ShiftLeft, kBinary, kComputes, 0.5)                                       \
  X(ShiftRight, kBinary, kComputes, 0.5)                                      \
  X(ShiftRightUnsigned, kBinary, kComputes, 0.5)                              \
  X(Select, kSelect, kComputes, 0.15) /* d = truthy(a) ? b : c */             \
  X(MaskSave, kMask, 0, 0.15)         /* m = current */                       \
  X(MaskLoad, kMask, 0, 0.15)         /* current = m */                       \
  X(MaskAnd, kMaskTest, 0, 0.15)      /* current = m & truthy(a) */           \
  X(MaskAndNot, kMaskTest, 0, 0.15)   /* current = m & !truthy(a) */          \
  X(MaskClear, kMask, 0, 0.15)        /* m &= ~current (m may be current) */  \
  X(JumpIfNone, kJump, 0, 0.15)       /* jump when no current lane is left */ \
  /* current = m = m & truthy(a); jump to t when that leaves no lane */       \
  X(LoopTest, kLoopTest, 0, 0.15)                                             \
  X(Jump, kJump, 0, 0.15) /* to t, a loop's back edge or not */               \
  /* The head of a loop outside any branch or loop, m its looping lanes: */   \
  /* when few still loop, the lanes that left it trade places with lanes */   \
  /* of the chunk's next elements that have reached it (blocks.h). */         \
  X(Refill, kMask, 0, 0.15)                                                   \
  /* Counted loops, whose counter and limit are the same on every lane: */    \
  /* lane 0 decides for all. */                                               \
  X(JumpUnlessBelow, kCountedJump, 0, 0.15)  /* unless a < b, jump */         \
  X(JumpUnlessAtMost, kCountedJump, 0, 0.15) /* unless a <= b, jump */        \
  /* if a + 1 < b (not the last iteration), jump */                           \
  X(JumpIfNextBelow, kCountedJump, 0, 0.15)                                   \
  X(JumpIfNextAtMost, kCountedJump, 0, 0.15) /* if a + 1 <= b, jump */        \
  /* The back edge of one whose body does not read the counter (only */       \
  /* lane 0 keeps it): a[0] += 1, then as Jump to t while a + k < b */        \
  /* (a + k <= b): k = 1 stops before the last iteration. */                  \
  X(NextBelow, kBackEdge, 0, 0.15)                                            \
  X(NextAtMost, kBackEdge, 0, 0.15)                                           \
  /* The same back edges where the body [t, here) is straight-line */         \
  /* arithmetic (repeatable ops, unmasked) writing neither a nor b: */        \
  /* the interpreter runs its remaining iterations in one tight loop. */      \
  X(RepeatBelow, kBackEdge, 0, 0.15)                                          \
  X(RepeatAtMost, kBackEdge, 0, 0.15)                                         \
  /* The current lanes' elements throw; a holds the message's id (the */      \
  /* compiled kernel's table of messages, in lib/). The lowest element */     \
  /* that throws rejects the map (ProgramMap::thrown). */                     \
  X(Throw, kThrow, 0, 0.15)

enum class Op : std::int32_t {
#define NUMPOOL_PROGRAM_ENUM(name, shape, flags, ns) name,
  NUMPOOL_PROGRAM_OPS(NUMPOOL_PROGRAM_ENUM)
#undef NUMPOOL_PROGRAM_ENUM
      Count
};

struct OpSpec {
  const char* name;
  Shape operands;
  unsigned flags;
  double nsPerElement;
};

inline constexpr std::array<OpSpec, static_cast<std::size_t>(Op::Count)> kOps{{
#define NUMPOOL_PROGRAM_ROW(name, operands, flags, ns) \
  {#name, shape::operands, flags, ns},
    NUMPOOL_PROGRAM_OPS(NUMPOOL_PROGRAM_ROW)
#undef NUMPOOL_PROGRAM_ROW
}};

constexpr const OpSpec& specOf(Op op) {
  return kOps[static_cast<std::size_t>(op)];
}
constexpr bool computes(Op op) { return (specOf(op).flags & kComputes) != 0; }
constexpr bool repeatable(Op op) {
  return (specOf(op).flags & kRepeatable) != 0;
}
constexpr bool repeatsThroughRegisters(Op op) {
  return (specOf(op).flags & kRepeatsThroughRegisters) != 0;
}
// A computing op of one operand (d a) rather than two (d a b).
constexpr bool unaryOp(Op op) {
  return specOf(op).operands[2] == Operand::None;
}

// Or'ed into an op that computes a register: write it only on the current
// lanes (an assignment fused with the operation that computes its value).
inline constexpr std::int32_t kMaskedWrite = 0x100;
// Or'ed instead where every lane runs: write every lane, the destination
// possibly an operand (x = x + 1), with no blend.
inline constexpr std::int32_t kInPlaceWrite = 0x200;
inline constexpr std::int32_t kWriteFlags = kMaskedWrite | kInPlaceWrite;

struct Program {
  const std::int32_t* code;
  std::size_t instructions;
  // Values of registers 2 .. 2 + constantCount.
  const double* constants;
  std::size_t constantCount;
  std::size_t registers;
  std::size_t masks;
  // The map's inputs, 1 to kMaxInputs: what Input operands may name.
  std::size_t inputs;
};

// Empty when `program` is safe to run (operands in range, jumps inside the
// code), else what is wrong. lib/ only emits valid programs; this keeps a
// direct caller of the binding from reaching undefined behaviour.
std::string validate(const Program& program);

}  // namespace numpool::program
