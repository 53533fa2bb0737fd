// Calls: Math functions (math.ts), Math.min and Math.max, isNaN, isFinite
// and Number.is*, and the helpers of options.functions, inlined at each call
// as functions of their own (a Frame).
import type * as A from 'acorn';
import { alwaysReturns } from './effects';
import { binary, expression, select, unary } from './expressions';
import type { Helper } from './helpers';
import { MATH_FUNCTIONS, MATH_REFUSALS } from './math';
import { reject } from './rejection';
import { hoist, join, lookup, reserved, type Variable } from './scope';
import { CURRENT, RESULT } from './spec';
import { statement } from './statements';
import { BOOL, NUM, UNDEF, type Value } from './static-types';
import { tableUses } from './tables';
import type { Frame, Translation } from './translation';

const NUMBER_PREDICATES: readonly string[] = ['isNaN', 'isFinite', 'isInteger', 'isSafeInteger'];

export function call(t: Translation, node: A.CallExpression): Value {
  const callee = node.callee;
  if (!node.optional && callee.type === 'Identifier') return callByName(t, node, callee.name);
  const member =
    callee.type === 'MemberExpression' &&
    !callee.computed &&
    !callee.optional &&
    !node.optional &&
    callee.object.type === 'Identifier' &&
    callee.property.type === 'Identifier'
      ? { object: callee.object.name, property: callee.property.name }
      : undefined;
  if (callee.type === 'MemberExpression' && callee.object.type === 'ThisExpression')
    return reject(t.source, callee.object, '`this`');
  const path = !node.optional ? namespacePath(t, callee) : undefined;
  if (path) return callThrough(t, node, path);
  if (member && lookup(t, member.object)?.table)
    return reject(t.source, node, `a method of the table ${member.object} (${tableUses(member.object)})`);
  if (member?.object === 'Number' && NUMBER_PREDICATES.includes(member.property))
    return predicate(t, node, `Number.${member.property}`);
  if (member?.object !== 'Math')
    return reject(
      t.source,
      node,
      'a call to a function other than Math.*, Number.is*, isNaN, isFinite and those in options.functions',
    );
  const name = member.property;
  const args = callArguments(t, node);
  if (name === 'min' || name === 'max') {
    const [first, ...rest] = args;
    if (first === undefined)
      return { reg: t.emitter.constant(name === 'min' ? Infinity : -Infinity), type: NUM };
    return rest.reduce((a, b) => binary(t, name === 'min' ? 'Min' : 'Max', a, b, NUM), {
      reg: first.reg,
      type: NUM,
    });
  }
  const fn = MATH_FUNCTIONS[name];
  const refusal = MATH_REFUSALS[name];
  if (refusal !== undefined) return reject(t.source, node, refusal);
  if (fn === undefined) {
    return reject(
      t.source,
      node,
      `Math.${name} (${name in Math ? "not proven bit-identical to V8's" : 'no such Math function'}; numpool compiles Math.${Object.keys(MATH_FUNCTIONS).join(', Math.')}, Math.min, Math.max)`,
    );
  }
  if (args.length !== fn.arity) {
    reject(
      t.source,
      node,
      `Math.${name} with other than ${fn.arity === 1 ? 'one argument' : 'two arguments'}`,
    );
  }
  const [a, b] = args as [Value, Value];
  return fn.arity === 1 ? unary(t, fn.op, a, NUM) : binary(t, fn.op, a, b, NUM);
}

function callArguments(t: Translation, node: A.CallExpression): Value[] {
  return node.arguments.map((argument) =>
    argument.type === 'SpreadElement'
      ? reject(t.source, argument, 'a spread argument')
      : expression(t, argument),
  );
}

function callByName(t: Translation, node: A.CallExpression, name: string): Value {
  if (lookup(t, name)) return reject(t.source, node, `a call to the local ${name} (a number)`);
  const entry = t.context.helpers.entries.get(name);
  if (entry) {
    const helper = t.context.helpers.parsed(entry, name);
    if (helper === undefined)
      return reject(t.source, node, `a call to the namespace ${name} (call its functions: ${name}.f(x))`);
    return inline(t, node, helper);
  }
  if (name === 'isNaN' || name === 'isFinite') return predicate(t, node, name);
  return reject(
    t.source,
    node,
    `a call to ${name} (a function outside Math: pass it as options.functions.${name} to inline it)`,
  );
}

/** `a.b.c` naming a path through a namespace of options.functions (its root no local): its names. */
export function namespacePath(t: Translation, node: A.Node): string[] | undefined {
  const names: string[] = [];
  let at = node;
  while (at.type === 'MemberExpression') {
    const member = at as A.MemberExpression;
    if (member.computed || member.optional || member.property.type !== 'Identifier') return undefined;
    names.unshift(member.property.name);
    at = member.object;
  }
  if (at.type !== 'Identifier' || names.length === 0) return undefined;
  const root = (at as A.Identifier).name;
  const { frame } = t;
  const shadowed =
    lookup(t, root) || frame.inputs.has(root) || root === frame.indexName || root === frame.paramsName;
  if (shadowed || !t.context.helpers.has(root)) return undefined;
  return [root, ...names];
}

/** A call through a namespace, `jStat.normal.cdf(x, 0, 1)`: its function inlined. */
function callThrough(t: Translation, node: A.CallExpression, path: readonly string[]): Value {
  const name = path.join('.');
  let entry = t.context.helpers.entries.get(path[0] as string);
  for (const member of path.slice(1)) entry = entry?.members.get(member);
  if (entry === undefined)
    return reject(
      t.source,
      node,
      `a call to ${name}, which options.functions.${path[0]} does not hold (as a function or a plain object of them, an own enumerable property)`,
    );
  const helper = t.context.helpers.parsed(entry, name);
  if (helper === undefined)
    return reject(t.source, node, `a call to the namespace ${name} (call its functions: ${name}.f(x))`);
  return inline(t, node, helper);
}

