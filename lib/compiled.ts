// compile(fn): a user's numeric function as a reusable kernel, compiled once
// per source text, and the marshalling of its params for one map. The
// compiled program is private to its kernel and never handed out, and only
// compile() makes kernels: a program cannot be forged or changed through the
// public API (the native side checks every program besides).
import { isProxy } from 'node:util/types';
import {
  compileProgram,
  type HelperNode,
  type Program,
  type CompileOptions as ProgramOptions,
} from './compiler/index';
import { RESERVED } from './compiler/scope';
import { MAX_INPUTS } from './compiler/spec';
import { describe, rangeError, typeError } from './errors';
import { asTypeOrRangeError, checkOptionsObject } from './marshal';
import type { NativeMap, NativePool, ProgramThrow } from './native';

/** A params object: the numeric fields a function reads as `p.name`. */
export type Params = Readonly<Record<string, number>>;

/** One number per input of the tuple `I`: a function's first parameters. */
export type Elements<I extends readonly unknown[]> = { -readonly [K in keyof I]: number };

/** `K` numbers (1 to 16): the elements of a kernel compiled for K inputs. */
export type NumberTuple<K extends number, T extends number[] = [number]> = T['length'] extends K
  ? T
  : T['length'] extends 16
    ? number[]
    : NumberTuple<K, [...T, number]>;

/**
 * A numeric function for pool.map and compile: the elements of its inputs
 * (`I`, one number each), then optionally the element's index, then
 * optionally the params object `P`. The parameter after the inputs is typed
 * as both (the compiler tells them apart by the body's use), so `(x, i) => …`,
 * `(x, p) => …` and `(x, i, p) => …` all fit.
 */
export type NumericFunction<P = Params, I extends readonly unknown[] = [number]> = (
  ...args: [...Elements<I>, indexOrParams: number & NoInfer<P>, params: P]
) => number | boolean;

/** A helper a compiled function calls: inlined at each call. */
// biome-ignore lint/suspicious/noExplicitAny: helpers take numbers or booleans, any number of them
export type HelperFunction = (...args: any[]) => number | boolean | undefined;

/** options.functions: helpers, and namespaces of them, by name. */
export interface HelperFunctions {
  readonly [name: string]: HelperFunction | HelperFunctions;
}

