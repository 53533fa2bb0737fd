// Expressions: literals, names, operators, &&, || and ?:, assignments and
// updates, each translated to a register that holds its value on the
// current lanes, with its static type.
import type * as A from 'acorn';
import { call } from './calls';
import { onLanes } from './masks';
import { ARITHMETIC, COMPARISON, MATH_REFUSALS } from './math';
import { describeNode, reject } from './rejection';
import { assign, assignable, identifier, memberExpression, passed, read } from './scope';
import {
  BOOL,
  checkEquality,
  knownEquality,
  NUM,
  nullish,
  typeofTest,
  UNDEF,
  type Value,
} from './static-types';
import type { Translation } from './translation';

export function expression(
  t: Translation,
  node: A.Expression | A.PrivateIdentifier | A.SpreadElement | A.Super,
): Value {
  switch (node.type) {
    case 'Literal':
      if (typeof node.value === 'number') return { reg: t.emitter.constant(node.value), type: NUM };
      if (typeof node.value === 'boolean') return { reg: t.emitter.constant(node.value ? 1 : 0), type: BOOL };
      return reject(t.source, node, 'a non-numeric literal');
    case 'Identifier':
      return identifier(t, node);
    case 'MemberExpression':
      return memberExpression(t, node);
    case 'UnaryExpression':
      return unaryExpression(t, node);
    case 'BinaryExpression':
      return binaryExpression(t, node);
    case 'LogicalExpression':
      return node.operator === '??' ? nullish(t, node) : logical(t, node);
    case 'ConditionalExpression':
      return conditionalExpression(t, node);
    case 'CallExpression':
      return call(t, node);
    case 'AssignmentExpression':
      return assignment(t, node);
    case 'UpdateExpression':
      return update(t, node, true);
    case 'SequenceExpression': {
      let value: Value | undefined;
      for (const each of node.expressions) value = expression(t, each);
      return value as Value;
    }
    case 'ThisExpression':
      return reject(t.source, node, '`this`');
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
      return reject(t.source, node, 'a nested function (pass helpers in options.functions)');
    case 'TemplateLiteral':
      return reject(t.source, node, 'a string');
    case 'ObjectExpression':
      return reject(t.source, node, 'an object');
    case 'ArrayExpression':
      return reject(
        t.source,
        node,
        'an array other than a read-only table (an array of numeric constants bound to a local, read only as t[index] and t.length)',
      );
    case 'AwaitExpression':
    case 'YieldExpression':
      return reject(t.source, node, `an ${node.type === 'AwaitExpression' ? 'await' : 'yield'}`);
    default:
      return reject(t.source, node, `a ${describeNode(node.type)}`);
  }
}

function unaryExpression(t: Translation, node: A.UnaryExpression): Value {
  if (node.operator === 'typeof')
    return reject(
      t.source,
      node,
      "the operator typeof outside a comparison with a string (typeof x === 'number')",
    );
  const argument = expression(t, node.argument);
  if (node.operator === '-') return unary(t, 'Neg', argument, NUM);
  if (node.operator === '+') return { reg: argument.reg, type: NUM };
  if (node.operator === '!') return unary(t, 'Not', argument, BOOL);
  if (node.operator === '~') return unary(t, 'BitNot', argument, NUM);
  if (node.operator === 'void') return { reg: t.emitter.constant(Number.NaN), type: UNDEF };
  return reject(t.source, node, `the operator ${node.operator}`);
}

/** `a && b`, `a || b`: an operand, as in JavaScript; b runs only where it decides. */
function logical(t: Translation, node: A.LogicalExpression): Value {
  const left = expression(t, node.left);
  const test = t.context.effects.hasEffects(node.right) ? t.emitter.owned(left.reg) : left.reg;
  const right = onLanes(t, node.right, test, node.operator === '||', () => expression(t, node.right));
  const kept = { reg: test, type: left.type };
  const type = left.type | right.type;
  return node.operator === '&&' ? select(t, kept, right, kept, type) : select(t, kept, kept, right, type);
}

function conditionalExpression(t: Translation, node: A.ConditionalExpression): Value {
  const value = expression(t, node.test);
  const effects =
    t.context.effects.hasEffects(node.consequent) || t.context.effects.hasEffects(node.alternate);
  const test = { reg: effects ? t.emitter.owned(value.reg) : value.reg, type: value.type };
  const consequent = onLanes(t, node.consequent, test.reg, false, () => expression(t, node.consequent));
  const alternate = onLanes(t, node.alternate, test.reg, true, () => expression(t, node.alternate));
  return select(t, test, consequent, alternate, consequent.type | alternate.type);
}

