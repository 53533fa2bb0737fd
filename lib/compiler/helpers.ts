// options.functions as the compiler sees it: helpers by name, and
// namespaces of them that calls reach through (jStat.normal.cdf), each
// function parsed once per compile, when a call first reaches it.
import type * as A from 'acorn';
import { parseExpressionAt } from 'acorn';
import { Effects } from './effects';
import type { HelperNode } from './index';
import { reject } from './rejection';

/** A function a call inlines, parsed; `name` is its path in options.functions. */
export interface Helper {
  readonly name: string;
  readonly source: string;
  readonly node: A.ArrowFunctionExpression | A.FunctionExpression;
}

/** A function's source parsed as a function expression; `what` names it in errors. */
export function parseFunction(
  source: string,
  what: string,
): A.ArrowFunctionExpression | A.FunctionExpression {
  let node: A.Expression;
  try {
    node = parseExpressionAt(source, 0, { ecmaVersion: 'latest', locations: true });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new TypeError(
      `cannot compile ${what}: its source does not parse as a function expression (${reason}; a method, a bound or a native function?)`,
      { cause },
    );
  }
  if (
    (node.type !== 'ArrowFunctionExpression' && node.type !== 'FunctionExpression') ||
    source.slice(node.end).trim() !== ''
  ) {
    return reject(source, node, 'source that is not a function expression (a method or a class?)');
  }
  if (node.async) reject(source, node, 'an async function');
  if (node.generator) reject(source, node, 'a generator');
  return node;
}

export class Helpers {
  /** The effects of the function and of every helper parsed so far. */
  readonly effects = new Effects([]);
  readonly #parsed = new Map<HelperNode, Helper>();

  constructor(readonly entries: ReadonlyMap<string, HelperNode>) {}

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The function `entry` holds, parsed (none for a namespace); `name` is its path. */
  parsed(entry: HelperNode, name: string): Helper | undefined {
    if (entry.source === undefined) return undefined;
    let helper = this.#parsed.get(entry);
    if (helper === undefined) {
      const what = `options.functions.${name}`;
      let node: A.ArrowFunctionExpression | A.FunctionExpression;
      try {
        node = parseFunction(entry.source, what);
      } catch (error) {
        if (!(error instanceof TypeError) || error.message.includes(what)) throw error;
        throw new TypeError(`${error.message} (in ${what})`, { cause: error });
      }
      helper = { name, source: entry.source, node };
      this.#parsed.set(entry, helper);
      this.effects.add(node);
    }
    return helper;
  }
}
