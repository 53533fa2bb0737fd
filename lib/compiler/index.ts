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
import { type ThrownMessage, Translation } from './translation';

export type { Constant } from './emitter';
export type { ThrownMessage } from './translation';

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
  /** What its throw statements throw, by the id the native side reports. */
  readonly messages: readonly ThrownMessage[];
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

/** Compiles `fn`'s source; throws a TypeError for anything outside the subset. */
export function compileProgram(source: string): Program {
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
  if (node.params.length < 1 || node.params.length > 2) {
    reject(source, node, 'a function of other than (x) or (x, params)');
  }
  const names = node.params.map((param) =>
    param.type === 'Identifier' ? param.name : reject(source, param, 'a parameter pattern (use plain names)'),
  );
  const body = node.body;
  const varTypes = new Map<A.Node, number>();
  // Variable types grow monotonically over a bit set of three: the
  // translation settles in at most four passes; the last one checks them.
  let translation: Translation;
  for (let pass = 0; ; pass++) {
    const before = [...varTypes.values()].join();
    translation = new Translation(source, names[0] as string, names[1], varTypes, false);
    translation.function(body);
    if ([...varTypes.values()].join() === before || pass > 4) break;
  }
  translation = new Translation(source, names[0] as string, names[1], varTypes, true);
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
    messages: translation.messages,
  };
}