function binaryExpression(t: Translation, node: A.BinaryExpression): Value {
  if (node.left.type === 'PrivateIdentifier') return reject(t.source, node, 'a private name');
  const folded = typeofTest(t, node, node.left, node.right) ?? typeofTest(t, node, node.right, node.left);
  if (folded) return folded;
  const left = expression(t, node.left);
  const right = expression(t, node.right);
  return operate(t, node.operator, left, right, node);
}

/** `left operator right` for a binary or compound-assignment operator. */
function operate(t: Translation, operator: string, left: Value, right: Value, node: A.Node): Value {
  const arithmetic = ARITHMETIC[operator];
  if (arithmetic) return binary(t, arithmetic, left, right, NUM);
  const comparison = COMPARISON[operator];
  if (comparison === undefined) {
    const refusal = operator === '**' ? MATH_REFUSALS.pow : undefined;
    return reject(t.source, node, refusal ? `the operator ** as ${refusal}` : `the operator ${operator}`);
  }
  if (comparison === 'Eq' || comparison === 'Ne') {
    const known = knownEquality(operator, left, right);
    if (known !== undefined)
      return { reg: t.emitter.constant(known === (comparison === 'Eq') ? 1 : 0), type: BOOL };
    checkEquality(t, node, operator, left, right);
  }
  return binary(t, comparison, left, right, BOOL);
}

/** `v = E` or `v op= E`: its value is v's new value. */
export function assignment(t: Translation, node: A.AssignmentExpression): Value {
  const variable = assignable(t, node.left);
  let value: Value;
  if (node.operator === '=') value = expression(t, node.right);
  else {
    // The target is read before the right side runs.
    const current = read(t, variable, node.left);
    value = operate(t, node.operator.slice(0, -1), current, expression(t, node.right), node);
  }
  assign(t, variable, value);
  return passed(t, variable, value.type, node);
}

/** `++v`, `v--`...: a prefix's value is the new one, a postfix's the old one as a number. */
export function update(t: Translation, node: A.UpdateExpression, used: boolean): Value {
  const variable = assignable(t, node.argument);
  const one = { reg: t.emitter.constant(1), type: NUM };
  const op = node.operator === '++' ? 'Add' : 'Sub';
  if (used && !node.prefix) {
    const old = t.emitter.temp();
    t.emitter.emit('Mov', old, variable.reg);
    assign(t, variable, binary(t, op, { reg: old, type: NUM }, one, NUM));
    return { reg: old, type: NUM };
  }
  assign(t, variable, binary(t, op, read(t, variable), one, NUM));
  return passed(t, variable, NUM, node);
}

/** Ops whose result on two constants JavaScript computes alike (IEEE-754 double arithmetic). */
export const FOLDED: Readonly<Record<string, (a: number, b: number) => number>> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Div: (a, b) => a / b,
  Neg: (a) => -a,
};

/** `name` of constants as a constant (cof.length - 1 is 27), so that table reads by it fold. */
function folded(t: Translation, name: string, operands: readonly Value[], type: number): Value | undefined {
  const fold = FOLDED[name];
  const values = operands.map((operand) => t.emitter.constantValue(operand.reg));
  if (fold === undefined || values.some((value) => value === undefined)) return undefined;
  return { reg: t.emitter.constant(fold(values[0] as number, values[1] as number)), type };
}

export function unary(t: Translation, name: string, a: Value, type: number): Value {
  const constant = folded(t, name, [a], type);
  if (constant) return constant;
  const reg = t.emitter.temp();
  t.emitter.emit(name, reg, a.reg);
  return { reg, type };
}

export function binary(t: Translation, name: string, a: Value, b: Value, type: number): Value {
  const constant = folded(t, name, [a, b], type);
  if (constant) return constant;
  const reg = t.emitter.temp();
  t.emitter.emit(name, reg, a.reg, b.reg);
  return { reg, type };
}

export function select(t: Translation, test: Value, yes: Value, no: Value, type: number): Value {
  const reg = t.emitter.temp();
  t.emitter.emit('Select', reg, test.reg, yes.reg, no.reg);
  return { reg, type };
}
