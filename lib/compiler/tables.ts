// Read-only tables: an array literal of numeric constants bound once to a
// local (`const cof = [76.18, -86.5]`) and only read as cof[i] and
// cof.length. No array exists at run time: cof[i] compares i with each
// element's index and selects its constant, as JavaScript reads an array:
// an index equal to k (-0 and 1.0 included) reads element k, any other
// (a fraction, negative, past the end, NaN) reads undefined, held as NaN.
import type * as A from 'acorn';
import { expression } from './expressions';
import { reject } from './rejection';
import { lookup, type Variable } from './scope';
import { BOOL, NUM, UNDEF, type Value } from './static-types';
import type { Translation } from './translation';

/** What a table allows, for the refusals of anything else. */
export function tableUses(name: string): string {
  return `only ${name}[index] and ${name}.length compile on a read-only table`;
}

/** The constants of an array literal of numeric constants, the literal's elements refused otherwise. */
export function tableOf(t: Translation, node: A.ArrayExpression): readonly number[] {
  return node.elements.map((element) => {
    const value = element && element.type !== 'SpreadElement' ? constantOf(t, element) : undefined;
    if (value === undefined)
      return reject(
        t.source,
        element ?? node,
        'an array element other than a numeric constant (a read-only table holds literals, options.constants and their negations)',
      );
    return value;
  });
}

/** A numeric literal, an options.constants name, Infinity or NaN, or a sign applied to one. */
export function constantOf(t: Translation, node: A.Expression): number | undefined {
  if (node.type === 'Literal') return typeof node.value === 'number' ? node.value : undefined;
  if (node.type === 'UnaryExpression' && (node.operator === '-' || node.operator === '+')) {
    const value = constantOf(t, node.argument);
    return value === undefined ? undefined : node.operator === '-' ? -value : value;
  }
  if (node.type !== 'Identifier') return undefined;
  const { name } = node;
  const frame = t.frame;
  if (lookup(t, name) || frame.inputs.has(name) || name === frame.indexName || name === frame.paramsName)
    return undefined;
  if (name === 'Infinity' || name === 'NaN') return globalThis[name];
  return t.context.constants.get(name);
}

/** A table's variable: no register of its own, only its constants. */
export function tableVariable(t: Translation, declaration: object, table: readonly number[]): Variable {
  return { reg: t.emitter.constant(Number.NaN), constant: true, declaration, table };
}

/** `table[index]` or `table.length`, where the object names a table. */
export function tableMember(
  t: Translation,
  node: A.MemberExpression,
  name: string,
  table: readonly number[],
): Value {
  if (!node.computed) {
    if (node.property.type === 'Identifier' && node.property.name === 'length' && !node.optional)
      return { reg: t.emitter.constant(table.length), type: NUM };
    return reject(t.source, node, `a property of the table ${name} (${tableUses(name)})`);
  }
  if (node.property.type === 'PrivateIdentifier') return reject(t.source, node.property, 'a private name');
  const index = expression(t, node.property);
  // A boolean is the key 'true' or 'false', no index: JavaScript reads undefined.
  if (index.type & BOOL && t.checkTypes)
    reject(t.source, node.property, `an index of the table ${name} that may be a boolean (give it a number)`);
  // A constant index (a literal, cof.length - 1, an unrolled loop's counter) reads its element.
  const known = t.emitter.constantValue(index.reg);
  if (known !== undefined && Number.isInteger(known) && known >= 0 && known < table.length)
    return { reg: t.emitter.constant(table[known] as number), type: NUM };
  let reg = t.emitter.constant(Number.NaN);
  table.forEach((value, k) => {
    const test = t.emitter.temp();
    t.emitter.emit('Eq', test, index.reg, t.emitter.constant(k));
    const next = t.emitter.temp();
    t.emitter.emit('Select', next, test, t.emitter.constant(value), reg);
    reg = next;
  });
  return { reg, type: NUM | UNDEF };
}
