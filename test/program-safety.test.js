'use strict';
// Compiled functions through the public API: their programs cannot be
// forged or changed, and a compiled loop, however long, shares the pool's
// threads with other maps and stops when asked. The time bounds are
// generous: a broken design misses them by seconds or for ever.
const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const { Pool, compile, CompiledKernel } = require('..');
const { assertSameBits } = require('./reference');

const pools = [];
after(() => Promise.all(pools.map((pool) => pool.terminate())));
function pool(threads) {
  const made = new Pool({ threads });
  pools.push(made);
  return made;
}

const double = (x) => x * 2;
// Endless with params { n: Infinity }: a counted loop whose body repeats in
// the interpreter's tight loop, and a masked while loop of the lanes.
const counted = (x, p) => {
  let s = 0;
  for (let i = 0; i < p.n; i++) s += Math.log(x + i);
  return s;
};
const masked = (x, p) => {
  let y = x;
  let k = 0;
  while (k < p.n) {
    if (y > 1e6) y = y / 3;
    y = y * 1.5 + 1;
    k = k + 1;
  }
  return y;
};

describe('a compiled program cannot be forged or changed', () => {
  it('refuses to construct a CompiledKernel but through compile()', () => {
    const program = { code: Int32Array.of(0, 1, 0, 0, 0), constants: [], registers: 2, masks: 1, params: [] };
    assert.throws(() => new CompiledKernel(program), TypeError);
    assert.throws(() => new (compile(double).constructor)(program), TypeError);
    assert.throws(() => new CompiledKernel(Symbol('numpool compile()'), program), TypeError);
  });

  it('rejects a look-alike kernel with a TypeError naming the argument', async () => {
    const fake = Object.create(CompiledKernel.prototype);
    await assert.rejects(pool(1).map(fake, [1, 2]), { name: 'TypeError', message: /^kernel must be/ });
  });

  it('hands out nothing of its program, and nothing of it can be changed', async () => {
    const kernel = compile(double);
    // Its params, its input count and its source text (which numpool/distributed sends to workers) only.
    assert.deepEqual(Object.keys(kernel), ['params', 'inputs', 'source']);
    assert.equal(kernel.program, undefined);
    assert.ok(Object.isFrozen(kernel));
    assert.ok(Object.isFrozen(kernel.params));
    assert.throws(() => {
      kernel.program = { code: new Int32Array(5) };
    }, TypeError);
    // compile() caches by source: the same kernel serves every later map.
    assert.equal(compile(double), kernel);
    assert.deepEqual([...(await pool(1).map(double, [1, 2.5]))], [2, 5]);
  });
});

describe('a compiled loop paused and resumed across many slices', () => {
  // Each runs for tens of slices, pausing mid-loop: the result must be
  // JavaScript's, bit for bit, on each way of running a loop.
  const slotted = (x, p) => {
    let s = x;
    for (let i = 0; i < p.n; i++) s = s * 1.0000001 + 0.5;
    return s;
  };
  const input = Array.from({ length: 64 * 3 + 5 }, (_, i) => i / 7 - 3);
  for (const [fn, n] of [
    [slotted, 300_000],
    [counted, 30_000],
    [masked, 30_000],
  ]) {
    it(`${fn.name} over ${n} iterations`, async () => {
      const params = { n };
      const expected = Float64Array.from(input, (x) => fn(x, params));
      for (const threads of [1, 2]) {
        assertSameBits(await pool(threads).map(fn, input, { params }), expected, `${threads} threads`);
      }
    });
  }
});

describe('a compiled loop shares the threads', () => {
  it('lets a short map finish in about its own time beside an endless compiled loop', {
    timeout: 120_000,
  }, async () => {
    const threads = pool(2);
    const input = Array.from({ length: 64 }, (_, i) => i + 0.5);
    const params = { n: 4000 };
    const expected = Float64Array.from(input, (x) => counted(x, params));
    // Best of 3, alone and beside: one scheduling hiccup of a loaded machine
    // is not the design's.
    const bestOfThree = async () => {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const out = await threads.map(counted, input, { params });
        best = Math.min(best, performance.now() - started);
        assertSameBits(out, expected, 'short map');
      }
      return best;
    };
    const alone = await bestOfThree();
    for (const endless of [counted, masked]) {
      const controller = new AbortController();
      // More chunks than the short map, on every thread.
      const running = threads.map(
        endless,
        Array.from({ length: 64 * 16 }, (_, i) => i + 1),
        { params: { n: Number.POSITIVE_INFINITY }, signal: controller.signal },
      );
      const beside = await bestOfThree();
      controller.abort();
      await assert.rejects(running, { name: 'AbortError' });
      assert.ok(
        beside < 5 * alone + 100,
        `the short map took ${beside.toFixed(0)} ms beside ${endless.name}, ${alone.toFixed(0)} ms alone`,
      );
    }
  });

  it('stops an endless compiled loop on terminate(), joining its threads within 5 s', {
    timeout: 60_000,
  }, async () => {
    for (const endless of [counted, masked]) {
      const threads = pool(2);
      const running = threads.map(endless, [1, 2, 3], { params: { n: Number.POSITIVE_INFINITY } });
      // Its first slices are running: the pool reports it started.
      while (threads.stats().running === 0) await new Promise((resolve) => setImmediate(resolve));
      const started = performance.now();
      await threads.terminate();
      assert.ok(performance.now() - started < 5000, `terminate() took ${performance.now() - started} ms`);
      await assert.rejects(running, { name: 'AbortError' });
    }
  });
});
