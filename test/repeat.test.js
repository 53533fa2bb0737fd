'use strict';
// Counted loops whose body is straight-line arithmetic compile to a Repeat
// back edge, which the interpreter runs in vector registers (up to three
// registers) or through the register file (more, or a Math.log). Each SIMD
// path is forced through NUMPOOL_SIMD in a child process, which runs the
// same checks, and checks Math.log outside loops too.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { runOnPath, runIfChild } = require('./simd-child');
const { assertSameBits, randomDoubles, anyDouble, EDGE_INPUTS } = require('./reference');
const { spec, opCode, instruction, instructions, opName } = require('./program-format');

const CHILD = 'NUMPOOL_REPEAT_TEST_CHILD';

// 1,037 elements: a last block of 13 lanes.
const input = Float64Array.from([
  ...EDGE_INPUTS,
  ...EDGE_INPUTS.map((x) => -x),
  ...randomDoubles(500, 21, anyDouble),
  ...randomDoubles(1037 - 500 - 2 * EDGE_INPUTS.length, 22, (next) => (Number(next() % 2001n) - 1000) / 8),
]);

// Straight-line bodies: registers in brackets (three or fewer run in vector
// registers).
const BODIES = {
  'an accumulation (2)': (x, p) => {
    let y = x;
    for (let i = 0; i < p.n; i++) y += p.step;
    return y;
  },
  'a division, <= (2)': (x, p) => {
    let y = x;
    for (let i = 1; i <= p.n; i++) y = y / 1.5;
    return y;
  },
  'negation and abs (3)': (x, p) => {
    let y = x;
    for (let i = 0; i < p.n; i++) y = Math.abs(-y + p.step);
    return y;
  },
  'min of a square (2)': (x, p) => {
    let y = x;
    for (let i = 0; i < p.n; i++) y = Math.min(y, y * y);
    return y;
  },
  'two variables, max, the input (many)': (x, p) => {
    let a = x;
    let b = 1;
    for (let i = 0; i < p.n; i++) {
      a = a * 0.5 + b;
      b = Math.max(b - a, -x) / 3;
      a = Math.abs(-a) - Math.min(a, b);
    }
    return a + b * 2;
  },
  'a peeled log, seed f (2 then log)': (x, p) => {
    let fixed = x;
    let ret;
    for (let i = 0; i < p.n; i++) {
      ret = Math.log(fixed);
      fixed += p.step;
    }
    return ret;
  },
  'a sum of logs, logSum (4, log)': (x, p) => {
    let sum = 0;
    let y = x;
    for (let i = 0; i < p.n; i++) {
      sum += Math.log(y);
      y += p.step;
    }
    return sum;
  },
  'a log of itself (2, log)': (x, p) => {
    let y = x;
    for (let i = 0; i < p.n; i++) y = Math.log(Math.abs(y) + p.step);
    return y;
  },
  // Few enough registers for vector registers, but a log sends it through
  // the register file all the same.
  'a log and a step (3, log)': (x, p) => {
    let y = x;
    for (let i = 0; i < p.n; i++) y = Math.log(y) + p.step;
    return y;
  },
};
// Math.log outside loops runs in the same vectors: plain, as an assignment
// in place, and masked by a branch.
const LOGS = {
  'a log': (x) => Math.log(x),
  'a log in place': (x) => {
    let y = x * 3;
    y = Math.log(y);
    return y;
  },
  'a masked log': (x) => {
    let y = -1;
    if (x > 0.5) y = Math.log(x);
    return y;
  },
};
const TRIPS = [0, 1, 2, 3, 7, 64, 1001, 2.5, -1, Number.NaN];

