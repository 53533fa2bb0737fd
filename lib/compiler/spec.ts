// The program format as the addon defines it (native/program/program.h's op
// table, through programSpec()): op codes, which words of an instruction
// name registers, which ops compute (and so take a write flag) or may be
// repeated, and what each costs. Nothing here is written down twice.
import { native, type ProgramOpSpec } from '../native';

const spec = native.programSpec();

export const WORDS = spec.words;
export const INPUT = spec.inputRegister;
export const RESULT = spec.resultRegister;
export const CURRENT = spec.currentMask;
export const MASKED_WRITE = spec.maskedWrite;
export const IN_PLACE_WRITE = spec.inPlaceWrite;
export const MAX_REGISTERS = spec.maxRegisters;
/** The most inputs a map reads element by element. */
export const MAX_INPUTS = spec.maxInputs;
/**
 * Each ported Math function's op, where one gives this Node's Math.* bits on
 * every probe; null where none does.
 */
export const MATH_OPS = spec.mathOps;
const WRITE_FLAGS = MASKED_WRITE | IN_PLACE_WRITE;

/** An op's code, by name. */
export const op: Readonly<Record<string, number>> = Object.fromEntries(
  spec.ops.map((row, code) => [row.name, code]),
);

/** The row of the op an instruction word holds, write flags aside. */
export function rowOf(word: number): ProgramOpSpec {
  const row = spec.ops[word & ~WRITE_FLAGS];
  if (row === undefined) throw new Error(`numpool: no program op has the code ${word}`);
  return row;
}

/** The words (1..WORDS-1) of an instruction that name registers. */
export function registerWords(word: number): readonly number[] {
  return registerWordsOf[word & ~WRITE_FLAGS] ?? [];
}

const registerWordsOf = spec.ops.map((row) =>
  row.operands.flatMap((operand, k) => (operand === 'register' ? [k + 1] : [])),
);
