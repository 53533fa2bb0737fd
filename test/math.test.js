'use strict';
// Every Math function of the compiled subset gives exactly the running
// Node's Math.* bits, through compiled functions on a pool, on every SIMD
// path (each forced through NUMPOOL_SIMD in a child process): over 10^6
// inputs per path, random bit patterns and each function's hard ranges.
// Counted loops calling exp, sin, cos and log run repeated (in a tight loop
// through the register file) and are checked the same way.
// Each function's port is the one whose probes (native/kernels/math_choice.h)
// give this Node's bits: on arm64 Node, whose V8 contracts fdlibm's
// arithmetic into fused multiply-adds, 18 run their fused builds
// (fma_math.h); a function no port matches is refused, with why.
// `npm run test:arm64` runs this file in-process under qemu
// (NUMPOOL_MATH_IN_PROCESS: no child processes there), on the default path.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { runOnPath, runIfChild } = require('./simd-child');
const { assertSameBits, randomDoubles, anyDouble, positiveDouble, EDGE_INPUTS } = require('./reference');

const CHILD = 'NUMPOOL_MATH_TEST_CHILD';

const uniform = (low, high) => (next) => low + (Number(next() >> 11n) / 2 ** 53) * (high - low);
/** x and its neighbours a few ulps either side. */
function withNeighbours(values, ulps = 2) {
  const out = [];
  const bits = new BigInt64Array(1);
  const view = new Float64Array(bits.buffer);
  for (const x of values) {
    for (let u = -ulps; u <= ulps; u++) {
      view[0] = x;
      bits[0] += BigInt(u);
      out.push(view[0]);
    }
  }
  return out;
}
const SPECIAL = [...EDGE_INPUTS, ...EDGE_INPUTS.map((x) => -x), 5e-324, -5e-324, 1e-320, -1e-320];
const ANY = (seed, count = 12_000) => randomDoubles(count, seed, anyDouble);
const near = (center, width, seed, count = 4_000) =>
  randomDoubles(count, seed, uniform(center - width, center + width));
const tiny = (seed) => randomDoubles(4_000, seed, (next) => anyDouble(next) * 2 ** -1000 || 0);
/** Multiples of pi/2, small and large, with neighbours: trig's argument reduction. */
const piMultiples = () =>
  withNeighbours(
    Array.from({ length: 2_000 }, (_, k) => ((k < 1_000 ? k : k ** 3) * Math.PI) / 2).flatMap((x) => [x, -x]),
  );
const huge = (seed) =>
  randomDoubles(
    8_000,
    seed,
    (next) => 2 ** (20 + Number(next() % 1004n)) * (1 + Number(next() % 1000n) / 1000),
  );

