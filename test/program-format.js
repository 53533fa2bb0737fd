'use strict';
// The program format as the addon describes it (programSpec()), for tests
// that read compiled programs or write programs for the binding directly.
const { native } = require('../dist/native');

const spec = native.programSpec();
const names = spec.ops.map((row) => row.name);
const WRITE_FLAGS = spec.maskedWrite | spec.inPlaceWrite;

/** The code of the op `name`. */
function opCode(name) {
  const code = names.indexOf(name);
  if (code < 0) throw new Error(`no program op ${name}`);
  return code;
}

/** One instruction's words: `op` (a name, or a code with flags), its operands, zeros up to spec.words. */
function instruction(op, ...operands) {
  const word = typeof op === 'string' ? opCode(op) : op;
  return [word, ...operands, ...new Array(spec.words - 1 - operands.length).fill(0)];
}

/** A program's instructions, each its words. */
function instructions(code) {
  return Array.from({ length: code.length / spec.words }, (_, k) =>
    code.subarray(spec.words * k, spec.words * (k + 1)),
  );
}

/** The name of the op an instruction's first word holds, write flags aside. */
function opName(word) {
  return names[word & ~WRITE_FLAGS];
}

module.exports = { spec, opCode, instruction, instructions, opName };
