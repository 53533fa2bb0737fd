// A numpool worker: a BullMQ Worker whose processor runs each shard on a local
// Pool. A function arrives as source text and is compiled by this worker's
// own compiler (never evaluated); a shard from another numpool version fails.
import { hostname } from 'node:os';
import type { ConnectionOptions, Job } from 'bullmq';
import type { Redis as RedisClient, RedisOptions } from 'ioredis';
import { compileSource } from '../compiled';
import { checkOptionsObject } from '../marshal';
import { availableThreads, Pool } from '../pool';
import { describeConnection, Watchdog } from './connection';
import { checkInteger, checkQueueName } from './options';
import { bullmq, Redis } from './peers';
import { abortChannel, fromBytes, inputField, mapKey, outputField, readShard } from './shards';

export interface WorkerOptions {
  /** Where Redis is: ioredis options, as for DistributedPool. Default: 127.0.0.1:6379. */
  connection?: RedisOptions | undefined;
  /** The queue to take shards from; default 'numpool'. */
  queue?: string | undefined;
  /** Threads of the worker's Pool; default availableThreads(). */
  threads?: number | undefined;
  /** Shards run at once; default 1. */
  concurrency?: number | undefined;
  /**
   * Milliseconds a shard stays locked to this worker without a renewal (renewed
   * every half of it while the worker lives): how long a dead worker's shard
   * waits before another worker takes it. Default 30,000, BullMQ's.
   */
  lockDuration?: number | undefined;
  /** Milliseconds between this worker's checks for other workers' stalled shards; default 30,000. */
  stalledInterval?: number | undefined;
  /** Times a shard may be taken back from a dead worker before it fails; default 1. */
  maxStalledCount?: number | undefined;
  /** Milliseconds startWorker waits for an unreachable Redis; default 10,000. */
  timeout?: number | undefined;
}

export interface NumpoolWorker {
  /** The name BullMQ records on each job this worker takes (host:pid:n). */
  readonly name: string;
  /** Takes no new shards; resolves once the shards in hand are finished and everything is closed. */
  close(): Promise<void>;
}

/** The result of a shard's job: whether its result reached the map's hash. */
export interface ShardOutcome {
  readonly stored: boolean;
}

/** Stores a shard's result only while its input is there: a map that settled meanwhile stays deleted. */
const STORE_RESULT = `if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
  redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
  return 1
end
return 0`;

type DataClient = RedisClient & {
  numpoolStoreResult(key: string, input: string, output: string, bytes: Buffer): Promise<number>;
};

/** Pool.map of a kernel named in a job: the pool checks the name and params as for any caller. */
type KernelMap = (kernel: string, input: Float64Array, options: object) => Promise<Float64Array>;

let workers = 0;

