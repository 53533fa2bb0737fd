'use strict';
// Compiled JavaScript functions give exactly the bits of calling the
// function in JavaScript, on every thread count; every construct outside
// the numeric subset is rejected at compile time with its position.
const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const { Pool, compile, CompiledKernel, map } = require('..');
const {
  assertSameBits,
  randomDoubles,
  anyDouble,
  positiveDouble,
  EDGE_INPUTS,
  seedF,
  seedLogSum,
} = require('./reference');
const { spec, opCode, instruction, instructions, opName } = require('./program-format');

const pools = [1, 2, 3].map((threads) => new Pool({ threads }));
after(() => Promise.all(pools.map((pool) => pool.close())));

const mixedInput = Float64Array.from([
  ...EDGE_INPUTS,
  ...EDGE_INPUTS.map((x) => -x),
  ...randomDoubles(3000, 11, anyDouble),
  ...randomDoubles(3000, 12, (next) => (Number(next() % 2001n) - 1000) / 8),
]);

async function checkEveryPool(fn, input, params) {
  const expected = Float64Array.from(input, (x) => fn(x, params));
  for (const pool of pools) {
    const actual = await pool.map(fn, input, { params });
    assertSameBits(actual, expected, `${fn} on ${pool.threads} threads`);
  }
}

describe('compiled functions match JavaScript bit for bit', () => {
  it('square', () => checkEveryPool((x) => x * x, mixedInput));

  it('a polynomial with params', () =>
    checkEveryPool((x, p) => ((p.a * x + p.b) * x - 0.25) * x + p.c, mixedInput, {
      a: 1.5,
      b: -3,
      c: Math.PI,
    }));

  it('a function with branches', () =>
    checkEveryPool((x) => {
      if (x > 10) return Math.sqrt(x);
      else if (x < -10) {
        const y = -x;
        return Math.log(y) * 2;
      }
      let r = x;
      if (!(x >= 0) && !(x < 0)) r = 7;
      return r % 3;
    }, mixedInput));

  it('Collatz steps: a data-dependent while loop with break and continue', () =>
    checkEveryPool((x) => {
      if (!(Math.abs(x) < 1e6)) return -1;
      let n = Math.floor(Math.abs(x)) + 1;
      let steps = 0;
      while (true) {
        if (n === 1) break;
        steps++;
        if (n % 2 === 0) {
          n = n / 2;
          continue;
        }
        n = 3 * n + 1;
      }
      return steps;
    }, mixedInput));

  it('Newton iterations to a tolerance', () =>
    checkEveryPool(
      (x, p) => {
        if (!(x > 0) || x === Infinity) return Number.NaN;
        let y = Math.max(x, 1);
        let k = 0;
        for (; k < 200; k++) {
          const next = 0.5 * (y + x / y);
          if (Math.abs(next - y) <= p.tolerance * next) return next + k * Number.EPSILON;
          y = next;
        }
        return -k;
      },
      mixedInput,
      { tolerance: 1e-15 },
    ));

  for (const [fn, kernel] of [
    [seedF, 'logAccumulate'],
    [seedLogSum, 'logSum'],
  ]) {
    it(`the seed's loop as a function equals the built-in ${kernel}`, async () => {
      const input = [...randomDoubles(20, 13, positiveDouble), 0, -1, 1, 999, Number.NaN];
      const params = { iterations: 100_000, step: 0.1 };
      const builtin = await pools[1].map(kernel, input, params);
      for (const pool of pools) {
        assertSameBits(
          await pool.map(fn, input, { params }),
          builtin,
          `${kernel} on ${pool.threads} threads`,
        );
      }
      const some = input.slice(0, 4);
      assertSameBits(
        builtin.slice(0, 4),
        Float64Array.from(some, (x) => fn(x, params)),
        `${kernel} in JavaScript`,
      );
    });
  }

  it('the seed f in JavaScript gives the same results', () =>
    checkEveryPool(seedF, [1, 2.5, 999, 0, -3, Number.NaN], { iterations: 3000, step: 0.01 }));

  it('truthiness, && and || values, booleans and undefined', () =>
    checkEveryPool(
      (x) => {
        let u;
        const b = x > 1;
        if (x === 3) return;
        if (x === 4) return b;
        if (x === 5) return u;
        if (x === 6) return !x;
        return ((x && 5) || x - 1) + (b ? 1 : 2) + (!u + b) * 3 + (x ? 1 : 0) + -b;
      },
      [...mixedInput, 3, 4, 5, 6],
    ));

  it('Math and Number constants, min and max of several', () =>
    checkEveryPool(
      (x) =>
        Math.min(x, Math.PI, Math.E + Number.EPSILON) +
        Math.max(x * Math.LN2, -x, Number.MIN_VALUE) * Math.SQRT2 -
        Math.min() +
        Math.max(-0, x) / Number.MAX_SAFE_INTEGER +
        (x > Number.MAX_VALUE ? Number.NEGATIVE_INFINITY : Infinity),
      mixedInput,
    ));

  it('a function that falls off its end returns NaN', () =>
    checkEveryPool((x) => {
      if (x > 0) return x;
    }, mixedInput));
});

