'use strict';
// The main job: the seed's three experiments, each as a plain JavaScript
// loop and through numpool, side by side, with the results checked bit for
// bit. Run with `npm run demo`.
const os = require('node:os');
const { Pool, availableThreads } = require('..');
const { reference } = require('./reference');
const { firstDifference } = require('./agree');
const { seconds: format } = require('./format');
const { timed } = require('./stats');

const experiments = [
  {
    name: '1. square 100 random integers 0..999',
    kernel: 'square',
    params: {},
    input: Array.from({ length: 100 }, () => Math.floor(Math.random() * 1000)),
    repeats: 2000,
  },
  {
    name: '2. logAccumulate 100 numbers, 100,000 iterations, step 0.1',
    kernel: 'logAccumulate',
    params: { iterations: 100_000, step: 0.1 },
    input: Array.from({ length: 100 }, () => Math.floor(Math.random() * 1000)),
    repeats: 5,
  },
  {
    name: '3. logAccumulate 100 numbers, 10,000,000 iterations, step 0.01',
    kernel: 'logAccumulate',
    params: { iterations: 10_000_000, step: 0.01 },
    input: Array.from({ length: 100 }, () => Math.floor(Math.random() * 1000)),
    repeats: 1,
  },
];

async function main() {
  const pool = new Pool();
  console.log(
    `numpool demo: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${availableThreads()} usable CPUs, Node ${process.version}`,
  );
  console.log(`pool: ${pool.threads} threads\n`);
  let allIdentical = true;
  for (const { name, kernel, params, input, repeats } of experiments) {
    const f = reference[kernel];
    const js = await timed(() => input.map((x) => f(x, params)), repeats);
    const native = await timed(() => pool.map(kernel, input, params), Math.max(repeats, 3));
    const differs = firstDifference(native.result, js.result);
    allIdentical &&= differs === -1;
    console.log(name);
    console.log(`  plain JavaScript loop  ${format(js.seconds).padStart(10)}`);
    console.log(`  numpool                ${format(native.seconds).padStart(10)}`);
    console.log(`  speedup                ${(js.seconds / native.seconds).toFixed(1).padStart(8)}x`);
    console.log(
      `  results                ${differs === -1 ? 'bit-identical' : `DIFFER at element ${differs}`}\n`,
    );
  }
  await pool.close();
  if (!allIdentical) process.exitCode = 1;
}

main();
