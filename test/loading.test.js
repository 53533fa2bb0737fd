'use strict';
// How the addon is found: NUMPOOL_ADDON names one binary to load, and when
// none loads, requiring the package throws one Error that says why and what
// to do, at load time rather than on the first map.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
// The binary under test: the one NUMPOOL_ADDON names (test:prebuild, test:cmake), else the local build.
const built = path.resolve(process.env.NUMPOOL_ADDON || path.join(root, 'build', 'Release', 'numpool.node'));

// Requires the package at `dir` in a fresh process and maps square over [3];
// prints the addon files the process mapped and the result, or the Error's
// message.
function requireIn(dir, env) {
  const script = `
    (async () => {
      const { map } = require(${JSON.stringify(dir)});
      const maps = require('node:fs').readFileSync('/proc/self/maps', 'utf8');
      const [square] = await map('square', [3]);
      console.log(JSON.stringify({ mapped: [...new Set(maps.match(/\\/\\S+\\.node$/gm))], square }));
    })().catch((error) => {
      console.log(JSON.stringify({ error: error.constructor.name, message: error.message }));
    });`;
  const result = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: { ...process.env, NUMPOOL_ADDON: '', ...env },
  });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

// A copy of the package with its JavaScript but no binaries.
function packageWithoutBinaries() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'numpool-nobinary-'));
  fs.cpSync(path.join(root, 'dist'), path.join(dir, 'dist'), { recursive: true });
  fs.copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

describe('loading the addon', { skip: process.platform !== 'linux' && 'reads /proc/self/maps' }, () => {
  it('loads the binary NUMPOOL_ADDON names, and only that one, and maps with it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'numpool-addon-'));
    const copy = path.join(dir, 'numpool.node');
    fs.copyFileSync(built, copy);
    try {
      assert.deepEqual(requireIn(root, { NUMPOOL_ADDON: copy }), { mapped: [copy], square: 9 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('throws one clear Error naming platform, paths and remedy when no binary loads', () => {
    const dir = packageWithoutBinaries();
    try {
      const { error, message } = requireIn(dir);
      assert.equal(error, 'Error');
      const platform = `${process.platform}-${process.arch}`;
      assert.match(message, new RegExp(`^numpool: no native binary loads on ${platform} `));
      assert.ok(message.includes(path.join(dir, 'prebuilds', platform)), message);
      assert.ok(message.includes(path.join(dir, 'build', 'Release')), message);
      assert.match(message, /No native build was found/);
      assert.match(message, /C\+\+20 compiler .* make and python3 .* `npm install` builds it from source/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the file when NUMPOOL_ADDON points at nothing loadable', () => {
    const missing = path.join(os.tmpdir(), 'numpool-no-such-dir', 'numpool.node');
    const { error, message } = requireIn(root, { NUMPOOL_ADDON: missing });
    assert.equal(error, 'Error');
    assert.ok(message.includes(`the file NUMPOOL_ADDON names, ${missing}: Cannot find module`), message);
  });
});
