// Statements: declarations, expression statements, if, switch, labels,
// break and continue, return and throw (loops: loop-statements.ts).
import type * as A from 'acorn';
import { assignment, binary, expression, select, update } from './expressions';
import { forStatement, maskedLoop, recordSink } from './loop-statements';
import { conditional, exit, region } from './masks';
import { describeNode, reject, rejection } from './rejection';
import { assign, assignable, join, know, lookup, reserved, scoped, type Variable } from './scope';
import { BOOL, checkEquality, UNDEF, type Value } from './static-types';
import { tableOf, tableVariable } from './tables';
import type { Translation } from './translation';

/** The built-in error classes a throw statement may construct (as `new TypeError('literal')`). */
const THROWN_ERRORS = [
  'Error',
  'EvalError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
  'TypeError',
  'URIError',
] as const;

/** What a throw statement throws: a string, or a built-in error of a literal message. */
export interface ThrownMessage {
  readonly error: (typeof THROWN_ERRORS)[number] | undefined;
  readonly text: string;
}

/** A statement, its temporaries freed after it. */
export function statement(t: Translation, node: A.Statement | A.ModuleDeclaration): void {
  t.emitter.temporaries(() => translateStatement(t, node, []));
}

function translateStatement(
  t: Translation,
  node: A.Statement | A.ModuleDeclaration,
  labels: readonly string[],
): void {
  switch (node.type) {
    case 'ExpressionStatement':
      if ('directive' in node && typeof node.directive === 'string') return;
      effect(t, node.expression);
      return;
    case 'VariableDeclaration':
      declaration(t, node);
      return;
    case 'BlockStatement':
      scoped(t, () => {
        for (const each of node.body) statement(t, each);
      });
      return;
    case 'EmptyStatement':
      return;
    case 'IfStatement':
      ifStatement(t, node);
      return;
    case 'WhileStatement':
      maskedLoop(t, node, node.test, undefined, labels);
      return;
    case 'DoWhileStatement':
      maskedLoop(t, node, node.test, undefined, labels);
      return;
    case 'ForStatement':
      forStatement(t, node, labels);
      return;
    case 'SwitchStatement':
      switchStatement(t, node, labels);
      return;
    case 'LabeledStatement':
      labelled(t, node);
      return;
    case 'ReturnStatement':
      returnValue(t, node.argument ? expression(t, node.argument) : undefined);
      return;
    case 'ThrowStatement':
      throwStatement(t, node);
      return;
    case 'BreakStatement':
    case 'ContinueStatement':
      jump(t, node);
      return;
    case 'ForInStatement':
    case 'ForOfStatement':
      throw rejection(t.source, node, 'a for-in/of loop (only numeric for, while and do-while loops)');
    case 'FunctionDeclaration':
      throw rejection(t.source, node, 'a nested function (pass helpers in options.functions)');
    default:
      reject(t.source, node, `a ${describeNode(node.type)}`);
  }
}

