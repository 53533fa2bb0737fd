// Fused reductions (pool.reduce): their options and the op, checked here;
// the ops themselves are native/reduction.h's.

import type { CompileOptions, Params } from './compiled';
import { rangeError, typeError } from './errors';
import { native } from './native';
import type { CommonMapOptions, KernelName, KernelParams } from './pool';

/**
 * How pool.reduce combines the mapped values: `sum` is their exact sum rounded
 * once (the same bits for every thread count), `min` and `max` are Math.min's
 * and Math.max's (NaN if any value is NaN).
 */
export type ReduceOp = 'sum' | 'min' | 'max';

/** The options every reduction takes. */
export interface CommonReduceOptions extends Pick<CommonMapOptions, 'signal' | 'onProgress'> {
  /** The reduction: 'sum', 'min' or 'max'. */
  op: ReduceOp;
}

export type ReduceOptions<K extends KernelName> = CommonReduceOptions & KernelParams[K];

/** Options of a reduction of a compiled function whose params are `P`. */
export interface FunctionReduceOptions<P = Params>
  extends CommonReduceOptions,
    Omit<CompileOptions, 'inputs'> {
  /** The function's params argument: the numeric fields it reads. */
  params?: P | undefined;
}

/** FunctionReduceOptions, with params required when P has a required field (as FunctionMapArgs). */
export type FunctionReduceArgs<P> =
  Record<never, never> extends P ? FunctionReduceOptions<P> : FunctionReduceOptions<P> & { params: P };

/** The options a reduction takes besides the kernel's params. */
export const REDUCE_OPTIONS = ['signal', 'onProgress', 'op'] as const;

const ops: readonly string[] = native.reduceOps;
const expected = `one of ${ops.map((op) => `'${op}'`).join(', ')}`;

/** options.op as the native side takes it: its index in native.reduceOps. */
export function reduceOpNumber(op: unknown): number {
  if (typeof op !== 'string') throw typeError('options.op', expected, op);
  const index = ops.indexOf(op);
  if (index < 0) throw rangeError('options.op', expected, op);
  return index;
}