/**
 * isNaN, isFinite and Number.isNaN/isFinite/isInteger/isSafeInteger on
 * their first argument. The Number ones do not convert: only a number can
 * pass, so they need a value known to be a number, or known not to be.
 */
function predicate(t: Translation, node: A.CallExpression, name: string): Value {
  const [given] = callArguments(t, node);
  const value = given ?? { reg: t.emitter.constant(Number.NaN), type: UNDEF };
  const no = { reg: t.emitter.constant(0), type: BOOL };
  if (name.startsWith('Number.')) {
    if (value.type !== 0 && (value.type & NUM) === 0) return no;
    if (value.type !== NUM && value.type !== 0 && t.checkTypes)
      reject(t.source, node, `${name} of a value that may be a number or not (give it one type)`);
  }
  const zero = { reg: t.emitter.constant(0), type: NUM };
  // a - b is NaN where either is NaN or both are the same Infinity: x - x
  // is 0 exactly for finite x, trunc(x) - x exactly for finite integers.
  const zeroDifference = (a: Value, b: Value) => binary(t, 'Eq', binary(t, 'Sub', a, b, NUM), zero, BOOL);
  switch (name) {
    case 'isNaN':
    case 'Number.isNaN':
      return binary(t, 'Ne', value, value, BOOL);
    case 'isFinite':
    case 'Number.isFinite':
      return zeroDifference(value, value);
    default: {
      const integer = zeroDifference(unary(t, 'Trunc', value, NUM), value);
      if (name === 'Number.isInteger') return integer;
      const max = { reg: t.emitter.constant(Number.MAX_SAFE_INTEGER), type: NUM };
      const safe = binary(t, 'Le', unary(t, 'Abs', value, NUM), max, BOOL);
      return select(t, integer, safe, integer, BOOL);
    }
  }
}

/**
 * A call to a helper, inlined: the arguments in order, each bound to a
 * fresh register of its parameter (missing ones undefined), then its body
 * as a function of its own, whose returns write the call's value.
 */
function inline(t: Translation, node: A.CallExpression, helper: Helper): Value {
  const chain = t.inlining;
  if (chain.includes(helper)) {
    const cycle = [...chain.slice(chain.indexOf(helper)), helper].map((each) => each.name).join(' -> ');
    return reject(t.source, node, `a recursive call, ${cycle} (helpers are inlined: no call cycles)`);
  }
  const fn = helper.node;
  const params = fn.params.map((param) =>
    param.type === 'Identifier' && !reserved(param.name)
      ? param
      : reject(helper.source, param, 'a parameter pattern or reserved name (use plain names)'),
  );
  const bound = new Map<string, Variable>();
  const written = t.context.effects.writes(fn.body);
  const bind = (k: number, value: Value) => {
    const param = params[k];
    if (param === undefined) return;
    // A parameter the helper never assigns reads the argument's register.
    const reg = written.has(param.name) ? t.emitter.register() : value.reg;
    const variable: Variable = { reg, constant: false, declaration: siteKey(t, node, param) };
    if (reg !== value.reg) t.emitter.emit('Mov', reg, value.reg);
    join(t, variable, value.type);
    bound.set(param.name, variable);
  };
  node.arguments.forEach((argument, k) => {
    if (argument.type === 'SpreadElement') reject(t.source, argument, 'a spread argument');
    bind(k, expression(t, argument));
  });
  for (let k = node.arguments.length; k < params.length; k++)
    bind(k, { reg: t.emitter.constant(Number.NaN), type: UNDEF });
  const { body } = fn;
  // An expression body has no return to mask: its value is the call's.
  const block = body.type === 'BlockStatement';
  const result = block ? t.emitter.register() : RESULT;
  const saved = block ? t.emitter.mask() : CURRENT;
  if (block) {
    t.emitter.emit('Mov', result, t.emitter.constant(Number.NaN));
    t.emitter.emit('MaskSave', saved);
    t.maskStack.push(saved);
  }
  const outer = t.frame;
  const frame: Frame = {
    source: helper.source,
    inputs: new Map(),
    indexName: undefined,
    paramsName: undefined,
    scopeBase: t.scopes.length,
    depth: t.maskStack.length,
    result,
    returned: false,
    resultType: 0,
    loops: [],
    targets: [],
  };
  t.frame = frame;
  t.scopes.push(bound);
  chain.push(helper);
  let value: Value;
  try {
    if (body.type === 'BlockStatement') {
      hoist(t, body, bound);
      for (const each of body.body) statement(t, each);
      if (!alwaysReturns(body)) frame.resultType |= UNDEF;
      value = { reg: result, type: frame.resultType };
    } else value = expression(t, body);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw new TypeError(`${error.message} (in options.functions.${helper.name})`, { cause: error });
  }
  chain.pop();
  t.scopes.length = frame.scopeBase;
  t.frame = outer;
  if (block) {
    t.maskStack.pop();
    t.emitter.emit('MaskLoad', saved);
  }
  return value;
}

/** The key of a helper parameter's type at one call: each call binds its own argument types. */
function siteKey(t: Translation, call: A.CallExpression, param: A.Identifier): object {
  let keys = t.context.siteKeys.get(call);
  if (keys === undefined) {
    keys = new Map();
    t.context.siteKeys.set(call, keys);
  }
  let key = keys.get(param);
  if (key === undefined) {
    key = { param: param.name };
    keys.set(param, key);
  }
  return key;
}
