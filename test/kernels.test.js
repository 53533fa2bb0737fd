'use strict';
// Every kernel gives exactly the bits of the same loop in plain JavaScript,
// for random and edge inputs, on every thread count.
const { describe, it, after } = require('node:test');
const { Pool } = require('..');
const {
  referenceMap,
  assertSameBits,
  randomDoubles,
  anyDouble,
  positiveDouble,
  EDGE_INPUTS,
} = require('./reference');

const THREAD_COUNTS = [1, 2, 3, 12];
const pools = THREAD_COUNTS.map((threads) => new Pool({ threads }));
after(() => Promise.all(pools.map((pool) => pool.close())));

async function checkEveryPool(kernel, input, params) {
  const expected = referenceMap(kernel, input, params);
  for (const pool of pools) {
    const actual = await pool.map(kernel, input, params);
    assertSameBits(actual, expected, `${kernel} ${JSON.stringify(params)} on ${pool.threads} threads`);
  }
}

describe('log is Math.log', () => {
  // With one iteration, logAccumulate is log(x) and logSum is 0 + log(x),
  // the same bits (log never returns -0): the one through the scalar final
  // log, the other through the vector log, inline and on threads.
  const checkLog = async (input) => {
    for (const kernel of ['logAccumulate', 'logSum']) await checkEveryPool(kernel, input, { iterations: 1 });
  };

  it('on 200,000 random bit patterns', () => checkLog(randomDoubles(200_000, 1, anyDouble)));

  it('on 200,000 positive doubles of every binade', () =>
    checkLog(randomDoubles(200_000, 2, positiveDouble)));

  it('around 1, where fdlibm switches to its short series', () =>
    checkLog(randomDoubles(100_000, 3, (next) => 1 + (anyDouble(next) % 1) * 2 ** -18)));

  it('on the edge inputs', () => checkLog(EDGE_INPUTS));

  // Math.log of each differs between x64 Node and arm64 Node (whose V8
  // fuses multiply-adds): found under qemu (75 of 4 million in [0.7, 1.9]).
  // npm run test:arm64 runs this file there, where the kernels must take
  // log's fused build.
  it('where arm64 Node computes other bits than x64 Node', () =>
    checkLog([
      1.3921025451449225, 1.2263337412557371, 1.2285212630321176, 0.804950657951326, 1.4147419877871688,
      0.7144989546037416, 1.4490232668666883, 1.2886346026863587, 1.4606124378132077,
    ]));
});

describe('square', () => {
  it('matches x * x on random bits, edge inputs and a length that fills no vector', async () => {
    await checkEveryPool('square', randomDoubles(1_000_003, 4, anyDouble));
    await checkEveryPool('square', EDGE_INPUTS);
  });
});

describe('logAccumulate and logSum', () => {
  const cases = [
    { iterations: 1000, step: 0.1 },
    { iterations: 257, step: -0.37 },
    { iterations: 100, step: 1e-300 },
    { iterations: 64, step: 1e300 },
    { iterations: 50, step: Number.MIN_VALUE },
    { iterations: 3, step: -1e308 },
  ];
  for (const kernel of ['logAccumulate', 'logSum']) {
    for (const params of cases) {
      it(`${kernel} ${JSON.stringify(params)} on random and edge inputs`, async () => {
        const random = randomDoubles(2_003, 5, (next) => (anyDouble(next) % 1000) * 1.7);
        await checkEveryPool(kernel, [...EDGE_INPUTS, ...random], params);
      });
    }
    it(`${kernel} with default parameters (100,000 iterations, step 0.1)`, async () => {
      await checkEveryPool(kernel, [1, 2.5, 999, -3, 0], {});
    });
  }

  it('keeps every input type: number[], typed arrays, SharedArrayBuffer views', async () => {
    const numbers = [1, 2, 3, 250, 7];
    const inputs = [
      numbers,
      Float64Array.from(numbers),
      Float32Array.from(numbers),
      Int8Array.from(numbers),
      Uint8Array.from(numbers),
      Uint8ClampedArray.from(numbers),
      Int16Array.from(numbers),
      Uint16Array.from(numbers),
      Int32Array.from(numbers),
      Uint32Array.from(numbers),
      new Float64Array(new SharedArrayBuffer(8 * 5)).fill(3),
      new Float64Array(Float64Array.from([9, ...numbers]).buffer, 8, 4),
    ];
    for (const input of inputs) await checkEveryPool('logSum', input, { iterations: 10 });
  });

  it('maps an empty input to an empty Float64Array', async () => {
    for (const pool of pools) {
      const out = await pool.map('logSum', []);
      if (!(out instanceof Float64Array) || out.length !== 0) throw new Error('expected empty Float64Array');
    }
  });
});
