'use strict';
// Compiled JavaScript functions against the built-in kernels and the plain
// JavaScript loop, on the seed's experiments, results checked bit for bit.
// Run with `npm run bench:compiled` (add --full for the 10^7-iteration
// experiment's plain loop, which takes minutes).
const os = require('node:os');
const { Pool, availableThreads, compile } = require('..');

const square = (x) => x * x;
const f = (x, p) => {
  let fixed = x;
  let ret;
  for (let i = 0; i < p.iterations; i++) {
    ret = Math.log(fixed);
    fixed += p.step;
  }
  return ret;
};

const randomIntegers = (length) => Array.from({ length }, () => Math.floor(Math.random() * 1000));
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
];

async function time(run, repeats) {
  if (repeats > 1) await run();
  const samples = [];
  let result;
  for (let i = 0; i < repeats; i++) {
    const started = process.hrtime.bigint();
    result = await run();
    samples.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  samples.sort((a, b) => a - b);
  return { seconds: samples[Math.floor(samples.length / 2)], result };
}

function format(seconds) {
  if (seconds < 1e-3) return `${(seconds * 1e6).toFixed(1)} µs`;
  if (seconds < 1) return `${(seconds * 1e3).toFixed(2)} ms`;
  return `${seconds.toFixed(2)} s`;
}

const sameBits = (a, b) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

async function main() {
  const full = process.argv.includes('--full');
  const pool = new Pool();
  console.log(
    `numpool compiled functions: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${availableThreads()} usable CPUs, ` +
      `Node ${process.version}, pool of ${pool.threads} threads\n`,
  );
  let identical = true;
  for (const { name, kernel, fn, params, length, repeats, jsOnlyWithFull } of experiments) {
    const input = randomIntegers(length);
    const compiled = compile(fn);
    const builtin = await time(() => pool.map(kernel, input, params), Math.max(repeats, 3));
    const native = await time(() => pool.map(compiled, input, { params }), Math.max(repeats, 3));
    const js =
      jsOnlyWithFull && !full ? undefined : await time(() => input.map((x) => fn(x, params)), repeats);
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
  if (!identical) process.exitCode = 1;
}

main();
