'use strict';
// The reference for pool.reduce's sum, computed independently of
// native/exact_sum.h: every finite double is an integer number of 2^-1074,
// summed exactly as a BigInt, then rounded once to the nearest double (ties
// to even) by Number(), which rounds a BigInt correctly.

const view = new DataView(new ArrayBuffer(8));

/** x (finite) as an integer number of 2^-1074. */
function units(x) {
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const field = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const magnitude = field === 0 ? fraction : (fraction | (1n << 52n)) << BigInt(field - 1);
  return bits >> 63n ? -magnitude : magnitude;
}

/** x * 2^k, exact unless it overflows, for an x far above the subnormals. */
function scale(x, k) {
  let y = x;
  let e = k;
  for (; e > 1000; e -= 1000) y *= 2 ** 1000;
  for (; e < -1000; e += 1000) y *= 2 ** -1000;
  return y * 2 ** e;
}

/** The integer n (units of 2^-1074) rounded to the nearest double. */
function roundUnits(n) {
  const magnitude = n < 0n ? -n : n;
  const length = magnitude.toString(2).length;
  if (length <= 64) return scale(Number(n), -1074);
  // The top 64 bits, the lowest one or-ed with every bit below them: Number()
  // then rounds them to 53 bits as it would round the whole.
  const shift = BigInt(length - 64);
  let top = magnitude >> shift;
  if ((magnitude & ((1n << shift) - 1n)) !== 0n) top |= 1n;
  const rounded = scale(Number(top), Number(shift) - 1074);
  return n < 0n ? -rounded : rounded;
}

/** The correctly rounded sum of `values`, with IEEE addition's infinities, NaN and signed zeros. */
function exactSum(values) {
  let sum = 0n;
  let nan = false;
  let positiveInfinity = false;
  let negativeInfinity = false;
  let onlyNegativeZeros = values.length > 0;
  for (const x of values) {
    if (Number.isNaN(x)) nan = true;
    else if (x === Number.POSITIVE_INFINITY) positiveInfinity = true;
    else if (x === Number.NEGATIVE_INFINITY) negativeInfinity = true;
    else sum += units(x);
    if (!Object.is(x, -0)) onlyNegativeZeros = false;
  }
  if (nan || (positiveInfinity && negativeInfinity)) return Number.NaN;
  if (positiveInfinity) return Number.POSITIVE_INFINITY;
  if (negativeInfinity) return Number.NEGATIVE_INFINITY;
  if (sum === 0n) return onlyNegativeZeros ? -0 : 0;
  return roundUnits(sum);
}

module.exports = { exactSum };
