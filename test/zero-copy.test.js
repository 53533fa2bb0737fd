'use strict';
// The zero-copy paths and the buffer cache: each path's result is exact, the
// caller's buffers end in the state the README promises (unchanged, shared,
// detached), and transfer or resize of any buffer mid-map never reaches the
// workers: the map completes from what it holds, or rejects clearly.
const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { Pool } = require('..');
const { referenceMap, assertSameBits } = require('./reference');

const pool = new Pool({ threads: 2 });
after(() => pool.close());

// Large enough for numpool's own (cached) blocks, and to be on the threads.
const N = 300_000;
const values = Float64Array.from({ length: N }, (_, i) => (i % 1000) + 0.5);
// A map on the threads for a few milliseconds, over exactly one large block.
const SLOW = { iterations: 20 };
const M = 2 ** 17;
const square = referenceMap('square', values, {});
const slow = referenceMap('logSum', values.subarray(0, M), SLOW);
const sharedCopy = (from) => {
  const view = new Float64Array(new SharedArrayBuffer(from.byteLength));
  view.set(from);
  return view;
};
const transferAway = (view) => structuredClone(view.buffer, { transfer: [view.buffer] });
/** numpool's own (external) memory: Node 20-24 copy it on a structuredClone transfer, Node 26 refuses. */
const tryTransferAway = (view) => {
  try {
    transferAway(view);
  } catch (error) {
    assert.equal(error.name, 'DataCloneError');
  }
};

describe('each path: exact results, and the caller buffers after', () => {
  it('default: a plain Float64Array is left unchanged and the result is new', async () => {
    const input = Float64Array.from(values);
    const result = await pool.map('square', input);
    assertSameBits(result, square);
    assertSameBits(input, values, 'input unchanged');
    assert.notEqual(result.buffer, input.buffer);
  });

  it('copies larger than the last-level cache (streamed stores) are exact at any alignment', async () => {
    // Above 32 MiB, and odd; both views start 8 bytes into their buffers.
    const n = 5_000_001;
    const input = Float64Array.from({ length: n + 1 }, (_, i) => (i % 1000) + 0.25).subarray(1);
    const expected = referenceMap('square', input, {});
    assertSameBits(await pool.map('square', input), expected, 'the input copied in');
    const outBacking = new Float64Array(n + 2);
    const out = outBacking.subarray(1, n + 1);
    assert.equal(await pool.map('square', input, { out }), out);
    assertSameBits(out, expected, 'the result copied out');
    assert.deepEqual([outBacking[0], outBacking[n + 1]], [0, 0], 'nothing written outside out');
  });

  it('SharedArrayBuffer input is read in place; SharedArrayBuffer out is written in place', async () => {
    const input = sharedCopy(values);
    const out = new Float64Array(new SharedArrayBuffer(N * 8));
    const result = await pool.map('square', input, { out });
    assert.equal(result, out, 'resolves to out itself');
    assertSameBits(out, square);
    assertSameBits(input, values, 'input unchanged');
    assertSameBits(await pool.map('square', input), square, 'a SharedArrayBuffer input without out');
  });

  it('transfer: the caller view is detached at once; the result is exact', async () => {
    const input = Float64Array.from(values);
    const running = pool.map('square', input, { transfer: true });
    assert.equal(input.length, 0, 'detached before map() returns');
    assert.equal(input.buffer.byteLength, 0);
    assertSameBits(await running, square);
  });

  it('a result of an earlier map, handed back with transfer or as out, is used in place', async () => {
    const first = await pool.map('square', values);
    const second = await pool.map((x) => x + 1, first, { transfer: true });
    assert.equal(first.length, 0, 'the earlier result is detached');
    assertSameBits(
      second,
      square.map((x) => x + 1),
    );
    const out = await pool.map('square', values);
    const again = await pool.map((x) => -x, values, { out });
    assert.equal(again, out);
    assertSameBits(
      out,
      values.map((x) => -x),
    );
  });

  it('transfer is refused, before anything runs, for what cannot be handed over', async () => {
    await assert.rejects(
      pool.map('square', [1, 2], { transfer: true }),
      /options\.transfer needs input to be a Float64Array/,
    );
    await assert.rejects(
      pool.map('square', sharedCopy(values), { transfer: true }),
      /SharedArrayBuffer cannot be transferred/,
    );
    await assert.rejects(pool.map('square', values, { transfer: 1 }), TypeError);
  });
});

