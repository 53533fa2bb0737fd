// The public Pool: validates and marshals a map, hands it to the native side
// with the one object (MapRun) that follows it to its end, and settles its
// Promise when the native side reports back.
import {
  type CompiledKernel,
  type CompileOptions,
  compile,
  isCompiledKernel,
  type NumericFunction,
  type Params,
  submitCompiled,
  thrownError,
} from './compiled';
import { abortError, PoolClosedError, QueueFullError, rangeError, typeError } from './errors';
import {
  asTypeOrRangeError,
  checkOptionsObject,
  checkOut,
  checkProgress,
  checkSignal,
  checkTransfer,
  type InputList,
  inputList,
  marshalInputs,
  type NumericInput,
  readParams,
  readSignal,
  rejectUnknownKeys,
  signalError,
} from './marshal';
import { type KernelSpec, type NativeMap, type NativePool, native, type ProgramThrow } from './native';
import { type FunctionReduceArgs, REDUCE_OPTIONS, type ReduceOptions, reduceOpNumber } from './reduction';

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
  /**
   * Receives the result (and is what the Promise resolves to). On a
   * SharedArrayBuffer, or a result of an earlier map, the workers write it in
   * place; on any other ArrayBuffer it is filled when the map completes.
   */
  out?: Float64Array | undefined;
  /**
   * Hands the input's ArrayBuffer over to numpool, as postMessage's transfer
   * does: the caller's view is detached at once and the result may be computed
   * in that memory. Needs a Float64Array input (not on a SharedArrayBuffer).
   */
  transfer?: boolean | undefined;
  /**
   * Called with (elements done, elements in all) on the JavaScript thread, at
   * most every 50 ms while the map runs and once when it completes. A throw
   * from it cancels the map, which rejects with that error.
   */
  onProgress?: ((done: number, total: number) => void) | undefined;
}

export type MapOptions<K extends KernelName> = CommonMapOptions & KernelParams[K];

/** Options of a map of a compiled function whose params are `P`. */
export interface FunctionMapOptions<P = Params> extends CommonMapOptions, Omit<CompileOptions, 'inputs'> {
  /** The function's params argument: the numeric fields it reads. */
  params?: P | undefined;
}

/**
 * The options argument of a map of a function whose params are `P`:
 * required, with its params, when P has a required field (a function that
 * annotates `p: { k: number }`), so that a missing param is a type error.
 */
export type FunctionMapArgs<P> =
  Record<never, never> extends P
    ? [options?: FunctionMapOptions<P>]
    : [options: FunctionMapOptions<P> & { params: P }];

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
/** The options every map takes (DistributedPool's too). */
export const BASE_OPTIONS = ['signal', 'out'] as const;
const COMMON_OPTIONS = [...BASE_OPTIONS, 'transfer', 'onProgress'] as const;
/** What a function map takes besides the common options, and a function reduction besides the reduce options. */
const FUNCTION_FIELDS = ['params', 'functions', 'constants'] as const;
const FUNCTION_OPTIONS = [...COMMON_OPTIONS, ...FUNCTION_FIELDS] as const;
const FUNCTION_REDUCE_OPTIONS = [...REDUCE_OPTIONS, ...FUNCTION_FIELDS] as const;
/** How often onProgress is called at most while a map runs. */
const PROGRESS_INTERVAL_MS = 50;
/**
 * The least time between two reports: a loaded event loop can run two ticks
 * of the interval back to back, and the second is then skipped.
 */
const PROGRESS_GAP_MS = 40;
/** How long numpool's free large blocks outlive the last map that ended. */
const CACHE_IDLE_MS = 1000;
/** A function map's options, checked as a kernel's that has no params of its own. */
export const FUNCTION_MAP: KernelSpec = { name: 'a function map', params: [] };

const kernels: readonly KernelSpec[] = native.kernels();
const kernelIndex = new Map(kernels.map((kernel, index) => [kernel.name, index]));

// The native side hands each map's outcome to its MapRun: the result, or
// undefined when cancelled, null when options.out could not be filled, an
// Error when the result could not be made, a ProgramThrow when a compiled
// function threw.
native.setCompletionHandler((run, result) => (run as MapRun).complete(result));

