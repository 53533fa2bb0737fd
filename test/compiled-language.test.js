'use strict';
// The JavaScript that numeric packages ship, compiled: var, assignments
// inside expressions, assigned parameters, the comma operator, ??, switch,
// do-while, labelled jumps, the isNaN family, typeof guards, helpers
// (options.functions, inlined) and outer constants (options.constants).
// Every result is Object.is-identical to calling the function, inline (a
// few elements) and on 1 to 3 threads, on every SIMD path (this file again
// in a child process per path).
const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const { Pool, compile, info, map } = require('..');
const { runOnPath } = require('./simd-child');
const { assertSameBits, randomDoubles, anyDouble, EDGE_INPUTS } = require('./reference');

const pools = [1, 2, 3].map((threads) => new Pool({ threads }));
after(() => Promise.all(pools.map((pool) => pool.close())));

const unit = Float64Array.from([
  ...EDGE_INPUTS,
  ...EDGE_INPUTS.map((x) => -x),
  ...randomDoubles(2000, 41, (next) => Number(next() % 10001n) / 10000),
  ...randomDoubles(2000, 42, anyDouble),
  ...randomDoubles(2000, 43, (next) => (Number(next() % 4001n) - 2000) / 16),
]);
// Few enough elements for a straight-line function to run inline.
const few = unit.subarray(0, 12);

/** Checks `fn` (called with `bind` as its JavaScript closure would see it) on every pool, inline and threaded. */
async function check(fn, options = {}, input = unit) {
  const expected = Float64Array.from(input, (x) => fn(x, options.params));
  for (const pool of pools) {
    for (const values of [input.subarray(0, few.length), input]) {
      const actual = await pool.map(fn, values, options);
      assertSameBits(actual, expected.subarray(0, values.length), `${fn} on ${pool.threads} threads`);
    }
  }
  const kernel = compile(fn, { functions: options.functions, constants: options.constants });
  assertSameBits(await map(kernel, input, { params: options.params }), expected, `compiled ${fn}`);
}

// Easing and interpolation functions in the style packages ship them.
function easeInOutQuad(t) {
  if ((t *= 2) < 1) return 0.5 * t * t;
  return -0.5 * (--t * (t - 2) - 1);
}
function easeOutBounce(t) {
  var n1 = 7.5625,
    d1 = 2.75;
  if (t < 1 / d1) {
    return n1 * t * t;
  } else if (t < 2 / d1) {
    return n1 * (t -= 1.5 / d1) * t + 0.75;
  } else if (t < 2.5 / d1) {
    return n1 * (t -= 2.25 / d1) * t + 0.9375;
  } else {
    return n1 * (t -= 2.625 / d1) * t + 0.984375;
  }
}
function easeInOutCubic(t) {
  return (t /= 0.5) < 1 ? 0.5 * t * t * t : 0.5 * ((t -= 2) * t * t + 2);
}

