'use strict';
// What the CommonJS and ES module consumers of the installed package assert:
// the process mapped this platform's prebuild (no source build took place)
// and maps give the bits of the plain-JavaScript reference.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { referenceMap, assertSameBits, randomDoubles, anyDouble, EDGE_INPUTS } = require(
  process.env.NUMPOOL_REFERENCE,
);

module.exports = async function check(numpool, consumer) {
  const installed = path.join(process.cwd(), 'node_modules', 'numpool');
  const prebuild = path.join(installed, 'prebuilds', `${process.platform}-${process.arch}`, 'numpool.node');
  // The shared objects this process has loaded, as the OS lists them (on Linux and Windows alike).
  const mapped = process.report.getReport().sharedObjects.filter((file) => file.endsWith('.node'));
  assert.deepEqual(mapped, [fs.realpathSync(prebuild)], `${consumer}: loaded addons`);
  assert.equal(fs.existsSync(path.join(installed, 'build')), false, `${consumer}: a source build ran`);

  const input = [...EDGE_INPUTS, ...randomDoubles(20_000, 7, anyDouble)];
  const cases = [
    ['logAccumulate', { iterations: 1 }],
    ['logSum', { iterations: 100, step: 0.1 }],
    ['square', {}],
  ];
  const pool = new numpool.Pool({ threads: 3 });
  try {
    for (const [kernel, params] of cases) {
      assertSameBits(await pool.map(kernel, input, params), referenceMap(kernel, input, params), kernel);
      assertSameBits(await numpool.map(kernel, input, params), referenceMap(kernel, input, params), kernel);
    }
  } finally {
    await pool.close();
  }
  console.log(`${consumer}: ${path.relative(process.cwd(), prebuild)} loaded; ${cases.length} kernels exact`);
};
