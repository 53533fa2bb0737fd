'use strict';
// Compiled functions of several inputs and of the element's index give
// exactly JavaScript's bits (Object.is) inline and on 1 to 3 threads, from
// number[], typed arrays and SharedArrayBuffers alike; every misuse is a
// TypeError or RangeError naming the argument. The Input and Index ops where
// JavaScript cannot reach (indices near 2^53, forged input operands) are
// checked by test/native/program_inputs.cc, built here against the addon's
// own objects.
const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Pool, compile, map } = require('..');
const { native } = require('../dist/native');
const { assertSameBits, randomDoubles, anyDouble, EDGE_INPUTS } = require('./reference');
const { spec, instruction } = require('./program-format');

const pools = [1, 2, 3].map((threads) => new Pool({ threads }));
after(() => Promise.all(pools.map((pool) => pool.close())));

/** Uniform doubles in [lo, hi) from a seed. */
function uniform(n, seed, lo, hi) {
  return randomDoubles(n, seed, (next) => lo + (Number(next() >> 11n) / 2 ** 53) * (hi - lo));
}

/** The JavaScript result of fn over the inputs element by element, with the index and params. */
function expected(fn, inputs, params, withIndex) {
  const n = inputs[0].length;
  return Float64Array.from({ length: n }, (_, i) => {
    const elements = inputs.map((input) => input[i]);
    return Number(withIndex ? fn(...elements, i, params) : fn(...elements, params));
  });
}

async function checkEveryPool(fn, inputs, { params, withIndex = false } = {}) {
  const want = expected(fn, inputs, params, withIndex);
  for (const pool of pools) {
    const got = await pool.map(fn, inputs, { params });
    assertSameBits(got, want, `${fn.name || fn} on ${pool.threads} threads`);
  }
  return want;
}

const R = Math.PI / 180;
function haversine(lat1, lon1, lat2, lon2, p) {
  const dlat = (lat2 - lat1) * R;
  const dlon = (lon2 - lon1) * R;
  const a = Math.sin(dlat / 2) ** 2 + Math.cos(lat1 * R) * Math.cos(lat2 * R) * Math.sin(dlon / 2) ** 2;
  return 2 * p.radius * Math.asin(Math.sqrt(a));
}
// R is a closure in JavaScript; the compiled function spells it out.
const haversineSource = new Function(`return ${haversine.toString().replaceAll(' R', ' (Math.PI / 180)')}`)();

/** A call price: a normal CDF from erf's Abramowitz-Stegun form (7.1.26), with exp, log and sqrt. */
function blackScholes(s, k, t, r, sigma) {
  const sd = sigma * Math.sqrt(t);
  const d1 = (Math.log(s / k) + (r + (sigma * sigma) / 2) * t) / sd;
  const d2 = d1 - sd;
  let z = d1 / Math.SQRT2;
  let sign = z < 0 ? -1 : 1;
  z = Math.abs(z);
  let u = 1 / (1 + 0.3275911 * z);
  let erf =
    1 -
    ((((1.061405429 * u - 1.453152027) * u + 1.421413741) * u - 0.284496736) * u + 0.254829592) *
      u *
      Math.exp(-z * z);
  const n1 = 0.5 * (1 + sign * erf);
  z = d2 / Math.SQRT2;
  sign = z < 0 ? -1 : 1;
  z = Math.abs(z);
  u = 1 / (1 + 0.3275911 * z);
  erf =
    1 -
    ((((1.061405429 * u - 1.453152027) * u + 1.421413741) * u - 0.284496736) * u + 0.254829592) *
      u *
      Math.exp(-z * z);
  const n2 = 0.5 * (1 + sign * erf);
  return s * n1 - k * Math.exp(-r * t) * n2;
}