describe('package-style functions compile and match JavaScript bit for bit', () => {
  it('easing: assignments inside conditions, assigned parameters, var', async () => {
    await check(easeInOutQuad);
    await check(easeOutBounce);
    await check(easeInOutCubic);
  });

  it('d3-style factories: the closure variable given as options.constants', async () => {
    const s = 1.70158;
    const backInOut = (t) =>
      ((t *= 2) <= 1 ? t * t * ((s + 1) * t - s) : (t -= 2) * t * ((s + 1) * t + s) + 2) / 2;
    await check(backInOut, { constants: { s } });
    // A factory's parameters, which its easing function assigns.
    let amplitude = 1;
    let period = 0.3;
    const tau = 2 * Math.PI;
    function elasticOut(t) {
      var p = (Math.asin(1 / (amplitude = Math.max(1, amplitude))) * (period /= tau)) / tau;
      return 1 - amplitude * Math.exp(-10 * (t = +t)) * Math.sin((t + p) / period);
    }
    await assert.rejects(
      pools[0].map(elasticOut, [0.5], { constants: { amplitude, period, tau } }),
      /assignment to options\.constants amplitude/,
    );
    function elasticOutFixed(t) {
      var a = Math.max(1, amplitude),
        q = period / tau;
      var p = (Math.asin(1 / a) * q) / tau;
      return 1 - a * Math.exp(-10 * (t = +t)) * Math.sin((t + p) / q);
    }
    await check(elasticOutFixed, { constants: { amplitude, period, tau } });
  });

  it('any number is a constant: NaN, ±Infinity and -0 keep their bits', async () => {
    for (const c of [Number.NaN, Infinity, -Infinity, -0, 0, 5e-324]) {
      const fn = (x) => x * 0 + c;
      const expected = Float64Array.from(unit, fn);
      assertSameBits(await pools[1].map(fn, unit, { constants: { c } }), expected, `c = ${c}`);
    }
    // The cache tells constants apart, -0 from 0 included.
    const fn = (x) => x + c2;
    const c2 = 0;
    assert.ok(Object.is((await pools[0].map(fn, [-0], { constants: { c2: -0 } }))[0], -0));
    assert.ok(Object.is((await pools[0].map(fn, [-0], { constants: { c2: 0 } }))[0], 0));
  });

  it("helpers: a module's own clamp and smoothstep, inlined with their early returns", async () => {
    function clamp(x, lo, hi) {
      if (x < lo) return lo;
      if (x > hi) return hi;
      return x;
    }
    const edge0 = -2;
    const edge1 = 3;
    function smoothstep(x) {
      var t = clamp((x - edge0) / (edge1 - edge0), 0, 1);
      return t * t * (3 - 2 * t);
    }
    await check(smoothstep, { functions: { clamp }, constants: { edge0, edge1 } });
    // Helpers calling helpers; arguments evaluated once, in order, with their effects.
    const twice = (v) => clamp(v, -1, 1) * 2;
    const sum3 = (a, b, c) => a + b - c;
    const fn = (x) => {
      let k = x;
      return sum3((k *= 2), twice(k++), k) + k;
    };
    await check(fn, { functions: { clamp, twice, sum3 } });
    // Missing arguments are undefined, extra ones evaluated and dropped.
    const orDefault = (a, b) => (b === undefined ? a : b);
    await check((x) => orDefault(x) - orDefault(x, x * 3), { functions: { orDefault } });
    const first = (a, b) => (typeof b === 'undefined' ? a : a + b);
    await check((x) => first(x) + first(x, 1, x * 3), { functions: { first } });
  });

  it('a helper with a loop runs only on the lanes that take its branch', { timeout: 60_000 }, async () => {
    function countDown(n) {
      var k = 0;
      do {
        n -= 1;
        k++;
      } while (n > 0);
      return k;
    }
    // On the other lanes (Infinity, NaN, huge) the loop would never end.
    await check((x) => (x >= 0 && x < 300 ? countDown(x) : -1), { functions: { countDown } });
    await check((x) => (x < 0 || x >= 300 || x !== x ? -1 : countDown(x)), { functions: { countDown } });
  });

  it('statistics: var, assigned parameters and constants (an erf approximation)', () => {
    const [a1, a2, a3, a4, a5, p] = [
      0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429, 0.3275911,
    ];
    function erf(x) {
      var sign = x < 0 ? -1 : 1;
      x = Math.abs(x);
      var t = 1.0 / (1.0 + p * x);
      var y = 1.0 - ((((a5 * t + a4) * t + a3) * t + a2) * t + a1) * t * Math.exp(-x * x);
      return sign * y;
    }
    return check(erf, { constants: { a1, a2, a3, a4, a5, p } });
  });

  it('switch: strict equality, fall-through, default in the middle, break, -0 === 0', () =>
    check((d) => {
      var r = 0;
      switch (Math.floor(d) % 7) {
        case 0:
        case 6:
          return 0.5;
        case 1:
          d += 1;
        // falls through
        case 2:
          d *= 2;
          break;
        default:
          r = -1;
        case 3:
          r += 10;
          break;
        case 4: {
          const q = d / 2;
          if (q > 1) break;
          r = q;
        }
      }
      return d + r;
    }));

  it('labelled break and continue, do-while, the comma operator', async () => {
    await check((x) => {
      var n = Math.min(Math.abs(Math.floor(x)), 60),
        count = 0;
      outer: for (var i = 2; i <= n; i++) {
        for (var j = 2; j * j <= i; j++) if (i % j === 0) continue outer;
        count++;
      }
      return count;
    });
    await check((x) => {
      let s = 0;
      search: {
        if (!(x > 0)) break search;
        let k = 0;
        do {
          k++, (s += k * x);
          if (s > 1e6) break search;
        } while (k < 10);
        s = -s;
      }
      return s;
    });
  });

  it('?? and typeof guards folded at compile time, void, undefined', async () => {
    await check((x) => {
      let m;
      const a = m ?? x * 2;
      const b = x > 1 ?? 7;
      if (typeof x !== 'number') return -1;
      return a + b + (typeof b === 'boolean') + (void x === undefined);
    });
  });

  it('isNaN, isFinite and Number.isNaN/isFinite/isInteger/isSafeInteger', async () => {
    const integers = Float64Array.from([...unit, 2 ** 53 - 1, 2 ** 53, -(2 ** 53) + 1, 4.5, -7, 1e21]);
    await check(
      (x) =>
        isNaN(x) +
        2 * isFinite(x) +
        4 * Number.isNaN(x) +
        8 * Number.isFinite(x) +
        16 * Number.isInteger(x) +
        32 * Number.isSafeInteger(x) +
        64 * isFinite(x > 0) +
        128 * Number.isFinite(x > 0) +
        256 * isNaN() +
        512 * Number.isNaN(),
      {},
      integers,
    );
  });

  it('assignments as values: their JavaScript value and order of effects', () =>
    check((x) => {
      let t = x;
      let u = 1;
      const a = t + (t = 2) * t;
      const b = (u += t) + u++ + ++u + (u = u * 2) + u--;
      let c = 0;
      const d = x > 0 ? (c = x) : (c -= 1);
      const e = x > 1 && (c += 5) > 7;
      const f = x < -1 || (u = c) > 3;
      var g, h;
      g = h = t * u;
      return a + b + c + d + e + f + g + h + u;
    }));

  it('control flow mixed: switch in a loop with continue, nested labels with var, helpers in branches', async () => {
    const sq = (v) => {
      var r = v * v;
      if (r > 100) return 100;
      return r;
    };
    const acc = (v) => {
      let s = 0;
      for (let i = 0; i < 3; i++) s += v;
      return s;
    };
    const functions = { sq, acc };
    await check(
      (x) => {
        let n = 0;
        for (;;) {
          switch (n++) {
            case 3:
              return n * x;
            case 1:
              continue;
          }
          if (n > 10) break;
        }
        return -1;
      },
      { functions },
    );
    await check((x) => {
      var a = 0;
      rows: for (var i = 0; i < 3; i++) {
        for (var j = 0; j < 3; j++) {
          if (x > j) continue rows;
          if (x < -j) break;
          a += j;
        }
        a += 100;
      }
      return a + i + j;
    });
    await check(
      (x) => {
        let c = 0;
        const f = x > 0 ? sq((c = x)) : acc((c = -x));
        let s = 0;
        for (let i = 0; i < 10; i++) s = acc(s) + sq(i + c);
        return f + c + s;
      },
      { functions },
    );
    await check((x) => {
      var ret,
        fixed = x;
      for (var i = 0; i < 5; i++) {
        ret = Math.log(fixed);
        fixed += 0.5;
      }
      let n = 0;
      while ((x = x / 2) > 1 && n < 2000) n++;
      return ret + n + x;
    });
  });

  it('ternaries nested to any depth', () => {
    let source = 'x';
    for (let k = 0; k < 40; k++) source = `(x > ${k - 20} ? ${source} : x * ${k})`;
    const fn = new Function('x', `return ${source};`);
    return check(fn);
  });
});

