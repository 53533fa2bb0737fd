'use strict';
// A contender that runs maps on a pool it opens and closes, measured the
// same way whichever pool it is: start-up is opening a pool and getting its
// first map's result; per-map time is on a pool that is already warm.
const { now, time } = require('../stats');

/**
 * Turns `{ open(threads), map(pool, kernel, input, params, onProgress), close(pool) }`
 * into a contender; `onProgress(done, total)`, where the pool reports it, moves the bench's bar.
 */
function pooled({ name, label, exact, open, map, close }) {
  return {
    name,
    label,
    exact,
    async startup({ threads, input, runs }) {
      const samples = [];
      for (let i = 0; i < runs; i++) {
        const started = now();
        const pool = await open(threads);
        await map(pool, 'square', input, {});
        samples.push(now() - started);
        await close(pool);
      }
      return samples;
    },
    async maps({ kernel, params, warmup, input, threads, runs, onProgress }) {
      const pool = await open(threads);
      try {
        return await time(() => map(pool, kernel, input, params, onProgress), {
          runs,
          warmup: () => map(pool, kernel, input, warmup),
        });
      } finally {
        await close(pool);
      }
    },
    async stop() {},
  };
}

module.exports = { pooled };
