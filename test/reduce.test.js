'use strict';
// pool.reduce: the sum is the exact sum rounded once (checked against BigInt
// arithmetic, test/exact-sum.js, itself checked against Python's math.fsum),
// with the same bits on every thread count, inline or on the threads; min
// and max are Math.min's and Math.max's; built-in kernels reduce their
// mapped values; cancellation, progress and errors behave as for maps.
const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { Pool, compile, liveNativeMaps, reduce } = require('..');
const { randomDoubles, anyDouble, EDGE_INPUTS, referenceMap } = require('./reference');
const { exactSum } = require('./exact-sum');

const pools = [1, 2, 3].map((threads) => new Pool({ threads }));
after(() => Promise.all(pools.map((pool) => pool.close())));

const identity = compile((x) => x);

function sameBits(actual, expected, context) {
  assert.ok(Object.is(actual, expected), `${context}: got ${actual}, expected ${expected}`);
}

/** reduce(fn, input, op) on every pool gives `expected`, bit for bit. */
async function checkEveryPool(fn, input, options, expected, context) {
  for (const pool of pools) {
    sameBits(await pool.reduce(fn, input, options), expected, `${context} on ${pool.threads} threads`);
  }
}

/** Doubles of every exponent, both signs: sums that cancel to almost nothing. */
function wideDouble(next) {
  const bits = next();
  const exponent = Number(bits % 2045n) - 1074;
  const significand = Number((bits >> 11n) % (1n << 52n));
  return (bits >> 63n ? -1 : 1) * significand * 2 ** exponent;
}

/** Finite, in both signs, over every exponent and the subnormals. */
function finiteDouble(next) {
  const x = anyDouble(next);
  return Number.isFinite(x) ? x : 0;
}

// Hostile sums: each is a case where adding left to right loses everything.
const HOSTILE = {
  'huge cancellation': [1e300, 1, -1e300, 2 ** -1074, 1e-300, -1],
  'intermediate overflow': [1e308, 1e308, -1e308, -1e308, 1],
  'overflow past the largest double': [Number.MAX_VALUE, 1e292],
  'just below overflow': [Number.MAX_VALUE, 2 ** 969],
  'a tie to even': [2 ** 53, 1],
  'a tie broken by a tiny value': [2 ** 53, 1, 2 ** -1074],
  subnormals: [Number.MIN_VALUE, 2.225073858507201e-308, -1e-310, 3 * Number.MIN_VALUE],
  'only negative zeros': [-0, -0, -0],
  'negative and positive zeros': [-0, 0, -0],
  'zero from cancellation': [1.5, -1.5],
  'opposite infinities': [Number.POSITIVE_INFINITY, 1, Number.NEGATIVE_INFINITY],
  'an infinity': [1e308, Number.NEGATIVE_INFINITY, 1e308],
  'a NaN': [1, Number.NaN, 2],
  'edge inputs': EDGE_INPUTS.filter((x) => !Number.isNaN(x) && Number.isFinite(x)),
  'wide exponents': [...randomDoubles(5000, 31, wideDouble)],
  'any finite bits': [...randomDoubles(5000, 32, finiteDouble)],
};

