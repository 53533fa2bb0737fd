'use strict';
// A seeded fuzzer: random functions in the numeric subset (expressions,
// branches, loops with data-dependent trip counts, var hoisting,
// assignments with effects inside conditions and loops, switch with
// fall-through, labelled jumps, helper calls, bitwise mixes, unrolled loops
// over a table), of one input or of two inputs and the index, each compiled
// and checked bit for bit against JavaScript on edge and random inputs
// (fractional, negative and huge among them).
const { it, after } = require('node:test');
const assert = require('node:assert/strict');
const { Pool } = require('..');
const { assertSameBits, randomDoubles, anyDouble, EDGE_INPUTS } = require('./reference');

const pool = new Pool({ threads: 2 });
after(() => pool.close());

const FUNCTIONS = 2000;
const TIME_LIMIT_MS = 20_000;

function generator(seed) {
  let state = seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const pick = (items) => items[Math.floor(random() * items.length)];
  const literal = () =>
    pick([
      '0',
      '-0',
      '1',
      '2',
      '0.5',
      '3.75',
      '1e-300',
      '1e300',
      'NaN',
      'Infinity',
      'Math.PI',
      'Number.EPSILON',
      // Where ToInt32 wraps, truncates or sees only low bits.
      '-3.7',
      '4294967295.75',
      '-2147483648.5',
      '9007199254740994',
      '18446744073709560000',
    ]);
  // Numeric expressions over `vars`, assigning `targets` on the way;
  // booleans appear through comparisons.
  const num = (depth, vars, targets) => {
    if (depth <= 0 || random() < 0.2) return random() < 0.6 ? pick(vars) : literal();
    const a = () => num(depth - 1, vars, targets);
    switch (Math.floor(random() * 15)) {
      case 0:
      case 1:
        return `(${a()} ${pick(['+', '-', '*', '/', '%'])} ${a()})`;
      case 2:
        return `(-(${a()}))`;
      case 3:
        return `Math.${pick(['abs', 'floor', 'ceil', 'trunc', 'round', 'sign', 'sqrt', 'log', 'fround'])}(${a()})`;
      case 4:
        return `Math.${pick(['min', 'max'])}(${a()}, ${a()})`;
      case 5:
        return `(${bool(depth - 1, vars, targets)} ? ${a()} : ${a()})`;
      case 6:
        return `(${a()} ${pick(['&&', '||'])} ${a()})`;
      case 7:
        return `(${bool(depth - 1, vars, targets)} + ${a()})`;
      case 8:
        if (targets.length === 0) return a();
        return `(${pick(targets)} ${pick(['=', '+=', '-=', '*=', '/='])} ${a()})`;
      case 9:
        if (targets.length === 0) return a();
        return pick([`(${pick(targets)}++)`, `(--${pick(targets)})`, `(${a()}, ${a()})`]);
      case 10:
        return helpers && !vars.includes('a') ? `g(${a()}, ${a()})` : a();
      case 11:
        return helpers ? `h(${a()})` : a();
      case 12:
        return random() < 0.2 ? `(~${a()})` : `(${a()} ${pick(['|', '&', '^', '<<', '>>', '>>>'])} ${a()})`;
      default:
        // The helper g, of (a, b), has no params object.
        return vars.includes('a') ? literal() : `p.${pick(['a', 'b'])}`;
    }
  };
  const bool = (depth, vars, targets) => {
    const a = () => num(depth - 1, vars, targets);
    switch (Math.floor(random() * 6)) {
      case 0:
        return `!${a()}`;
      case 1:
        return `(${bool(depth - 1, vars, targets)} ${pick(['&&', '||'])} !${a()})`;
      case 2:
        return `${pick(['isNaN', 'isFinite', 'Number.isFinite', 'Number.isInteger', 'Number.isSafeInteger'])}(${a()})`;
      default:
        return `(${a()} ${pick(['<', '<=', '>', '>=', '===', '!==', '==', '!='])} ${a()})`;
    }
  };
  let helpers = false;
  const body = (parameters) => {
    const vars = [...parameters, 'y', 'z', 'w'];
    const targets = [...parameters, 'y', 'z', 'w'];
    const expression = (depth, extra = []) => num(depth, [...vars, ...extra], targets);
    const condition = (depth, extra = []) => bool(depth, [...vars, ...extra], targets);
    const lines = [`let y = ${num(2, parameters, [])};`, 'let z = 0;'];
    // Hoisted: reads before an assignment give undefined.
    if (random() < 0.5) lines.push(`var w = ${num(2, [...parameters, 'y'], ['y'])};`);
    const statements = 1 + Math.floor(random() * 4);
    for (let s = 0; s < statements; s++) {
      const target = pick(['y', 'z', 'w', 'x']);
      switch (Math.floor(random() * 9)) {
        case 0:
          lines.push(
            `${target} ${pick(['=', '+=', '-=', '*=', '|=', '&=', '^=', '<<=', '>>=', '>>>='])} ${expression(3)};`,
          );
          break;
        case 1:
          lines.push(`if (${condition(2)}) { ${target} = ${expression(2)}; } else { z++; }`);
          break;
        case 2:
          lines.push(`if (${condition(2)}) return ${expression(2)};`);
          break;
        case 3:
          lines.push(
            `switch (Math.floor(${expression(2)}) % 4) {` +
              ` case 0: ${target} = ${expression(2)};` +
              ` case ${pick(['1', '-1', '-0', 'NaN', '2'])}: case 3: z += ${expression(1)}; break;` +
              ` default: if (${condition(1)}) break; y = ${expression(1)};` +
              ` case -3: ${pick(['w = 1;', 'return y;', 'z--;'])} }`,
          );
          break;
        case 4:
          lines.push(
            `{ let n = 0; do { n++; if (${condition(1, ['n'])}) continue; ${target} = ${expression(2, ['n'])};` +
              ` } while (n < 6 && ${condition(2, ['n'])}); }`,
          );
          break;
        case 5:
          lines.push(
            `outer: for (let i = 0; i < 8 && ${condition(1, ['i'])}; i++) { for (let j = 0; j < 3; j++) {` +
              ` if (${condition(1, ['i', 'j'])}) continue outer; if (${condition(1, ['i', 'j'])}) break outer;` +
              ` ${target} += ${expression(2, ['i', 'j'])}; } }`,
          );
          break;
        case 6:
          lines.push(`if (${condition(1)}) var w = ${expression(2)};`);
          break;
        case 7: {
          // A trip count known when compiled (unrolled), over a table read
          // by the counter and by a computed index.
          const [start, test, step] = pick([
            ['0', '< tab.length', '++'],
            ['tab.length - 1', '> 0', '--'],
            ['5', '> -3', '-= 1.5'],
            ['-0.5', '<= 3.5', '+= 0.5'],
            ['0', '!= 6', '+= 2'],
            ['-0', '>= 0', '--'],
          ]);
          lines.push(
            `{ const tab = [2, -0.5, 1e300, -0, 3]; let j = 0;` +
              ` for (j = ${start}; j ${test}; j ${step}) {` +
              ` ${target} ${pick(['=', '+=', '*='])} ${expression(2, ['j'])} + tab[j];` +
              ` if (${condition(1, ['j'])}) z = tab[${expression(1, ['j'])} | 0] * j; }` +
              ` ${target} -= j; }`,
          );
          break;
        }
        default:
          // A data-dependent trip count, bounded so that JavaScript ends.
          lines.push(
            `for (let i = 0; i < 20 && ${condition(2, ['i'])}; i++) {` +
              ` if (${condition(1, ['i'])}) continue; ${target} = ${expression(2, ['i'])};` +
              ` if (${condition(1, ['i'])}) break; }`,
          );
      }
    }
    lines.push(`return ${expression(3)};`);
    // Hoisted from here too, when no declaration came earlier.
    lines.push('var w;');
    return lines.join('\n');
  };
  // Half of them map two inputs, x and v, with the index k.
  return () => {
    helpers = random() < 0.5;
    const several = random() < 0.5;
    const parameters = several ? ['x', 'v', 'k'] : ['x'];
    const head = `(${[...parameters, 'p'].join(', ')})`;
    // A helper of its own per function, and h, with an early return and a loop.
    const g = `(a, b) => ${num(2, ['a', 'b'], ['a', 'b'])}`;
    const source =
      random() < 0.3
        ? `${head} => ${num(4, parameters, parameters)}`
        : `${head} => {\n${body(parameters)}\n}`;
    return { several, source, g, helpers };
  };
}

