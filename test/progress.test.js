'use strict';
// onProgress(done, total): monotonic, spaced by the interval, ending exactly
// once at total; aborting or throwing mid-progress ends it.
const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const { Pool } = require('..');
const { referenceMap, assertSameBits } = require('./reference');

const pool = new Pool({ threads: 2 });
after(() => pool.close());
const xs = Float64Array.from({ length: 4096 }, (_, i) => i + 1);
// A few hundred milliseconds on two threads: several progress reports.
const LONG = { iterations: 30_000 };
// 50 ms between reports, less the timer's own slack.
const MIN_GAP_MS = 40;

describe('onProgress', () => {
  it('rises monotonically, at most every 50 ms, and ends once at total with the exact result', async () => {
    const calls = [];
    const result = await pool.map('logSum', xs, {
      ...LONG,
      onProgress: (done, total) => calls.push({ done, total, at: performance.now() }),
    });
    assertSameBits(result, referenceMap('logSum', xs, LONG));
    assert.ok(calls.length >= 2, `${calls.length} reports`);
    for (const { total } of calls) assert.equal(total, xs.length);
    for (let i = 1; i < calls.length; i++) {
      assert.ok(calls[i].done > calls[i - 1].done, 'strictly rising');
      if (i < calls.length - 1)
        assert.ok(calls[i].at - calls[i - 1].at >= MIN_GAP_MS, 'spaced by the interval');
    }
    assert.equal(calls.at(-1).done, xs.length, 'ends at total');
    assert.equal(calls.filter((c) => c.done === xs.length).length, 1, 'once at the end');
  });

  it('is called once for a map that runs inline', async () => {
    const calls = [];
    await pool.map('square', [1, 2, 3], { onProgress: (done, total) => calls.push([done, total]) });
    assert.deepEqual(calls, [[3, 3]]);
  });

  it('stops when the map is aborted mid-progress', async () => {
    const controller = new AbortController();
    const calls = [];
    const running = pool.map('logSum', xs, {
      iterations: 2 ** 53 - 1,
      signal: controller.signal,
      onProgress: (done) => {
        calls.push(done);
        controller.abort();
      },
    });
    await assert.rejects(running, { name: 'AbortError' });
    const seen = calls.length;
    assert.equal(seen, 1, 'the abort came from the first report');
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.equal(calls.length, seen, 'no report after the map settled');
    assert.equal(pool.stats().running + pool.stats().queued, 0);
  });

  it('a throw from it cancels the map, which rejects with that error', async () => {
    const thrown = new Error('enough');
    await assert.rejects(
      pool.map('logSum', xs, {
        iterations: 2 ** 53 - 1,
        onProgress: () => {
          throw thrown;
        },
      }),
      (error) => error === thrown,
    );
  });

  it('must be a function', async () => {
    await assert.rejects(pool.map('square', xs, { onProgress: 1 }), /options\.onProgress must be a function/);
  });
});
