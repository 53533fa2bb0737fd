'use strict';
// What an attacker tries against a map's life: hostile signals, throwing
// params, huge params, the raw addon's buffers detached or shrunk mid-map,
// completions with no handler, and the system refusing threads or memory.
// Each case that could take the process down runs in a child process.
const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { Pool, QueueFullError } = require('..');
const { referenceMap, assertSameBits } = require('./reference');

const root = path.join(__dirname, '..');
const xs = Array.from({ length: 64 }, (_, i) => i + 1);
// Long enough to be on the threads, short enough to finish in a moment.
const THREADED = { iterations: 20_000 };

/** Runs `code` in a child Node (optionally under `ulimit` settings); returns its exit status and output. */
function child(code, { nodeArgs = [], ulimit = '' } = {}) {
  const node = [process.execPath, ...nodeArgs, '-e', code]
    .map((a) => `'${a.replaceAll("'", "'\\''")}'`)
    .join(' ');
  const { status, signal, stdout, stderr } = spawnSync('bash', ['-c', `${ulimit} exec ${node}`], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status, signal, stdout, stderr };
}

/** A pool with one map slot: a leaked slot shows as a QueueFullError on the next map. */
async function assertPoolClean(pool) {
  const { running, queued } = pool.stats();
  assert.equal(running + queued, 0, 'nothing left on the threads');
  const out = await pool.map('logSum', xs, THREADED);
  assertSameBits(out, referenceMap('logSum', xs, THREADED));
  await pool.close();
}

describe('hostile signals: nothing is submitted until the listener is attached', () => {
  const hostile = {
    'addEventListener throws': () => {
      const signal = new AbortController().signal;
      signal.addEventListener = () => {
        throw new Error('no listening');
      };
      return signal;
    },
    'a forged AbortSignal (Object.create)': () => Object.create(AbortSignal.prototype),
    'aborted getter throws': () => {
      const signal = new AbortController().signal;
      Object.defineProperty(signal, 'aborted', {
        get() {
          throw new Error('no aborted');
        },
      });
      return signal;
    },
  };
  for (const [name, make] of Object.entries(hostile)) {
    it(`${name}: a TypeError with the cause, no slot or running count lost, close() resolves`, async () => {
      const pool = new Pool({ threads: 1, maxQueue: 1 });
      await assert.rejects(pool.map('logSum', xs, { ...THREADED, signal: make() }), (error) => {
        assert.ok(error instanceof TypeError, String(error));
        assert.match(error.message, /options\.signal/);
        assert.ok(error.cause !== undefined, 'the thrown error is the cause');
        return true;
      });
      await assertPoolClean(pool);
    });
  }

  it('removeEventListener throws: the map still settles, and terminate() still stops the threads', async () => {
    const make = () => {
      const signal = new AbortController().signal;
      signal.removeEventListener = () => {
        throw new Error('no unlistening');
      };
      return signal;
    };
    const pool = new Pool({ threads: 1 });
    assertSameBits(
      await pool.map('logSum', xs, { ...THREADED, signal: make() }),
      referenceMap('logSum', xs, THREADED),
    );
    const endless = pool.map('logSum', xs, { iterations: 2 ** 53 - 1, signal: make() });
    await pool.terminate();
    await assert.rejects(endless, { name: 'AbortError' });
    assert.equal(pool.stats().running, 0);
  });
});

describe('params', () => {
  it('step: 1e300 is valid and maps exactly (no conversion before the range check)', async () => {
    const pool = new Pool({ threads: 2 });
    after(() => pool.close());
    for (const options of [
      { iterations: 3, step: 1e300 },
      { iterations: 3, step: -1e300 },
      { iterations: 2000, step: 1e300 },
    ]) {
      for (const kernel of ['logSum', 'logAccumulate']) {
        assertSameBits(
          await pool.map(kernel, xs, options),
          referenceMap(kernel, xs, options),
          `${kernel} ${options}`,
        );
      }
    }
  });

  it('the binding refuses out-of-range params from a direct caller with a RangeError', () => {
    const { native } = require('../dist/native');
    const pool = new native.NativePool(1);
    const logSum = native.kernels().findIndex((k) => k.name === 'logSum');
    try {
      for (const params of [
        [1e300, 1],
        [-1e300, 1],
        [Number.NaN, 1],
        [1.5, 1],
        [2 ** 64, 1],
      ]) {
        assert.throws(
          () => pool.map({}, logSum, Float64Array.from(params), new Float64Array(4), undefined, false),
          RangeError,
          String(params),
        );
      }
      assert.throws(
        () => pool.map({}, 1e300, new Float64Array(0), new Float64Array(4), undefined, false),
        RangeError,
      );
    } finally {
      pool.stop();
    }
  });

  it('a params getter or Proxy trap that throws rejects with a TypeError having it as cause', async () => {
    const pool = new Pool({ threads: 1 });
    after(() => pool.close());
    const thrown = new Error('trap');
    const getter = Object.defineProperty({}, 'a', {
      enumerable: true,
      get() {
        throw thrown;
      },
    });
    const proxy = new Proxy(
      {},
      {
        get() {
          throw thrown;
        },
      },
    );
    for (const params of [getter, proxy]) {
      await assert.rejects(
        pool.map((x, p) => x * p.a, xs, { params }),
        (error) => {
          assert.ok(error instanceof TypeError);
          assert.match(error.message, /options\.params/);
          assert.equal(error.cause, thrown);
          return true;
        },
      );
    }
  });
});