describe('buffers transferred or resized mid-map', () => {
  const opts = (extra) => ({ ...SLOW, ...extra });
  const slowInput = () => Float64Array.from(values.subarray(0, M));

  it('input (plain, resizable, an earlier result) transferred or shrunk: the map reads it as it was', async () => {
    const plain = slowInput();
    const rab = new ArrayBuffer(M * 8, { maxByteLength: M * 8 });
    const resizable = new Float64Array(rab);
    resizable.set(plain);
    const own = await pool.map((x) => x, slowInput());
    const maps = [plain, resizable, own].map((input) => pool.map('logSum', input, opts({})));
    transferAway(plain);
    rab.resize(0);
    tryTransferAway(own);
    for (const result of await Promise.all(maps)) assertSameBits(result, slow);
  });

  it('out (plain, resizable, an earlier result) transferred or shrunk: a TypeError, and the pool goes on', async () => {
    const plain = new Float64Array(M);
    const rab = new ArrayBuffer(M * 8, { maxByteLength: M * 8 });
    const own = await pool.map('square', slowInput());
    const maps = [plain, new Float64Array(rab), own].map((out) =>
      pool.map('logSum', slowInput(), opts({ out })),
    );
    transferAway(plain);
    rab.resize(8);
    tryTransferAway(own);
    const [plainOut, resizableOut, ownOut] = await Promise.allSettled(maps);
    for (const result of [plainOut, resizableOut]) {
      assert.equal(result.status, 'rejected');
      assert.ok(result.reason instanceof TypeError);
      assert.match(result.reason.message, /options\.out was detached or resized/);
    }
    // numpool's own memory stays attached (copied or refused): the map wrote
    // it in place, exactly.
    assert.equal(own.length, M);
    assert.equal(ownOut.value, own);
    assertSameBits(own, slow);
    assertSameBits(await pool.map('logSum', slowInput(), SLOW), slow);
  });

  it('a SharedArrayBuffer cannot be transferred mid-map; growing it leaves the map exact', async () => {
    const sab = new SharedArrayBuffer(M * 8, { maxByteLength: 2 * M * 8 });
    const input = new Float64Array(sab, 0, M);
    input.set(slowInput());
    const running = pool.map('logSum', input, SLOW);
    assert.throws(() => structuredClone(sab, { transfer: [sab] }));
    sab.grow(2 * M * 8);
    assertSameBits(await running, slow);
  });
});

describe('the buffer cache', () => {
  it('recycles large blocks, keeps at most its bound, and frees them on close (RSS back)', () => {
    const code = `const { Pool } = require('.'); const { native } = require('./dist/native');
      const rss = () => process.memoryUsage().rss;
      (async () => {
        const pool = new Pool({ threads: 2 });
        const xs = new Float64Array(1e7).fill(3);
        await pool.map('square', xs); globalThis.gc();
        const before = rss();
        let peak = 0;
        for (let i = 0; i < 12; i++) {
          await pool.map('square', xs);
          globalThis.gc();
          await new Promise(setImmediate);
          peak = Math.max(peak, native.cachedBytes());
        }
        const cached = native.cachedBytes();
        await pool.close();
        globalThis.gc();
        console.log(JSON.stringify({ peak, cached, after: native.cachedBytes(), grew: rss() - before }));
      })();`;
    const { peak, cached, after, grew } = JSON.parse(
      execFileSync(process.execPath, ['--expose-gc', '-e', code], {
        cwd: path.join(__dirname, '..'),
        encoding: 'utf8',
        timeout: 120_000,
      }),
    );
    assert.ok(cached > 0, 'blocks of finished maps are kept for the next');
    assert.ok(peak <= 512 * 2 ** 20, `bounded: ${peak} bytes at most`);
    assert.equal(after, 0, 'freed on close');
    assert.ok(grew < 32 * 2 ** 20, `RSS back after close (grew ${grew} bytes)`);
  });
});