/** What compile() (and a function map) takes besides the function. */
export interface CompileOptions<K extends number = number> {
  /** The inputs the function maps, 1 (the default) to 16: its first K parameters are their elements. */
  inputs?: K | undefined;
  /**
   * Functions the function calls by these names, compiled and inlined at each
   * call (no call cycles); an object of them (nested) is a namespace the
   * function calls through, as `jStat.normal.cdf(x, 0, 1)`.
   */
  functions?: HelperFunctions | undefined;
  /** Numbers the function (and its helpers) read by these names, folded like literals. */
  constants?: Readonly<Record<string, number>> | undefined;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** options.functions and options.constants, checked and read once: helpers as source text. */
export function readCompileOptions(functions: unknown, constants: unknown): ProgramOptions {
  const helpers = new Map<string, HelperNode>();
  const seen = new Map<object, HelperNode>();
  for (const [name, value] of Object.entries(checkOptionsObject(functions, 'options.functions'))) {
    const node = readHelper(value, `options.functions.${name}`, seen);
    if (node === undefined)
      throw typeError(`options.functions.${name}`, 'a function or a plain object of functions', value);
    checkName(name, 'functions');
    helpers.set(name, node);
  }
  const numbers = new Map<string, number>();
  for (const [name, value] of Object.entries(checkOptionsObject(constants, 'options.constants'))) {
    if (typeof value !== 'number') throw typeError(`options.constants.${name}`, 'a number', value);
    checkName(name, 'constants');
    if (helpers.has(name))
      throw new TypeError(`options.constants.${name} is also options.functions.${name}: give each name once`);
    numbers.set(name, value);
  }
  return { functions: helpers, constants: numbers };
}

/**
 * A function (its source) with the functions and plain objects among its
 * own enumerable data properties as members, read once each: a namespace
 * (`{ jStat }`, jStat.normal.cdf) is taken as it is, other values in it
 * (numbers, arrays, getters, symbols) left out, since only calls reach
 * through it. A proxy is refused: its traps could answer each read
 * differently. Shared and cyclic references share their node.
 */
function readHelper(value: unknown, path: string, seen: Map<object, HelperNode>): HelperNode | undefined {
  const isFunction = typeof value === 'function';
  if (!isFunction && (typeof value !== 'object' || value === null)) return undefined;
  if (isProxy(value)) throw new TypeError(`${path} is a proxy: pass a plain object or a function`);
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (!isFunction) {
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return undefined;
  }
  const members = new Map<string, HelperNode>();
  const node: HelperNode = {
    source: isFunction ? Function.prototype.toString.call(value) : undefined,
    members,
  };
  seen.set(value, node);
  let descriptors: Record<string, PropertyDescriptor>;
  try {
    descriptors = Object.getOwnPropertyDescriptors(value);
  } catch (error) {
    throw asTypeOrRangeError(error, `${path} cannot be read`);
  }
  for (const [name, descriptor] of Object.entries(descriptors)) {
    if (!descriptor.enumerable || !('value' in descriptor) || !IDENTIFIER.test(name)) continue;
    const member = readHelper(descriptor.value, `${path}.${name}`, seen);
    if (member !== undefined) members.set(name, member);
  }
  return node;
}

function checkName(name: string, option: string): void {
  if (!IDENTIFIER.test(name))
    throw new TypeError(`options.${option}.${name} is not a name a function can use (a plain identifier)`);
  if (RESERVED.includes(name))
    throw new TypeError(
      `options.${option}.${name} would shadow the global ${name}, which the compiler knows`,
    );
}

// Held by this module alone: the constructor refuses any other caller.
const MINT = Symbol('numpool compile()');

/** Whether `value` is a kernel that compile() made (a look-alike is not). */
export let isCompiledKernel: (value: unknown) => value is CompiledKernel;

/** Whether a kernel was compiled with options.functions or options.constants, which its source lacks. */
export let hasCompileOptions: (kernel: CompiledKernel) => boolean;

/**
 * Starts a map of `kernel` on `pool` with the constant registers `constants`
 * (kernel.constants(params)), as NativePool.mapProgram does; throws
 * thrownError's RangeError when it ran inline and an element threw.
 */
export let submitCompiled: (
  kernel: CompiledKernel,
  pool: NativePool,
  owner: object,
  constants: Float64Array,
  inputs: readonly Float64Array[],
  out: Float64Array | undefined,
  transfer: boolean,
  reduce: number | undefined,
) => Float64Array | number | NativeMap;

/** The RangeError that rejects a map of `kernel` whose element `thrown.thrownAt` threw. */
export let thrownError: (kernel: CompiledKernel, thrown: ProgramThrow) => RangeError;

// Type-only: what a kernel's params are, for map's options.
declare const paramsType: unique symbol;

/**
 * A function compiled to a native program; pass it to pool.map like a kernel
 * name. Made by compile(). `P` is its params' type, `K` its input count.
 */
export class CompiledKernel<P = Params, K extends number = number> {
  declare readonly [paramsType]?: P;
  /** The params fields the function reads: options.params must give each. */
  readonly params: readonly string[];
  /** The inputs it maps element by element: pool.map takes that many. */
  readonly inputs: K;
  /** The function's source text, which compileSource turns into this kernel again (with no options). */
  readonly source: string;
  readonly #hasOptions: boolean;
  readonly #program: Program;
  // The constant registers with the literals filled in once, and where each
  // param goes: a map only copies them and writes its params.
  readonly #literals: Float64Array;
  readonly #paramSlots: readonly (readonly [number, string])[];

  static {
    isCompiledKernel = (value): value is CompiledKernel =>
      typeof value === 'object' && value !== null && #program in value;
    hasCompileOptions = (kernel) => kernel.#hasOptions;
    submitCompiled = (kernel, pool, owner, constants, inputs, out, transfer, reduce) => {
      const { code, registers, masks, nsPerElement } = kernel.#program;
      const started = pool.mapProgram(
        owner,
        code,
        constants,
        registers,
        masks,
        nsPerElement,
        inputs,
        out,
        transfer,
        reduce,
      );
      if (started instanceof Float64Array || typeof started === 'number' || !('thrownAt' in started))
        return started;
      throw thrownError(kernel, started);
    };
    thrownError = (kernel, { thrownAt, message }) => {
      const thrown = kernel.#program.messages[message];
      // The message ids are the compiler's own: another cannot come back.
      if (thrown === undefined) throw new Error(`numpool: no throw statement has the id ${message}`);
      const value = thrown.error === undefined ? thrown.text : new globalThis[thrown.error](thrown.text);
      return new RangeError(`the function threw at element ${thrownAt}: ${String(value)}`, { cause: value });
    };
  }

