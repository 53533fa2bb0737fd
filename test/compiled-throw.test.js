'use strict';
// `throw` in a compiled function: the map rejects with a RangeError naming
// the lowest element that threw (what a JavaScript loop meets first) and the
// thrown message, inline and on threads, whatever the thread count, and the
// map stops early.
const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const { Pool, compile } = require('..');

const pools = [1, 2, 3].map((threads) => new Pool({ threads }));
after(() => Promise.all(pools.map((pool) => pool.close())));

/** The element and error a JavaScript loop over `input` throws, as the map must report them. */
function firstThrow(fn, input) {
  for (let i = 0; i < input.length; i++) {
    try {
      fn(input[i]);
    } catch (error) {
      return { index: i, error };
    }
  }
  assert.fail('the function throws on no element');
}

async function assertRejectsLikeJs(pool, fn, input) {
  const { index, error } = firstThrow(fn, input);
  await assert.rejects(pool.map(fn, input), (rejection) => {
    assert.ok(rejection instanceof RangeError, String(rejection));
    assert.equal(rejection.message, `the function threw at element ${index}: ${String(error)}`);
    if (error instanceof Error) {
      assert.equal(rejection.cause.constructor, error.constructor);
      assert.equal(rejection.cause.message, error.message);
    } else assert.equal(rejection.cause, error);
    return true;
  });
}

const upTo = (n) => Float64Array.from({ length: n }, (_, i) => i);

describe('throw in a compiled function', () => {
  it('inline: a string, new Error and the other built-in errors, the first element that throws', async () => {
    const fns = [
      (x) => {
        if (x > 5) throw 'too big';
        return x * 2;
      },
      (x) => {
        if (x % 7 === 6) throw new Error('sixes');
        return x;
      },
      (x) => {
        if (x >= 3) throw new RangeError('from three');
        if (x < 0) throw new Error();
        return -x;
      },
      (x) => {
        if (x > 40) throw new TypeError('not a number');
        if (x > 30) throw new SyntaxError();
        return x;
      },
      (x) => {
        if (x === 9) throw new URIError('nine');
        if (x === 10) throw new ReferenceError('ten');
        return x;
      },
    ];
    for (const pool of pools) for (const fn of fns) await assertRejectsLikeJs(pool, fn, upTo(50));
  });

  it('reports the lowest element, not the one whose lane threw first in lockstep', async () => {
    // Element 4 throws at once; element 3 only after a loop: a loop over the
    // elements meets element 3 first.
    const fn = (x) => {
      if (x > 100) throw 'early';
      let s = 0;
      while (s < x) s += 1;
      if (x === 3) throw 'late';
      return s;
    };
    for (const pool of pools)
      await assertRejectsLikeJs(pool, fn, Float64Array.from([0, 1, 2, 3, 200, 3, 300]));
  });

  it('on threads: the lowest element of the lowest chunk, whatever the thread count', async () => {
    const input = upTo(1_000_000);
    const throwsAt = [999_999, 700_001, 300_123, 300_124, 512_000];
    for (const at of throwsAt) input[at] = -at;
    const fns = [
      (x) => {
        if (x < 0) throw new RangeError('negative');
        return Math.sqrt(x);
      },
      (x) => {
        let s = 0;
        for (let i = 0; i < 3; i++) s += x;
        if (s < 0) throw new Error('negative sum');
        return s;
      },
      (x) => {
        let n = 0;
        while (n < x % 5) n++;
        if (x < 0) throw 'negative';
        return n;
      },
    ];
    for (const pool of pools) for (const fn of fns) await assertRejectsLikeJs(pool, fn, input);
  });

  it('a throw inside loops, counted and data-dependent', async () => {
    const counted = (x) => {
      let s = 0;
      for (let i = 0; i < 10; i++) {
        if (x === i) throw new Error('hit');
        s += i;
      }
      return s;
    };
    const nested = (x) => {
      let s = 0;
      for (let i = 0; i < x; i++) {
        for (let j = 0; j < i; j++) {
          s += j;
          if (s > 1000) throw new RangeError('overflowed');
        }
      }
      return s;
    };
    for (const pool of pools) {
      await assertRejectsLikeJs(pool, counted, Float64Array.from([20, 11, 5, 3]));
      await assertRejectsLikeJs(pool, nested, Float64Array.from([5, 10, 30, 20, 100]));
    }
  });

  it('a throw after many paused slices of a long loop', async () => {
    // Each block runs 2 * 10^5 iterations: far more than one slice's budget.
    const fn = (x) => {
      let s = 0;
      while (s < 200_000) s += 1;
      if (x === 70 || x === 130) throw 'after the loop';
      return s + x;
    };
    for (const pool of pools) await assertRejectsLikeJs(pool, fn, upTo(200));
  });

  it('stops early: the chunks after the one that threw do not run to their end', async () => {
    // Elements 64 on would loop 10^7 times each (about 10^11 iterations in
    // all, minutes); the whole first block throws at once.
    const fn = (x) => {
      if (x < 0) throw 'stop';
      let s = 0;
      while (s < 1e7) s += 1;
      return s;
    };
    const input = Float64Array.from({ length: 10_000 }, (_, i) => (i < 64 ? -1 : i));
    for (const pool of pools) {
      const started = Date.now();
      await assert.rejects(pool.map(fn, input), /the function threw at element 0: stop/);
      assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
    }
  });

  it('a map that throws leaves the pool working', async () => {
    const fn = (x) => {
      if (x === 3) throw 'three';
      return x + 1;
    };
    const pool = pools[1];
    await assert.rejects(pool.map(fn, upTo(10)));
    assert.deepEqual([...(await pool.map(fn, Float64Array.from([4, 5])))], [5, 6]);
    assert.deepEqual(pool.stats().running, 0);
  });

  it('refuses other throw operands at compile time', () => {
    for (const [source, column] of [
      ['(x) => { throw x; }', 16],
      ["(x) => { throw new AggregateError('no'); }", 16],
      ["(x) => { const TypeError = 1; throw new TypeError('no'); }", 37],
      ['(x) => { throw new Error(x); }', 16],
      ["(x) => { throw new Error('a', 'b'); }", 16],
      ['(x) => { throw `template`; }', 16],
    ]) {
      assert.throws(
        () => compile(new Function(`return ${source}`)()),
        (error) =>
          error instanceof TypeError &&
          error.message.startsWith(
            `cannot compile a throw of other than a string literal or a built-in error of one, as new Error('literal') or new TypeError('literal') at line 1, column ${column}`,
          ),
        source,
      );
    }
  });
});
