// One translation of a function's statements and expressions to program
// code (emitter.ts): scopes, static types, masks for control flow (and for
// operands with effects, effects.ts), loops (with loops.ts's analysis),
// Math calls (math.ts) and helpers, inlined at each call as functions of
// their own (Frame). Every construct is checked against the numeric subset
// as it is translated.
import type * as A from 'acorn';
import { alwaysReturns, type Effects, hoistedVars } from './effects';
import { Emitter, type Forward } from './emitter';
import { type CountedLoop, countedLoop, namesRead, sinkableAssignments } from './loops';
import {
  ARITHMETIC,
  COMPARISON,
  MATH_CONSTANTS,
  MATH_FUNCTIONS,
  MATH_REFUSALS,
  NUMBER_CONSTANTS,
} from './math';
import { describeNode, reject, rejection } from './rejection';
import { CURRENT, IN_PLACE_WRITE, INPUT, RESULT } from './spec';

/** What a throw statement throws: a string, or an Error or RangeError of a literal message. */
export interface ThrownMessage {
  readonly error: 'Error' | 'RangeError' | undefined;
  readonly text: string;
}

// Static types, as a bit set: a value may be any of those set. Booleans are
// held as 1 and 0 and undefined as NaN, which every operator of the subset
// treats as JavaScript does, except equality: === is compiled only between
// values of one known type, and == only between values that cannot be
// undefined, unless the types decide them; ??, typeof and Number.is* too.
const NUM = 1;
const BOOL = 2;
const UNDEF = 4;

interface Value {
  readonly reg: number;
  readonly type: number;
}

interface Variable {
  readonly reg: number;
  readonly constant: boolean;
  /** Its key in varTypes: a declaration node, or a helper parameter's at one call. */
  readonly declaration: object;
  /** A `var`: undefined until assigned, so reads before its first sure assignment may be undefined. */
  readonly hoisted?: boolean;
}

/** A function a call inlines (options.functions), parsed once per compile. */
export interface Helper {
  readonly name: string;
  readonly source: string;
  readonly node: A.ArrowFunctionExpression | A.FunctionExpression;
}

/** What every translation of one compile shares. */
export interface Context {
  readonly source: string;
  readonly names: ParameterNames;
  /** Types of variables, by declaration; joined across translations. */
  readonly varTypes: Map<object, number>;
  /** Keys of helper parameters' types, by call and parameter, the same in every pass. */
  readonly siteKeys: Map<A.Node, Map<A.Node, object>>;
  readonly helpers: ReadonlyMap<string, Helper>;
  readonly constants: ReadonlyMap<string, number>;
  readonly effects: Effects;
}

/** Where a break or continue goes: a loop, a switch or a labelled statement. */
interface Target {
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

/** One function being translated: the compiled one, or a helper inlined at a call. */
interface Frame {
  readonly source: string;
  /** Registers of the inputs' parameters, by name (none in a helper). */
  readonly inputs: Map<string, number>;
  readonly indexName: string | undefined;
  readonly paramsName: string | undefined;
  /** Index of its function scope in #scopes: lookups stop there. */
  readonly scopeBase: number;
  /** maskStack length at its entry: a return clears the masks above. */
  readonly depth: number;
  /** Where its returns write. */
  readonly result: number;
  returned: boolean;
  resultType: number;
  readonly loops: Loop[];
  readonly targets: Target[];
}

/** An assignment sunk out of its loop (see loops.ts). */
interface Sink {
  readonly variable: Variable;
  readonly value: A.Expression;
  /** 1 on lanes that ran the assignment. */
  readonly flag: number;
  /** Copies of the locals `value` reads, as they were at the assignment. */
  readonly shadows: Map<string, Variable>;
}

interface Loop {
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

/**
 * The function's parameters by role: its inputs' (one per input), then the
 * index's and the params object's, either absent. While compileProgram
 * probes which a trailing parameter is, it is given as both.
 */
export interface ParameterNames {
  readonly inputs: readonly string[];
  readonly index: string | undefined;
  readonly params: string | undefined;
}

/** One translation of a function; run until variable types are stable. */
export class Translation {
  readonly emitter = new Emitter();
  readonly #scopes: Map<string, Variable>[] = [];
  readonly #maskStack: number[] = [];
  readonly #uninitialised = new Set<Variable>();
  /** `var`s surely assigned on every lane that runs the code here. */
  #assigned = new Set<Variable>();
  /** Helpers being inlined, outermost first: a call to one of them is a cycle. */
  readonly #inlining: string[] = [];
  #frame: Frame;
  hasLoop = false;
  readonly params = new Set<string>();
  /** The messages of the throw statements, by the id their Throw op reports. */
  readonly messages: ThrownMessage[] = [];

  #index = 0;
  /** Whether the body reads the index parameter as a number. */
  indexRead = false;

  constructor(
    readonly context: Context,
    /** Whether equality operands' types are final and must be checked. */
    readonly checkTypes: boolean,
  ) {
    this.#frame = {
      source: context.source,
      inputs: new Map(),
      indexName: context.names.index,
      paramsName: context.names.params,
      scopeBase: 0,
      depth: 0,
      result: RESULT,
      returned: false,
      resultType: 0,
      loops: [],
      targets: [],
    };
  }

  get source(): string {
    return this.#frame.source;
  }

