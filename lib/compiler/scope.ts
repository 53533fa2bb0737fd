// Names: scopes of variables (blocks, hoisted `var`s, helpers' parameters),
// what an identifier or a member expression reads (locals, the inputs, the
// index, params fields, Math and Number constants, options.constants),
// assignments to locals, and variables' types, joined across passes.
import type * as A from 'acorn';
import { namespacePath } from './calls';
import { hoistedVars } from './effects';
import { fullMask } from './masks';
import { MATH_CONSTANTS, NUMBER_CONSTANTS } from './math';
import { reject } from './rejection';
import { NUM, UNDEF, type Value } from './static-types';
import { tableMember, tableOf, tableUses, tableVariable } from './tables';
import type { Translation } from './translation';

/** Names a variable, helper or constant may not take: the compiler gives them their global meaning. */
export const RESERVED: readonly string[] = [
  'Math',
  'Number',
  'Infinity',
  'NaN',
  'undefined',
  'isNaN',
  'isFinite',
];

export interface Variable {
  readonly reg: number;
  readonly constant: boolean;
  /** Its key in varTypes: a declaration node, or a helper parameter's at one call. */
  readonly declaration: object;
  /** A `var`: undefined until assigned, so reads before its first sure assignment may be undefined. */
  readonly hoisted?: boolean;
  /** A read-only table's constants (tables.ts): it has no register of its own. */
  readonly table?: readonly number[];
}

/** The function's `var`s, undefined (NaN) on every lane at its start; one named as a parameter is the parameter. */
export function hoist(t: Translation, body: A.Node, scope: Map<string, Variable>): void {
  const tables: [string, A.VariableDeclarator, A.ArrayExpression][] = [];
  for (const [name, declarator] of hoistedVars(body)) {
    if (scope.has(name)) continue;
    if (name === t.frame.paramsName)
      reject(t.source, declarator, 'a var named as the params object (rename the variable)');
    if (reserved(name)) reject(t.source, declarator.id, `a variable that shadows ${name}`);
    if (declarator.init?.type === 'ArrayExpression' && topLevel(body, declarator)) {
      tables.push([name, declarator, declarator.init]);
      continue;
    }
    const variable: Variable = {
      reg: t.emitter.register(),
      constant: false,
      declaration: declarator,
      hoisted: true,
    };
    t.emitter.emit('Mov', variable.reg, t.emitter.constant(Number.NaN));
    scope.set(name, variable);
  }
  // A table read before its declaration would read undefined's elements: a TypeError.
  for (const [name, declarator, init] of tables) {
    const variable = tableVariable(t, declarator, tableOf(t, init));
    scope.set(name, variable);
    t.uninitialised.add(variable);
  }
}

/** Whether a declarator is in a statement of the function body itself, run once on every lane. */
function topLevel(body: A.Node, declarator: A.VariableDeclarator): boolean {
  return (
    body.type === 'BlockStatement' &&
    (body as A.BlockStatement).body.some(
      (statement) => statement.type === 'VariableDeclaration' && statement.declarations.includes(declarator),
    )
  );
}

export function lookup(t: Translation, name: string): Variable | undefined {
  for (let i = t.scopes.length - 1; i >= t.frame.scopeBase; i--) {
    const variable = t.scopes[i]?.get(name);
    if (variable) return variable;
  }
  return undefined;
}

export function identifier(t: Translation, node: A.Identifier): Value {
  const { name } = node;
  const variable = lookup(t, name);
  if (variable && t.uninitialised.has(variable)) reject(t.source, node, `${name} before its initialisation`);
  if (variable?.table) return reject(t.source, node, `the table ${name} as a value (${tableUses(name)})`);
  if (variable) return read(t, variable, node);
  const input = t.frame.inputs.get(name);
  if (input !== undefined) return { reg: input, type: NUM };
  if (name === t.frame.indexName) {
    t.indexRead = true;
    return { reg: t.index, type: NUM };
  }
  if (name === 'arguments') return reject(t.source, node, '`arguments` (name the parameters)');
  if (name === 'Infinity' || name === 'NaN') return { reg: t.emitter.constant(globalThis[name]), type: NUM };
  if (name === 'undefined') return { reg: t.emitter.constant(Number.NaN), type: UNDEF };
  const constant = t.context.constants.get(name);
  if (constant !== undefined) return { reg: t.emitter.constant(constant), type: NUM };
  if (name === t.frame.paramsName)
    return reject(t.source, node, `the params object (read its fields: ${name}.a)`);
  if (t.context.helpers.has(name))
    return reject(t.source, node, `the function ${name} as a value (only calls to it compile)`);
  return reject(
    t.source,
    node,
    `the outer variable or global ${name} (closures are not compiled: pass a number as options.constants.${name}, or a function as options.functions.${name})`,
  );
}

