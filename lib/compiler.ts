// Compiles a numeric JavaScript function to a program for the native
// interpreter (native/program/program.h): acorn parses fn.toString(); every
// construct is checked against the numeric subset as it is translated, and
// anything outside it is a TypeError naming the construct and its position.
// The program computes, for every element x, Number(fn(x, params)) bit for
// bit; lanes run in lockstep under masks, so control flow becomes mask
// operations and every expression is evaluated branch-free.
import type * as A from 'acorn';
import { parseExpressionAt } from 'acorn';
import { native } from './native';
import { type CountedLoop, countedLoop, namesRead, sinkableAssignments } from './sinking';

const OP_NAMES = native.programOps();
const op = Object.fromEntries(OP_NAMES.map((name, index) => [name, index])) as Record<string, number>;
const WORDS = 5;
const INPUT = 0;
const RESULT = 1;
const CURRENT = 0;
// native/program/program.h's kMaskedWrite and kInPlaceWrite.
const MASKED_WRITE = 0x100;
const IN_PLACE_WRITE = 0x200;
// Ops that compute their destination: an assignment of their result fuses
// into them as a masked write.
const FUSABLE = new Set(
  OP_NAMES.filter(
    (name) => !['Mov', 'MovMasked'].includes(name) && !/^(Mask|Jump|LoopTest|Next|Repeat)/.test(name),
  ),
);

// The ops a counted loop's body may hold for its back edge to be a Repeat.
const REPEATABLE = new Set(native.repeatableProgramOps());

// Static types, as a bit set: a value may be any of those set. Booleans are
// held as 1 and 0 and undefined as NaN, which every operator of the subset
// treats as JavaScript does, except equality: === is compiled only between
// values of one known type, and == only between values that cannot be
// undefined.
const NUM = 1;
const BOOL = 2;
const UNDEF = 4;

/** A constant register: a literal, or a field of the params object. */
type Constant = { value: number } | { param: string };

/** The compiled form of a function, independent of its params' values. */
export interface Program {
  readonly code: Int32Array;
  readonly constants: readonly Constant[];
  readonly registers: number;
  readonly masks: number;
  /** Estimated ns per element; large for loops, which must never run inline. */
  readonly nsPerElement: number;
  /** Fields of the params argument that the function reads. */
  readonly params: readonly string[];
}

// A program with loops may run for ever: it is never run inline (where
// nothing could cancel it), and is cut into chunks of one block.
const LOOP_NS_PER_ELEMENT = 1e5;
const NS_PER_INSTRUCTION = 0.15;
// Math.log per element on the portable path (the vector paths take 2 to
// 3.4 ns): erring long only sends a map to the threads sooner.
const NS_PER_LOG = 6;
// native/program/program.h's kMaxRegisters.
const MAX_REGISTERS = 65536;

/** The estimated ns per element of a program without loops. */
function straightLineNs(code: Int32Array): number {
  let ns = 0;
  for (let at = 0; at < code.length; at += WORDS) {
    const logs = ((code[at] as number) & ~(MASKED_WRITE | IN_PLACE_WRITE)) === op.Log;
    ns += logs ? NS_PER_LOG : NS_PER_INSTRUCTION;
  }
  return ns;
}

const MATH_CONSTANTS = ['E', 'LN10', 'LN2', 'LOG10E', 'LOG2E', 'PI', 'SQRT1_2', 'SQRT2'] as const;
const NUMBER_CONSTANTS = [
  'EPSILON',
  'MAX_SAFE_INTEGER',
  'MAX_VALUE',
  'MIN_SAFE_INTEGER',
  'MIN_VALUE',
  'NaN',
  'NEGATIVE_INFINITY',
  'POSITIVE_INFINITY',
] as const;
// Math functions whose native version is exact (IEEE operations) or a port
// of V8's algorithm (log: fdlibm), each tested against Math.* on 10^5 inputs.
const MATH_UNARY: Record<string, string> = {
  abs: 'Abs',
  ceil: 'Ceil',
  floor: 'Floor',
  fround: 'Fround',
  log: 'Log',
  round: 'Round',
  sign: 'Sign',
  sqrt: 'Sqrt',
  trunc: 'Trunc',
};
const ARITHMETIC: Record<string, string> = { '+': 'Add', '-': 'Sub', '*': 'Mul', '/': 'Div', '%': 'Mod' };
const COMPARISON: Record<string, string> = {
  '<': 'Lt',
  '<=': 'Le',
  '>': 'Gt',
  '>=': 'Ge',
  '===': 'Eq',
  '==': 'Eq',
  '!==': 'Ne',
  '!=': 'Ne',
};

