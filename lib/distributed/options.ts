// Checks of the options DistributedPool and startWorker add to Pool's.
import { rangeError, typeError } from '../errors';

export function checkInteger(value: unknown, argument: string, min: number, max: number): number {
  if (typeof value !== 'number') throw typeError(argument, 'a number', value);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw rangeError(argument, `an integer from ${min} to ${max}`, value);
  }
  return value;
}

/** A BullMQ queue name: BullMQ refuses ':' in it. */
export function checkQueueName(value: unknown, argument: string): string {
  if (typeof value !== 'string') throw typeError(argument, 'a string', value);
  if (value === '' || value.includes(':')) throw rangeError(argument, "a non-empty name without ':'", value);
  return value;
}
