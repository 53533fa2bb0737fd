'use strict';
// `npm run bench:sizes`: when does a pool pay? Times square, a compiled
// Math.log and the seed's f (10^3 iterations) at n = 10, 100, ... for the
// plain JavaScript loop, numpool (default, transfer, SharedArrayBuffer) and
// piscina, draws time per element against n (log-log, with the crossover
// where numpool first beats the loop), and measures the floors of issue 15
// side by side: map('square', 1e7) against TypedArray.prototype.set into a
// warm destination, the compiled Math.log against the loop and numpy's
// np.log, and a tiny map's latency.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Pool, compile, availableThreads } = require('..');
const { command, exitWith, parseThreads, UsageError } = require('./cli');
const { seconds, ratio } = require('./format');
const { reference, referenceMap } = require('./reference');
const { summarize, time } = require('./stats');
const { sizesChart } = require('./svg');
const piscina = require('./contenders/piscina');

const USAGE = `usage: npm run bench:sizes -- [options]

  --max <n>        largest n, a power of 10 from 100 to 1e8 (default 1e7; the seed's f stops at 1e5)
  --threads <n>    threads per pool (default: usable CPUs, ${availableThreads()})
  --no-floors      skip the floor measurements
  --json <path>    where the figures go (default bench/results/sizes.json); sizes.svg goes beside it
  --help           this text`;

const KERNELS = [
  { name: 'square', label: "map('square')", max: Number.POSITIVE_INFINITY, params: {} },
  { name: 'log', label: 'compiled Math.log', max: Number.POSITIVE_INFINITY, params: {} },
  {
    name: 'logAccumulate',
    label: "seed's f, 10^3 iterations",
    max: 1e5,
    params: { iterations: 1000, step: 0.1 },
  },
];
const logKernel = compile((x) => Math.log(x));

function parse(argv) {
  const options = {
    max: 1e7,
    threads: availableThreads(),
    floors: true,
    json: path.join(__dirname, 'results', 'sizes.json'),
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--help') options.help = true;
    else if (arg === '--no-floors') options.floors = false;
    else if (arg === '--threads') options.threads = parseThreads(value());
    else if (arg === '--json') options.json = path.resolve(value());
    else if (arg === '--max') {
      const text = value();
      options.max = Number(text);
      if (![2, 3, 4, 5, 6, 7, 8].some((e) => options.max === 10 ** e)) {
        throw new UsageError(`--max must be a power of 10 from 100 to 1e8, got ${JSON.stringify(text)}`);
      }
    } else throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
  }
  return options;
}

/** numpool's map of `kernel`, the way each variant hands its buffers over. */
function numpoolMap(pool, kernel, input, params, extra) {
  return kernel === 'log'
    ? pool.map(logKernel, input, extra)
    : pool.map(kernel, input, { ...params, ...extra });
}

/** Timed runs: enough to fill about 0.3 s, 3 to 30 of them. */
function runsFor(estimateSeconds) {
  return Math.max(3, Math.min(30, Math.round(0.3 / Math.max(estimateSeconds, 1e-6))));
}

async function measure(kernel, n, pool, piscinaPool, onMeasured) {
  const input = Float64Array.from({ length: n }, (_, i) => (i % 1000) + 1.5);
  const expected = referenceMap(kernel.name, input, kernel.params);
  const fn = reference[kernel.name];
  const jsLoop = () => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = fn(input[i], kernel.params);
    return out;
  };
  const first = performance.now();
  jsLoop();
  const runs = runsFor((performance.now() - first) / 1000);
  const shared = new Float64Array(new SharedArrayBuffer(n * 8));
  shared.set(input);
  const sharedOut = new Float64Array(new SharedArrayBuffer(n * 8));
  // Each transfer consumes its input: copies made before the timed runs.
  let copies = [];
  const variants = {
    js: { run: jsLoop },
    numpool: { run: () => numpoolMap(pool, kernel.name, input, kernel.params) },
    'numpool transfer': {
      before: (count) => {
        copies = Array.from({ length: count }, () => Float64Array.from(input));
      },
      run: () => numpoolMap(pool, kernel.name, copies.pop(), kernel.params, { transfer: true }),
    },
    'numpool SAB': { run: () => numpoolMap(pool, kernel.name, shared, kernel.params, { out: sharedOut }) },
  };
  if (piscinaPool) {
    variants.piscina = { run: () => piscina.mapChunks(piscinaPool, kernel.name, input, kernel.params) };
  }
  const results = {};
  for (const [name, { before, run }] of Object.entries(variants)) {
    before?.(runs + 1);
    const { samples, result } = await time(run, { runs });
    if (!result.every((v, i) => Object.is(v, expected[i])))
      throw new Error(`${name} disagrees with the JS loop`);
    results[name] = summarize(samples.map((s) => s / n));
    onMeasured(`${kernel.name} n=${n} ${name}`, results[name].median * n);
  }
  return results;
}

/** The first n from which numpool (default options) beats the JS loop and stays ahead. */
function crossover(points) {
  let found;
  for (const { n, results } of [...points].reverse()) {
    if (results.numpool.median < results.js.median) found = n;
    else break;
  }
  return found;
}