interface Value {
  readonly reg: number;
  readonly type: number;
}

interface Variable {
  readonly reg: number;
  readonly constant: boolean;
  readonly declaration: A.Node;
}

/** An assignment sunk out of its loop (see sinking.ts). */
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

function reject(source: string, node: A.Node, what: string): never {
  throw rejection(source, node, what);
}

function rejection(source: string, node: A.Node, what: string): TypeError {
  const loc = node.loc?.start ?? { line: 1, column: 0 };
  let text = source.slice(node.start, node.end).replace(/\s+/g, ' ');
  if (text.length > 60) text = `${text.slice(0, 57)}...`;
  return new TypeError(
    `cannot compile ${what} at line ${loc.line}, column ${loc.column + 1}: \`${text}\` is outside numpool's numeric subset`,
  );
}

/** One translation of a function; run until variable types are stable. */
class Translation {
  readonly code: number[] = [];
  readonly constants: Constant[] = [];
  readonly #constantRegs = new Map<string, number>();
  registers = 2;
  masks = 1;
  readonly #freeTemps: number[] = [];
  #temps: number[] = [];
  readonly #scopes: Map<string, Variable>[] = [];
  readonly #maskStack: number[] = [];
  readonly #loops: Loop[] = [];
  readonly #uninitialised = new Set<Variable>();
  #returned = false;
  hasLoop = false;
  readonly params = new Set<string>();

  constructor(
    readonly source: string,
    readonly inputName: string,
    readonly paramsName: string | undefined,
    /** Types of variables, by declaration; joined across translations. */
    readonly varTypes: Map<A.Node, number>,
    /** Whether equality operands' types are final and must be checked. */
    readonly checkTypes: boolean,
  ) {}

  function(body: A.Expression | A.BlockStatement): void {
    this.#scopes.push(new Map());
    if (body.type === 'BlockStatement') {
      for (const statement of body.body) this.statement(statement);
      // Lanes that fall off the end return undefined: NaN.
      this.#emit('MovMasked', RESULT, this.#constant(Number.NaN));
    } else {
      this.#temporaries(() => this.#return(this.expression(body)));
    }
  }

  // --- statements ---

