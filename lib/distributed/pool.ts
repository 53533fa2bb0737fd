// DistributedPool: Pool.map over many machines. A map is cut into shards,
// each one BullMQ job on a Redis queue, run by numpool workers (`numpool
// worker`, startWorker) on their own Pools; each shard's result comes back
// through the map's hash when BullMQ's events stream reports it completed.
import { randomUUID } from 'node:crypto';
import type { ConnectionOptions, QueueEvents } from 'bullmq';
import type { Redis as RedisClient, RedisOptions } from 'ioredis';
import {
  type CompiledKernel,
  compile,
  hasCompileOptions,
  isCompiledKernel,
  type NumericFunction,
} from '../compiled';
import { abortError, PoolClosedError } from '../errors';
import {
  checkOptionsObject,
  checkOut,
  checkProgress,
  checkSignal,
  marshalInput,
  type NumericInput,
  readParams,
  readSignal,
  rejectUnknownKeys,
  signalError,
} from '../marshal';
import { native } from '../native';
import { BASE_OPTIONS, checkKernelInputs, FUNCTION_MAP, kernelNumber, type Pool } from '../pool';
import { describeConnection, Watchdog } from './connection';
import { ShardFailedError } from './errors';
import { checkInteger, checkQueueName } from './options';
import { bullmq, Redis } from './peers';
import {
  abortChannel,
  encodeParams,
  inputField,
  JOB_NAME,
  jobId,
  mapKey,
  outputField,
  type ShardJob,
  toBytes,
  VERSION,
} from './shards';

/** Pool.map's options but transfer (shards are copied to Redis anyway). */
const MAP_OPTIONS = [...BASE_OPTIONS, 'onProgress'] as const;
const FUNCTION_OPTIONS = [...MAP_OPTIONS, 'params'] as const;
/** The least time between two progress reports, as Pool.map keeps it. */
const PROGRESS_GAP_MS = 40;

export interface DistributedPoolOptions {
  /**
   * Where Redis is: ioredis options as BullMQ takes them (host, port,
   * username, password, db, tls, ...). Default: 127.0.0.1:6379.
   */
  connection?: RedisOptions | undefined;
  /** The BullMQ queue the workers listen on; default 'numpool'. */
  queue?: string | undefined;
  /** Elements per shard, from 1; default 65,536. */
  shardSize?: number | undefined;
  /** Milliseconds a map waits for an unreachable Redis before it rejects; default 10,000. */
  timeout?: number | undefined;
  /** Tries of a shard that fails on a worker before the map rejects, 1 to 100; default 3. */
  attempts?: number | undefined;
}

/** A map's data is dropped by Redis if its pool dies and never deletes it; every shard refreshes it. */
const DATA_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_ATTEMPTS = 100;
const kernels = native.kernels();

/** What a map asks the workers to run: ShardJob less the map's and the shard's ids. */
type Work = Pick<ShardJob, 'kernel' | 'source' | 'params'>;

interface RunningMap {
  readonly id: string;
  readonly key: string;
  readonly values: Float64Array;
  readonly result: Float64Array;
  readonly out: Float64Array | undefined;
  readonly shards: number;
  /** Shards whose result has been asked for. */
  readonly taken: Uint8Array;
  remaining: number;
  settled: boolean;
  /** Enqueueing: its data written and its jobs added (or failed). */
  launch: Promise<void>;
  /** Resolves when the map has settled. */
  readonly done: Promise<void>;
  readonly finish: () => void;
  readonly resolve: (result: Float64Array) => void;
  readonly reject: (error: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
  readonly onProgress: ((done: number, total: number) => void) | undefined;
  /** Elements whose shard's result is back, and when they were last reported. */
  elementsDone: number;
  reportedAt: number;
}

export class DistributedPool implements AsyncDisposable {
  readonly queue: string;
  readonly shardSize: number;
  readonly timeout: number;
  readonly attempts: number;
  readonly #connection: RedisOptions;
  readonly #redis: RedisClient;
  readonly #queue: InstanceType<typeof bullmq.Queue>;
  readonly #watchdog: Watchdog;
  readonly #maps = new Set<RunningMap>();
  /** The running maps' shards by job id. */
  readonly #jobs = new Map<string, readonly [RunningMap, number]>();
  readonly #cleanups = new Set<Promise<void>>();
  #events: Promise<QueueEvents> | undefined;
  #queueEvents: QueueEvents | undefined;
  #open = true;
  #closing: Promise<void> | undefined;

