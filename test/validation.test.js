'use strict';
// Every bad argument is a TypeError or RangeError that names it (and the
// index, for a bad element), delivered as a rejected Promise.
const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const { Pool, map } = require('..');

const pool = new Pool({ threads: 2 });
after(() => pool.close());

function rejectsWith(promise, type, pattern) {
  return assert.rejects(promise, (error) => {
    assert.equal(error.constructor, type, `${error.constructor.name}: ${error.message}`);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('input', () => {
  const sparse = [1, 2, 3];
  delete sparse[1];
  const cases = [
    [['a'], /input\[0\] must be a number, got a string/],
    [[1, 2, null], /input\[2\] must be a number, got null/],
    [[1, undefined], /input\[1\] must be a number, got undefined/],
    [sparse, /input\[1\] must be a number, got a hole/],
    [[1, 2n], /input\[1\] must be a number, got bigint 2n/],
    [[{}], /input\[0\] must be a number, got an object/],
    [[Symbol('x')], /input\[0\] must be a number, got a symbol/],
    ['123', /input must be an array of numbers or a numeric typed array, got a string/],
    [null, /input must be .*, got null/],
    [undefined, /input must be .*, got undefined/],
    [42, /input must be .*, got number 42/],
    [{ length: 2, 0: 1, 1: 2 }, /input must be .*, got an object/],
    [new DataView(new ArrayBuffer(8)), /input must be .*, got an object/],
    [new BigInt64Array(2), /input must hold numbers, not BigInts/],
    [new BigUint64Array(2), /input must hold numbers, not BigInts/],
  ];
  for (const [input, pattern] of cases) {
    it(`rejects ${pattern}`, () => rejectsWith(pool.map('square', input), TypeError, pattern));
  }

  it('rejects a typed array whose buffer was detached', () => {
    const input = new Float64Array(4);
    structuredClone(input.buffer, { transfer: [input.buffer] });
    return rejectsWith(pool.map('square', input), TypeError, /input cannot be read: its buffer is detached/);
  });

  it('accepts NaN and infinities as numbers', async () => {
    const out = await pool.map('square', [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    assert.deepEqual([...out], [Number.NaN, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]);
  });
});

describe('kernel and options', () => {
  it('rejects a kernel that is not a string, or unknown', async () => {
    await rejectsWith(
      pool.map(7, [1]),
      TypeError,
      /kernel must be a kernel name \(string\), a function or a compiled kernel, got number 7/,
    );
    await rejectsWith(
      pool.map('cube', [1]),
      RangeError,
      /kernel must be one of square, logAccumulate, logSum/,
    );
    await rejectsWith(pool.map('toString', [1]), RangeError, /kernel must be one of/);
  });

  it('rejects options that are not an object, and unknown option names', async () => {
    await rejectsWith(pool.map('square', [1], 5), TypeError, /options must be an object, got number 5/);
    await rejectsWith(pool.map('square', [1], null), TypeError, /options must be an object, got null/);
    await rejectsWith(
      pool.map('logSum', [1], { iteration: 5 }),
      TypeError,
      /options.iteration is not an option of logSum; expected one of iterations, step, signal, out/,
    );
    await rejectsWith(
      pool.map('square', [1], { step: 1 }),
      TypeError,
      /options.step is not an option of square/,
    );
  });

  const paramCases = [
    [{ iterations: '5' }, TypeError, /options.iterations must be a number, got a string/],
    [
      { iterations: 0 },
      RangeError,
      /options.iterations must be an integer from 1 to 9007199254740991, got number 0/,
    ],
    [{ iterations: -1 }, RangeError, /options.iterations must be an integer/],
    [{ iterations: 1.5 }, RangeError, /options.iterations must be an integer/],
    [{ iterations: 2 ** 53 }, RangeError, /options.iterations must be an integer/],
    [{ iterations: Number.NaN }, RangeError, /options.iterations must be an integer/],
    [{ iterations: Number.POSITIVE_INFINITY }, RangeError, /options.iterations must be an integer/],
    [{ step: null }, TypeError, /options.step must be a number, got null/],
    [{ step: Number.NaN }, RangeError, /options.step must be a finite number, got number NaN/],
    [{ step: Number.NEGATIVE_INFINITY }, RangeError, /options.step must be a finite number/],
    [{ step: 1n }, TypeError, /options.step must be a number, got bigint 1n/],
  ];
  for (const kernel of ['logAccumulate', 'logSum']) {
    for (const [options, type, pattern] of paramCases) {
      it(`${kernel} rejects ${JSON.stringify(options, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`, () =>
        rejectsWith(pool.map(kernel, [1], options), type, pattern));
    }
  }

  it('accepts the largest iteration count and any finite step', async () => {
    const controller = new AbortController();
    const running = pool.map('logAccumulate', [1], { iterations: 2 ** 53 - 1, signal: controller.signal });
    controller.abort();
    await assert.rejects(running, { name: 'AbortError' });
    const out = await pool.map('logAccumulate', [1], { iterations: 2, step: -Number.MAX_VALUE });
    assert.ok(Number.isNaN(out[0]));
  });

  it('checks out: a Float64Array of the input length', async () => {
    await rejectsWith(
      pool.map('square', [1], { out: [0] }),
      TypeError,
      /options.out must be a Float64Array, got an array/,
    );
    await rejectsWith(
      pool.map('square', [1], { out: new Float32Array(1) }),
      TypeError,
      /options.out must be a Float64Array/,
    );
    await rejectsWith(
      pool.map('square', [1, 2], { out: new Float64Array(3) }),
      RangeError,
      /options.out must have the input's length \(2\), got length 3/,
    );
    const out = new Float64Array(2);
    assert.equal(await pool.map('square', [3, 4], { out }), out);
    assert.deepEqual([...out], [9, 16]);
  });

  it('checks signal: an AbortSignal', async () => {
    await rejectsWith(
      pool.map('square', [1], { signal: {} }),
      TypeError,
      /options.signal must be an AbortSignal/,
    );
  });
});

describe('Pool options', () => {
  const cases = [
    [{ threads: 0 }, RangeError, /options.threads must be an integer from 1 to 1024, got number 0/],
    [{ threads: 1025 }, RangeError, /options.threads must be an integer from 1 to 1024/],
    [{ threads: 2.5 }, RangeError, /options.threads must be an integer/],
    [{ threads: Number.NaN }, RangeError, /options.threads must be an integer/],
    [{ threads: '4' }, TypeError, /options.threads must be a number, got a string/],
    [{ thread: 4 }, TypeError, /options.thread is not a Pool option; expected threads/],
    ['4', TypeError, /options must be an object, got a string/],
  ];
  for (const [options, type, pattern] of cases) {
    it(`new Pool(${JSON.stringify(options)}) throws ${type.name}`, () => {
      assert.throws(
        () => new Pool(options),
        (error) => error instanceof type && pattern.test(error.message),
      );
    });
  }

  it('takes more threads than cores, as the seed did', async () => {
    const wide = new Pool({ threads: 64 });
    assert.equal(wide.threads, 64);
    const xs = Array.from({ length: 1000 }, (_, i) => i + 1);
    const out = await wide.map('logSum', xs, { iterations: 1000 });
    assert.equal(out.length, 1000);
    await wide.close();
  });

  it('the default pool validates the same way', () =>
    rejectsWith(map('square', [1, 'x']), TypeError, /input\[1\] must be a number/));
});
