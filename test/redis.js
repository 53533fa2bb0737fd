'use strict';
// Test helpers for numpool/distributed: Redis and workers as the bench starts
// them, and BullMQ's events of a queue with nothing missed.
const { startRedis, startWorkers, stopWorkers } = require('../bench/redis');

/**
 * BullMQ's events of `queue` from now on. QueueEvents alone starts reading at
 * its first XREAD, some time after waitUntilReady: it starts here at the
 * stream's last entry instead, so no event after this call is missed. stop()
 * does not wait for BullMQ's close, which never settles once Redis is gone
 * (it disconnects a client waiting to reconnect, which ioredis never ends:
 * BullMQ #4585); what it leaves holds no socket or timer.
 */
async function queueEvents(redis, queue = 'numpool') {
  const { QueueEvents } = require('bullmq');
  const { Redis } = require('ioredis');
  const client = new Redis(redis.connection);
  const last = await client.xrevrange(`bull:${queue}:events`, '+', '-', 'COUNT', 1);
  client.disconnect();
  // BullMQ's own client: it would duplicate one given to it.
  const events = new QueueEvents(queue, {
    connection: redis.connection,
    lastEventId: last[0]?.[0] ?? '0-0',
    blockingTimeout: 1000,
  });
  events.on('error', () => {});
  await events.waitUntilReady();
  events.stop = () => {
    events.close().catch(() => {});
  };
  return events;
}

module.exports = { queueEvents, startRedis, startWorkers, stopWorkers };
