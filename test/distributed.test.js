'use strict';
// numpool/distributed against a real redis-server (started here, on a free
// port) and real `numpool worker` processes.
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { once } = require('node:events');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { after, afterEach, before, describe, test } = require('node:test');
const { Queue } = require('bullmq');
const { Redis } = require('ioredis');
const { Pool, compile, info } = require('..');
const { DistributedPool, RedisUnreachableError, ShardFailedError } = require('../dist/distributed');
const { queueEvents, startRedis, startWorkers, stopWorkers } = require('./redis');

const ROOT = path.join(__dirname, '..');
/** Workers that give a dead worker's shard to another within a few seconds. */
const WORKER_ARGS = [
  '--threads',
  '1',
  '--concurrency',
  '2',
  '--lock-duration',
  '2000',
  '--stalled-interval',
  '1000',
];

/** Every element's bits, so that -0 and NaN compare exactly. */
function bits(array) {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('hex');
}

/** Numbers with the edge cases a kernel must keep: zeros of both signs, NaN, infinities, negatives, subnormals. */
function sample(length) {
  const special = [
    0,
    -0,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -1.5,
    5e-324,
    1e308,
  ];
  return Float64Array.from({ length }, (_, i) => special[i % 23] ?? 1 + ((i * 7919) % 1000) / 7);
}

/** Resolves with the first event `name` of `events` whose arguments satisfy `accept`. */
function nextEvent(events, name, accept = () => true) {
  return new Promise((resolve) => {
    const listener = (args) => {
      if (!accept(args)) return;
      events.off(name, listener);
      resolve(args);
    };
    events.on(name, listener);
  });
}

