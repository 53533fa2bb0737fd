// Loops: while, do-while and for loops under masks, with assignments sunk
// out of them; and counted for loops (loops.ts's analysis), which lane 0's
// counter runs without masks.
import type * as A from 'acorn';
import type { Forward } from './emitter';
import { expression, select } from './expressions';
import { type CountedLoop, countedLoop, namesRead, sinkableAssignments } from './loops';
import { conditional, region } from './masks';
import { reject } from './rejection';
import { assign, lookup, read, scoped, type Variable } from './scope';
import { CURRENT, IN_PLACE_WRITE } from './spec';
import { declaration, effect, statement } from './statements';
import { NUM } from './static-types';
import type { Translation } from './translation';
import { unrolled } from './unroll';

/** An assignment sunk out of its loop (see loops.ts). */
interface Sink {
  readonly variable: Variable;
  readonly value: A.Expression;
  /** 1 on lanes that ran the assignment. */
  readonly flag: number;
  /** Copies of the locals `value` reads, as they were at the assignment. */
  readonly shadows: Map<string, Variable>;
}

/** A loop being translated, innermost last in its Frame's loops: what assignments in its body consult. */
export interface Loop {
  /** Lanes still looping. */
  readonly mask: number;
  readonly sinks: Map<A.Node, Sink>;
  /** A counted loop's counter and limit registers, and its assignments to run on the last iteration only. */
  readonly counted?:
    | {
        readonly counter: number;
        readonly limit: number;
        readonly loop: CountedLoop;
        /** What its last-iteration assignments do here: skipped, run, or run when the iteration is the last. */
        readonly sinks: 'skip' | 'run' | 'guard';
      }
    | undefined;
  /** maskStack length at the loop's body: masks above it are inside the body. */
  readonly depth: number;
}

export function forStatement(t: Translation, node: A.ForStatement, labels: readonly string[]): void {
  scoped(t, () => {
    if (node.init) {
      if (node.init.type === 'VariableDeclaration') declaration(t, node.init);
      else t.emitter.temporaries(() => effect(t, node.init as A.Expression));
    }
    // Unrolled, or partly: the loop below goes on from the counter's value.
    if (unrolled(t, node)) return;
    const paramsName = t.frame.paramsName;
    const counted =
      paramsName !== undefined && lookup(t, paramsName) ? undefined : countedLoop(node, paramsName);
    if (counted) countedFor(t, node, counted);
    else maskedLoop(t, node, node.test ?? undefined, node.update ?? undefined, labels);
  });
}

/**
 * A loop under two masks: the lanes at the loop (restored after it) and
 * those still looping. A while or for loop tests first; a do-while runs
 * its body first and tests where a continue goes.
 */
export function maskedLoop(
  t: Translation,
  node: A.WhileStatement | A.ForStatement | A.DoWhileStatement,
  test: A.Expression | undefined,
  update: A.Expression | undefined,
  labels: readonly string[],
): void {
  t.hasLoop = true;
  t.known.clear();
  const doWhile = node.type === 'DoWhileStatement';
  const sinks = node.type === 'DoWhileStatement' ? new Map<A.Node, Sink>() : loopSinks(t, node);
  // Outside any branch, loop or helper, the lanes that leave it can trade
  // places with lanes of further elements that reach it (the
  // interpreter's Refill, native/program/blocks.h).
  const outermost = t.maskStack.length === 0 && t.frame.loops.length === 0;
  region(t, 2, { labels, loop: true, switch: false }, (looping) => {
    const exits: Forward[] = [];
    const loopTest = () =>
      t.emitter.temporaries(() => {
        exits.push(
          test
            ? t.emitter.forward('LoopTest', looping, expression(t, test).reg)
            : t.emitter.forward('JumpIfNone'),
        );
      });
    if (doWhile) exits.push(t.emitter.forward('JumpIfNone'));
    const top = t.emitter.here;
    if (outermost) t.emitter.emit('Refill', looping);
    if (!doWhile) loopTest();
    conditional(t, () => {
      t.frame.loops.push({ mask: looping, sinks, depth: t.maskStack.length });
      statement(t, node.body);
      t.frame.loops.pop();
      t.emitter.emit('MaskLoad', looping);
      if (update) t.emitter.temporaries(() => effect(t, update));
      if (doWhile) loopTest();
    });
    t.emitter.emit('Jump', top);
    for (const exit of exits) t.emitter.patch(exit);
  });
  t.known.clear();
  for (const sink of sinks.values()) completeSink(t, sink);
}