  function(node: A.ArrowFunctionExpression | A.FunctionExpression): void {
    const { body } = node;
    const { names } = this.context;
    const scope = new Map<string, Variable>();
    this.#scopes.push(scope);
    // Input 0 is the input register; the other inputs and the index are
    // read once per block, before the body.
    names.inputs.forEach((name, k) => {
      const reg = k === 0 ? INPUT : this.emitter.parameter();
      if (k > 0) this.emitter.emit('Input', reg, k);
      this.#frame.inputs.set(name, reg);
    });
    if (names.index !== undefined) {
      this.#index = this.emitter.parameter();
      this.emitter.emit('Index', this.#index);
    }
    const hoisted = hoistedVars(body);
    const writes = this.context.effects.writes(body);
    for (const param of node.params) {
      const { name } = param as A.Identifier;
      const reg = name === names.index ? this.#index : this.#frame.inputs.get(name);
      if (reg === undefined || !(hoisted.has(name) || writes.has(name))) continue;
      // Assigned: a variable that starts as the element (or the index).
      if (name === names.index) this.indexRead = true;
      const variable: Variable = { reg: this.emitter.register(), constant: false, declaration: param };
      this.emitter.emit('Mov', variable.reg, reg);
      this.#join(variable, NUM);
      scope.set(name, variable);
    }
    this.#hoist(body, scope);
    if (body.type === 'BlockStatement') {
      for (const statement of body.body) this.statement(statement);
      // Lanes that fall off the end return undefined: NaN.
      this.emitter.emit('MovMasked', RESULT, this.emitter.constant(Number.NaN));
    } else {
      this.emitter.temporaries(() => this.#return(this.expression(body)));
    }
  }

  /** The function's `var`s, undefined (NaN) on every lane at its start; one named as a parameter is the parameter. */
  #hoist(body: A.Node, scope: Map<string, Variable>): void {
    for (const [name, declarator] of hoistedVars(body)) {
      if (scope.has(name)) continue;
      if (name === this.#frame.paramsName)
        reject(this.source, declarator, 'a var named as the params object (rename the variable)');
      if (this.#reserved(name)) reject(this.source, declarator.id, `a variable that shadows ${name}`);
      const variable: Variable = {
        reg: this.emitter.register(),
        constant: false,
        declaration: declarator,
        hoisted: true,
      };
      this.emitter.emit('Mov', variable.reg, this.emitter.constant(Number.NaN));
      scope.set(name, variable);
    }
  }

  // --- statements ---

  statement(node: A.Statement | A.ModuleDeclaration): void {
    this.emitter.temporaries(() => this.#statement(node, []));
  }

  #statement(node: A.Statement | A.ModuleDeclaration, labels: readonly string[]): void {
    switch (node.type) {
      case 'ExpressionStatement':
        if ('directive' in node && typeof node.directive === 'string') return;
        this.#effect(node.expression);
        return;
      case 'VariableDeclaration':
        this.#declaration(node);
        return;
      case 'BlockStatement':
        this.#scoped(() => {
          for (const statement of node.body) this.statement(statement);
        });
        return;
      case 'EmptyStatement':
        return;
      case 'IfStatement':
        this.#if(node);
        return;
      case 'WhileStatement':
        this.#loop(node, node.test, undefined, labels);
        return;
      case 'DoWhileStatement':
        this.#loop(node, node.test, undefined, labels);
        return;
      case 'ForStatement':
        this.#for(node, labels);
        return;
      case 'SwitchStatement':
        this.#switch(node, labels);
        return;
      case 'LabeledStatement':
        this.#labelled(node);
        return;
      case 'ReturnStatement':
        this.#return(node.argument ? this.expression(node.argument) : undefined);
        return;
      case 'ThrowStatement':
        this.#throw(node);
        return;
      case 'BreakStatement':
      case 'ContinueStatement':
        this.#jump(node);
        return;
      case 'ForInStatement':
      case 'ForOfStatement':
        throw rejection(this.source, node, 'a for-in/of loop (only numeric for, while and do-while loops)');
      case 'FunctionDeclaration':
        throw rejection(this.source, node, 'a nested function (pass helpers in options.functions)');
      default:
        reject(this.source, node, `a ${describeNode(node.type)}`);
    }
  }

  #declaration(node: A.VariableDeclaration): void {
    if (node.kind === 'var') {
      // Hoisted at the function's start (#hoist): here it is an assignment.
      for (const declarator of node.declarations) {
        if (declarator.id.type !== 'Identifier')
          reject(this.source, declarator.id, 'a destructuring pattern');
        if (declarator.init) this.#assign(this.#assignable(declarator.id), this.expression(declarator.init));
      }
      return;
    }
    if (node.kind !== 'let' && node.kind !== 'const') {
      reject(this.source, node, `a ${node.kind} declaration (use let, const or var)`);
    }
    for (const declarator of node.declarations) {
      if (declarator.id.type !== 'Identifier') reject(this.source, declarator.id, 'a destructuring pattern');
      const name = declarator.id.name;
      const scope = this.#scopes.at(-1) as Map<string, Variable>;
      if (this.#reserved(name)) reject(this.source, declarator.id, `a variable that shadows ${name}`);
      // Before the initialiser: reading the name there is JavaScript's TDZ error.
      const variable: Variable = {
        reg: this.emitter.register(),
        constant: node.kind === 'const',
        declaration: declarator,
      };
      scope.set(name, variable);
      this.#uninitialised.add(variable);
      const value = declarator.init ? this.expression(declarator.init) : undefined;
      this.#uninitialised.delete(variable);
      this.#join(variable, value ? value.type : UNDEF);
      // A declaration writes every lane: a lane that did not run it cannot be
      // in the variable's scope later without running it first.
      this.emitter.emit('Mov', variable.reg, value ? value.reg : this.emitter.constant(Number.NaN));
    }
  }

  /** An expression statement: its value unused. */
  #effect(node: A.Expression): void {
    switch (node.type) {
      case 'SequenceExpression':
        for (const expression of node.expressions) this.#effect(expression);
        return;
      case 'AssignmentExpression': {
        const loop = this.#frame.loops.at(-1);
        const sink = loop?.sinks.get(node);
        if (sink) {
          this.#assignable(node.left);
          this.#recordSink(sink);
          return;
        }
        const counted = loop?.counted;
        let skip: number | undefined;
        if (counted?.loop.lastIterationOnly.has(node) && counted.sinks === 'skip') return;
        if (counted?.loop.lastIterationOnly.has(node) && counted.sinks === 'guard') {
          // Its value is dead until the loop ends, and it runs on every
          // iteration: only the last iteration's counts.
          skip = this.emitter.forward(
            counted.loop.inclusive ? 'JumpIfNextAtMost' : 'JumpIfNextBelow',
            counted.counter,
            counted.limit,
          );
        }
        this.#assignment(node);
        if (skip !== undefined) this.emitter.patch(skip);
        return;
      }
      case 'UpdateExpression':
        this.#update(node, false);
        return;
      default:
        this.expression(node);
    }
  }

