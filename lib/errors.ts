// The errors numpool raises, with messages that name the argument at fault.

/** A short description of a value that never runs user code (no toString). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'string':
      return `a string (${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)})`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${typeof value} ${String(value)}${typeof value === 'bigint' ? 'n' : ''}`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    default:
      return Array.isArray(value) ? 'an array' : 'an object';
  }
}

export function typeError(argument: string, expected: string, got: unknown): TypeError {
  return new TypeError(`${argument} must be ${expected}, got ${describe(got)}`);
}

export function rangeError(argument: string, expected: string, got: unknown): RangeError {
  return new RangeError(`${argument} must be ${expected}, got ${describe(got)}`);
}

/** What a cancelled map rejects with; `cause` is the signal's reason, if any. */
export function abortError(cause?: unknown): DOMException {
  return new DOMException('The map was aborted', { name: 'AbortError', cause });
}

/** A map submitted to a pool after close() or terminate(). */
export class PoolClosedError extends Error {
  readonly code = 'ERR_NUMPOOL_CLOSED';
  constructor() {
    super('This pool is closed: it takes no new maps. Create a new Pool.');
    this.name = 'PoolClosedError';
  }
}

/** A map refused because its pool already has `maxQueue` maps in flight. */
export class QueueFullError extends Error {
  readonly code = 'ERR_NUMPOOL_QUEUE_FULL';
  constructor(maxQueue: number) {
    super(`This pool already has maxQueue (${maxQueue}) maps in flight; retry once some settle.`);
    this.name = 'QueueFullError';
  }
}
