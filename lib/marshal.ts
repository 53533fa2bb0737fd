// Validation and marshalling: every argument is checked here, with a message
// that names it, and an input that is not a Float64Array is converted once
// into memory numpool owns. What the workers touch is decided natively
// (native/binding.cc), where nothing the caller does later can reach it.
import { totalmem } from 'node:os';
import { types } from 'node:util';
import { MAX_INPUTS } from './compiler/spec';
import { describe, rangeError, typeError } from './errors';
import { type KernelSpec, native, type ParamSpec } from './native';

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

/** A typed array's buffer, read through the intrinsic getter: an own `buffer` property cannot answer instead. */
const bufferOf = Function.prototype.call.bind(
  (
    Object.getOwnPropertyDescriptor(
      Object.getPrototypeOf(Int8Array.prototype),
      'buffer',
    ) as PropertyDescriptor
  ).get as () => ArrayBufferLike,
) as (view: ArrayBufferView) => ArrayBufferLike;

const INPUT_KINDS = 'an array of numbers or a numeric typed array';

/**
 * The most elements a map takes: its input copy and its result (8 bytes each)
 * must fit in this machine's memory, so a huge length is refused before
 * anything is allocated.
 */
export const MAX_ELEMENTS = Math.min(2 ** 32, Math.floor(totalmem() / 16));

/** The input as the native side takes it: a Float64Array, and whether numpool made it (so may write it). */
export interface MarshalledInput {
  readonly values: Float64Array;
  readonly owned: boolean;
}

/**
 * A Float64Array input is passed on as it is (the native side copies it, or
 * reads it in place when it lies in a SharedArrayBuffer); any other input is
 * converted once into memory numpool owns.
 */
export function marshalInput(input: unknown, argument: string): MarshalledInput {
  try {
    return marshalChecked(input, argument, false);
  } catch (error) {
    throw asTypeOrRangeError(error, `${argument} cannot be read`);
  }
}

/**
 * Small converted inputs share one buffer: the native side reads an input it
 * does not own during the call only (what goes on to threads it copies), so
 * no map keeps it, and a tiny map saves an ArrayBuffer's allocation and
 * sweeping. Up to this many elements (above, each input gets its own).
 */
const SCRATCH_ELEMENTS = 8192;
let scratch: Float64Array | undefined;
/**
 * From marshalling until the native call returns; the caller's own code
 * (a getter, a signal's listener hook) may start another map meanwhile,
 * which then converts into memory of its own.
 */
let scratchHeld = false;

/**
 * As marshalInput, for a map that the native side starts before `release`
 * is called: a small input that is not a Float64Array is converted into the
 * shared scratch buffer (not owned: the native side neither keeps nor
 * detaches it). Call `release` once the native call returned or failed.
 */
function marshalForCall(input: unknown, argument: string): MarshalledInput & { release(): void } {
  const held = !scratchHeld;
  scratchHeld = true;
  try {
    const marshalled = marshalChecked(input, argument, held);
    return { values: marshalled.values, owned: marshalled.owned, release: held ? releaseScratch : noop };
  } catch (error) {
    if (held) releaseScratch();
    throw asTypeOrRangeError(error, `${argument} cannot be read`);
  }
}

function releaseScratch(): void {
  scratchHeld = false;
}

function noop(): void {}

/**
 * A map's inputs, read once: `[input]` for a single input, or the elements
 * of the several-input form, an Array whose first element is itself an
 * array or a typed array (a `number[]` never is; `[]` is an empty single
 * input). Every map, reduction or not, takes its inputs through
 * inputList and then marshalInputs.
 */
export interface InputList {
  readonly inputs: readonly unknown[];
  /** Whether the several-input form was given. */
  readonly several: boolean;
}

export function inputList(input: unknown, argument: string): InputList {
  if (!Array.isArray(input)) return { inputs: [input], several: false };
  let inputs: unknown[];
  try {
    if (input.length === 0 || !isArrayLike(input[0])) return { inputs: [input], several: false };
    inputs = [...input];
  } catch (error) {
    throw asTypeOrRangeError(error, `${argument} cannot be read`);
  }
  if (inputs.length > MAX_INPUTS) {
    throw new RangeError(`${argument} must be a list of 1 to ${MAX_INPUTS} inputs, got ${inputs.length}`);
  }
  return { inputs, several: true };
}

function isArrayLike(value: unknown): boolean {
  return Array.isArray(value) || types.isTypedArray(value);
}

/** Inputs as the native side takes them: one Float64Array each, of one length. */
export interface MarshalledInputs {
  readonly values: readonly Float64Array[];
  /** Whether numpool made the single input (so the native side may write it); false for several. */
  readonly owned: boolean;
  readonly length: number;
}

/**
 * Validates and marshals every input of `list` (a single one as
 * marshalForCall does), checking that their lengths agree. Call `release`
 * once the native call returned or failed.
 */
