// A TypeScript consumer, checked with `tsc --noEmit` against the shipped
// types; consumer.cts is the same code compiled as CommonJS.
import { availableThreads, map, Pool, PoolClosedError } from 'numpool';

const pool = new Pool({ threads: availableThreads() });
const logs: Promise<Float64Array> = pool.map('logAccumulate', [1, 2], { iterations: 3, step: 0.5 });
const squares: Promise<Float64Array> = map('square', new Float32Array(4));
const closed: boolean = new PoolClosedError() instanceof Error;
// @ts-expect-error: not a kernel
void map('cube', [1]);
// @ts-expect-error: square takes no parameters
void map('square', [1], { iterations: 2 });
void [logs, squares, closed, pool.close()];
