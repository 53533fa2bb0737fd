// Unrolled for loops: a loop whose counter starts at a compile-time
// constant, is compared with one and stepped by one, and is written nowhere
// else, runs the same iterations on every lane, known when compiled. When
// they are few, the body is translated once per iteration (while the
// program stays short) with the counter a constant, so that a table read by it
// (jstat's erf: cof[j] for j from 27 down to 1) is that element, with no
// compares, selects or back edge. The counter ends as JavaScript leaves it.
import type * as A from 'acorn';
import { FOLDED } from './expressions';
import { contains, leaves, namesRead, writes } from './loops';
import { ARITHMETIC } from './math';
import { assign, know, lookup, type Variable } from './scope';
import { statement } from './statements';
import { NUM } from './static-types';
import { constantOf } from './tables';
import type { Translation } from './translation';

/** At most this many iterations are unrolled... */
const MAX_TRIPS = 64;
/**
 * ...and a copy is made only while the program, with one more copy the
 * size of the last, stays within this many instructions: loops nested in
 * unrolled loops multiply, and so do the helpers a body calls, so the bound
 * is on what is emitted, not on syntax. The iterations past it run as the
 * loop they are.
 */
const MAX_INSTRUCTIONS = 16_384;

const COMPARE: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '!=': (a, b) => a !== b,
  '!==': (a, b) => a !== b,
};

/** The counter's values on each iteration and after the loop. */
interface Unrolling {
  readonly counter: Variable;
  readonly values: readonly number[];
  readonly after: number;
}

/**
 * Translates `node` unrolled (its init already translated) if it qualifies,
 * as far as MAX_INSTRUCTIONS allows; whether it did to the end (if not, the
 * counter holds the next iteration's value, for the loop to go on from).
 */
export function unrolled(t: Translation, node: A.ForStatement): boolean {
  const unrolling = unrollingOf(t, node);
  if (unrolling === undefined) return false;
  const { counter, values, after } = unrolling;
  const constant = (value: number) => ({ reg: t.emitter.constant(value), type: NUM });
  let copy = 0;
  for (const [k, value] of values.entries()) {
    // The register too: code that reads it directly (a loop's sunk
    // assignment, an operand copied before a write) sees the value.
    if (k > 0) assign(t, counter, constant(value));
    if (t.emitter.here + copy > MAX_INSTRUCTIONS) return false;
    const start = t.emitter.here;
    know(t, counter, value);
    statement(t, node.body);
    copy = t.emitter.here - start;
  }
  if (values.length > 0) assign(t, counter, constant(after));
  return true;
}

function unrollingOf(t: Translation, node: A.ForStatement): Unrolling | undefined {
  const { test, update, body } = node;
  if (test?.type !== 'BinaryExpression' || test.left.type !== 'Identifier') return undefined;
  const compare = COMPARE[test.operator];
  const name = test.left.name;
  const counter = lookup(t, name);
  if (compare === undefined || counter === undefined || counter.constant || counter.table) return undefined;
  // A number throughout, as the unrolled counter's constants are.
  if (t.varTypes.get(counter.declaration) !== NUM) return undefined;
  const start = t.known.get(counter) ?? initialValue(t, node.init, name);
  const limit = staticNumber(t, test.right);
  const step = update ? stepOf(t, update, name) : undefined;
  if (start === undefined || limit === undefined || step === undefined) return undefined;
  // The bound and step are read once, here: nothing may change what they
  // read, as the body would (n = 5 in `i < n`) or the counter does (`i < 10 - i`).
  const fixed = [test.right, ...(update?.type === 'AssignmentExpression' ? [update.right] : [])];
  const names = new Set(fixed.flatMap((node) => [...namesRead(node)]));
  if (names.has(name)) return undefined;
  // A labelled statement could be left by a break naming it.
  const early = (child: A.Node) =>
    leaves(child) ||
    child.type === 'LabeledStatement' ||
    writes(child, name) ||
    [...names].some((read) => writes(child, read));
  if (contains(body, early)) return undefined;
  const values: number[] = [];
  let value = start;
  while (compare(value, limit)) {
    if (values.length === MAX_TRIPS) return undefined;
    values.push(value);
    value += step;
  }
  return { counter, values, after: value };
}

/**
 * The counter's value from an init `i = constant`: known on the lanes that
 * run the loop even where the init is not run on every lane (in a branch).
 */
function initialValue(t: Translation, init: A.ForStatement['init'], name: string): number | undefined {
  if (init?.type !== 'AssignmentExpression' || init.operator !== '=') return undefined;
  if (init.left.type !== 'Identifier' || init.left.name !== name || namesRead(init.right).has(name))
    return undefined;
  return staticNumber(t, init.right);
}

/** What `update` adds to the counter each iteration: i++, ++i, i--, --i, i += c, i -= c. */
function stepOf(t: Translation, update: A.Expression, name: string): number | undefined {
  if (update.type === 'UpdateExpression' && update.argument.type === 'Identifier')
    return update.argument.name === name ? (update.operator === '++' ? 1 : -1) : undefined;
  if (
    update.type !== 'AssignmentExpression' ||
    update.left.type !== 'Identifier' ||
    update.left.name !== name
  )
    return undefined;
  const by = staticNumber(t, update.right);
  if (by === undefined) return undefined;
  return update.operator === '+=' ? by : update.operator === '-=' ? -by : undefined;
}

/**
 * A number known when compiled, computed as JavaScript would: what a table
 * may hold (constantOf), a local known here, a table's length, and the
 * folded arithmetic (expressions.ts FOLDED) and signs of those.
 */
function staticNumber(t: Translation, node: A.Node): number | undefined {
  if (node.type === 'UnaryExpression') {
    const unary = node as A.UnaryExpression;
    const value = staticNumber(t, unary.argument);
    if (value === undefined) return undefined;
    return unary.operator === '-' ? -value : unary.operator === '+' ? value : undefined;
  }
  if (node.type === 'BinaryExpression') {
    const binary = node as A.BinaryExpression;
    const fold = FOLDED[ARITHMETIC[binary.operator] ?? ''];
    const a = staticNumber(t, binary.left);
    const b = staticNumber(t, binary.right);
    return fold && a !== undefined && b !== undefined ? fold(a, b) : undefined;
  }
  if (node.type === 'MemberExpression') {
    const member = node as A.MemberExpression;
    const local = member.object.type === 'Identifier' ? lookup(t, member.object.name) : undefined;
    const length =
      !member.computed && member.property.type === 'Identifier' && member.property.name === 'length';
    return local?.table && length && !t.uninitialised.has(local) ? local.table.length : undefined;
  }
  const variable = node.type === 'Identifier' ? lookup(t, (node as A.Identifier).name) : undefined;
  if (variable) return t.known.get(variable);
  return constantOf(t, node as A.Expression);
}
