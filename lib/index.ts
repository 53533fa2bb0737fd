// numpool: numeric maps on a native std::thread pool.

import type { CompiledKernel, NumericFunction } from './compiled';
import { info } from './info';
import type { NumericInput } from './marshal';
import { native } from './native';
import { availableThreads, type FunctionMapOptions, type KernelName, type MapOptions, Pool } from './pool';
import type { FunctionReduceOptions, ReduceOptions } from './reduction';

export { CompiledKernel, compile, type NumericFunction } from './compiled';
export { PoolClosedError, QueueFullError } from './errors';
export type { Info, SimdPath } from './info';
export type { NumericInput } from './marshal';
export type {
  CommonMapOptions,
  FunctionMapOptions,
  KernelName,
  KernelParams,
  MapOptions,
  PoolOptions,
  PoolStats,
} from './pool';
export type { CommonReduceOptions, FunctionReduceOptions, ReduceOp, ReduceOptions } from './reduction';
export { availableThreads, info, Pool };

let defaultPool: Pool | undefined;

/** Maps on a default pool of availableThreads() threads, created on first use. */
export function map<K extends KernelName>(
  kernel: K,
  input: NumericInput,
  options?: MapOptions<K>,
): Promise<Float64Array>;
export function map(
  fn: NumericFunction | CompiledKernel,
  input: NumericInput,
  options?: FunctionMapOptions,
): Promise<Float64Array>;
export function map(kernel: unknown, input: NumericInput, options?: object): Promise<Float64Array> {
  defaultPool ??= new Pool();
  return defaultPool.map(kernel as KernelName, input, options);
}

/** Reduces on the default pool (see Pool.reduce), created on first use. */
export function reduce<K extends KernelName>(
  kernel: K,
  input: NumericInput,
  options: ReduceOptions<K>,
): Promise<number>;
export function reduce(
  fn: NumericFunction | CompiledKernel,
  input: NumericInput,
  options: FunctionReduceOptions,
): Promise<number>;
export function reduce(kernel: unknown, input: NumericInput, options: object): Promise<number> {
  defaultPool ??= new Pool();
  return defaultPool.reduce(kernel as KernelName, input, options as ReduceOptions<KernelName>);
}

/** Diagnostics: maps whose native buffers are alive in this process (0 when idle). */
export function liveNativeMaps(): number {
  return native.liveMaps();
}
