'use strict';
// numpool's declarations fit a TypeScript user's own code: tsc --noEmit
// (strict, as a consumer compiles) passes on test/types/compiles.ts, and on
// test/types/rejects.ts, where every misuse line carries @ts-expect-error: a
// line that stops being an error fails tsc as an unused directive.
const { it } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const flags = [
  '--ignoreConfig',
  '--noEmit',
  '--strict',
  '--exactOptionalPropertyTypes',
  '--noUncheckedIndexedAccess',
  '--target',
  'es2022',
  '--lib',
  'es2022,esnext.disposable',
  '--module',
  'node16',
  '--moduleResolution',
  'node16',
  '--types',
  'node',
];

for (const file of ['compiles.ts', 'rejects.ts']) {
  it(`tsc accepts test/types/${file}`, () => {
    const run = spawnSync(process.execPath, [tsc, ...flags, path.join('test', 'types', file)], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });
}