  #assignable(node: A.Pattern | A.Expression): Variable {
    if (node.type !== 'Identifier')
      return reject(this.source, node, 'an assignment to something not a local');
    const variable = this.#lookup(node.name);
    if (variable === undefined) {
      if (node.name === this.#frame.paramsName)
        reject(this.source, node, 'an assignment to the params object');
      const what = this.context.constants.has(node.name) ? 'options.constants' : 'an outer variable';
      return reject(this.source, node, `an assignment to ${what} ${node.name}`);
    }
    if (this.#uninitialised.has(variable))
      reject(this.source, node, `${node.name} before its initialisation`);
    if (variable.constant) reject(this.source, node, 'an assignment to a const');
    return variable;
  }

  #assign(variable: Variable, value: Value): void {
    this.#join(variable, value.type);
    this.emitter.assign(variable.reg, value.reg, this.#fullMask());
    this.#assigned.add(variable);
  }

  /** `v = E` or `v op= E`: its value is v's new value. */
  #assignment(node: A.AssignmentExpression): Value {
    const variable = this.#assignable(node.left);
    let value: Value;
    if (node.operator === '=') value = this.expression(node.right);
    else {
      // The target is read before the right side runs.
      const current = this.#read(variable, node.left);
      value = this.#operate(node.operator.slice(0, -1), current, this.expression(node.right), node);
    }
    this.#assign(variable, value);
    return this.#passed(variable, value.type, node);
  }

  /** `++v`, `v--`...: a prefix's value is the new one, a postfix's the old one as a number. */
  #update(node: A.UpdateExpression, used: boolean): Value {
    const variable = this.#assignable(node.argument);
    const one = { reg: this.emitter.constant(1), type: NUM };
    const op = node.operator === '++' ? 'Add' : 'Sub';
    if (used && !node.prefix) {
      const old = this.emitter.temp();
      this.emitter.emit('Mov', old, variable.reg);
      this.#assign(variable, this.#binary(op, { reg: old, type: NUM }, one, NUM));
      return { reg: old, type: NUM };
    }
    this.#assign(variable, this.#binary(op, this.#read(variable), one, NUM));
    return this.#passed(variable, NUM, node);
  }