// Inputs per function, each [name, fn, inputs]; together over 10^6.
function unaryCases() {
  const exps = [
    ...withNeighbours([
      709.782712893384, -745.1332191019411, -708.3964185322641, 709.089565712824, 710.4758600739439,
    ]),
    ...near(0, 750, 31, 10_000),
    ...near(0, 1, 32),
    ...tiny(33),
  ];
  const logs = [...randomDoubles(10_000, 41, positiveDouble), ...near(1, 1e-3, 42), ...near(0, 2, 43)];
  const unit = [...near(0, 1, 51, 10_000), ...withNeighbours([1, -1, 0.5, -0.5, 0.975, -0.975]), ...tiny(52)];
  const trig = [...piMultiples(), ...near(0, 10, 61, 10_000), ...huge(62), ...tiny(63)];
  const integers = [
    ...randomDoubles(10_000, 71, (next) => Number(BigInt.asIntN(40, next()))),
    ...withNeighbours([2 ** 31, -(2 ** 31), 2 ** 32, 2 ** 53, 2 ** 63, 2 ** 64, 2 ** 84]),
  ];
  return [
    ['exp', (x) => Math.exp(x), exps],
    ['expm1', (x) => Math.expm1(x), exps],
    ['sinh', (x) => Math.sinh(x), exps],
    ['cosh', (x) => Math.cosh(x), exps],
    ['tanh', (x) => Math.tanh(x), [...exps, ...near(0, 25, 34)]],
    ['log', (x) => Math.log(x), logs],
    ['log1p', (x) => Math.log1p(x), [...logs, ...near(-1, 1e-3, 44), ...unit]],
    [
      'log2',
      (x) => Math.log2(x),
      [...logs, ...randomDoubles(2_000, 45, (next) => 2 ** (Number(next() % 2098n) - 1074))],
    ],
    ['log10', (x) => Math.log10(x), [...logs, ...Array.from({ length: 700 }, (_, k) => 10 ** (k - 350))]],
    ['sin', (x) => Math.sin(x), trig],
    ['cos', (x) => Math.cos(x), trig],
    ['tan', (x) => Math.tan(x), trig],
    ['asin', (x) => Math.asin(x), unit],
    ['acos', (x) => Math.acos(x), unit],
    ['atanh', (x) => Math.atanh(x), unit],
    ['atan', (x) => Math.atan(x), [...unit, ...near(0, 100, 53), ...huge(54)]],
    ['asinh', (x) => Math.asinh(x), [...unit, ...near(0, 100, 55), ...huge(56)]],
    ['acosh', (x) => Math.acosh(x), [...near(1, 1e-3, 57), ...near(50, 49, 58), ...huge(59)]],
    ['cbrt', (x) => Math.cbrt(x), [...logs, ...near(0, 100, 64), ...tiny(65)]],
    ['clz32', (x) => Math.clz32(x), integers],
  ].map(([name, fn, extra], k) => [name, fn, Float64Array.from([...SPECIAL, ...ANY(100 + k), ...extra])]);
}

// Binary functions: the second argument in params, one map per value.
function binaryCases() {
  const ys = [
    ...[0, -0, 1, -1, 2, 0.5, -0.5, 2.2, -2.2, 1 / 3, 10, -10, 1e10, 1023, 1024, -1074, 53, 0.1, 7, -7],
    ...[Number.NaN, Infinity, -Infinity, 5e-324, 1e308],
  ];
  const xs = Float64Array.from([
    ...SPECIAL,
    ...ANY(201, 800),
    ...near(0, 10, 202, 800),
    ...near(1, 1e-6, 203, 300),
    ...randomDoubles(300, 204, (next) => Number(BigInt.asIntN(12, next()))),
  ]);
  return [
    ['pow', (x, p) => x ** p.y, (x, p) => p.y ** x],
    ['**', (x, p) => x ** p.y, (x, p) => p.y ** x],
    ['atan2', (x, p) => Math.atan2(x, p.y), (x, p) => Math.atan2(p.y, x)],
    ['hypot', (x, p) => Math.hypot(x, p.y), (x, p) => Math.hypot(p.y, x)],
    ['imul', (x, p) => Math.imul(x, p.y), (x, p) => Math.imul(p.y, x)],
  ].map(([name, left, right]) => [name, left, right, xs, ys]);
}

/**
 * Whether the compiler refuses `fn` as computing Math.<name> (or `**`)
 * otherwise than its port, which it must exactly where the probes found no
 * port giving this Node's bits; a refusal for any other reason fails.
 */
function refusedAsUnported(name, fn) {
  const { compile } = require('..');
  const { native } = require('../dist/native');
  const ported = native.programSpec().mathOps[name === '**' ? 'pow' : name];
  try {
    compile(fn);
  } catch (error) {
    const math = name === '**' ? 'pow' : name;
    assert.ok(error instanceof TypeError, String(error));
    assert.match(error.message, new RegExp(`computes Math\\.${math} differently from numpool's port`));
    assert.equal(ported, null, `${name} refused though ${ported} was chosen`);
    return true;
  }
  assert.notEqual(ported, null, `${name} compiled though no port was chosen`);
  return false;
}

