// Validation and marshalling: every argument is checked here, with a message
// that names it, and the input is copied into a Float64Array that only
// numpool holds, so nothing the caller does later can reach the workers.
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

export function copyInput(input: unknown, argument: string): Float64Array {
  if (Array.isArray(input)) return copyArray(input, argument);
  if (types.isTypedArray(input)) {
    if (types.isBigInt64Array(input) || types.isBigUint64Array(input)) {
      throw new TypeError(`${argument} must hold numbers, not BigInts (got a BigInt typed array)`);
    }
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

export function checkOptionsObject(options: unknown, argument: string): Record<string, unknown> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object') throw typeError(argument, 'an object', options);
  return options as Record<string, unknown>;
}