describe('the raw addon: buffers detached or shrunk mid-map never reach the workers', () => {
  it('out transferred and collected, input resized to 0: no crash, out reported lost, input read as it was', () => {
    const { status, signal, stdout, stderr } = child(
      `const { native } = require('./dist/native');
      const results = [];
      native.setCompletionHandler((owner, result) => { results.push([owner.name, result]); });
      const pool = new native.NativePool(2);
      const logSum = native.kernels().findIndex((k) => k.name === 'logSum');
      const params = Float64Array.of(100000, 1);
      const rab = new ArrayBuffer(8 * 4096, { maxByteLength: 8 * 4096 });
      const input = new Float64Array(rab); input.fill(2);
      let out = new Float64Array(4096);
      pool.map({ name: 'out' }, logSum, params, Float64Array.from(input), out, false);
      pool.map({ name: 'input' }, logSum, params, input, undefined, false);
      structuredClone(out.buffer, { transfer: [out.buffer] });
      out = null;
      rab.resize(0);
      globalThis.gc();
      const wait = () => results.length < 2 ? setTimeout(wait, 5) : (pool.stop(), console.log(JSON.stringify(results.map(([n, r]) => [n, r === null ? null : r[4095]]))));
      wait();`,
      { nodeArgs: ['--expose-gc'] },
    );
    assert.equal(signal, null, stderr);
    assert.equal(status, 0, stderr);
    const byName = Object.fromEntries(JSON.parse(stdout));
    assert.equal(byName.out, null, 'the detached out is reported lost');
    assert.equal(byName.input, referenceMap('logSum', [2], { iterations: 100000, step: 1 })[0]);
  });

  it('a completion before setCompletionHandler is dropped, not fatal', () => {
    const { status, signal, stderr } = child(
      `const path = require('node:path');
      const binding = require('node-gyp-build')(path.resolve('.'));
      const pool = new binding.NativePool(1);
      const map = pool.map({}, 1, Float64Array.of(20000, 1), new Float64Array(64), undefined, false);
      if (map instanceof Float64Array) throw new Error('expected a map on the threads');`,
    );
    assert.equal(signal, null, stderr);
    assert.equal(status, 0, stderr);
  });
});

// ASan reserves terabytes of shadow memory at start, which no `ulimit -v`
// that could refuse threads or a map leaves room for.
const underAsan = /libasan/.test(process.env.LD_PRELOAD ?? '');

describe('the system refusing threads or memory', { skip: underAsan && 'under ASan (test:asan)' }, () => {
  it('thread creation refused (ulimit -v): new Pool throws an Error, and smaller pools still work', () => {
    const { status, signal, stdout, stderr } = child(
      `const { Pool } = require('.');
      try { new Pool({ threads: 1024 }); console.log('created'); }
      catch (error) { console.log(error.constructor.name, error.message); }
      const pool = new Pool({ threads: 2 });
      pool.map('logSum', [1, 2, 3], { iterations: 100000 }).then((r) => { console.log('mapped', r.length); return pool.close(); });`,
      // 1024 threads of 8 MiB stacks need 8 GiB of address space.
      { ulimit: 'ulimit -v 4000000;' },
    );
    assert.equal(signal, null, stderr);
    assert.equal(status, 0, stderr);
    assert.match(stdout, /^Error numpool: the system refused to start 1024 threads/m);
    assert.match(stdout, /^mapped 3$/m);
  });

  it('memory refused for a map (prlimit --as): the map rejects with an Error, and the pool goes on', () => {
    const { status, signal, stdout, stderr } = child(
      `const { Pool } = require('.');
      const pool = new Pool({ threads: 2 });
      const big = new Float64Array(2e8);
      // Then 512 MiB more address space at most (each Node reserves its own
      // amount first): the 1.6 GB private copy of the input cannot fit.
      const status = require('fs').readFileSync('/proc/self/status', 'utf8');
      const kb = Number(status.split('VmSize:')[1].trim().split(' ')[0]);
      require('child_process').execFileSync('prlimit', ['--pid', String(process.pid), '--as=' + (kb + 524288) * 1024]);
      pool.map('square', big).then(
        () => console.log('mapped'),
        (error) => console.log(error.constructor.name, error.message),
      ).then(() => pool.map('square', [1, 2, 3])).then((r) => { console.log('then', r.join()); return pool.close(); });`,
    );
    assert.equal(signal, null, stderr);
    assert.equal(status, 0, stderr);
    assert.match(stdout, /^Error numpool: out of memory/m);
    assert.match(stdout, /^then 1,4,9$/m);
  });
});

describe('a full queue is not left full by a refused map', () => {
  it('a map refused by the binding frees its maxQueue slot', async () => {
    const pool = new Pool({ threads: 1, maxQueue: 1 });
    const wasm = new Float64Array(new WebAssembly.Memory({ initial: 1 }).buffer, 0, 8192);
    await assert.rejects(pool.map('logSum', wasm, { ...THREADED, transfer: true }), TypeError);
    await assert.rejects(pool.map('logSum', xs, { ...THREADED, out: new Float64Array(3) }), RangeError);
    const running = pool.map('logSum', xs, THREADED);
    await assert.rejects(pool.map('logSum', xs, THREADED), QueueFullError);
    await running;
    await assertPoolClean(pool);
  });
});
