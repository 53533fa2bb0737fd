'use strict';
// `npm run soak`: 100,000 sequential maps on one pool after a warm-up,
// printing memory and the count of live native maps every 10,000. Exits
// non-zero when native maps stay alive or RSS ends more than LEAK_MIB above
// the baseline taken after the warm-up.
//
// Why the warm-up is 10,000 maps: the process grows by some 18 MiB over the
// first few thousand maps (V8's heap and code, malloc's arenas for the
// worker threads), then stays flat. A leak of the smallest native piece of a
// map (its 4 KiB input copy) would add about 390 MiB over the run, and even
// 100 bytes per map about 10 MiB: the bound is far above noise and below
// any leak of a map.
const { Pool, liveNativeMaps } = require('..');

const total = Number(process.argv[2] ?? 100_000);
const warmUp = Math.min(10_000, total);
const LEAK_MIB = 8;
const pool = new Pool({ threads: 2 });
const input = Float64Array.from({ length: 512 }, (_, i) => i + 1);
const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);

function report(label) {
  globalThis.gc?.();
  const { rss, heapTotal, external } = process.memoryUsage();
  console.log(
    `${label}: rss ${mib(rss)} MiB (V8 heap ${mib(heapTotal)}, external ${mib(external)}), ` +
      `live native maps ${liveNativeMaps()}`,
  );
  return rss;
}

async function run(count, { reportEvery = Infinity } = {}) {
  for (let i = 1; i <= count; i++) {
    await pool.map('logSum', input, { iterations: 100 + (i % 50) });
    if (i % reportEvery === 0) report(String(i));
  }
}

(async () => {
  if (!globalThis.gc) console.log('(run with --expose-gc for figures after a full collection)');
  report('start');
  await run(warmUp);
  const baseline = report('baseline after warm-up');
  await run(total, { reportEvery: 10_000 });
  await pool.close();
  const end = report('end');
  const growth = (end - baseline) / 2 ** 20;
  console.log(`RSS ${growth.toFixed(1)} MiB over the baseline after ${total} maps (bound ${LEAK_MIB} MiB)`);
  if (liveNativeMaps() !== 0 || growth > LEAK_MIB) process.exitCode = 1;
})();
