'use strict';
// Timing and the figures drawn from it: shared by the demo and the bench.

/** The sample at fraction `q` (0..1) of the sorted samples: nearest rank, no interpolation. */
function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function median(values) {
  return quantile(values, 0.5);
}

/** Median, quartiles, p99 and range of samples in seconds. */
function summarize(samples) {
  return {
    runs: samples.length,
    median: median(samples),
    q1: quantile(samples, 0.25),
    q3: quantile(samples, 0.75),
    p99: quantile(samples, 0.99),
    min: Math.min(...samples),
    max: Math.max(...samples),
    samples,
  };
}

function now() {
  return Number(process.hrtime.bigint()) / 1e9;
}

/**
 * Seconds of each of `runs` calls of `run`, after untimed calls of `warmup`
 * (default: `run` itself): at least `warmups`, and more until they have taken
 * `warmupSeconds`. Returns the samples and the last result.
 */
async function time(run, { runs, warmups = 1, warmupSeconds = 0, warmup = run }) {
  const warming = now();
  for (let i = 0; i < warmups || now() - warming < warmupSeconds; i++) await warmup();
  const samples = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const started = now();
    result = await run();
    samples.push(now() - started);
  }
  return { samples, result };
}

/**
 * The median seconds of `repeats` runs of `run` and its last result: after one warm-up run when
 * repeated, and more until they have taken `warmupSeconds`.
 */
async function timed(run, repeats, warmupSeconds = 0) {
  const { samples, result } = await time(run, { runs: repeats, warmups: repeats > 1 ? 1 : 0, warmupSeconds });
  return { seconds: median(samples), result };
}

module.exports = { quantile, median, summarize, time, timed, now };
