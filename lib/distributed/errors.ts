// The errors a distributed map adds to those of Pool.map.

/** Redis did not answer for `timeout` ms while a map or a worker waited for it. */
export class RedisUnreachableError extends Error {
  readonly code = 'ERR_NUMPOOL_REDIS_UNREACHABLE';
  constructor(where: string, timeout: number, reason: string | undefined) {
    super(`Redis at ${where} was unreachable for ${timeout} ms${reason === undefined ? '' : ` (${reason})`}`);
    this.name = 'RedisUnreachableError';
  }
}

/** A shard failed on the workers as many times as the pool's `attempts` allow. */
export class ShardFailedError extends Error {
  readonly code = 'ERR_NUMPOOL_SHARD_FAILED';
  constructor(shard: number, shards: number, reason: string) {
    super(`shard ${shard} of ${shards} failed on a worker: ${reason}`);
    this.name = 'ShardFailedError';
  }
}
