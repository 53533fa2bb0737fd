'use strict';
// Do two result arrays agree? Bit for bit where both sides use the same log
// (V8's Math.log and numpool's port of it), within ulps against Python,
// whose math.log is the C library's.

/** Index of the first element whose bits differ (NaN equals NaN, 0 differs from -0), or -1. */
function firstDifference(a, b) {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

const view = new Float64Array(1);
const bits = new BigInt64Array(view.buffer);

/** Doubles as integers in the order of the doubles, so that adjacent doubles are 1 apart. */
function ordered(x) {
  view[0] = x;
  const b = bits[0];
  return b < 0n ? -(b & 0x7fffffffffffffffn) : b;
}

/** How many doubles apart a and b are (Infinity when one is NaN and the other is not). */
function ulpDistance(a, b) {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  const d = ordered(a) - ordered(b);
  return Number(d < 0n ? -d : d);
}

/**
 * Compares `actual` with the reference `expected`: exactly when `exact`,
 * else to within `maxUlps`. Says how many elements differ and by how much.
 */
function compare(actual, expected, { exact, maxUlps = 1 }) {
  if (actual.length !== expected.length) {
    return { ok: false, differing: expected.length, maxUlps: Infinity, note: 'length differs' };
  }
  let differing = 0;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    if (Object.is(actual[i], expected[i])) continue;
    differing++;
    worst = Math.max(worst, ulpDistance(actual[i], expected[i]));
  }
  const ok = exact ? differing === 0 : worst <= maxUlps;
  return { ok, exact, differing, maxUlps: worst };
}

/** `bit-identical`, or `3 of 100 differ by ≤ 1 ulp`. */
function describe({ ok, differing, maxUlps }, length) {
  if (differing === 0) return 'bit-identical';
  return `${ok ? '' : 'DISAGREE: '}${differing} of ${length} differ by ≤ ${maxUlps} ulp`;
}

module.exports = { firstDifference, ulpDistance, compare, describe };
