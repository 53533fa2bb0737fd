// Static types, as bit sets, and what they decide at compile time: ??,
// typeof comparisons and equality folded to constants, and (in the pass that
// checks types) the equalities they cannot decide refused unless sound.
import type * as A from 'acorn';
import { expression } from './expressions';
import { reject } from './rejection';
import { lookup } from './scope';
import type { Translation } from './translation';

// A value may be any of the types set. Booleans are held as 1 and 0 and
// undefined as NaN, which every operator of the subset treats as JavaScript
// does, except equality: === is compiled only between values of one known
// type, and == only between values that cannot be undefined, unless the
// types decide them; ??, typeof and Number.is* too.
export const NUM = 1;
export const BOOL = 2;
export const UNDEF = 4;

/** An expression's value: the register holding it and its static type. */
export interface Value {
  readonly reg: number;
  readonly type: number;
}

/**
 * `a ?? b`, where a's type decides it on every lane: undefined is held as
 * NaN, so a value that may be either cannot be told apart.
 */
export function nullish(t: Translation, node: A.LogicalExpression): Value {
  const left = expression(t, node.left);
  if (left.type === UNDEF) return expression(t, node.right);
  if ((left.type & UNDEF) === 0) return left;
  if (t.checkTypes) reject(t.source, node, '?? on a value that may be undefined or not (give it one type)');
  const right = expression(t, node.right);
  return { reg: left.reg, type: left.type | right.type };
}

/**
 * `typeof a === 'number'` (or ==, !==, !=, either way round), folded: a's
 * type is known at compile time. a is still evaluated, for its effects.
 */
export function typeofTest(
  t: Translation,
  node: A.BinaryExpression,
  operand: A.Node,
  other: A.Node,
): Value | undefined {
  if (
    !['===', '==', '!==', '!='].includes(node.operator) ||
    operand.type !== 'UnaryExpression' ||
    (operand as A.UnaryExpression).operator !== 'typeof' ||
    other.type !== 'Literal' ||
    typeof (other as A.Literal).value !== 'string'
  )
    return undefined;
  const argument = (operand as A.UnaryExpression).argument;
  let name: string;
  const helper =
    argument.type === 'Identifier' && !lookup(t, argument.name)
      ? t.context.helpers.entries.get(argument.name)
      : undefined;
  if (helper) name = helper.source === undefined ? 'object' : 'function';
  else {
    const { type } = expression(t, argument);
    const names: Record<number, string> = {
      [NUM]: 'number',
      [BOOL]: 'boolean',
      [UNDEF]: 'undefined',
      0: 'number',
    };
    const known = names[type];
    if (known === undefined) {
      if (t.checkTypes)
        reject(
          t.source,
          operand,
          'typeof of a value whose type is not known at compile time (give it one type)',
        );
      name = 'number';
    } else name = known;
  }
  const equal = name === (other as A.Literal).value;
  return { reg: t.emitter.constant(equal === node.operator.startsWith('=') ? 1 : 0), type: BOOL };
}

/**
 * Equality decided by the operands' types alone: undefined equals only
 * undefined (== and ===), and === is false between values of two
 * different known types.
 */
export function knownEquality(operator: string, left: Value, right: Value): boolean | undefined {
  if (left.type === 0 || right.type === 0) return undefined;
  if (left.type === UNDEF && right.type === UNDEF) return true;
  if (left.type === UNDEF || right.type === UNDEF) {
    return (left.type & right.type) === 0 ? false : undefined;
  }
  const single = (type: number) => type === NUM || type === BOOL;
  if (operator.length === 3 && single(left.type) && single(right.type) && left.type !== right.type)
    return false;
  return undefined;
}

/** === only between values of one known type, == only between values that cannot be undefined. */
export function checkEquality(
  t: Translation,
  node: A.Node,
  operator: string,
  left: Value,
  right: Value,
): void {
  if (!t.checkTypes) return;
  const strict = operator.length === 3;
  const same = left.type === right.type && (left.type === NUM || left.type === BOOL);
  const defined = ((left.type | right.type) & UNDEF) === 0;
  if (strict ? !same : !defined) {
    reject(
      t.source,
      node,
      `${operator} between values that may be ${strict ? 'of different types' : 'undefined'}`,
    );
  }
}
