'use strict';
// The package as consumers load it: require, import, and TypeScript types.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');

describe('entry points', () => {
  it('import and require give the same instance', async () => {
    const esm = await import('numpool');
    const cjs = require('numpool');
    assert.equal(esm.Pool, cjs.Pool);
    assert.equal(esm.map, cjs.map);
    assert.deepEqual([...(await esm.map('square', [3]))], [9]);
  });

  it('TypeScript accepts correct use and rejects wrong use, from both module systems', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'numpool-types-'));
    const consumer = `
      import { Pool, map, availableThreads, type MapOptions } from 'numpool';
      const pool = new Pool({ threads: availableThreads() });
      const options: MapOptions<'logAccumulate'> = { iterations: 1e5, step: 0.1, signal: AbortSignal.timeout(10) };
      const a: Promise<Float64Array> = pool.map('logAccumulate', [1, 2], options);
      const b: Promise<Float64Array> = map('square', new Int32Array(3), { out: new Float64Array(3) });
      const threads: number = pool.threads;
      void [a, b, threads, pool.close(), pool.terminate()];
      // @ts-expect-error: not a kernel
      void pool.map('cube', [1]);
      // @ts-expect-error: square takes no iterations
      void pool.map('square', [1], { iterations: 3 });
      // @ts-expect-error: strings are not numeric input
      void pool.map('square', ['1']);
      // @ts-expect-error: step is a number
      void map('logSum', [1], { step: '0.1' });
    `;
    fs.writeFileSync(path.join(dir, 'consumer.mts'), consumer);
    fs.writeFileSync(path.join(dir, 'consumer.cts'), consumer);
    const tsconfig = {
      compilerOptions: {
        module: 'node16',
        strict: true,
        noEmit: true,
        types: ['node'],
      },
      files: ['consumer.mts', 'consumer.cts'],
    };
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(root, path.join(dir, 'node_modules', 'numpool'), 'dir');
    fs.symlinkSync(
      path.join(root, 'node_modules', '@types'),
      path.join(dir, 'node_modules', '@types'),
      'dir',
    );
    try {
      execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], {
        encoding: 'utf8',
      });
    } catch (error) {
      assert.fail(`tsc found errors:\n${error.stdout}${error.stderr}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