describe('several inputs match JavaScript bit for bit', () => {
  const n = 5000;
  it('two inputs: number[] with a Float32Array, edge values included', async () => {
    const a = [...EDGE_INPUTS, ...randomDoubles(n, 1, anyDouble)];
    const b = new Float32Array(a.length).map((_, i) => (i % 7) - 3.25);
    await checkEveryPool((x, w, p) => x * w + p.bias, [a, b], { params: { bias: 0.5 } });
  });

  it('haversine of four inputs, typed arrays and a number[] mixed', async () => {
    const inputs = [
      uniform(n, 2, -90, 90),
      Array.from(uniform(n, 3, -180, 180)),
      new Float32Array(uniform(n, 4, -90, 90)),
      uniform(n, 5, -180, 180),
    ];
    const want = expected(haversine, inputs, { radius: 6371 }, false);
    for (const pool of pools) {
      assertSameBits(
        await pool.map(haversineSource, inputs, { params: { radius: 6371 } }),
        want,
        'haversine',
      );
    }
  });

  it('a Black-Scholes call price of five inputs', () =>
    checkEveryPool(blackScholes, [
      uniform(n, 6, 10, 200),
      uniform(n, 7, 10, 200),
      uniform(n, 8, 0.01, 5),
      new Int8Array(n).map((_, i) => i % 5).map((x) => x),
      uniform(n, 9, 0.05, 0.9),
    ]));

  it('large maps on the threads, with inputs on SharedArrayBuffers and in numpool memory', async () => {
    const size = 400_003;
    const shared = new Float64Array(new SharedArrayBuffer(size * 8));
    shared.set(uniform(size, 10, -5, 5));
    const plain = uniform(size, 11, 0, 3);
    const own = native.allocate(size);
    own.set(uniform(size, 12, 1, 2));
    const fn = (a, b, c, i) => (a * b) / c + i;
    const want = expected(fn, [shared, plain, own], undefined, true);
    for (const pool of pools) {
      const before = pool.stats().completed;
      assertSameBits(await pool.map(fn, [shared, plain, own]), want, `${pool.threads} threads`);
      assert.equal(pool.stats().completed, before + 1);
    }
    // The inputs are read, never written.
    assertSameBits(shared, Float64Array.from(uniform(size, 10, -5, 5)), 'shared input');
    assertSameBits(own, Float64Array.from(uniform(size, 12, 1, 2)), 'own input');
  });

  it('options.out on a SharedArrayBuffer, and a compiled kernel of two inputs', async () => {
    const weighted = compile((x, w, p) => x * w + p.bias, { inputs: 2 });
    assert.equal(weighted.inputs, 2);
    assert.deepEqual(weighted.params, ['bias']);
    const out = new Float64Array(new SharedArrayBuffer(8 * 3));
    const result = await map(weighted, [[1, 2, 3], new Uint8Array([4, 5, 6])], { params: { bias: 1 }, out });
    assert.equal(result, out);
    assert.deepEqual([...out], [5, 11, 19]);
  });

  it('one input given as a list of one, and sixteen inputs', async () => {
    assert.deepEqual([...(await map((x) => x + 1, [[1, 2]]))], [2, 3]);
    const inputs = Array.from({ length: 16 }, (_, k) => [k, k + 0.5]);
    const names = inputs.map((_, k) => `a${k}`);
    const sum = new Function(...names, `return ${names.join(' + ')};`);
    await checkEveryPool(sum, inputs);
  });
});

describe('several inputs and the index on every SIMD path', () => {
  // The environment's path switched in place; the default (the widest) is
  // restored after.
  const paths = native.simdPaths();
  after(() => native.useSimd(paths[paths.length - 1]));
  const inputs = [
    uniform(700, 40, -90, 90),
    uniform(700, 41, -180, 180),
    uniform(700, 42, -90, 90),
    uniform(700, 43, -180, 180),
  ];
  // Vector and lane-wise Math ports over four inputs, and the index.
  const fn = (a, b, c, d, i, p) =>
    Math.sin(a * p.k) * Math.cos(b) + Math.exp(c / 100) - Math.log(Math.abs(d) + 1) + Math.atan2(a, i);
  const want = expected(fn, inputs, { k: 0.5 }, true);
  for (const path of paths) {
    it(path, async () => {
      native.useSimd(path);
      for (const pool of pools)
        assertSameBits(await pool.map(fn, inputs, { params: { k: 0.5 } }), want, path);
    });
  }
});

