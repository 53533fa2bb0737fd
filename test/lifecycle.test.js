'use strict';
// close, terminate, abort and the default pool: what settles how, and when.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Pool, PoolClosedError, map } = require('..');

// A map long enough to outlast any test: stopped only by cancellation.
const ENDLESS = { iterations: 2 ** 53 - 1 };
// What the issue names: one element's loop alone is 10^9 iterations, so a
// design that cancels only between elements would take seconds to let go.
const HEAVY = { iterations: 1e9 };
const xs = Array.from({ length: 64 }, (_, i) => i + 1);
// Bounds a broken design misses by far (an element of HEAVY runs for
// seconds), while a loaded machine stays well inside them (a slice of work is
// planned at about a quarter millisecond).
// The sanitizer build runs several times slower than the shipped one and
// scales them (test/sanitizers/asan.sh).
const PROMPT_MS = 250 * Number(process.env.NUMPOOL_TEST_TIME_SCALE ?? 1);

/** Resolves once a map is on the pool's threads (polled between turns). */
async function untilRunning(pool) {
  while (pool.stats().running === 0) await new Promise(setImmediate);
}

/** Milliseconds from `since` until the pool's threads hold no map (polled between turns). */
async function msUntilIdle(pool, since) {
  const busy = () => {
    const { running, queued } = pool.stats();
    return running + queued > 0;
  };
  while (busy() && performance.now() - since < 10_000) await new Promise(setImmediate);
  return performance.now() - since;
}

describe('abort', () => {
  it(`rejects with an AbortError and frees the threads within ${PROMPT_MS} ms, even mid-element, and the pool stays usable`, async () => {
    const pool = new Pool({ threads: 2 });
    const controller = new AbortController();
    const running = pool.map('logSum', xs, { ...HEAVY, signal: controller.signal });
    await untilRunning(pool);
    assert.equal(pool.stats().running, 1, 'the map is on the threads, inside its first elements');
    const abortedAt = performance.now();
    controller.abort(new Error('enough'));
    await assert.rejects(running, (error) => {
      assert.equal(error.name, 'AbortError');
      assert.ok(error instanceof DOMException);
      assert.equal(error.cause.message, 'enough');
      return true;
    });
    assert.ok(performance.now() - abortedAt < PROMPT_MS, 'rejected promptly');
    const idleAfter = await msUntilIdle(pool, abortedAt);
    assert.ok(idleAfter < PROMPT_MS, `threads let go of the map ${idleAfter.toFixed(1)} ms after abort`);
    // The workers are free again: a fresh map completes.
    const out = await pool.map('logSum', xs, { iterations: 10_000 });
    assert.equal(out.length, xs.length);
    await pool.close();
  });

  it('rejects at once for a signal that is already aborted', async () => {
    const pool = new Pool({ threads: 1 });
    await assert.rejects(pool.map('square', xs, { signal: AbortSignal.abort() }), { name: 'AbortError' });
    await pool.close();
  });

  it('accepts AbortSignal.timeout', async () => {
    const pool = new Pool({ threads: 2 });
    await assert.rejects(pool.map('logAccumulate', xs, { ...ENDLESS, signal: AbortSignal.timeout(30) }), {
      name: 'AbortError',
    });
    await pool.close();
  });
});

describe('close', () => {
  it('lets running maps finish, then refuses new ones with a clear Error', async () => {
    const pool = new Pool({ threads: 2 });
    const running = pool.map('logSum', xs, { iterations: 200_000 });
    const closed = pool.close();
    await assert.rejects(pool.map('square', xs), (error) => {
      assert.ok(error instanceof PoolClosedError);
      assert.equal(error.code, 'ERR_NUMPOOL_CLOSED');
      assert.match(error.message, /closed/);
      return true;
    });
    const out = await running;
    assert.equal(out.length, xs.length);
    await closed;
    assert.equal(pool.close(), closed, 'idempotent');
    await pool.terminate();
  });

  it('is what await using calls', async () => {
    const pool = new Pool({ threads: 1 });
    await pool[Symbol.asyncDispose]();
    await assert.rejects(pool.map('square', xs), PoolClosedError);
  });
});

