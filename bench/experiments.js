'use strict';
// The seed's experiments (1 to 3) and the bench's own (4 to 6), at full size
// or reduced for --quick. Inputs come from fixed seeds, so every run and
// every contender maps the same numbers.
const { integers } = require('./reference');

/** 1, 2, 4, … below `top`, then `top`. */
function doublingUpTo(top) {
  const counts = [];
  for (let n = 1; n < top; n *= 2) counts.push(n);
  return [...counts, top];
}

/** 1, 2, 4, … below twice `threads`, with `threads` and twice it. */
function sweepThreads(threads) {
  return [...new Set([...doublingUpTo(2 * threads), threads])].sort((a, b) => a - b);
}

/**
 * Log inputs start at 1, not 0 like experiment 1's: Python's math.log(0)
 * raises where Math.log gives -Infinity, and the seed's f would stop there.
 * `pythonRuns`: the seed's f is ~70 ns an iteration in CPython, so the long
 * experiments run once on the Python side.
 */
function experiments({ quick, threads }) {
  const size = (full, reduced) => (quick ? reduced : full);
  const squares = integers(100, 0, 999, 1);
  const logs = integers(100, 1, 999, 2);
  const logMap = (kernel, iterations, step, input) => ({
    title: `${kernel} of 100 numbers, ${iterations.toLocaleString('en')} iterations, step ${step}`,
    kernel,
    params: { iterations, step },
    input,
  });
  const short = { runs: 7, pythonRuns: size(5, 3) };
  const shortIterations = size(100_000, 10_000);
  const third = {
    id: '3',
    ...logMap('logAccumulate', size(10_000_000, 200_000), 0.01, integers(100, 1, 999, 3)),
    runs: 3,
    pythonRuns: 1,
  };
  const calls = size(1000, 200);
  const latency = { runs: calls, latency: true };
  return [
    {
      id: '1',
      title: 'square of 100 random integers 0..999',
      kernel: 'square',
      params: {},
      input: squares,
      runs: size(200, 50),
    },
    { id: '2', ...logMap('logAccumulate', shortIterations, 0.1, logs), ...short },
    third,
    { id: '4', ...logMap('logSum', shortIterations, 0.1, logs), ...short },
    {
      ...third,
      id: '5',
      title: `experiment 3 on ${sweepThreads(threads).join(', ')} threads`,
      sweep: sweepThreads(threads),
    },
    {
      id: '6a',
      title: `latency of a tiny map: square of 100 numbers, ${calls} calls`,
      kernel: 'square',
      params: {},
      input: squares,
      ...latency,
    },
    {
      id: '6b',
      ...logMap('logSum', 100, 0.1, logs),
      title: `latency of a tiny map: logSum of 100 numbers, 100 iterations, ${calls} calls`,
      ...latency,
    },
  ];
}

/** The warm-up map: the same, but no longer than 100,000 iterations, which is enough to compile the loop. */
function warmupParams(params) {
  if (params.iterations === undefined) return params;
  return { ...params, iterations: Math.min(params.iterations, 100_000) };
}

const EXPERIMENT_IDS = ['1', '2', '3', '4', '5', '6'];

module.exports = { experiments, doublingUpTo, sweepThreads, warmupParams, EXPERIMENT_IDS };
