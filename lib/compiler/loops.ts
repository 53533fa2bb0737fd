// Loop analysis for the translation: counted loops (the same trip count on
// every lane), and assignments inside a loop whose value is dead until the
// loop ends: `v = E` where the loop never reads v. Only the last such assignment of
// each lane is observable, so the compiler records E's operands there (a
// copy per operand) and evaluates E once after the loop: the seed's
// `ret = Math.log(fixed)` costs one log per element, not one per iteration.
import type * as A from 'acorn';

type Loop = A.WhileStatement | A.ForStatement | A.DoWhileStatement;

/** Child nodes of `node`, in source order. */
export function children(node: A.Node): A.Node[] {
  const found: A.Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc') continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== null && typeof item === 'object' && typeof (item as A.Node).type === 'string') {
        found.push(item as A.Node);
      }
    }
  }
  return found;
}

/** Names `node` reads: identifiers in expression position. */
export function namesRead(node: A.Node, into = new Set<string>()): Set<string> {
  if (node.type === 'Identifier') into.add((node as A.Identifier).name);
  else if (node.type === 'MemberExpression') {
    const member = node as A.MemberExpression;
    namesRead(member.object, into);
    if (member.computed) namesRead(member.property, into);
  } else if (node.type === 'AssignmentExpression') {
    const assignment = node as A.AssignmentExpression;
    if (assignment.operator !== '=') namesRead(assignment.left, into);
    namesRead(assignment.right, into);
  } else if (node.type === 'VariableDeclarator') {
    const init = (node as A.VariableDeclarator).init;
    if (init) namesRead(init, into);
  } else for (const child of children(node)) namesRead(child, into);
  return into;
}

function isLoop(node: A.Node): boolean {
  return ['WhileStatement', 'ForStatement', 'DoWhileStatement', 'ForInStatement', 'ForOfStatement'].includes(
    node.type,
  );
}

/**
 * The assignments of `loop`'s body (`v = E`, not inside a nested loop)
 * that can be sunk: v is assigned there once, never read nor declared in the
 * loop, and E calls a Math function (cheaper expressions are not worth it).
 */
export function sinkableAssignments(loop: Loop): A.AssignmentExpression[] {
  const assignments = new Map<string, A.AssignmentExpression[]>();
  const disqualified = new Set<string>();
  // An assignment inside an expression (not an expression statement's own) is never sunk.
  const visit = (node: A.Node, nested: boolean, statement: boolean): void => {
    if (node.type === 'VariableDeclarator') {
      const id = (node as A.VariableDeclarator).id;
      if (id.type === 'Identifier') disqualified.add(id.name);
    }
    if (node.type === 'AssignmentExpression' || node.type === 'UpdateExpression') {
      const write = node as A.AssignmentExpression | A.UpdateExpression;
      const target = write.type === 'AssignmentExpression' ? write.left : write.argument;
      if (target.type === 'Identifier') {
        if (write.type === 'AssignmentExpression' && write.operator === '=' && !nested && statement) {
          assignments.set(target.name, [...(assignments.get(target.name) ?? []), write]);
        } else disqualified.add(target.name);
      }
    }
    const statementLevel =
      node.type === 'ExpressionStatement' || (statement && node.type === 'SequenceExpression');
    for (const child of children(node)) visit(child, nested || isLoop(child), statementLevel);
  };
  // The body only: the test and the update run after the last body.
  visit(loop.body, isLoop(loop.body), false);
  const read = namesRead(loop);
  const sinkable: A.AssignmentExpression[] = [];
  for (const [name, sites] of assignments) {
    const [site] = sites;
    if (
      sites.length === 1 &&
      site &&
      !read.has(name) &&
      !disqualified.has(name) &&
      contains(site.right, (node) => node.type === 'CallExpression') &&
      !contains(
        site.right,
        (node) => node.type === 'AssignmentExpression' || node.type === 'UpdateExpression',
      )
    ) {
      sinkable.push(site);
    }
  }
  return sinkable;
}

/** A statement that leaves a loop or an iteration early. */
export function leaves(node: A.Node): boolean {
  return ['BreakStatement', 'ContinueStatement', 'ReturnStatement', 'ThrowStatement'].includes(node.type);
}