export function marshalInputs(list: InputList, argument: string): MarshalledInputs & { release(): void } {
  if (!list.several) {
    const { values, owned, release } = marshalForCall(list.inputs[0], argument);
    return { values: [values], owned, length: values.length, release };
  }
  const values: Float64Array[] = [];
  list.inputs.forEach((input, k) => {
    const name = `${argument}[${k}]`;
    if (!isArrayLike(input)) {
      throw typeError(
        name,
        `${INPUT_KINDS} (${argument} is a list of inputs, as its first element is one)`,
        input,
      );
    }
    const marshalled = marshalInput(input, name);
    const first = values[0];
    if (first !== undefined && marshalled.values.length !== first.length) {
      throw new RangeError(
        `${name} has ${marshalled.values.length} elements, ${argument}[0] ${first.length}: the inputs of a map must have equal lengths`,
      );
    }
    values.push(marshalled.values);
  });
  return { values, owned: false, length: (values[0] as Float64Array).length, release: noop };
}

/** Errors from the caller's own code (a throwing getter, a Proxy trap) become a TypeError with that cause. */
export function asTypeOrRangeError(error: unknown, message: string): Error {
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

function marshalChecked(input: unknown, argument: string, useScratch: boolean): MarshalledInput {
  if (Array.isArray(input)) {
    checkLength(input.length, argument);
    const target = conversionTarget(input.length, useScratch);
    copyArray(input, target.values, argument);
    return target;
  }
  if (types.isTypedArray(input)) {
    if (types.isBigInt64Array(input) || types.isBigUint64Array(input)) {
      throw new TypeError(`${argument} must hold numbers, not BigInts (got a BigInt typed array)`);
    }
    const typed = input as Float64Array;
    checkLength(typed.length, argument);
    // A detached view reads as empty: converting it is what tells.
    if (typed.length === 0) detachedCheck(typed, argument);
    if (types.isFloat64Array(input)) return { values: typed, owned: false };
    const target = conversionTarget(typed.length, useScratch);
    target.values.set(typed);
    return target;
  }
  throw typeError(argument, INPUT_KINDS, input);
}

function detachedCheck(input: Float64Array, argument: string): void {
  try {
    new Float64Array(input);
  } catch (cause) {
    throw new TypeError(`${argument} cannot be read: its buffer is detached`, { cause });
  }
}

/** A Float64Array for numpool to fill: in numpool's own memory where large, which maps use in place. */
function allocate(length: number): Float64Array {
  return length * Float64Array.BYTES_PER_ELEMENT >= native.largeBytes
    ? native.allocate(length)
    : new Float64Array(length);
}

/** Where a converted input goes: the scratch buffer when allowed and the input fits, else memory of its own. */
function conversionTarget(length: number, useScratch: boolean): MarshalledInput {
  if (!useScratch || length > SCRATCH_ELEMENTS) return { values: allocate(length), owned: true };
  scratch ??= new Float64Array(SCRATCH_ELEMENTS);
  return { values: scratch.subarray(0, length), owned: false };
}

function copyArray(input: readonly unknown[], copy: Float64Array, argument: string): void {
  for (let i = 0; i < copy.length; i++) {
    const value = input[i];
    if (typeof value !== 'number') {
      const what = value === undefined && !(i in input) ? 'a hole' : describe(value);
      throw new TypeError(`${argument}[${i}] must be a number, got ${what}`);
    }
    copy[i] = value;
  }
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

/** Reads `signal.aborted` (or `reason`), which a forged or hostile signal may make throw. */
export function readSignal<K extends 'aborted' | 'reason'>(signal: AbortSignal, key: K): AbortSignal[K] {
  try {
    return signal[key];
  } catch (cause) {
    throw signalError(`options.signal.${key} cannot be read`, cause);
  }
}

/** Whatever a signal throws, even a TypeError of its own, is the cause of numpool's TypeError naming it. */
export function signalError(message: string, cause: unknown): TypeError {
  return new TypeError(`${message}: it threw`, { cause });
}

export function checkTransfer(transfer: unknown, input: unknown): boolean {
  if (transfer === undefined || transfer === false) return false;
  if (transfer !== true) throw typeError('options.transfer', 'a boolean', transfer);
  if (!types.isFloat64Array(input)) {
    throw new TypeError(`options.transfer needs input to be a Float64Array, got ${describe(input)}`);
  }
  if (types.isSharedArrayBuffer(bufferOf(input))) {
    throw new TypeError(
      'options.transfer: a SharedArrayBuffer cannot be transferred; it is read in place without it',
    );
  }
  return true;
}

export function checkProgress(onProgress: unknown): ((done: number, total: number) => void) | undefined {
  if (onProgress === undefined || typeof onProgress === 'function') {
    return onProgress as ((done: number, total: number) => void) | undefined;
  }
  throw typeError('options.onProgress', 'a function', onProgress);
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