/** Pools to close after each test (Node 20 has no `await using`). */
const pools = [];
function track(pool) {
  pools.push(pool);
  return pool;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

/** Keys of the Redis database, sorted. */
async function keys(client) {
  return (await client.keys('*')).sort();
}

describe('numpool/distributed with 3 worker processes', { timeout: 120_000 }, () => {
  let redis;
  let workers;
  let client;
  let local;

  before(async () => {
    redis = await startRedis();
    workers = await startWorkers(3, redis, WORKER_ARGS);
    client = new Redis(redis.connection);
    local = new Pool({ threads: 2 });
  });

  after(async () => {
    await local?.close();
    await client?.quit();
    await stopWorkers(workers ?? []);
    await redis?.stop();
  });

  test('each kernel and a compiled function: bit-identical to Pool.map', async () => {
    const pool = track(new DistributedPool({ connection: redis.connection, shardSize: 700 }));
    const input = sample(5000);
    const cases = [
      ['square', {}],
      ['logAccumulate', { iterations: 60, step: 0.1 }],
      ['logSum', { iterations: 60, step: 0.01 }],
      // -0 and NaN in params must reach the workers as themselves.
      [compile((x, p) => (x > 1 ? Math.log(x) * p.a : x * p.b)), { params: { a: -0, b: Number.NaN } }],
      [(x, p) => x * p.a + 1, { params: { a: Number.NEGATIVE_INFINITY } }],
    ];
    assert.deepEqual(
      cases.slice(0, 3).map(([kernel]) => kernel),
      info().kernels,
      'every built-in kernel is tested',
    );
    for (const [kernel, options] of cases) {
      const [remote, expected] = await Promise.all([
        pool.map(kernel, input, options),
        local.map(kernel, input, options),
      ]);
      assert.equal(bits(remote), bits(expected), `${kernel.name ?? kernel}`);
    }
    const out = new Float64Array(3);
    assert.equal(await pool.map('square', [1, 2, 3], { out }), out);
    assert.deepEqual([...out], [1, 4, 9]);
    assert.deepEqual(await pool.map('square', []), new Float64Array(0));
  });

  test('onProgress: rises with each shard, ends once at total; a hostile signal leaves nothing behind', async () => {
    const pool = track(new DistributedPool({ connection: redis.connection, shardSize: 100 }));
    const input = sample(1000);
    const calls = [];
    const result = await pool.map('logSum', input, {
      iterations: 2000,
      onProgress: (done, total) => calls.push([done, total]),
    });
    assert.equal(bits(result), bits(await local.map('logSum', input, { iterations: 2000 })));
    assert.ok(calls.length >= 1);
    for (let i = 1; i < calls.length; i++) assert.ok(calls[i][0] > calls[i - 1][0], 'strictly rising');
    for (const [done, total] of calls) assert.ok(total === input.length && done % 100 === 0 && done > 0);
    assert.deepEqual(calls.at(-1), [input.length, input.length], 'ends at total');
    assert.equal(calls.filter(([done]) => done === input.length).length, 1, 'once at the end');
    // A throwing onProgress rejects the map with what it threw.
    const thrown = new Error('progress refused');
    await assert.rejects(
      pool.map('square', input, {
        onProgress: () => {
          throw thrown;
        },
      }),
      (error) => error === thrown,
    );
    const signal = new AbortController().signal;
    const cause = new Error('no listening');
    signal.addEventListener = () => {
      throw cause;
    };
    await assert.rejects(pool.map('square', input, { signal }), (error) => {
      assert.ok(error instanceof TypeError && error.cause === cause, String(error));
      return true;
    });
    assert.deepEqual([...(await pool.map('square', [1, 2, 3]))], [1, 4, 9]);
  });

  test('bad arguments: the same errors as Pool.map', async () => {
    const pool = track(new DistributedPool({ connection: redis.connection }));
    const scale = 2;
    const calls = [
      ['nope', [1]],
      [42, [1]],
      ['square', [1, 'x']],
      ['square', 'not an array'],
      ['logSum', [1], { iterations: 0 }],
      ['logSum', [1], { signal: 'no' }],
      ['square', [1, 2], { out: new Float64Array(1) }],
      [(x, p) => x * p.a, [1], { params: {} }],
      [(x) => x * scale, [1]],
      [compile((x, y) => x * y, { inputs: 2 }), [1]],
      ['square', [1], null],
    ];
    for (const args of calls) {
      const expected = await local.map(...args).then(
        () => assert.fail(`Pool.map accepted ${args}`),
        (error) => error,
      );
      await assert.rejects(pool.map(...args), { name: expected.name, message: expected.message });
    }
    // An unknown option: the same error, naming the options each takes (Pool.map's own also
    // transfer and onProgress, which a map through Redis does not have).
    const unknown = ['square', [1], { iterations: 5 }];
    await assert.rejects(local.map(...unknown), {
      name: 'TypeError',
      message:
        'options.iterations is not an option of square; expected one of signal, out, transfer, onProgress',
    });
    await assert.rejects(pool.map(...unknown), {
      name: 'TypeError',
      message: 'options.iterations is not an option of square; expected one of signal, out, onProgress',
    });
    const aborted = AbortSignal.abort('why');
    await assert.rejects(pool.map('square', [1], { signal: aborted }), { name: 'AbortError', cause: 'why' });
    assert.throws(() => new DistributedPool({ shardSize: 0 }), {
      name: 'RangeError',
      message: /options\.shardSize must be an integer from 1/,
    });
    assert.throws(() => new DistributedPool({ queue: 'a:b' }), {
      name: 'RangeError',
      message: /options\.queue/,
    });
    assert.throws(() => new DistributedPool({ timeout: '1' }), {
      name: 'TypeError',
      message: /options\.timeout/,
    });
    assert.throws(() => new DistributedPool({ threads: 2 }), {
      name: 'TypeError',
      message: /options\.threads is not/,
    });
  });

  test('a worker SIGTERMed mid-shard finishes it; one SIGKILLed loses nothing', async () => {
    const events = await queueEvents(redis);
    const queue = new Queue('numpool', { connection: redis.connection });
    const pool = track(new DistributedPool({ connection: redis.connection, shardSize: 250 }));
    try {
      const stalled = [];
      events.on('stalled', ({ jobId }) => stalled.push(jobId));
      // 6 shards of 250 elements × 2·10^5 logs: a few tenths of a second each.
      const input = sample(1500);
      const options = { iterations: 200_000, step: 0.001 };
      const expected = await local.map('logSum', input, options);

      /** Starts a map; resolves with it and the worker that took its first shard. */
      const startMap = async () => {
        const active = nextEvent(events, 'active');
        const map = pool.map('logSum', input, options);
        const { jobId } = await active;
        const job = await queue.getJob(jobId);
        const worker = workers.find(({ name }) => name === job.processedBy);
        assert.ok(worker, `a worker named ${job.processedBy}`);
        return { map, worker, jobId };
      };

      const graceful = await startMap();
      graceful.worker.process.kill('SIGTERM');
      const [code] = await once(graceful.worker.process, 'exit');
      assert.equal(code, 0, graceful.worker.stderr());
      assert.equal(bits(await graceful.map), bits(expected));
      assert.deepEqual(stalled, [], 'the stopping worker finished its shards: none stalled');

      const killed = await startMap();
      killed.worker.process.kill('SIGKILL');
      assert.equal(bits(await killed.map), bits(expected));
      assert.ok(stalled.includes(killed.jobId), "the killed worker's shard was taken back as stalled");
    } finally {
      events.stop();
      await queue.close();
      // Two workers again, beside the one left.
      const alive = workers.filter(({ process }) => process.exitCode === null && process.signalCode === null);
      workers = [...alive, ...(await startWorkers(3 - alive.length, redis, WORKER_ARGS))];
    }
  });

  test('abort: rejects at once, waiting shards removed, running ones dropped', async () => {
    const events = await queueEvents(redis);
    const queue = new Queue('numpool', { connection: redis.connection });
    const pool = track(new DistributedPool({ connection: redis.connection, shardSize: 100 }));
    try {
      const controller = new AbortController();
      // 20 shards of 100 × 10^9 iterations: hours each unless dropped.
      const map = pool.map('logSum', sample(2000), { iterations: 1e9, signal: controller.signal });
      await nextEvent(events, 'active');
      const started = performance.now();
      controller.abort('enough');
      await assert.rejects(map, { name: 'AbortError', cause: 'enough' });
      // Every shard leaves the queue: removed if waiting, completed (dropped) if running.
      const gone = async () => {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
        return Object.values(counts).every((count) => count === 0);
      };
      for (;;) {
        const next = Promise.race([once(events, 'completed'), once(events, 'removed')]);
        if (await gone()) break;
        await next;
      }
      assert.ok(performance.now() - started < 10_000, 'the workers dropped their shards');
      assert.deepEqual(await client.keys('numpool:*'), [], "the map's data is deleted");
    } finally {
      events.stop();
      await queue.close();
    }
  });

  test('1,000 maps leave no keys behind', async () => {
    const pool = track(new DistributedPool({ connection: redis.connection }));
    const input = sample(20);
    const expected = bits(await local.map('logSum', input, { iterations: 10 }));
    const run = async (count) => {
      for (let i = 0; i < count; i += 50) {
        const maps = Array.from({ length: 50 }, () => pool.map('logSum', input, { iterations: 10 }));
        for (const result of await Promise.all(maps)) assert.equal(bits(result), expected);
      }
    };
    await run(50);
    const baseline = await keys(client);
    await run(1000);
    // Not a key per map or per shard: the same keys as after the first 50 maps (but BullMQ's
    // stalled-check lock, which comes and goes with its expiry).
    const lasting = async () => (await keys(client)).filter((key) => !key.endsWith(':stalled-check'));
    assert.deepEqual(
      await lasting(),
      baseline.filter((key) => !key.endsWith(':stalled-check')),
    );
    assert.deepEqual(await client.keys('numpool:*'), []);
  });
});

// A hang fails the test instead of the run.
describe('numpool/distributed failures', { timeout: 60_000 }, () => {
  test('Redis unreachable: map rejects within the timeout, naming the connection', async () => {
    const redis = await startRedis();
    const port = redis.port;
    await redis.stop();
    const pool = track(new DistributedPool({ connection: { host: '127.0.0.1', port }, timeout: 300 }));
    const started = performance.now();
    await assert.rejects(pool.map('square', [1, 2, 3]), (error) => {
      assert.ok(error instanceof RedisUnreachableError);
      assert.match(error.message, new RegExp(`redis://127\\.0\\.0\\.1:${port} was unreachable for 300 ms`));
      return true;
    });
    assert.ok(performance.now() - started < 5000);
  });

  test('Redis stopped mid-map: a clear rejection within the timeout', async () => {
    const redis = await startRedis();
    const workers = await startWorkers(1, redis, ['--threads', '1']);
    const events = await queueEvents(redis);
    try {
      const pool = track(new DistributedPool({ connection: redis.connection, timeout: 500, shardSize: 50 }));
      const map = pool.map('logSum', sample(100), { iterations: 1e9 });
      await nextEvent(events, 'active');
      const stopped = performance.now();
      redis.process.kill('SIGKILL');
      await assert.rejects(map, (error) => {
        assert.ok(error instanceof RedisUnreachableError, String(error));
        assert.match(error.message, new RegExp(`Redis at ${redis.url} was unreachable for 500 ms`));
        return true;
      });
      const waited = performance.now() - stopped;
      assert.ok(waited >= 450 && waited < 5000, `rejected after ${waited} ms`);
    } finally {
      events.stop();
      for (const { process } of workers) process.kill('SIGKILL');
      await redis.stop();
    }
  });

  test('a worker of another numpool version fails the shard, naming both versions', async () => {
    const redis = await startRedis();
    // The same code under another package.json: what an older or newer install looks like.
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'numpool-other-'));
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    fs.writeFileSync(
      path.join(other, 'package.json'),
      JSON.stringify({ ...manifest, version: '0.0.0-other' }),
    );
    for (const entry of ['bin', 'dist', 'build', 'node_modules']) {
      fs.symlinkSync(path.join(ROOT, entry), path.join(other, entry));
    }
    const workers = await startWorkers(1, redis, ['--threads', '1'], {
      bin: path.join(other, 'bin', 'numpool.js'),
      nodeArgs: ['--preserve-symlinks', '--preserve-symlinks-main'],
    });
    try {
      const pool = track(new DistributedPool({ connection: redis.connection }));
      await assert.rejects(pool.map('square', [1, 2, 3]), (error) => {
        assert.ok(error instanceof ShardFailedError, String(error));
        assert.match(
          error.message,
          new RegExp(`numpool 0\\.0\\.0-other .* numpool ${info().version.replaceAll('.', '\\.')}`),
        );
        return true;
      });
    } finally {
      await stopWorkers(workers);
      await redis.stop();
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('numpool/distributed loading', () => {
  const node = (args) => execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });

  test('the main entry never loads bullmq or ioredis', () => {
    const loaded = node([
      '-e',
      "require('numpool'); console.log(Object.keys(require.cache).filter((f) => /node_modules[\\\\/](bullmq|ioredis)[\\\\/]/.test(f)).length)",
    ]);
    assert.equal(loaded.trim(), '0');
  });

  test('without bullmq, importing numpool/distributed throws one Error naming it', () => {
    // Resolves 'bullmq' as npm would where it is not installed.
    const hide = `const Module = require('module'); const resolve = Module._resolveFilename;
      Module._resolveFilename = function (request, ...rest) {
        if (request === 'bullmq') throw Object.assign(new Error("Cannot find module 'bullmq'"), { code: 'MODULE_NOT_FOUND' });
        return resolve.call(this, request, ...rest);
      };`;
    const message = node([
      '-e',
      `${hide} try { require('numpool/distributed'); } catch (error) { console.log(error.message); }`,
    ]);
    assert.equal(
      message.trim(),
      'numpool/distributed needs the package bullmq, which is not installed: npm install bullmq ioredis',
    );
  });

  test('ES module and CommonJS entries share one implementation', () => {
    const same = node([
      '--input-type=module',
      '-e',
      "import { DistributedPool } from 'numpool/distributed'; import { createRequire } from 'node:module'; console.log(DistributedPool === createRequire(import.meta.url)('numpool/distributed').DistributedPool)",
    ]);
    assert.equal(same.trim(), 'true');
  });
});
