'use strict';
// What the tests compare with: the JavaScript reference (shared with the
// benchmarks), bit-for-bit assertions, and inputs that exercise log.
const { reference, seedF, seedLogSum, referenceMap, randomDoubles } = require('../bench/reference');

/** Fails at the first element whose bits differ (Object.is: NaN equals NaN, 0 differs from -0). */
function assertSameBits(actual, expected, context = '') {
  if (actual.length !== expected.length) {
    throw new Error(`${context}: length ${actual.length}, expected ${expected.length}`);
  }
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      throw new Error(`${context}: element ${i} is ${actual[i]}, JavaScript gives ${expected[i]}`);
    }
  }
}

/** Any double at all: random bit patterns, covering every exponent and NaNs. */
function anyDouble(next) {
  const bits = new BigUint64Array([next()]);
  return new Float64Array(bits.buffer)[0];
}

/** Positive doubles spread over every binade, where log has real work to do. */
function positiveDouble(next) {
  return Math.abs(anyDouble(next)) || 1;
}

const EDGE_INPUTS = [
  0,
  -0,
  -1,
  -1e-300,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.MIN_VALUE,
  2.2250738585072014e-308,
  2.225073858507201e-308,
  1e-310,
  1e308,
  Number.MAX_VALUE,
  1,
  1 + Number.EPSILON,
  1 - Number.EPSILON / 2,
  0.5,
  2,
  Math.SQRT2,
  Math.SQRT1_2,
  1.38,
  1.42,
  2 ** 20,
  2 ** -20,
  2 ** 1023,
  2 ** -1022,
  3,
  999,
];

module.exports = {
  reference,
  seedF,
  seedLogSum,
  referenceMap,
  assertSameBits,
  randomDoubles,
  anyDouble,
  positiveDouble,
  EDGE_INPUTS,
};
