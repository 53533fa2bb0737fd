// numpool/distributed: Pool.map spread over many machines through BullMQ on
// Redis. Needs the optional peer dependencies bullmq and ioredis.
import './peers';

export type { FunctionMapOptions, KernelName, MapOptions, NumericInput } from '../index';
export { RedisUnreachableError, ShardFailedError } from './errors';
export { DistributedPool, type DistributedPoolOptions } from './pool';
export { type NumpoolWorker, type ShardOutcome, startWorker, type WorkerOptions } from './worker';
