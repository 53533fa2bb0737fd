// numpool: numeric maps on a native std::thread pool.

import type { CompiledKernel, NumericFunction, Params } from './compiled';
import { info } from './info';
import type { NumericInput } from './marshal';
import { native } from './native';
import { availableThreads, type FunctionMapArgs, type KernelName, type MapOptions, Pool } from './pool';
import type { FunctionReduceArgs, ReduceOptions } from './reduction';

export {
  CompiledKernel,
  type CompileOptions,
  compile,
  type Elements,
  type HelperFunction,
  type HelperFunctions,
  type NumberTuple,
  type NumericFunction,
  type Params,
} from './compiled';
export { PoolClosedError, QueueFullError } from './errors';
export type { Info, SimdPath } from './info';
export type { NumericInput } from './marshal';
export type {
  CommonMapOptions,
  FunctionMapArgs,
  FunctionMapOptions,
  KernelName,
  KernelParams,
  MapOptions,
  PoolOptions,
  PoolStats,
} from './pool';
export type {
  CommonReduceOptions,
  FunctionReduceArgs,
  FunctionReduceOptions,
  ReduceOp,
  ReduceOptions,
} from './reduction';
export { availableThreads, info, Pool };

let defaultPool: Pool | undefined;

/** Maps on a default pool of availableThreads() threads, created on first use. */
export function map<K extends KernelName>(
  kernel: K,
  input: NumericInput,
  options?: MapOptions<K>,
): Promise<Float64Array>;
export function map<P = Params>(
  fn: NumericFunction<P> | CompiledKernel<P, 1>,
  input: NumericInput,
  ...options: FunctionMapArgs<P>
): Promise<Float64Array>;
export function map<const I extends readonly NumericInput[], P = Params>(
  fn: NumericFunction<P, I> | CompiledKernel<P, I['length']>,
  inputs: readonly [...I],
  ...options: FunctionMapArgs<P>
): Promise<Float64Array>;
export function map(
  kernel: unknown,
  input: NumericInput | readonly NumericInput[],
  options?: object,
): Promise<Float64Array> {
  defaultPool ??= new Pool();
  return defaultPool.map(kernel as KernelName, input as NumericInput, options);
}

/** Reduces on the default pool (see Pool.reduce), created on first use. */
export function reduce<K extends KernelName>(
  kernel: K,
  input: NumericInput,
  options: ReduceOptions<K>,
): Promise<number>;
export function reduce<P = Params>(
  fn: NumericFunction<P> | CompiledKernel<P, 1>,
  input: NumericInput,
  options: FunctionReduceArgs<P>,
): Promise<number>;
export function reduce<const I extends readonly NumericInput[], P = Params>(
  fn: NumericFunction<P, I> | CompiledKernel<P, I['length']>,
  inputs: readonly [...I],
  options: FunctionReduceArgs<P>,
): Promise<number>;
export function reduce(
  kernel: unknown,
  input: NumericInput | readonly NumericInput[],
  options: object,
): Promise<number> {
  defaultPool ??= new Pool();
  return defaultPool.reduce(
    kernel as KernelName,
    input as NumericInput,
    options as ReduceOptions<KernelName>,
  );
}

/** Diagnostics: maps whose native buffers are alive in this process (0 when idle). */
export function liveNativeMaps(): number {
  return native.liveMaps();
}
