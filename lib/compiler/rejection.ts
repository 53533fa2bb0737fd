// The compile error: a TypeError that names the construct outside the
// numeric subset and quotes it with its line and column.
import type * as A from 'acorn';

export function reject(source: string, node: A.Node, what: string): never {
  throw rejection(source, node, what);
}

export function rejection(source: string, node: A.Node, what: string): TypeError {
  const loc = node.loc?.start ?? { line: 1, column: 0 };
  let text = source.slice(node.start, node.end).replace(/\s+/g, ' ');
  if (text.length > 60) text = `${text.slice(0, 57)}...`;
  return new TypeError(
    `cannot compile ${what} at line ${loc.line}, column ${loc.column + 1}: \`${text}\` is outside numpool's numeric subset`,
  );
}

/** An acorn node type in words: `ForInStatement` -> `for in statement`. */
export function describeNode(type: string): string {
  return type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
