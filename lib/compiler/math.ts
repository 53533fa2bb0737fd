// What the subset's names and operators compile to: Math and Number
// constants, Math functions and operators, each to its program op.
// Adding a Math function is one line in MATH_FUNCTIONS (its op being a row
// of native/program/program.h's table).
import { MATH_OPS } from './spec';

export const MATH_CONSTANTS = ['E', 'LN10', 'LN2', 'LOG10E', 'LOG2E', 'PI', 'SQRT1_2', 'SQRT2'] as const;
export const NUMBER_CONSTANTS = [
  'EPSILON',
  'MAX_SAFE_INTEGER',
  'MAX_VALUE',
  'MIN_SAFE_INTEGER',
  'MIN_VALUE',
  'NaN',
  'NEGATIVE_INFINITY',
  'POSITIVE_INFINITY',
] as const;

/** A Math function of a fixed number of arguments, computed by one op. */
export interface MathFunction {
  readonly op: string;
  readonly arity: 1 | 2;
}

const unary = (op: string): MathFunction => ({ op, arity: 1 });
const binary = (op: string): MathFunction => ({ op, arity: 2 });

// Ports of V8's algorithms: each computes through the op the addon found
// giving this Node's bits (MATH_OPS), or is refused. Math.atan2, hypot and
// pow have length 2 (hypot's compiled form takes exactly two).
const ported = Object.entries(MATH_OPS);
const arityOf = (name: string) =>
  (Math as unknown as Record<string, (...args: number[]) => number>)[name]?.length;
const POW_OP = MATH_OPS.pow ?? null;

// Math functions whose native version is exact (IEEE operations, integer
// semantics) or a port of V8's algorithm, each tested against Math.*
// (test/math.test.js). Math.min and Math.max, of any number of arguments,
// are folded from Min and Max.
export const MATH_FUNCTIONS: Readonly<Record<string, MathFunction>> = {
  abs: unary('Abs'),
  ceil: unary('Ceil'),
  clz32: unary('Clz32'),
  floor: unary('Floor'),
  fround: unary('Fround'),
  imul: binary('Imul'),
  round: unary('Round'),
  sign: unary('Sign'),
  sqrt: unary('Sqrt'),
  trunc: unary('Trunc'),
  ...Object.fromEntries(
    ported.flatMap(([name, op]) =>
      op === null ? [] : [[name, arityOf(name) === 2 ? binary(op) : unary(op)]],
    ),
  ),
};

/** Why a Math function is refused, where it is not simply outside the subset. */
export const MATH_REFUSALS: Readonly<Record<string, string>> = {
  random: 'Math.random (not deterministic: a map must give the same result for the same input on any thread)',
  ...Object.fromEntries(
    ported.flatMap(([name, op]) =>
      op === null
        ? [
            [
              name,
              `Math.${name} (the running Node, ${process.version} on ${process.arch}, computes Math.${name} differently from numpool's ${name === 'pow' ? "ports of V8's two algorithms" : "port of V8's algorithm"}: other bits on probe arguments)`,
            ],
          ]
        : [],
    ),
  ),
};

// The operators whose value is a number (and their compound assignments).
export const ARITHMETIC: Readonly<Record<string, string>> = {
  '+': 'Add',
  '-': 'Sub',
  '*': 'Mul',
  '/': 'Div',
  '%': 'Mod',
  // V8 computes x ** y as Math.pow(x, y).
  ...(POW_OP === null ? {} : { '**': POW_OP }),
  // ToInt32/ToUint32 of the operands, then 32-bit integer arithmetic.
  '|': 'BitOr',
  '&': 'BitAnd',
  '^': 'BitXor',
  '<<': 'ShiftLeft',
  '>>': 'ShiftRight',
  '>>>': 'ShiftRightUnsigned',
};
export const COMPARISON: Readonly<Record<string, string>> = {
  '<': 'Lt',
  '<=': 'Le',
  '>': 'Gt',
  '>=': 'Ge',
  '===': 'Eq',
  '==': 'Eq',
  '!==': 'Ne',
  '!=': 'Ne',
};
