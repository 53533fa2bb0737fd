'use strict';
// `npm run bench:scaling`: how the log kernels speed up from 1 thread to n
// (default: usable CPUs), on the seed's 100 numbers and on 1,600. Each
// element's chain of additions is serial, and a chunk holds at least one SIMD
// block of elements (32 for logAccumulate on AVX-512), so 100 numbers give
// only a few chunks: the wide rows show what the cores do when there is
// enough parallel work. Per cell: the best of 7 maps on a warm pool (thread
// counts taken in turns), speed-up over one thread, parallel efficiency,
// threads busy on average (pool.stats().busyMs) and speed-up over the plain
// JavaScript loop (timed on a few of the numbers). Exits 1 unless every
// thread count returns the bits that one thread returns.
const os = require('node:os');
const { Pool, availableThreads, info } = require('..');
const { firstDifference } = require('./agree');
const { command, exitWith, parseThreads, UsageError } = require('./cli');
const { doublingUpTo } = require('./experiments');
const { ratio, seconds } = require('./format');
const { integers, jsLoopSeconds } = require('./reference');
const { now } = require('./stats');

const WORKLOADS = [
  { kernel: 'logAccumulate', elements: 100, iterations: 10_000_000, step: 0.01, note: 'experiment 3' },
  { kernel: 'logAccumulate', elements: 1600, iterations: 1_000_000, step: 0.01 },
  { kernel: 'logSum', elements: 100, iterations: 100_000, step: 0.1, note: 'experiment 4' },
  { kernel: 'logSum', elements: 1600, iterations: 10_000, step: 0.1 },
];
const ROUNDS = 7;
// JS loop sample: enough iterations for a steady figure, a fraction of a second.
const JS_SAMPLE_ITERATIONS = 20_000_000;

const USAGE = `usage: npm run bench:scaling -- [--threads <n>] [--quick]

  --threads <n>   sweep 1, 2, 4, ... up to n threads, 1 to 256; default: usable CPUs (${availableThreads()})
  --quick         a hundredth of the iterations (a few seconds; what npm test runs)
  --help          this text`;

function parse(argv) {
  const options = { threads: availableThreads(), quick: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--help' || argv[i] === '-h') options.help = true;
    else if (argv[i] === '--quick') options.quick = true;
    else if (argv[i] === '--threads') options.threads = parseThreads(argv[++i] ?? '');
    else throw new UsageError(`unknown option ${JSON.stringify(argv[i])}`);
  }
  return options;
}

/**
 * Each thread count's best time over `ROUNDS` rounds, the counts taken in
 * turns so that all see the same load; how many threads were busy on average
 * while its maps ran (pool.stats().busyMs over wall time); its result.
 */
async function measure(workload, input, counts) {
  const params = { iterations: workload.iterations, step: workload.step };
  const pools = counts.map((threads) => new Pool({ threads }));
  try {
    const rows = await Promise.all(
      pools.map(async (pool) => ({ result: await pool.map(workload.kernel, input, params), samples: [] })),
    );
    const busyBefore = pools.map((pool) => sum(pool.stats().busyMs));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, pool] of pools.entries()) {
        const started = now();
        await pool.map(workload.kernel, input, params);
        rows[i].samples.push(now() - started);
      }
    }
    return rows.map(({ result, samples }, i) => ({
      result,
      seconds: Math.min(...samples),
      busy: (sum(pools[i].stats().busyMs) - busyBefore[i]) / 1000 / sum(samples),
    }));
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
  }
}

function sum(values) {
  return values.reduce((total, value) => total + value, 0);
}

const main = command('numpool bench:scaling', USAGE, parse, async ({ threads, quick, help }) => {
  if (help) {
    console.log(USAGE);
    return 0;
  }
  const cpus = os.cpus();
  console.log(
    `numpool ${info().version}, SIMD path ${info().simd}; ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ` +
      `${cpus.length} logical CPUs, ${availableThreads()} usable; Node ${process.version}`,
  );
  console.log(
    `best of ${ROUNDS} maps per cell, thread counts in turns; speed-up over 1 thread, efficiency, ` +
      'threads busy on average, speed-up over the JS loop\n',
  );
  let disagree = false;
  for (const [index, full] of WORKLOADS.entries()) {
    const workload = quick ? { ...full, iterations: full.iterations / 100 } : full;
    const { kernel, elements, iterations, step, note } = workload;
    const input = integers(elements, 1, 999, 10 + index);
    const sample = Math.max(1, Math.min(elements, Math.round(JS_SAMPLE_ITERATIONS / iterations)));
    const js = jsLoopSeconds(kernel, { iterations, step }, input, sample) * elements * iterations;
    const title = `${kernel} ${elements.toLocaleString('en')} × ${iterations.toLocaleString('en')}, step ${step}`;
    console.log(`${title}${note ? ` (${note})` : ''}; JS loop ${seconds(js)}`);
    const counts = doublingUpTo(threads);
    const rows = await measure(workload, input, counts);
    const [single] = rows;
    for (const [i, row] of rows.entries()) {
      const speedup = single.seconds / row.seconds;
      const differsAt = firstDifference(row.result, single.result);
      if (differsAt !== -1) disagree = true;
      console.log(
        `  ${String(counts[i]).padStart(4)} ${counts[i] === 1 ? 'thread ' : 'threads'}  ${seconds(row.seconds).padStart(9)}  ` +
          `${ratio(speedup).padStart(5)}  ${`${Math.round((100 * speedup) / counts[i])}%`.padStart(4)}  ` +
          `${row.busy.toFixed(1).padStart(5)} busy  ${ratio(js / row.seconds).padStart(5)} the JS loop` +
          (differsAt === -1 ? '' : `  DIFFERS from 1 thread at element ${differsAt}`),
      );
    }
    console.log();
  }
  return disagree ? 1 : 0;
});

exitWith(main(process.argv.slice(2)));