async function child() {
  const { Pool, info } = require('..');
  const { compileProgram } = require('../dist/compiler');
  if (info().simd !== process.env.NUMPOOL_SIMD) throw new Error(`info().simd is ${info().simd}`);
  const pools = [1, 2, 3].map((threads) => new Pool({ threads }));
  for (const [name, fn] of Object.entries(BODIES)) {
    const { code } = compileProgram(fn.toString());
    const ops = instructions(code).map(([op]) => opName(op));
    if (!ops.some((op) => op.startsWith('Repeat')))
      throw new Error(`${name} compiles to no Repeat op: ${ops}`);
    for (const n of TRIPS) {
      const params = { n, step: 0.1 };
      const expected = Float64Array.from(input, (x) => fn(x, params));
      for (const pool of pools) {
        const context = `${info().simd}: ${name}, ${n} trips, ${pool.threads} threads`;
        assertSameBits(await pool.map(fn, input, { params }), expected, context);
      }
    }
  }
  for (const [name, fn] of Object.entries(LOGS)) {
    const expected = Float64Array.from(input, (x) => fn(x));
    for (const pool of pools) {
      assertSameBits(await pool.map(fn, input), expected, `${info().simd}: ${name}, ${pool.threads} threads`);
    }
  }
  // An endless one (n = Infinity) stops on abort, in either way of running.
  for (const fn of [BODIES['an accumulation (2)'], BODIES['two variables, max, the input (many)']]) {
    const controller = new AbortController();
    const running = pools[1].map(fn, input, { signal: controller.signal, params: { n: Infinity, step: 1 } });
    setTimeout(() => controller.abort(), 30);
    await assert.rejects(running, { name: 'AbortError' });
  }
  await Promise.all(pools.map((pool) => pool.close()));
  process.stdout.write(`checked ${info().simd}`);
}

const runChild = (simd) => runOnPath(__filename, CHILD, simd);

if (!runIfChild(CHILD, child)) {
  const { info } = require('..');

  describe('repeated counted loops match JavaScript bit for bit', () => {
    for (const simd of info().simdPaths) {
      it(`${simd}: ${Object.keys(BODIES).length} bodies, ${TRIPS.length} trip counts, 1 to 3 threads, abort; straight-line logs`, () => {
        assert.equal(runChild(simd), `checked ${simd}`);
      });
    }
  });

  describe('the binding checks Repeat ops from direct callers', () => {
    const { native } = require('../dist/native');
    // Registers: 0 input, 1 result, 2 = 0 and 3 = 3 (constants), 4 counter.
    const prologue = [...instruction('Mov', 4, 2), ...instruction('Mov', 1, 0)];
    const run = (body, backEdge, input = Float64Array.of(3, -4)) => {
      const pool = new native.NativePool(1);
      const out = new Float64Array(input.length);
      try {
        const result = pool.mapProgram(
          {},
          Int32Array.from([...prologue, ...body, ...backEdge]),
          Float64Array.of(0, 3),
          5,
          1,
          1,
          input,
          out,
          false,
        );
        assert.equal(result, out, 'a 2-element program of 4 instructions runs inline');
      } finally {
        pool.stop();
      }
      return [...out];
    };
    const repeat = opCode('RepeatBelow');

    it('runs a valid one: x += x three times', () => {
      assert.deepEqual(
        run(instruction(opCode('Add') | spec.inPlaceWrite, 1, 1, 0, 0), instruction(repeat, 4, 3, 2, 0)),
        [12, -16],
      );
    });

    it('refuses a body after its back edge, a body it cannot repeat, writes to the counter or limit', () => {
      const add = instruction(opCode('Add') | spec.inPlaceWrite, 1, 1, 0, 0);
      assert.throws(
        () => run(add, instruction(repeat, 4, 3, 4, 0)),
        /repeated body after its back edge at 3/,
      );
      assert.throws(
        () => run(instruction('Sqrt', 1, 1, 0, 0), instruction(repeat, 4, 3, 2, 0)),
        /cannot be repeated at 2/,
      );
      assert.throws(
        () => run(instruction(opCode('Add') | spec.maskedWrite, 1, 1, 0, 0), instruction(repeat, 4, 3, 2, 0)),
        /cannot be repeated at 2/,
      );
      assert.throws(
        () => run(instruction('Mov', 4, 0, 0, 0), instruction(repeat, 4, 3, 2, 0)),
        /cannot be repeated at 2/,
      );
      assert.throws(
        () => run(instruction('Mov', 3, 0, 0, 0), instruction(repeat, 4, 3, 2, 0)),
        /cannot be repeated at 2/,
      );
      assert.throws(() => run(add, instruction(repeat, 4, 3, 2, 2)), /operand out of range at 3/);
    });
  });
}