  /** @internal Only compile() makes one. */
  constructor(mint: unknown, program?: Program, source?: string, hasOptions = false) {
    if (mint !== MINT || program === undefined || source === undefined) {
      throw new TypeError('a CompiledKernel is made by compile(fn) only');
    }
    // The compiler's output is this kernel's alone: its code array is never
    // handed out, so nothing can change it after this point.
    this.#program = program;
    this.source = source;
    this.#hasOptions = hasOptions;
    this.params = Object.freeze([...program.params]);
    this.inputs = program.inputs as K;
    this.#literals = Float64Array.from(program.constants, (constant) =>
      'value' in constant ? constant.value : 0,
    );
    this.#paramSlots = program.constants.flatMap((constant, slot) =>
      'param' in constant ? [[slot, constant.param] as const] : [],
    );
    Object.freeze(this);
  }

  /** @internal The constant registers' values for one map. */
  constants(params: unknown): Float64Array {
    if (params !== undefined && (params === null || typeof params !== 'object')) {
      throw typeError('options.params', 'an object', params);
    }
    const given = (params ?? {}) as Record<string, unknown>;
    const values = this.#literals.slice();
    for (const [slot, name] of this.#paramSlots) {
      const value = given[name];
      if (typeof value !== 'number') {
        throw new TypeError(
          `options.params.${name} must be a number (the function reads ${this.params.join(', ')}), got ${describe(value)}`,
        );
      }
      values[slot] = value;
    }
    return values;
  }
}

/** The helpers' names and sources as a string, cycles numbered: node k is `k`. */
function helpersKey(functions: ReadonlyMap<string, HelperNode>): string {
  const numbers = new Map<HelperNode, number>();
  const nodes: unknown[] = [];
  const number = (node: HelperNode): number => {
    let k = numbers.get(node);
    if (k === undefined) {
      k = nodes.push(undefined) - 1;
      numbers.set(node, k);
      nodes[k] = [
        node.source ?? null,
        [...node.members].sort().map(([name, member]) => [name, number(member)]),
      ];
    }
    return k;
  };
  const roots = [...functions].sort().map(([name, node]) => [name, number(node)]);
  return JSON.stringify([roots, nodes]);
}

// Distinct functions a program could create without bound: the cache keeps
// the most recent ones.
const CACHE_LIMIT = 256;
const cache = new Map<string, CompiledKernel>();

/**
 * Compiles `fn` for the native pool, as a function of `options.inputs`
 * numbers (1 by default), then optionally the index and the params; throws
 * a TypeError naming the first construct outside the numeric subset, with
 * its line and column.
 */
export function compile<P = Params, const K extends number = 1>(
  fn: NumericFunction<P, NumberTuple<K>>,
  options?: CompileOptions<K>,
): CompiledKernel<P, K> {
  if (typeof fn !== 'function') throw typeError('fn', 'a function', fn);
  const { inputs = 1, functions, constants, ...rest } = checkOptionsObject(options, 'options');
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined)
    throw new TypeError(
      `options.${unknown} is not an option of compile(); expected inputs, functions, constants`,
    );
  if (typeof inputs !== 'number') throw typeError('options.inputs', 'a number', inputs);
  if (!Number.isInteger(inputs) || inputs < 1 || inputs > MAX_INPUTS) {
    throw rangeError('options.inputs', `an integer from 1 to ${MAX_INPUTS}`, inputs);
  }
  return compileSource(
    Function.prototype.toString.call(fn),
    inputs,
    readCompileOptions(functions, constants),
  ) as CompiledKernel<P, K>;
}

/**
 * Compiles a numeric function's source text for `inputs` inputs (1 to
 * MAX_INPUTS), as compile does (same subset, same errors, same cache):
 * parsed and compiled, never evaluated.
 */
export function compileSource(source: string): CompiledKernel<Params, 1>;
export function compileSource(source: string, inputs: number, options?: ProgramOptions): CompiledKernel;
export function compileSource(source: string, inputs = 1, options?: ProgramOptions): CompiledKernel {
  const hasOptions = options !== undefined && (options.functions.size > 0 || options.constants.size > 0);
  // The key holds every input of the compile: helpers' sources, constants' exact values.
  const key = hasOptions
    ? JSON.stringify([
        inputs,
        source,
        helpersKey(options.functions),
        [...options.constants]
          .map(([name, value]) => [name, Object.is(value, -0) ? '-0' : String(value)])
          .sort(),
      ])
    : `${inputs}:${source}`;
  let kernel = cache.get(key);
  if (kernel === undefined) {
    kernel = new CompiledKernel(MINT, compileProgram(source, inputs, options), source, hasOptions);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  } else cache.delete(key);
  cache.set(key, kernel);
  return kernel;
}
