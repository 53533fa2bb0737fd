'use strict';
// A seeded fuzzer: random functions in the numeric subset (expressions,
// branches, loops with data-dependent trip counts), of one input or of two
// inputs and the index, each compiled and checked bit for bit against
// JavaScript on edge and random inputs.
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
    ]);
  // Numeric expressions over `vars`; booleans appear through comparisons.
  const num = (depth, vars) => {
    if (depth <= 0 || random() < 0.2) return random() < 0.6 ? pick(vars) : literal();
    const a = () => num(depth - 1, vars);
    switch (Math.floor(random() * 9)) {
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
        return `(${bool(depth - 1, vars)} ? ${a()} : ${a()})`;
      case 6:
        return `(${a()} ${pick(['&&', '||'])} ${a()})`;
      case 7:
        return `(${bool(depth - 1, vars)} + ${a()})`;
      default:
        return `p.${pick(['a', 'b'])}`;
    }
  };
  const bool = (depth, vars) => {
    const a = () => num(depth - 1, vars);
    switch (Math.floor(random() * 4)) {
      case 0:
        return `!${a()}`;
      case 1:
        return `(${bool(depth - 1, vars)} ${pick(['&&', '||'])} !${a()})`;
      default:
        return `(${a()} ${pick(['<', '<=', '>', '>=', '===', '!==', '==', '!='])} ${a()})`;
    }
  };
  const body = (parameters) => {
    const vars = [...parameters, 'y', 'z'];
    const lines = [`let y = ${num(2, parameters)};`, 'let z = 0;'];
    const statements = 1 + Math.floor(random() * 4);
    for (let s = 0; s < statements; s++) {
      const target = pick(['y', 'z']);
      switch (Math.floor(random() * 4)) {
        case 0:
          lines.push(`${target} ${pick(['=', '+=', '-=', '*='])} ${num(3, vars)};`);
          break;
        case 1:
          lines.push(`if (${bool(2, vars)}) { ${target} = ${num(2, vars)}; } else { z++; }`);
          break;
        case 2:
          lines.push(`if (${bool(2, vars)}) return ${num(2, vars)};`);
          break;
        default:
          // A data-dependent trip count, bounded so that JavaScript ends.
          lines.push(
            `for (let i = 0; i < 20 && ${bool(2, [...vars, 'i'])}; i++) {` +
              ` if (${bool(1, [...vars, 'i'])}) continue; ${target} = ${num(2, [...vars, 'i'])};` +
              ` if (${bool(1, [...vars, 'i'])}) break; }`,
          );
      }
    }
    lines.push(`return ${num(3, vars)};`);
    return lines.join('\n');
  };
  // Half of them map two inputs, x and w, with the index k.
  return () => {
    const several = random() < 0.5;
    const parameters = several ? ['x', 'w', 'k'] : ['x'];
    const head = `(${[...parameters, 'p'].join(', ')})`;
    const source =
      random() < 0.4 ? `${head} => ${num(4, parameters)}` : `${head} => {\n${body(parameters)}\n}`;
    return { several, source };
  };
}

it(`${FUNCTIONS} random functions match JavaScript bit for bit`, async () => {
  const input = Float64Array.from([
    ...EDGE_INPUTS,
    ...EDGE_INPUTS.map((x) => -x),
    ...randomDoubles(100, 31, anyDouble),
    ...randomDoubles(100, 32, (next) => Number(next() % 41n) - 20),
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
    const { several, source } = next();
    const fn = new Function(`return ${source}`)();
    let actual;
    try {
      actual = await pool.map(fn, several ? [input, second] : input, { params });
    } catch (error) {
      // Only === / == between values of uncertain type may be refused.
      if (/between values that may be/.test(error.message)) continue;
      throw new Error(`${source}\n${error.message}`);
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