  constructor(options?: DistributedPoolOptions) {
    const {
      connection = {},
      queue = 'numpool',
      shardSize = 65_536,
      timeout = 10_000,
      attempts = 3,
      ...rest
    } = checkOptionsObject(options, 'options');
    for (const key of Object.keys(rest)) {
      throw new TypeError(
        `options.${key} is not a DistributedPool option; expected connection, queue, shardSize, timeout or attempts`,
      );
    }
    this.#connection = checkOptionsObject(connection, 'options.connection') as RedisOptions;
    this.queue = checkQueueName(queue, 'options.queue');
    this.shardSize = checkInteger(shardSize, 'options.shardSize', 1, 2 ** 32);
    this.timeout = checkInteger(timeout, 'options.timeout', 1, 2 ** 31 - 1);
    this.attempts = checkInteger(attempts, 'options.attempts', 1, MAX_ATTEMPTS);
    this.#redis = new Redis(this.#connection);
    this.#queue = new bullmq.Queue(this.queue, { connection: this.#redis });
    // Errors reach the maps through the watchdog, which names the connection.
    this.#queue.on('error', () => {});
    this.#watchdog = new Watchdog(
      this.#redis,
      describeConnection(this.#connection),
      this.timeout,
      () => this.#maps.size > 0,
      (error) => {
        for (const map of this.#maps) this.#settle(map, error);
      },
    );
  }

  /**
   * As Pool.map, with the same arguments, checks, errors and result: each
   * shard runs on a worker, a function compiled again there from its source.
   */
  readonly map: Pool['map'] = (kernel: unknown, input: NumericInput, options?: object) =>
    // The executor runs at once (the input is copied before map returns); what it throws rejects.
    new Promise<Float64Array>((resolve) => resolve(this.#start(kernel, input, options)));

  #start(kernel: unknown, input: unknown, rawOptions: unknown): Promise<Float64Array> {
    if (!this.#open) throw new PoolClosedError();
    const options = checkOptionsObject(rawOptions, 'options');
    const work =
      typeof kernel === 'function' || isCompiledKernel(kernel)
        ? functionWork(kernel as NumericFunction | CompiledKernel, options)
        : kernelWork(kernel, options);
    const signal = options.signal === undefined ? undefined : checkSignal(options.signal);
    const onProgress = checkProgress(options.onProgress);
    // Its own copy: the shards are read after map returns.
    const marshalled = marshalInput(input, 'input');
    const values = marshalled.owned ? marshalled.values : marshalled.values.slice();
    const out = options.out === undefined ? undefined : checkOut(options.out, values.length);
    if (signal !== undefined && readSignal(signal, 'aborted')) throw abortError(readSignal(signal, 'reason'));
    if (values.length === 0) return Promise.resolve(deliver(values, out));

    return new Promise<Float64Array>((resolve, reject) => {
      const shards = Math.ceil(values.length / this.shardSize);
      const id = randomUUID();
      let finish = () => {};
      const done = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const map: RunningMap = {
        id,
        key: mapKey(this.queue, id),
        values,
        result: new Float64Array(values.length),
        out,
        shards,
        taken: new Uint8Array(shards),
        remaining: shards,
        settled: false,
        launch: Promise.resolve(),
        done,
        finish,
        resolve,
        reject,
        signal,
        onAbort: () => {
          let reason: unknown;
          try {
            reason = signal?.reason;
          } catch (error) {
            reason = error;
          }
          this.#settle(map, abortError(reason));
        },
        onProgress,
        elementsDone: 0,
        reportedAt: Number.NEGATIVE_INFINITY,
      };
      // Before the map is anything: a signal that throws leaves nothing behind.
      try {
        signal?.addEventListener('abort', map.onAbort, { once: true });
      } catch (cause) {
        throw signalError('options.signal cannot be listened to', cause);
      }
      this.#maps.add(map);
      this.#watchdog.check();
      map.launch = this.#launch(map, work).catch((error) => this.#settle(map, error));
    });
  }

  /** Writes the map's shards into its hash, then adds one job per shard. */
  async #launch(map: RunningMap, work: Work): Promise<void> {
    await this.#listen();
    if (map.settled) return;
    const write = this.#redis.pipeline();
    const jobs = [];
    for (let shard = 0; shard < map.shards; shard++) {
      const start = shard * this.shardSize;
      const end = Math.min(start + this.shardSize, map.values.length);
      write.hset(map.key, inputField(shard), toBytes(map.values, start, end));
      const data: ShardJob = { version: VERSION, map: map.id, shard, ...work };
      const id = jobId(map.id, shard);
      this.#jobs.set(id, [map, shard]);
      jobs.push({
        name: JOB_NAME,
        data,
        opts: { jobId: id, attempts: this.attempts, removeOnComplete: true, removeOnFail: true },
      });
    }
    write.pexpire(map.key, DATA_TTL_MS);
    await checked(write.exec());
    if (map.settled) return;
    await this.#queue.addBulk(jobs);
  }

  /**
   * BullMQ's events of this queue, read from the stream's last entry before
   * any of this pool's jobs: no completion can come before the reading starts.
   */
  #listen(): Promise<QueueEvents> {
    if (this.#events === undefined) {
      this.#events = (async () => {
        const last = await this.#redis.xrevrange(this.#queue.toKey('events'), '+', '-', 'COUNT', 1);
        // Its blocking client is BullMQ's own (it would duplicate one given to it).
        const events = new bullmq.QueueEvents(this.queue, {
          connection: this.#connection as ConnectionOptions,
          lastEventId: last[0]?.[0] ?? '0-0',
          // Its read loop re-reads each second: a closed pool lets its process exit within that.
          blockingTimeout: 1000,
        });
        this.#queueEvents = events;
        events.on('error', () => {});
        events.on('completed', ({ jobId }) => this.#completed(jobId));
        events.on('failed', ({ jobId, failedReason }) => this.#failed(jobId, failedReason));
        await events.waitUntilReady();
        return events;
      })();
      this.#events.catch(() => {
        this.#events = undefined;
      });
    }
    return this.#events;
  }

