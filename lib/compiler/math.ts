// What the subset's names and operators compile to: Math and Number
// constants, Math functions and operators, each to its program op.
// Adding a Math function is one line in MATH_FUNCTIONS (its op being a row
// of native/program/program.h's table).
import { POW_OP } from './spec';

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

// Math functions whose native version is exact (IEEE operations) or a port
// of V8's algorithm, each tested against Math.* (test/math.test.js).
// Math.min and Math.max, of any number of arguments, are folded from Min
// and Max.
export const MATH_FUNCTIONS: Readonly<Record<string, MathFunction>> = {
  abs: unary('Abs'),
  acos: unary('Acos'),
  acosh: unary('Acosh'),
  asin: unary('Asin'),
  asinh: unary('Asinh'),
  atan: unary('Atan'),
  atan2: binary('Atan2'),
  atanh: unary('Atanh'),
  cbrt: unary('Cbrt'),
  ceil: unary('Ceil'),
  clz32: unary('Clz32'),
  cos: unary('Cos'),
  cosh: unary('Cosh'),
  exp: unary('Exp'),
  expm1: unary('Expm1'),
  floor: unary('Floor'),
  fround: unary('Fround'),
  hypot: binary('Hypot'),
  imul: binary('Imul'),
  log: unary('Log'),
  log10: unary('Log10'),
  log1p: unary('Log1p'),
  log2: unary('Log2'),
  ...(POW_OP === null ? {} : { pow: binary(POW_OP) }),
  round: unary('Round'),
  sign: unary('Sign'),
  sin: unary('Sin'),
  sinh: unary('Sinh'),
  sqrt: unary('Sqrt'),
  tan: unary('Tan'),
  tanh: unary('Tanh'),
  trunc: unary('Trunc'),
};

/** Why a Math function is refused, where it is not simply outside the subset. */
export const MATH_REFUSALS: Readonly<Record<string, string>> = {
  random: 'Math.random (not deterministic: a map must give the same result for the same input on any thread)',
  ...(POW_OP === null
    ? {
        pow: `Math.pow (this Node's pow, ${process.version}, gives bits that neither of V8's pow algorithms reproduces)`,
      }
    : {}),
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
