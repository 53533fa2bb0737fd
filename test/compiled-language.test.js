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

describe('read-only tables: arrays of constants read as t[i] and t.length', () => {
  // Every index form: elements, -0, 1.0 as computed, fractions, negatives, past the end, NaN, huge.
  const indices = Float64Array.from([
    0,
    -0,
    1,
    2,
    3,
    4,
    5,
    0.5,
    1 - 2 ** -53,
    1 + 2 ** -52,
    -1,
    -2,
    6,
    7,
    100,
    NaN,
    Infinity,
    -Infinity,
    2 ** 53,
    5e-324,
    ...unit,
  ]);

  it("an index equal to an element's reads it; any other reads undefined, as NaN in arithmetic", async () => {
    await check(
      (x) => {
        const t = [10, -20, 30.5, 0, -0, Infinity];
        return t[x];
      },
      {},
      indices,
    );
    await check(
      (x) => {
        const t = [1, 2, 3];
        return t[x] * 2 + 1;
      },
      {},
      indices,
    );
    // Comparisons, truthiness and Math of undefined are NaN's.
    await check(
      (x) => {
        const t = [5, 0, -1];
        return (t[x] < 1) + 2 * (t[x] >= 0) + 4 * !t[x] + 8 * (t[x] ? 1 : 0) + 16 * Math.abs(t[x] > -2);
      },
      {},
      indices,
    );
    await check(
      (x) => {
        const t = [5, 0, -1];
        return Math.max(Math.floor(t[x - 1]), -3);
      },
      {},
      indices,
    );
  });

  it('var at the top, let and const in blocks and loops, .length, constants and negations, in helpers', async () => {
    // jstat's erf, as it ships: a var table of 28 read backwards in a loop.
    function erf(x) {
      var cof = [
        -1.3026537197817094, 6.419697923564902e-1, 1.9476473204185836e-2, -9.561514786808631e-3,
        -9.46595344482036e-4, 3.66839497852761e-4, 4.2523324806907e-5, -2.0278578112534e-5,
        -1.624290004647e-6, 1.30365583558e-6, 1.5626441722e-8, -8.5238095915e-8, 6.529054439e-9,
        5.059343495e-9, -9.91364156e-10, -2.27365122e-10, 9.6467911e-11, 2.394038e-12, -6.886027e-12,
        8.94487e-13, 3.13092e-13, -1.12708e-13, 3.81e-16, 7.106e-15, -1.523e-15, -9.4e-17, 1.21e-16, -2.8e-17,
      ];
      var j = cof.length - 1;
      var isneg = false;
      var d = 0;
      var dd = 0;
      var t, ty, tmp, res;
      if (x < 0) {
        x = -x;
        isneg = true;
      }
      t = 2 / (2 + x);
      ty = 4 * t - 2;
      for (; j > 0; j--) {
        tmp = d;
        d = ty * d - dd + cof[j];
        dd = tmp;
      }
      res = t * Math.exp(-x * x + 0.5 * (cof[0] + ty * d) - dd);
      return isneg ? res - 1 : 1 - res;
    }
    await check(erf);
    await check((x) => erf(x) - erf(-x / 2), { functions: { erf } });
    const c = 0.25;
    await check(
      (x) => {
        let s = 0;
        for (let k = 0; k < 4; k++) {
          const w = [c, -c, +2, -Infinity, -0];
          s += w[k] * x + w.length + w[(x | 0) & 7];
        }
        if (x > 0) {
          const u = [1, 2];
          s += u[1] - u[x];
        }
        return s;
      },
      { constants: { c } },
    );
    // A literal index in range is the element itself: === compiles.
    await check((x) => {
      const t = [3, 4];
      return t[1] === 4 ? x : -x;
    });
  });

  it('loops of a few iterations known when compiled, unrolled: the counter after them as JavaScript leaves it', async () => {
    // Unrolled (unroll.ts): constant start, bound and step, the counter written only by the update.
    await check((x) => {
      var t = [0.5, -1.25, 3, 1e-3, -0];
      var s = 0;
      var j = t.length - 1;
      for (; j > 0; j--) s = s * x + t[j];
      for (var i = 10; i >= 0; i -= 3) s += t[i % 5] * i;
      for (var f = 0.1; f < 1; f += 0.1) s += f * x;
      for (var e = 3; e !== 0; --e) s -= e / x;
      for (var z = 5; z < 3; z++) s = NaN;
      return s + j * 1000 + i * 100 + f * 10 + e + z;
    });
    // Under a branch (the counter stays undefined where the loop did not run), nested with a start from the outer counter, in a helper.
    const poly = (x) => {
      const c = [1, -0.5, 0.25];
      let s = 0;
      for (let a = 0; a < c.length; a++) for (let b = a; b <= 2; b++) s += c[a] * c[b] * Math.sin(x + a - b);
      return s;
    };
    await check(
      (x) => {
        var i;
        var s = 0;
        if (x > 0.5) for (i = 0; i < 3; i++) s += poly(x * i);
        return s + i;
      },
      { functions: { poly } },
    );
    // A counted loop (a bound from params) whose last iteration is peeled
    // off: what the body sets on one iteration is not known on the first.
    const peeled = (x, p) => {
      let s = 1;
      let y = 0;
      let r = 0;
      for (let k = 0; k < p.n; k++) {
        y = s;
        s = 5;
        r = Math.log(x + y);
      }
      return r + y;
    };
    for (const n of [0, 1, 3]) await check(peeled, { params: { n } });
    // Not unrolled, still as JavaScript: the counter written in the body, a break, too many
    // iterations, a bound not known when compiled, a labelled continue.
    await check(
      (x) => {
        var t = [4, 3, 2, 1];
        var s = 0;
        for (var i = 0; i < 4; i++) {
          if (x > t[i]) i++;
          s += i < 4 ? t[i] : -1;
        }
        for (var b = 0; b < 4; b++) if (t[b] < x) break;
        for (var n = 0; n < 100; n++) s += t[n & 3] * x;
        for (var m = 0; m < Math.min(x, 6); m++) s += t[m & 3];
        outer: for (var k = 0; k < 3; k++) {
          for (var l = 0; l < 3; l++) if (l > x) continue outer;
          s += k;
        }
        return s + i * 1e3 + b * 1e4 + n + m * 1e5 + k * 1e6 + l;
      },
      {},
      unit.map((x) => (Number.isFinite(x) ? x % 8 : x)),
    );
    // Not unrolled either: the body writes what the bound or the step reads
    // (on every lane or on some), or the bound reads the counter.
    await check((x) => {
      let n = 3;
      let m = 3;
      let d = 1;
      let e = 1;
      let s = 0;
      for (let i = 0; i < n; i++) {
        n = 5;
        s += x * i;
      }
      for (let i = 0; i < m; i++) if (x > 0) m = 6;
      for (let i = 0; i < 10; i += d) {
        d = 3;
        s += i;
      }
      for (let i = 0; i < 10; i += e) if (x > 1) e = 4;
      let k = 0;
      for (k = 1; k < 10 - k; k++) s += k;
      return s + n * 10 + m * 100 + d * 1e3 + e * 1e4 + k * 1e5;
    });
    // Nested loops unrolled while the program stays short: some copies
    // unrolled, one loop partly, the rest kept as loops; the same results.
    await check((x) => {
      let s = 0;
      for (let a = 0; a < 32; a++)
        for (let b = 0; b < 32; b++) for (let c = 0; c < 16; c += 2) s += (x * a - b) / (c + 1);
      return s;
    });
  });

  it('refuses anything else done with an array, saying what is allowed', () => {
    const refused = [
      [
        '(x) => { const t = [1, 2]; return t[x] === 1 ? 1 : 0; }',
        /=== between values that may be of different types .* `t\[x\] === 1`/,
      ],
      ['(x) => { const t = [1, 2]; return t[x] ?? 0; }', /\?\? on a value that may be undefined/],
      [
        "(x) => { const t = [1, 2]; return typeof t[x] === 'number'; }",
        /typeof of a value whose type is not known/,
      ],
      [
        '(x) => { const t = [1, 2]; t[0] = x; return t[0]; }',
        /a write to the read-only table t \(only t\[index\] and t\.length compile/,
      ],
      ['(x) => { const t = [1, 2]; t[0]++; return x; }', /a write to the read-only table t/],
      ['(x) => { let t = [1, 2]; t = 3; return x; }', /an assignment to the read-only table t/],
      ['(x) => { const t = [1, 2]; return t.map(Math.abs); }', /a method of the table t \(only t\[index\]/],
      ['(x) => { const t = [1, 2]; return t.foo; }', /a property of the table t/],
      ['(x) => { const t = [1, 2]; return t; }', /the table t as a value/],
      ['(x) => { const t = [1, 2]; return t + x; }', /the table t as a value/],
      [
        '(x) => { const t = [x, 2]; return t[0]; }',
        /an array element other than a numeric constant .* line 1, column 21: `x`/,
      ],
      ['(x) => { const t = [1, , 2]; return t[0]; }', /an array element other than a numeric constant/],
      ['(x) => { const t = [...[1]]; return t[0]; }', /an array element other than a numeric constant/],
      ['(x) => { const t = [t]; return 1; }', /an array element other than a numeric constant/],
      ['(x) => { const t = [1]; return t[x > 0]; }', /an index of the table t that may be a boolean/],
      ['(x) => { return t[0]; var t = [1]; }', /t before its initialisation/],
      ['(x) => { if (x) { var t = [1]; } return 1; }', /an array bound by a var inside a block/],
      [
        '(x) => { var t = [1]; var t = [2]; return t[0]; }',
        /an array bound by a var inside a block, or by a var declared twice/,
      ],
      ['(x) => x + [1, 2]', /an array other than a read-only table/],
      ['(x) => { let a; a = [1]; return 1; }', /an array other than a read-only table/],
    ];
    for (const [source, message] of refused) {
      assert.throws(
        () => compile(new Function(`return ${source}`)()),
        (error) => {
          assert.ok(error instanceof TypeError, source);
          assert.match(error.message, message, source);
          return true;
        },
      );
    }
  });
});

describe('options.functions and options.constants are checked', () => {
  const fn = (x) => x;
  it('names the bad option', async () => {
    assert.throws(() => compile(fn, 5), /options must be an object, got number 5/);
    assert.throws(() => compile(fn, { foo: 1 }), /options\.foo is not an option of compile\(\)/);
    assert.throws(
      () => compile(fn, { functions: { f: 1 } }),
      /options\.functions\.f must be a function or a plain object of functions, got number 1/,
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
      /options\.functions\.0 must be a function or a plain object of functions/,
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

describe('namespaces in options.functions: calls through objects of functions', () => {
  it('inlines a call through a nested namespace, and through a function with function properties', async () => {
    const ns = {
      half: (x) => x / 2,
      a: {
        sq: (x) => x * x,
        cube(x) {
          return x;
        },
      },
    };
    // A method's source is no function expression: the compile refuses it only when called.
    ns.a.cube = (x) => ns.a.sq(x) * x + ns.half(x);
    await check((x) => ns.a.cube(x) - ns.half(x), { functions: { ns } });
    // Like jStat: a function whose own properties are the functions it calls.
    const f = (x) => x + 1;
    f.g = (x) => f(x) * 2 - f.h.k(x);
    f.h = { k: (x) => Math.sqrt(x) };
    await check((x) => f.g(x) + f(x), { functions: { f } });
    // A cycle in the namespace (jStat.jStat === jStat) is only a path.
    const c = { f: (x) => x - 3 };
    c.c = c;
    await check((x) => c.c.c.f(x) + c.f(x), { functions: { c } });
    // Each namespace's functions are its own: the cache keys them by source.
    const one = compile((x) => k.f(x), { functions: { k: { f: (x) => x + 1 } } });
    const two = compile((x) => k.f(x), { functions: { k: { f: (x) => x + 2 } } });
    assert.deepEqual([...(await map(one, [1]))], [2]);
    assert.deepEqual([...(await map(two, [1]))], [3]);
  });

  it('refuses what is not a call to a function it holds, saying so', () => {
    const ns = { f: (x) => x, inner: { g: (x) => -x }, n: 5, list: [(x) => x] };
    ns.r = (x) => (x > 0 ? ns.r(x - 1) : 0);
    ns.self = function (x) {
      return this.f(x);
    };
    ns.args = function (x) {
      // biome-ignore lint/complexity/noArguments: the construct the compiler refuses
      return arguments.length + x;
    };
    ns.method = {
      m(x) {
        return x;
      },
    }.m;
    const refused = [
      [
        (x) => ns.f + x,
        /the function ns\.f as a value \(only calls through options\.functions\.ns compile\)/,
      ],
      [(x) => ns.inner.g + x, /the function ns\.inner\.g as a value/],
      [(x) => ns.inner(x), /a call to the namespace ns\.inner \(call its functions: ns\.inner\.f\(x\)\)/],
      [(x) => ns(x), /a call to the namespace ns /],
      [(x) => ns.missing(x), /a call to ns\.missing, which options\.functions\.ns does not hold/],
      [(x) => ns.n(x), /a call to ns\.n, which options\.functions\.ns does not hold/],
      [(x) => ns.list(x), /a call to ns\.list, which/],
      [(x) => ns.r(x), /a recursive call, ns\.r -> ns\.r/],
      [(x) => ns.self(x), /`this` .*\(in options\.functions\.ns\.self\)/],
      [(x) => ns.args(x), /`arguments` \(name the parameters\) .*\(in options\.functions\.ns\.args\)/],
      [(x) => ns.method(x), /not a function expression .*\(in options\.functions\.ns\.method\)/],
    ];
    for (const [fn, message] of refused)
      assert.throws(() => compile(fn, { functions: { ns } }), message, String(fn));
  });

  it('reads each namespace property once, own enumerable data only, and refuses proxies', async () => {
    let reads = 0;
    const ns = { f: (x) => x * 3 };
    Object.defineProperty(ns, 'getter', {
      enumerable: true,
      get() {
        reads++;
        return (x) => x;
      },
    });
    Object.defineProperty(ns, 'hidden', { enumerable: false, value: (x) => x });
    ns[Symbol('s')] = (x) => x;
    await check((x) => ns.f(x), { functions: { ns } });
    for (const name of ['getter', 'hidden', 'toString']) {
      assert.throws(
        () => compile(new Function(`return (x) => ns.${name}(x)`)(), { functions: { ns } }),
        new RegExp(`a call to ns\\.${name}, which options\\.functions\\.ns does not hold`),
      );
    }
    assert.equal(reads, 0);
    const trap = new Proxy({ f: (x) => x }, {});
    assert.throws(() => compile((x) => x, { functions: { trap } }), /options\.functions\.trap is a proxy/);
    assert.throws(
      () => compile((x) => x, { functions: { ns: { deep: { trap } } } }),
      /options\.functions\.ns\.deep\.trap is a proxy/,
    );
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    assert.throws(
      () => compile((x) => x, { functions: { r: revoked.proxy } }),
      /options\.functions\.r is a proxy/,
    );
    // Not a plain object: refused at the top, left out inside a namespace.
    assert.throws(
      () => compile((x) => x, { functions: { d: new Date() } }),
      /options\.functions\.d must be a function or a plain object of functions/,
    );
    assert.throws(() => compile((x) => x, { functions: { a: [(x) => x] } }), /options\.functions\.a must be/);
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