describe('the index, as Array.prototype.map passes it', () => {
  const xs = [...EDGE_INPUTS, ...randomDoubles(3000, 20, anyDouble)];
  it('(x, i) => x * i + 1', () => checkEveryPool((x, i) => x * i + 1, [xs], { withIndex: true }));
  it('matches xs.map on a number[]', async () => {
    const fn = (x, i) => (i % 3 === 0 ? x : -i);
    assertSameBits(await map(fn, xs), Float64Array.from(xs.map(fn)), 'xs.map');
  });
  it('(x, i, p): the index and the params', () =>
    checkEveryPool((x, i, p) => x * p.k - i, [xs], { params: { k: 3 }, withIndex: true }));
  it('(a, b, i) over two inputs', () =>
    checkEveryPool((a, b, i) => a - b * i, [xs, xs.map((x) => x / 2)], { withIndex: true }));
  it('an index used in a loop, on the threads', async () => {
    const fn = (x, i) => {
      let s = x;
      for (let j = 0; j < 3; j++) s = s + i * j;
      return s;
    };
    const big = uniform(300_000, 21, 0, 1);
    for (const pool of pools) assertSameBits(await pool.map(fn, big), Float64Array.from(big, fn), 'loop');
  });
  it('(x, p) read as p.k is still the params', async () => {
    assert.deepEqual([...(await map((x, p) => x * p.k, [1, 2], { params: { k: 4 } }))], [4, 8]);
  });
});

describe('misuse of several inputs and the index', () => {
  const a = [1, 2, 3];
  const holey = [1, 2, 3];
  delete holey[1];
  const cases = [
    [
      'unequal lengths',
      () => map((x, y) => x + y, [a, [1, 2]]),
      RangeError,
      /input\[1\] has 2 elements, input\[0\] 3/,
    ],
    [
      'a non-array element',
      () => map((x, y) => x + y, [a, 'abc']),
      TypeError,
      /input\[1\] must be an array of numbers or a numeric typed array/,
    ],
    [
      'a number in the list',
      () => map((x, y) => x + y, [a, 3]),
      TypeError,
      /input\[1\] must be .*got number 3/,
    ],
    [
      'a BigInt typed array',
      () => map((x, y) => x + y, [a, new BigInt64Array(3)]),
      TypeError,
      /input\[1\] must hold numbers/,
    ],
    [
      'a hole in an input',
      () => map((x, y) => x + y, [a, holey]),
      TypeError,
      /input\[1\]\[1\] must be a number, got a hole/,
    ],
    [
      'fewer parameters than inputs',
      () => map((x) => x, [a, a]),
      TypeError,
      /a function of 1 parameters for 2 inputs/,
    ],
    [
      'more parameters than inputs, index and params',
      () => map((x, y, i, p, q) => x + y + i + p.k + q, [a, a]),
      TypeError,
      /a function of 5 parameters for 2 inputs/,
    ],
    [
      'more than 16 inputs',
      () =>
        map(
          (x) => x,
          Array.from({ length: 17 }, () => a),
        ),
      RangeError,
      /input must be a list of 1 to 16 inputs, got 17/,
    ],
    [
      'a built-in kernel given several',
      () => map('square', [a, a]),
      TypeError,
      /input must be one input for the built-in kernel square, got a list of 2/,
    ],
    [
      'the trailing parameter read both ways',
      () => map((x, p) => x + p + p.k, a, { params: { k: 1 } }),
      TypeError,
      /p is read both as a number \(the index\) and as p\.k .*take both, as \(x, i, p\)/,
    ],
    [
      'a kernel of one input given two',
      () =>
        map(
          compile((x) => x),
          [a, a],
        ),
      RangeError,
      /input must hold 1 input, as the kernel was compiled for .*got a list of 2/,
    ],
    [
      'a kernel of two inputs given one',
      () =>
        map(
          compile((x, y) => x + y, { inputs: 2 }),
          a,
        ),
      RangeError,
      /input must hold 2 inputs, .*got a single input/,
    ],
    [
      'transfer with several',
      () => map((x, y) => x + y, [new Float64Array(3), new Float64Array(3)], { transfer: true }),
      TypeError,
      /options\.transfer needs input to be a Float64Array/,
    ],
    [
      'out of another length',
      () => map((x, y) => x + y, [a, a], { out: new Float64Array(2) }),
      RangeError,
      /options\.out must have the input's length \(3\)/,
    ],
    [
      'a params field missing',
      () => map((x, y, p) => x + y + p.k, [a, a]),
      TypeError,
      /options\.params\.k must be a number/,
    ],
    [
      'a throwing element getter',
      () => {
        const list = [a, a];
        Object.defineProperty(list, 1, {
          get() {
            throw new Error('boom');
          },
        });
        return map((x, y) => x + y, list);
      },
      TypeError,
      /input cannot be read: reading it threw/,
    ],
  ];
  for (const [name, call, type, message] of cases) {
    it(`${name}: ${type.name}`, async () => {
      await assert.rejects(call(), (error) => error instanceof type && message.test(error.message));
    });
  }
  it('compile() options.inputs', () => {
    assert.throws(
      () => compile((x) => x, { inputs: 0 }),
      /options\.inputs must be an integer from 1 to 16, got number 0/,
    );
    assert.throws(() => compile((x) => x, { inputs: 17 }), RangeError);
    assert.throws(() => compile((x) => x, { inputs: '2' }), /options\.inputs must be a number/);
    assert.throws(() => compile((x) => x, { inputs: 2 }), /a function of 1 parameters for 2 inputs/);
    // A sloppy function may repeat a name (the last one wins): numpool refuses it.
    assert.throws(() => compile(new Function('x', 'x', 'return x;')), /a parameter name given twice/);
  });
  it('a number[] is one input and [] is an empty one', async () => {
    assert.deepEqual([...(await map((x, i) => x + i, [5, 5]))], [5, 6]);
    assert.equal((await map((x) => x, [])).length, 0);
  });
});

