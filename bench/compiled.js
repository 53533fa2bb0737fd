'use strict';
// Compiled JavaScript functions against the built-in kernels and the plain
// JavaScript loop, on the seed's experiments, then Math-heavy functions
// and loops whose trip count varies by element, and jstat's functions that
// read tables in loops, against the plain loop on 2 threads; results
// checked bit for bit.
// Run with `npm run bench:compiled` (add --full for the 10^7-iteration
// experiment's plain loop, which takes minutes).
const os = require('node:os');
const { Pool, availableThreads, compile } = require('..');
const { firstDifference } = require('./agree');
const { seconds: format } = require('./format');
const {
  seedF: f,
  seedLogSum,
  integers,
  randomDoubles,
  isPrime,
  simpson,
  mandelbrot,
} = require('./reference');
const { timed } = require('./stats');

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
// Each side runs this long untimed first, so that both are timed as a
// program that maps repeatedly runs: numpool's maps then take their results'
// memory from blocks V8 has collected, and the loop's from memory glibc got
// back, where the first maps of a process fault in fresh pages (README,
// Speed).
const STEADY_SECONDS = 0.5;
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

// Fused reductions: the sum of Math.log(x) three ways on 2 threads, at each
// length; the fused reduce must beat numpool's map followed by a JS sum.
const REDUCE_LENGTHS = [1e6, 1e7];
const logOf = (x) => Math.log(x);

/** The plain loop's sum: left to right, rounding at every addition. */
function loopSum(values, fn) {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += fn(values[i]);
  return sum;
}

/** How far apart two sums are, in units in the last place of the exact one. */
function ulpsApart(a, exact) {
  const ulp = 2 ** (Math.floor(Math.log2(Math.abs(exact))) - 52);
  return Math.abs(a - exact) / ulp;
}

// Loops whose trip count depends on the element, over 10^6 elements: the
// compiled function on 2 threads must at least keep up with the plain loop.
const DIVERGENT_FLOOR = 1;
const divergentExperiments = [
  {
    name: 'isPrime by trial division, integers below 10^6',
    fn: isPrime,
    input: () => integers(MATH_LENGTH, 0, 1e6 - 1, 5),
  },
  { name: 'Simpson integration, 2 to 82 intervals', fn: simpson, input: () => spread(0, 10, 6) },
  { name: 'Mandelbrot row, escape time up to 256', fn: mandelbrot, input: () => spread(-2, 1, 7) },
];

// jstat's special functions as shipped, reading tables of coefficients in
// loops of a few iterations known when compiled (unrolled, their reads
// constants): the compiled function on 2 threads must keep up with the loop.
const TABLE_FLOOR = 1;
const { jStat } = require('jstat');
const tableExperiments = [
  { name: "jstat's erf, 27 reads of a table of 28", fn: jStat.erf, input: () => spread(-6, 6, 8) },
  { name: "jstat's gammaln, 6 reads of a table of 6", fn: jStat.gammaln, input: () => spread(1e-3, 200, 9) },
];

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
  const groups = [
    [`Math functions, ${MATH_LENGTH} elements`, mathExperiments, FLOOR],
    [`Divergent loops, ${MATH_LENGTH} elements`, divergentExperiments, DIVERGENT_FLOOR],
    [`Tables read in loops, ${MATH_LENGTH} elements`, tableExperiments, TABLE_FLOOR],
  ];
  for (const [title, group, floor] of groups) {
    console.log(`${title}: plain loop vs compiled on 2 threads (floor ${floor}x)\n`);
    for (const { name, fn, input: make } of group) {
      const input = make();
      const compiled = compile(fn);
      const native = await timed(() => two.map(compiled, input), 9, STEADY_SECONDS);
      const js = await timed(() => input.map((x) => fn(x)), 5, STEADY_SECONDS);
      const same = sameBits(native.result, js.result);
      const speedup = js.seconds / native.seconds;
      identical &&= same;
      floors &&= speedup >= floor;
      console.log(name);
      console.log(`  plain JavaScript loop   ${format(js.seconds).padStart(10)}`);
      console.log(`  compiled, 2 threads     ${format(native.seconds).padStart(10)}`);
      console.log(
        `  speedup over the loop   ${speedup.toFixed(1).padStart(9)}x${speedup >= floor ? '' : ' BELOW THE FLOOR'}`,
      );
      console.log(`  results                 ${same ? 'bit-identical' : 'DIFFER'}\n`);
    }
  }
  console.log(
    'Fused sum of Math.log(x), 2 threads: JS loop, numpool map then a JS sum, pool.reduce (floor: reduce faster than map + sum)\n',
  );
  const compiledLog = compile(logOf);
  for (const length of REDUCE_LENGTHS) {
    const input = randomDoubles(length, 5, (next) => 1e-3 + Number(next() >> 11n) / 2 ** 43);
    const repeats = length > 1e6 ? 3 : 7;
    const js = await timed(() => loopSum(input, logOf), repeats);
    const mapped = await timed(async () => loopSum(await two.map(compiledLog, input), (y) => y), repeats);
    const fused = await timed(() => two.reduce(compiledLog, input, { op: 'sum' }), repeats);
    const faster = fused.seconds < mapped.seconds;
    floors &&= faster;
    // The loop's rounding at every addition against the exact sum rounded once.
    identical &&= mapped.result === js.result;
    console.log(`sum of log, ${length} elements`);
    console.log(`  plain JavaScript loop   ${format(js.seconds).padStart(10)}`);
    console.log(
      `  map, then JS sum        ${format(mapped.seconds).padStart(10)}  ${(js.seconds / mapped.seconds).toFixed(1)}x the loop`,
    );
    console.log(
      `  reduce (fused)          ${format(fused.seconds).padStart(10)}  ${(js.seconds / fused.seconds).toFixed(1)}x the loop, ` +
        `${(mapped.seconds / fused.seconds).toFixed(2)}x map + sum${faster ? '' : ' BELOW THE FLOOR'}`,
    );
    console.log(
      `  loop's sum vs exact     ${ulpsApart(js.result, fused.result).toFixed(1).padStart(9)} ulps apart\n`,
    );
  }
  // The seed's experiment 4 data: the sum of its 100 logSum values.
  const seed = experiments[4];
  const seedValues = await two.map('logSum', integers(seed.length, 0, 999, 5), seed.params);
  const seedExact = await two.reduce('logSum', integers(seed.length, 0, 999, 5), {
    ...seed.params,
    op: 'sum',
  });
  const seedLoop = loopSum(seedValues, (y) => y);
  console.log(
    `seed logSum data (${seed.name}): reduce ${seedExact}, += loop ${seedLoop}, ` +
      `${ulpsApart(seedLoop, seedExact).toFixed(1)} ulps apart\n`,
  );
  await two.close();
  if (!identical || !floors) process.exitCode = 1;
}

main();
