// bullmq and ioredis are optional peer dependencies: loaded here, when
// numpool/distributed is imported, and never by numpool's main entry.
import type * as BullMQ from 'bullmq';
import type * as IORedis from 'ioredis';

function load<T>(name: string): T {
  try {
    return require(name) as T;
  } catch (error) {
    const missing =
      (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' &&
      String((error as Error).message).includes(`'${name}'`);
    if (!missing) throw error;
    throw new Error(
      `numpool/distributed needs the package ${name}, which is not installed: npm install bullmq ioredis`,
      { cause: error },
    );
  }
}

export const bullmq = load<typeof BullMQ>('bullmq');
export const { Redis } = load<typeof IORedis>('ioredis');