export function declaration(t: Translation, node: A.VariableDeclaration): void {
  if (node.kind === 'var') {
    // Hoisted at the function's start (hoist, scope.ts): here it is an assignment.
    for (const declarator of node.declarations) {
      if (declarator.id.type !== 'Identifier') reject(t.source, declarator.id, 'a destructuring pattern');
      const hoisted = lookup(t, declarator.id.name);
      if (hoisted?.declaration === declarator && hoisted.table) {
        t.uninitialised.delete(hoisted);
        continue;
      }
      if (declarator.init?.type === 'ArrayExpression')
        reject(
          t.source,
          declarator,
          'an array bound by a var inside a block, or by a var declared twice (declare a table once, at the top of the function, or with let or const)',
        );
      if (declarator.init) assign(t, assignable(t, declarator.id), expression(t, declarator.init));
    }
    return;
  }
  if (node.kind !== 'let' && node.kind !== 'const') {
    reject(t.source, node, `a ${node.kind} declaration (use let, const or var)`);
  }
  for (const declarator of node.declarations) {
    if (declarator.id.type !== 'Identifier') reject(t.source, declarator.id, 'a destructuring pattern');
    const name = declarator.id.name;
    const scope = t.scopes.at(-1) as Map<string, Variable>;
    if (reserved(name)) reject(t.source, declarator.id, `a variable that shadows ${name}`);
    if (declarator.init?.type === 'ArrayExpression') {
      // In scope while its elements are read: `const a = [a]` is JavaScript's TDZ error.
      scope.set(name, { reg: 0, constant: true, declaration: declarator });
      scope.set(name, tableVariable(t, declarator, tableOf(t, declarator.init)));
      continue;
    }
    // Before the initialiser: reading the name there is JavaScript's TDZ error.
    const variable: Variable = {
      reg: t.emitter.register(),
      constant: node.kind === 'const',
      declaration: declarator,
    };
    scope.set(name, variable);
    t.uninitialised.add(variable);
    const value = declarator.init ? expression(t, declarator.init) : undefined;
    t.uninitialised.delete(variable);
    join(t, variable, value ? value.type : UNDEF);
    // A declaration writes every lane: a lane that did not run it cannot be
    // in the variable's scope later without running it first.
    t.emitter.emit('Mov', variable.reg, value ? value.reg : t.emitter.constant(Number.NaN));
    know(t, variable, value && t.emitter.constantValue(value.reg));
  }
}

/** An expression statement: its value unused. */
export function effect(t: Translation, node: A.Expression): void {
  switch (node.type) {
    case 'SequenceExpression':
      for (const expression of node.expressions) effect(t, expression);
      return;
    case 'AssignmentExpression': {
      const loop = t.frame.loops.at(-1);
      const sink = loop?.sinks.get(node);
      if (sink) {
        assignable(t, node.left);
        recordSink(t, sink);
        return;
      }
      const counted = loop?.counted;
      let skip: number | undefined;
      if (counted?.loop.lastIterationOnly.has(node) && counted.sinks === 'skip') return;
      if (counted?.loop.lastIterationOnly.has(node) && counted.sinks === 'guard') {
        // Its value is dead until the loop ends, and it runs on every
        // iteration: only the last iteration's counts.
        skip = t.emitter.forward(
          counted.loop.inclusive ? 'JumpIfNextAtMost' : 'JumpIfNextBelow',
          counted.counter,
          counted.limit,
        );
      }
      assignment(t, node);
      if (skip !== undefined) t.emitter.patch(skip);
      return;
    }
    case 'UpdateExpression':
      update(t, node, false);
      return;
    default:
      expression(t, node);
  }
}

function ifStatement(t: Translation, node: A.IfStatement): void {
  const test = t.emitter.owned(expression(t, node.test).reg);
  const saved = t.emitter.mask();
  t.emitter.emit('MaskSave', saved);
  t.maskStack.push(saved);
  t.emitter.emit('MaskAnd', saved, test);
  const skipThen = t.emitter.forward('JumpIfNone');
  conditional(t, () => statement(t, node.consequent));
  t.emitter.patch(skipThen);
  const { alternate } = node;
  if (alternate) {
    t.emitter.emit('MaskAndNot', saved, test);
    const skipElse = t.emitter.forward('JumpIfNone');
    conditional(t, () => statement(t, alternate));
    t.emitter.patch(skipElse);
  }
  t.maskStack.pop();
  t.emitter.emit('MaskLoad', saved);
}

/**
 * `switch` on strict equality: each lane starts at the first case whose
 * test equals the discriminant (else at `default`) and falls through until
 * a break. The tests run first, all of them (they may not have effects).
 */
