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

export interface NativePool {
  /** Starts a map; returns its task id, or 0 when it already ran inline. */
  submit(kernel: number, input: Float64Array, output: Float64Array, params: Float64Array): number;
  /** Cancels one map of this pool; it still completes, as not completed. */
  cancel(taskId: number): void;
  /** Cancels every map of this pool and joins its threads. */
  stop(): void;
  /** Maps waiting for a first step, maps started, maps completed; ms in steps per thread. */
  stats(): { queued: number; running: number; completed: number; busyMs: number[] };
}

export interface NativeBinding {
  NativePool: new (threads: number) => NativePool;
  setCompletionHandler(onComplete: (taskId: number, completed: boolean) => void): void;
  kernels(): KernelSpec[];
  availableThreads(): number;
  /** Maps whose native buffers are alive, in the whole process. */
  liveMaps(): number;
}

const packageRoot = path.join(__dirname, '..');

function loadBinding(): NativeBinding {
  const chosen = process.env.NUMPOOL_ADDON;
  if (chosen) return require(path.resolve(chosen)) as NativeBinding;
  try {
    return load(packageRoot) as NativeBinding;
  } catch (cause) {
    throw new Error(
      `numpool: no native binary loads on ${process.platform}-${process.arch} ` +
        `(Node ${process.version}, Node-API ${process.versions.napi}). Looked in ` +
        `${path.join(packageRoot, 'prebuilds')} and ${path.join(packageRoot, 'build')}. ` +
        'Reinstall with a C++20 compiler, python3 and make available so that ' +
        '`npm install` can build it from source.',
      { cause },
    );
  }
}

export const native: NativeBinding = loadBinding();