// Frees numpool's cached blocks once no map has ended for a while.
let cacheIdle: NodeJS.Timeout | undefined;
function mapEnded(): void {
  cacheIdle ??= setTimeout(() => native.releaseCache(), CACHE_IDLE_MS).unref();
  cacheIdle.refresh();
}

/** What a map resolves to: its array, or a reduction's number. */
type MapResult = Float64Array | number;

/** One map on worker threads, from its submission to its settling. */
class MapRun {
  readonly promise: Promise<MapResult>;
  #resolve!: (result: MapResult) => void;
  #reject!: (error: unknown) => void;
  #settled = false;
  #handle: NativeMap | undefined;
  #progress: NodeJS.Timeout | undefined;
  /** A compiled function's map: its throw as the error that rejects it. */
  thrownError: ((thrown: ProgramThrow) => Error) | undefined;

  constructor(
    readonly signal: AbortSignal | undefined,
    readonly total: number,
    readonly onProgress: ((done: number, total: number) => void) | undefined,
    readonly ended: (run: MapRun) => void,
  ) {
    this.promise = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  /** Listens to the signal: before anything is submitted, so that a throw leaves nothing behind. */
  listen(): void {
    try {
      this.signal?.addEventListener('abort', this.#onAbort, { once: true });
    } catch (cause) {
      throw signalError('options.signal cannot be listened to', cause);
    }
  }

  /** Stops listening; a removeEventListener that throws cannot keep the map from settling. */
  unlisten(): void {
    try {
      this.signal?.removeEventListener('abort', this.#onAbort);
    } catch {
      // The listener is { once: true } and ignores a settled map.
    }
  }

  /** The native map is on the threads. */
  started(handle: NativeMap): void {
    this.#handle = handle;
    if (this.onProgress !== undefined) {
      let last = -1;
      let lastAt = Number.NEGATIVE_INFINITY;
      this.#progress = setInterval(() => {
        const now = performance.now();
        if (now - lastAt < PROGRESS_GAP_MS) return;
        const done = handle.progress();
        // The total is reported once, by complete(), with the result.
        if (done === last || done === this.total) return;
        last = done;
        lastAt = now;
        this.#report(done);
      }, PROGRESS_INTERVAL_MS).unref();
    }
  }

  /** The native side let go of the map. */
  complete(result: MapResult | Error | ProgramThrow | null | undefined): void {
    clearInterval(this.#progress);
    this.#handle = undefined;
    this.ended(this);
    if (this.#settled) return;
    if (result === undefined) this.abort();
    else if (result === null)
      this.#settle(new TypeError('options.out was detached or resized while the map ran'));
    else if (result instanceof Error) this.#settle(result);
    else if (result instanceof Float64Array || typeof result === 'number') {
      this.#report(this.total);
      this.#settle(undefined, result);
    } else
      this.#settle(this.thrownError?.(result) ?? new Error('numpool: a map that is not a function threw'));
  }

  /** Rejects now with an AbortError; the threads drop the map at their next step. */
  abort(reason?: unknown): void {
    this.#handle?.cancel();
    this.#settle(abortError(reason));
  }

  #onAbort = () => {
    let reason: unknown;
    try {
      reason = this.signal?.reason;
    } catch (error) {
      reason = error;
    }
    this.abort(reason);
  };

  #report(done: number): void {
    if (this.#settled || this.onProgress === undefined) return;
    try {
      this.onProgress(done, this.total);
    } catch (error) {
      this.#handle?.cancel();
      this.#settle(error);
    }
  }

  #settle(error: unknown, result?: MapResult): void {
    if (this.#settled) return;
    this.#settled = true;
    clearInterval(this.#progress);
    this.unlisten();
    if (result === undefined) this.#reject(error);
    else this.#resolve(result);
  }
}

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
  /** Maps on the threads, until the native side lets go of them. */
  readonly #runs = new Set<MapRun>();
  #idle: (() => void) | undefined;
  readonly #ended = (run: MapRun) => {
    this.#runs.delete(run);
    mapEnded();
    if (this.#runs.size === 0) this.#idle?.();
  };
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
   * to every element: the result is bit for bit `fn(x, options.params)`, or
   * `fn(x, i)`, `fn(x, i, options.params)` with the element's index i.
   */
  map<P = Params>(
    fn: NumericFunction<P> | CompiledKernel<P, 1>,
    input: NumericInput,
    ...options: FunctionMapArgs<P>
  ): Promise<Float64Array>;
  /**
   * Maps a function of several numbers over as many inputs of equal length,
   * element by element: `out[i] = fn(a[i], b[i], ..., options.params)`,
   * optionally with the index i after the inputs' elements.
   */
  map<const I extends readonly NumericInput[], P = Params>(
    fn: NumericFunction<P, I> | CompiledKernel<P, I['length']>,
    inputs: readonly [...I],
    ...options: FunctionMapArgs<P>
  ): Promise<Float64Array>;
  map(
    kernel: unknown,
    input: NumericInput | readonly NumericInput[],
    options?: object,
  ): Promise<Float64Array> {
    try {
      return this.#start(kernel, input, options, false) as Promise<Float64Array>;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Maps `kernel` over `input` and reduces the results by `options.op` in the
   * same pass, on the pool's threads, without an array of the mapped values:
   * resolves to their exact sum rounded once (the same bits for any thread
   * count), or to Math.min's or Math.max's of them. Empty input: 0, Infinity,
   * -Infinity.
   */
  reduce<K extends KernelName>(kernel: K, input: NumericInput, options: ReduceOptions<K>): Promise<number>;
  /** The same for a numeric function, compiled (see compile): it reduces `fn(x, options.params)`. */
  reduce<P = Params>(
    fn: NumericFunction<P> | CompiledKernel<P, 1>,
    input: NumericInput,
    options: FunctionReduceArgs<P>,
  ): Promise<number>;
  /** The same for a function of several inputs (see map). */
  reduce<const I extends readonly NumericInput[], P = Params>(
    fn: NumericFunction<P, I> | CompiledKernel<P, I['length']>,
    inputs: readonly [...I],
    options: FunctionReduceArgs<P>,
  ): Promise<number>;
  reduce(kernel: unknown, input: NumericInput | readonly NumericInput[], options: object): Promise<number> {
    try {
      return this.#start(kernel, input, options, true) as Promise<number>;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #start(kernel: unknown, input: unknown, rawOptions: unknown, reduces: boolean): Promise<MapResult> {
    if (!this.#open) throw new PoolClosedError();
    // Before any copying: a full queue turns a map away at no cost.
    if (this.#runs.size >= this.maxQueue) throw new QueueFullError(this.maxQueue);
    const options = checkOptionsObject(rawOptions, 'options');
    const list = inputList(input, 'input');
    const reduce = reduces ? reduceOpNumber(options.op) : undefined;
    const submit =
      typeof kernel === 'function' || isCompiledKernel(kernel)
        ? programSubmit(
            this.#native,
            kernel as NumericFunction | CompiledKernel,
            list,
            options,
            reduces ? FUNCTION_REDUCE_OPTIONS : FUNCTION_OPTIONS,
            reduce,
          )
        : this.#kernelSubmit(kernel, list, options, reduces ? REDUCE_OPTIONS : COMMON_OPTIONS, reduce);
    const signal = options.signal === undefined ? undefined : checkSignal(options.signal);
    const onProgress = checkProgress(options.onProgress);
    const transfer = checkTransfer(options.transfer, input);
    const { values, owned, length, release } = marshalInputs(list, 'input');
    // Read now: a transferred input reads as empty once submitted.
    const total = length;
    let run: MapRun;
    let started: MapResult | NativeMap;
    try {
      const out = options.out === undefined ? undefined : checkOut(options.out, total);
      if (signal !== undefined && readSignal(signal, 'aborted'))
        throw abortError(readSignal(signal, 'reason'));
      run = new MapRun(signal, total, onProgress, this.#ended);
      run.listen();
      try {
        started = submit(run, values, out, transfer || owned);
      } catch (error) {
        run.unlisten();
        throw error;
      }
    } finally {
      release();
    }
    if (started instanceof Float64Array || typeof started === 'number') {
      // Ran inline: already complete.
      run.unlisten();
      this.#completedInline++;
      onProgress?.(total, total);
      return Promise.resolve(started);
    }
    this.#runs.add(run);
    run.started(started);
    return run.promise;
  }

  #kernelSubmit(
    kernelName: unknown,
    list: InputList,
    options: Record<string, unknown>,
    common: readonly string[],
    reduce: number | undefined,
  ): Submit {
    const index = kernelNumber(kernelName);
    const kernel = kernels[index] as KernelSpec;
    singleInput(kernel.name, list);
    rejectUnknownKeys(options, kernel, common, 'options');
    const params = readParams(kernel, options);
    return (run, [values], out, transfer) =>
      this.#native.map(run, index, params, values as Float64Array, out, transfer, reduce);
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
      if (this.#runs.size > 0) await new Promise<void>((resolve) => (this.#idle = resolve));
      this.#native.stop();
      native.releaseCache();
    })();
    return this.#closing;
  }

  /** Rejects every running map with an AbortError at once, and joins the threads. */
  async terminate(): Promise<void> {
    this.#open = false;
    for (const run of this.#runs) run.abort();
    this.#native.stop();
    native.releaseCache();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** Throws unless `list` is a single input: a built-in kernel maps one. */
export function singleInput(kernelName: string, list: InputList): void {
  if (list.several) {
    throw new TypeError(
      `input must be one input for the built-in kernel ${kernelName}, got a list of ${list.inputs.length}; several inputs are for functions`,
    );
  }
}

/**
 * The compiled kernel of `fn` for `list`'s inputs (compiled for their count
 * when a function) and its constant registers from options.params: what a
 * map or a reduction of a function runs.
 */
export function compiledFor(
  fn: NumericFunction | CompiledKernel,
  list: InputList,
  options: Record<string, unknown>,
): { kernel: CompiledKernel; constants: Float64Array } {
  const count = list.inputs.length;
  const kernel = compiledWith(fn, count, options);
  checkKernelInputs(kernel, count);
  try {
    return { kernel, constants: kernel.constants(options.params) };
  } catch (error) {
    throw asTypeOrRangeError(error, 'options.params cannot be read');
  }
}

/**
 * A function map's kernel: `fn` compiled for `inputs` inputs with
 * options.functions and options.constants, or the one given.
 */
function compiledWith(
  fn: NumericFunction | CompiledKernel,
  inputs: number,
  options: Record<string, unknown>,
): CompiledKernel {
  if (!isCompiledKernel(fn))
    return compile(
      fn as NumericFunction,
      {
        inputs,
        functions: options.functions,
        constants: options.constants,
      } as CompileOptions,
    );
  for (const key of ['functions', 'constants']) {
    if (options[key] !== undefined)
      throw new TypeError(
        `options.${key} is for a function: this kernel is compiled already (pass it to compile())`,
      );
  }
  return fn;
}

/** Throws unless `kernel` was compiled for `count` inputs. */
export function checkKernelInputs(kernel: CompiledKernel, count: number): void {
  if (kernel.inputs !== count) {
    const given = count === 1 ? 'a single input' : `a list of ${count}`;
    throw new RangeError(
      `input must hold ${kernel.inputs} input${kernel.inputs === 1 ? '' : 's'}, as the kernel was compiled for (compile(fn, { inputs })), got ${given}`,
    );
  }
}

function programSubmit(
  pool: NativePool,
  fn: NumericFunction | CompiledKernel,
  list: InputList,
  options: Record<string, unknown>,
  common: readonly string[],
  reduce: number | undefined,
): Submit {
  rejectUnknownKeys(options, FUNCTION_MAP, common, 'options');
  const { kernel, constants } = compiledFor(fn, list, options);
  return (run, values, out, transfer) => {
    run.thrownError = (thrown) => thrownError(kernel, thrown);
    return submitCompiled(kernel, pool, run, constants, values, out, transfer, reduce);
  };
}

/**
 * Starts a map of `values` (one per input): its result when it ran inline,
 * else the native map on the threads, which reports to `run` when it ends.
 */
type Submit = (
  run: MapRun,
  values: readonly Float64Array[],
  out: Float64Array | undefined,
  transfer: boolean,
) => MapResult | NativeMap;
