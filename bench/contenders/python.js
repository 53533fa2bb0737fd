'use strict';
// Python's multiprocessing.Pool.map running the seed's own f, as the seed
// did, in a python3 child process that times itself (seed_pool.py).
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');

const DRIVER = path.join(__dirname, 'seed_pool.py');
const PYTHON = 'python3';

function encode(values) {
  return Buffer.from(Float64Array.from(values).buffer).toString('base64');
}

function decode(text) {
  const bytes = Buffer.from(text, 'base64');
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

/** Why python3 cannot run here, or undefined when it can. */
function unavailable() {
  const probe = spawnSync(PYTHON, ['-c', 'import multiprocessing'], { stdio: 'ignore' });
  if (probe.error) return `${PYTHON} not found (${probe.error.code})`;
  if (probe.status !== 0) return `${PYTHON} cannot import multiprocessing`;
  return undefined;
}

/** The driver process, started on first use: one job at a time, one answer line each. */
function driver() {
  const child = spawn(PYTHON, [DRIVER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const answers = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const next = async () => {
    const { value, done } = await answers.next();
    if (done) throw new Error(`${PYTHON} ${DRIVER} exited with ${await exited}`);
    const answer = JSON.parse(value);
    if (answer.error) throw new Error(`${PYTHON}: ${answer.error}`);
    return answer;
  };
  const ready = next();
  return {
    ready,
    async ask(job) {
      await ready;
      child.stdin.write(`${JSON.stringify(job)}\n`);
      return next();
    },
    async stop() {
      child.stdin.end();
      await exited;
    },
  };
}

function python() {
  let running;
  const ask = (job) => {
    running ??= driver();
    return running.ask(job);
  };
  return {
    name: 'python',
    label: 'Python mp.Pool',
    exact: false,
    unavailable: unavailable(),
    async version() {
      running ??= driver();
      return (await running.ready).python;
    },
    async startup({ threads, input, runs }) {
      return (await ask({ op: 'startup', processes: threads, input: encode(input), runs })).samples;
    },
    async maps({ kernel, params, warmup, input, threads, runs }) {
      const answer = await ask({
        op: 'maps',
        kernel,
        params,
        warmup,
        processes: threads,
        input: encode(input),
        runs,
      });
      return { samples: answer.samples, result: decode(answer.result) };
    },
    async stop() {
      await running?.stop();
    },
  };
}

module.exports = { python };