/** A loop every lane runs alike: no masks, lane 0's counter decides. */
function countedFor(t: Translation, node: A.ForStatement, counted: CountedLoop): void {
  t.hasLoop = true;
  t.known.clear();
  const counter = lookup(t, counted.counter) as Variable;
  const limit = expression(t, counted.limit);
  const [below, nextBelow, advance] = counted.inclusive
    ? (['JumpUnlessAtMost', 'JumpIfNextAtMost', 'AtMost'] as const)
    : (['JumpUnlessBelow', 'JumpIfNextBelow', 'Below'] as const);
  const top = t.emitter.here;
  const exit = t.emitter.forward(below, counter.reg, limit.reg);
  const body = (sinks: 'skip' | 'run' | 'guard') => {
    // Translated twice when the last iteration is peeled: what one
    // translation learnt of values does not hold where the other starts.
    t.known.clear();
    conditional(t, () => {
      t.frame.loops.push({
        mask: CURRENT,
        sinks: new Map(),
        depth: t.maskStack.length,
        counted: { counter: counter.reg, limit: limit.reg, loop: counted, sinks },
      });
      statement(t, node.body);
      t.frame.loops.pop();
    });
  };
  if (counted.bodyReadsCounter) {
    body('guard');
    // i += 1 on every lane, in place and unmasked: lane 0 must count even
    // when it does not run the loop (it is the lane that decides).
    t.emitter.emit('Add', counter.reg, counter.reg, t.emitter.constant(1), 0, IN_PLACE_WRITE);
    t.emitter.emit('Jump', top);
  } else if (counted.lastIterationOnly.size === 0) {
    const start = t.emitter.here;
    body('run');
    backEdge(t, advance, counter.reg, limit.reg, start, 0);
  } else {
    // The last iteration peeled off: the others skip the assignments that
    // only it needs, with no test per iteration.
    const toBody = t.emitter.forward(nextBelow, counter.reg, limit.reg);
    const toLast = t.emitter.forward('Jump');
    t.emitter.patch(toBody);
    const start = t.emitter.here;
    body('skip');
    backEdge(t, advance, counter.reg, limit.reg, start, 1);
    t.emitter.patch(toLast);
    body('run');
  }
  t.emitter.patch(exit);
  t.known.clear();
}

/**
 * A counted loop's back edge to `start`: Repeat when the body is
 * straight-line unmasked arithmetic that leaves the counter and the limit
 * alone (the interpreter then runs it in a tight loop), else Next.
 */
function backEdge(
  t: Translation,
  test: 'Below' | 'AtMost',
  counter: number,
  limit: number,
  start: number,
  ahead: number,
): void {
  const repeatable = t.emitter.repeatableFrom(start, counter, limit);
  t.emitter.emit(`${repeatable ? 'Repeat' : 'Next'}${test}`, counter, limit, start, ahead);
}

function loopSinks(t: Translation, loop: A.WhileStatement | A.ForStatement): Map<A.Node, Sink> {
  const sinks = new Map<A.Node, Sink>();
  for (const assignment of sinkableAssignments(loop)) {
    const variable = assignment.left.type === 'Identifier' ? lookup(t, assignment.left.name) : undefined;
    if (variable === undefined || variable.constant) continue; // rejected where it stands
    const flag = t.emitter.register();
    t.emitter.emit('Mov', flag, t.emitter.constant(0));
    sinks.set(assignment, { variable, value: assignment.right, flag, shadows: new Map() });
  }
  return sinks;
}

/** At the assignment: copy the operands, mark the lanes. */
export function recordSink(t: Translation, sink: Sink): void {
  for (const name of namesRead(sink.value)) {
    const variable = lookup(t, name);
    if (variable === undefined) continue; // a global or the input: unchanged
    if (t.uninitialised.has(variable)) reject(t.source, sink.value, `${name} before its initialisation`);
    // A table's constants do not change: it is its own copy.
    if (variable.table) {
      sink.shadows.set(name, variable);
      continue;
    }
    let shadow = sink.shadows.get(name);
    if (shadow === undefined) {
      shadow = { reg: t.emitter.register(), constant: true, declaration: variable.declaration };
      sink.shadows.set(name, shadow);
    }
    t.emitter.emit('MovMasked', shadow.reg, variable.reg);
  }
  t.emitter.emit('MovMasked', sink.flag, t.emitter.constant(1));
}

/** After the loop: the value of each lane's last assignment. */
function completeSink(t: Translation, sink: Sink): void {
  t.emitter.temporaries(() => {
    t.scopes.push(sink.shadows);
    const value = expression(t, sink.value);
    t.scopes.pop();
    const flag = { reg: sink.flag, type: NUM };
    assign(t, sink.variable, select(t, flag, value, read(t, sink.variable), value.type));
  });
}