/** Starts a worker; resolves once it is connected and taking shards. */
export async function startWorker(options?: WorkerOptions): Promise<NumpoolWorker> {
  const {
    connection = {},
    queue = 'numpool',
    threads = availableThreads(),
    concurrency = 1,
    lockDuration = 30_000,
    stalledInterval = 30_000,
    maxStalledCount = 1,
    timeout = 10_000,
    ...rest
  } = checkOptionsObject(options, 'options');
  for (const key of Object.keys(rest)) throw new TypeError(`options.${key} is not a worker option`);
  const redisOptions = checkOptionsObject(connection, 'options.connection') as RedisOptions;
  checkQueueName(queue, 'options.queue');
  checkInteger(concurrency, 'options.concurrency', 1, 1024);
  checkInteger(lockDuration, 'options.lockDuration', 100, 2 ** 31 - 1);
  checkInteger(stalledInterval, 'options.stalledInterval', 100, 2 ** 31 - 1);
  checkInteger(maxStalledCount, 'options.maxStalledCount', 0, 1000);
  checkInteger(timeout, 'options.timeout', 1, 2 ** 31 - 1);

  const name = `${hostname()}:${process.pid}:${++workers}`;
  const pool = new Pool({ threads: threads as number | undefined });
  const data = new Redis(redisOptions) as DataClient;
  data.defineCommand('numpoolStoreResult', { numberOfKeys: 1, lua: STORE_RESULT });
  const subscriber = data.duplicate();
  // Lost connections reach the caller through the watchdog and BullMQ's 'error' events.
  subscriber.on('error', () => {});
  /** The running shards' abort controllers, by map id. */
  const running = new Map<string, Set<AbortController>>();
  subscriber.on('message', (_channel: string, map: string) => {
    for (const controller of running.get(map) ?? []) controller.abort();
  });

  const processor = async (job: Job, _token?: string, lost?: AbortSignal): Promise<ShardOutcome> => {
    let shard: ReturnType<typeof readShard>;
    try {
      shard = readShard(job.data);
    } catch (error) {
      throw new bullmq.UnrecoverableError((error as Error).message);
    }
    const key = mapKey(queue as string, shard.map);
    // Listening before the input is read: an abort published while the read
    // is on its way still reaches this shard.
    const controller = new AbortController();
    const siblings = running.get(shard.map) ?? new Set();
    running.set(shard.map, siblings.add(controller));
    const onLost = () => controller.abort();
    lost?.addEventListener('abort', onLost, { once: true });
    let result: Float64Array;
    try {
      const bytes = await data.hgetBuffer(key, inputField(shard.shard));
      // No input: the map settled or was aborted.
      if (bytes === null) return { stored: false };
      const { signal } = controller;
      signal.throwIfAborted();
      const values = fromBytes(bytes);
      result =
        shard.kernel === undefined
          ? await pool.map(compileSource(shard.source as string), values, { params: shard.params, signal })
          : await (pool.map as KernelMap)(shard.kernel, values, { ...shard.params, signal });
    } catch (error) {
      if (controller.signal.aborted) {
        // BullMQ took the shard back (its lock lost): let it run elsewhere.
        if (lost?.aborted) throw new Error('the worker lost the shard (its lock expired)');
        return { stored: false };
      }
      // A bad kernel, params or source fails the same way on every try.
      if (error instanceof TypeError || error instanceof RangeError) {
        throw new bullmq.UnrecoverableError(error.message);
      }
      throw error;
    } finally {
      lost?.removeEventListener('abort', onLost);
      siblings.delete(controller);
      if (siblings.size === 0) running.delete(shard.map);
    }
    const stored = await data.numpoolStoreResult(
      key,
      inputField(shard.shard),
      outputField(shard.shard),
      Buffer.from(result.buffer, result.byteOffset, result.byteLength),
    );
    return { stored: stored === 1 };
  };

  const worker = new bullmq.Worker(queue as string, processor, {
    connection: redisOptions as ConnectionOptions,
    name,
    concurrency: concurrency as number,
    lockDuration: lockDuration as number,
    stalledInterval: stalledInterval as number,
    maxStalledCount: maxStalledCount as number,
    autorun: false,
  });
  let lastError = '';
  worker.on('error', (error) => {
    // ioredis repeats a lost connection's error at each retry: say it once.
    if (error.message === lastError) return;
    lastError = error.message;
    process.emitWarning(`numpool worker ${name}: ${error.message}`);
  });

  const close = async () => {
    await worker.close();
    await Promise.allSettled([subscriber.quit(), data.quit()]);
    await pool.close();
  };

  let starting = true;
  const waiting = new Promise<void>((_resolve, reject) => {
    const watchdog = new Watchdog(
      data,
      describeConnection(redisOptions),
      timeout as number,
      () => starting,
      (error) => reject(error),
    );
    watchdog.check();
  });
  try {
    await Promise.race([
      Promise.all([subscriber.subscribe(abortChannel(queue as string)), worker.waitUntilReady()]),
      waiting,
    ]);
  } catch (error) {
    starting = false;
    worker.close(true).catch(() => {});
    subscriber.disconnect();
    data.disconnect();
    await pool.close();
    throw error;
  }
  starting = false;
  worker.run().catch((error: Error) => worker.emit('error', error));
  return { name, close };
}
