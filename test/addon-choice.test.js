// NUMPOOL_ADDON chooses the compiled addon (sanitizer and dev builds):
// checked in child processes, since the choice is made once, at load.
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { test } = require('node:test');

const root = path.join(__dirname, '..');
const probe = "const n = require('.'); n.map('square', new Float64Array([3])).then((r) => console.log(r[0]))";

function runWith(addon) {
  return spawnSync(process.execPath, ['-e', probe], {
    cwd: root,
    env: { ...process.env, NUMPOOL_ADDON: addon },
    encoding: 'utf8',
  });
}

test('NUMPOOL_ADDON loads the named file instead of the default build', () => {
  const missing = path.join(root, 'build', 'no-such-addon.node');
  const bad = runWith(missing);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /no-such-addon\.node/);
  const chosen = process.env.NUMPOOL_ADDON ?? path.join(root, 'build', 'Release', 'numpool.node');
  const good = runWith(chosen);
  assert.equal(good.status, 0, good.stderr);
  assert.equal(good.stdout.trim(), '9');
});
