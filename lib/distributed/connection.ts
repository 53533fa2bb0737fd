// One Redis connection as the pool and the workers see it: its name for
// error messages (never its password), and a watchdog that fails whoever
// waits on it once it has been down for `timeout` ms.
import type { Redis as RedisClient, RedisOptions } from 'ioredis';
import { RedisUnreachableError } from './errors';

/** Where `options` points, as a redis:// URL without credentials. */
export function describeConnection(options: RedisOptions): string {
  if (options.path !== undefined) return `unix:${options.path}`;
  const scheme = options.tls === undefined ? 'redis' : 'rediss';
  const db = options.db === undefined || options.db === 0 ? '' : `/${options.db}`;
  return `${scheme}://${options.host ?? '127.0.0.1'}:${options.port ?? 6379}${db}`;
}

/** Redis options from a redis:// or rediss:// URL, as the worker command takes them. */
export function optionsFromUrl(text: string): RedisOptions {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RangeError(`--redis must be a redis:// or rediss:// URL, got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new RangeError(`--redis must be a redis:// or rediss:// URL, got ${JSON.stringify(text)}`);
  }
  const options: RedisOptions = { host: url.hostname || '127.0.0.1', port: Number(url.port || 6379) };
  if (url.username !== '') options.username = decodeURIComponent(url.username);
  if (url.password !== '') options.password = decodeURIComponent(url.password);
  const db = url.pathname.replace(/^\//, '');
  if (db !== '') options.db = Number(db);
  if (url.protocol === 'rediss:') options.tls = {};
  return options;
}

/**
 * Watches `client`: while `busy()` and the client is not ready, a timer of
 * `timeout` ms runs; when it fires, `fail` gets a RedisUnreachableError.
 */
export class Watchdog {
  #timer: NodeJS.Timeout | undefined;
  #reason: string | undefined;

  constructor(
    readonly client: RedisClient,
    readonly where: string,
    readonly timeout: number,
    readonly busy: () => boolean,
    readonly fail: (error: RedisUnreachableError) => void,
  ) {
    client.on('error', (error: Error) => {
      this.#reason = error.message;
    });
    for (const event of ['ready', 'close', 'end', 'reconnecting']) client.on(event, () => this.check());
  }

  /** Call when busy() may have changed. */
  check(): void {
    if (this.client.status === 'ready' || !this.busy()) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      return;
    }
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      if (this.busy()) this.fail(new RedisUnreachableError(this.where, this.timeout, this.#reason));
    }, this.timeout);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
