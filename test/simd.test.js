'use strict';
// Every kernel path this CPU supports gives exactly the JavaScript
// reference's bits. Each path is forced through NUMPOOL_SIMD in a child
// process (the path is chosen once, at load), which runs the checks below.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { runOnPath, runIfChild } = require('./simd-child');
const {
  referenceMap,
  assertSameBits,
  randomDoubles,
  anyDouble,
  positiveDouble,
  EDGE_INPUTS,
} = require('./reference');

const CHILD = 'NUMPOOL_SIMD_TEST_CHILD';

/** Doubles next to every power of two, and within a few ulps of 1. */
function aroundPowersAndOne() {
  const values = [];
  for (let e = -1074; e <= 1023; e++) {
    const p = 2 ** e;
    values.push(p, p * (1 + Number.EPSILON), p * (1 - Number.EPSILON / 2));
  }
  for (let u = -64; u <= 64; u++) values.push(1 + u * Number.EPSILON, 1 + u * 2 ** -30);
  return values;
}

// Lengths that no vector width (2, 4, 8, or groups of them) divides.
const CASES = [
  ['logAccumulate', () => randomDoubles(100_003, 11, anyDouble), { iterations: 1 }],
  ['logAccumulate', () => randomDoubles(100_003, 12, positiveDouble), { iterations: 1 }],
  ['logAccumulate', () => [...EDGE_INPUTS, ...aroundPowersAndOne()], { iterations: 1 }],
  ['logAccumulate', () => randomDoubles(3_001, 13, positiveDouble), { iterations: 2_001, step: 0.1 }],
  ['logAccumulate', () => randomDoubles(1_001, 14, anyDouble), { iterations: 1_003, step: -0.3 }],
  ['logAccumulate', () => EDGE_INPUTS, { iterations: 5_000, step: 1e-300 }],
  ['logAccumulate', () => EDGE_INPUTS, { iterations: 77, step: -5e-324 }],
  ['logSum', () => randomDoubles(100_003, 15, anyDouble), { iterations: 3, step: 0.1 }],
  ['logSum', () => randomDoubles(20_011, 16, positiveDouble), { iterations: 51, step: -1e-3 }],
  ['logSum', () => [...EDGE_INPUTS, ...aroundPowersAndOne()], { iterations: 7, step: 2 ** -40 }],
  ['logSum', () => EDGE_INPUTS, { iterations: 20_000, step: 1e-310 }],
  ['square', () => randomDoubles(100_003, 17, anyDouble), {}],
  ['square', () => EDGE_INPUTS, {}],
];

async function child() {
  const { Pool, info } = require('..');
  const path = info().simd;
  if (path !== process.env.NUMPOOL_SIMD) throw new Error(`info().simd is ${path}`);
  const pools = [1, 2, 3].map((threads) => new Pool({ threads }));
  for (const [kernel, makeInput, params] of CASES) {
    const input = Float64Array.from(makeInput());
    const expected = referenceMap(kernel, input, params);
    for (const pool of pools) {
      const context = `${path}: ${kernel} ${JSON.stringify(params)} on ${pool.threads} threads`;
      assertSameBits(await pool.map(kernel, input, params), expected, context);
    }
  }
  await Promise.all(pools.map((pool) => pool.close()));
  process.stdout.write(`checked ${path}`);
}

const runChild = (simd) => runOnPath(__filename, CHILD, simd);

if (!runIfChild(CHILD, child)) {
  const { info } = require('..');
  const supported = info().simdPaths;

  describe('every SIMD path gives the JavaScript bits', () => {
    it('runs at least the portable paths', () => {
      assert.ok(supported.includes('scalar'));
      assert.equal(info().simd, process.env.NUMPOOL_SIMD || supported.at(-1));
    });
    for (const simd of supported) {
      it(`${simd}: every kernel, random and edge inputs, 1 to 3 threads`, () => {
        assert.equal(runChild(simd), `checked ${simd}`);
      });
    }
  });

  describe('NUMPOOL_SIMD', () => {
    const unsupported = ['sse2', 'avx2', 'avx512', 'neon'].filter((path) => !supported.includes(path));
    for (const simd of unsupported) {
      it(`refuses ${simd}, which this CPU lacks, naming the variable`, () => {
        assert.throws(() => runChild(simd), /NUMPOOL_SIMD=\S+ is not supported by this CPU; it supports/);
      });
    }
    it('refuses an unknown path, naming the variable', () => {
      assert.throws(
        () => runChild('avx1024'),
        /NUMPOOL_SIMD must be one of scalar, sse2, avx2, avx512, neon/,
      );
    });
  });
}
