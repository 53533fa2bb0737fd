// What travels through Redis for one shard of a map, shared by the pool
// (lib/distributed/pool.ts) and the workers (lib/distributed/worker.ts).
//
// A shard is one BullMQ job whose data (JSON) says what to run; its numbers
// travel apart, as the raw bytes of their float64s in one Redis hash per map
// (field in:<shard>, and out:<shard> for the result). Raw bytes keep every
// bit (NaN payloads, -0) at 8 bytes a number, where JSON numbers would be
// text of up to 24 bytes parsed back on the event loop, and base64 in the job
// 11 bytes a number, copied into BullMQ's job hash and its events stream. One
// hash per map is also one DEL when the map settles.
import { endianness } from 'node:os';
import { typeError } from '../errors';
import { info } from '../info';

if (endianness() !== 'LE') {
  throw new Error('numpool/distributed moves float64s as little-endian bytes; this machine is big-endian');
}

export const VERSION = info().version;

/** A shard job's data. */
export interface ShardData {
  /** The numpool version of the pool that enqueued it. */
  readonly version: string;
  /** The map's id: its hash is mapKey(queue, map). */
  readonly map: string;
  readonly shard: number;
  /** A built-in kernel's name, or undefined for a function. */
  readonly kernel: string | undefined;
  /** A compiled function's source text (CompiledKernel.source), or undefined for a built-in kernel. */
  readonly source: string | undefined;
  /** The kernel's parameters, or the function's params. */
  readonly params: Readonly<Record<string, number>>;
}

/** ShardData as it travels: each param as its float64's bits (JSON would turn NaN and ±Infinity into null, -0 into 0). */
export type ShardJob = Omit<ShardData, 'params'> & { readonly params: Readonly<Record<string, string>> };

export function encodeParams(params: Readonly<Record<string, number>>): Record<string, string> {
  const bits = Buffer.alloc(8);
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => {
      bits.writeDoubleLE(value);
      return [name, bits.toString('hex')];
    }),
  );
}

/** Shards' job names: one kind of job on a numpool queue. */
export const JOB_NAME = 'shard';

export function mapKey(queue: string, map: string): string {
  return `numpool:${queue}:map:${map}`;
}

/** The channel on which a pool tells the workers that a map was aborted (message: the map id). */
export function abortChannel(queue: string): string {
  return `numpool:${queue}:abort`;
}

export function inputField(shard: number): string {
  return `in:${shard}`;
}

export function outputField(shard: number): string {
  return `out:${shard}`;
}

export function jobId(map: string, shard: number): string {
  return `${map}_${shard}`;
}

/** The bytes of values[start, end), shared with values' memory. */
export function toBytes(values: Float64Array, start: number, end: number): Buffer {
  return Buffer.from(values.buffer, values.byteOffset + start * 8, (end - start) * 8);
}

/** The float64s in `bytes`, copied (Redis's buffers need not be 8-byte aligned). */
export function fromBytes(bytes: Buffer): Float64Array {
  if (bytes.length % 8 !== 0) throw new TypeError(`a shard of ${bytes.length} bytes is not float64s`);
  const values = new Float64Array(bytes.length / 8);
  Buffer.from(values.buffer).set(bytes);
  return values;
}

const MAP_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A job's data checked field by field: Redis is not trusted. A job from
 * another numpool version is refused first, whatever its shape.
 */
export function readShard(data: unknown): ShardData {
  if (data === null || typeof data !== 'object') throw typeError('the job data', 'an object', data);
  const { version, map, shard, kernel, source, params } = data as Record<string, unknown>;
  if (version !== VERSION) {
    throw new Error(
      `this worker runs numpool ${VERSION} and the shard comes from numpool ${typeof version === 'string' ? version : 'of no known version'}: run workers of the pool's version`,
    );
  }
  if (typeof map !== 'string' || !MAP_ID.test(map)) throw typeError('the job data.map', 'a map id', map);
  if (typeof shard !== 'number' || !Number.isInteger(shard) || shard < 0) {
    throw typeError('the job data.shard', 'an integer from 0', shard);
  }
  if (kernel !== undefined && typeof kernel !== 'string')
    throw typeError('the job data.kernel', 'a string', kernel);
  if (source !== undefined && typeof source !== 'string')
    throw typeError('the job data.source', 'a string', source);
  if ((kernel === undefined) === (source === undefined)) {
    throw new TypeError('the job data must name a kernel or give a function source, and not both');
  }
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw typeError('the job data.params', 'an object', params);
  }
  const decoded: Record<string, number> = Object.create(null);
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== 'string' || !/^[0-9a-f]{16}$/.test(value)) {
      throw typeError(`the job data.params.${name}`, "a float64's bits in hex", value);
    }
    decoded[name] = Buffer.from(value, 'hex').readDoubleLE();
  }
  return { version, map, shard, kernel, source, params: decoded };
}