/** np.log over `n` doubles into a fresh array, timed in python3 (median of 9); undefined without numpy. */
function numpyLog(n) {
  const code = `import numpy as np, time
x = np.arange(1, ${n} + 1, dtype=np.float64)
np.log(x)
s = []
for _ in range(9):
    t = time.perf_counter(); np.log(x); s.append(time.perf_counter() - t)
print(sorted(s)[4])`;
  const probe = spawnSync('python3', ['-c', code], { encoding: 'utf8' });
  return probe.status === 0 ? Number(probe.stdout.trim()) : undefined;
}

async function floors(pool) {
  const n = 1e7;
  const input = Float64Array.from({ length: n }, (_, i) => (i % 1000) + 1.5);
  const warm = new Float64Array(n);
  const copy = summarize((await time(() => warm.set(input), { runs: 15, warmups: 2 })).samples);
  const square = summarize((await time(() => pool.map('square', input), { runs: 15, warmups: 2 })).samples);
  const sharedIn = new Float64Array(new SharedArrayBuffer(n * 8));
  sharedIn.set(input);
  const sharedOut = new Float64Array(new SharedArrayBuffer(n * 8));
  const squareShared = summarize(
    (await time(() => pool.map('square', sharedIn, { out: sharedOut }), { runs: 15, warmups: 2 })).samples,
  );
  const jsLog = summarize(
    (
      await time(
        () => {
          const out = new Float64Array(n);
          for (let i = 0; i < n; i++) out[i] = Math.log(input[i]);
          return out;
        },
        { runs: 5 },
      )
    ).samples,
  );
  const log = summarize((await time(() => pool.map(logKernel, input), { runs: 15, warmups: 2 })).samples);
  const numpy = numpyLog(n);
  const tinyInput = Array.from({ length: 100 }, (_, i) => i);
  const tiny = summarize(
    (await time(() => pool.map('square', tinyInput), { runs: 2000, warmups: 200 })).samples,
  );
  return { n, copy, square, squareShared, jsLog, log, numpy, tiny };
}

function printFloors(f) {
  const lines = [
    `floors (n = 1e7, ${f.threads} threads; median):`,
    `  TypedArray.prototype.set into a warm destination  ${seconds(f.copy.median)}`,
    `  map('square')                                     ${seconds(f.square.median)}  = ${ratio(f.copy.median / f.square.median)} of set's speed (floor 0.5x)`,
    `  map('square') SharedArrayBuffer in and out        ${seconds(f.squareShared.median)}  = ${ratio(f.copy.median / f.squareShared.median)} of set's speed`,
    `  JS loop of Math.log                               ${seconds(f.jsLog.median)}`,
    `  compiled Math.log                                 ${seconds(f.log.median)}  = ${ratio(f.jsLog.median / f.log.median)} the JS loop (floor 4x)`,
    f.numpy === undefined
      ? '  numpy: not available'
      : `  numpy np.log, fresh output (python3, 1 thread)    ${seconds(f.numpy)}  numpool = ${ratio(f.numpy / f.log.median)} numpy's speed (floor 1x)`,
    `  map('square') of 100 numbers (inline)             ${seconds(f.tiny.median)} (floor 5 µs)`,
  ];
  console.log(lines.join('\n'));
}

const main = command('npm run bench:sizes', USAGE, parse, async (options) => {
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const { threads } = options;
  const pool = new Pool({ threads });
  const piscinaPool = piscina.unavailable ? undefined : piscina.open(threads);
  const report = { threads, kernels: [], floors: undefined, piscina: piscina.unavailable ?? piscina.version };
  let last = 0;
  const note = (label, took) => {
    const at = performance.now();
    if (at - last > 200 || took > 0.2) process.stderr.write(`\r${label}: ${seconds(took)}\x1b[K`);
    last = at;
  };
  try {
    for (const kernel of KERNELS) {
      const points = [];
      for (let n = 10; n <= Math.min(options.max, kernel.max); n *= 10) {
        points.push({ n, results: await measure(kernel, n, pool, piscinaPool, note) });
      }
      report.kernels.push({ name: kernel.name, label: kernel.label, points, crossover: crossover(points) });
    }
    process.stderr.write('\r\x1b[K');
    if (options.floors) report.floors = { threads, ...(await floors(pool)) };
  } finally {
    await pool.close();
    await piscinaPool?.destroy();
  }
  for (const kernel of report.kernels) {
    console.log(`${kernel.label}: ns per element (median)`);
    const names = Object.keys(kernel.points[0].results);
    console.log(`  ${'n'.padStart(9)}  ${names.map((name) => name.padStart(18)).join('')}`);
    for (const { n, results } of kernel.points) {
      const cells = names.map((name) => (results[name].median * 1e9).toFixed(2).padStart(18));
      console.log(`  ${n.toExponential(0).padStart(9)}  ${cells.join('')}`);
    }
    console.log(`  numpool beats the JS loop from n = ${kernel.crossover ?? '(never in this range)'}`);
  }
  if (report.floors) printFloors(report.floors);
  fs.mkdirSync(path.dirname(options.json), { recursive: true });
  fs.writeFileSync(
    options.json,
    `${JSON.stringify(report, (k, v) => (k === 'samples' ? undefined : v), 1)}\n`,
  );
  const svg = path.join(path.dirname(options.json), 'sizes.svg');
  fs.writeFileSync(svg, sizesChart(report));
  console.log(`\nwrote ${path.relative(process.cwd(), options.json)}, ${path.relative(process.cwd(), svg)}`);
  return 0;
});

module.exports = { main };

if (require.main === module) exitWith(main(process.argv.slice(2)));