  statement(node: A.Statement | A.ModuleDeclaration): void {
    this.#temporaries(() => this.#statement(node));
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
        reg: this.registers++,
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
      this.#emit('Mov', variable.reg, value ? value.reg : this.#constant(Number.NaN));
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
          this.#emit(
            counted.loop.inclusive ? 'JumpIfNextAtMost' : 'JumpIfNextBelow',
            counted.counter,
            counted.limit,
            0,
          );
          skip = this.code.length - WORDS + 2;
        }
        let value: Value;
        if (node.operator === '=') value = this.expression(node.right);
        else {
          const name = ARITHMETIC[node.operator.slice(0, -1)];
          if (name === undefined) reject(this.source, node, `the operator ${node.operator}`);
          value = this.#binary(name, this.#read(variable), this.expression(node.right), NUM);
        }
        this.#assign(variable, value);
        if (skip !== undefined) this.#patch(skip);
        return;
      }
      case 'UpdateExpression': {
        const variable = this.#assignable(node.argument);
        const one = { reg: this.#constant(1), type: NUM };
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
    if (node.name === this.inputName || node.name === this.paramsName) {
      reject(this.source, node, 'an assignment to a parameter');
    }
    const variable = this.#lookup(node.name);
    if (variable === undefined) return reject(this.source, node, 'an assignment to an outer variable');
    if (variable.constant) reject(this.source, node, 'an assignment to a const');
    return variable;
  }

  #assign(variable: Variable, value: Value): void {
    this.#join(variable, value.type);
    // The value is a temporary that the last instruction computed, for this
    // assignment only (expressions do not branch): that instruction writes
    // the variable under the mask instead (the same when every lane runs).
    const last = this.code.length - WORDS;
    const name = last >= 0 ? OP_NAMES[this.code[last] as number] : undefined;
    if (
      name !== undefined &&
      FUSABLE.has(name) &&
      this.code[last + 1] === value.reg &&
      this.#temps.includes(value.reg)
    ) {
      this.code[last] = (this.code[last] as number) | (this.#fullMask() ? IN_PLACE_WRITE : MASKED_WRITE);
      this.code[last + 1] = variable.reg;
      return;
    }
    this.#emit(this.#fullMask() ? 'Mov' : 'MovMasked', variable.reg, value.reg);
  }

  #if(node: A.IfStatement): void {
    const test = this.#owned(this.expression(node.test));
    const saved = this.masks++;
    this.#emit('MaskSave', saved);
    this.#maskStack.push(saved);
    this.#emit('MaskAnd', saved, test);
    const skipThen = this.#jumpIfNone();
    this.statement(node.consequent);
    this.#patch(skipThen);
    if (node.alternate) {
      this.#emit('MaskAndNot', saved, test);
      const skipElse = this.#jumpIfNone();
      this.statement(node.alternate);
      this.#patch(skipElse);
    }
    this.#maskStack.pop();
    this.#emit('MaskLoad', saved);
  }

  #loop(
    node: A.WhileStatement | A.ForStatement,
    test: A.Expression | undefined,
    update: A.Expression | undefined,
  ): void {
    this.hasLoop = true;
    const sinks = this.#sinks(node);
    const entry = this.masks++;
    const looping = this.masks++;
    this.#emit('MaskSave', entry);
    this.#emit('MaskSave', looping);
    this.#maskStack.push(entry, looping);
    const top = this.code.length / WORDS;
    let exit = 0;
    this.#temporaries(() => {
      if (test) {
        this.#emit('LoopTest', looping, this.expression(test).reg, 0);
        exit = this.code.length - WORDS + 2;
      } else exit = this.#jumpIfNone();
    });
    this.#loops.push({ mask: looping, sinks, depth: this.#maskStack.length });
    this.statement(node.body);
    this.#loops.pop();
    this.#emit('MaskLoad', looping);
    if (update) this.#temporaries(() => this.#effect(update));
    this.#emit('Jump', top);
    this.#patch(exit);
    this.#maskStack.pop();
    this.#maskStack.pop();
    this.#emit('MaskLoad', entry);
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
    const top = this.code.length / WORDS;
    this.#emit(below, counter.reg, limit.reg, 0);
    const exit = this.code.length - WORDS + 2;
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
      this.#emit('Add', counter.reg, counter.reg, this.#constant(1), 0, IN_PLACE_WRITE);
      this.#emit('Jump', top);
    } else if (counted.lastIterationOnly.size === 0) {
      const start = this.code.length / WORDS;
      body('run');
      this.#backEdge(advance, counter.reg, limit.reg, start, 0);
    } else {
      // The last iteration peeled off: the others skip the assignments that
      // only it needs, with no test per iteration.
      this.#emit(nextBelow, counter.reg, limit.reg, 0);
      const toBody = this.code.length - WORDS + 2;
      this.#emit('Jump', 0);
      const toLast = this.code.length - WORDS;
      this.#patch(toBody);
      const start = this.code.length / WORDS;
      body('skip');
      this.#backEdge(advance, counter.reg, limit.reg, start, 1);
      this.#patch(toLast);
      body('run');
    }
    this.#patch(exit);
  }

  /**
   * A counted loop's back edge to `start`: Repeat when the body is
   * straight-line unmasked arithmetic that leaves the counter and the limit
   * alone (the interpreter then runs it in a tight loop), else Next.
   */
  #backEdge(test: 'Below' | 'AtMost', counter: number, limit: number, start: number, ahead: number): void {
    let repeatable = true;
    for (let at = start * WORDS; at < this.code.length; at += WORDS) {
      const code = this.code[at] as number;
      const written = this.code[at + 1];
      repeatable &&=
        (code & MASKED_WRITE) === 0 &&
        REPEATABLE.has(OP_NAMES[code & ~IN_PLACE_WRITE] as string) &&
        written !== counter &&
        written !== limit;
    }
    this.#emit(`${repeatable ? 'Repeat' : 'Next'}${test}`, counter, limit, start, ahead);
  }

  #sinks(loop: A.WhileStatement | A.ForStatement): Map<A.Node, Sink> {
    const sinks = new Map<A.Node, Sink>();
    for (const assignment of sinkableAssignments(loop)) {
      const variable = assignment.left.type === 'Identifier' ? this.#lookup(assignment.left.name) : undefined;
      if (variable === undefined || variable.constant) continue; // rejected where it stands
      const flag = this.registers++;
      this.#emit('Mov', flag, this.#constant(0));
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
        shadow = { reg: this.registers++, constant: true, declaration: variable.declaration };
        sink.shadows.set(name, shadow);
      }
      this.#emit('MovMasked', shadow.reg, variable.reg);
    }
    this.#emit('MovMasked', sink.flag, this.#constant(1));
  }

  /** After the loop: the value of each lane's last assignment. */
  #completeSink(sink: Sink): void {
    this.#temporaries(() => {
      this.#scopes.push(sink.shadows);
      const value = this.expression(sink.value);
      this.#scopes.pop();
      const flag = { reg: sink.flag, type: NUM };
      this.#assign(sink.variable, this.#select(flag, value, this.#read(sink.variable), value.type));
    });
  }

  #return(value: Value | undefined): void {
    this.#emit('MovMasked', RESULT, value ? value.reg : this.#constant(Number.NaN));
    this.#exit(0, undefined);
    this.#returned = true;
  }

  /** Takes the current lanes out of every mask above `depth` (and `also`). */
  #exit(depth: number, also: number | undefined): void {
    for (const mask of this.#maskStack.slice(depth)) this.#emit('MaskClear', mask);
    if (also !== undefined && !this.#maskStack.slice(depth).includes(also)) this.#emit('MaskClear', also);
    this.#emit('MaskClear', CURRENT);
  }

  /** Whether every lane is known to run the code here. */
  #fullMask(): boolean {
    return this.#maskStack.length === 0 && !this.#returned;
  }

  // --- expressions ---

  expression(node: A.Expression | A.PrivateIdentifier | A.SpreadElement | A.Super): Value {
    switch (node.type) {
      case 'Literal':
        if (typeof node.value === 'number') return { reg: this.#constant(node.value), type: NUM };
        if (typeof node.value === 'boolean') return { reg: this.#constant(node.value ? 1 : 0), type: BOOL };
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
    if (name === this.inputName) return { reg: INPUT, type: NUM };
    if (name === 'Infinity' || name === 'NaN') return { reg: this.#constant(globalThis[name]), type: NUM };
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
      return { reg: this.#paramConstant(property.name), type: NUM };
    }
    const table: readonly string[] | undefined =
      object.name === 'Math' ? MATH_CONSTANTS : object.name === 'Number' ? NUMBER_CONSTANTS : undefined;
    if (table?.includes(property.name) && !this.#lookup(object.name)) {
      const value = (globalThis[object.name as 'Math' | 'Number'] as unknown as Record<string, number>)[
        property.name
      ] as number;
      return { reg: this.#constant(value), type: NUM };
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
        return { reg: this.#constant(name === 'min' ? Infinity : -Infinity), type: NUM };
      return rest.reduce((a, b) => this.#binary(name === 'min' ? 'Min' : 'Max', a, b, NUM), {
        reg: first.reg,
        type: NUM,
      });
    }
    const unary = MATH_UNARY[name];
    if (unary === undefined) {
      return reject(
        this.source,
        node,
        `Math.${name} (not proven bit-identical to V8's; numpool compiles Math.${Object.keys(MATH_UNARY).join(', Math.')}, Math.min, Math.max)`,
      );
    }
    if (args.length !== 1 || node.arguments[0]?.type === 'SpreadElement') {
      reject(this.source, node, `Math.${name} with other than one argument`);
    }
    return this.#unary(unary, args[0] as Value, NUM);
  }

  #binaryExpression(node: A.BinaryExpression): Value {
    if (node.left.type === 'PrivateIdentifier') return reject(this.source, node, 'a private name');
    const left = this.expression(node.left);
    const right = this.expression(node.right);
    const arithmetic = ARITHMETIC[node.operator];
    if (arithmetic) return this.#binary(arithmetic, left, right, NUM);
    const comparison = COMPARISON[node.operator];
    if (comparison === undefined) {
      const hint = node.operator === '**' ? ' (Math.pow is not proven bit-identical to V8)' : '';
      return reject(this.source, node, `the operator ${node.operator}${hint}`);
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
    const reg = this.#temp();
    this.#emit(name, reg, a.reg);
    return { reg, type };
  }

  #binary(name: string, a: Value, b: Value, type: number): Value {
    const reg = this.#temp();
    this.#emit(name, reg, a.reg, b.reg);
    return { reg, type };
  }

  #select(test: Value, yes: Value, no: Value, type: number): Value {
    const reg = this.#temp();
    this.#emit('Select', reg, test.reg, yes.reg, no.reg);
    return { reg, type };
  }

  // --- registers, masks, code ---

  #constant(value: number): number {
    return this.#constantFor(`v${Object.is(value, -0) ? '-0' : String(value)}`, { value });
  }

  #paramConstant(name: string): number {
    return this.#constantFor(`p${name}`, { param: name });
  }

  #constantFor(key: string, constant: Constant): number {
    let reg = this.#constantRegs.get(key);
    if (reg === undefined) {
      reg = -1 - this.constants.length; // renumbered after the registers are known
      this.constants.push(constant);
      this.#constantRegs.set(key, reg);
    }
    return reg;
  }

  #temp(): number {
    const reg = this.#freeTemps.pop() ?? this.registers++;
    this.#temps.push(reg);
    return reg;
  }

  /** A register only this code writes: a copy when `value` is a variable. */
  #owned(value: Value): number {
    if (this.#temps.includes(value.reg) || value.reg < 0 || value.reg === INPUT) return value.reg;
    const reg = this.#temp();
    this.#emit('Mov', reg, value.reg);
    return reg;
  }

  /** Runs `body`; the temporaries it allocates are free again afterwards. */
  #temporaries(body: () => void): void {
    const outer = this.#temps;
    this.#temps = [];
    body();
    this.#freeTemps.push(...this.#temps);
    this.#temps = outer;
  }

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

  #emit(name: string, a = 0, b = 0, c = 0, d = 0, writeFlag = 0): void {
    const code = op[name];
    if (code === undefined) throw new Error(`numpool: the addon lacks the program op ${name}`);
    this.code.push(code | writeFlag, a, b, c, d);
  }

  /** Where the jump's target is to be written, less one. */
  #jumpIfNone(): number {
    this.#emit('JumpIfNone', 0);
    return this.code.length - WORDS;
  }

  #patch(target: number): void {
    this.code[target + 1] = this.code.length / WORDS;
  }

  /** The code with constants numbered after register 1. */
  finish(): Int32Array {
    const code = Int32Array.from(this.code);
    const constants = this.constants.length;
    for (let at = 0; at < code.length; at += WORDS) {
      const name = OP_NAMES[(code[at] as number) & ~(MASKED_WRITE | IN_PLACE_WRITE)] as string;
      for (const k of registerWords(name)) code[at + k] = renumber(code[at + k] as number, constants);
    }
    return code;
  }
}