  #completed(id: string): void {
    const entry = this.#jobs.get(id);
    if (entry === undefined) return;
    this.#jobs.delete(id);
    const [map, shard] = entry;
    if (map.settled || map.taken[shard] === 1) return;
    map.taken[shard] = 1;
    this.#take(map, shard).catch((error) => this.#settle(map, error));
  }

  /** Reads a shard's result and deletes its fields: the last shard's leaves the hash empty, so Redis drops it. */
  async #take(map: RunningMap, shard: number): Promise<void> {
    const [bytes] = await checked(
      this.#redis
        .pipeline()
        .hgetBuffer(map.key, outputField(shard))
        .hdel(map.key, inputField(shard), outputField(shard))
        .pexpire(map.key, DATA_TTL_MS)
        .exec(),
    );
    if (map.settled) return;
    const start = shard * this.shardSize;
    const expected = (Math.min(start + this.shardSize, map.values.length) - start) * 8;
    if (!Buffer.isBuffer(bytes)) {
      throw new ShardFailedError(shard, map.shards, 'a worker completed it without storing its result');
    }
    if (bytes.length !== expected) {
      throw new ShardFailedError(shard, map.shards, `its result has ${bytes.length} bytes, not ${expected}`);
    }
    Buffer.from(map.result.buffer).set(bytes, start * 8);
    map.elementsDone += expected / 8;
    const last = --map.remaining === 0;
    this.#progress(map, last);
    if (last) this.#settle(map, undefined);
  }

  /** Reports a shard's elements done, at most every PROGRESS_GAP_MS and once at the end; a throw rejects the map. */
  #progress(map: RunningMap, last: boolean): void {
    const now = performance.now();
    if (map.onProgress === undefined || (!last && now - map.reportedAt < PROGRESS_GAP_MS)) return;
    map.reportedAt = now;
    try {
      map.onProgress(map.elementsDone, map.values.length);
    } catch (error) {
      this.#settle(map, error);
    }
  }

  #failed(id: string, reason: string): void {
    const entry = this.#jobs.get(id);
    if (entry === undefined) return;
    const [map, shard] = entry;
    this.#settle(map, new ShardFailedError(shard, map.shards, reason));
  }

  /** Resolves (error undefined) or rejects the map, once; a rejected map's leftovers are cleaned up behind it. */
  #settle(map: RunningMap, error: unknown): void {
    if (map.settled) return;
    map.settled = true;
    map.finish();
    this.#maps.delete(map);
    this.#watchdog.check();
    try {
      map.signal?.removeEventListener('abort', map.onAbort);
    } catch {
      // The listener is { once: true } and ignores a settled map.
    }
    if (error === undefined) {
      try {
        map.resolve(deliver(map.result, map.out));
      } catch (deliveryError) {
        map.reject(deliveryError);
      }
      return;
    }
    map.reject(error);
    const cleanup = this.#discard(map).catch(() => {
      // Redis is gone: the map's hash expires by itself (DATA_TTL_MS).
    });
    this.#cleanups.add(cleanup);
    cleanup.finally(() => this.#cleanups.delete(cleanup));
  }

  /**
   * A rejected map's shards: its hash deleted (a worker that takes a shard
   * then finds no data and drops it), its waiting jobs removed, and the
   * workers told to drop the running ones.
   */
  async #discard(map: RunningMap): Promise<void> {
    await map.launch;
    const ids: string[] = [];
    for (let shard = 0; shard < map.shards; shard++) {
      const id = jobId(map.id, shard);
      if (this.#jobs.delete(id)) ids.push(id);
    }
    await checked(this.#redis.pipeline().del(map.key).publish(abortChannel(this.queue), map.id).exec());
    // A running job is locked and stays: its worker drops it at the abort message.
    await Promise.allSettled(ids.map((id) => this.#queue.remove(id)));
  }

  /** Takes no new maps; resolves once the running ones have settled and the connections are closed. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#open = false;
      // Bounded by the watchdog while Redis is down.
      await Promise.all([...this.#maps].map((map) => map.done));
      this.#watchdog.stop();
      // Redis may go at any moment, before or during the waits below. Without it the cleanups
      // cannot finish (the maps' hashes expire by themselves, DATA_TTL_MS), and QueueEvents'
      // close() never settles: ioredis ends no client that lost Redis and is waiting to reconnect
      // (BullMQ #4585). So each wait also ends when this pool's client loses Redis; what BullMQ
      // has left then holds no socket or timer.
      let loseRedis = () => {};
      const lost = new Promise<void>((resolve) => {
        loseRedis = resolve;
      });
      if (this.#redis.status === 'ready') this.#redis.once('close', loseRedis);
      else loseRedis();
      await Promise.race([Promise.allSettled([...this.#cleanups]), lost]);
      await Promise.race([Promise.allSettled([this.#queueEvents?.close(), this.#queue.close()]), lost]);
      this.#redis.off('close', loseRedis);
      if (this.#redis.status === 'ready') await this.#redis.quit().catch(() => this.#redis.disconnect());
      else this.#redis.disconnect();
    })();
    return this.#closing;
  }

  /** Rejects every running map with an AbortError at once, removes their shards, and closes. */
  terminate(): Promise<void> {
    this.#open = false;
    for (const map of this.#maps) this.#settle(map, abortError());
    return this.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** A pipeline's replies, or its first error. */
async function checked(replies: Promise<[Error | null, unknown][] | null>): Promise<unknown[]> {
  const results = await replies;
  if (results === null) throw new Error('the Redis pipeline was discarded');
  for (const [error] of results) if (error !== null) throw error;
  return results.map(([, value]) => value);
}

function kernelWork(kernelName: unknown, options: Record<string, unknown>): Work {
  const kernel = kernels[kernelNumber(kernelName)] as (typeof kernels)[number];
  rejectUnknownKeys(options, kernel, MAP_OPTIONS, 'options');
  const values = readParams(kernel, options);
  const params = Object.fromEntries(kernel.params.map((param, i) => [param.name, values[i] as number]));
  return { kernel: kernel.name, source: undefined, params: encodeParams(params) };
}

function functionWork(fn: NumericFunction | CompiledKernel, options: Record<string, unknown>): Work {
  const kernel = isCompiledKernel(fn) ? fn : compile(fn);
  // Shards are of one input: a kernel of several is refused as Pool.map refuses it given one.
  checkKernelInputs(kernel, 1);
  rejectUnknownKeys(options, FUNCTION_MAP, FUNCTION_OPTIONS, 'options');
  // Workers compile the source alone: helpers and constants do not travel yet.
  if (hasCompileOptions(kernel))
    throw new TypeError(
      'a distributed map takes no function compiled with options.functions or options.constants',
    );
  // Read once, then checked as Pool.map checks them; the workers get the fields the function reads.
  const given =
    options.params === undefined ? undefined : checkOptionsObject(options.params, 'options.params');
  kernel.constants(given);
  const params = Object.fromEntries(kernel.params.map((name) => [name, given?.[name] as number]));
  return { kernel: undefined, source: kernel.source, params: encodeParams(params) };
}

/** The result as the caller asked for it: `out` filled in, or the fresh array. */
function deliver(result: Float64Array, out: Float64Array | undefined): Float64Array {
  if (out === undefined) return result;
  if (out.length !== result.length) {
    throw new TypeError('options.out was detached or resized while the map ran');
  }
  out.set(result);
  return out;
}
