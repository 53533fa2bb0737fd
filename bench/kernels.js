'use strict';
// `npm run bench:kernels`: numpool's kernels side by side with their limits,
// as ratios measured in one run:
//   1. one thread of numpool's kernel (kernel_costs.cc, built with the
//      shipping flags) against the same kernel as a hand-written C++ loop
//      built here with -O3 -march=native (reference_loops.cc);
//   2. all threads through the API against the plain JavaScript loop;
//   3. parallel efficiency from one thread to all, through the API;
//   4. square on 10^7 elements against memcpy of the same 80 MB;
//   5. every SIMD path's cost per element and iteration (what the kernel
//      descriptors hold) and the overhead of a map that runs inline.
// Two rounds unless --once: the machine may be shared, so read the better.
const os = require('node:os');
const path = require('node:path');
const { execFile, execFileSync } = require('node:child_process');
const { Pool, availableThreads, info } = require('..');
const { jsLoopSeconds } = require('./reference');

function best(values) {
  return Math.min(...values);
}

/** Best nanoseconds of `repeats` runs of the async `run`. */
async function timeNs(run, repeats) {
  const took = [];
  for (let r = 0; r < repeats; r++) {
    const start = process.hrtime.bigint();
    await run();
    took.push(Number(process.hrtime.bigint() - start));
  }
  return best(took);
}

const input100 = Float64Array.from({ length: 100 }, (_, e) => 1 + ((e * 7919) % 1000));
const heavy = {
  logAccumulate: { iterations: 10_000_000, step: 0.01 },
  logSum: { iterations: 100_000, step: 0.1 },
};

/** ns per element and iteration of each kernel on `pool`. */
async function kernelCosts(pool, repeats) {
  const costs = {};
  for (const [kernel, params] of Object.entries(heavy)) {
    const ns = await timeNs(() => pool.map(kernel, input100, params), repeats);
    costs[kernel] = ns / (100 * params.iterations);
  }
  const big = new Float64Array(10_000_000).fill(1.5);
  const out = new Float64Array(big.length);
  costs.square = (await timeNs(() => pool.map('square', big, { out }), repeats)) / big.length;
  return costs;
}

// The flags binding.gyp builds numpool with (no -march: the paths come
// from target attributes), and the reference loops' flags.
const SHIPPING = ['-O3', '-ffp-contract=off', '-fno-math-errno', '-Wno-psabi'];
const NATIVE = ['-O3', '-march=native', '-ffp-contract=off', '-fno-math-errno'];

/** Compiles C++ sources from this folder and the repository; returns the binary. */
function compile(name, flags, sources) {
  const binary = path.join(os.tmpdir(), `numpool-${name}-${process.pid}`);
  const root = path.join(__dirname, '..');
  execFileSync('g++', [
    '-std=c++20',
    ...flags,
    ...sources.map((source) => path.join(root, source)),
    '-o',
    binary,
  ]);
  return binary;
}

function runJson(binary) {
  return JSON.parse(execFileSync(binary, { encoding: 'utf8' }));
}

/** Runs `copies` processes of `binary` at once; their JSON outputs. */
function runConcurrently(binary, copies) {
  const one = () =>
    new Promise((resolve, reject) =>
      execFile(binary, { encoding: 'utf8' }, (error, stdout) =>
        error ? reject(error) : resolve(JSON.parse(stdout)),
      ),
    );
  return Promise.all(Array.from({ length: copies }, one));
}

const pct = (x) => `${(100 * x).toFixed(0)}%`;
const ratio = (x) => `${x.toFixed(2)}x`;
const ns = (x) => `${x.toPrecision(3)} ns`;

/** ns per element of the copies a map of 10^7 makes: see lib/marshal.ts, lib/pool.ts. */
function marshalCosts() {
  const n = 10_000_000;
  const input = new Float64Array(n).fill(1.5);
  const out = new Float64Array(n).fill(0);
  const timed = (run) => {
    const start = process.hrtime.bigint();
    const value = run();
    return [Number(process.hrtime.bigint() - start) / n, value];
  };
  const [inputNs] = timed(() => new Float64Array(input));
  // A fresh array's pages are mapped when first written, as the kernel does.
  const [resultNs, result] = timed(() => new Float64Array(n).fill(2));
  const [outNs] = timed(() => out.set(result));
  return { input: inputNs, result: resultNs, out: outNs };
}

/** Microseconds per awaited inline map of `elements` elements. */
async function inlineMapUs(pool, kernel, elements, params) {
  const input = new Float64Array(elements).fill(2);
  for (let i = 0; i < 2000; i++) await pool.map(kernel, input, params);
  const calls = 20_000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await pool.map(kernel, input, params);
  return Number(process.hrtime.bigint() - start) / calls / 1000;
}

