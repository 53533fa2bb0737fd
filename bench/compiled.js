'use strict';
// Compiled JavaScript functions against the built-in kernels and the plain
// JavaScript loop, on the seed's experiments, then Math-heavy functions
// against the plain loop on 2 threads; results checked bit for bit.
// Run with `npm run bench:compiled` (add --full for the 10^7-iteration
// experiment's plain loop, which takes minutes).
const os = require('node:os');
const { Pool, availableThreads, compile } = require('..');
const { firstDifference } = require('./agree');
const { seconds: format } = require('./format');
const { seedF: f, seedLogSum, integers, randomDoubles } = require('./reference');
const { median, time } = require('./stats');

const square = (x) => x * x;

const experiments = [
  { name: '1. square, 100 integers', kernel: 'square', fn: square, params: {}, length: 100, repeats: 2000 },
  { name: '1b. square, 10^6 integers', kernel: 'square', fn: square, params: {}, length: 1e6, repeats: 20 },
  {
    name: '2. seed f, 100 numbers, 10^5 iterations, step 0.1',
    kernel: 'logAccumulate',
    fn: f,
    params: { iterations: 100_000, step: 0.1 },
    length: 100,
    repeats: 5,
  },
  {
    name: '3. seed f, 100 numbers, 10^7 iterations, step 0.01',
    kernel: 'logAccumulate',
    fn: f,
    params: { iterations: 10_000_000, step: 0.01 },
    length: 100,
    repeats: 1,
    jsOnlyWithFull: true,
  },
  {
    name: '4. logSum as a function, 100 numbers, 10^5 iterations, step 0.1',
    kernel: 'logSum',
    fn: seedLogSum,
    params: { iterations: 100_000, step: 0.1 },
    length: 100,
    repeats: 5,
  },
];

// Per-element Math functions from ordinary code, over 10^6 elements: the
// compiled function on 2 threads must beat the plain loop by FLOOR.
const FLOOR = 4;
const MATH_LENGTH = 1e6;
const spread = (low, high, seed) =>
  randomDoubles(MATH_LENGTH, seed, (next) => low + (Number(next() >> 11n) / 2 ** 53) * (high - low));
const mathExperiments = [
  { name: 'sigmoid 1 / (1 + exp(-x))', fn: (x) => 1 / (1 + Math.exp(-x)), input: () => spread(-10, 10, 1) },
  {
    name: 'gaussian density exp(-x*x/2) / sqrt(2*PI)',
    fn: (x) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI),
    input: () => spread(-6, 6, 2),
  },
  { name: 'sin(x) * cos(x)', fn: (x) => Math.sin(x) * Math.cos(x), input: () => spread(-100, 100, 3) },
  { name: 'x ** 2.2', fn: (x) => x ** 2.2, input: () => spread(0, 1000, 4) },
];

/** The median seconds of `repeats` runs after one warm-up (none for a single run), and the last result. */
async function timed(run, repeats) {
  const { samples, result } = await time(run, { runs: repeats, warmups: repeats > 1 ? 1 : 0 });
  return { seconds: median(samples), result };
}

const sameBits = (a, b) => firstDifference(a, b) === -1;

async function main() {
  const full = process.argv.includes('--full');
  const pool = new Pool();
  console.log(
    `numpool compiled functions: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${availableThreads()} usable CPUs, ` +
      `Node ${process.version}, pool of ${pool.threads} threads\n`,
  );
  let identical = true;
  let floors = true;
  for (const [seed, { name, kernel, fn, params, length, repeats, jsOnlyWithFull }] of experiments.entries()) {
    const input = integers(length, 0, 999, seed + 1);
    const compiled = compile(fn);
    const builtin = await timed(() => pool.map(kernel, input, params), Math.max(repeats, 3));
    const native = await timed(() => pool.map(compiled, input, { params }), Math.max(repeats, 3));
    const js =
      jsOnlyWithFull && !full ? undefined : await timed(() => input.map((x) => fn(x, params)), repeats);
    const same =
      sameBits(native.result, builtin.result) && (js === undefined || sameBits(native.result, js.result));
    identical &&= same;
    console.log(name);
    if (js) console.log(`  plain JavaScript loop   ${format(js.seconds).padStart(10)}`);
    console.log(`  built-in '${kernel}'`.padEnd(26) + format(builtin.seconds).padStart(10));
    console.log(`  compiled function       ${format(native.seconds).padStart(10)}`);
    console.log(`  compiled / built-in     ${(native.seconds / builtin.seconds).toFixed(2).padStart(9)}x`);
    if (js) console.log(`  speedup over the loop   ${(js.seconds / native.seconds).toFixed(1).padStart(9)}x`);
    console.log(`  results                 ${same ? 'bit-identical' : 'DIFFER'}\n`);
  }
  await pool.close();
  const two = new Pool({ threads: 2 });
  console.log(
    `Math functions, ${MATH_LENGTH} elements: plain loop vs compiled on 2 threads (floor ${FLOOR}x)\n`,
  );
  for (const { name, fn, input: make } of mathExperiments) {
    const input = make();
    const compiled = compile(fn);
    const native = await timed(() => two.map(compiled, input), 9);
    const js = await timed(() => input.map((x) => fn(x)), 5);
    const same = sameBits(native.result, js.result);
    const speedup = js.seconds / native.seconds;
    identical &&= same;
    floors &&= speedup >= FLOOR;
    console.log(name);
    console.log(`  plain JavaScript loop   ${format(js.seconds).padStart(10)}`);
    console.log(`  compiled, 2 threads     ${format(native.seconds).padStart(10)}`);
    console.log(
      `  speedup over the loop   ${speedup.toFixed(1).padStart(9)}x${speedup >= FLOOR ? '' : ' BELOW THE FLOOR'}`,
    );
    console.log(`  results                 ${same ? 'bit-identical' : 'DIFFER'}\n`);
  }
  await two.close();
  if (!identical || !floors) process.exitCode = 1;
}

main();
