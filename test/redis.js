'use strict';
// Test helpers for numpool/distributed: a private redis-server on a free
// loopback port with a temporary directory, and numpool worker processes.
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
  });
}

/** Starts redis-server without persistence; resolves once it accepts connections. */
async function startRedis() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'numpool-redis-'));
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
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

/**
 * BullMQ's events of `queue` from now on. QueueEvents alone starts reading at
 * its first XREAD, some time after waitUntilReady: it starts here at the
 * stream's last entry instead, so no event after this call is missed. Its
 * client is ours, so that stop() works with Redis gone (BullMQ's own close
 * waits for Redis to answer).
 */
async function queueEvents(redis, queue = 'numpool') {
  const { QueueEvents } = require('bullmq');
  const { Redis } = require('ioredis');
  const client = new Redis({ ...redis.connection, maxRetriesPerRequest: null });
  // Tests that stop Redis see its loss in their maps; an 'error' without a listener would throw.
  client.on('error', () => {});
  const last = await client.xrevrange(`bull:${queue}:events`, '+', '-', 'COUNT', 1);
  const events = new QueueEvents(queue, {
    connection: client,
    lastEventId: last[0]?.[0] ?? '0-0',
    blockingTimeout: 1000,
  });
  events.on('error', () => {});
  await events.waitUntilReady();
  events.stop = () => {
    client.disconnect();
    // It settles once its read loop sees the client gone.
    events.close().catch(() => {});
  };
  return events;
}

module.exports = { queueEvents, startRedis, startWorkers, stopWorkers };