async function main() {
  const once = process.argv.includes('--once');
  const threads = availableThreads();
  const { simd, simdPaths } = info();
  console.log(`numpool ${info().version}, SIMD path ${simd}, ${threads} threads`);
  console.log(`${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}\n`);
  const reference = compile('reference-loops', NATIVE, ['bench/reference_loops.cc']);
  const costs = compile('kernel-costs', SHIPPING, [
    'bench/kernel_costs.cc',
    'native/simd_dispatch.cc',
    'native/kernels/fma_math.cc',
  ]);
  const one = new Pool({ threads: 1 });
  const all = new Pool({ threads });
  for (let round = 1; round <= (once ? 1 : 2); round++) {
    console.log(`--- round ${round}`);
    const native = runJson(reference);
    const kernel = runJson(costs)[simd];
    const single = await kernelCosts(one, 3);
    const multi = await kernelCosts(all, 1);
    console.log(
      `1. one thread, numpool's ${simd} kernel vs hand-written C++ -O3 -march=native ` +
        '(ns per element-iteration; goal >= 0.9)',
    );
    for (const name of ['logAccumulate', 'logSum', 'square']) {
      console.log(
        `   ${name.padEnd(14)} numpool ${ns(kernel[name])} (through map: ${ns(single[name])}), ` +
          `C++ ${ns(native[name])}: ${ratio(native[name] / kernel[name])}`,
      );
    }
    console.log(
      `2. ${threads} threads vs plain JavaScript loop (goals: logAccumulate >= 200x, logSum >= 15x)`,
    );
    const experiments = [
      [
        'exp. 2 logAccumulate 100 x 100,000 step 0.1',
        'logAccumulate',
        { iterations: 100_000, step: 0.1 },
        100,
      ],
      ['exp. 3 logAccumulate 100 x 10^7 step 0.01', 'logAccumulate', heavy.logAccumulate, 4],
      ['logSum 100 x 100,000 step 0.1', 'logSum', heavy.logSum, 100],
    ];
    for (const [name, kernel, params, jsElements] of experiments) {
      const js = jsLoopSeconds(kernel, params, input100, jsElements) * 1e9;
      const took = await timeNs(() => all.map(kernel, input100, params), 5);
      const numpool = took / (100 * params.iterations);
      const scaled = jsElements < 100 ? ` (JS timed on ${jsElements} of the 100 numbers)` : '';
      console.log(
        `   ${name.padEnd(44)} JS ${ns(js)}, numpool ${ns(numpool)} ` +
          `(${(took / 1e6).toFixed(2)} ms): ${ratio(js / numpool)}${scaled}`,
      );
    }
    // Each number's additions are one serial chain: no thread count beats it.
    const floorMs = (native.addition * heavy.logAccumulate.iterations) / 1e6;
    console.log(
      `   exp. 3's floor on any number of threads: 10^7 dependent additions of ${ns(native.addition)} ` +
        `= ${floorMs.toFixed(2)} ms`,
    );
    console.log(`3. parallel efficiency 1 -> ${threads} threads (goal >= 90%)`);
    // Control: the kernel in `threads` independent processes at once, which
    // share nothing; it shows how many cores this machine really has free.
    const copies = (await runConcurrently(costs, threads)).map((result) => result[simd]);
    for (const name of ['logAccumulate', 'logSum']) {
      const control = copies.reduce((total, result) => total + kernel[name] / result[name], 0) / threads;
      // One and all threads taken in turns, so that both see the same load.
      const best = [Infinity, Infinity];
      for (let r = 0; r < 5; r++) {
        for (const [i, pool] of [one, all].entries()) {
          best[i] = Math.min(best[i], await timeNs(() => pool.map(name, input100, heavy[name]), 1));
        }
      }
      console.log(
        `   ${name.padEnd(14)} ${pct(best[0] / best[1] / threads)}; ` +
          `control, ${threads} independent processes: ${pct(control)}`,
      );
    }
    console.log('4. square 10^7 vs memcpy of 80 MB (goal >= 0.5)');
    const gbs = (nsPerElement) => `${(16 / nsPerElement).toFixed(1)} GB/s`;
    console.log(
      `   memcpy ${gbs(native.memcpy)}, C++ loop ${gbs(native.square)}, numpool kernel ${gbs(kernel.square)}: ` +
        `${ratio(native.memcpy / kernel.square)} (bytes read + written per second)`,
    );
    console.log(
      `   through map: 1 thread ${gbs(single.square)}, ${threads} threads ${gbs(multi.square)}: ` +
        `${ratio(native.memcpy / Math.min(single.square, multi.square))}`,
    );
    const copy = marshalCosts();
    console.log(
      `   what a map adds around the kernel (ns per element): input copy ${copy.input.toFixed(2)}, ` +
        `fresh result ${copy.result.toFixed(2)}, copy to out ${copy.out.toFixed(2)}`,
    );
  }
  console.log('5. each path, one thread, ns per element-iteration (kernel descriptors hold these)');
  const paths = runJson(costs);
  for (const simdPath of simdPaths) {
    const cost = paths[simdPath];
    console.log(
      `   ${simdPath.padEnd(7)} logAccumulate ${ns(cost.logAccumulate)}, logSum ${ns(cost.logSum)}, ` +
        `square ${ns(cost.square)}`,
    );
  }
  const empty = await inlineMapUs(one, 'square', 8, {});
  const log = await inlineMapUs(one, 'logSum', 8, { iterations: 100, step: 0.1 });
  const logKernel = (8 * 100 * paths[simd].logSum) / 1000;
  console.log(
    `   inline map, awaited: square of 8 elements ${empty.toFixed(2)} µs; logSum 8 x 100 ` +
      `${log.toFixed(2)} µs, of which kernel ${logKernel.toFixed(2)} µs`,
  );
  await one.close();
  await all.close();
  for (const binary of [reference, costs]) require('node:fs').rmSync(binary, { force: true });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
