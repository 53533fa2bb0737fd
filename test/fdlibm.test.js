'use strict';
// The native ports of Math.* give exactly the running Node's bits
// (Object.is): test/native/math_agree.cc is built here, lists the functions
// it checks, and compares them with Math.* on the arguments written below:
// random bit patterns, every power of two and its neighbours, each
// algorithm's branch points, overflow and underflow thresholds, domain
// edges and uniform draws around 0 and 1. Run under each Node major, it
// checks that Node's bits.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomDoubles, anyDouble } = require('./reference');

const root = path.join(__dirname, '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'numpool-math-agree-'));
const checker = path.join(work, 'math_agree');
after(() => fs.rmSync(work, { recursive: true, force: true }));

/** The checker's rows: label, Math function, number of arguments. */
let functions = [];
before(() => {
  const cxx = process.env.CXX || 'g++';
  const flags = [
    '-std=c++20',
    '-O2',
    '-ffp-contract=off',
    '-fno-math-errno',
    '-Wall',
    '-Wextra',
    '-Werror',
    '-Wno-psabi',
  ];
  const sources = ['test/native/math_agree.cc', 'native/simd_dispatch.cc', 'native/kernels/fma_math.cc'].map(
    (f) => path.join(root, f),
  );
  execFileSync(cxx, [...flags, ...sources, '-o', checker], {
    stdio: 'inherit',
  });
  functions = execFileSync(checker, ['--list'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => {
      const [label, mathName, arity] = line.split(' ');
      return { label, mathName, arity: Number(arity) };
    });
});

/** Math.pow of the checker's pow probes, as hex bits. */
function powProbeResults() {
  return execFileSync(checker, ['--pow-probes'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => {
      const [x, y] = line.split(' ').map(fromHex);
      return toHex(x ** y);
    });
}
/** The pow op the checker picks for these results: PowFdlibm, PowLibm or none. */
function choosePow(results) {
  const run = spawnSync(checker, ['--choose-pow', ...results], { encoding: 'utf8' });
  return run.stdout.trim();
}
/** The pow this Node computes (math_choice.h), which the pow rows evaluate. */
let powAlgorithm = 'none';

const bits = new DataView(new ArrayBuffer(8));
function fromBits(high, low) {
  bits.setUint32(0, high >>> 0);
  bits.setUint32(4, low >>> 0);
  return bits.getFloat64(0);
}
function toHex(x) {
  bits.setFloat64(0, x);
  return bits.getBigUint64(0).toString(16).padStart(16, '0');
}
function fromHex(hex) {
  bits.setBigUint64(0, BigInt(`0x${hex}`));
  return bits.getFloat64(0);
}
function nextUp(x, steps) {
  bits.setFloat64(0, x);
  const moved = bits.getBigUint64(0) + BigInt(steps);
  bits.setBigUint64(0, moved);
  return bits.getFloat64(0);
}

/** A uniform double in [-range, range). */
const uniformIn = (range) => (next) => (Number(next() >> 11n) / 2 ** 52 - 1) * range;

const SPECIAL = [0, Number.NaN, Number.POSITIVE_INFINITY, Number.MIN_VALUE, 2 ** -1022 - Number.MIN_VALUE];
SPECIAL.push(2 ** -1022, Number.MAX_VALUE, 1, 0.5, 2, 3, 10, Math.PI, Math.E, Math.LN2, 1 / 3);
/** Each special value, its neighbours and its negation. */
const EDGES = SPECIAL.flatMap((x) =>
  x === 0 ? [0, nextUp(0, 1)] : [x, nextUp(x, 1), nextUp(x, -1)],
).flatMap((x) => [x, -x]);

/**
 * Where the fdlibm ports change formula (high words of |x|) and the
 * thresholds written as doubles, so that each branch and both sides of
 * each edge are hit: ln2/2, 1.5 ln2, 56 ln2, 709.78 (exp's and expm1's
 * reduction and overflow), 2^-54/-28/-27/-57 (tiny arguments), 0.4375,
 * 0.6875, 1.1875, 2.4375, 2^66 (atan's intervals), 0.5 and 0.975 (asin,
 * acos), 2, 22, 2^28 (the hyperbolic functions), sqrt(2)/2 and sqrt(2)
 * (log1p's reduction).
 */
const HIGH_WORDS = [
  0x3fd62e42, 0x3ff0a2b2, 0x4043687a, 0x40862e42, 0x3c900000, 0x3e300000, 0x3e400000, 0x3c600000, 0x3c800000,
  0x3e200000, 0x3fdc0000, 0x3fe60000, 0x3ff30000, 0x40038000, 0x44100000, 0x3fe00000, 0x3fef3333, 0x40000000,
  0x40360000, 0x41b00000, 0x3fda827a, 0x3fd2bec4, 0x3fe6a09e, 0x3ff6a09e, 0x3ff00000, 0x00100000,
];
const THRESHOLDS = [709.782712893384, 745.1332191019411, 710.4758600739439, 709.7822265625, 22, 0.975, 1];

function unaryCases(seed) {
  const out = [...EDGES];
  for (let e = -1074; e <= 1023; e++) {
    const p = 2 ** e;
    for (const x of [p, nextUp(p, -1), nextUp(p, 1)]) out.push(x, -x);
  }
  const lows = randomDoubles(40, seed, (next) => Number(next() & 0xffffffffn));
  for (const high of HIGH_WORDS) {
    for (const h of [high - 1, high, high + 1]) {
      for (const low of [0, 1, 0xffffffff, ...lows])
        out.push(fromBits(h, low), fromBits(h | 0x80000000, low));
    }
  }
  for (const t of THRESHOLDS) {
    for (let s = -40; s <= 40; s++) out.push(nextUp(t, s), -nextUp(t, s));
  }
  out.push(...randomDoubles(20_000, seed + 1, anyDouble));
  const ranges = [1e-300, 1e-20, 2 ** -28, 1e-8, 1e-3, 0.5, 1, 1.5, 2, 4, 25, 60, 750, 1e6, 1e20];
  for (const [i, range] of ranges.entries())
    out.push(...randomDoubles(2_500, seed + 2 + i, uniformIn(range)));
  // Just inside and outside +-1, where asin, acos, atanh and acosh end.
  out.push(...randomDoubles(2_000, seed + 20, (next) => 1 + uniformIn(2 ** -20)(next)));
  out.push(...randomDoubles(2_000, seed + 21, (next) => -1 + uniformIn(2 ** -20)(next)));
  return out;
}

/** Rows of `arity` arguments each (flattened). */
function multiCases(arity, seed) {
  if (arity === 0) return [];
  const out = [];
  if (arity === 2) {
    for (const a of EDGES) for (const b of EDGES) out.push(a, b);
  } else {
    EDGES.forEach((_, i) => {
      for (let a = 0; a < arity; a++) out.push(EDGES[(i * (2 * a + 1) + a) % EDGES.length]);
    });
  }
  out.push(...randomDoubles(20_000 * arity, seed, anyDouble));
  // Arguments of similar size, where the result is no one argument's.
  const scales = randomDoubles(10_000, seed + 1, (next) => 2 ** (Number(next() % 2000n) - 1000));
  const mantissas = randomDoubles(10_000 * arity, seed + 2, uniformIn(4));
  for (let r = 0; r < scales.length; r++) {
    for (let a = 0; a < arity; a++) out.push(mantissas[r * arity + a] * scales[r]);
  }
  for (const [i, range] of [1e-310, 1e-3, 1, 100].entries())
    out.push(...randomDoubles(5_000 * arity, seed + 6 + i, uniformIn(range)));
  if (arity === 2) {
    // Quotients about 2^+-60 (atan2's cut-offs) and x == 1.
    const ys = randomDoubles(5_000, seed + 4, anyDouble);
    const shifts = randomDoubles(
      5_000,
      seed + 5,
      (next) => 2 ** (Number(next() % 9n) + 56) * (next() & 1n ? 1 : -1),
    );
    for (const [i, y] of ys.entries()) out.push(y, y / shifts[i], y / shifts[i], y, y, 1);
  }
  return out;
}

/**
 * sin, cos, tan: multiples of pi/2 and their neighbours (where reduction
 * cancels most bits), each reduction's edges (pi/4, 3pi/4, 2^19*pi/2) and
 * the kernels' (2^-27, 2^-28, 0.3, 0.6744, 0.78125), arguments beyond
 * 2^19*pi/2 up to the largest double, and x = 6381956970095103 * 2^797, the
 * double nearest a multiple of pi/2.
 */
function trigCases(seed) {
  const out = [];
  for (let k = 1; k <= 3000; k++) {
    for (let s = -3; s <= 3; s++) out.push(nextUp((k * Math.PI) / 2, s), -nextUp((k * Math.PI) / 2, s));
  }
  const ks = randomDoubles(5_000, seed, (next) => Number(next() % 2n ** 53n));
  for (const k of ks) out.push((k * Math.PI) / 2, nextUp((k * Math.PI) / 2, 1), -((k * Math.PI) / 2));
  const lows = randomDoubles(40, seed + 1, (next) => Number(next() & 0xffffffffn));
  const highs = [0x3fe921fb, 0x4002d97c, 0x413921fb, 0x3ff921fb, 0x400921fb, 0x4012d97c, 0x404921fb];
  highs.push(0x3e400000, 0x3e300000, 0x3fd33333, 0x3fe59428, 0x3fe90000);
  for (const high of highs) {
    for (const h of [high - 1, high, high + 1]) {
      for (const low of [0, 1, 0xffffffff, ...lows])
        out.push(fromBits(h, low), fromBits(h | 0x80000000, low));
    }
  }
  for (const range of [1e6, 1e9, 1e15, 1e22, 1e100, 1e300, Number.MAX_VALUE]) {
    out.push(...randomDoubles(2_000, seed + 2, uniformIn(range)));
  }
  out.push(6381956970095103 * 2 ** 797, -6381956970095103 * 2 ** 797, 1e22, 2 ** 1023, 2 ** 19 * Math.PI);
  return out;
}

/**
 * pow: the ECMAScript table (NaN, +-0 and +-Infinity bases and exponents,
 * +-1 ** +-Infinity and 1 ** NaN, which are NaN in JavaScript unlike C,
 * negative bases with odd, even and fractional exponents) on a grid, then
 * results at the overflow and underflow edges (2^1024, 2^-1074, 2^-1075),
 * bases near 1 with exponents past 2^31 and 2^64, and negative bases with
 * integer exponents. Pairs, flattened.
 */
function powCases(seed) {
  const bases = [Number.NaN, 0, Number.POSITIVE_INFINITY, 1, 0.5, 2, 3, 10, 0.1, Number.MIN_VALUE];
  bases.push(Number.MAX_VALUE, nextUp(1, 1), nextUp(1, -1), 2 ** -1022, Math.E);
  const exponents = [
    Number.NaN,
    0,
    Number.POSITIVE_INFINITY,
    1,
    2,
    0.5,
    3,
    4,
    2.5,
    1 / 3,
    1023.5,
    1074,
    1075,
  ];
  exponents.push(
    2 ** 31 - 1,
    2 ** 31,
    2 ** 31 + 1,
    2 ** 52 + 1,
    2 ** 53,
    2 ** 53 + 2,
    2 ** 64,
    nextUp(2 ** 64, 1),
  );
  exponents.push(1e300, Number.MIN_VALUE, nextUp(2, 1), nextUp(3, -1));
  const out = [];
  for (const b of bases.flatMap((x) => [x, -x])) {
    for (const e of exponents.flatMap((y) => [y, -y])) out.push(b, e);
  }
  // y * log2(x) near 1024, -1022, -1074 and -1075, and bases near 1.
  const xs = randomDoubles(20_000, seed, (next) => 2 ** (Number(next() % 2001n) / 1000 - 1) * 1.5);
  const shifts = randomDoubles(20_000, seed + 1, (next) => Number(next() % 2001n) / 1e6 - 1e-3);
  for (const [i, x] of xs.entries()) {
    const target = [1024, -1022, -1074, -1075][i % 4] + shifts[i];
    out.push(i % 8 < 4 ? x : -x, Math.round(target / Math.log2(x)) + (i % 3 === 0 ? 0.5 : 0));
    out.push(x, target / Math.log2(x));
  }
  const nearOne = randomDoubles(10_000, seed + 2, (next) => 1 + (Number(next() % 4001n) - 2000) * 2 ** -52);
  const huge = randomDoubles(
    10_000,
    seed + 3,
    (next) => (Number(next() % 1000n) + 1) * 2 ** Number((next() % 40n) + 25n),
  );
  for (const [i, x] of nearOne.entries()) out.push(i & 1 ? -x : x, i & 2 ? -huge[i] : huge[i]);
  const negatives = randomDoubles(10_000, seed + 4, uniformIn(50));
  const integers = randomDoubles(10_000, seed + 5, (next) => Number(next() % 121n) - 60);
  for (const [i, x] of negatives.entries()) out.push(-Math.abs(x), integers[i] + (i % 5 === 0 ? 0.5 : 0));
  return out;
}

/** clz32 and imul: ToUint32's edges (2^31, 2^32, 2^53, 2^64 and fractions). */
function integerCases(arity, seed) {
  const edges = [2 ** 31, 2 ** 32, 2 ** 53, 2 ** 63, 2 ** 64, 1e20, 0.5, 1.5].flatMap((x) => [
    x - 1,
    x - 0.5,
    x,
    x + 0.5,
    x + 1,
  ]);
  const values = edges.flatMap((x) => [x, -x]);
  values.push(...randomDoubles(10_000, seed, (next) => Number(next() % 2n ** 34n) - 2 ** 33));
  values.push(...randomDoubles(10_000, seed + 1, uniformIn(2 ** 40)));
  if (arity === 1) return values;
  const others = randomDoubles(values.length, seed + 2, (next) => Number(next() % 2n ** 34n) - 2 ** 33);
  return values.flatMap((x, i) => [x, others[i]]);
}

/** Each function's own interesting arguments, beyond the common ones. */
function ownCases(mathName, arity, seed) {
  if (['sin', 'cos', 'tan'].includes(mathName)) return trigCases(seed);
  if (mathName === 'pow') return powCases(seed);
  if (['clz32', 'imul'].includes(mathName)) return integerCases(arity, seed);
  return [];
}

/** The checker's input for `rows`: per function its arguments and Node's results. */
function casesFile(name, rows) {
  const parts = [];
  for (const { label, mathName, arity, args } of rows) {
    const count = arity === 0 ? 1 : args.length / arity;
    const expected = new Float64Array(count);
    const f = Math[mathName];
    for (let i = 0; i < count; i++) expected[i] = f(...args.subarray(i * arity, i * arity + arity));
    const labelBytes = Buffer.from(label);
    parts.push(
      new Uint32Array([labelBytes.length]),
      labelBytes,
      new Uint32Array([arity, count]),
      args,
      expected,
    );
  }
  const file = path.join(work, name);
  fs.writeFileSync(file, Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))));
  return file;
}

