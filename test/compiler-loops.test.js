'use strict';
// Loop analysis on its own (lib/compiler/loops.ts): which for loops run the
// same trip count on every lane, and which assignments sink out of a loop.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { parse } = require('acorn');
const { countedLoop, namesRead, sinkableAssignments } = require('../dist/compiler/loops');

/** The first loop statement of `source` (a function body). */
function loopOf(source) {
  const program = parse(`(x, p) => {${source}}`, { ecmaVersion: 'latest' });
  const [statement] = program.body;
  const body = statement.expression.body.body;
  return body.find((node) => node.type === 'ForStatement' || node.type === 'WhileStatement');
}

const sourceOf = (node, source) => `(x, p) => {${source}}`.slice(node.start, node.end);

describe('loop analysis', () => {
  it('names what an expression reads, not what it writes or the properties it names', () => {
    const loop = loopOf('while (a < b) { c = d + Math.log(e.f); g += h; }');
    assert.deepEqual([...namesRead(loop)].sort(), ['Math', 'a', 'b', 'd', 'e', 'g', 'h']);
  });

  it('counts for loops over a uniform range whose body leaves the counter alone', () => {
    const counted = [
      ['for (let i = 0; i < p.n; i++) s += x;', false, false],
      ['for (let i = -p.a; i <= 10; i += 1) s += i;', true, true],
      ['for (let i = 1; i < 3; ++i) { s = s * x; }', false, false],
    ];
    for (const [source, inclusive, readsCounter] of counted) {
      const result = countedLoop(loopOf(source), 'p');
      assert.ok(result, source);
      assert.equal(result.counter, 'i');
      assert.equal(result.inclusive, inclusive, source);
      assert.equal(result.bodyReadsCounter, readsCounter, source);
    }
    const uncounted = [
      'for (let i = x; i < 3; i++) s += 1;', // the start differs per lane
      'for (let i = 0; i < x; i++) s += 1;', // so does the limit
      'for (let i = 0; i < 3; i += 2) s += 1;',
      'for (let i = 0; i > -3; i--) s += 1;',
      'for (let i = 0; i < 3; i++) { if (x > i) break; }',
      'for (let i = 0; i < 3; i++) { i = i + 1; }',
      'for (let i = 0; i < 3; i++) { let i = 2; }',
      'for (let i = 0, j = 0; i < 3; i++) s += j;',
      'for (const i = 0; i < 3; i++) s += 1;',
      'for (let i = 0; i < q.n; i++) s += 1;', // not the params object
    ];
    for (const source of uncounted) assert.equal(countedLoop(loopOf(source), 'p'), undefined, source);
  });

  it('sinks an assignment of a Math call to a variable the loop never reads', () => {
    const source =
      'while (y < 3) { last = Math.log(y); other = y * 2; y = y + 1; both = Math.sqrt(y); both = 1 + Math.abs(y); }';
    const loop = loopOf(source);
    const sunk = sinkableAssignments(loop).map((node) => sourceOf(node, source));
    // `other` calls nothing, `y` is read, `both` is assigned twice.
    assert.deepEqual(sunk, ['last = Math.log(y)']);
  });

  it('keeps an assignment the loop reads, declares or updates, or that a nested loop makes', () => {
    for (const source of [
      'while (y < 3) { a = Math.log(y); y = a; }',
      'while (y < 3) { let a = 0; a = Math.log(y); }',
      'while (y < 3) { a = Math.log(y); a++; }',
      'while (y < 3) { while (z) a = Math.log(y); }',
    ]) {
      assert.deepEqual(sinkableAssignments(loopOf(source)), [], source);
    }
  });

  it('runs a counted loop\u2019s sinkable assignments of every iteration on its last one only', () => {
    const source =
      'for (let i = 0; i < p.n; i++) { y = y * 2; last = Math.log(y); if (x) other = Math.log(x); }';
    const counted = countedLoop(loopOf(source), 'p');
    const last = [...counted.lastIterationOnly].map((node) => sourceOf(node, source));
    assert.deepEqual(last, ['last = Math.log(y)'], 'not the conditional one');
  });
});