/** Which words of an instruction name registers (the others: masks, targets). */
function registerWords(name: string): readonly number[] {
  if (name === 'MaskAnd' || name === 'MaskAndNot' || name === 'LoopTest') return [2];
  if (name === 'Jump' || name === 'JumpIfNone' || name.startsWith('Mask')) return [];
  if (name.startsWith('Jump') || name.startsWith('Next') || name.startsWith('Repeat')) return [1, 2];
  return [1, 2, 3, 4];
}

/** Constants (negative during translation) go to 2.., registers after them. */
function renumber(reg: number, constants: number): number {
  if (reg < 0) return 1 - reg;
  return reg < 2 ? reg : reg + constants;
}

function describeNode(type: string): string {
  return type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Compiles `fn`'s source; throws a TypeError for anything outside the subset. */
export function compileProgram(source: string): Program {
  let node: A.Expression;
  try {
    node = parseExpressionAt(source, 0, { ecmaVersion: 'latest', locations: true });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new TypeError(
      `cannot compile this function: its source does not parse as a function expression (${reason}; a method, a bound or a native function?)`,
      { cause },
    );
  }
  if (
    (node.type !== 'ArrowFunctionExpression' && node.type !== 'FunctionExpression') ||
    source.slice(node.end).trim() !== ''
  ) {
    return reject(source, node, 'source that is not a function expression (a method or a class?)');
  }
  if (node.async) reject(source, node, 'an async function');
  if (node.generator) reject(source, node, 'a generator');
  if (node.params.length < 1 || node.params.length > 2) {
    reject(source, node, 'a function of other than (x) or (x, params)');
  }
  const names = node.params.map((param) =>
    param.type === 'Identifier' ? param.name : reject(source, param, 'a parameter pattern (use plain names)'),
  );
  const body = node.body;
  const varTypes = new Map<A.Node, number>();
  // Variable types grow monotonically over a bit set of three: the
  // translation settles in at most four passes; the last one checks them.
  let translation: Translation;
  for (let pass = 0; ; pass++) {
    const before = [...varTypes.values()].join();
    translation = new Translation(source, names[0] as string, names[1], varTypes, false);
    translation.function(body);
    if ([...varTypes.values()].join() === before || pass > 4) break;
  }
  translation = new Translation(source, names[0] as string, names[1], varTypes, true);
  translation.function(body);
  const code = translation.finish();
  const registers = translation.registers + translation.constants.length;
  if (registers > MAX_REGISTERS || translation.masks > MAX_REGISTERS) {
    throw new TypeError(
      `cannot compile this function: it needs ${registers} registers, more than ${MAX_REGISTERS}`,
    );
  }
  return {
    code,
    constants: translation.constants,
    registers,
    masks: translation.masks,
    nsPerElement: translation.hasLoop ? LOOP_NS_PER_ELEMENT : straightLineNs(code),
    params: [...translation.params],
  };
}