function runChecker(file) {
  const run = spawnSync(checker, [`--pow=${powAlgorithm}`, file], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const total = /total: (\d+) inputs, (\d+) mismatches/.exec(run.stdout);
  return {
    status: run.status,
    output: run.stdout + run.stderr,
    inputs: Number(total?.[1]),
    mismatches: Number(total?.[2]),
  };
}

describe('the native ports of Math.* give Node bit for bit', () => {
  before(() => {
    powAlgorithm = choosePow(powProbeResults());
  });

  it("every port agrees with this Node's Math on over 10^6 inputs", (t) => {
    for (const { mathName } of functions) assert.equal(typeof Math[mathName], 'function', mathName);
    const rows = functions.map(({ label, mathName, arity }, i) => ({
      label,
      mathName,
      arity,
      args: Float64Array.from([
        ...(arity === 1 ? unaryCases(1000 * (i + 1)) : multiCases(arity, 1000 * (i + 1))),
        ...ownCases(mathName, arity, 1000 * (i + 1) + 500),
      ]),
    }));
    const result = runChecker(casesFile('all.bin', rows));
    for (const line of [`Node ${process.version}`, ...result.output.trim().split('\n')]) t.diagnostic(line);
    assert.equal(result.status, 0, result.output);
    assert.equal(result.mismatches, 0, result.output);
    assert.ok(result.inputs >= 1_000_000, `only ${result.inputs} inputs`);
    for (const { label, arity } of functions) {
      const count = Number(new RegExp(`^${label}: (\\d+) inputs`, 'm').exec(result.output)?.[1]);
      assert.ok(count >= (arity === 0 ? 1 : 20_000), `${label}: ${count} inputs`);
    }
  });

  it('the checker reports a one-ulp difference and a wrong zero sign, in hex', () => {
    const [exp] = functions.filter((f) => f.mathName === 'exp');
    const rows = [
      { label: exp.label, mathName: 'exp', arity: 1, args: Float64Array.from([0.5, 1e-300, -800]) },
    ];
    const file = casesFile('wrong.bin', rows);
    // Rewrite Node's results: exp(0.5) one ulp up, exp(-800) as -0.
    const buffer = fs.readFileSync(file);
    const results = buffer.length - 24;
    buffer.writeDoubleLE(nextUp(buffer.readDoubleLE(results), 1), results);
    buffer.writeDoubleLE(-0, results + 16);
    fs.writeFileSync(file, buffer);
    const result = runChecker(file);
    assert.equal(result.status, 1, result.output);
    assert.equal(result.mismatches, 2, result.output);
    assert.match(
      result.output,
      new RegExp(`exp\\(0x3fe0000000000000 0x1p-1\\) gives 0x${toHex(Math.exp(0.5))}`),
    );
    assert.match(result.output, /Math 0x8000000000000000 -0x0p\+0/);
  });

  it('the pow probes pick the algorithm this Node uses, and none when a result is off', () => {
    const major = Number(process.versions.node.split('.')[0]);
    // V8 moved Math.pow from its fdlibm port to the C library's pow in Node 24.
    if (major <= 22) assert.equal(powAlgorithm, 'PowFdlibm');
    if (major >= 24) assert.equal(powAlgorithm, 'PowLibm');
    const results = powProbeResults();
    assert.equal(choosePow(results), powAlgorithm);
    // Each probe tells the two apart: one wrong bit in any one picks nothing.
    for (let i = 0; i < results.length; i++) {
      const off = results.slice();
      off[i] = toHex(nextUp(fromHex(off[i]), 1));
      assert.equal(choosePow(off), 'none', `probe ${i}`);
    }
  });

  it('the checker refuses a function it does not have', () => {
    const file = casesFile('unknown.bin', [
      { label: 'nosuch', mathName: 'exp', arity: 1, args: Float64Array.of(1) },
    ]);
    const result = runChecker(file);
    assert.equal(result.status, 1, result.output);
    assert.match(result.output, /nosuch\/1: no such function here/);
  });
});
