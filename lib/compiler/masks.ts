// Lanes under masks: code run on some lanes only (operands with effects,
// branches, and the `var` assignments they make), regions that break and
// continue leave, and taking lanes out of the masks when they jump, return
// or throw.
import type * as A from 'acorn';
import { CURRENT } from './spec';
import type { Value } from './static-types';
import type { Translation } from './translation';

/** Where a break or continue goes: a loop, a switch or a labelled statement. */
export interface Target {
  readonly labels: readonly string[];
  /** A loop: continue goes to it, and so does a break without a label. */
  readonly loop: boolean;
  /** A switch: a break without a label goes to it. */
  readonly switch: boolean;
  /** maskStack length inside it: a jump clears the masks above. */
  readonly depth: number;
  /** What a break clears besides: a loop's looping lanes, a switch's live ones. */
  readonly mask: number | undefined;
}

/** Runs `body`, then forgets the `var` assignments it made: they ran on some lanes only. */
export function conditional<T>(t: Translation, body: () => T): T {
  const assigned = new Set(t.assigned);
  const result = body();
  t.assigned = assigned;
  return result;
}

/** Evaluates `body` on the lanes where `test` is truthy (or falsy, `negate`) when it has effects. */
export function onLanes(
  t: Translation,
  node: A.Node,
  test: number,
  negate: boolean,
  body: () => Value,
): Value {
  if (!t.context.effects.hasEffects(node)) return body();
  const saved = t.emitter.mask();
  t.emitter.emit('MaskSave', saved);
  t.maskStack.push(saved);
  t.emitter.emit(negate ? 'MaskAndNot' : 'MaskAnd', saved, test);
  const skip = t.emitter.forward('JumpIfNone');
  const value = conditional(t, body);
  t.emitter.patch(skip);
  t.maskStack.pop();
  t.emitter.emit('MaskLoad', saved);
  return value;
}

/**
 * Runs `body` under `count` masks saved from the current lanes, the first
 * restored after it, as the target of the jumps `target` describes; with
 * two, a break also clears the inner one (a loop's looping lanes, a
 * switch's live ones), which `body` gets.
 */
export function region(
  t: Translation,
  count: 1 | 2,
  target: Omit<Target, 'depth' | 'mask'>,
  body: (inner: number) => void,
): void {
  const masks = Array.from({ length: count }, () => t.emitter.mask());
  for (const mask of masks) t.emitter.emit('MaskSave', mask);
  t.maskStack.push(...masks);
  const inner = masks[count - 1] as number;
  t.frame.targets.push({
    ...target,
    depth: t.maskStack.length,
    mask: count === 2 ? inner : undefined,
  });
  body(inner);
  t.frame.targets.pop();
  t.maskStack.length -= count;
  t.emitter.emit('MaskLoad', masks[0] as number);
}

/** Takes the current lanes out of every mask above `depth` (and `also`). */
export function exit(t: Translation, depth: number, also: number | undefined): void {
  for (const mask of t.maskStack.slice(depth)) t.emitter.emit('MaskClear', mask);
  if (also !== undefined && !t.maskStack.slice(depth).includes(also)) t.emitter.emit('MaskClear', also);
  t.emitter.emit('MaskClear', CURRENT);
}

/** Whether every lane is known to run the code here. */
export function fullMask(t: Translation): boolean {
  return t.maskStack.length === 0 && !t.frame.returned;
}
