'use strict';
// `npm run soak`: 100,000 sequential maps on one pool, printing RSS and the
// count of live native maps every 10,000; both must return to the baseline.
const { Pool, liveNativeMaps } = require('..');

const total = Number(process.argv[2] ?? 100_000);
const pool = new Pool({ threads: 2 });
const input = Float64Array.from({ length: 512 }, (_, i) => i + 1);
const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);

(async () => {
  await pool.map('logSum', input, { iterations: 100 }); // warm-up
  globalThis.gc?.();
  const baseline = process.memoryUsage().rss;
  console.log(`baseline: rss ${mib(baseline)} MiB, live native maps ${liveNativeMaps()}`);
  for (let i = 1; i <= total; i++) {
    await pool.map('logSum', input, { iterations: 100 + (i % 50) });
    if (i % 10_000 === 0) {
      globalThis.gc?.();
      console.log(`${i}: rss ${mib(process.memoryUsage().rss)} MiB, live native maps ${liveNativeMaps()}`);
    }
  }
  await pool.close();
  globalThis.gc?.();
  const end = process.memoryUsage().rss;
  console.log(
    `end: rss ${mib(end)} MiB (${mib(end - baseline)} MiB over baseline), live native maps ${liveNativeMaps()}`,
  );
  if (liveNativeMaps() !== 0) process.exitCode = 1;
})();