function switchStatement(t: Translation, node: A.SwitchStatement, labels: readonly string[]): void {
  scoped(t, () => {
    for (const clause of node.cases) {
      for (const statement of clause.consequent) {
        if (statement.type === 'VariableDeclaration' && statement.kind !== 'var')
          reject(
            t.source,
            statement,
            `a ${statement.kind} declaration directly in a case (wrap the case in a block)`,
          );
      }
    }
    const discriminant = expression(t, node.discriminant);
    const value = { reg: t.emitter.owned(discriminant.reg), type: discriminant.type };
    const zero = { reg: t.emitter.constant(0), type: BOOL };
    const one = t.emitter.constant(1);
    let unmatched: Value = { reg: one, type: BOOL };
    const starts = node.cases.map((clause) => {
      if (!clause.test) return undefined;
      if (t.context.effects.hasEffects(clause.test))
        reject(t.source, clause.test, 'a case test with effects (assignments or calls to helpers)');
      const test = expression(t, clause.test);
      checkEquality(t, clause.test, '===', value, test);
      const match = binary(t, 'Eq', value, test, BOOL);
      unmatched = select(t, match, zero, unmatched, BOOL);
      return match;
    });
    const running = t.emitter.temp();
    t.emitter.emit('Mov', running, zero.reg);
    region(t, 2, { labels, loop: false, switch: true }, (live) => {
      node.cases.forEach((clause, k) => {
        t.emitter.emit('Select', running, (starts[k] ?? unmatched).reg, one, running);
        t.emitter.emit('MaskAnd', live, running);
        const skip = t.emitter.forward('JumpIfNone');
        conditional(t, () => {
          for (const each of clause.consequent) statement(t, each);
        });
        t.emitter.patch(skip);
      });
    });
  });
}

/** `label: statement`: a labelled loop or switch, or a block that `break label` leaves. */
function labelled(t: Translation, node: A.LabeledStatement): void {
  const labels: string[] = [];
  let body: A.Statement = node;
  while (body.type === 'LabeledStatement') {
    labels.push(body.label.name);
    body = body.body;
  }
  if (['WhileStatement', 'DoWhileStatement', 'ForStatement', 'SwitchStatement'].includes(body.type)) {
    translateStatement(t, body, labels);
    return;
  }
  const inner = body;
  region(t, 1, { labels, loop: false, switch: false }, () => conditional(t, () => statement(t, inner)));
}

function jump(t: Translation, node: A.BreakStatement | A.ContinueStatement): void {
  const label = node.label?.name;
  const isBreak = node.type === 'BreakStatement';
  const target = [...t.frame.targets]
    .reverse()
    .find((candidate) =>
      label !== undefined
        ? candidate.labels.includes(label)
        : candidate.loop || (isBreak && candidate.switch),
    );
  if (target === undefined || (!isBreak && !target.loop)) {
    reject(t.source, node, `a ${isBreak ? 'break' : 'continue'} outside a loop`);
  }
  exit(t, target.depth, isBreak ? target.mask : undefined);
}

export function returnValue(t: Translation, value: Value | undefined): void {
  const frame = t.frame;
  t.emitter.emit('MovMasked', frame.result, value ? value.reg : t.emitter.constant(Number.NaN));
  frame.resultType |= value ? value.type : UNDEF;
  exit(t, frame.depth, undefined);
  frame.returned = true;
}

/** The current lanes' elements throw: the lowest such element rejects the map. */
function throwStatement(t: Translation, node: A.ThrowStatement): void {
  const thrown = thrownMessage(t, node.argument);
  let id = t.messages.findIndex((m) => m.error === thrown.error && m.text === thrown.text);
  if (id < 0) id = t.messages.push(thrown) - 1;
  t.emitter.emit('Throw', t.emitter.constant(id));
  exit(t, 0, undefined);
  t.frame.returned = true;
}

function thrownMessage(t: Translation, node: A.Expression): ThrownMessage {
  if (node.type === 'Literal' && typeof node.value === 'string')
    return { error: undefined, text: node.value };
  const error = node.type === 'NewExpression' && node.callee.type === 'Identifier' && node.callee.name;
  const builtIn = THROWN_ERRORS.find((name) => name === error);
  if (node.type === 'NewExpression' && builtIn !== undefined && !lookup(t, builtIn)) {
    const [text, ...rest] = node.arguments;
    if (rest.length === 0 && text === undefined) return { error: builtIn, text: '' };
    if (rest.length === 0 && text?.type === 'Literal' && typeof text.value === 'string')
      return { error: builtIn, text: text.value };
  }
  return reject(
    t.source,
    node,
    "a throw of other than a string literal or a built-in error of one, as new Error('literal') or new TypeError('literal')",
  );
}
