'use strict';
// The seed's functions written in plain JavaScript with Math.log: the
// reference every numpool result must match bit for bit, and the plain loop
// the benchmarks compare against.

function square(x) {
  return x * x;
}

/**
 * The seed's f, and the same loop summing every log, as functions numpool
 * can also compile (`compile`, `pool.map(fn, input, { params })`): params in
 * one object, no defaults.
 */
const seedF = (x, p) => {
  const step = p.step; // read once, as the kernels do
  let fixed = x;
  let ret;
  for (let i = 0; i < p.iterations; i++) {
    ret = Math.log(fixed);
    fixed += step;
  }
  return ret;
};

const seedLogSum = (x, p) => {
  const step = p.step;
  let fixed = x;
  let sum = 0;
  for (let i = 0; i < p.iterations; i++) {
    sum += Math.log(fixed);
    fixed += step;
  }
  return sum;
};

// The kernels' reference, with the kernels' defaults.
function logAccumulate(x, { iterations = 100000, step = 0.1 } = {}) {
  return seedF(x, { iterations, step });
}

function logSum(x, { iterations = 100000, step = 0.1 } = {}) {
  return seedLogSum(x, { iterations, step });
}

/** Math.log as a map: what the size sweep compiles and compares (bench/sizes.js). */
function log(x) {
  return Math.log(x);
}

const reference = { square, log, logAccumulate, logSum };

/** The reference result of `kernel` over `input`, as a Float64Array. */
function referenceMap(kernel, input, params) {
  return Float64Array.from(input, (x) => reference[kernel](x, params));
}

/** Deterministic doubles: a small xorshift so failures reproduce. */
function randomDoubles(count, seed, draw) {
  let state = BigInt(seed) | 1n;
  const next = () => {
    state ^= (state << 13n) & 0xffffffffffffffffn;
    state ^= state >> 7n;
    state ^= (state << 17n) & 0xffffffffffffffffn;
    return state;
  };
  return Float64Array.from({ length: count }, () => draw(next));
}

/**
 * Seconds per element and iteration of the plain JavaScript loop of
 * `kernel` over the first `elements` of `input` (a sample of a long map).
 */
function jsLoopSeconds(kernel, params, input, elements = input.length) {
  const started = process.hrtime.bigint();
  let sink = 0;
  for (let e = 0; e < elements; e++) sink += reference[kernel](input[e], params);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (Number.isNaN(sink)) console.log('(NaN)'); // the results stay live
  return seconds / (elements * params.iterations);
}

/** `count` integers from `low` to `high`, the same ones for the same seed. */
function integers(count, low, high, seed) {
  const span = BigInt(high - low + 1);
  return randomDoubles(count, seed, (next) => low + Number(next() % span));
}

// Loops whose trip count depends on the element (bench:compiled's divergent
// rows and test/compiled-refill.test.js).
/** 1 when n is prime, by trial division, else 0. */
function isPrime(n) {
  if (n < 2) return 0;
  for (let d = 2; d * d <= n; d++) {
    if (n % d === 0) return 0;
  }
  return 1;
}
/** Simpson's rule for the integral of exp(-t*t) over [0, x], its intervals growing with x. */
function simpson(x) {
  const n = 2 * Math.ceil(x * 4) + 2;
  const h = x / n;
  let sum = 1 + Math.exp(-x * x);
  for (let i = 1; i < n; i++) {
    const t = i * h;
    sum += (i % 2 === 1 ? 4 : 2) * Math.exp(-t * t);
  }
  return (sum * h) / 3;
}
/** Escape time of c = x + 0.3i, at most 256 iterations: a row of the Mandelbrot set. */
function mandelbrot(x) {
  let zx = 0;
  let zy = 0;
  let i = 0;
  while (i < 256 && zx * zx + zy * zy <= 4) {
    const t = zx * zx - zy * zy + x;
    zy = 2 * zx * zy + 0.3;
    zx = t;
    i++;
  }
  return i;
}

module.exports = {
  reference,
  seedF,
  seedLogSum,
  referenceMap,
  jsLoopSeconds,
  randomDoubles,
  integers,
  isPrime,
  simpson,
  mandelbrot,
};
