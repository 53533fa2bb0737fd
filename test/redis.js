'use strict';
// Test helpers for numpool/distributed: Redis and workers as the bench starts
// them, and BullMQ's events of a queue with nothing missed.
const { startRedis, startWorkers, stopWorkers } = require('../bench/redis');

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
