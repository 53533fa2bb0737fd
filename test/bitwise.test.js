'use strict';
// The bitwise and shift operators (| & ^ ~ << >> >>>) and their compound
// assignments give exactly JavaScript's values (ToInt32/ToUint32 of NaN,
// ±Infinity, -0, fractions, negatives and values beyond 2^32, 2^53, 2^64 up
// to 1e308), on every SIMD path (each forced through NUMPOOL_SIMD in a child
// process), inline (small maps) and on threads (large ones).
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { runOnPath, runIfChild } = require('./simd-child');
const { assertSameBits, randomDoubles, anyDouble, EDGE_INPUTS } = require('./reference');

const CHILD = 'NUMPOOL_BITWISE_TEST_CHILD';
const BINARY = ['|', '&', '^', '<<', '>>', '>>>'];

/** Values where ToInt32 has work to do: every sign, fraction and magnitude. */
function inputs() {
  const powers = [31, 32, 33, 52, 53, 54, 63, 64, 65, 84, 85, 1023].flatMap((k) => [
    2 ** k,
    -(2 ** k),
    2 ** k + 2 ** (k - 52) * 3,
    -(2 ** k) - 2 ** (k - 52) * 5,
    2 ** k - 2 ** (k - 53),
  ]);
  const integers = (seed) => randomDoubles(3_000, seed, (next) => Number(BigInt.asIntN(40, next())));
  const fractional = (seed) =>
    randomDoubles(3_000, seed, (next) => Number(BigInt.asIntN(36, next())) / 2 ** Number(next() % 8n));
  const huge = (seed) =>
    randomDoubles(2_000, seed, (next) => (next() & 1n ? -1 : 1) * 2 ** (32 + Number(next() % 990n)) * 1.37);
  return [
    ...EDGE_INPUTS,
    ...EDGE_INPUTS.map((x) => -x),
    ...powers,
    2 ** 31 - 0.5,
    -(2 ** 31) - 0.5,
    -0.5,
    -1e-300,
    1e308,
    -1e308,
    ...randomDoubles(3_000, 1, anyDouble),
    ...integers(2),
    ...fractional(3),
    ...huge(4),
  ];
}
// Second operands: shift counts in and out of [0, 31], and the same hard values.
const SECONDS = [
  0,
  -0,
  1,
  -1,
  5,
  31,
  32,
  33,
  -31,
  63,
  2.9,
  -2.9,
  0xff00ff,
  2 ** 32 + 3,
  2 ** 53,
  2 ** 64 + 2 ** 13,
  1e308,
];
const SPECIALS = [Number.NaN, Infinity, -Infinity];

const fn = (source) => new Function(`return ${source}`)();

async function child() {
  const { Pool, info } = require('..');
  if (info().simd !== process.env.NUMPOOL_SIMD) throw new Error(`info().simd is ${info().simd}`);
  const pool = new Pool({ threads: 2 });
  const xs = Float64Array.from(inputs());
  // Large enough to run on the threads, in several chunks.
  const many = Float64Array.from({ length: 12 * xs.length }, (_, i) => xs[i % xs.length] * (i % 3 ? 1 : -1));
  let checked = 0;
  const check = async (source, input, params) => {
    const f = fn(source);
    const expected = Float64Array.from(input, (x) => f(x, params));
    assertSameBits(
      await pool.map(f, input, { params }),
      expected,
      `${info().simd}: ${source}, ${JSON.stringify(params)}`,
    );
    checked += input.length;
  };
  try {
    const unary = [
      '(x) => ~x',
      '(x) => x | 0',
      '(x) => x >>> 0',
      '(x) => ~~x',
      '(x) => x >> 0',
      '(x) => x << 0',
    ];
    for (const source of unary) {
      await check(source, xs.subarray(0, 60));
      await check(source, xs);
      await check(source, many);
    }
    for (const op of BINARY) {
      const sources = [
        `(x, p) => x ${op} p.y`,
        `(x, p) => p.y ${op} x`,
        `(x, p) => { let v = x; v ${op}= p.y; return v; }`,
      ];
      for (const y of [...SECONDS, ...SECONDS.map((v) => v + 0.75), ...SPECIALS]) {
        for (const source of sources) await check(source, xs, { y });
      }
      for (const y of [-1, 33, 2 ** 64 + 2 ** 13, Number.NaN]) await check(sources[0], many, { y });
      await check(`(x) => x ${op} x`, many);
      await check(`(x) => (x * 0.37) ${op} -x`, many);
    }
  } finally {
    await pool.close();
  }
  process.stdout.write(String(checked));
}

if (!runIfChild(CHILD, child)) {
  const { info } = require('..');

  describe('bitwise and shift operators give the bits of JavaScript', () => {
    for (const simd of info().simdPaths) {
      it(`${simd}: every operator and compound assignment, inline and on threads`, () => {
        const checked = Number(runOnPath(__filename, CHILD, simd));
        assert.ok(checked >= 1e6, `${checked} inputs`);
      });
    }
  });
}