describe('% on every SIMD path: the exact integer path and fmod', () => {
  // Integer operands take a quotient-based path (interpreter.cc, exactMod);
  // its edges (|x| at 2^52, y = ±1, -0, huge y) and the operands it leaves
  // to fmod (fractions, |x| above 2^52, NaN, ±Infinity, 0) against JavaScript.
  const { native } = require('../dist/native');
  const paths = native.simdPaths();
  after(() => native.useSimd(paths[paths.length - 1]));
  const edges = [0, -0, 1, -1, 2, -2, 3, -3, 4, -4, 7, 13, -13, 1e6, -999983, 2 ** 31, 2 ** 32 + 1];
  const large = [
    2 ** 52,
    -(2 ** 52),
    2 ** 52 - 1,
    2 ** 52 + 2,
    2 ** 53,
    -(2 ** 53) - 2,
    2 ** 60,
    1e300,
    -Number.MAX_VALUE,
  ];
  const others = [0.5, -2.5, 0.1, 1e-300, 5e-324, Number.NaN, Infinity, -Infinity, 4503599627370495.5];
  const values = [...edges, ...large, ...others];
  const xs = [];
  const ys = [];
  for (const x of values) {
    for (const y of values) {
      xs.push(x);
      ys.push(y);
    }
  }
  // Many integer pairs of both signs: enough for the threads.
  const ints = randomDoubles(40000, 51, (next) => Number(BigInt.asIntN(40, next())));
  const divisors = randomDoubles(40000, 52, (next) => Number(BigInt.asIntN(12, next())));
  const x = Float64Array.from([...xs, ...ints]);
  const y = Float64Array.from([...ys, ...divisors]);
  const want = Float64Array.from(x, (v, i) => v % y[i]);
  for (const path of paths) {
    it(path, async () => {
      native.useSimd(path);
      for (const pool of pools)
        assertSameBits(await pool.map((a, b) => a % b, [x, y]), want, `${path}, ${pool.threads} threads`);
    });
  }
});

describe('Math functions are proven identical to Math.* on 10^5 inputs', () => {
  const input = Float64Array.from([
    ...EDGE_INPUTS,
    ...randomDoubles(40_000, 21, anyDouble),
    ...randomDoubles(40_000, 22, (next) => (Number(next() % 8001n) - 4000) / 4),
    ...randomDoubles(20_000, 23, (next) => (anyDouble(next) % 1) * 2 ** 53),
    0.49999999999999994,
    -0.49999999999999994,
    2 ** 52 + 0.5,
    4503599627370495.5,
    -4503599627370495.5,
  ]);
  const fns = {
    abs: (x) => Math.abs(x),
    ceil: (x) => Math.ceil(x),
    floor: (x) => Math.floor(x),
    fround: (x) => Math.fround(x),
    log: (x) => Math.log(x),
    round: (x) => Math.round(x),
    sign: (x) => Math.sign(x),
    sqrt: (x) => Math.sqrt(x),
    trunc: (x) => Math.trunc(x),
    min: (x) => Math.min(x, -x / 3) + Math.min(x, -0) + Math.min(0, x),
    max: (x) => Math.max(x, -x / 3) + Math.max(x, -0) + Math.max(0, x),
    remainder: (x) => (x % 3.7) + (1e300 % x) + (x % -x) / 7,
  };
  for (const [name, fn] of Object.entries(fns)) {
    it(name, async () => {
      assertSameBits(await pools[1].map(fn, input), Float64Array.from(input, fn), name);
    });
  }
});