describe('terminate', () => {
  it(`rejects running and queued maps with AbortError and joins the threads within ${PROMPT_MS} ms, and is idempotent`, async () => {
    const pool = new Pool({ threads: 2 });
    const maps = [1, 2, 3, 4].map(() => pool.map('logAccumulate', xs, HEAVY));
    await untilRunning(pool);
    const started = performance.now();
    const rejectedAfter = maps.map((running) =>
      running.then(
        () => assert.fail('a terminated map resolved'),
        (error) => {
          assert.equal(error.name, 'AbortError');
          return performance.now() - started;
        },
      ),
    );
    await pool.terminate();
    const joinedAfter = performance.now() - started;
    for (const ms of await Promise.all(rejectedAfter))
      assert.ok(ms < PROMPT_MS, `rejected after ${ms.toFixed(1)} ms`);
    assert.ok(joinedAfter < PROMPT_MS, `threads joined after ${joinedAfter.toFixed(1)} ms`);
    await pool.terminate();
    await pool.close();
    await assert.rejects(pool.map('square', xs), PoolClosedError);
  });

  it('during close, ends the wait for running maps', async () => {
    const pool = new Pool({ threads: 1 });
    const running = pool.map('logSum', xs, ENDLESS);
    const closed = pool.close();
    await pool.terminate();
    await assert.rejects(running, { name: 'AbortError' });
    await closed;
  });
});

describe('process lifetime', () => {
  const entry = path.join(__dirname, '..');
  const run = (code) =>
    execFileSync(process.execPath, ['-e', code], { cwd: entry, timeout: 10_000, encoding: 'utf8' });

  it('the default pool does not keep a process alive once idle', () => {
    const printed = run(
      `require('.').map('logSum', [1, 2, 3], { iterations: 100000 }).then((r) => console.log(r.length))`,
    );
    assert.equal(printed.trim(), '3');
  });

  it('an idle pool that was never closed does not keep a process alive', () => {
    const printed = run(`const { Pool } = require('.'); const p = new Pool({ threads: 4 });
      p.map('logSum', [1, 2], { iterations: 100000 }).then(() => console.log('done'))`);
    assert.equal(printed.trim(), 'done');
  });

  it('a pending map keeps the process alive until it resolves', () => {
    const printed = run(
      `require('.').map('logAccumulate', [1, 2], { iterations: 3e8 }).then((r) => console.log(r[1]))`,
    );
    assert.match(printed.trim(), /^\d+\.\d+$/);
  });

  it('the default pool is shared', async () => {
    const [a, b] = await Promise.all([map('square', [2]), map('square', [3])]);
    assert.deepEqual([a[0], b[0]], [4, 9]);
  });
});

describe('availableThreads', () => {
  const { availableThreads } = require('..');
  const { spawnSync } = require('node:child_process');

  it('is a positive integer, and the default pool size', () => {
    const threads = availableThreads();
    assert.ok(Number.isInteger(threads) && threads >= 1);
    assert.equal(new Pool().threads, threads);
  });

  it('follows the affinity mask', (t) => {
    // CPU 0 may be outside this process's own mask (a container's cpuset).
    const allowed = fs.readFileSync('/proc/self/status', 'utf8').match(/^Cpus_allowed_list:\s*(\d+)/m);
    const pinned = spawnSync(
      'taskset',
      ['-c', allowed?.[1] ?? '0', process.execPath, '-p', "require('.').availableThreads()"],
      {
        cwd: path.join(__dirname, '..'),
        encoding: 'utf8',
      },
    );
    if (pinned.error) return t.skip('taskset is not installed');
    assert.equal(pinned.stdout.trim(), '1');
  });
});