  /** A variable's register as an expression's value, or a copy where a later operand writes it (effects.ts). */
  #passed(variable: Variable, type: number, node: A.Node): Value {
    if (!this.context.effects.copied.has(node)) return { reg: variable.reg, type };
    const reg = this.emitter.temp();
    this.emitter.emit('Mov', reg, variable.reg);
    return { reg, type };
  }

  /** Runs `body`, then forgets the `var` assignments it made: they ran on some lanes only. */
  #conditional<T>(body: () => T): T {
    const assigned = new Set(this.#assigned);
    const result = body();
    this.#assigned = assigned;
    return result;
  }

  #if(node: A.IfStatement): void {
    const test = this.emitter.owned(this.expression(node.test).reg);
    const saved = this.emitter.mask();
    this.emitter.emit('MaskSave', saved);
    this.#maskStack.push(saved);
    this.emitter.emit('MaskAnd', saved, test);
    const skipThen = this.emitter.forward('JumpIfNone');
    this.#conditional(() => this.statement(node.consequent));
    this.emitter.patch(skipThen);
    const { alternate } = node;
    if (alternate) {
      this.emitter.emit('MaskAndNot', saved, test);
      const skipElse = this.emitter.forward('JumpIfNone');
      this.#conditional(() => this.statement(alternate));
      this.emitter.patch(skipElse);
    }
    this.#maskStack.pop();
    this.emitter.emit('MaskLoad', saved);
  }

  #for(node: A.ForStatement, labels: readonly string[]): void {
    this.#scoped(() => {
      if (node.init) {
        if (node.init.type === 'VariableDeclaration') this.#declaration(node.init);
        else this.emitter.temporaries(() => this.#effect(node.init as A.Expression));
      }
      const paramsName = this.#frame.paramsName;
      const counted =
        paramsName !== undefined && this.#lookup(paramsName) ? undefined : countedLoop(node, paramsName);
      if (counted) this.#countedLoop(node, counted);
      else this.#loop(node, node.test ?? undefined, node.update ?? undefined, labels);
    });
  }

  /**
   * A loop under two masks: the lanes at the loop (restored after it) and
   * those still looping. A while or for loop tests first; a do-while runs
   * its body first and tests where a continue goes.
   */
  #loop(
    node: A.WhileStatement | A.ForStatement | A.DoWhileStatement,
    test: A.Expression | undefined,
    update: A.Expression | undefined,
    labels: readonly string[],
  ): void {
    this.hasLoop = true;
    const doWhile = node.type === 'DoWhileStatement';
    const sinks = node.type === 'DoWhileStatement' ? new Map<A.Node, Sink>() : this.#sinks(node);
    // Outside any branch, loop or helper, the lanes that leave it can trade
    // places with lanes of further elements that reach it (the
    // interpreter's Refill, native/program/blocks.h).
    const outermost = this.#maskStack.length === 0 && this.#frame.loops.length === 0;
    this.#region(2, { labels, loop: true, switch: false }, (looping) => {
      const exits: Forward[] = [];
      const loopTest = () =>
        this.emitter.temporaries(() => {
          exits.push(
            test
              ? this.emitter.forward('LoopTest', looping, this.expression(test).reg)
              : this.emitter.forward('JumpIfNone'),
          );
        });
      if (doWhile) exits.push(this.emitter.forward('JumpIfNone'));
      const top = this.emitter.here;
      if (outermost) this.emitter.emit('Refill', looping);
      if (!doWhile) loopTest();
      this.#conditional(() => {
        this.#frame.loops.push({ mask: looping, sinks, depth: this.#maskStack.length });
        this.statement(node.body);
        this.#frame.loops.pop();
        this.emitter.emit('MaskLoad', looping);
        if (update) this.emitter.temporaries(() => this.#effect(update));
        if (doWhile) loopTest();
      });
      this.emitter.emit('Jump', top);
      for (const exit of exits) this.emitter.patch(exit);
    });
    for (const sink of sinks.values()) this.#completeSink(sink);
  }

  /**
   * Runs `body` under `count` masks saved from the current lanes, the first
   * restored after it, as the target of the jumps `target` describes; with
   * two, a break also clears the inner one (a loop's looping lanes, a
   * switch's live ones), which `body` gets.
   */
  #region(count: 1 | 2, target: Omit<Target, 'depth' | 'mask'>, body: (inner: number) => void): void {
    const masks = Array.from({ length: count }, () => this.emitter.mask());
    for (const mask of masks) this.emitter.emit('MaskSave', mask);
    this.#maskStack.push(...masks);
    const inner = masks[count - 1] as number;
    this.#frame.targets.push({
      ...target,
      depth: this.#maskStack.length,
      mask: count === 2 ? inner : undefined,
    });
    body(inner);
    this.#frame.targets.pop();
    this.#maskStack.length -= count;
    this.emitter.emit('MaskLoad', masks[0] as number);
  }

  /**
   * `switch` on strict equality: each lane starts at the first case whose
   * test equals the discriminant (else at `default`) and falls through until
   * a break. The tests run first, all of them (they may not have effects).
   */
  #switch(node: A.SwitchStatement, labels: readonly string[]): void {
    this.#scoped(() => {
      for (const clause of node.cases) {
        for (const statement of clause.consequent) {
          if (statement.type === 'VariableDeclaration' && statement.kind !== 'var')
            reject(
              this.source,
              statement,
              `a ${statement.kind} declaration directly in a case (wrap the case in a block)`,
            );
        }
      }
      const discriminant = this.expression(node.discriminant);
      const value = { reg: this.emitter.owned(discriminant.reg), type: discriminant.type };
      const zero = { reg: this.emitter.constant(0), type: BOOL };
      const one = this.emitter.constant(1);
      let unmatched: Value = { reg: one, type: BOOL };
      const starts = node.cases.map((clause) => {
        if (!clause.test) return undefined;
        if (this.context.effects.hasEffects(clause.test))
          reject(this.source, clause.test, 'a case test with effects (assignments or calls to helpers)');
        const test = this.expression(clause.test);
        this.#checkEquality(clause.test, '===', value, test);
        const match = this.#binary('Eq', value, test, BOOL);
        unmatched = this.#select(match, zero, unmatched, BOOL);
        return match;
      });
      const running = this.emitter.temp();
      this.emitter.emit('Mov', running, zero.reg);
      this.#region(2, { labels, loop: false, switch: true }, (live) => {
        node.cases.forEach((clause, k) => {
          this.emitter.emit('Select', running, (starts[k] ?? unmatched).reg, one, running);
          this.emitter.emit('MaskAnd', live, running);
          const skip = this.emitter.forward('JumpIfNone');
          this.#conditional(() => {
            for (const statement of clause.consequent) this.statement(statement);
          });
          this.emitter.patch(skip);
        });
      });
    });
  }

  /** `label: statement`: a labelled loop or switch, or a block that `break label` leaves. */
  #labelled(node: A.LabeledStatement): void {
    const labels: string[] = [];
    let body: A.Statement = node;
    while (body.type === 'LabeledStatement') {
      labels.push(body.label.name);
      body = body.body;
    }
    if (['WhileStatement', 'DoWhileStatement', 'ForStatement', 'SwitchStatement'].includes(body.type)) {
      this.#statement(body, labels);
      return;
    }
    const inner = body;
    this.#region(1, { labels, loop: false, switch: false }, () =>
      this.#conditional(() => this.statement(inner)),
    );
  }

  #jump(node: A.BreakStatement | A.ContinueStatement): void {
    const label = node.label?.name;
    const isBreak = node.type === 'BreakStatement';
    const target = [...this.#frame.targets]
      .reverse()
      .find((candidate) =>
        label !== undefined
          ? candidate.labels.includes(label)
          : candidate.loop || (isBreak && candidate.switch),
      );
    if (target === undefined || (!isBreak && !target.loop)) {
      reject(this.source, node, `a ${isBreak ? 'break' : 'continue'} outside a loop`);
    }
    this.#exit(target.depth, isBreak ? target.mask : undefined);
  }

  /** A loop every lane runs alike: no masks, lane 0's counter decides. */
  #countedLoop(node: A.ForStatement, counted: CountedLoop): void {
    this.hasLoop = true;
    const counter = this.#lookup(counted.counter) as Variable;
    const limit = this.expression(counted.limit);
    const [below, nextBelow, advance] = counted.inclusive
      ? (['JumpUnlessAtMost', 'JumpIfNextAtMost', 'AtMost'] as const)
      : (['JumpUnlessBelow', 'JumpIfNextBelow', 'Below'] as const);
    const top = this.emitter.here;
    const exit = this.emitter.forward(below, counter.reg, limit.reg);
    const body = (sinks: 'skip' | 'run' | 'guard') =>
      this.#conditional(() => {
        this.#frame.loops.push({
          mask: CURRENT,
          sinks: new Map(),
          depth: this.#maskStack.length,
          counted: { counter: counter.reg, limit: limit.reg, loop: counted, sinks },
        });
        this.statement(node.body);
        this.#frame.loops.pop();
      });
    if (counted.bodyReadsCounter) {
      body('guard');
      // i += 1 on every lane, in place and unmasked: lane 0 must count even
      // when it does not run the loop (it is the lane that decides).
      this.emitter.emit('Add', counter.reg, counter.reg, this.emitter.constant(1), 0, IN_PLACE_WRITE);
      this.emitter.emit('Jump', top);
    } else if (counted.lastIterationOnly.size === 0) {
      const start = this.emitter.here;
      body('run');
      this.#backEdge(advance, counter.reg, limit.reg, start, 0);
    } else {
      // The last iteration peeled off: the others skip the assignments that
      // only it needs, with no test per iteration.
      const toBody = this.emitter.forward(nextBelow, counter.reg, limit.reg);
      const toLast = this.emitter.forward('Jump');
      this.emitter.patch(toBody);
      const start = this.emitter.here;
      body('skip');
      this.#backEdge(advance, counter.reg, limit.reg, start, 1);
      this.emitter.patch(toLast);
      body('run');
    }
    this.emitter.patch(exit);
  }
  /**
   * A counted loop's back edge to `start`: Repeat when the body is
   * straight-line unmasked arithmetic that leaves the counter and the limit
   * alone (the interpreter then runs it in a tight loop), else Next.
   */
  #backEdge(test: 'Below' | 'AtMost', counter: number, limit: number, start: number, ahead: number): void {
    const repeatable = this.emitter.repeatableFrom(start, counter, limit);
    this.emitter.emit(`${repeatable ? 'Repeat' : 'Next'}${test}`, counter, limit, start, ahead);
  }

  #sinks(loop: A.WhileStatement | A.ForStatement): Map<A.Node, Sink> {
    const sinks = new Map<A.Node, Sink>();
    for (const assignment of sinkableAssignments(loop)) {
      const variable = assignment.left.type === 'Identifier' ? this.#lookup(assignment.left.name) : undefined;
      if (variable === undefined || variable.constant) continue; // rejected where it stands
      const flag = this.emitter.register();
      this.emitter.emit('Mov', flag, this.emitter.constant(0));
      sinks.set(assignment, { variable, value: assignment.right, flag, shadows: new Map() });
    }
    return sinks;
  }

  /** At the assignment: copy the operands, mark the lanes. */
  #recordSink(sink: Sink): void {
    for (const name of namesRead(sink.value)) {
      const variable = this.#lookup(name);
      if (variable === undefined) continue; // a global or the input: unchanged
      if (this.#uninitialised.has(variable))
        reject(this.source, sink.value, `${name} before its initialisation`);
      let shadow = sink.shadows.get(name);
      if (shadow === undefined) {
        shadow = { reg: this.emitter.register(), constant: true, declaration: variable.declaration };
        sink.shadows.set(name, shadow);
      }
      this.emitter.emit('MovMasked', shadow.reg, variable.reg);
    }
    this.emitter.emit('MovMasked', sink.flag, this.emitter.constant(1));
  }

  /** After the loop: the value of each lane's last assignment. */
  #completeSink(sink: Sink): void {
    this.emitter.temporaries(() => {
      this.#scopes.push(sink.shadows);
      const value = this.expression(sink.value);
      this.#scopes.pop();
      const flag = { reg: sink.flag, type: NUM };
      this.#assign(sink.variable, this.#select(flag, value, this.#read(sink.variable), value.type));
    });
  }

  #return(value: Value | undefined): void {
    const frame = this.#frame;
    this.emitter.emit('MovMasked', frame.result, value ? value.reg : this.emitter.constant(Number.NaN));
    frame.resultType |= value ? value.type : UNDEF;
    this.#exit(frame.depth, undefined);
    frame.returned = true;
  }

  /** The current lanes' elements throw: the lowest such element rejects the map. */
  #throw(node: A.ThrowStatement): void {
    const thrown = this.#thrownMessage(node.argument);
    let id = this.messages.findIndex((m) => m.error === thrown.error && m.text === thrown.text);
    if (id < 0) id = this.messages.push(thrown) - 1;
    this.emitter.emit('Throw', this.emitter.constant(id));
    this.#exit(0, undefined);
    this.#frame.returned = true;
  }

  #thrownMessage(node: A.Expression): ThrownMessage {
    if (node.type === 'Literal' && typeof node.value === 'string')
      return { error: undefined, text: node.value };
    if (
      node.type === 'NewExpression' &&
      node.callee.type === 'Identifier' &&
      (node.callee.name === 'Error' || node.callee.name === 'RangeError') &&
      !this.#lookup(node.callee.name)
    ) {
      const [text, ...rest] = node.arguments;
      if (rest.length === 0 && text === undefined) return { error: node.callee.name, text: '' };
      if (rest.length === 0 && text?.type === 'Literal' && typeof text.value === 'string')
        return { error: node.callee.name, text: text.value };
    }
    return reject(
      this.source,
      node,
      "a throw of other than a string literal, new Error('literal') or new RangeError('literal')",
    );
  }

  /** Takes the current lanes out of every mask above `depth` (and `also`). */
  #exit(depth: number, also: number | undefined): void {
    for (const mask of this.#maskStack.slice(depth)) this.emitter.emit('MaskClear', mask);
    if (also !== undefined && !this.#maskStack.slice(depth).includes(also))
      this.emitter.emit('MaskClear', also);
    this.emitter.emit('MaskClear', CURRENT);
  }

  /** Whether every lane is known to run the code here. */
  #fullMask(): boolean {
    return this.#maskStack.length === 0 && !this.#frame.returned;
  }

  // --- expressions ---

  expression(node: A.Expression | A.PrivateIdentifier | A.SpreadElement | A.Super): Value {
    switch (node.type) {
      case 'Literal':
        if (typeof node.value === 'number') return { reg: this.emitter.constant(node.value), type: NUM };
        if (typeof node.value === 'boolean')
          return { reg: this.emitter.constant(node.value ? 1 : 0), type: BOOL };
        return reject(this.source, node, 'a non-numeric literal');
      case 'Identifier':
        return this.#identifier(node);
      case 'MemberExpression':
        return this.#member(node);
      case 'UnaryExpression':
        return this.#unaryExpression(node);
      case 'BinaryExpression':
        return this.#binaryExpression(node);
      case 'LogicalExpression':
        return node.operator === '??' ? this.#nullish(node) : this.#logical(node);
      case 'ConditionalExpression':
        return this.#conditionalExpression(node);
      case 'CallExpression':
        return this.#call(node);
      case 'AssignmentExpression':
        return this.#assignment(node);
      case 'UpdateExpression':
        return this.#update(node, true);
      case 'SequenceExpression': {
        let value: Value | undefined;
        for (const expression of node.expressions) value = this.expression(expression);
        return value as Value;
      }
      case 'ThisExpression':
        return reject(this.source, node, '`this`');
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return reject(this.source, node, 'a nested function (pass helpers in options.functions)');
      case 'TemplateLiteral':
        return reject(this.source, node, 'a string');
      case 'ObjectExpression':
      case 'ArrayExpression':
        return reject(this.source, node, 'an object or array');
      case 'AwaitExpression':
      case 'YieldExpression':
        return reject(this.source, node, `an ${node.type === 'AwaitExpression' ? 'await' : 'yield'}`);
      default:
        return reject(this.source, node, `a ${describeNode(node.type)}`);
    }
  }

  #unaryExpression(node: A.UnaryExpression): Value {
    if (node.operator === 'typeof')
      return reject(
        this.source,
        node,
        "the operator typeof outside a comparison with a string (typeof x === 'number')",
      );
    const argument = this.expression(node.argument);
    if (node.operator === '-') return this.#unary('Neg', argument, NUM);
    if (node.operator === '+') return { reg: argument.reg, type: NUM };
    if (node.operator === '!') return this.#unary('Not', argument, BOOL);
    if (node.operator === '~') return this.#unary('BitNot', argument, NUM);
    if (node.operator === 'void') return { reg: this.emitter.constant(Number.NaN), type: UNDEF };
    return reject(this.source, node, `the operator ${node.operator}`);
  }

  /** Evaluates `body` on the lanes where `test` is truthy (or falsy, `negate`) when it has effects. */
  #onLanes(node: A.Node, test: number, negate: boolean, body: () => Value): Value {
    if (!this.context.effects.hasEffects(node)) return body();
    const saved = this.emitter.mask();
    this.emitter.emit('MaskSave', saved);
    this.#maskStack.push(saved);
    this.emitter.emit(negate ? 'MaskAndNot' : 'MaskAnd', saved, test);
    const skip = this.emitter.forward('JumpIfNone');
    const value = this.#conditional(body);
    this.emitter.patch(skip);
    this.#maskStack.pop();
    this.emitter.emit('MaskLoad', saved);
    return value;
  }

  /** `a && b`, `a || b`: an operand, as in JavaScript; b runs only where it decides. */
  #logical(node: A.LogicalExpression): Value {
    const left = this.expression(node.left);
    const test = this.context.effects.hasEffects(node.right) ? this.emitter.owned(left.reg) : left.reg;
    const right = this.#onLanes(node.right, test, node.operator === '||', () => this.expression(node.right));
    const kept = { reg: test, type: left.type };
    const type = left.type | right.type;
    return node.operator === '&&'
      ? this.#select(kept, right, kept, type)
      : this.#select(kept, kept, right, type);
  }

  #conditionalExpression(node: A.ConditionalExpression): Value {
    const value = this.expression(node.test);
    const effects =
      this.context.effects.hasEffects(node.consequent) || this.context.effects.hasEffects(node.alternate);
    const test = { reg: effects ? this.emitter.owned(value.reg) : value.reg, type: value.type };
    const consequent = this.#onLanes(node.consequent, test.reg, false, () =>
      this.expression(node.consequent),
    );
    const alternate = this.#onLanes(node.alternate, test.reg, true, () => this.expression(node.alternate));
    return this.#select(test, consequent, alternate, consequent.type | alternate.type);
  }

  /**
   * `a ?? b`, where a's type decides it on every lane: undefined is held as
   * NaN, so a value that may be either cannot be told apart.
   */
  #nullish(node: A.LogicalExpression): Value {
    const left = this.expression(node.left);
    if (left.type === UNDEF) return this.expression(node.right);
    if ((left.type & UNDEF) === 0) return left;
    if (this.checkTypes)
      reject(this.source, node, '?? on a value that may be undefined or not (give it one type)');
    const right = this.expression(node.right);
    return { reg: left.reg, type: left.type | right.type };
  }

  #identifier(node: A.Identifier): Value {
    const { name } = node;
    const variable = this.#lookup(name);
    if (variable && this.#uninitialised.has(variable))
      reject(this.source, node, `${name} before its initialisation`);
    if (variable) return this.#read(variable, node);
    const input = this.#frame.inputs.get(name);
    if (input !== undefined) return { reg: input, type: NUM };
    if (name === this.#frame.indexName) {
      this.indexRead = true;
      return { reg: this.#index, type: NUM };
    }
    if (name === 'Infinity' || name === 'NaN')
      return { reg: this.emitter.constant(globalThis[name]), type: NUM };
    if (name === 'undefined') return { reg: this.emitter.constant(Number.NaN), type: UNDEF };
    const constant = this.context.constants.get(name);
    if (constant !== undefined) return { reg: this.emitter.constant(constant), type: NUM };
    if (name === this.#frame.paramsName)
      return reject(this.source, node, `the params object (read its fields: ${name}.a)`);
    if (this.context.helpers.has(name))
      return reject(this.source, node, `the function ${name} as a value (only calls to it compile)`);
    return reject(
      this.source,
      node,
      `the outer variable or global ${name} (closures are not compiled: pass a number as options.constants.${name}, or a function as options.functions.${name})`,
    );
  }

  #lookup(name: string): Variable | undefined {
    for (let i = this.#scopes.length - 1; i >= this.#frame.scopeBase; i--) {
      const variable = this.#scopes[i]?.get(name);
      if (variable) return variable;
    }
    return undefined;
  }

  /** A variable's value; `node`, the read, copies it where effects.ts says a later operand writes it. */
  #read(variable: Variable, node?: A.Node): Value {
    let type = this.varTypes.get(variable.declaration) ?? 0;
    if (variable.hoisted && !this.#assigned.has(variable)) type |= UNDEF;
    return node ? this.#passed(variable, type, node) : { reg: variable.reg, type };
  }

  get varTypes(): Map<object, number> {
    return this.context.varTypes;
  }

  #member(node: A.MemberExpression): Value {
    const object = node.object;
    const property = node.property;
    if (object.type === 'ThisExpression') return reject(this.source, object, '`this`');
    if (node.computed || node.optional || object.type !== 'Identifier' || property.type !== 'Identifier') {
      return reject(this.source, node, 'a property access (only Math.*, Number.* and params fields)');
    }
    if (object.name === this.#frame.paramsName && !this.#lookup(object.name)) {
      this.params.add(property.name);
      return { reg: this.emitter.paramConstant(property.name), type: NUM };
    }
    const table: readonly string[] | undefined =
      object.name === 'Math' ? MATH_CONSTANTS : object.name === 'Number' ? NUMBER_CONSTANTS : undefined;
    if (table?.includes(property.name) && !this.#lookup(object.name)) {
      const value = (globalThis[object.name as 'Math' | 'Number'] as unknown as Record<string, number>)[
        property.name
      ] as number;
      return { reg: this.emitter.constant(value), type: NUM };
    }
    return reject(this.source, node, `the property ${object.name}.${property.name}`);
  }

  #call(node: A.CallExpression): Value {
    const callee = node.callee;
    if (!node.optional && callee.type === 'Identifier') return this.#callByName(node, callee.name);
    const member =
      callee.type === 'MemberExpression' &&
      !callee.computed &&
      !callee.optional &&
      !node.optional &&
      callee.object.type === 'Identifier' &&
      callee.property.type === 'Identifier'
        ? { object: callee.object.name, property: callee.property.name }
        : undefined;
    if (member?.object === 'Number' && NUMBER_PREDICATES.includes(member.property))
      return this.#predicate(node, `Number.${member.property}`);
    if (member?.object !== 'Math')
      return reject(
        this.source,
        node,
        'a call to a function other than Math.*, Number.is*, isNaN, isFinite and those in options.functions',
      );
    const name = member.property;
    const args = this.#arguments(node);
    if (name === 'min' || name === 'max') {
      const [first, ...rest] = args;
      if (first === undefined)
        return { reg: this.emitter.constant(name === 'min' ? Infinity : -Infinity), type: NUM };
      return rest.reduce((a, b) => this.#binary(name === 'min' ? 'Min' : 'Max', a, b, NUM), {
        reg: first.reg,
        type: NUM,
      });
    }
    const fn = MATH_FUNCTIONS[name];
    const refusal = MATH_REFUSALS[name];
    if (refusal !== undefined) return reject(this.source, node, refusal);
    if (fn === undefined) {
      return reject(
        this.source,
        node,
        `Math.${name} (${name in Math ? "not proven bit-identical to V8's" : 'no such Math function'}; numpool compiles Math.${Object.keys(MATH_FUNCTIONS).join(', Math.')}, Math.min, Math.max)`,
      );
    }
    if (args.length !== fn.arity) {
      reject(
        this.source,
        node,
        `Math.${name} with other than ${fn.arity === 1 ? 'one argument' : 'two arguments'}`,
      );
    }
    const [a, b] = args as [Value, Value];
    return fn.arity === 1 ? this.#unary(fn.op, a, NUM) : this.#binary(fn.op, a, b, NUM);
  }

  #arguments(node: A.CallExpression): Value[] {
    return node.arguments.map((argument) =>
      argument.type === 'SpreadElement'
        ? reject(this.source, argument, 'a spread argument')
        : this.expression(argument),
    );
  }

  #callByName(node: A.CallExpression, name: string): Value {
    if (this.#lookup(name)) return reject(this.source, node, `a call to the local ${name} (a number)`);
    const helper = this.context.helpers.get(name);
    if (helper) return this.#inline(node, helper);
    if (name === 'isNaN' || name === 'isFinite') return this.#predicate(node, name);
    return reject(
      this.source,
      node,
      `a call to ${name} (a function outside Math: pass it as options.functions.${name} to inline it)`,
    );
  }

  /**
   * isNaN, isFinite and Number.isNaN/isFinite/isInteger/isSafeInteger on
   * their first argument. The Number ones do not convert: only a number can
   * pass, so they need a value known to be a number, or known not to be.
   */
  #predicate(node: A.CallExpression, name: string): Value {
    const [given] = this.#arguments(node);
    const value = given ?? { reg: this.emitter.constant(Number.NaN), type: UNDEF };
    const no = { reg: this.emitter.constant(0), type: BOOL };
    if (name.startsWith('Number.')) {
      if (value.type !== 0 && (value.type & NUM) === 0) return no;
      if (value.type !== NUM && value.type !== 0 && this.checkTypes)
        reject(this.source, node, `${name} of a value that may be a number or not (give it one type)`);
    }
    const zero = { reg: this.emitter.constant(0), type: NUM };
    // a - b is NaN where either is NaN or both are the same Infinity: x - x
    // is 0 exactly for finite x, trunc(x) - x exactly for finite integers.
    const zeroDifference = (a: Value, b: Value) =>
      this.#binary('Eq', this.#binary('Sub', a, b, NUM), zero, BOOL);
    switch (name) {
      case 'isNaN':
      case 'Number.isNaN':
        return this.#binary('Ne', value, value, BOOL);
      case 'isFinite':
      case 'Number.isFinite':
        return zeroDifference(value, value);
      default: {
        const integer = zeroDifference(this.#unary('Trunc', value, NUM), value);
        if (name === 'Number.isInteger') return integer;
        const max = { reg: this.emitter.constant(Number.MAX_SAFE_INTEGER), type: NUM };
        const safe = this.#binary('Le', this.#unary('Abs', value, NUM), max, BOOL);
        return this.#select(integer, safe, integer, BOOL);
      }
    }
  }

  /**
   * A call to a helper, inlined: the arguments in order, each bound to a
   * fresh register of its parameter (missing ones undefined), then its body
   * as a function of its own, whose returns write the call's value.
   */
  #inline(node: A.CallExpression, helper: Helper): Value {
    const chain = this.#inlining;
    if (chain.includes(helper.name)) {
      const cycle = [...chain.slice(chain.indexOf(helper.name)), helper.name].join(' -> ');
      return reject(this.source, node, `a recursive call, ${cycle} (helpers are inlined: no call cycles)`);
    }
    const fn = helper.node;
    const params = fn.params.map((param) =>
      param.type === 'Identifier' && !this.#reserved(param.name)
        ? param
        : reject(helper.source, param, 'a parameter pattern or reserved name (use plain names)'),
    );
    const bound = new Map<string, Variable>();
    const written = this.context.effects.writes(fn.body);
    const bind = (k: number, value: Value) => {
      const param = params[k];
      if (param === undefined) return;
      // A parameter the helper never assigns reads the argument's register.
      const reg = written.has(param.name) ? this.emitter.register() : value.reg;
      const variable: Variable = { reg, constant: false, declaration: this.#siteKey(node, param) };
      if (reg !== value.reg) this.emitter.emit('Mov', reg, value.reg);
      this.#join(variable, value.type);
      bound.set(param.name, variable);
    };
    node.arguments.forEach((argument, k) => {
      if (argument.type === 'SpreadElement') reject(this.source, argument, 'a spread argument');
      bind(k, this.expression(argument));
    });
    for (let k = node.arguments.length; k < params.length; k++)
      bind(k, { reg: this.emitter.constant(Number.NaN), type: UNDEF });
    const { body } = fn;
    // An expression body has no return to mask: its value is the call's.
    const block = body.type === 'BlockStatement';
    const result = block ? this.emitter.register() : RESULT;
    const saved = block ? this.emitter.mask() : CURRENT;
    if (block) {
      this.emitter.emit('Mov', result, this.emitter.constant(Number.NaN));
      this.emitter.emit('MaskSave', saved);
      this.#maskStack.push(saved);
    }
    const outer = this.#frame;
    const frame: Frame = {
      source: helper.source,
      inputs: new Map(),
      indexName: undefined,
      paramsName: undefined,
      scopeBase: this.#scopes.length,
      depth: this.#maskStack.length,
      result,
      returned: false,
      resultType: 0,
      loops: [],
      targets: [],
    };
    this.#frame = frame;
    this.#scopes.push(bound);
    chain.push(helper.name);
    let value: Value;
    try {
      if (body.type === 'BlockStatement') {
        this.#hoist(body, bound);
        for (const statement of body.body) this.statement(statement);
        if (!alwaysReturns(body)) frame.resultType |= UNDEF;
        value = { reg: result, type: frame.resultType };
      } else value = this.expression(body);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      throw new TypeError(`${error.message} (in options.functions.${helper.name})`, { cause: error });
    }
    chain.pop();
    this.#scopes.length = frame.scopeBase;
    this.#frame = outer;
    if (block) {
      this.#maskStack.pop();
      this.emitter.emit('MaskLoad', saved);
    }
    return value;
  }

  /** The key of a helper parameter's type at one call: each call binds its own argument types. */
  #siteKey(call: A.CallExpression, param: A.Identifier): object {
    let keys = this.context.siteKeys.get(call);
    if (keys === undefined) {
      keys = new Map();
      this.context.siteKeys.set(call, keys);
    }
    let key = keys.get(param);
    if (key === undefined) {
      key = { param: param.name };
      keys.set(param, key);
    }
    return key;
  }

  #binaryExpression(node: A.BinaryExpression): Value {
    if (node.left.type === 'PrivateIdentifier') return reject(this.source, node, 'a private name');
    const typeofTest =
      this.#typeofTest(node, node.left, node.right) ?? this.#typeofTest(node, node.right, node.left);
    if (typeofTest) return typeofTest;
    const left = this.expression(node.left);
    const right = this.expression(node.right);
    return this.#operate(node.operator, left, right, node);
  }

  /**
   * `typeof a === 'number'` (or ==, !==, !=, either way round), folded: a's
   * type is known at compile time. a is still evaluated, for its effects.
   */
  #typeofTest(node: A.BinaryExpression, operand: A.Node, other: A.Node): Value | undefined {
    if (
      !['===', '==', '!==', '!='].includes(node.operator) ||
      operand.type !== 'UnaryExpression' ||
      (operand as A.UnaryExpression).operator !== 'typeof' ||
      other.type !== 'Literal' ||
      typeof (other as A.Literal).value !== 'string'
    )
      return undefined;
    const argument = (operand as A.UnaryExpression).argument;
    let name: string;
    if (
      argument.type === 'Identifier' &&
      !this.#lookup(argument.name) &&
      this.context.helpers.has(argument.name)
    )
      name = 'function';
    else {
      const { type } = this.expression(argument);
      const names: Record<number, string> = {
        [NUM]: 'number',
        [BOOL]: 'boolean',
        [UNDEF]: 'undefined',
        0: 'number',
      };
      const known = names[type];
      if (known === undefined) {
        if (this.checkTypes)
          reject(
            this.source,
            operand,
            'typeof of a value whose type is not known at compile time (give it one type)',
          );
        name = 'number';
      } else name = known;
    }
    const equal = name === (other as A.Literal).value;
    return { reg: this.emitter.constant(equal === node.operator.startsWith('=') ? 1 : 0), type: BOOL };
  }

  /** `left operator right` for a binary or compound-assignment operator. */
  #operate(operator: string, left: Value, right: Value, node: A.Node): Value {
    const arithmetic = ARITHMETIC[operator];
    if (arithmetic) return this.#binary(arithmetic, left, right, NUM);
    const comparison = COMPARISON[operator];
    if (comparison === undefined) {
      const refusal = operator === '**' ? MATH_REFUSALS.pow : undefined;
      return reject(
        this.source,
        node,
        refusal ? `the operator ** as ${refusal}` : `the operator ${operator}`,
      );
    }
    if (comparison === 'Eq' || comparison === 'Ne') {
      const known = this.#knownEquality(operator, left, right);
      if (known !== undefined)
        return { reg: this.emitter.constant(known === (comparison === 'Eq') ? 1 : 0), type: BOOL };
      this.#checkEquality(node, operator, left, right);
    }
    return this.#binary(comparison, left, right, BOOL);
  }

  /**
   * Equality decided by the operands' types alone: undefined equals only
   * undefined (== and ===), and === is false between values of two
   * different known types.
   */
  #knownEquality(operator: string, left: Value, right: Value): boolean | undefined {
    if (left.type === 0 || right.type === 0) return undefined;
    if (left.type === UNDEF && right.type === UNDEF) return true;
    if (left.type === UNDEF || right.type === UNDEF) {
      return (left.type & right.type) === 0 ? false : undefined;
    }
    const single = (type: number) => type === NUM || type === BOOL;
    if (operator.length === 3 && single(left.type) && single(right.type) && left.type !== right.type)
      return false;
    return undefined;
  }

  /** === only between values of one known type, == only between values that cannot be undefined. */
  #checkEquality(node: A.Node, operator: string, left: Value, right: Value): void {
    if (!this.checkTypes) return;
    const strict = operator.length === 3;
    const same = left.type === right.type && (left.type === NUM || left.type === BOOL);
    const defined = ((left.type | right.type) & UNDEF) === 0;
    if (strict ? !same : !defined) {
      reject(
        this.source,
        node,
        `${operator} between values that may be ${strict ? 'of different types' : 'undefined'}`,
      );
    }
  }

  #unary(name: string, a: Value, type: number): Value {
    const reg = this.emitter.temp();
    this.emitter.emit(name, reg, a.reg);
    return { reg, type };
  }

  #binary(name: string, a: Value, b: Value, type: number): Value {
    const reg = this.emitter.temp();
    this.emitter.emit(name, reg, a.reg, b.reg);
    return { reg, type };
  }

  #select(test: Value, yes: Value, no: Value, type: number): Value {
    const reg = this.emitter.temp();
    this.emitter.emit('Select', reg, test.reg, yes.reg, no.reg);
    return { reg, type };
  }

  // --- scopes and types ---

  #scoped(body: () => void): void {
    this.#scopes.push(new Map());
    body();
    this.#scopes.pop();
  }
  #reserved(name: string): boolean {
    return RESERVED.includes(name);
  }
  #join(variable: Variable, type: number): void {
    this.varTypes.set(variable.declaration, (this.varTypes.get(variable.declaration) ?? 0) | type);
  }
}

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

const NUMBER_PREDICATES: readonly string[] = ['isNaN', 'isFinite', 'isInteger', 'isSafeInteger'];
