// Compiles a numeric JavaScript function to a program for the native
// interpreter (native/program/program.h): acorn parses fn.toString() and
// translation.ts translates it; anything outside the numeric subset is a
// TypeError naming the construct and its position. The program computes,
// for every element x, Number(fn(x, params)) bit for bit; lanes run in
// lockstep under masks, so control flow becomes mask operations and every
// expression is evaluated branch-free.
import type * as A from 'acorn';
import type { Constant } from './emitter';
import { Helpers, parseFunction } from './helpers';
import { reject } from './rejection';
import { MAX_REGISTERS, rowOf, WORDS } from './spec';
import type { ThrownMessage } from './statements';
import { type Context, type ParameterNames, Translation } from './translation';

export type { Constant } from './emitter';
export type { ThrownMessage } from './statements';

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
 * An entry of options.functions: a function's source, or a namespace's
 * (none), and the members a call reaches through it (`jStat.normal.cdf`).
 */
export interface HelperNode {
  readonly source: string | undefined;
  readonly members: ReadonlyMap<string, HelperNode>;
}

/** What compile() inlines and folds besides the function: options.functions' sources and options.constants. */
export interface CompileOptions {
  readonly functions: ReadonlyMap<string, HelperNode>;
  readonly constants: ReadonlyMap<string, number>;
}

const NO_OPTIONS: CompileOptions = { functions: new Map(), constants: new Map() };

/**
 * Compiles `fn`'s source as a function of `inputs` numbers (one per input
 * array), then optionally the element's index, then optionally the params
 * object; throws a TypeError for anything outside the subset. A single
 * parameter after the inputs is the index when the body reads it as a
 * number, the params object when it reads its fields (as Array.prototype.map
 * passes (x, i), and as numpool passes (x, params)).
 */
export function compileProgram(source: string, inputs = 1, options: CompileOptions = NO_OPTIONS): Program {
  const node = parseFunction(source, 'this function');
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
  // The functions named at the top are parsed now, a namespace's when a call reaches them.
  const helpers = new Helpers(options.functions);
  for (const [name, entry] of options.functions) helpers.parsed(entry, name);
  helpers.effects.add(node);
  const context = (parameters: ParameterNames): Context => ({
    source,
    names: parameters,
    varTypes: new Map(),
    siteKeys: new Map(),
    helpers,
    constants: options.constants,
    effects: helpers.effects,
  });
  const trailing = names.length === inputs + 1 ? (names[inputs] as string) : undefined;
  if (trailing === undefined) return translate(node, context(roles));
  // Translated once as both: its use says which it is.
  const probe = new Translation(context({ ...roles, index: trailing, params: trailing }), false);
  probe.function(node);
  if (probe.indexRead && probe.params.size > 0) {
    const inputNames = roles.inputs.join(', ');
    throw new TypeError(
      `cannot compile this function: ${trailing} is read both as a number (the index) and as ${trailing}.${[...probe.params][0]} (the params object); take both, as (${inputNames}, i, ${trailing})`,
    );
  }
  // Unread, it is neither: nothing depends on the choice.
  return translate(
    node,
    context(probe.indexRead ? { ...roles, index: trailing } : { ...roles, params: trailing }),
  );
}

/** Translates the function with its parameters' roles settled. */
function translate(node: A.ArrowFunctionExpression | A.FunctionExpression, context: Context): Program {
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
    inputs: context.names.inputs.length,
  };
}
