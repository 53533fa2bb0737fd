// One translation of a function's statements and expressions to program
// code (emitter.ts): scopes, static types, masks for control flow, loops
// (with loops.ts's analysis) and Math calls (math.ts). Every construct is
// checked against the numeric subset as it is translated.
import type * as A from 'acorn';
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

// Static types, as a bit set: a value may be any of those set. Booleans are
// held as 1 and 0 and undefined as NaN, which every operator of the subset
// treats as JavaScript does, except equality: === is compiled only between
// values of one known type, and == only between values that cannot be
// undefined.
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
  readonly declaration: A.Node;
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
  readonly #loops: Loop[] = [];
  readonly #uninitialised = new Set<Variable>();
  #returned = false;
  hasLoop = false;
  readonly params = new Set<string>();

  /** Registers of the inputs' parameters, by name. */
  readonly #inputs = new Map<string, number>();
  #index = 0;
  /** Whether the body reads the index parameter as a number. */
  indexRead = false;

  constructor(
    readonly source: string,
    readonly names: ParameterNames,
    /** Types of variables, by declaration; joined across translations. */
    readonly varTypes: Map<A.Node, number>,
    /** Whether equality operands' types are final and must be checked. */
    readonly checkTypes: boolean,
  ) {}

  get paramsName(): string | undefined {
    return this.names.params;
  }

  function(body: A.Expression | A.BlockStatement): void {
    // Input 0 is the input register; the other inputs and the index are
    // read once per block, before the body.
    this.names.inputs.forEach((name, k) => {
      const reg = k === 0 ? INPUT : this.emitter.parameter();
      if (k > 0) this.emitter.emit('Input', reg, k);
      this.#inputs.set(name, reg);
    });
    if (this.names.index !== undefined) {
      this.#index = this.emitter.parameter();
      this.emitter.emit('Index', this.#index);
    }
    this.#scopes.push(new Map());
    if (body.type === 'BlockStatement') {
      for (const statement of body.body) this.statement(statement);
      // Lanes that fall off the end return undefined: NaN.
      this.emitter.emit('MovMasked', RESULT, this.emitter.constant(Number.NaN));
    } else {
      this.emitter.temporaries(() => this.#return(this.expression(body)));
    }
  }

  // --- statements ---

  statement(node: A.Statement | A.ModuleDeclaration): void {
    this.emitter.temporaries(() => this.#statement(node));
  }

  #statement(node: A.Statement | A.ModuleDeclaration): void {
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
        this.#loop(node, node.test, undefined);
        return;
      case 'ForStatement':
        this.#scoped(() => {
          if (node.init) {
            if (node.init.type === 'VariableDeclaration') this.#declaration(node.init);
            else this.#effect(node.init);
          }
          const counted = this.#lookup(this.paramsName ?? '')
            ? undefined
            : countedLoop(node, this.paramsName);
          if (counted) this.#countedLoop(node, counted);
          else this.#loop(node, node.test ?? undefined, node.update ?? undefined);
        });
        return;
      case 'ReturnStatement':
        this.#return(node.argument ? this.expression(node.argument) : undefined);
        return;
      case 'BreakStatement':
      case 'ContinueStatement': {
        if (node.label) reject(this.source, node, 'a labelled jump');
        const loop = this.#loops.at(-1);
        if (loop === undefined) reject(this.source, node, `${node.type} outside a loop`);
        this.#exit(loop.depth, node.type === 'BreakStatement' ? loop.mask : undefined);
        return;
      }
      case 'ForInStatement':
      case 'ForOfStatement':
        throw rejection(this.source, node, 'a for-in/of loop (only numeric for and while loops)');
      case 'DoWhileStatement':
        throw rejection(this.source, node, 'a do-while loop (use while)');
      case 'FunctionDeclaration':
        throw rejection(this.source, node, 'a nested function');
      default:
        reject(this.source, node, `a ${describeNode(node.type)}`);
    }
  }

  #declaration(node: A.VariableDeclaration): void {
    if (node.kind !== 'let' && node.kind !== 'const') {
      reject(this.source, node, `a ${node.kind} declaration (use let or const)`);
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

  /** An expression statement: assignments and updates only. */
  #effect(node: A.Expression): void {
    switch (node.type) {
      case 'SequenceExpression':
        for (const expression of node.expressions) this.#effect(expression);
        return;
      case 'AssignmentExpression': {
        const variable = this.#assignable(node.left);
        const loop = this.#loops.at(-1);
        const sink = loop?.sinks.get(node);
        if (sink) {
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
        let value: Value;
        if (node.operator === '=') value = this.expression(node.right);
        else {
          const name = ARITHMETIC[node.operator.slice(0, -1)];
          if (name === undefined) reject(this.source, node, `the operator ${node.operator}`);
          value = this.#binary(name, this.#read(variable), this.expression(node.right), NUM);
        }
        this.#assign(variable, value);
        if (skip !== undefined) this.emitter.patch(skip);
        return;
      }
      case 'UpdateExpression': {
        const variable = this.#assignable(node.argument);
        const one = { reg: this.emitter.constant(1), type: NUM };
        this.#assign(
          variable,
          this.#binary(node.operator === '++' ? 'Add' : 'Sub', this.#read(variable), one, NUM),
        );
        return;
      }
      default:
        reject(this.source, node, 'an expression statement without effect (only assignments)');
    }
  }

  #assignable(node: A.Pattern | A.Expression): Variable {
    if (node.type !== 'Identifier')
      return reject(this.source, node, 'an assignment to something not a local');
    if (this.#inputs.has(node.name) || node.name === this.names.index || node.name === this.paramsName) {
      reject(this.source, node, 'an assignment to a parameter');
    }
    const variable = this.#lookup(node.name);
    if (variable === undefined) return reject(this.source, node, 'an assignment to an outer variable');
    if (variable.constant) reject(this.source, node, 'an assignment to a const');
    return variable;
  }

  #assign(variable: Variable, value: Value): void {
    this.#join(variable, value.type);
    this.emitter.assign(variable.reg, value.reg, this.#fullMask());
  }

  #if(node: A.IfStatement): void {
    const test = this.emitter.owned(this.expression(node.test).reg);
    const saved = this.emitter.mask();
    this.emitter.emit('MaskSave', saved);
    this.#maskStack.push(saved);
    this.emitter.emit('MaskAnd', saved, test);
    const skipThen = this.emitter.forward('JumpIfNone');
    this.statement(node.consequent);
    this.emitter.patch(skipThen);
    if (node.alternate) {
      this.emitter.emit('MaskAndNot', saved, test);
      const skipElse = this.emitter.forward('JumpIfNone');
      this.statement(node.alternate);
      this.emitter.patch(skipElse);
    }
    this.#maskStack.pop();
    this.emitter.emit('MaskLoad', saved);
  }

  #loop(
    node: A.WhileStatement | A.ForStatement,
    test: A.Expression | undefined,
    update: A.Expression | undefined,
  ): void {
    this.hasLoop = true;
    const sinks = this.#sinks(node);
    const entry = this.emitter.mask();
    const looping = this.emitter.mask();
    this.emitter.emit('MaskSave', entry);
    this.emitter.emit('MaskSave', looping);
    this.#maskStack.push(entry, looping);
    const top = this.emitter.here;
    let exit: Forward = 0;
    this.emitter.temporaries(() => {
      if (test) {
        exit = this.emitter.forward('LoopTest', looping, this.expression(test).reg);
      } else exit = this.emitter.forward('JumpIfNone');
    });
    this.#loops.push({ mask: looping, sinks, depth: this.#maskStack.length });
    this.statement(node.body);
    this.#loops.pop();
    this.emitter.emit('MaskLoad', looping);
    if (update) this.emitter.temporaries(() => this.#effect(update));
    this.emitter.emit('Jump', top);
    this.emitter.patch(exit);
    this.#maskStack.pop();
    this.#maskStack.pop();
    this.emitter.emit('MaskLoad', entry);
    for (const sink of sinks.values()) this.#completeSink(sink);
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
    const body = (sinks: 'skip' | 'run' | 'guard') => {
      this.#loops.push({
        mask: CURRENT,
        sinks: new Map(),
        depth: this.#maskStack.length,
        counted: { counter: counter.reg, limit: limit.reg, loop: counted, sinks },
      });
      this.statement(node.body);
      this.#loops.pop();
    };
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
    this.emitter.emit('MovMasked', RESULT, value ? value.reg : this.emitter.constant(Number.NaN));
    this.#exit(0, undefined);
    this.#returned = true;
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
    return this.#maskStack.length === 0 && !this.#returned;
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
      case 'UnaryExpression': {
        const argument = this.expression(node.argument);
        if (node.operator === '-') return this.#unary('Neg', argument, NUM);
        if (node.operator === '+') return { reg: argument.reg, type: NUM };
        if (node.operator === '!') return this.#unary('Not', argument, BOOL);
        return reject(this.source, node, `the operator ${node.operator}`);
      }
      case 'BinaryExpression':
        return this.#binaryExpression(node);
      case 'LogicalExpression': {
        if (node.operator === '??') reject(this.source, node, 'the operator ??');
        const left = this.expression(node.left);
        const right = this.expression(node.right);
        const type = left.type | right.type;
        return node.operator === '&&'
          ? this.#select(left, right, left, type)
          : this.#select(left, left, right, type);
      }
      case 'ConditionalExpression': {
        const test = this.expression(node.test);
        const consequent = this.expression(node.consequent);
        const alternate = this.expression(node.alternate);
        return this.#select(test, consequent, alternate, consequent.type | alternate.type);
      }
      case 'CallExpression':
        return this.#call(node);
      case 'AssignmentExpression':
      case 'UpdateExpression':
        return reject(this.source, node, 'an assignment inside an expression');
      case 'ThisExpression':
        return reject(this.source, node, '`this`');
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return reject(this.source, node, 'a nested function');
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

  #identifier(node: A.Identifier): Value {
    const { name } = node;
    const variable = this.#lookup(name);
    if (variable && this.#uninitialised.has(variable))
      reject(this.source, node, `${name} before its initialisation`);
    if (variable) return this.#read(variable);
    const input = this.#inputs.get(name);
    if (input !== undefined) return { reg: input, type: NUM };
    if (name === this.names.index) {
      this.indexRead = true;
      return { reg: this.#index, type: NUM };
    }
    if (name === 'Infinity' || name === 'NaN')
      return { reg: this.emitter.constant(globalThis[name]), type: NUM };
    if (name === this.paramsName)
      return reject(this.source, node, `the params object (read its fields: ${name}.a)`);
    return reject(this.source, node, `the outer variable or global ${name} (closures are not compiled)`);
  }

  #lookup(name: string): Variable | undefined {
    for (let i = this.#scopes.length - 1; i >= 0; i--) {
      const variable = this.#scopes[i]?.get(name);
      if (variable) return variable;
    }
    return undefined;
  }

  #read(variable: Variable): Value {
    return { reg: variable.reg, type: this.varTypes.get(variable.declaration) ?? 0 };
  }

  #member(node: A.MemberExpression): Value {
    const object = node.object;
    const property = node.property;
    if (object.type === 'ThisExpression') return reject(this.source, object, '`this`');
    if (node.computed || node.optional || object.type !== 'Identifier' || property.type !== 'Identifier') {
      return reject(this.source, node, 'a property access (only Math.*, Number.* and params fields)');
    }
    if (object.name === this.paramsName && !this.#lookup(object.name)) {
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
    const name =
      callee.type === 'MemberExpression' &&
      !callee.computed &&
      !callee.optional &&
      !node.optional &&
      callee.object.type === 'Identifier' &&
      callee.object.name === 'Math' &&
      !this.#lookup('Math') &&
      callee.property.type === 'Identifier'
        ? callee.property.name
        : undefined;
    if (name === undefined) return reject(this.source, node, 'a call to a function other than Math.*');
    const args = node.arguments.map((argument) => this.expression(argument));
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

  #binaryExpression(node: A.BinaryExpression): Value {
    if (node.left.type === 'PrivateIdentifier') return reject(this.source, node, 'a private name');
    const left = this.expression(node.left);
    const right = this.expression(node.right);
    const arithmetic = ARITHMETIC[node.operator];
    if (arithmetic) return this.#binary(arithmetic, left, right, NUM);
    const comparison = COMPARISON[node.operator];
    if (comparison === undefined) {
      const refusal = node.operator === '**' ? MATH_REFUSALS.pow : undefined;
      return reject(
        this.source,
        node,
        refusal ? `the operator ** as ${refusal}` : `the operator ${node.operator}`,
      );
    }
    if (this.checkTypes && (comparison === 'Eq' || comparison === 'Ne')) {
      const strict = node.operator.length === 3;
      const same = left.type === right.type && (left.type === NUM || left.type === BOOL);
      const defined = ((left.type | right.type) & UNDEF) === 0;
      if (strict ? !same : !defined) {
        reject(
          this.source,
          node,
          `${node.operator} between values that may be ${strict ? 'of different types' : 'undefined'}`,
        );
      }
    }
    return this.#binary(comparison, left, right, BOOL);
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
    return (
      name === 'Math' || name === 'Number' || name === 'Infinity' || name === 'NaN' || name === 'undefined'
    );
  }
  #join(variable: Variable, type: number): void {
    this.varTypes.set(variable.declaration, (this.varTypes.get(variable.declaration) ?? 0) | type);
  }
}
