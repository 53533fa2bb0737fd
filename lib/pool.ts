// The public Pool: validates and marshals a map, hands it to the native pool,
// and settles its Promise when the native side reports completion.
import {
  type CompiledKernel,
  compile,
  isCompiledKernel,
  type NumericFunction,
  submitCompiled,
} from './compiled';
import { abortError, PoolClosedError, QueueFullError, rangeError, typeError } from './errors';
import {
  checkOptionsObject,
  checkOut,
  checkSignal,
  copyInput,
  type NumericInput,
  readParams,
  rejectUnknownKeys,
} from './marshal';
import { type KernelSpec, type NativePool, native } from './native';

/** Parameters of each built-in kernel; all are optional, with defaults. */
export interface KernelParams {
  square: Record<never, never>;
  logAccumulate: { iterations?: number; step?: number };
  logSum: { iterations?: number; step?: number };
}

export type KernelName = keyof KernelParams;

export interface CommonMapOptions {
  /** Aborting rejects the map with an AbortError and frees its threads. */
  signal?: AbortSignal | undefined;
  /** Receives the result (and is what the Promise resolves to). */
  out?: Float64Array | undefined;
}

export type MapOptions<K extends KernelName> = CommonMapOptions & KernelParams[K];

/** Options of a map of a compiled function. */
export interface FunctionMapOptions extends CommonMapOptions {
  /** The function's second argument: its numeric fields. */
  params?: Readonly<Record<string, number>> | undefined;
}

export interface PoolOptions {
  /** Worker threads, 1 to 1024; defaults to availableThreads(). */
  threads?: number | undefined;
  /**
   * Most maps in flight on the threads at once; a map beyond it rejects at once
   * with a QueueFullError. An integer from 1, or Infinity (the default).
   */
  maxQueue?: number | undefined;
}

/** What a pool is doing: see Pool.stats(). */
export interface PoolStats {
  /** Maps on the threads not started yet. */
  readonly queued: number;
  /** Maps started on the threads and not ended. */
  readonly running: number;
  /** Maps completed with a result since the pool was created (inline ones included). */
  readonly completed: number;
  /** Milliseconds each thread has spent running map steps. */
  readonly busyMs: readonly number[];
}

export const MAX_THREADS = 1024;
export const COMMON_OPTIONS = ['signal', 'out'] as const;
export const FUNCTION_OPTIONS = [...COMMON_OPTIONS, 'params'] as const;
/** A function map's options, checked as a kernel's that has no params of its own. */
export const FUNCTION_MAP: KernelSpec = { name: 'a function map', params: [] };

const kernels: readonly KernelSpec[] = native.kernels();
const kernelIndex = new Map(kernels.map((kernel, index) => [kernel.name, index]));

/** A map running on worker threads, until the native side reports back. */
interface InFlight {
  readonly pool: Pool;
  /** Settles the Promise from the native outcome (ignored once settled). */
  readonly complete: (completed: boolean) => void;
  /** Rejects the Promise now, before the workers have let go. */
  readonly abort: (reason?: unknown) => void;
}

// Keyed by native task id; an entry stays until the native side reports,
// even when its Promise was already rejected by an abort.
const inFlight = new Map<number, InFlight>();

native.setCompletionHandler((taskId, completed) => {
  const map = inFlight.get(taskId);
  if (map === undefined) return;
  inFlight.delete(taskId);
  map.complete(completed);
});

/** The index of the built-in kernel named `kernelName` in native.kernels(); throws if none. */
export function kernelNumber(kernelName: unknown): number {
  if (typeof kernelName !== 'string') {
    throw typeError('kernel', 'a kernel name (string), a function or a compiled kernel', kernelName);
  }
  const index = kernelIndex.get(kernelName);
  if (index === undefined) {
    throw rangeError('kernel', `one of ${[...kernelIndex.keys()].join(', ')}`, kernelName);
  }
  return index;
}

/** CPUs this process may use: hardware threads narrowed by affinity and cgroup quota. */
export function availableThreads(): number {
  return native.availableThreads();
}

export class Pool implements AsyncDisposable {
  /** The number of worker threads. */
  readonly threads: number;
  /** The most maps in flight on the threads at once. */
  readonly maxQueue: number;
  readonly #native: NativePool;
  #completedInline = 0;
  #open = true;
  #running = 0;
  #idle: (() => void) | undefined;
  #closing: Promise<void> | undefined;

