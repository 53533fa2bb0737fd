// Compiles a numeric JavaScript function to a program for the native
// interpreter (native/program/program.h): acorn parses fn.toString() and
// translation.ts translates it; anything outside the numeric subset is a
// TypeError naming the construct and its position. The program computes,
// for every element x, Number(fn(x, params)) bit for bit; lanes run in
// lockstep under masks, so control flow becomes mask operations and every
// expression is evaluated branch-free.
import type * as A from 'acorn';
import { parseExpressionAt } from 'acorn';
import { Effects } from './effects';
import type { Constant } from './emitter';
import { reject } from './rejection';
import { MAX_REGISTERS, rowOf, WORDS } from './spec';
import { type Context, type Helper, type ThrownMessage, Translation } from './translation';

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

/** What compile() inlines and folds besides the function: options.functions' sources and options.constants. */
export interface CompileOptions {
  readonly functions: ReadonlyMap<string, string>;
  readonly constants: ReadonlyMap<string, number>;
}

const NO_OPTIONS: CompileOptions = { functions: new Map(), constants: new Map() };

/** A function's source parsed as a function expression; `what` names it in errors. */
function parseFunction(source: string, what: string): A.ArrowFunctionExpression | A.FunctionExpression {
  let node: A.Expression;
  try {
    node = parseExpressionAt(source, 0, { ecmaVersion: 'latest', locations: true });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new TypeError(
      `cannot compile ${what}: its source does not parse as a function expression (${reason}; a method, a bound or a native function?)`,
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
  return node;
}

/** Compiles `fn`'s source; throws a TypeError for anything outside the subset. */
export function compileProgram(source: string, options: CompileOptions = NO_OPTIONS): Program {
  const node = parseFunction(source, 'this function');
  if (node.params.length < 1 || node.params.length > 2) {
    reject(source, node, 'a function of other than (x) or (x, params)');
  }
  const names = node.params.map((param) =>
    param.type === 'Identifier' ? param.name : reject(source, param, 'a parameter pattern (use plain names)'),
  );
  const helpers = new Map<string, Helper>();
  for (const [name, text] of options.functions) {
    let parsed: A.ArrowFunctionExpression | A.FunctionExpression;
    try {
      parsed = parseFunction(text, `options.functions.${name}`);
    } catch (error) {
      if (!(error instanceof TypeError) || error.message.includes(`options.functions.${name}`)) throw error;
      throw new TypeError(`${error.message} (in options.functions.${name})`, { cause: error });
    }
    helpers.set(name, { name, source: text, node: parsed });
  }
  const context: Context = {
    source,
    inputName: names[0] as string,
    paramsName: names[1],
    varTypes: new Map(),
    siteKeys: new Map(),
    helpers,
    constants: options.constants,
    effects: new Effects([node, ...[...helpers.values()].map((helper) => helper.node)]),
  };
  // Variable types grow monotonically over a bit set of three: each pass
  // that changes them adds a bit, so they settle; the last pass checks them.
  let translation: Translation;
  for (;;) {
    const before = [...context.varTypes.values()].join();
    translation = new Translation(context, false);
    translation.function(node);
    if ([...context.varTypes.values()].join() === before) break;
  }
  translation = new Translation(context, true);
  translation.function(node);
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
