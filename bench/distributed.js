'use strict';
// `npm run bench:distributed`: DistributedPool (numpool/distributed) against a
// local Pool, on a private redis-server and 1, 2 and 4 `numpool worker`
// processes of one thread each, all on this machine. Measures the seed's
// experiment 3 and a logSum of 10^6 elements (best of 3 maps), the overhead of
// one shard from enqueue to result (median of 50 one-shard maps), and the
// bytes Redis moved (its INFO counters), and the cost of moving a byte (a
// square of 10^6 elements, whose work is nil). Fits the model
//   time(N workers) = ⌈shards / N⌉ × overhead + bytes × cost per byte + work / N
// (Redis and the pool move the bytes one after another), and gives the shard size that keeps the overhead under 5% of a shard's
// work. Writes bench/results/distributed.json and distributed.svg (time
// against workers). Exits 1 unless every distributed result has the local
// Pool's bits.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Pool, availableThreads, info } = require('..');
const { firstDifference } = require('./agree');
const { command, exitWith, UsageError } = require('./cli');
const { ratio, seconds } = require('./format');
const { startRedis, startWorkers, stopWorkers } = require('./redis');
const { integers, randomDoubles } = require('./reference');
const { median, now } = require('./stats');
const { line, svgDocument, text } = require('./svg');

const WORKERS = [1, 2, 4];
const ROUNDS = 3;
const LATENCY_MAPS = 50;
const WORKLOADS = [
  {
    name: 'experiment 3: logAccumulate 100 × 10^7',
    kernel: 'logAccumulate',
    input: () => integers(100, 1, 999, 3),
    params: { iterations: 10_000_000, step: 0.01 },
    shardSize: 25,
  },
  {
    name: 'logSum 10^6 × 100',
    kernel: 'logSum',
    input: () => randomDoubles(1_000_000, 7, (next) => 1 + Number(next() % 1000n)),
    params: { iterations: 100, step: 0.1 },
    shardSize: 62_500,
  },
];
const OVERHEAD_BOUND = 0.05;

const USAGE = `usage: npm run bench:distributed -- [--json <path>]

  --json <path>   where the figures go (default bench/results/distributed.json); the chart goes beside it
  --help          this text

Needs redis-server on the PATH (Debian: apt-get install redis-server) and the
optional peer dependencies bullmq and ioredis.`;

function parse(argv) {
  const options = { json: path.join(__dirname, 'results', 'distributed.json'), help: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--help' || argv[i] === '-h') options.help = true;
    else if (argv[i] === '--json') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError('--json needs a value');
      options.json = path.resolve(value);
    } else throw new UsageError(`unknown option ${JSON.stringify(argv[i])}`);
  }
  return options;
}

/** Bytes Redis received and sent so far (its INFO stats). */
async function redisBytes(client) {
  const stats = await client.info('stats');
  const field = (name) => Number(stats.match(new RegExp(`${name}:(\\d+)`))[1]);
  return field('total_net_input_bytes') + field('total_net_output_bytes');
}

/** Best of ROUNDS maps after a warm-up map; the result, and the bytes Redis moved per map. */
async function best(map, client) {
  const result = await map();
  const samples = [];
  const before = client === undefined ? 0 : await redisBytes(client);
  for (let round = 0; round < ROUNDS; round++) {
    const started = now();
    await map();
    samples.push(now() - started);
  }
  const bytes = client === undefined ? 0 : ((await redisBytes(client)) - before) / ROUNDS;
  return { result, seconds: Math.min(...samples), bytes };
}

