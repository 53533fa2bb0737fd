// `numpool worker [options]`: startWorker from the command line, until
// SIGTERM or SIGINT, which finish the shards in hand before exiting.
import { parseArgs } from 'node:util';
import { describeConnection, optionsFromUrl } from './connection';
import { startWorker } from './worker';

const USAGE = `usage: numpool worker [options]

  --redis <url>             redis://[user:password@]host:port[/db], or rediss:// for TLS
                            (default redis://127.0.0.1:6379; the password is visible to ps:
                            prefer NUMPOOL_REDIS_URL in the environment)
  --queue <name>            the queue of the DistributedPool (default numpool)
  --threads <n>             threads of the worker's pool (default: usable CPUs)
  --concurrency <k>         shards run at once (default 1)
  --lock-duration <ms>      how long a dead worker's shard waits before another takes it (default 30000)
  --stalled-interval <ms>   how often this worker looks for dead workers' shards (default 30000)
  --help                    this text`;

const INTEGER_FLAGS = {
  threads: 'threads',
  concurrency: 'concurrency',
  'lock-duration': 'lockDuration',
  'stalled-interval': 'stalledInterval',
} as const;

/** Runs the command; resolves to the process's exit code once the worker has stopped. */
export async function main(argv: readonly string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        redis: { type: 'string' },
        queue: { type: 'string' },
        threads: { type: 'string' },
        concurrency: { type: 'string' },
        'lock-duration': { type: 'string' },
        'stalled-interval': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help === true) {
    console.log(USAGE);
    return 0;
  }
  const options: Record<string, unknown> = {};
  try {
    const url =
      (values.redis as string | undefined) ?? process.env.NUMPOOL_REDIS_URL ?? 'redis://127.0.0.1:6379';
    options.connection = optionsFromUrl(url);
    if (values.queue !== undefined) options.queue = values.queue;
    for (const [flag, option] of Object.entries(INTEGER_FLAGS)) {
      const text = values[flag] as string | undefined;
      if (text === undefined) continue;
      if (!/^\d+$/.test(text))
        throw new RangeError(`--${flag} must be a whole number, got ${JSON.stringify(text)}`);
      options[option] = Number(text);
    }
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }

  const worker = await startWorker(options);
  const where = describeConnection(options.connection as object);
  console.log(
    `numpool worker ${worker.name}: taking shards of queue ${options.queue ?? 'numpool'} at ${where}`,
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  console.log(`numpool worker ${worker.name}: ${signal}, finishing the shards in hand`);
  await worker.close();
  console.log(`numpool worker ${worker.name}: stopped`);
  return 0;
}
