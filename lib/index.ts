// numpool: numeric maps on a native std::thread pool.
import type { NumericInput } from './marshal';
import { native } from './native';
import { availableThreads, type KernelName, type MapOptions, Pool } from './pool';

export { PoolClosedError, QueueFullError } from './errors';
export type { NumericInput } from './marshal';
export type { CommonMapOptions, KernelName, KernelParams, MapOptions, PoolOptions, PoolStats } from './pool';
export { availableThreads, Pool };

let defaultPool: Pool | undefined;

/** Maps on a default pool of availableThreads() threads, created on first use. */
export function map<K extends KernelName>(
  kernel: K,
  input: NumericInput,
  options?: MapOptions<K>,
): Promise<Float64Array> {
  defaultPool ??= new Pool();
  return defaultPool.map(kernel, input, options);
}

/** Diagnostics: maps whose native buffers are alive in this process (0 when idle). */
export function liveNativeMaps(): number {
  return native.liveMaps();
}