describe('reduce sum: exact, rounded once', () => {
  it('the BigInt reference agrees with Python math.fsum', () => {
    // fsum raises on intermediate overflow, and gives +0 for a sum of -0s.
    const sets = Object.values(HOSTILE)
      .map((values) => values.filter((x) => Math.abs(x) < 1e300))
      .filter((values) => exactSum(values) !== 0);
    assert.ok(sets.length >= 10);
    const python = spawnSync(
      'python3',
      ['-c', 'import json, math, sys\nfor v in json.load(sys.stdin): print(repr(math.fsum(v)))'],
      { input: JSON.stringify(sets), encoding: 'utf8' },
    );
    assert.equal(python.status, 0, python.stderr);
    const lines = python.stdout.trim().split('\n');
    sets.forEach((values, i) => {
      const expected = exactSum(values);
      const fsum = Number(lines[i]);
      sameBits(fsum, expected, `set ${i}`);
    });
  });

  for (const [name, values] of Object.entries(HOSTILE)) {
    it(name, () => checkEveryPool(identity, values, { op: 'sum' }, exactSum(values), name));
  }

  it('differs from a left-to-right += loop where that loop loses bits', () => {
    const values = HOSTILE['intermediate overflow'];
    assert.equal(
      values.reduce((a, b) => a + b, 0),
      Number.POSITIVE_INFINITY,
    );
    assert.equal(exactSum(values), 1);
  });

  it('the same bits on 1-3 threads, inline or not, for 300,000 values of every exponent', async () => {
    const values = randomDoubles(300_000, 33, wideDouble);
    const expected = exactSum(values);
    await checkEveryPool(identity, values, { op: 'sum' }, expected, 'wide');
    // A tenth of them runs inline on the calling thread.
    const few = values.subarray(0, 300);
    await checkEveryPool(identity, few, { op: 'sum' }, exactSum(few), 'inline');
  });

  it('sums a function of the values, with params', async () => {
    const xs = randomDoubles(20_000, 34, (next) => Number(next() % 1000000n) / 997);
    const fn = (x, p) => Math.log(x + p.k) * x - 3;
    const expected = exactSum(Array.from(xs, (x) => fn(x, { k: 1 })));
    await checkEveryPool(fn, xs, { op: 'sum', params: { k: 1 } }, expected, 'log');
  });

  it('a function whose loop pauses mid-block still folds every value once', async () => {
    // Blocks of 64 long elements outlast a slice: the instruction budget ends
    // slices mid-block, and the chunk goes on on whichever worker is free.
    const fn = (x) => {
      let s = 0;
      for (let i = 0; i < 20000; i++) s += Math.sqrt(x + i);
      return s;
    };
    const xs = randomDoubles(1000, 35, (next) => Number(next() % 1000n));
    const expected = exactSum(Array.from(xs, (x) => fn(x)));
    await checkEveryPool(fn, xs, { op: 'sum' }, expected, 'loop');
  });

  it('empty input: sum 0, min Infinity, max -Infinity', async () => {
    for (const pool of pools) {
      sameBits(await pool.reduce(identity, [], { op: 'sum' }), 0, 'sum');
      sameBits(await pool.reduce(identity, [], { op: 'min' }), Number.POSITIVE_INFINITY, 'min');
      sameBits(await pool.reduce(identity, [], { op: 'max' }), Number.NEGATIVE_INFINITY, 'max');
      sameBits(await pool.reduce('square', new Float64Array(0), { op: 'sum' }), 0, 'square');
    }
  });
});

describe('reduce min and max: as Math.min and Math.max', () => {
  const sets = {
    zeros: [0, -0, 0],
    'positive zeros': [0, 0],
    'a NaN': [3, Number.NaN, -1e308],
    infinities: [Number.NEGATIVE_INFINITY, 1, Number.POSITIVE_INFINITY],
    'any bits': [...randomDoubles(200_000, 36, anyDouble)].filter((x) => !Number.isNaN(x)),
    'any bits with NaNs': [...randomDoubles(200_000, 37, anyDouble)],
  };
  for (const [name, values] of Object.entries(sets)) {
    it(name, async () => {
      await checkEveryPool(
        identity,
        values,
        { op: 'min' },
        values.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY),
        `${name} min`,
      );
      await checkEveryPool(
        identity,
        values,
        { op: 'max' },
        values.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY),
        `${name} max`,
      );
    });
  }
});

describe('reduce of built-in kernels: the op over the kernel mapped values', () => {
  const xs = Float64Array.from({ length: 100_000 }, (_, i) => (i - 50_000) / 7);

  it('square, sum, min and max', async () => {
    const squares = referenceMap('square', xs, {});
    await checkEveryPool('square', xs, { op: 'sum' }, exactSum(squares), 'sum');
    await checkEveryPool(
      'square',
      xs,
      { op: 'max' },
      squares.reduce((a, b) => Math.max(a, b)),
      'max',
    );
    await checkEveryPool(
      'square',
      xs,
      { op: 'min' },
      squares.reduce((a, b) => Math.min(a, b)),
      'min',
    );
  });

  it('logSum with long elements, whose chunks end over several slices', async () => {
    const few = Float64Array.from({ length: 37 }, (_, i) => i + 0.5);
    const options = { iterations: 20_000, step: 0.25 };
    const mapped = referenceMap('logSum', few, options);
    await checkEveryPool('logSum', few, { ...options, op: 'sum' }, exactSum(mapped), 'logSum');
    await checkEveryPool(
      'logAccumulate',
      few,
      { ...options, op: 'max' },
      Math.max(...referenceMap('logAccumulate', few, options)),
      'logAccumulate',
    );
  });

  it('the default reduce runs on the default pool', async () => {
    sameBits(
      await reduce('logSum', [1, 2, 3], { op: 'sum', iterations: 10 }),
      exactSum(referenceMap('logSum', [1, 2, 3], { iterations: 10 })),
      'default',
    );
  });
});

