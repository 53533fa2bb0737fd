'use strict';
// For bench:distributed and test/distributed.test.js: a private redis-server
// on a free loopback port with a temporary directory, and numpool worker
// processes (`numpool worker`).
const { spawn } = require('node:child_process');
const { once } = require('node:events');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const BIN = path.join(__dirname, '..', 'bin', 'numpool.js');

/** A port the kernel just handed out, free again. */
async function freePort() {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/** Resolves with the first line of `stream` that matches `pattern`; rejects if the process exits first. */
function waitForLine(child, stream, pattern, what) {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk) => {
      seen += chunk;
      const match = seen.split('\n').find((line) => pattern.test(line));
      if (match === undefined) return;
      stream.off('data', onData);
      child.off('exit', onExit);
      resolve(match);
    };
    const onExit = (code, signal) =>
      reject(new Error(`${what} exited (${code ?? signal}) before it was ready:\n${seen}`));
    stream.setEncoding('utf8');
    stream.on('data', onData);
    child.once('exit', onExit);
    // Not on the PATH (ENOENT), for one.
    child.once('error', (error) => reject(new Error(`${what} could not start: ${error.message}`)));
  });
}

/** Starts redis-server without persistence; resolves once it accepts connections. */
async function startRedis() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'numpool-redis-'));
  const port = await freePort();
  // Not numpool's binary: the sanitizer runtime that test:asan preloads has no business in it.
  const { LD_PRELOAD: _preload, ...env } = process.env;
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'inherit'], env },
  );
  await waitForLine(child, child.stdout, /Ready to accept connections/, 'redis-server');
  child.stdout.resume();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    connection: { host: '127.0.0.1', port },
    process: child,
    /** Stops the server (SIGKILL: it must die even mid-test) and removes its directory. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts `numpool worker` processes; each resolves once it printed its ready
 * line. `bin` runs another copy of the command (another version's).
 */
async function startWorkers(count, redis, args = [], { bin = BIN, nodeArgs = [] } = {}) {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const child = spawn(process.execPath, [...nodeArgs, bin, 'worker', '--redis', redis.url, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      const line = await waitForLine(child, child.stdout, /^numpool worker /, 'numpool worker').catch(
        (error) => {
          throw new Error(`${error.message}\n${stderr}`);
        },
      );
      return {
        process: child,
        /** BullMQ's name for it, as recorded on the jobs it takes. */
        name: line.match(/^numpool worker (\S+):/)[1],
        stderr: () => stderr,
      };
    }),
  );
}

/** Stops workers: SIGTERM and waits for each to exit. */
async function stopWorkers(workers) {
  await Promise.all(
    workers.map(async ({ process: child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    }),
  );
}

module.exports = { startRedis, startWorkers, stopWorkers };