describe('options.functions and options.constants are checked', () => {
  const fn = (x) => x;
  it('names the bad option', async () => {
    assert.throws(() => compile(fn, 5), /options must be an object, got number 5/);
    assert.throws(() => compile(fn, { foo: 1 }), /options\.foo is not an option of compile\(\)/);
    assert.throws(
      () => compile(fn, { functions: { f: 1 } }),
      /options\.functions\.f must be a function, got number 1/,
    );
    assert.throws(
      () => compile(fn, { constants: { c: '1' } }),
      /options\.constants\.c must be a number, got a string/,
    );
    assert.throws(() => compile(fn, { constants: { c: 1n } }), /options\.constants\.c must be a number/);
    assert.throws(
      () => compile(fn, { constants: { Math: 1 } }),
      /options\.constants\.Math would shadow the global Math/,
    );
    assert.throws(() => compile(fn, { functions: { isNaN: fn } }), /options\.functions\.isNaN would shadow/);
    assert.throws(
      () => compile(fn, { functions: { a: fn }, constants: { a: 1 } }),
      /options\.constants\.a is also options\.functions\.a/,
    );
    assert.throws(
      () =>
        compile(fn, {
          get constants() {
            throw new Error('no');
          },
        }),
      /options cannot be read/,
    );
    await assert.rejects(
      pools[0].map(compile(fn), [1], { constants: { c: 1 } }),
      /options\.constants is for a function/,
    );
    await assert.rejects(
      pools[0].map(fn, [1], { functions: [1] }),
      /options\.functions\.0 must be a function/,
    );
  });

  it('rejects call cycles, naming them, and helpers outside the subset, naming the helper', () => {
    const a = (x) => b(x) + 1;
    const b = (x) => (x > 0 ? a(x - 1) : 0);
    assert.throws(() => compile((x) => a(x), { functions: { a, b } }), /recursive call, a -> b -> a/);
    function fact(n) {
      return n <= 1 ? 1 : n * fact(n - 1);
    }
    assert.throws(() => compile((x) => fact(x), { functions: { fact } }), /recursive call, fact -> fact/);
    const h = (x) => x + unknownName;
    assert.throws(
      () => compile((x) => h(x), { functions: { h } }),
      /global unknownName .* at line 1, column 12.*\(in options\.functions\.h\)/,
    );
    assert.throws(() => compile((_x) => h, { functions: { h } }), /the function h as a value/);
    const method = {
      m(x) {
        return x;
      },
    }.m;
    assert.throws(
      () => compile((x) => m(x), { functions: { m: method } }),
      /not a function expression .*\(in options\.functions\.m\)/,
    );
  });
});

const CHILD = 'NUMPOOL_LANGUAGE_TEST_CHILD';
if (!process.env[CHILD]) {
  describe('every SIMD path', () => {
    for (const simd of info().simdPaths.filter((path) => path !== info().simd)) {
      it(`${simd}: the checks above`, () => {
        // Throws, with the child's output, when a check fails there.
        runOnPath(__filename, CHILD, simd);
      });
    }
  });
}