/** Time against workers, one panel per workload, each with the local Pool's times as lines. */
function chart(report) {
  const [panelW, height, top, left, bottom] = [330, 360, 50, 60, 50];
  const width = panelW * report.workloads.length + 20;
  const body = [];
  for (const [index, workload] of report.workloads.entries()) {
    const x0 = index * panelW + left;
    const plotW = panelW - left - 20;
    const plotH = height - top - bottom;
    const times = [...workload.distributed.map((d) => d.seconds), workload.local1, workload.localAll];
    const yMax = Math.max(...times) * 1.1;
    const x = (i) => x0 + ((i + 0.5) / WORKERS.length) * plotW;
    const y = (s) => top + plotH - (s / yMax) * plotH;
    for (let k = 0; k <= 4; k++) {
      const s = (yMax * k) / 4;
      body.push(line(x0, y(s), x0 + plotW, y(s), 'stroke="#ddd"'));
      body.push(text(x0 - 6, y(s) + 4, seconds(s), 'text-anchor="end"'));
    }
    for (const [label, s, color] of [
      ['local Pool, 1 thread', workload.local1, '#7f7f7f'],
      [`local Pool, ${report.threads} threads`, workload.localAll, '#2ca02c'],
    ]) {
      body.push(line(x0, y(s), x0 + plotW, y(s), `stroke="${color}" stroke-dasharray="6,4"`));
      body.push(text(x0 + plotW - 2, y(s) - 4, label, `text-anchor="end" fill="${color}"`));
    }
    const model = workload.distributed.map((d, i) => `${x(i).toFixed(1)},${y(d.model).toFixed(1)}`).join(' ');
    body.push(`<polyline fill="none" stroke="#d62728" stroke-dasharray="2,3" points="${model}"/>`);
    const points = workload.distributed
      .map((d, i) => `${x(i).toFixed(1)},${y(d.seconds).toFixed(1)}`)
      .join(' ');
    body.push(`<polyline fill="none" stroke="#1f77b4" stroke-width="2" points="${points}"/>`);
    for (const [i, d] of workload.distributed.entries()) {
      body.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(d.seconds).toFixed(1)}" r="3.5" fill="#1f77b4"/>`);
      body.push(text(x(i), top + plotH + 18, `${d.workers}`, 'text-anchor="middle"'));
    }
    body.push(line(x0, top, x0, top + plotH, 'stroke="black"'));
    body.push(line(x0, top + plotH, x0 + plotW, top + plotH, 'stroke="black"'));
    body.push(text(x0 + plotW / 2, top - 10, workload.name, 'text-anchor="middle" font-weight="bold"'));
    body.push(text(x0 + plotW / 2, height - 12, 'worker processes (1 thread each)', 'text-anchor="middle"'));
  }
  body.push(
    text(20, height - 32, 'blue: DistributedPool, measured; red dotted line: the model', 'fill="#444"'),
  );
  return svgDocument(width, height + 10, `DistributedPool on one machine: ${report.cpu}`, body);
}

