'use strict';
// The emitter on its own: constants, temporaries, forward jumps, the fusion
// of an assignment into the op that computed its value, the repeatable-body
// check and the renumbering of constants after the registers.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { Emitter } = require('../dist/compiler/emitter');
const { spec, instruction, instructions, opName } = require('./program-format');

const RESULT = spec.resultRegister;

describe('the emitter', () => {
  it('gives one register per distinct constant, -0 apart from 0, and numbers them after the result', () => {
    const e = new Emitter();
    const one = e.constant(1);
    const zero = e.constant(0);
    const negativeZero = e.constant(-0);
    const param = e.paramConstant('a');
    assert.equal(e.constant(1), one);
    assert.equal(e.paramConstant('a'), param);
    assert.equal(new Set([one, zero, negativeZero, param]).size, 4);
    const variable = e.register();
    e.emit('Add', variable, one, param);
    const { code, registers } = e.finish();
    assert.deepEqual(e.constants, [{ value: 1 }, { value: 0 }, { value: -0 }, { param: 'a' }]);
    assert.deepEqual([...code], instruction('Add', RESULT + 5, RESULT + 1, RESULT + 4));
    assert.equal(registers, RESULT + 1 + 4 + 1);
  });

  it('renumbers register words only: masks and targets stay', () => {
    const e = new Emitter();
    const mask = e.mask();
    const test = e.temp();
    const exit = e.forward('LoopTest', mask, test);
    e.emit('Mov', RESULT, e.constant(7));
    e.patch(exit);
    const [loopTest, mov] = instructions(e.finish().code);
    assert.deepEqual([...loopTest], instruction('LoopTest', mask, test + 1, 2));
    assert.deepEqual([...mov], instruction('Mov', RESULT, RESULT + 1));
  });

  it('reuses a temporary once its statement is done, never inside it', () => {
    const e = new Emitter();
    let first;
    let second;
    e.temporaries(() => {
      first = e.temp();
      second = e.temp();
    });
    assert.notEqual(first, second);
    let again;
    e.temporaries(() => {
      again = e.temp();
    });
    assert.ok(again === first || again === second);
    assert.ok(!e.isTemp(again), 'free outside its temporaries()');
  });

  it('fuses an assignment into the op that computed its temporary, masked or in place', () => {
    for (const [everyLane, flag] of [
      [true, spec.inPlaceWrite],
      [false, spec.maskedWrite],
    ]) {
      const e = new Emitter();
      const variable = e.register();
      e.temporaries(() => {
        const sum = e.temp();
        e.emit('Add', sum, variable, spec.inputRegister);
        e.assign(variable, sum, everyLane);
      });
      const [add, ...rest] = instructions(e.finish().code);
      assert.equal(rest.length, 0, 'no move');
      assert.equal(opName(add[0]), 'Add');
      assert.equal(add[0] & (spec.maskedWrite | spec.inPlaceWrite), flag);
      assert.equal(add[1], variable);
    }
  });

  it('moves instead when the value is a variable or came from an op that computes nothing', () => {
    const e = new Emitter();
    const a = e.register();
    const b = e.register();
    e.emit('Add', b, a, a);
    e.assign(a, b, false);
    const [, move] = instructions(e.finish().code);
    assert.deepEqual([...move], instruction('MovMasked', a, b));
  });

  it('knows a repeatable body: unmasked repeatable ops that leave the counter and limit alone', () => {
    const body = (build) => {
      const e = new Emitter();
      const [counter, limit, y] = [e.register(), e.register(), e.register()];
      build(e, { counter, limit, y });
      return e.repeatableFrom(0, counter, limit);
    };
    assert.ok(body((e, r) => e.emit('Add', r.y, r.y, r.y, 0, spec.inPlaceWrite)));
    assert.ok(body((e, r) => e.emit('Log', r.y, r.y)));
    assert.ok(!body((e, r) => e.emit('Sqrt', r.y, r.y)), 'Sqrt is not repeatable');
    assert.ok(!body((e, r) => e.emit('Add', r.y, r.y, r.y, 0, spec.maskedWrite)), 'masked');
    assert.ok(!body((e, r) => e.emit('Mov', r.counter, r.y)), 'writes the counter');
    assert.ok(!body((e, r) => e.emit('Mov', r.limit, r.y)), 'writes the limit');
  });

  it('refuses an op the addon lacks and a forward jump from an op without a target', () => {
    const e = new Emitter();
    assert.throws(() => e.emit('NoSuchOp'), /lacks the program op NoSuchOp/);
    assert.throws(() => e.forward('Add', 2, 3), /takes no target after 2 operands/);
    const jump = e.forward('Jump');
    e.emit('Mov', RESULT, spec.inputRegister);
    e.patch(jump);
    assert.deepEqual([...instructions(e.finish().code)[0]], instruction('Jump', 2));
  });
});