const h = (a) => {
  var r = 0;
  if (!(a > -1e3 && a < 1e3)) return -a;
  do {
    r += a;
    a = a / 2 - 1;
  } while (a > 1);
  return r;
};

// Refusals that the generator can provoke: equality, ??, typeof and Number.is*
// on values whose type is not known at compile time.
const TYPE_REFUSAL =
  /between values that may be|may be a number or not|may be undefined or not|not known at compile time/;

it(`${FUNCTIONS} random functions match JavaScript bit for bit`, async () => {
  const input = Float64Array.from([
    ...EDGE_INPUTS,
    ...EDGE_INPUTS.map((x) => -x),
    ...randomDoubles(100, 31, anyDouble),
    ...randomDoubles(100, 32, (next) => Number(next() % 41n) - 20),
    // Fractional, negative and huge: ToInt32's truncation and wrapping.
    ...randomDoubles(100, 33, (next) => Number(BigInt.asIntN(40, next())) / 8),
    ...randomDoubles(50, 34, (next) => (next() & 1n ? -1 : 1) * 2 ** (31 + Number(next() % 280n)) * 1.3),
  ]);
  const second = Float64Array.from([
    ...randomDoubles(input.length - 100, 33, anyDouble),
    ...randomDoubles(100, 34, (next) => Number(next() % 41n) - 20),
  ]);
  const params = { a: 2.5, b: -0 };
  const next = generator(20261125);
  const started = Date.now();
  let checked = 0;
  for (let n = 0; n < FUNCTIONS && Date.now() - started < TIME_LIMIT_MS; n++) {
    const { several, source, g: gSource, helpers } = next();
    const g = new Function('h', `return ${gSource}`)(h);
    const fn = new Function('g', 'h', `return ${source}`)(g, h);
    let actual;
    try {
      actual = await pool.map(fn, several ? [input, second] : input, {
        params,
        functions: helpers ? { g, h } : undefined,
      });
    } catch (error) {
      if (TYPE_REFUSAL.test(error.message)) continue;
      throw new Error(`${source}\ng = ${gSource}\n${error.message}`);
    }
    assertSameBits(
      actual,
      Float64Array.from(input, (x, i) => (several ? fn(x, second[i], i, params) : fn(x, params))),
      source,
    );
    checked++;
  }
  // Most functions must really run: refusals would hide the comparisons.
  assert.ok(checked >= 100, `only ${checked} functions compiled`);
  console.log(`# ${checked} functions compiled and checked`);
});
