'use strict';
// The two charts, as hand-written SVG (no browser, no dependency): time per
// experiment per contender on a log scale, and speedup against threads with
// the ideal line.

const COLORS = {
  js: '#7f7f7f',
  numpool: '#1f77b4',
  'numpool transfer': '#9467bd',
  'numpool SAB': '#17becf',
  piscina: '#2ca02c',
  python: '#d62728',
};
const FONT = 'font-family="sans-serif" font-size="12"';

function escapeXml(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function text(x, y, content, attributes = '') {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attributes}>${escapeXml(content)}</text>`;
}

function line(x1, y1, x2, y2, attributes) {
  return `<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" ${attributes}/>`;
}

function svgDocument(width, height, title, body) {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    text(width / 2, 20, title, 'text-anchor="middle" font-size="14" font-weight="bold"'),
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

function legend(contenders, x, y) {
  return contenders.flatMap((c, i) => [
    `<rect x="${x}" y="${y + i * 18 - 10}" width="12" height="12" fill="${COLORS[c.name]}"/>`,
    text(x + 18, y + i * 18, c.label),
  ]);
}

/** 1 ns, 10 ns, … 100 s. */
function decadeLabel(exponent) {
  const units = [
    [0, 's'],
    [-3, 'ms'],
    [-6, 'µs'],
    [-9, 'ns'],
  ];
  const [base, unit] = units.find(([b]) => exponent >= b) ?? units[3];
  return `${10 ** (exponent - base)} ${unit}`;
}

/** Grouped bars of median time per map (whiskers: quartiles), log scale. */
function timesChart(report) {
  const { contenders } = report;
  const groups = [];
  const pools = contenders.filter((c) => report.startup[c.name]);
  if (pools.length) groups.push({ label: 'start-up', bars: pools.map((c) => [c, report.startup[c.name]]) });
  for (const e of report.experiments) {
    if (Array.isArray(e.threads)) continue;
    groups.push({
      label: e.latency ? `${e.id} (latency)` : `exp ${e.id}`,
      bars: contenders.map((c) => [c, e.results[c.name]]),
    });
  }
  const values = groups.flatMap((g) => g.bars.flatMap(([, s]) => [s.q1, s.q3]));
  const low = Math.floor(Math.log10(Math.min(...values)));
  const high = Math.ceil(Math.log10(Math.max(...values)));
  const [width, height, left, right, top, bottom] = [820, 420, 70, 150, 40, 50];
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const y = (seconds) => top + plotH - ((Math.log10(seconds) - low) / (high - low || 1)) * plotH;
  const body = [];
  for (let e = low; e <= high; e++) {
    body.push(line(left, y(10 ** e), left + plotW, y(10 ** e), 'stroke="#ddd"'));
    body.push(text(left - 6, y(10 ** e) + 4, decadeLabel(e), 'text-anchor="end"'));
  }
  const groupW = plotW / groups.length;
  groups.forEach((group, g) => {
    const barW = (groupW * 0.8) / group.bars.length;
    group.bars.forEach(([c, stats], b) => {
      const x = left + g * groupW + groupW * 0.1 + b * barW;
      const barTop = y(stats.median);
      body.push(
        `<rect x="${x.toFixed(1)}" y="${barTop.toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${(y(10 ** low) - barTop).toFixed(1)}" fill="${COLORS[c.name]}"><title>${escapeXml(`${c.label}: ${stats.median} s`)}</title></rect>`,
      );
      const mid = x + (barW - 2) / 2;
      body.push(line(mid, y(stats.q1), mid, y(stats.q3), 'stroke="black"'));
    });
    body.push(text(left + g * groupW + groupW / 2, top + plotH + 18, group.label, 'text-anchor="middle"'));
  });
  body.push(line(left, top, left, top + plotH, 'stroke="black"'));
  body.push(line(left, top + plotH, left + plotW, top + plotH, 'stroke="black"'));
  body.push(
    text(
      left + plotW / 2,
      height - 10,
      'median time per map, log scale (whiskers: interquartile range)',
      'text-anchor="middle"',
    ),
  );
  body.push(...legend(contenders, left + plotW + 20, top + 20));
  return svgDocument(width, height, `numpool bench: ${report.machine.cpu}, ${report.threads} threads`, body);
}

/** Speedup over each contender's own 1-thread time, against threads, with y = x. */
function scalingChart(report, sweep) {
  const pooled = report.contenders.filter((c) => c.name !== 'js');
  const counts = sweep.threads;
  const maxThreads = Math.max(...counts);
  const speedups = pooled.flatMap((c) => sweep.results[c.name].map((r) => r.speedup));
  const top = 40;
  const [width, height, left, right, bottom] = [620, 420, 60, 160, 50];
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const yMax = Math.ceil(Math.max(maxThreads, ...speedups));
  const x = (threads) => left + (Math.log2(threads) / (Math.log2(maxThreads) || 1)) * plotW;
  const y = (speedup) => top + plotH - (speedup / yMax) * plotH;
  const body = [];
  for (let s = 0; s <= yMax; s++) {
    body.push(line(left, y(s), left + plotW, y(s), 'stroke="#ddd"'));
    body.push(text(left - 6, y(s) + 4, `${s}x`, 'text-anchor="end"'));
  }
  for (const threads of counts)
    body.push(text(x(threads), top + plotH + 18, threads, 'text-anchor="middle"'));
  const cpus = report.machine.availableThreads;
  if (cpus <= maxThreads) {
    body.push(line(x(cpus), top, x(cpus), top + plotH, 'stroke="#999" stroke-dasharray="2,3"'));
    body.push(text(x(cpus) + 4, top + 12, `${cpus} CPUs`, 'fill="#666"'));
  }
  const ideal = counts.map((threads) => `${x(threads).toFixed(1)},${y(threads).toFixed(1)}`).join(' ');
  body.push(`<polyline fill="none" stroke="black" stroke-dasharray="6,4" points="${ideal}"/>`);
  body.push(text(x(maxThreads) - 4, y(maxThreads) + 16, 'ideal', 'text-anchor="end"'));
  for (const c of pooled) {
    const points = sweep.results[c.name].map((r) => [x(r.threads), y(r.speedup)]);
    body.push(
      `<polyline fill="none" stroke="${COLORS[c.name]}" stroke-width="2" points="${points.map((p) => p.map((v) => v.toFixed(1)).join(',')).join(' ')}"/>`,
    );
    for (const [px, py] of points)
      body.push(`<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="3.5" fill="${COLORS[c.name]}"/>`);
  }
  body.push(line(left, top, left, top + plotH, 'stroke="black"'));
  body.push(line(left, top + plotH, left + plotW, top + plotH, 'stroke="black"'));
  body.push(text(left + plotW / 2, height - 10, 'threads (processes for Python)', 'text-anchor="middle"'));
  body.push(...legend(pooled, left + plotW + 20, top + 20));
  return svgDocument(width, height, `Experiment ${sweep.id} speedup: ${report.machine.cpu}`, body);
}

/**
 * bench:sizes: time per element against n, log-log, one panel per kernel,
 * a line per contender, and the crossover (numpool first ahead of the JS loop).
 */
function sizesChart(report) {
  const [panelW, panelH, left, top, gap, bottom] = [300, 300, 60, 40, 40, 110];
  const width = left + report.kernels.length * (panelW + gap);
  const height = top + panelH + bottom;
  const names = Object.keys(report.kernels[0].points[0].results);
  const body = [];
  report.kernels.forEach((kernel, k) => {
    const x0 = left + k * (panelW + gap);
    const all = kernel.points.flatMap((p) => names.map((name) => p.results[name].median));
    const low = Math.floor(Math.log10(Math.min(...all)));
    const high = Math.ceil(Math.log10(Math.max(...all)));
    const ns = kernel.points.map((p) => p.n);
    const [nLow, nHigh] = [Math.log10(ns[0]), Math.log10(ns.at(-1))];
    const x = (n) => x0 + ((Math.log10(n) - nLow) / (nHigh - nLow || 1)) * panelW;
    const y = (s) => top + panelH - ((Math.log10(s) - low) / (high - low || 1)) * panelH;
    for (let e = low; e <= high; e++) {
      body.push(line(x0, y(10 ** e), x0 + panelW, y(10 ** e), 'stroke="#ddd"'));
      body.push(text(x0 - 4, y(10 ** e) + 4, decadeLabel(e), 'text-anchor="end" font-size="10"'));
    }
    for (const n of ns)
      body.push(text(x(n), top + panelH + 14, `1e${Math.log10(n)}`, 'text-anchor="middle" font-size="10"'));
    if (kernel.crossover !== undefined) {
      body.push(
        line(
          x(kernel.crossover),
          top,
          x(kernel.crossover),
          top + panelH,
          'stroke="#1f77b4" stroke-dasharray="4,3"',
        ),
      );
      body.push(
        text(
          x(kernel.crossover) + 4,
          top + 12,
          `pays from n = ${kernel.crossover}`,
          'fill="#1f77b4" font-size="10"',
        ),
      );
    }
    for (const name of names) {
      const points = kernel.points.map((p) => `${x(p.n).toFixed(1)},${y(p.results[name].median).toFixed(1)}`);
      body.push(
        `<polyline fill="none" stroke="${COLORS[name]}" stroke-width="2" points="${points.join(' ')}"/>`,
      );
    }
    body.push(line(x0, top, x0, top + panelH, 'stroke="black"'));
    body.push(line(x0, top + panelH, x0 + panelW, top + panelH, 'stroke="black"'));
    body.push(text(x0 + panelW / 2, top - 8, kernel.label, 'text-anchor="middle" font-weight="bold"'));
    body.push(text(x0 + panelW / 2, top + panelH + 30, 'n (elements)', 'text-anchor="middle"'));
  });
  body.push(
    ...legend(
      names.map((name) => ({ name, label: name === 'js' ? 'JS loop' : name })),
      left,
      top + panelH + 50,
    ),
  );
  return svgDocument(width, height, `Time per element (median, log-log), ${report.threads} threads`, body);
}

/** The charts for a report: file name → SVG text. */
function charts(report) {
  const files = {};
  if (report.experiments.some((e) => !Array.isArray(e.threads)) || Object.keys(report.startup).length) {
    files['times.svg'] = timesChart(report);
  }
  const sweep = report.experiments.find((e) => Array.isArray(e.threads));
  if (sweep) files['scaling.svg'] = scalingChart(report, sweep);
  return files;
}

module.exports = { charts, line, sizesChart, svgDocument, text };
