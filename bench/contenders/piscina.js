'use strict';
// piscina: worker_threads running the plain JavaScript kernel, the input cut
// into one contiguous chunk per thread, one task per chunk.
const path = require('node:path');
const { pooled } = require('./pooled');

/** piscina's module, or undefined where it is not installed (it is a dev dependency). */
function load() {
  try {
    return require('piscina');
  } catch {
    return undefined;
  }
}

const piscina = load();
const TASK = path.join(__dirname, 'piscina-task.js');

function open(threads) {
  return new piscina.Piscina({ filename: TASK, minThreads: threads, maxThreads: threads });
}

/** One task per thread, each a contiguous chunk; the parts joined in order. */
async function mapChunks(pool, kernel, input, params) {
  const chunk = Math.ceil(input.length / pool.maxThreads);
  const tasks = [];
  for (let start = 0; start < input.length; start += chunk) {
    tasks.push(pool.run({ kernel, params, input: input.slice(start, start + chunk) }));
  }
  const result = new Float64Array(input.length);
  let offset = 0;
  for (const part of await Promise.all(tasks)) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}

module.exports = {
  ...pooled({
    name: 'piscina',
    label: 'piscina',
    exact: true,
    open,
    map: mapChunks,
    close: (pool) => pool.destroy(),
  }),
  unavailable:
    piscina === undefined ? 'piscina is not installed (npm install --save-dev piscina)' : undefined,
  version: piscina?.version,
  open,
  mapChunks,
};
