// Finds assignments inside a loop whose value is dead until the loop ends:
// `v = E` where the loop never reads v. Only the last such assignment of
// each lane is observable, so the compiler records E's operands there (a
// copy per operand) and evaluates E once after the loop: the seed's
// `ret = Math.log(fixed)` costs one log per element, not one per iteration.
import type * as A from 'acorn';

type Loop = A.WhileStatement | A.ForStatement;

/** Child nodes of `node`, in source order. */
function children(node: A.Node): A.Node[] {
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

function containsCall(node: A.Node): boolean {
  return node.type === 'CallExpression' || children(node).some(containsCall);
}

/**
 * The assignments of `loop`'s body (`v = E`, not inside a nested loop)
 * that can be sunk: v is assigned there once, never read nor declared in the
 * loop, and E calls a Math function (cheaper expressions are not worth it).
 */
export function sinkableAssignments(loop: Loop): A.AssignmentExpression[] {
  const assignments = new Map<string, A.AssignmentExpression[]>();
  const disqualified = new Set<string>();
  const visit = (node: A.Node, nested: boolean): void => {
    if (node.type === 'VariableDeclarator') {
      const id = (node as A.VariableDeclarator).id;
      if (id.type === 'Identifier') disqualified.add(id.name);
    }
    if (node.type === 'AssignmentExpression' || node.type === 'UpdateExpression') {
      const write = node as A.AssignmentExpression | A.UpdateExpression;
      const target = write.type === 'AssignmentExpression' ? write.left : write.argument;
      if (target.type === 'Identifier') {
        if (write.type === 'AssignmentExpression' && write.operator === '=' && !nested) {
          assignments.set(target.name, [...(assignments.get(target.name) ?? []), write]);
        } else disqualified.add(target.name);
      }
    }
    for (const child of children(node)) visit(child, nested || isLoop(child));
  };
  // The body only: the test and the update run after the last body.
  visit(loop.body, isLoop(loop.body));
  const read = namesRead(loop);
  const sinkable: A.AssignmentExpression[] = [];
  for (const [name, sites] of assignments) {
    const [site] = sites;
    if (
      sites.length === 1 &&
      site &&
      !read.has(name) &&
      !disqualified.has(name) &&
      containsCall(site.right)
    ) {
      sinkable.push(site);
    }
  }
  return sinkable;
}