const main = command('numpool bench:distributed', USAGE, parse, async ({ json, help }) => {
  if (help) {
    console.log(USAGE);
    return 0;
  }
  const { DistributedPool } = require('../dist/distributed');
  const { Redis } = require('ioredis');
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const threads = availableThreads();
  console.log(
    `numpool ${info().version}, SIMD path ${info().simd}; ${cpu}, ${threads} usable CPUs; Node ${process.version}`,
  );
  console.log(
    `DistributedPool on a local redis-server and 1, 2, 4 worker processes of 1 thread; best of ${ROUNDS} maps\n`,
  );
  const redis = await startRedis();
  const client = new Redis(redis.connection);
  const report = { cpu, threads, node: process.version, version: info().version, workloads: [] };
  let disagree = false;
  try {
    // Local pools: one thread (the work the model divides), and every usable CPU.
    const local = [];
    for (const workload of WORKLOADS) {
      const input = workload.input();
      const one = new Pool({ threads: 1 });
      const all = new Pool({ threads });
      const single = await best(() => one.map(workload.kernel, input, workload.params));
      const pooled = await best(() => all.map(workload.kernel, input, workload.params));
      await Promise.all([one.close(), all.close()]);
      local.push({ input, single, pooled });
    }

    // Overhead per shard: one-shard maps of one element, enqueue to result, on one worker.
    let overhead;
    {
      const workers = await startWorkers(1, redis, ['--threads', '1']);
      const pool = new DistributedPool({ connection: redis.connection });
      try {
        await pool.map('square', [1]);
        const samples = [];
        const before = await redisBytes(client);
        for (let i = 0; i < LATENCY_MAPS; i++) {
          const started = now();
          await pool.map('square', [i]);
          samples.push(now() - started);
        }
        overhead = { seconds: median(samples), bytes: ((await redisBytes(client)) - before) / LATENCY_MAPS };
        // Moving bytes: a map of 10^6 elements in 16 shards whose work is nil.
        const big = new Float64Array(1_000_000).fill(3);
        const sharded = new DistributedPool({ connection: redis.connection, shardSize: 62_500 });
        const moved = await best(() => sharded.map('square', big), client);
        await sharded.close();
        overhead.perByte = Math.max(0, moved.seconds - 16 * overhead.seconds) / moved.bytes;
      } finally {
        await pool.close();
        await stopWorkers(workers);
      }
    }
    console.log(
      `one shard, enqueue to result (median of ${LATENCY_MAPS} one-element maps): ${seconds(overhead.seconds)}, ` +
        `${Math.round(overhead.bytes)} bytes through Redis; moving data: ${(1e-6 / overhead.perByte).toFixed(0)} MB/s ` +
        '(square of 10^6 elements in 16 shards, less their overhead)\n',
    );

    for (const [index, workload] of WORKLOADS.entries()) {
      const { input, single, pooled } = local[index];
      const shards = Math.ceil(input.length / workload.shardSize);
      const distributed = [];
      for (const count of WORKERS) {
        const workers = await startWorkers(count, redis, ['--threads', '1']);
        const pool = new DistributedPool({ connection: redis.connection, shardSize: workload.shardSize });
        try {
          const row = await best(() => pool.map(workload.kernel, input, workload.params), client);
          const differsAt = firstDifference(row.result, single.result);
          if (differsAt !== -1) disagree = true;
          // The model: each worker runs shards/N shards, each its overhead and its share of the work;
          // the bytes pass through Redis one after another.
          const model =
            Math.ceil(shards / count) * overhead.seconds +
            row.bytes * overhead.perByte +
            single.seconds / count;
          distributed.push({ workers: count, seconds: row.seconds, bytes: row.bytes, model, differsAt });
        } finally {
          await pool.close();
          await stopWorkers(workers);
        }
      }
      const perElement = single.seconds / input.length;
      const minShard = Math.ceil(((1 / OVERHEAD_BOUND - 1) * overhead.seconds) / perElement);
      console.log(
        `${workload.name}, step ${workload.params.step}; ${shards} shards of ${workload.shardSize}`,
      );
      console.log(`  local Pool, 1 thread      ${seconds(single.seconds).padStart(9)}`);
      console.log(
        `  local Pool, ${String(threads).padEnd(2)} threads    ${seconds(pooled.seconds).padStart(9)}`,
      );
      for (const d of distributed) {
        console.log(
          `  ${d.workers} worker${d.workers === 1 ? ' ' : 's'}                ${seconds(d.seconds).padStart(9)}  ` +
            `${ratio(single.seconds / d.seconds).padStart(6)} 1 thread  model ${seconds(d.model).padStart(9)}  ` +
            `${(d.bytes / 1e6).toFixed(2)} MB through Redis` +
            (d.differsAt === -1 ? '' : `  DIFFERS from the local Pool at element ${d.differsAt}`),
        );
      }
      console.log(
        `  work ${seconds(perElement)} per element on one thread: shards of at least ${minShard.toLocaleString('en')} ` +
          `elements keep the overhead under ${OVERHEAD_BOUND * 100}%\n`,
      );
      report.workloads.push({
        name: workload.name,
        kernel: workload.kernel,
        params: workload.params,
        elements: input.length,
        shardSize: workload.shardSize,
        local1: single.seconds,
        localAll: pooled.seconds,
        distributed,
        minShardFor5Percent: minShard,
      });
    }
    report.overhead = overhead;
  } finally {
    await client.quit();
    await redis.stop();
  }
  fs.mkdirSync(path.dirname(json), { recursive: true });
  fs.writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  const svg = path.join(path.dirname(json), 'distributed.svg');
  fs.writeFileSync(svg, chart(report));
  console.log(`figures: ${json}\nchart: ${svg}`);
  if (disagree) console.log('a distributed result DIFFERS from the local Pool');
  return disagree ? 1 : 0;
});

exitWith(main(process.argv.slice(2)));
