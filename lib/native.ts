// Loads the compiled addon (a prebuild for this platform, else the local
// build; or the file named by NUMPOOL_ADDON, for sanitizer and dev builds)
// and describes what it exports. Only lib/ talks to it.
import path from 'node:path';
import load from 'node-gyp-build';

export interface ParamSpec {
  readonly name: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

export interface KernelSpec {
  readonly name: string;
  readonly params: readonly ParamSpec[];
}

/** One row of the op table (native/program/program.h). */
export interface ProgramOpSpec {
  readonly name: string;
  /** What each operand word (1..words-1) holds. */
  readonly operands: readonly ('none' | 'register' | 'mask' | 'target' | 'bit' | 'input')[];
  /** Computes its destination: takes a masked or in-place write. */
  readonly computes: boolean;
  /** May be in a counted loop body that the interpreter repeats. */
  readonly repeatable: boolean;
  /** Estimated cost per element on the portable path. */
  readonly nsPerElement: number;
}

export interface ProgramSpec {
  readonly words: number;
  readonly inputRegister: number;
  readonly resultRegister: number;
  readonly currentMask: number;
  readonly maskedWrite: number;
  readonly inPlaceWrite: number;
  readonly maxRegisters: number;
  /** The most inputs a map reads element by element. */
  readonly maxInputs: number;
  /** In the order of their codes. */
  readonly ops: readonly ProgramOpSpec[];
  /**
   * Each ported Math function's op: the one whose bits are this Node's
   * Math.* on every probe (at load), or null where none is.
   */
  readonly mathOps: Readonly<Record<string, string | null>>;
}

/** One map on a pool's threads (native/binding.cc's MapWrap). */
export interface NativeMap {
  /** The map ends soon, as cancelled; idempotent. */
  cancel(): void;
  /** Elements done so far. */
  progress(): number;
}

export interface NativePool {
  /**
   * Starts a map of built-in kernel `kernel`: its result when it ran inline,
   * else the map on the threads, whose end is reported to the completion
   * handler with `owner`. `out`, if given, receives the result; `transfer`
   * lets the native side take the input's buffer over (detach it) and write
   * the result where the input was. `reduce`, an index in reduceOps, makes it
   * a reduction (with no `out` nor `transfer`), whose result is a number.
   */
  map(
    owner: object,
    kernel: number,
    params: Float64Array,
    input: Float64Array,
    out: Float64Array | undefined,
    transfer: boolean,
    reduce?: number,
  ): Float64Array | number | NativeMap;
  /** As map, for a compiled program (lib/compiler/); `code` as in native/program/program.h. `transfer` applies to a single input only. */
  mapProgram(
    owner: object,
    code: Int32Array,
    constants: Float64Array,
    registers: number,
    masks: number,
    nsPerElement: number,
    /** One input, or several of equal length, which the program's Input ops read. */
    inputs: Float64Array | readonly Float64Array[],
    out: Float64Array | undefined,
    transfer: boolean,
    reduce?: number,
  ): Float64Array | number | NativeMap | ProgramThrow;
  /** Cancels every map of this pool and joins its threads. */
  stop(): void;
  /** Maps waiting for a first step, maps started, maps completed; ms in steps per thread. */
  stats(): { queued: number; running: number; completed: number; busyMs: number[] };
}

/** A compiled program's lowest element that threw, and its message's id (Program.messages). */
export interface ProgramThrow {
  readonly thrownAt: number;
  readonly message: number;
}

export interface NativeBinding {
  NativePool: new (threads: number) => NativePool;
  /** `onComplete(owner, result)`: result undefined when cancelled, null when `out` was lost, an Error when none could be made, a ProgramThrow when a compiled function threw. */
  setCompletionHandler(
    onComplete: (
      owner: object,
      result: Float64Array | number | Error | ProgramThrow | null | undefined,
    ) => void,
  ): void;
  /** A Float64Array over numpool's own memory, which maps read (and, transferred, write) in place. */
  allocate(length: number): Float64Array;
  /** Bytes of free blocks this thread's environment keeps for its next maps. */
  cachedBytes(): number;
  /** Frees them. */
  releaseCache(): void;
  /** From this many bytes up, blocks are numpool's own (mapped, cached) memory. */
  largeBytes: number;
  kernels(): KernelSpec[];
  /** The ops a map may be reduced by (native/reduction.h), in the order of their indices. */
  reduceOps: string[];
  /** The program format: native/program/program.h's op table and constants. */
  programSpec(): ProgramSpec;
  availableThreads(): number;
  /** Kernel paths this CPU runs, lowest first. */
  simdPaths(): string[];
  /** Later maps of this thread's environment run `path`. */
  useSimd(path: string): void;
  /** Maps whose native state is alive, in the whole process. */
  liveMaps(): number;
}

const packageRoot = path.join(__dirname, '..');

// NUMPOOL_ADDON names one binary to load instead of the lookup, so that the
// tests also run against the cmake-js build and the cross-built prebuild.
const override = process.env.NUMPOOL_ADDON;

function loadBinding(): NativeBinding {
  try {
    return (override ? require(path.resolve(override)) : load(packageRoot)) as NativeBinding;
  } catch (cause) {
    const looked = override
      ? `the file NUMPOOL_ADDON names, ${path.resolve(override)}`
      : `${path.join(packageRoot, 'prebuilds', `${process.platform}-${process.arch}`)} and ` +
        `${path.join(packageRoot, 'build', 'Release')}`;
    const reason = String(cause instanceof Error ? cause.message : cause).split('\n')[0];
    throw new Error(
      `numpool: no native binary loads on ${process.platform}-${process.arch} ` +
        `(Node ${process.version}, Node-API ${process.versions.napi}). Looked in ${looked}: ${reason}. ` +
        'Prebuilds exist for linux-x64, linux-arm64 (glibc 2.28 or newer) and win32-x64; elsewhere, reinstall with a C++20 compiler ' +
        '(g++ 10 or clang 12 or newer), make and python3 on the PATH so that `npm install` builds it ' +
        'from source with node-gyp.',
      { cause },
    );
  }
}

export const native: NativeBinding = loadBinding();