describe('the numeric subset is enforced at compile time', () => {
  // Sources, so that neither the linter nor the formatter touches them;
  // `outer` and `helper` are what the closures would capture.
  const outer = 3;
  const helper = (x) => x;
  const rejected = [
    ['(x) => x + outer', /outer variable or global outer .* line 1, column 12: `outer`/],
    [
      '(x) => helper(x)',
      /call to helper \(a function outside Math: pass it as options\.functions\.helper .*line 1, column 8/,
    ],
    ["(x) => x + 'a'", /non-numeric literal at line 1, column 12: `'a'`/],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template literal is the construct under test
    ['(x) => `${x}`', /a string at line 1, column 8/],
    ['(x) => ({ a: x }).a', /property access .* at line 1, column 8/],
    ['(x) => [x][0]', /property access/],
    ['function (x) {\n  return this.a + x;\n}', /`this` at line 2, column 10: `this`/],
    ['async (x) => x', /an async function at line 1, column 1/],
    ['function* (x) {\n  yield x;\n}', /a generator/],
    ['(x, i, p) => {\n  p = 2;\n  return x;\n}', /assignment to the params object at line 2, column 3: `p`/],
    [
      '(x) => {\n  var y;\n  if (x > 0) y = x;\n  return y === 1;\n}',
      /=== between values that may be of different types at line 4/,
    ],
    ['(x) => {\n  const y = 0;\n  return (y += x);\n}', /assignment to a const at line 3, column 11/],
    [
      '(x) => {\n  let y;\n  if (x) y = 1;\n  return y ?? 2;\n}',
      /\?\? on a value that may be undefined or not .*at line 4, column 10/,
    ],
    [
      '(x) => Number.isFinite(x > 1 ? x : undefined)',
      /Number\.isFinite of a value that may be a number or not/,
    ],
    ['(x) => typeof (x > 1 ? x : undefined) === "number"', /typeof of a value whose type is not known/],
    [
      '(x) => Math.expo(x)',
      /Math\.expo \(no such Math function; numpool compiles Math\.abs, .* at line 1, column 8/,
    ],
    ['(x) => Math.random()', /Math\.random \(not deterministic/],
    ['(x) => typeof x', /the operator typeof/],
    ['(x) => {\n  let y;\n  if (x > 0) y = x;\n  return y === y;\n}', /=== between .* at line 4, column 10/],
    ['(x) => {\n  const y = y + x;\n  return y;\n}', /y before its initialisation at line 2, column 13/],
    ['(x) => {\n  const y = 1;\n  y += x;\n  return y;\n}', /assignment to a const at line 3, column 3/],
    [
      '(x) => {\n  switch (x) {\n    case 1:\n      let y = 2;\n      return y;\n  }\n}',
      /let declaration directly in a case .* line 4, column 7/,
    ],
    ['(x) => {\n  for (const y of [x]) return y;\n}', /for-in\/of loop/],
    [
      '(x) => {\n  switch (x) {\n    case x++:\n      return 2;\n  }\n}',
      /case test with effects .* line 3, column 10/,
    ],
    [
      '(x) => {\n  switch (x) {\n    case true:\n      return 2;\n  }\n}',
      /=== between values that may be of different types at line 3, column 10/,
    ],
    ['(x) => {\n  try {\n    return x;\n  } finally {\n  }\n}', /try statement/],
    ['(x, i, p) => p', /the params object/],
    ['(x, p) => p.a.b', /property access/],
    ["(x) => Math['log'](x)", /call to a function other than Math/],
    ['({ a }) => a', /parameter pattern/],
    [
      '(x, i, p, q) => x',
      /a function of 4 parameters for 1 input \(expected \(x\), \(x, i\), \(x, params\) or \(x, i, params\)\)/,
    ],
    ['() => 1', /a function of 0 parameters for 1 input/],
    ['(x) => new Float64Array(x)', /new expression/],
    ['(x) => (() => x)()', /call to a function other than Math/],
    ['(x) => x?.y', /property access|chain/],
    ['(x) => { let f = 1; return f(x); }', /call to the local f \(a number\)/],
    ['(x) => { let Math = 1; return x; }', /variable that shadows Math/],
    [
      '(x) => { if (x) { let n = 0; n = n + undef; } }',
      /global undef \(closures are not compiled: pass a number as options\.constants\.undef/,
    ],
    ['class {}', /not a function expression/],
    ['({ m(x) { return x; } }).m', /not a function expression \(a method or a class\?\) at line 1, column 1/],
  ];
  const functions = rejected.map(([source, message]) => [
    new Function('outer', 'helper', `return ${source}`)(outer, helper),
    message,
  ]);
  functions.push([helper.bind(null), /does not parse as a function expression/]);
  for (const [fn, message] of functions) {
    it(`rejects ${String(fn).replace(/\s+/g, ' ').slice(0, 50)}`, async () => {
      assert.throws(
        () => compile(fn),
        (error) => error instanceof TypeError && message.test(error.message),
      );
      await assert.rejects(
        pools[0].map(fn, [1]),
        (error) => error instanceof TypeError && message.test(error.message),
      );
    });
  }

  it('rejects non-functions and bad params', async () => {
    assert.throws(() => compile(42), /fn must be a function, got number 42/);
    const fn = (x, p) => x * p.scale;
    await assert.rejects(pools[0].map(fn, [1]), /options\.params\.scale must be a number .*got undefined/);
    await assert.rejects(
      pools[0].map(fn, [1], { params: { scale: '2' } }),
      /options\.params\.scale must be a number/,
    );
    await assert.rejects(pools[0].map(fn, [1], { params: 3 }), /options\.params must be an object/);
    await assert.rejects(
      pools[0].map(fn, [1], { scale: 2 }),
      /options\.scale is not an option of a function map/,
    );
    assert.deepEqual([...(await pools[0].map(fn, [1, 2], { params: { scale: 2, unused: 'x' } }))], [2, 4]);
  });
});

describe('compile', () => {
  it('returns a reusable kernel, cached by source', async () => {
    const make = () => (x, p) => x * p.k + 1;
    const kernel = compile(make());
    assert.ok(kernel instanceof CompiledKernel);
    assert.equal(compile(make()), kernel);
    assert.deepEqual(kernel.params, ['k']);
    assert.deepEqual([...(await pools[2].map(kernel, [1, 2, 3], { params: { k: 10 } }))], [11, 21, 31]);
  });

  it('the default map takes functions and compiled kernels', async () => {
    assert.deepEqual([...(await map((x, p) => x * p.k, [1, 2], { params: { k: 3 } }))], [3, 6]);
    assert.deepEqual(
      [
        ...(await map(
          compile((x) => -x),
          [1, -0],
        )),
      ],
      [-1, 0],
    );
  });

  it('the built-in kernels still work by name', async () => {
    assert.deepEqual([...(await pools[0].map('square', [1, 2, 3]))], [1, 4, 9]);
  });
});

describe('cancellation of compiled loops', () => {
  const endless = (x) => {
    let n = x;
    while (true) n = n + 1;
  };

  it('an endless loop stops on abort, and the pool goes on', async () => {
    for (const pool of pools) {
      const controller = new AbortController();
      const running = pool.map(endless, new Float64Array(1000), { signal: controller.signal });
      setTimeout(() => controller.abort(), 30);
      await assert.rejects(running, { name: 'AbortError' });
      assert.deepEqual([...(await pool.map((x) => x + 1, [1]))], [2]);
    }
  });

  it('an endless counted loop stops on abort', async () => {
    const counted = (x, p) => {
      let y = x;
      for (let i = 0; i < p.n; i++) y = y + 1;
      return y;
    };
    const controller = new AbortController();
    const running = pools[1].map(counted, new Float64Array(100), {
      signal: controller.signal,
      params: { n: Infinity },
    });
    setTimeout(() => controller.abort(), 30);
    await assert.rejects(running, { name: 'AbortError' });
  });

  it('terminate() ends an endless loop on one element', async () => {
    const pool = new Pool({ threads: 2 });
    const running = pool.map(endless, [1]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await pool.terminate();
    await assert.rejects(running, { name: 'AbortError' });
  });
});

describe('assignments sunk out of loops keep their last value', () => {
  it('on lanes that assign on some iterations, break, continue or never enter', () =>
    checkEveryPool(
      (x, p) => {
        let last = -1;
        let other = 0;
        let fixed = x;
        for (let i = 0; i < p.n; i++) {
          const t = fixed * 0.5;
          if (i % 3 === 1) continue;
          if (t > 40) last = Math.log(t) + Math.sqrt(fixed);
          fixed += 1.25;
          if (fixed > 100) break;
          if (i > x) other = Math.floor(fixed + t);
        }
        let k = 0;
        while (fixed < 3 && k < 50) {
          fixed = fixed + 1;
          k++;
          other = Math.round(fixed) * 2;
        }
        return last + other * 1000;
      },
      mixedInput,
      { n: 60 },
    ));
});

describe('counted loops (the same trip count on every lane)', () => {
  it('with <=, += 1, ++i, a counter the body reads, nesting, no iterations, under a branch', () =>
    checkEveryPool(
      (x, p) => {
        let s = 0;
        let last = -1;
        let y = x;
        if (x > 0) {
          for (let i = -2; i <= p.n; i += 1) {
            last = Math.sqrt(y) + i;
            y = y * 0.5 + 1;
          }
        }
        for (let j = 0; j < p.m; ++j) {
          s = s + j * x;
          last = Math.floor(s) + last;
        }
        for (let k = 0; k < p.none; k++) last = Math.log(k);
        for (let i = 0; i < 3; i++) {
          for (let j = 0; j < 4; j++) y = Math.log(Math.abs(y) + j) + i;
        }
        return last + s * 7 + y;
      },
      mixedInput,
      { n: 5, m: 7, none: -1 },
    ));
});

describe('what a compiled function runs', () => {
  const { compileProgram } = require('../dist/compiler');
  const { readCompileOptions } = require('../dist/compiled');
  const compiledInstructions = (fn) => instructions(compileProgram(fn.toString()).code);

  it('a loop that reads its counter advances it with one in-place add before its back edge', () => {
    const code = compiledInstructions((x, p) => {
      let s = 0;
      for (let i = 0; i < p.n; i++) s += i * x;
      return s;
    });
    const back = code.findIndex(([op]) => opName(op) === 'Jump');
    const [op, d, a] = code[back - 1];
    assert.equal(opName(op), 'Add');
    assert.ok(op & spec.inPlaceWrite, 'written in place');
    assert.equal(d, a, 'counter += 1');
  });

  it('unrolls a loop of a few iterations known when compiled, where a table read by the counter is its element', () => {
    const JUMPS = ['Jump', 'LoopTest', 'JumpUnlessBelow', 'JumpUnlessAtMost', 'NextBelow', 'RepeatBelow'];
    const ops = (fn) => compiledInstructions(fn).map(([op]) => opName(op));
    const unrolled = ops((x) => {
      var cof = [0.5, -1.25, 3, 1e-3];
      var d = 0;
      var j = cof.length - 1;
      for (; j > 0; j--) d = d * x + cof[j];
      for (let k = 0; k < 3; k++) d += cof[k + 1] * k;
      return d + cof[0] + j;
    });
    assert.deepEqual(
      unrolled.filter((name) => name === 'Eq' || name === 'Select' || JUMPS.includes(name)),
      [],
      'no compares, selects or jumps',
    );
    assert.equal(unrolled.filter((name) => name === 'Mul').length, 3, "one per iteration of j's loop");
    // After an early return, and in a branch: `i = 0` starts the loop on the lanes that run it.
    const branched = ops((x) => {
      var cof = [0.5, -1.25, 3, 1e-3];
      var i;
      var d = x;
      if (x > 171) return Infinity;
      if (x < 2) for (i = 0; i < 4; ++i) d = d * x + cof[i];
      return d + i;
    });
    assert.ok(!branched.some((name) => name === 'Eq' || JUMPS.includes(name)), String(branched));
    // Each of these keeps its loop: the counter written in the body, a break, too many iterations.
    const kept = [
      (x) => {
        let i;
        for (i = 0; i < 4; i++) if (x > i) i++;
        return i;
      },
      (x) => {
        let i;
        for (i = 0; i < 4; i++) if (x > i) break;
        return i;
      },
      (x) => {
        let s = 0;
        for (let i = 0; i < 65; i++) s += x;
        return s;
      },
    ];
    for (const fn of kept)
      assert.ok(
        ops(fn).some((name) => JUMPS.includes(name)),
        String(fn),
      );
    // Copies are made while the program stays short: loops nested in
    // unrolled loops multiply (four loops of 64 are 16 million copies of the
    // body), and so do the helpers a body calls.
    const term = (a) => a * a + a - 1 / a + a * 3 - a / 7 + a * a * a - 2 * a + 0.5 * a * a - a;
    const heavy = (a) => term(a) + term(a + 1) + term(a + 2) + term(a + 3);
    const nested = [
      compiledInstructions((x) => {
        let s = 0;
        for (let a = 0; a < 64; a++)
          for (let b = 0; b < 64; b++)
            for (let c = 0; c < 64; c++) for (let d = 0; d < 64; d++) s += x * a + b - c + d;
        return s;
      }),
      instructions(
        compileProgram(
          ((x) => {
            let s = 0;
            for (let j = 0; j < 64; j++) for (let i = 0; i < 64; i++) s += heavy(x + i + j) + heavy(x - i);
            return s;
          }).toString(),
          1,
          readCompileOptions({ heavy, term }, undefined),
        ).code,
      ),
    ];
    for (const code of nested) {
      assert.ok(code.length < 20_000, `${code.length} instructions`);
      const names = code.map(([op]) => opName(op));
      assert.ok(
        names.some((name) => JUMPS.includes(name)),
        'the copies past the bound run as loops',
      );
    }
  });

  it('a Refill heads each data-dependent loop outside any branch, loop or helper, and only those', () => {
    const refills = (fn, options) =>
      instructions(compileProgram(fn.toString(), options).code).filter(([op]) => opName(op) === 'Refill')
        .length;
    const twoLoops = (x) => {
      let n = x;
      while (n > 1) n = n / 2;
      do n = n + 1;
      while (n < x);
      return n;
    };
    assert.equal(refills(twoLoops), 2);
    const inBranch = (x) => {
      let n = x;
      if (x > 0) while (n > 1) n = n / 2;
      return n;
    };
    // 100 iterations: a counted loop, not unrolled (unroll.ts unrolls at most 64).
    const inCounted = (x) => {
      let s = 0;
      for (let j = 0; j < 100; j++) {
        let n = x + j;
        while (n > 1) n = n / 2;
        s += n;
      }
      return s;
    };
    const inLoop = (x) => {
      let n = x;
      while (n > 1) {
        let k = n;
        while (k > 1) k = k / 3;
        n = n / 2 + k;
      }
      return n;
    };
    assert.equal(refills(inBranch), 0);
    assert.equal(refills(inCounted), 0);
    assert.equal(refills(inLoop), 1, 'the outer loop only');
  });

  it('counts a Math.log as far dearer than plain arithmetic when it plans a map', () => {
    const ns = (fn) => compileProgram(fn.toString()).nsPerElement;
    assert.ok(ns((x) => Math.log(x)) >= 2, 'a log costs nanoseconds');
    assert.ok(ns((x) => Math.log(x)) > 5 * ns((x) => x * 2 + 1));
  });
});

describe('the last iteration peeled off a counted loop', () => {
  const peeled = (x, p) => {
    let y = x;
    let last = -1;
    let top = -2;
    for (let i = 0; i < p.n; i++) {
      last = Math.log(y);
      y = y * 1.5 + 1;
    }
    for (let i = 1; i <= p.n; i++) {
      y = y - 0.25;
      top = Math.sqrt(y) + last;
    }
    return last + top * 3 + y;
  };
  for (const n of [0, 1, 2, 5, 2.5, -1, Number.NaN]) {
    it(`${n} iterations`, () => checkEveryPool(peeled, mixedInput, { n }));
  }
});

describe('the binding checks programs from direct callers', () => {
  it('refuses malformed programs with a RangeError', () => {
    const { native } = require('../dist/native');
    const pool = new native.NativePool(1);
    const submit = (code, registers = 2) =>
      pool.mapProgram(
        {},
        Int32Array.from(code),
        new Float64Array(0),
        registers,
        1,
        1,
        new Float64Array(1),
        new Float64Array(1),
        false,
      );
    try {
      assert.throws(() => submit(instruction(999)), /invalid program: unknown op at 0/);
      assert.throws(() => submit(instruction('Add', 1, 0, 2, 0)), /operand out of range at 0/);
      assert.throws(() => submit(instruction('Jump', 2, 0, 0, 0)), /operand out of range at 0/);
      assert.throws(() => submit(instruction(opCode('Mov') | spec.maskedWrite, 1, 0, 0, 0)), /masked write/);
      assert.throws(() => submit(instruction('Mov', 1, 0).slice(0, -1)), /invalid program/);
      assert.throws(() => submit(instruction('Mov', 1, 0, 0, 0), 1e7), /registers out of range/);
      const out = new Float64Array(2);
      pool.mapProgram(
        {},
        Int32Array.from(instruction('Mul', 1, 0, 0)),
        new Float64Array(0),
        2,
        1,
        1,
        Float64Array.of(3, -4),
        out,
        false,
      );
      assert.deepEqual([...out], [9, 16]);
    } finally {
      pool.stop();
    }
  });
});
