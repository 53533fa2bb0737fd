'use strict';
// Runs the selected experiments through every available contender, checks
// every result against the plain JavaScript loop's, and gathers the figures.
const { availableThreads } = require('..');
const { compare } = require('./agree');
const js = require('./contenders/js');
const numpool = require('./contenders/numpool');
const piscina = require('./contenders/piscina');
const { python } = require('./contenders/python');
const { experiments, warmupParams } = require('./experiments');
const { machine } = require('./machine');
const { summarize } = require('./stats');

// Rough ns per element-iteration and per map, for the progress bar only.
const COST = {
  js: { iteration: 6, map: 1e3 },
  numpool: { iteration: 3, map: 3e4 },
  piscina: { iteration: 6, map: 2e5 },
  python: { iteration: 80, map: 2e6 },
};

// Pools created to time start-up (3 with --quick).
const STARTUPS = 5;

/** The contenders this run uses, and why the others are skipped. */
function chooseContenders(options) {
  const used = [js, numpool];
  const skipped = {};
  if (!options.piscina) skipped.piscina = 'skipped by --no-piscina';
  else if (piscina.unavailable) skipped.piscina = piscina.unavailable;
  else used.push(piscina);
  if (!options.python) skipped.python = 'skipped by --no-python';
  else {
    const seed = python();
    if (seed.unavailable) skipped.python = seed.unavailable;
    else used.push(seed);
  }
  return { used, skipped };
}

function runsFor(contender, experiment) {
  return contender.name === 'python' ? (experiment.pythonRuns ?? experiment.runs) : experiment.runs;
}

/** The JS loop has one thread whatever is asked. */
function threadsOf(contender, threads) {
  return contender.name === 'js' ? 1 : threads;
}

/** Names one measurement: the same map on the same contender and threads is measured once (3 and 5 share). */
function measurementId(contender, experiment, threads) {
  const { kernel, params, input } = experiment;
  const runs = runsFor(contender, experiment);
  return [
    contender.name,
    kernel,
    JSON.stringify(params),
    input.join(),
    threadsOf(contender, threads),
    runs,
  ].join('|');
}

/** The measurements this run will make, each with its estimated cost, in order. */
function plan(options, contenders) {
  const chosen = experiments(options).filter((e) => !options.only || e.id.startsWith(options.only));
  const steps = [];
  const seen = new Set();
  const add = (contender, experiment, threads) => {
    const runs = runsFor(contender, experiment);
    const id = measurementId(contender, experiment, threads);
    if (seen.has(id)) return;
    seen.add(id);
    const cost = COST[contender.name];
    const iterations = experiment.params.iterations ?? 1;
    const parallel = Math.min(threadsOf(contender, threads), availableThreads());
    const estimate =
      (runs + 0.1) * (cost.map + (experiment.input.length * iterations * cost.iteration) / parallel);
    steps.push({ id, contender, experiment, threads: threadsOf(contender, threads), runs, estimate });
  };
  for (const contender of contenders) {
    // Start-up: a few pools, each costing about ten maps' overhead.
    if (contender.startup) {
      steps.push({ startup: true, contender, estimate: STARTUPS * 10 * COST[contender.name].map });
    }
  }
  for (const experiment of chosen) {
    for (const contender of contenders) {
      for (const threads of experiment.sweep ?? [options.threads]) add(contender, experiment, threads);
    }
  }
  return { chosen, steps };
}

function label(step) {
  const where = step.contender.name === 'js' ? '' : ` ×${step.threads}`;
  return `${step.experiment.id} ${step.contender.label}${where}`;
}

/** Every figure of one run, as written to latest.json. */
async function runBench(options, progress) {
  const { used, skipped } = chooseContenders(options);
  const { chosen, steps } = plan(options, used);
  const measuredOn = await machine(used);
  progress.start(steps.reduce((total, step) => total + step.estimate, 0));
  const startupInput = chosen.find((e) => e.kernel === 'square')?.input ?? experiments(options)[0].input;
  const measured = new Map();
  const startup = {};
  try {
    for (const step of steps) {
      if (step.startup) {
        const runs = options.quick ? 3 : STARTUPS;
        const done = progress.begin(`start-up ${step.contender.label} ×${options.threads}`, step.estimate);
        const samples = await step.contender.startup({ threads: options.threads, input: startupInput, runs });
        startup[step.contender.name] = { threads: options.threads, ...summarize(samples) };
        done(startup[step.contender.name]);
        continue;
      }
      const { contender, experiment, threads, runs } = step;
      const done = progress.begin(label(step), step.estimate);
      const { samples, result } = await contender.maps({
        kernel: experiment.kernel,
        params: experiment.params,
        warmup: warmupParams(experiment.params),
        input: experiment.input,
        threads,
        runs,
        onProgress: progress.onMapProgress,
      });
      const stats = summarize(samples);
      measured.set(step.id, { contender, threads, stats, result: Float64Array.from(result) });
      done(stats);
    }
  } finally {
    progress.stop();
    for (const contender of used) await contender.stop();
  }
  const reportFor = (experiment, contender, threads) =>
    measured.get(measurementId(contender, experiment, threads));
  const report = {
    date: new Date().toISOString(),
    quick: options.quick,
    machine: measuredOn,
    threads: options.threads,
    contenders: used.map(({ name, label, exact }) => ({ name, label, exact })),
    skipped,
    startup,
    experiments: [],
  };
  for (const experiment of chosen) {
    const reference = reportFor(experiment, js, 1).result;
    const entry = {
      id: experiment.id,
      title: experiment.title,
      kernel: experiment.kernel,
      params: experiment.params,
      input: [...experiment.input],
      latency: experiment.latency ?? false,
      results: {},
    };
    for (const contender of used) {
      const counts = contender.name === 'js' ? [1] : (experiment.sweep ?? [options.threads]);
      const rows = counts.map((threads) => {
        const { stats, result } = reportFor(experiment, contender, threads);
        return {
          threads,
          ...stats,
          agreement: compare(result, reference, { exact: contender.exact }),
          result: [...result],
        };
      });
      if (experiment.sweep) {
        const single = rows.find((row) => row.threads === 1)?.median;
        for (const row of rows) row.speedup = single / row.median;
      }
      entry.results[contender.name] = experiment.sweep ? rows : rows[0];
    }
    entry.threads = experiment.sweep ?? options.threads;
    report.experiments.push(entry);
  }
  return report;
}

module.exports = { runBench };
