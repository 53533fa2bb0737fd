'use strict';
// Loops whose trip count depends on the element: the interpreter swaps the
// lanes that have left such a loop for lanes of further elements (Refill),
// across two blocks per chunk and budget slices. Every element's result must
// be the JavaScript function's bits, stored once, on every SIMD path, inline
// and on 1 to 3 threads, whatever the loop's shape around it; a loop reading
// a second input and the index reads each lane's own; a reduction folds
// every element once; a throw names the lowest element that throws, as a
// JavaScript loop meets it, though later elements throw first.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { runOnPath, runIfChild } = require('./simd-child');
const { isPrime, mandelbrot, simpson } = require('../bench/reference');

const CHILD = 'NUMPOOL_REFILL_CHILD';

const kernels = {
  isPrime,
  mandelbrot,
  simpson,
  // Written before the loop on every lane, read after it; continue, break,
  // an assignment sunk after the loop, then a counted loop.
  breaks: function breaks(x) {
    const a = x * 0.5;
    let k = 0;
    let last = 0;
    for (let i = 0; i < x; i++) {
      if (i % 3 === 0) continue;
      k += i;
      last = Math.log(i + 1);
      if (k > 400) break;
    }
    let best = 0;
    for (let j = 0; j < 4; j++) best += j * a;
    return k + last + best + a;
  },
  // A counted loop inside: lane 0's counter decides for all lanes.
  countedInside: function countedInside(x) {
    let s = 0;
    let n = x;
    while (n > 1) {
      for (let j = 0; j < 3; j++) s += j * n;
      n = n / 2;
    }
    return s;
  },
  // Inside a counted loop: not refilled, still right.
  countedOutside: function countedOutside(x) {
    let s = 0;
    for (let j = 0; j < 3; j++) {
      let n = x + j;
      while (n > 1) {
        n = n / 3;
        s++;
      }
    }
    return s;
  },
  // Long enough that a block pauses mid-loop, slice after slice.
  long: function long(x) {
    let n = Math.floor(Math.abs(x)) * 300;
    let s = 0;
    while (n > 0) {
      n--;
      s += n % 7;
    }
    return s;
  },
  // Lanes that return before the loop; two loops in turn.
  twoLoops: function twoLoops(x) {
    if (x < 20) return -1;
    let n = x * 100;
    let a = 0;
    while (n > 1) {
      n = n / 2;
      a++;
    }
    let m = a * 7 + x;
    let b = 0;
    while (m > 1) {
      m = m - 3;
      b++;
    }
    return a * 1000 + b;
  },
};

/** `length` numbers from a fixed seed: every 7th an integer below 200, the others spread over [-2, 150), a NaN or two. */
function input(length, seed) {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return Array.from({ length }, (_, i) => {
    if (i % 97 === 5) return Number.NaN;
    if (i % 7 === 0) return Math.floor(next() * 200);
    // Skewed: most elements end their loops early, a few run long.
    const u = next();
    return -2 + 152 * u ** 4;
  });
}

// Of two inputs and the index, read inside the loop: each lane reads its
// own element's, wherever it was traded to.
function withInputs(x, w, i) {
  let n = x;
  let s = 0;
  while (n > 1) {
    n = n / 2 + w;
    s += (i % 5) + w;
  }
  return s + i;
}

// Throws inside the loop, late for an early element and early for later
// ones: the map must name the lowest element that throws.
function throwsLate(x, i) {
  let n = i === 3 ? 5000 : Math.floor(Math.abs(x));
  while (n > 0) {
    n--;
    if (i === 3 && n === 1) throw new RangeError('late');
    if (i > 100 && i % 41 === 0 && n === 2) throw new Error('later');
  }
  return n + x;
}
function throwsEarly(x, i) {
  let n = Math.floor(Math.abs(x)) + 3;
  while (n > 0) {
    n--;
    if (i > 64 && x > 60 && n === 1) throw new Error('later');
  }
  return n;
}

/** The message a JavaScript loop over the inputs throws first, as the map must report it. */
function firstThrow(fn, xs) {
  for (let i = 0; i < xs.length; i++) {
    try {
      fn(xs[i], i);
    } catch (error) {
      return `the function threw at element ${i}: ${String(error)}`;
    }
  }
  throw new Error('the function throws on no element');
}

function check(out, expected, context) {
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(out[i], expected[i]))
      throw new Error(`${context}: element ${i} gave ${out[i]}, not ${expected[i]}`);
  }
}

async function child() {
  const { Pool, compile } = require('..');
  const { exactSum } = require('./exact-sum');
  const pools = [1, 2, 3].map((threads) => new Pool({ threads }));
  for (const length of [130, 5000, 20_000]) {
    const xs = input(length, length);
    const ws = input(length, length + 1).map((w) => Math.abs(w) / 1000);
    const expected = xs.map((x, i) => withInputs(x, ws[i], i));
    const integers = xs.map((x) => Math.floor(Math.abs(x)));
    const values = integers.map(kernels.isPrime);
    for (const pool of pools) {
      const context = `${length} elements, ${pool.threads} threads`;
      check(await pool.map(withInputs, [xs, ws]), expected, `withInputs, ${context}`);
      // Reductions fold each finished block's lanes, whatever their order.
      const sum = await pool.reduce(kernels.isPrime, integers, { op: 'sum' });
      if (sum !== exactSum(values)) throw new Error(`sum of isPrime, ${context}: ${sum}`);
      const max = await pool.reduce(kernels.mandelbrot, xs, { op: 'max' });
      if (!Object.is(max, Math.max(...xs.map(kernels.mandelbrot))))
        throw new Error(`max, ${context}: ${max}`);
      for (const fn of [throwsLate, throwsEarly]) {
        const want = firstThrow(fn, xs);
        const got = await pool.map(fn, xs).then(
          () => 'no throw',
          (error) => error.message,
        );
        if (got !== want) throw new Error(`${fn.name}, ${context}: ${got}, not ${want}`);
      }
    }
  }
  for (const [name, fn] of Object.entries(kernels)) {
    const compiled = compile(fn);
    // Small maps run inline, large ones on the workers, in slices that
    // pause blocks in the middle of a refill.
    for (const length of [1, 63, 130, 5000, 20_000]) {
      const xs = input(length, length + name.length);
      const expected = xs.map((x) => fn(x));
      for (const pool of pools) {
        const out = await pool.map(compiled, xs);
        for (let i = 0; i < length; i++) {
          if (!Object.is(out[i], expected[i])) {
            throw new Error(
              `${name}, ${length} elements, ${pool.threads} threads: element ${i} (${xs[i]}) gave ${out[i]}, not ${expected[i]}`,
            );
          }
        }
      }
    }
  }
  await Promise.all(pools.map((pool) => pool.close()));
  process.stdout.write(`checked ${process.env.NUMPOOL_SIMD}`);
}

if (!runIfChild(CHILD, child)) {
  const { info } = require('..');
  describe('loops refilled with further elements give the JavaScript bits', () => {
    for (const simd of info().simdPaths) {
      it(`${simd}: ${Object.keys(kernels).join(', ')}; inline and 1 to 3 threads`, () => {
        assert.equal(runOnPath(__filename, CHILD, simd), `checked ${simd}`);
      });
    }
  });
}