  constructor(options?: PoolOptions) {
    const {
      threads = availableThreads(),
      maxQueue = Number.POSITIVE_INFINITY,
      ...rest
    } = checkOptionsObject(options, 'options');
    for (const key of Object.keys(rest)) {
      throw new TypeError(`options.${key} is not a Pool option; expected threads or maxQueue`);
    }
    if (typeof threads !== 'number') throw typeError('options.threads', 'a number', threads);
    if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
      throw rangeError('options.threads', `an integer from 1 to ${MAX_THREADS}`, threads);
    }
    if (typeof maxQueue !== 'number') throw typeError('options.maxQueue', 'a number', maxQueue);
    if (maxQueue !== Number.POSITIVE_INFINITY && !(Number.isInteger(maxQueue) && maxQueue >= 1)) {
      throw rangeError('options.maxQueue', 'an integer from 1, or Infinity', maxQueue);
    }
    this.threads = threads;
    this.maxQueue = maxQueue;
    this.#native = new native.NativePool(threads);
  }

  /**
   * Applies `kernel` to every element of `input` on the pool's threads.
   * Resolves to a new Float64Array, or to `options.out` when given.
   */
  map<K extends KernelName>(kernel: K, input: NumericInput, options?: MapOptions<K>): Promise<Float64Array>;
  /**
   * Applies a numeric function, compiled to a native program (see compile),
   * to every element: the result is bit for bit `fn(x, options.params)`.
   */
  map(
    fn: NumericFunction | CompiledKernel,
    input: NumericInput,
    options?: FunctionMapOptions,
  ): Promise<Float64Array>;
  map(kernel: unknown, input: NumericInput, options?: object): Promise<Float64Array> {
    try {
      return this.#start(kernel, input, options);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #start(kernel: unknown, input: unknown, rawOptions: unknown): Promise<Float64Array> {
    if (!this.#open) throw new PoolClosedError();
    // Before any copying: a full queue turns a map away at no cost.
    if (this.#running >= this.maxQueue) throw new QueueFullError(this.maxQueue);
    const options = checkOptionsObject(rawOptions, 'options');
    const submit =
      typeof kernel === 'function' || isCompiledKernel(kernel)
        ? this.#programSubmit(kernel as NumericFunction | CompiledKernel, options)
        : this.#kernelSubmit(kernel, options);
    const signal = options.signal === undefined ? undefined : checkSignal(options.signal);
    const values = copyInput(input, 'input');
    const out = options.out === undefined ? undefined : checkOut(options.out, values.length);
    if (signal?.aborted) throw abortError(signal.reason);

    const result = new Float64Array(values.length);
    const taskId = submit(values, result);
    if (taskId === 0) {
      this.#completedInline++;
      return Promise.resolve(deliver(result, out));
    }
    this.#running++;
    return new Promise<Float64Array>((resolve, reject) => {
      let settled = false;
      const settle = () => {
        settled = true;
        signal?.removeEventListener('abort', onAbort);
      };
      const abort = (reason?: unknown) => {
        if (settled) return;
        settle();
        reject(abortError(reason));
      };
      const onAbort = () => {
        this.#native.cancel(taskId);
        abort(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      inFlight.set(taskId, {
        pool: this,
        abort,
        complete: (completed) => {
          if (--this.#running === 0) this.#idle?.();
          if (settled) return;
          settle();
          if (!completed) reject(abortError());
          else {
            try {
              resolve(deliver(result, out));
            } catch (error) {
              reject(error);
            }
          }
        },
      });
    });
  }

  #kernelSubmit(kernelName: unknown, options: Record<string, unknown>): Submit {
    const index = kernelNumber(kernelName);
    const kernel = kernels[index] as KernelSpec;
    rejectUnknownKeys(options, kernel, COMMON_OPTIONS, 'options');
    const params = readParams(kernel, options);
    return (values, result) => this.#native.submit(index, values, result, params);
  }

  #programSubmit(fn: NumericFunction | CompiledKernel, options: Record<string, unknown>): Submit {
    const kernel = isCompiledKernel(fn) ? fn : compile(fn);
    rejectUnknownKeys(options, FUNCTION_MAP, FUNCTION_OPTIONS, 'options');
    const constants = kernel.constants(options.params);
    return (values, result) => submitCompiled(kernel, this.#native, constants, values, result);
  }

  /** What the pool is doing now: maps queued, running and completed, and each thread's busy time. */
  stats(): PoolStats {
    const { queued, running, completed, busyMs } = this.#native.stats();
    return { queued, running, completed: completed + this.#completedInline, busyMs };
  }

  /** Takes no new maps; resolves once the running ones finished and the threads are joined. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#open = false;
      if (this.#running > 0) await new Promise<void>((resolve) => (this.#idle = resolve));
      this.#native.stop();
    })();
    return this.#closing;
  }

  /** Rejects every running map with an AbortError at once, and joins the threads. */
  async terminate(): Promise<void> {
    this.#open = false;
    for (const map of inFlight.values()) if (map.pool === this) map.abort();
    this.#native.stop();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** Starts a map of `values` into `result`: a task id, or 0 when it ran inline. */
type Submit = (values: Float64Array, result: Float64Array) => number;

/** The result as the caller asked for it: `out` filled in, or the fresh array. */
export function deliver(result: Float64Array, out: Float64Array | undefined): Float64Array {
  if (out === undefined) return result;
  if (out.length !== result.length) {
    throw new TypeError('options.out was detached or resized while the map ran');
  }
  out.set(result);
  return out;
}
