'use strict';
// Mid-flight abuse: buffers transferred, resized and overwritten while maps
// run; the process exiting with maps pending; the addon loaded twice; GC
// forced during thousands of maps; 10,000 concurrent maps on one pool.
const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Pool, liveNativeMaps } = require('..');
const { referenceMap, assertSameBits } = require('./reference');

const pool = new Pool({ threads: 2 });
after(() => pool.close());
const root = path.join(__dirname, '..');
const params = { iterations: 20_000 };
const run = (args, code) =>
  execFileSync(process.execPath, [...args, '-e', code], { cwd: root, timeout: 60_000, encoding: 'utf8' });

describe('buffers changed while maps run', () => {
  it('input and out transferred, resized or overwritten mid-map: the result is the input as it was at the call', async () => {
    const values = Array.from({ length: 256 }, (_, i) => i + 0.5);
    const expected = referenceMap('logSum', values, params);
    const transferred = Float64Array.from(values);
    const growable = new Float64Array(new ArrayBuffer(256 * 8, { maxByteLength: 512 * 8 }));
    growable.set(values);
    const overwritten = Float64Array.from(values);
    const maps = [
      pool.map('logSum', transferred, params),
      pool.map('logSum', growable, params),
      pool.map('logSum', overwritten, params),
    ];
    structuredClone(transferred.buffer, { transfer: [transferred.buffer] });
    assert.equal(transferred.length, 0, 'detached');
    growable.buffer.resize(8);
    overwritten.fill(Number.NaN);
    for (const result of await Promise.all(maps)) assertSameBits(result, expected, 'input');

    // out: a detached or shrunk out rejects with a TypeError; an overwritten one gets the result.
    const outDetached = new Float64Array(256);
    const outShrunk = new Float64Array(new ArrayBuffer(256 * 8, { maxByteLength: 256 * 8 }));
    const outOverwritten = new Float64Array(256);
    const detached = pool.map('logSum', values, { ...params, out: outDetached });
    const shrunk = pool.map('logSum', values, { ...params, out: outShrunk });
    const kept = pool.map('logSum', values, { ...params, out: outOverwritten });
    if (typeof ArrayBuffer.prototype.transfer === 'function') outDetached.buffer.transfer();
    else structuredClone(outDetached.buffer, { transfer: [outDetached.buffer] });
    outShrunk.buffer.resize(8);
    outOverwritten.fill(7);
    // Both awaited at once: either may settle first, and a rejection with no
    // handler yet would fail the test.
    await Promise.all(
      [detached, shrunk].map((map) =>
        assert.rejects(map, { name: 'TypeError', message: /detached or resized/ }),
      ),
    );
    assert.equal(await kept, outOverwritten);
    assertSameBits(outOverwritten, expected, 'out');
  });
});

describe('process and module lifetime', () => {
  it('process.exit() with maps pending exits with its code, without a crash', () => {
    const code = `const { Pool } = require('.'); const p = new Pool({ threads: 2 });
      for (let i = 0; i < 20; i++) p.map('logSum', [1, 2, 3, 4], { iterations: 2 ** 53 - 1 });
      setTimeout(() => process.exit(7), 50);`;
    assert.throws(
      () => run([], code),
      (error) => error.status === 7 && error.signal === null,
    );
  });

  it('the addon loaded twice in one process (a copy of the .node file) works side by side', async () => {
    const built = process.env.NUMPOOL_ADDON ?? path.join(root, 'build', 'Release', 'numpool.node');
    const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'numpool-')), 'numpool-copy.node');
    fs.copyFileSync(built, copy);
    const code = `const a = require(${JSON.stringify(built)}); const b = require(${JSON.stringify(copy)});
      if (a === b) throw new Error('loaded once');
      const lib = require('.'); const { Pool } = lib;
      const p = new Pool({ threads: 2 });
      const direct = new b.NativePool(2);
      const done = new Promise((resolve) => b.setCompletionHandler((owner, result) => resolve(result)));
      const owner = {};
      const handle = direct.map(owner, 2, Float64Array.of(2 ** 40, 0.1), new Float64Array(64).fill(2), undefined, false);
      p.map('logSum', [1, 2, 3], { iterations: 300000 }).then(async (r) => {
        handle.cancel(); const result = await done; direct.stop(); await p.close();
        console.log(r.length, result, handle instanceof Float64Array);
      });`;
    assert.equal(run([], code).trim(), '3 undefined false');
    fs.rmSync(path.dirname(copy), { recursive: true });
  });

  it('GC forced during thousands of maps: every result right, no native map left', () => {
    const code = `const { Pool, liveNativeMaps } = require('.'); const p = new Pool({ threads: 2 });
      const { referenceMap } = require('./bench/reference');
      const xs = Float64Array.from({ length: 300 }, (_, i) => i + 1);
      const expected = Array.from({ length: 150 }, (_, i) => referenceMap('logSum', xs, { iterations: 200 + i }));
      const right = (r, i) => r.length === 300 && r.every((v, e) => Object.is(v, expected[i][e]));
      (async () => {
        let bad = 0;
        for (let round = 0; round < 20; round++) {
          const maps = [];
          for (let i = 0; i < 150; i++) maps.push(p.map('logSum', xs, { iterations: 200 + i }));
          globalThis.gc();
          const results = await Promise.all(maps);
          globalThis.gc();
          results.forEach((r, i) => { if (!right(r, i)) bad++; });
        }
        await p.close(); globalThis.gc(); // close() joins the workers: nothing holds a map
        console.log(bad, liveNativeMaps());
      })();`;
    assert.equal(run(['--expose-gc'], code).trim(), '0 0');
  });
});

describe('load', () => {
  it('10,000 concurrent maps of mixed sizes on one pool all resolve to the reference results', async () => {
    const sizes = [1, 7, 64, 300, 2000];
    const inputs = sizes.map((n) => Float64Array.from({ length: n }, (_, i) => (i % 97) + 0.25));
    const expected = inputs.map((input) => referenceMap('logSum', input, { iterations: 50 }));
    const maps = Array.from({ length: 10_000 }, (_, i) =>
      pool.map('logSum', inputs[i % sizes.length], { iterations: 50 }),
    );
    const results = await Promise.all(maps);
    results.forEach((result, i) => {
      assertSameBits(result, expected[i % sizes.length], `map ${i}`);
    });
    // A worker drops its last reference just after reporting: allow it a moment.
    for (let i = 0; liveNativeMaps() > 0 && i < 2000; i++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(liveNativeMaps(), 0, 'every native map released');
  });
});
