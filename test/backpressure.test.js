'use strict';
// maxQueue bounds the maps in flight on a pool; stats() says what it is doing.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { Pool, QueueFullError } = require('..');

const ENDLESS = { iterations: 2 ** 53 - 1 };
const xs = Array.from({ length: 64 }, (_, i) => i + 1);

describe('maxQueue', () => {
  it('rejects a map beyond the bound at once, with a QueueFullError, and takes maps again once some settle', async () => {
    const pool = new Pool({ threads: 1, maxQueue: 2 });
    assert.equal(pool.maxQueue, 2);
    const controller = new AbortController();
    const first = pool.map('logSum', xs, { ...ENDLESS, signal: controller.signal });
    const second = pool.map('logSum', xs, ENDLESS);
    await assert.rejects(pool.map('logSum', xs, ENDLESS), (error) => {
      assert.ok(error instanceof QueueFullError);
      assert.equal(error.code, 'ERR_NUMPOOL_QUEUE_FULL');
      assert.match(error.message, /maxQueue \(2\)/);
      return true;
    });
    const { queued, running } = pool.stats();
    assert.equal(queued + running, 2, 'the refused map never reached the threads');
    controller.abort();
    await assert.rejects(first, { name: 'AbortError' });
    // Once the workers let the aborted map go, its place is free again.
    let third;
    for (let i = 0; third === undefined; i++) {
      assert.ok(i < 1000, 'the aborted map frees its place');
      await new Promise((resolve) => setTimeout(resolve, 5));
      third = await pool.map('logSum', xs, { iterations: 1000 }).catch((error) => {
        if (!(error instanceof QueueFullError)) throw error;
      });
    }
    assert.equal(third.length, xs.length, 'runs beside the endless map');
    await pool.terminate();
    await assert.rejects(second, { name: 'AbortError' });
  });

  it('is validated like threads, naming it', () => {
    assert.throws(() => new Pool({ maxQueue: '3' }), { name: 'TypeError', message: /options\.maxQueue/ });
    for (const bad of [0, -1, 1.5, Number.NaN, Number.NEGATIVE_INFINITY]) {
      assert.throws(() => new Pool({ maxQueue: bad }), { name: 'RangeError', message: /options\.maxQueue/ });
    }
    const unbounded = new Pool({ threads: 1 });
    assert.equal(unbounded.maxQueue, Number.POSITIVE_INFINITY);
    return unbounded.close();
  });
});

describe('stats', () => {
  it('reports queued, running and completed maps, and busy time per thread', async () => {
    const pool = new Pool({ threads: 2 });
    assert.deepEqual(pool.stats(), { queued: 0, running: 0, completed: 0, busyMs: [0, 0] });
    const maps = [1, 2, 3].map(() => pool.map('logAccumulate', xs, ENDLESS));
    const during = pool.stats();
    assert.equal(during.queued + during.running, 3);
    await pool.terminate();
    for (const running of maps) await assert.rejects(running, { name: 'AbortError' });

    const busy = new Pool({ threads: 2 });
    await busy.map('square', [1, 2, 3]); // inline: counted, no thread time
    await Promise.all([1, 2, 3, 4].map(() => busy.map('logSum', xs, { iterations: 200_000 })));
    const after = busy.stats();
    assert.equal(after.completed, 5);
    assert.equal(after.queued + after.running, 0);
    assert.equal(after.busyMs.length, 2);
    assert.ok(
      after.busyMs.every((ms) => ms > 0),
      `both threads ran steps: ${after.busyMs}`,
    );
    await busy.close();
  });
});
