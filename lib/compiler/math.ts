// What the subset's names and operators compile to: Math and Number
// constants, Math functions and operators, each to its program op.
// Adding a Math function is one line in MATH_FUNCTIONS (its op being a row
// of native/program/program.h's table).

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

// Math functions whose native version is exact (IEEE operations) or a port
// of V8's algorithm, each tested against Math.* (test/math.test.js).
// Math.min and Math.max, of any number of arguments, are folded from Min
// and Max.
export const MATH_FUNCTIONS: Readonly<Record<string, MathFunction>> = {
  abs: unary('Abs'),
  ceil: unary('Ceil'),
  floor: unary('Floor'),
  fround: unary('Fround'),
  log: unary('Log'),
  round: unary('Round'),
  sign: unary('Sign'),
  sqrt: unary('Sqrt'),
  trunc: unary('Trunc'),
};

export const ARITHMETIC: Readonly<Record<string, string>> = {
  '+': 'Add',
  '-': 'Sub',
  '*': 'Mul',
  '/': 'Div',
  '%': 'Mod',
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