/** Every case through `pool`: { checked: inputs compared, refused: names }. */
async function checkEvery(pool, context) {
  let checked = 0;
  const refused = [];
  for (const [name, fn, input] of unaryCases()) {
    if (refusedAsUnported(name, fn)) {
      refused.push(name);
      continue;
    }
    assertSameBits(await pool.map(fn, input), Float64Array.from(input, fn), `${context}: Math.${name}`);
    checked += input.length;
  }
  for (const [name, left, right, xs, ys] of binaryCases()) {
    const refusedLeft = refusedAsUnported(name, left);
    if (refusedAsUnported(name, right) || refusedLeft) {
      refused.push(name);
      continue;
    }
    for (const y of ys) {
      for (const fn of [left, right]) {
        const params = { y };
        const expected = Float64Array.from(xs, (x) => fn(x, params));
        assertSameBits(await pool.map(fn, xs, { params }), expected, `${context}: ${name}, y = ${y}`);
        checked += xs.length;
      }
    }
  }
  return { checked, refused };
}

// Counted loops whose straight-line bodies call exp, sin, cos (and log):
// they compile to a Repeat back edge (program.h's repeatable ops), which the
// interpreter runs through the register file with the vector ports.
const REPEATED = [
  {
    name: 'a sum of gaussians',
    uses: ['exp'],
    fn: (x, p) => {
      let s = 0;
      let t = x;
      for (let i = 0; i < p.n; i++) {
        s += Math.exp(-t * t);
        t += p.step;
      }
      return s;
    },
  },
  {
    name: 'a sum of sin * cos',
    uses: ['sin', 'cos'],
    fn: (x, p) => {
      let s = 0;
      let t = x;
      for (let i = 0; i < p.n; i++) {
        s += Math.sin(t) * Math.cos(t);
        t += p.step;
      }
      return s;
    },
  },
  {
    name: 'an iteration of all four',
    uses: ['exp', 'sin', 'cos', 'log'],
    fn: (x, p) => {
      let y = x;
      for (let i = 1; i <= p.n; i++)
        y = Math.log(Math.abs(Math.sin(y)) + Math.cos(y) * Math.cos(y)) - Math.exp(-y);
      return y;
    },
  },
];
const REPEATED_TRIPS = [0, 1, 3, 64, 300];

/** The REPEATED bodies through `pool` (those whose functions this Node's ports compute): inputs compared. */
async function checkRepeated(pool, context) {
  const { compileProgram } = require('../dist/compiler');
  const { native } = require('../dist/native');
  const { instructions, opName } = require('./program-format');
  const { mathOps, ops: rows } = native.programSpec();
  const repeatable = new Set(rows.filter((row) => row.repeatable).map((row) => row.name));
  const input = Float64Array.from([...SPECIAL, ...ANY(301, 1_000), ...near(0, 10, 302, 1_000)]);
  let checked = 0;
  for (const { name, uses, fn } of REPEATED) {
    if (uses.some((use) => mathOps[use] === null)) continue;
    const ops = instructions(compileProgram(fn.toString()).code).map(([op]) => opName(op));
    // The body is repeated where the ops this Node's ports chose may be
    // (the fused ops, which arm64 chooses, are not).
    assert.equal(
      ops.some((op) => op.startsWith('Repeat')),
      uses.every((use) => repeatable.has(mathOps[use])),
      `${name}: ${ops}`,
    );
    for (const n of REPEATED_TRIPS) {
      const params = { n, step: 0.37 };
      const expected = Float64Array.from(input, (x) => fn(x, params));
      assertSameBits(await pool.map(fn, input, { params }), expected, `${context}: ${name}, ${n} trips`);
      checked += input.length;
    }
  }
  return checked;
}

async function child() {
  const { Pool, info } = require('..');
  if (info().simd !== process.env.NUMPOOL_SIMD) throw new Error(`info().simd is ${info().simd}`);
  const pool = new Pool({ threads: 2 });
  try {
    const every = await checkEvery(pool, info().simd);
    const repeated = await checkRepeated(pool, info().simd);
    process.stdout.write(JSON.stringify({ ...every, repeated }));
  } finally {
    await pool.close();
  }
}