describe('the binding checks input operands against the map', () => {
  const pool = new native.NativePool(1);
  after(() => pool.stop());
  const owner = {};
  const program = (k) => Int32Array.from([...instruction('Input', spec.resultRegister, k)]);
  it('refuses a program that reads input 7 of 2 with a RangeError', () => {
    const inputs = [new Float64Array(4), new Float64Array(4)];
    assert.throws(
      () => pool.mapProgram(owner, program(7), new Float64Array(0), 2, 1, 1, inputs, undefined, false),
      (error) =>
        error instanceof RangeError && /invalid program: operand out of range at 0/.test(error.message),
    );
    const ok = pool.mapProgram(
      owner,
      program(1),
      new Float64Array(0),
      2,
      1,
      1,
      [inputs[0], Float64Array.of(1, 2, 3, 4)],
      undefined,
      false,
    );
    assert.deepEqual([...ok], [1, 2, 3, 4]);
  });
  it('refuses bad lists of inputs', () => {
    const call = (inputs, transfer = false) =>
      pool.mapProgram(owner, program(0), new Float64Array(0), 2, 1, 1, inputs, undefined, transfer);
    assert.throws(() => call([]), RangeError);
    assert.throws(() => call(Array.from({ length: 17 }, () => new Float64Array(1))), RangeError);
    assert.throws(() => call([new Float64Array(2), new Float64Array(3)]), /inputs differ in length/);
    assert.throws(() => call([new Float64Array(2), [1, 2]]), /input must be a Float64Array/);
    assert.throws(() => call([new Float64Array(2), new Float64Array(2)], true), TypeError);
    assert.throws(
      () =>
        pool.map(owner, 0, new Float64Array(0), [new Float64Array(2), new Float64Array(2)], undefined, false),
      /a built-in kernel maps one input/,
    );
  });
});

describe('Input and Index in native code (test/native/program_inputs.cc)', () => {
  // The addon's own objects, as node-gyp built them: absent when the addon
  // under test is a prebuild (NUMPOOL_ADDON), whose suite runs elsewhere too.
  const objects = path.join(__dirname, '..', 'build', 'Release', 'obj.target', 'numpool', 'native');
  const linked = ['program/interpreter.o', 'simd_dispatch.o', 'kernels/fma_math.o'].map((f) =>
    path.join(objects, f),
  );
  const skip = process.env.NUMPOOL_ADDON !== undefined || !linked.every((f) => fs.existsSync(f));
  it('indices up to 2^53 - 1 exactly, inputs by operand, on every SIMD path', { skip }, () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'numpool-inputs-'));
    try {
      const binary = path.join(work, 'program_inputs');
      const source = path.join(__dirname, 'native', 'program_inputs.cc');
      execFileSync(
        process.env.CXX || 'g++',
        ['-std=c++20', '-O2', '-Wall', '-Wextra', '-Werror', '-Wno-psabi', source, ...linked, '-o', binary],
        { stdio: 'inherit' },
      );
      assert.equal(execFileSync(binary, { encoding: 'utf8' }).trim(), 'ok');
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
