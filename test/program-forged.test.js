'use strict';
// Programs that compile() never makes, given to the raw addon as any code in
// the process could: whatever passes the binding's checks must neither hang
// a worker nor the caller, nor show one map another's values. This file
// loads the addon alone, so that the completions are its own to watch.
const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const { native } = require('../dist/native');
const { opCode, spec, instruction } = require('./program-format');

// Each map's owner is the resolve(completed) of its `done`.
native.setCompletionHandler((resolve, result) => resolve(result instanceof Float64Array));

const pools = [];
after(() => {
  for (const pool of pools) pool.stop();
});
function nativePool(threads) {
  const pool = new native.NativePool(threads);
  pools.push(pool);
  return pool;
}

/**
 * Submits `code` (instructions, as instruction() writes them) with `constants` after registers
 * 0 and 1: { inline, handle, out, done }, `done` resolving to whether it completed once the map
 * ends, or at once when it ran inline (`handle` is then undefined).
 */
function submit(pool, code, { constants = [], registers = 2 + constants.length, masks = 1, ns = 1, input }) {
  const out = new Float64Array(input.length);
  let resolveDone;
  const done = new Promise((resolve) => (resolveDone = resolve));
  const result = pool.mapProgram(
    resolveDone,
    Int32Array.from(code.flat()),
    Float64Array.from(constants),
    registers,
    masks,
    ns,
    Float64Array.from(input),
    out,
    false,
  );
  const inline = result instanceof Float64Array;
  if (inline) resolveDone(true);
  return { inline, handle: inline ? undefined : result, out, done };
}

const range = (length, from = 1) => Array.from({ length }, (_, i) => from + i);

describe('no value of one map reaches another', () => {
  // Register 1 is the result, 2 a register nobody writes: a program that
  // reads either unwritten must see zeros, not the last map's values.
  const copy = [instruction('Mov', 1, 0, 0, 0)];
  const copyInto2 = [instruction('Mov', 2, 0, 0, 0)];
  const readsUnwritten = [instruction('Mov', 1, 2, 0, 0)];
  const empty = [];

  for (const [where, ns, length] of [
    ['inline', 1e-3, 64],
    ['on workers', 1e5, 64 * 40],
  ]) {
    it(`${where}: an empty program and one reading an unwritten register give zeros`, async () => {
      const pool = nativePool(2);
      for (const [code, registers] of [
        [empty, 2],
        [readsUnwritten, 3],
      ]) {
        for (const before of [copy, copyInto2]) {
          const first = submit(pool, before, { registers: 3, ns, input: range(length, 100) });
          assert.equal(await first.done, true);
          assert.equal(first.inline, where === 'inline', `the map runs ${where}`);
          const next = submit(pool, code, { registers, ns, input: range(length, -5) });
          assert.equal(await next.done, true);
          assert.deepEqual([...next.out], new Array(length).fill(0));
        }
      }
    });
  }
});

// Programs that loop for ever, one per kind of jump, each backward to its
// own instruction or to the start. Constants: register 2 = 0, 3 = Infinity.
const ENDLESS = {
  Jump: [instruction('Jump', 0, 0, 0, 0)],
  JumpUnlessBelow: [instruction('JumpUnlessBelow', 0, 0, 0, 0)],
  JumpUnlessAtMost: [instruction('JumpUnlessAtMost', 3, 2, 0, 0)],
  JumpIfNextBelow: [instruction('JumpIfNextBelow', 2, 3, 0, 0)],
  JumpIfNextAtMost: [instruction('JumpIfNextAtMost', 2, 3, 0, 0)],
  JumpIfNone: [instruction('MaskClear', 0, 0, 0, 0), instruction('JumpIfNone', 1, 0, 0, 0)],
  LoopTest: [instruction('LoopTest', 0, 2, 0, 0)],
  NextBelow: [instruction('NextBelow', 2, 3, 0, 0)],
  // No lane left: every Refill swaps, and the spare block loops for ever.
  Refill: [
    instruction('MaskClear', 0, 0, 0, 0),
    instruction('Refill', 0, 0, 0, 0),
    instruction('Jump', 1, 0, 0, 0),
  ],
  RepeatBelow: [
    instruction(opCode('Add') | spec.inPlaceWrite, 1, 1, 0, 0),
    instruction('RepeatBelow', 4, 3, 0, 0),
  ],
};
const CONSTANTS = [0, Number.POSITIVE_INFINITY];