if (!runIfChild(CHILD, child)) {
  const { info, compile } = require('..');

  const { native } = require('../dist/native');
  const { mathOps } = native.programSpec();
  const unported = Object.keys(mathOps).filter((name) => mathOps[name] === null);
  /** The functions of the cases the probes refuse here (`**` with pow). */
  const expectRefused = (refused) =>
    assert.deepEqual([...refused].sort(), [...unported, ...(unported.includes('pow') ? ['**'] : [])].sort());

  describe('compiled Math functions give the bits of this Node', () => {
    if (process.env.NUMPOOL_MATH_IN_PROCESS) {
      it(`${info().simd}, in this process: every function accepted, at least 10^5 inputs; the others refused`, async () => {
        const { Pool } = require('..');
        const pool = new Pool({ threads: 2 });
        try {
          const { checked, refused } = await checkEvery(pool, `${process.arch} ${info().simd}`);
          await checkRepeated(pool, `${process.arch} ${info().simd}`);
          expectRefused(refused);
          assert.ok(checked >= 1e5, `${checked} inputs`);
          process.stdout.write(
            `# ${process.version} ${process.arch}: ${checked} inputs agree; refused: ${refused.join(' ') || 'none'}\n`,
          );
        } finally {
          await pool.close();
        }
      });
      return;
    }
    for (const simd of info().simdPaths) {
      it(`${simd}: every function, at least 10^6 inputs`, () => {
        const { checked, refused, repeated } = JSON.parse(runOnPath(__filename, CHILD, simd));
        expectRefused(refused);
        assert.ok(checked >= 1e6, `${checked} inputs`);
        // Every repeated body, where none of its functions is refused.
        if (refused.length === 0)
          assert.ok(repeated >= 3 * REPEATED_TRIPS.length * 2_000, `${repeated} repeated`);
      });
    }
  });

  describe('the probes: a Math function computed otherwise is refused', () => {
    it('a function whose bits differ on a probe loses its port, the others keep theirs', (t) => {
      const sin = Math.sin;
      t.after(() => {
        Math.sin = sin;
      });
      // Rounded to float: other bits on every probe, as a Node computing
      // sin otherwise would give on some.
      Math.sin = (x) => Math.fround(sin(x));
      const probed = native.programSpec().mathOps;
      assert.equal(probed.sin, null);
      assert.deepEqual({ ...probed, sin: mathOps.sin }, mathOps);
      // One wrong bit on one probe is enough.
      const probe = 0.5037009862207498; // kSin's first probe
      Math.sin = (x) => (x === probe ? sin(x) + Number.EPSILON * sin(x) : sin(x));
      assert.equal(native.programSpec().mathOps.sin, null);
    });
    it('the compiler refuses it, saying why', {
      skip: !!process.env.NUMPOOL_MATH_IN_PROCESS && 'no child processes',
    }, () => {
      const { execFileSync } = require('node:child_process');
      const script = `const tan = Math.tan; Math.tan = (x) => Math.fround(tan(x));
        const { compile } = require(${JSON.stringify(require.resolve('..'))});
        try { compile((x) => Math.tan(x) + 1); } catch (e) { process.stdout.write(e.constructor.name + ': ' + e.message); }`;
      const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
      assert.match(
        out,
        /^TypeError: cannot compile Math\.tan \(the running Node, v[\d.]+ on \w+, computes Math\.tan differently from numpool's port of V8's algorithm: other bits on probe arguments\) at line 1, column 8/,
      );
    });
  });

  describe('Math functions the subset refuses, and why', () => {
    it('Math.random: not deterministic', () => {
      assert.throws(
        () => compile((x) => Math.random() * x),
        /Math\.random \(not deterministic.* at line 1, column 8/,
      );
    });
    it('a Math function of the wrong arity', () => {
      assert.throws(() => compile((x) => Math.imul(x)), /Math\.imul with other than two arguments at line 1/);
      // Where the probes refused them, that is why instead (above).
      if (mathOps.atan2 !== null) {
        assert.throws(
          () => compile((x) => Math.atan2(x)),
          /Math\.atan2 with other than two arguments at line 1/,
        );
      }
      if (mathOps.hypot !== null) {
        assert.throws(() => compile((x) => Math.hypot(x, x, x)), /Math\.hypot with other than two arguments/);
      }
    });
  });
}
