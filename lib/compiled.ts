// compile(fn): a user's numeric function as a reusable kernel, compiled once
// per source text, and the marshalling of its params for one map. The
// compiled program is private to its kernel and never handed out, and only
// compile() makes kernels: a program cannot be forged or changed through the
// public API (the native side checks every program besides).
import { compileProgram, type Program } from './compiler/index';
import { MAX_INPUTS } from './compiler/spec';
import { describe, rangeError, typeError } from './errors';
import { checkOptionsObject } from './marshal';
import type { NativeMap, NativePool } from './native';

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

/** Options of compile(). */
export interface CompileOptions<K extends number = number> {
  /** The inputs the function maps, 1 (the default) to 16: its first K parameters are their elements. */
  inputs?: K | undefined;
}

// Held by this module alone: the constructor refuses any other caller.
const MINT = Symbol('numpool compile()');

/** Whether `value` is a kernel that compile() made (a look-alike is not). */
export let isCompiledKernel: (value: unknown) => value is CompiledKernel;

/**
 * Starts a map of `kernel` on `pool` with the constant registers `constants`
 * (kernel.constants(params)), as NativePool.mapProgram does.
 */
export let submitCompiled: (
  kernel: CompiledKernel,
  pool: NativePool,
  owner: object,
  constants: Float64Array,
  inputs: readonly Float64Array[],
  out: Float64Array | undefined,
  transfer: boolean,
) => Float64Array | NativeMap;

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
  /** The function's source text, which compileSource turns into this kernel again. */
  readonly source: string;
  readonly #program: Program;
  // The constant registers with the literals filled in once, and where each
  // param goes: a map only copies them and writes its params.
  readonly #literals: Float64Array;
  readonly #paramSlots: readonly (readonly [number, string])[];

  static {
    isCompiledKernel = (value): value is CompiledKernel =>
      typeof value === 'object' && value !== null && #program in value;
    submitCompiled = (kernel, pool, owner, constants, inputs, out, transfer) => {
      const { code, registers, masks, nsPerElement } = kernel.#program;
      return pool.mapProgram(owner, code, constants, registers, masks, nsPerElement, inputs, out, transfer);
    };
  }

  /** @internal Only compile() makes one. */
  constructor(mint: unknown, program?: Program, source?: string) {
    if (mint !== MINT || program === undefined || source === undefined) {
      throw new TypeError('a CompiledKernel is made by compile(fn) only');
    }
    // The compiler's output is this kernel's alone: its code array is never
    // handed out, so nothing can change it after this point.
    this.#program = program;
    this.source = source;
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
  const { inputs = 1 } = checkOptionsObject(options, 'options');
  if (typeof inputs !== 'number') throw typeError('options.inputs', 'a number', inputs);
  if (!Number.isInteger(inputs) || inputs < 1 || inputs > MAX_INPUTS) {
    throw rangeError('options.inputs', `an integer from 1 to ${MAX_INPUTS}`, inputs);
  }
  return compileSource(Function.prototype.toString.call(fn), inputs) as CompiledKernel<P, K>;
}

/**
 * Compiles a numeric function's source text for `inputs` inputs (1 to
 * MAX_INPUTS), as compile does (same subset, same errors, same cache):
 * parsed and compiled, never evaluated.
 */
export function compileSource(source: string): CompiledKernel<Params, 1>;
export function compileSource(source: string, inputs: number): CompiledKernel;
export function compileSource(source: string, inputs = 1): CompiledKernel {
  const key = `${inputs}:${source}`;
  let kernel = cache.get(key);
  if (kernel === undefined) {
    kernel = new CompiledKernel(MINT, compileProgram(source, inputs), source);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  } else cache.delete(key);
  cache.set(key, kernel);
  return kernel;
}
