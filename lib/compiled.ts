// compile(fn): a user's numeric function as a reusable kernel, compiled once
// per source text, and the marshalling of its params for one map. The
// compiled program is private to its kernel and never handed out, and only
// compile() makes kernels: a program cannot be forged or changed through the
// public API (the native side checks every program besides).
import { compileProgram, type Program } from './compiler/index';
import { describe, typeError } from './errors';
import type { NativeMap, NativePool } from './native';

/** A numeric function `(x, params?) => number`, for pool.map and compile. */
export type NumericFunction = (x: number, params: Readonly<Record<string, number>>) => number | boolean;

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
  values: Float64Array,
  out: Float64Array | undefined,
  transfer: boolean,
  reduce: number | undefined,
) => Float64Array | number | NativeMap;

/** A function compiled to a native program; pass it to pool.map like a kernel name. Made by compile(). */
export class CompiledKernel {
  /** The params fields the function reads: options.params must give each. */
  readonly params: readonly string[];
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
    submitCompiled = (kernel, pool, owner, constants, values, out, transfer, reduce) => {
      const { code, registers, masks, nsPerElement } = kernel.#program;
      return pool.mapProgram(
        owner,
        code,
        constants,
        registers,
        masks,
        nsPerElement,
        values,
        out,
        transfer,
        reduce,
      );
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
 * Compiles `fn` for the native pool; throws a TypeError naming the first
 * construct outside the numeric subset, with its line and column.
 */
export function compile(fn: NumericFunction): CompiledKernel {
  if (typeof fn !== 'function') throw typeError('fn', 'a function', fn);
  return compileSource(Function.prototype.toString.call(fn));
}

/**
 * Compiles a numeric function's source text, as compile does (same subset,
 * same errors, same cache): parsed and compiled, never evaluated.
 */
export function compileSource(source: string): CompiledKernel {
  let kernel = cache.get(source);
  if (kernel === undefined) {
    kernel = new CompiledKernel(MINT, compileProgram(source), source);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  } else cache.delete(source);
  cache.set(source, kernel);
  return kernel;
}