export function memberExpression(t: Translation, node: A.MemberExpression): Value {
  const object = node.object;
  const property = node.property;
  if (object.type === 'ThisExpression') return reject(t.source, object, '`this`');
  const path = namespacePath(t, node);
  if (path)
    return reject(
      t.source,
      node,
      `the function ${path.join('.')} as a value (only calls through options.functions.${path[0]} compile)`,
    );
  const local = object.type === 'Identifier' ? lookup(t, object.name) : undefined;
  if (object.type === 'Identifier' && object.name === 'arguments' && !local)
    return reject(t.source, object, '`arguments` (name the parameters)');
  if (local?.table) {
    const name = (object as A.Identifier).name;
    if (t.uninitialised.has(local)) reject(t.source, object, `${name} before its initialisation`);
    return tableMember(t, node, name, local.table);
  }
  if (node.computed || node.optional || object.type !== 'Identifier' || property.type !== 'Identifier') {
    return reject(t.source, node, 'a property access (only Math.*, Number.* and params fields)');
  }
  if (object.name === t.frame.paramsName && !lookup(t, object.name)) {
    t.params.add(property.name);
    return { reg: t.emitter.paramConstant(property.name), type: NUM };
  }
  const table: readonly string[] | undefined =
    object.name === 'Math' ? MATH_CONSTANTS : object.name === 'Number' ? NUMBER_CONSTANTS : undefined;
  if (table?.includes(property.name) && !lookup(t, object.name)) {
    const value = (globalThis[object.name as 'Math' | 'Number'] as unknown as Record<string, number>)[
      property.name
    ] as number;
    return { reg: t.emitter.constant(value), type: NUM };
  }
  return reject(t.source, node, `the property ${object.name}.${property.name}`);
}

/** A variable's value; `node`, the read, copies it where effects.ts says a later operand writes it. */
export function read(t: Translation, variable: Variable, node?: A.Node): Value {
  let type = t.varTypes.get(variable.declaration) ?? 0;
  if (variable.hoisted && !t.assigned.has(variable)) type |= UNDEF;
  const known = t.known.get(variable);
  if (known !== undefined) return { reg: t.emitter.constant(known), type };
  return node ? passed(t, variable, type, node) : { reg: variable.reg, type };
}

/** A variable's register as an expression's value, or a copy where a later operand writes it (effects.ts). */
export function passed(t: Translation, variable: Variable, type: number, node: A.Node): Value {
  if (!t.context.effects.copied.has(node)) return { reg: variable.reg, type };
  const reg = t.emitter.temp();
  t.emitter.emit('Mov', reg, variable.reg);
  return { reg, type };
}

export function assignable(t: Translation, node: A.Pattern | A.Expression): Variable {
  const object = node.type === 'MemberExpression' ? node.object : undefined;
  if (object?.type === 'Identifier' && lookup(t, object.name)?.table)
    reject(t.source, node, `a write to the read-only table ${object.name} (${tableUses(object.name)})`);
  if (node.type !== 'Identifier') return reject(t.source, node, 'an assignment to something not a local');
  const variable = lookup(t, node.name);
  if (variable === undefined) {
    if (node.name === t.frame.paramsName) reject(t.source, node, 'an assignment to the params object');
    const what = t.context.constants.has(node.name) ? 'options.constants' : 'an outer variable';
    return reject(t.source, node, `an assignment to ${what} ${node.name}`);
  }
  if (t.uninitialised.has(variable)) reject(t.source, node, `${node.name} before its initialisation`);
  if (variable.table)
    reject(t.source, node, `an assignment to the read-only table ${node.name} (${tableUses(node.name)})`);
  if (variable.constant) reject(t.source, node, 'an assignment to a const');
  return variable;
}

export function assign(t: Translation, variable: Variable, value: Value): void {
  join(t, variable, value.type);
  const everyLane = fullMask(t);
  t.emitter.assign(variable.reg, value.reg, everyLane);
  t.assigned.add(variable);
  know(t, variable, everyLane ? t.emitter.constantValue(value.reg) : undefined);
}

/** Records `variable`'s compile-time value here, or that it has none. */
export function know(t: Translation, variable: Variable, value: number | undefined): void {
  if (value === undefined) t.known.delete(variable);
  else t.known.set(variable, value);
}

export function join(t: Translation, variable: Variable, type: number): void {
  t.varTypes.set(variable.declaration, (t.varTypes.get(variable.declaration) ?? 0) | type);
}

export function scoped(t: Translation, body: () => void): void {
  t.scopes.push(new Map());
  body();
  t.scopes.pop();
}

export function reserved(name: string): boolean {
  return RESERVED.includes(name);
}
