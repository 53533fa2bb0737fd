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
  const flags = ['-std=c++20', '-O2', '-ffp-contract=off', '-fno-math-errno', '-Wall', '-Wextra', '-Werror'];
  execFileSync(cxx, [...flags, path.join(root, 'test/native/math_agree.cc'), '-o', checker], {
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

const bits = new DataView(new ArrayBuffer(8));
function fromBits(high, low) {
  bits.setUint32(0, high >>> 0);
  bits.setUint32(4, low >>> 0);
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
  const run = spawnSync(checker, [file], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const total = /total: (\d+) inputs, (\d+) mismatches/.exec(run.stdout);
  return {
    status: run.status,
    output: run.stdout + run.stderr,
    inputs: Number(total?.[1]),
    mismatches: Number(total?.[2]),
  };
}

describe('the native ports of Math.* give Node bit for bit', () => {
  it("every port agrees with this Node's Math on over 10^6 inputs", (t) => {
    for (const { mathName } of functions) assert.equal(typeof Math[mathName], 'function', mathName);
    const rows = functions.map(({ label, mathName, arity }, i) => ({
      label,
      mathName,
      arity,
      args: Float64Array.from(arity === 1 ? unaryCases(1000 * (i + 1)) : multiCases(arity, 1000 * (i + 1))),
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
    const hex = (x) => {
      bits.setFloat64(0, x);
      return bits.getBigUint64(0).toString(16).padStart(16, '0');
    };
    assert.match(
      result.output,
      new RegExp(`exp\\(0x3fe0000000000000 0x1p-1\\) gives 0x${hex(Math.exp(0.5))}`),
    );
    assert.match(result.output, /Math 0x8000000000000000 -0x0p\+0/);
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