/** Whether `node` itself writes or redeclares the variable `name`. */
export function writes(node: A.Node, name: string): boolean {
  if (node.type === 'VariableDeclarator') {
    const id = (node as A.VariableDeclarator).id;
    return id.type === 'Identifier' && id.name === name;
  }
  if (node.type !== 'AssignmentExpression' && node.type !== 'UpdateExpression') return false;
  const write = node as A.AssignmentExpression | A.UpdateExpression;
  const target = write.type === 'AssignmentExpression' ? write.left : write.argument;
  return target.type === 'Identifier' && target.name === name;
}

/** A for loop that every lane runs the same number of times. */
export interface CountedLoop {
  readonly counter: string;
  readonly limit: A.Expression;
  readonly inclusive: boolean;
  /** Whether the body reads the counter (else only lane 0 keeps it). */
  readonly bodyReadsCounter: boolean;
  /** Sinkable assignments that run on every iteration: only the last one's counts. */
  readonly lastIterationOnly: ReadonlySet<A.Node>;
}

/** A literal, a params field or its negation: the same on every lane. */
function isUniform(node: A.Node, paramsName: string | undefined): boolean {
  if (node.type === 'Literal') return typeof (node as A.Literal).value === 'number';
  if (node.type === 'UnaryExpression') {
    const unary = node as A.UnaryExpression;
    return unary.operator === '-' && isUniform(unary.argument, paramsName);
  }
  if (node.type !== 'MemberExpression') return false;
  const member = node as A.MemberExpression;
  return (
    !member.computed &&
    !member.optional &&
    member.object.type === 'Identifier' &&
    member.object.name === paramsName &&
    member.property.type === 'Identifier'
  );
}

export function contains(node: A.Node, test: (node: A.Node) => boolean): boolean {
  return test(node) || children(node).some((child) => contains(child, test));
}

/**
 * `for (let i = A; i < B; i++)` (or `<=`, `++i`, `i += 1`) with A and B the
 * same on every lane, whose body neither leaves early (break, continue,
 * return) nor writes or redeclares i: every lane runs the same iterations,
 * so lane 0's counter decides for all and the lanes' mask never changes.
 * The caller checks that `paramsName` is not shadowed.
 */
export function countedLoop(loop: A.ForStatement, paramsName: string | undefined): CountedLoop | undefined {
  const { init, test, update, body } = loop;
  if (init?.type !== 'VariableDeclaration' || init.kind !== 'let' || init.declarations.length !== 1)
    return undefined;
  const [declarator] = init.declarations;
  if (declarator?.id.type !== 'Identifier' || !declarator.init || !isUniform(declarator.init, paramsName)) {
    return undefined;
  }
  const counter = declarator.id.name;
  if (
    test?.type !== 'BinaryExpression' ||
    (test.operator !== '<' && test.operator !== '<=') ||
    test.left.type !== 'Identifier' ||
    test.left.name !== counter ||
    !isUniform(test.right, paramsName)
  ) {
    return undefined;
  }
  const increments =
    (update?.type === 'UpdateExpression' &&
      update.operator === '++' &&
      update.argument.type === 'Identifier' &&
      update.argument.name === counter) ||
    (update?.type === 'AssignmentExpression' &&
      update.operator === '+=' &&
      update.left.type === 'Identifier' &&
      update.left.name === counter &&
      update.right.type === 'Literal' &&
      update.right.value === 1);
  if (!increments) return undefined;
  if (contains(body, leaves) || contains(body, (node) => writes(node, counter))) return undefined;
  const statements = body.type === 'BlockStatement' ? body.body : [body];
  const everyIteration = new Set(
    statements.flatMap((statement) =>
      statement.type === 'ExpressionStatement' ? [statement.expression] : [],
    ),
  );
  return {
    counter,
    limit: test.right,
    inclusive: test.operator === '<=',
    bodyReadsCounter: namesRead(body).has(counter),
    lastIterationOnly: new Set(sinkableAssignments(loop).filter((site) => everyIteration.has(site))),
  };
}