describe('a program that loops for ever', () => {
  for (const [name, code] of Object.entries(ENDLESS)) {
    it(`${name}: leaves the caller at once, is cancelled and stop() joins within 5 s (not never)`, async () => {
      const pool = nativePool(1);
      // A tiny estimate plans it inline: that run is bounded, and the map
      // goes on on the workers.
      for (const ns of [1e-3, 1e5]) {
        const started = performance.now();
        const map = submit(pool, code, { constants: CONSTANTS, registers: 5, ns, input: range(64 * 3) });
        assert.ok(performance.now() - started < 5000, 'submitting returned');
        assert.equal(map.inline, false, 'it did not complete inline');
        map.handle.cancel();
        const cancelled = performance.now();
        assert.equal(await map.done, false, 'completed as cancelled');
        assert.ok(performance.now() - cancelled < 5000, 'cancelled within 5 s');
      }
      const map = submit(pool, code, { constants: CONSTANTS, registers: 5, ns: 1e5, input: range(64 * 3) });
      const stopping = performance.now();
      pool.stop();
      assert.ok(performance.now() - stopping < 5000, 'stop() joined within 5 s');
      assert.equal(await map.done, false);
    });
  }

  it('with Refill where no compiled loop has it, stores every element once, its own result', async () => {
    // result = x + 1 around Refills that find no lane looping (mask 0
    // cleared, or mask 1, never set): each sends the block's lanes on and
    // runs the chunk's further elements in the spare block.
    const programs = [
      [
        instruction('Add', 1, 0, 2, 0),
        instruction('MaskClear', 0, 0, 0, 0),
        instruction('Refill', 0, 0, 0, 0),
      ],
      [instruction('Add', 1, 0, 2, 0), instruction('Refill', 1, 0, 0, 0), instruction('Refill', 0, 0, 0, 0)],
      [
        instruction('Mov', 1, 0, 0, 0),
        instruction('Refill', 1, 0, 0, 0),
        instruction(opCode('Add') | spec.inPlaceWrite, 1, 1, 2, 0),
        instruction('Refill', 1, 0, 0, 0),
      ],
    ];
    for (const code of programs) {
      for (const [ns, length] of [
        [1e-3, 130],
        [1e5, 64 * 40 + 3],
      ]) {
        const input = range(length);
        const map = submit(nativePool(2), code, { constants: [1], registers: 3, masks: 2, ns, input });
        assert.equal(await map.done, true);
        assert.deepEqual(
          [...map.out],
          input.map((x) => x + 1),
        );
      }
    }
  });

  it('that ends, planned inline by too small an estimate, goes on on the workers to the right result', async () => {
    // result = x, then 20,000 times result += x: 20,001 x (counter: 4).
    const code = [
      instruction('Mov', 1, 0, 0, 0),
      instruction('Mov', 4, 3, 0, 0),
      instruction(opCode('Add') | spec.inPlaceWrite, 1, 1, 0, 0),
      instruction('NextBelow', 4, 2, 2, 0),
    ];
    const input = range(64 * 2 + 3);
    const map = submit(nativePool(1), code, { constants: [20_000, 0], registers: 5, ns: 1e-3, input });
    assert.equal(map.inline, false, 'it did not complete inline');
    assert.equal(await map.done, true);
    assert.deepEqual(
      [...map.out],
      input.map((x) => 20_001 * x),
    );
  });

  it('does not keep a short map on the same pool waiting', async () => {
    const pool = nativePool(1);
    const endless = submit(pool, ENDLESS.Jump, {
      constants: CONSTANTS,
      registers: 5,
      ns: 1e5,
      input: range(64 * 8),
    });
    const short = submit(pool, [instruction('Mul', 1, 0, 0, 0)], { ns: 1e5, input: range(64 * 4) });
    assert.equal(await short.done, true);
    assert.deepEqual(
      [...short.out],
      range(64 * 4).map((x) => x * x),
    );
    endless.handle.cancel();
    assert.equal(await endless.done, false);
  });
});
