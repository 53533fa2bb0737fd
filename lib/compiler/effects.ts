// Side-effect analysis for the translation. An assignment inside an
// expression writes its variable's register while the expression is being
// evaluated, and a read of a variable hands on the variable's own register:
// where a later operand of the same operation writes that variable, the read
// must be copied first (`t + (t = 2)` adds the old t). Operands with effects
// under a condition (`c ? (t = 1) : 0`, `a && f(x)`) run on their lanes only.
import type * as A from 'acorn';
import { children } from './loops';

/** The name an assignment or update writes, when it writes a plain name. */
export function writtenName(node: A.Node): string | undefined {
  if (node.type === 'AssignmentExpression') {
    const left = (node as A.AssignmentExpression).left;
    return left.type === 'Identifier' ? left.name : undefined;
  }
  if (node.type === 'UpdateExpression') {
    const argument = (node as A.UpdateExpression).argument;
    return argument.type === 'Identifier' ? argument.name : undefined;
  }
  return undefined;
}

function isFunction(node: A.Node): boolean {
  return (
    node.type === 'FunctionExpression' ||
    node.type === 'ArrowFunctionExpression' ||
    node.type === 'FunctionDeclaration'
  );
}

/** What the translation needs to know of a function's expressions, computed once per function. */
export class Effects {
  readonly #writes = new Map<A.Node, ReadonlySet<string>>();
  /** Reads (and assignments' values) whose variable register must be copied. */
  readonly copied = new Set<A.Node>();

  constructor(roots: readonly A.Node[]) {
    for (const root of roots) this.add(root);
  }

  /** Analyses another function (a helper, once a call reaches it). */
  add(root: A.Node): void {
    this.#visit(root);
  }

  /** Names that `node` assigns anywhere inside it. */
  writes(node: A.Node): ReadonlySet<string> {
    let found = this.#writes.get(node);
    if (found === undefined) {
      const names = new Set<string>();
      const name = writtenName(node);
      if (name !== undefined) names.add(name);
      if (!isFunction(node))
        for (const child of children(node)) for (const n of this.writes(child)) names.add(n);
      found = names;
      this.#writes.set(node, found);
    }
    return found;
  }

  /** Whether evaluating `node` writes a variable or calls a function other than Math's (a helper). */
  hasEffects(node: A.Node): boolean {
    if (this.writes(node).size > 0) return true;
    const calls = (n: A.Node): boolean =>
      (n.type === 'CallExpression' && helperCallee((n as A.CallExpression).callee)) ||
      (!isFunction(n) && children(n).some(calls));
    return calls(node);
  }

  #visit(node: A.Node): void {
    const operands = this.#operands(node);
    for (let i = 0; i < operands.length; i++) {
      for (const through of passedThrough(operands[i] as A.Node)) {
        const name = readName(through);
        if (operands.slice(i + 1).some((later) => this.writes(later).has(name))) this.copied.add(through);
      }
    }
    for (const child of children(node)) this.#visit(child);
  }

  /** The operands of an expression in evaluation order, consumed together when it computes. */
  #operands(node: A.Node): A.Node[] {
    if (node.type === 'AssignmentExpression') {
      const assignment = node as A.AssignmentExpression;
      // `=` does not read its target; a compound assignment reads it first.
      return assignment.operator === '=' ? [] : [assignment.left, assignment.right];
    }
    if (node.type.endsWith('Expression') && node.type !== 'MemberExpression' && !isFunction(node))
      return children(node);
    return [];
  }
}

/** Whether a call's callee may be a helper: a name, or a path through a namespace (not Math's or Number's). */
function helperCallee(callee: A.Node): boolean {
  if (callee.type === 'Identifier') return true;
  if (callee.type !== 'MemberExpression') return false;
  let object = (callee as A.MemberExpression).object;
  while (object.type === 'MemberExpression') object = object.object;
  return !(object.type === 'Identifier' && (object.name === 'Math' || object.name === 'Number'));
}

/** The nodes whose translation may hand on a variable's own register as the value of `node`. */
function passedThrough(node: A.Node): A.Node[] {
  switch (node.type) {
    case 'Identifier':
      return [node];
    case 'AssignmentExpression':
      return writtenName(node) === undefined ? [] : [node];
    case 'UpdateExpression':
      return (node as A.UpdateExpression).prefix && writtenName(node) !== undefined ? [node] : [];
    case 'SequenceExpression':
      return passedThrough((node as A.SequenceExpression).expressions.at(-1) as A.Node);
    case 'UnaryExpression':
      return (node as A.UnaryExpression).operator === '+'
        ? passedThrough((node as A.UnaryExpression).argument)
        : [];
    case 'LogicalExpression': {
      const logical = node as A.LogicalExpression;
      return logical.operator === '??'
        ? [...passedThrough(logical.left), ...passedThrough(logical.right)]
        : [];
    }
    case 'CallExpression':
      // Math.min/max of one argument hand it on; any call's arguments, conservatively.
      return (node as A.CallExpression).arguments.flatMap((argument) => passedThrough(argument));
    default:
      return [];
  }
}

function readName(node: A.Node): string {
  return node.type === 'Identifier' ? (node as A.Identifier).name : (writtenName(node) as string);
}

/** The `var` declarations of a function body, by name (the first declarator of each), not inside nested functions. */
export function hoistedVars(body: A.Node): Map<string, A.VariableDeclarator> {
  const found = new Map<string, A.VariableDeclarator>();
  const visit = (node: A.Node): void => {
    if (isFunction(node)) return;
    if (node.type === 'VariableDeclaration' && (node as A.VariableDeclaration).kind === 'var') {
      for (const declarator of (node as A.VariableDeclaration).declarations) {
        if (declarator.id.type === 'Identifier' && !found.has(declarator.id.name))
          found.set(declarator.id.name, declarator);
      }
    }
    for (const child of children(node)) visit(child);
  };
  visit(body);
  return found;
}

/** Whether a statement always ends in a return (so a function body cannot fall off its end). */
export function alwaysReturns(node: A.Statement): boolean {
  if (node.type === 'ReturnStatement') return true;
  if (node.type === 'BlockStatement') {
    const last = node.body.at(-1);
    return last !== undefined && alwaysReturns(last);
  }
  if (node.type === 'IfStatement') {
    return (
      node.alternate !== null &&
      node.alternate !== undefined &&
      alwaysReturns(node.consequent) &&
      alwaysReturns(node.alternate)
    );
  }
  return false;
}