describe('reduce: signal, progress and errors', () => {
  it('an abort rejects with an AbortError and frees the map', async () => {
    const controller = new AbortController();
    const running = pools[1].reduce('logSum', new Float64Array(4096).fill(2), {
      op: 'sum',
      iterations: 100_000,
      signal: controller.signal,
    });
    controller.abort();
    await assert.rejects(running, { name: 'AbortError' });
    await pools[1].reduce('square', [1], { op: 'sum' });
    while (liveNativeMaps() > 0) await new Promise(setImmediate);
  });

  it('onProgress ends once at total with the result', async () => {
    const calls = [];
    const result = await pools[1].reduce('logSum', new Float64Array(4096).fill(2), {
      op: 'max',
      iterations: 3000,
      onProgress: (done, total) => calls.push([done, total]),
    });
    sameBits(result, referenceMap('logSum', [2], { iterations: 3000 })[0], 'max');
    assert.deepEqual(calls.at(-1), [4096, 4096]);
    assert.equal(calls.filter(([done]) => done === 4096).length, 1);
  });

  it('a missing or unknown op, and a map-only option, are errors naming the option', async () => {
    await assert.rejects(pools[0].reduce(identity, [1], {}), {
      name: 'TypeError',
      message: "options.op must be one of 'sum', 'min', 'max', got undefined",
    });
    await assert.rejects(pools[0].reduce('square', [1], { op: 'mean' }), {
      name: 'RangeError',
      message: "options.op must be one of 'sum', 'min', 'max', got a string (\"mean\")",
    });
    await assert.rejects(pools[0].reduce('square', [1], { op: 3 }), {
      name: 'TypeError',
      message: /options\.op/,
    });
    await assert.rejects(pools[0].reduce('square', [1], { op: 'sum', out: new Float64Array(1) }), {
      name: 'TypeError',
      message: /options\.out is not an option/,
    });
    await assert.rejects(
      pools[0].reduce((x) => x, [1], { op: 'sum', transfer: true }),
      {
        name: 'TypeError',
        message: /options\.transfer is not an option/,
      },
    );
    await assert.rejects(pools[0].reduce('square', ['1'], { op: 'sum' }), {
      name: 'TypeError',
      message: /input\[0\]/,
    });
  });
});

describe('the binding checks a reduction from direct callers', () => {
  it('refuses an op out of range, a non-number op and an out, and reduces otherwise', () => {
    const { native } = require('../dist/native');
    const pool = new native.NativePool(1);
    const input = Float64Array.from([1, 2, 3]);
    const square = native.kernels().findIndex((kernel) => kernel.name === 'square');
    const submit = (out, reduce) => pool.map({}, square, new Float64Array(0), input, out, false, reduce);
    try {
      assert.deepEqual(native.reduceOps, ['sum', 'min', 'max']);
      assert.throws(() => submit(undefined, 3), { name: 'RangeError', message: 'reduce out of range' });
      assert.throws(() => submit(undefined, 0.5), { name: 'RangeError', message: 'reduce out of range' });
      assert.throws(() => submit(undefined, 'sum'), /number/);
      assert.throws(() => submit(new Float64Array(3), 0), {
        name: 'TypeError',
        message: 'a reduction takes no out',
      });
      assert.equal(submit(undefined, 0), 14);
      assert.equal(submit(undefined, 2), 9);
    } finally {
      pool.stop();
    }
  });
});
