'use strict';
// The terminal report: start-up, per-map times against the plain loop,
// latency percentiles, the thread sweep, and whether the results agree.
const { describe } = require('./agree');
const { ratio, seconds, spread } = require('./format');

/** Left-aligned first column, right-aligned others, two spaces apart. */
function grid(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) =>
      row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))),
    )
    .map((cells) => `  ${cells.join('  ')}`.trimEnd())
    .join('\n');
}

function timeCell(stats, baseline) {
  const speedup = baseline === undefined ? '' : ` (${ratio(baseline / stats.median)})`;
  return `${seconds(stats.median)} ${spread(stats)}${speedup}`;
}

function agreementLine(entry, contenders) {
  const parts = contenders
    .filter((c) => c.name !== 'js')
    .map((c) => {
      const rows = [entry.results[c.name]].flat();
      const worst =
        rows.find((row) => !row.agreement.ok) ?? rows.find((row) => row.agreement.differing) ?? rows[0];
      return `${c.label} ${describe(worst.agreement, entry.input.length)}`;
    });
  return `    ${entry.id}: ${parts.join('; ')}`;
}

function table(report) {
  const { machine, contenders, skipped, startup } = report;
  const out = [];
  const versions = Object.entries(machine.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  out.push(
    `numpool bench${report.quick ? ' --quick' : ''}: ${machine.cpu}, ${machine.availableThreads} usable CPUs`,
  );
  out.push(`${versions}; pools of ${report.threads} threads / processes`);
  for (const [name, why] of Object.entries(skipped)) out.push(`${name}: ${why}`);

  const pools = contenders.filter((c) => startup[c.name]);
  if (pools.length > 0) {
    out.push('\nPool start-up: create a pool and get its first map (experiment 1), median of runs');
    out.push(
      grid([pools.map((c) => c.label), pools.map((c) => timeCell(startup[c.name]))].map((r) => ['', ...r])),
    );
  }

  const header = ['', ...contenders.map((c) => c.label)];
  const maps = report.experiments.filter((e) => !e.latency && !Array.isArray(e.threads));
  if (maps.length > 0) {
    out.push(
      '\nPer-map time on a warm pool: median ±half the interquartile range (speedup over the JS loop)',
    );
    const rows = maps.map((e) => [
      e.id,
      ...contenders.map((c) =>
        timeCell(e.results[c.name], c.name === 'js' ? undefined : e.results.js.median),
      ),
    ]);
    out.push(grid([header, ...rows]));
    for (const e of maps) out.push(`    ${e.id}: ${e.title}`);
  }

  const latency = report.experiments.filter((e) => e.latency);
  if (latency.length > 0) {
    out.push('\nLatency of tiny maps: median / 99th percentile');
    const rows = latency.map((e) => [
      e.id,
      ...contenders.map((c) => `${seconds(e.results[c.name].median)} / ${seconds(e.results[c.name].p99)}`),
    ]);
    out.push(grid([header, ...rows]));
    for (const e of latency) out.push(`    ${e.id}: ${e.title}`);
  }

  for (const sweep of report.experiments.filter((e) => Array.isArray(e.threads))) {
    const pooled = contenders.filter((c) => c.name !== 'js');
    out.push(`\nExperiment ${sweep.id}, ${sweep.title}: median (speedup over 1 thread)`);
    out.push(`  JS loop, 1 thread: ${timeCell(sweep.results.js[0])}`);
    const rows = sweep.threads.map((threads) => [
      String(threads),
      ...pooled.map((c) => {
        const row = sweep.results[c.name].find((r) => r.threads === threads);
        return `${seconds(row.median)} ${spread(row)} (${row.speedup.toFixed(2)}x)`;
      }),
    ]);
    out.push(grid([['threads', ...pooled.map((c) => c.label)], ...rows]));
  }

  out.push('\nResults against the JS loop:');
  for (const e of report.experiments) out.push(agreementLine(e, contenders));
  return out.join('\n');
}

module.exports = { table };
