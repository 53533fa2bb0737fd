// Compiles a numeric JavaScript function to a program for the native
// interpreter (native/program/program.h): acorn parses fn.toString() and
// translation.ts translates it; anything outside the numeric subset is a
// TypeError naming the construct and its position. The program computes,
// for every element x, Number(fn(x, params)) bit for bit; lanes run in
// lockstep under masks, so control flow becomes mask operations and every
// expression is evaluated branch-free.
import type * as A from 'acorn';
import { parseExpressionAt } from 'acorn';
import type { Constant } from './emitter';
import { reject } from './rejection';
import { MAX_REGISTERS, rowOf, WORDS } from './spec';
import { type ParameterNames, Translation } from './translation';

export type { Constant } from './emitter';

/** The compiled form of a function, independent of its params' values. */
export interface Program {
  readonly code: Int32Array;
  readonly constants: readonly Constant[];
  readonly registers: number;
  readonly masks: number;
  /** Estimated ns per element; large for loops, which go to the threads. */
  readonly nsPerElement: number;
  /** Fields of the params argument that the function reads. */
  readonly params: readonly string[];
  /** The inputs it maps, element by element. */
  readonly inputs: number;
}

// A program with loops has no cost known beforehand and may run for ever:
// it goes to the threads, where its slices share them with other maps (an
// inline run would stop at its budget and go there anyway, later).
const LOOP_NS_PER_ELEMENT = 1e5;

/** The estimated ns per element of a program without loops: its ops' costs from the op table. */
export function straightLineNs(code: Int32Array): number {
  let ns = 0;
  for (let at = 0; at < code.length; at += WORDS) ns += rowOf(code[at] as number).nsPerElement;
  return ns;
}

/**
 * Compiles `fn`'s source as a function of `inputs` numbers (one per input
 * array), then optionally the element's index, then optionally the params
 * object; throws a TypeError for anything outside the subset. A single
 * parameter after the inputs is the index when the body reads it as a
 * number, the params object when it reads its fields (as Array.prototype.map
 * passes (x, i), and as numpool passes (x, params)).
 */
export function compileProgram(source: string, inputs = 1): Program {
  let node: A.Expression;
  try {
    node = parseExpressionAt(source, 0, { ecmaVersion: 'latest', locations: true });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new TypeError(
      `cannot compile this function: its source does not parse as a function expression (${reason}; a method, a bound or a native function?)`,
      { cause },
    );
  }
  if (
    (node.type !== 'ArrowFunctionExpression' && node.type !== 'FunctionExpression') ||
    source.slice(node.end).trim() !== ''
  ) {
    return reject(source, node, 'source that is not a function expression (a method or a class?)');
  }
  if (node.async) reject(source, node, 'an async function');
  if (node.generator) reject(source, node, 'a generator');
  const names = node.params.map((param) =>
    param.type === 'Identifier' ? param.name : reject(source, param, 'a parameter pattern (use plain names)'),
  );
  if (new Set(names).size !== names.length) reject(source, node, 'a parameter name given twice');
  if (names.length < inputs || names.length > inputs + 2) {
    const form =
      inputs === 1
        ? '(x), (x, i), (x, params) or (x, i, params)'
        : `${inputs} numbers, then optionally (i) and (params)`;
    reject(
      source,
      node,
      `a function of ${names.length} parameters for ${inputs} input${inputs === 1 ? '' : 's'} (expected ${form})`,
    );
  }
  const roles: ParameterNames = {
    inputs: names.slice(0, inputs),
    index: names.length === inputs + 2 ? names[inputs] : undefined,
    params: names.length === inputs + 2 ? names[inputs + 1] : undefined,
  };
  const body = node.body;
  const trailing = names.length === inputs + 1 ? (names[inputs] as string) : undefined;
  if (trailing !== undefined) {
    // Translated once as both: its use says which it is.
    const probe = new Translation(source, { ...roles, index: trailing, params: trailing }, new Map(), false);
    probe.function(body);
    if (probe.indexRead && probe.params.size > 0) {
      const inputNames = roles.inputs.join(', ');
      throw new TypeError(
        `cannot compile this function: ${trailing} is read both as a number (the index) and as ${trailing}.${[...probe.params][0]} (the params object); take both, as (${inputNames}, i, ${trailing})`,
      );
    }
    // Unread, it is neither: nothing depends on the choice.
    return translate(
      source,
      body,
      probe.indexRead ? { ...roles, index: trailing } : { ...roles, params: trailing },
    );
  }
  return translate(source, body, roles);
}

/** Translates the body with its parameters' roles settled. */
function translate(source: string, body: A.Expression | A.BlockStatement, names: ParameterNames): Program {
  const varTypes = new Map<A.Node, number>();
  // Variable types grow monotonically over a bit set of three: the
  // translation settles in at most four passes; the last one checks them.
  let translation: Translation;
  for (let pass = 0; ; pass++) {
    const before = [...varTypes.values()].join();
    translation = new Translation(source, names, varTypes, false);
    translation.function(body);
    if ([...varTypes.values()].join() === before || pass > 4) break;
  }
  translation = new Translation(source, names, varTypes, true);
  translation.function(body);
  const { emitter } = translation;
  const { code, registers } = emitter.finish();
  if (registers > MAX_REGISTERS || emitter.masks > MAX_REGISTERS) {
    throw new TypeError(
      `cannot compile this function: it needs ${registers} registers, more than ${MAX_REGISTERS}`,
    );
  }
  return {
    code,
    constants: emitter.constants,
    registers,
    masks: emitter.masks,
    nsPerElement: translation.hasLoop ? LOOP_NS_PER_ELEMENT : straightLineNs(code),
    params: [...translation.params],
    inputs: names.inputs.length,
  };
}
