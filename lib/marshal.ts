// Validation and marshalling: every argument is checked here, with a message
// that names it, and the input is copied into a Float64Array that only
// numpool holds, so nothing the caller does later can reach the workers.
import { totalmem } from 'node:os';
import { types } from 'node:util';
import { describe, rangeError, typeError } from './errors';
import type { KernelSpec, ParamSpec } from './native';

/** Arrays numpool accepts as input. */
export type NumericInput =
  | readonly number[]
  | Float64Array
  | Float32Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array;

const INPUT_KINDS = 'an array of numbers or a numeric typed array';

/**
 * The most elements a map takes: its input copy and its result (8 bytes each)
 * must fit in this machine's memory, so a huge length is refused before
 * anything is allocated.
 */
export const MAX_ELEMENTS = Math.min(2 ** 32, Math.floor(totalmem() / 16));

export function copyInput(input: unknown, argument: string): Float64Array {
  try {
    return copyChecked(input, argument);
  } catch (error) {
    throw asTypeOrRangeError(error, `${argument} cannot be read`);
  }
}

/** Errors from the caller's own code (a throwing getter, a Proxy trap) become a TypeError with that cause. */
function asTypeOrRangeError(error: unknown, message: string): Error {
  if (error instanceof TypeError || error instanceof RangeError) return error;
  return new TypeError(`${message}: reading it threw`, { cause: error });
}

function checkLength(length: number, argument: string): void {
  if (length > MAX_ELEMENTS) {
    throw new RangeError(
      `${argument} is too long: ${length} elements, and this machine fits at most ${MAX_ELEMENTS}`,
    );
  }
}

function copyChecked(input: unknown, argument: string): Float64Array {
  if (Array.isArray(input)) {
    checkLength(input.length, argument);
    return copyArray(input, argument);
  }
  if (types.isTypedArray(input)) {
    if (types.isBigInt64Array(input) || types.isBigUint64Array(input)) {
      throw new TypeError(`${argument} must hold numbers, not BigInts (got a BigInt typed array)`);
    }
    checkLength((input as Float64Array).length, argument);
    try {
      return new Float64Array(input as ArrayLike<number>);
    } catch (cause) {
      throw new TypeError(`${argument} cannot be read: its buffer is detached`, { cause });
    }
  }
  throw typeError(argument, INPUT_KINDS, input);
}

function copyArray(input: readonly unknown[], argument: string): Float64Array {
  const copy = new Float64Array(input.length);
  for (let i = 0; i < copy.length; i++) {
    const value = input[i];
    if (typeof value !== 'number') {
      const what = value === undefined && !(i in input) ? 'a hole' : describe(value);
      throw new TypeError(`${argument}[${i}] must be a number, got ${what}`);
    }
    copy[i] = value;
  }
  return copy;
}

export function checkOut(out: unknown, length: number): Float64Array {
  if (!types.isFloat64Array(out)) throw typeError('options.out', 'a Float64Array', out);
  if (out.length !== length) {
    throw new RangeError(`options.out must have the input's length (${length}), got length ${out.length}`);
  }
  return out;
}

export function checkSignal(signal: unknown): AbortSignal {
  if (!(signal instanceof AbortSignal)) throw typeError('options.signal', 'an AbortSignal', signal);
  return signal;
}

/** Reads the kernel's parameters from `options`, defaults filled in. */
export function readParams(kernel: KernelSpec, options: Record<string, unknown>): Float64Array {
  const values = new Float64Array(kernel.params.length);
  kernel.params.forEach((spec, i) => {
    const given = options[spec.name];
    const value = given === undefined ? spec.default : given;
    const argument = `options.${spec.name}`;
    if (typeof value !== 'number') throw typeError(argument, 'a number', value);
    const valid = value >= spec.min && value <= spec.max && (!spec.integer || Number.isInteger(value));
    if (!valid) throw rangeError(argument, expectedRange(spec), value);
    values[i] = value;
  });
  return values;
}

function expectedRange(spec: ParamSpec): string {
  if (spec.integer) return `an integer from ${spec.min} to ${spec.max}`;
  const unbounded = spec.min === -Number.MAX_VALUE && spec.max === Number.MAX_VALUE;
  return unbounded ? 'a finite number' : `a number from ${spec.min} to ${spec.max}`;
}

/** Throws on any key that is neither a parameter of `kernel` nor in `common`. */
export function rejectUnknownKeys(
  options: object,
  kernel: KernelSpec,
  common: readonly string[],
  argument: string,
): void {
  // Every map passes here: no allocation unless a key is wrong.
  for (const key in options) {
    if (!Object.hasOwn(options, key)) continue;
    if (common.includes(key) || kernel.params.some((p) => p.name === key)) continue;
    const known = [...kernel.params.map((p) => p.name), ...common];
    throw new TypeError(
      `${argument}.${key} is not an option of ${kernel.name}; expected one of ${known.join(', ')}`,
    );
  }
}

/**
 * The options as a plain snapshot of their own enumerable properties, read
 * once: a getter or Proxy trap that throws becomes a TypeError naming them,
 * and one that answers differently on each read cannot split validation
 * from use.
 */
export function checkOptionsObject(options: unknown, argument: string): Record<string, unknown> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object') throw typeError(argument, 'an object', options);
  try {
    return { ...options };
  } catch (error) {
    throw asTypeOrRangeError(error, `${argument} cannot be read`);
  }
}
