'use strict';
// `npm run bench -- --quick`: every contender runs every experiment, and the
// results it reports agree with the plain JavaScript functions, checked here
// again from the JSON it writes. Timings are never asserted.
const { describe, it, before } = require('node:test');
const assert = require('node:assert/strict');
const { execFile, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');
const { ulpDistance } = require('../bench/agree');
const { referenceMap, assertSameBits } = require('./reference');

const MAIN = path.join(__dirname, '..', 'bench', 'main.js');
const hasPython = spawnSync('python3', ['-c', 'import multiprocessing'], { stdio: 'ignore' }).status === 0;

function bench(args) {
  return promisify(execFile)(process.execPath, [MAIN, ...args], { timeout: 10 * 60_000, maxBuffer: 1 << 24 });
}

describe('bench --quick', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'numpool-bench-'));
  const json = path.join(dir, 'latest.json');
  let report;
  let stdout;

  before(async () => {
    ({ stdout } = await bench(['--quick', '--json', json]));
    report = JSON.parse(fs.readFileSync(json, 'utf8'));
  });

  it('runs every contender (Python where python3 is present) on every experiment', () => {
    const expected = ['js', 'numpool', 'piscina', ...(hasPython ? ['python'] : [])];
    assert.deepEqual(
      report.contenders.map((c) => c.name),
      expected,
    );
    if (!hasPython) assert.match(report.skipped.python, /python3/);
    assert.deepEqual(
      report.experiments.map((e) => e.id),
      ['1', '2', '3', '4', '5', '6a', '6b'],
    );
    for (const e of report.experiments) {
      assert.deepEqual(Object.keys(e.results), expected, `experiment ${e.id}`);
      for (const [name, rows] of Object.entries(e.results)) {
        for (const row of [rows].flat())
          assert.ok(row.runs >= 1 && row.samples.length === row.runs, `${e.id} ${name}`);
      }
      if (e.latency) assert.ok(e.results.numpool.runs >= 200);
    }
    const sweep = report.experiments.find((e) => e.id === '5');
    assert.equal(sweep.threads[0], 1);
    assert.ok(sweep.threads.includes(report.threads));
    assert.equal(Math.max(...sweep.threads), 2 * report.threads);
    for (const name of expected.slice(1)) {
      assert.deepEqual(
        sweep.results[name].map((r) => r.threads),
        sweep.threads,
      );
    }
    for (const name of expected.slice(1)) assert.ok(report.startup[name].runs >= 1, `start-up of ${name}`);
  });

  it('reports results that agree with the JS functions: bit for bit, within 1 ulp for Python', () => {
    for (const e of report.experiments) {
      const expected = referenceMap(e.kernel, e.input, e.params);
      for (const [name, rows] of Object.entries(e.results)) {
        for (const row of [rows].flat()) {
          const context = `experiment ${e.id}, ${name} on ${row.threads} threads`;
          const actual = Float64Array.from(row.result);
          if (name === 'python') {
            for (let i = 0; i < expected.length; i++) {
              assert.ok(ulpDistance(actual[i], expected[i]) <= 1, `${context}, element ${i}`);
            }
          } else assertSameBits(actual, expected, context);
          assert.equal(row.agreement.ok, true, context);
        }
      }
    }
  });

  it('prints the table and writes the charts beside the JSON', () => {
    assert.match(stdout, /Per-map time on a warm pool/);
    assert.match(stdout, /Experiment 5/);
    for (const chart of ['times.svg', 'scaling.svg']) {
      const svg = fs.readFileSync(path.join(dir, chart), 'utf8');
      assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>[\s\S]*<\/svg>\n$/);
      for (const c of report.contenders.filter((c) => c.name !== 'js'))
        assert.ok(svg.includes(c.label), chart);
    }
  });
});

describe('bench options', () => {
  for (const [args, message] of [
    [['--fast'], /unknown option "--fast"/],
    [['--threads', '0'], /--threads must be an integer from 1 to 256/],
    [['--threads', 'two'], /--threads must be an integer/],
    [['--only', '7'], /--only must be one of 1, 2, 3, 4, 5, 6/],
    [['--json'], /--json needs a value/],
  ]) {
    it(`rejects ${args.join(' ')} with a usage message`, async () => {
      await assert.rejects(bench(args), (error) => {
        assert.equal(error.code, 2);
        assert.match(error.stderr, message);
        assert.match(error.stderr, /usage: numpool bench/);
        return true;
      });
    });
  }

  it('is the `numpool bench` command of the package', () => {
    const bin = path.join(__dirname, '..', require('../package.json').bin.numpool);
    const help = spawnSync(process.execPath, [bin, 'bench', '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--no-piscina/);
    const unknown = spawnSync(process.execPath, [bin, 'benchmark'], { encoding: 'utf8' });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /usage: numpool bench/);
  });

  it('runs one experiment with --only, on the asked threads, without the skipped contenders', async () => {
    const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'numpool-bench-')), 'only.json');
    const { stdout } = await bench([
      '--quick',
      '--only',
      '2',
      '--threads',
      '1',
      '--no-python',
      '--no-piscina',
      '--json',
      json,
    ]);
    const report = JSON.parse(fs.readFileSync(json, 'utf8'));
    assert.deepEqual(
      report.experiments.map((e) => e.id),
      ['2'],
    );
    assert.equal(report.threads, 1);
    assert.deepEqual(Object.keys(report.experiments[0].results), ['js', 'numpool']);
    assert.equal(report.skipped.python, 'skipped by --no-python');
    assert.equal(report.skipped.piscina, 'skipped by --no-piscina');
    assert.match(stdout, /python: skipped by --no-python/);
  });
});

describe('bench:scaling --quick', () => {
  const SCALING = path.join(__dirname, '..', 'bench', 'scaling.js');
  const scaling = (args) =>
    promisify(execFile)(process.execPath, [SCALING, ...args], { timeout: 5 * 60_000 });

  it('sweeps 1, 2 and 3 threads on every workload, each giving the bits of one thread', async () => {
    const { stdout } = await scaling(['--quick', '--threads', '3']);
    const workloads = stdout.split('\n\n').filter((block) => /^log/.test(block));
    assert.deepEqual(
      workloads.map((block) => block.split(';')[0]),
      [
        'logAccumulate 100 × 100,000, step 0.01 (experiment 3)',
        'logAccumulate 1,600 × 10,000, step 0.01',
        'logSum 100 × 1,000, step 0.1 (experiment 4)',
        'logSum 1,600 × 100, step 0.1',
      ],
    );
    for (const block of workloads) {
      const threads = [...block.matchAll(/^\s+(\d+) threads? .* busy .* the JS loop$/gm)].map((m) =>
        Number(m[1]),
      );
      assert.deepEqual(threads, [1, 2, 3], block);
    }
    assert.doesNotMatch(stdout, /DIFFERS/);
  });

  it('rejects a bad option with its usage', async () => {
    for (const [args, message] of [
      [['--threads', '0'], /--threads must be an integer from 1 to 256/],
      [['--fast'], /unknown option "--fast"/],
    ]) {
      await assert.rejects(scaling(args), (error) => {
        assert.equal(error.code, 2);
        assert.match(error.stderr, message);
        assert.match(error.stderr, /usage: npm run bench:scaling/);
        return true;
      });
    }
  });
});
