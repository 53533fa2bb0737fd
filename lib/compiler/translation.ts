// One translation of a function to program code (emitter.ts): the state its
// parts share, and the function's entry (its parameters, its `var`s, its
// body). The parts, free functions of a Translation: scope.ts (names),
// statements.ts, loop-statements.ts, expressions.ts, calls.ts (Math and
// helpers), static-types.ts and masks.ts. Every construct is checked against
// the numeric subset as it is translated.
import type * as A from 'acorn';
import { type Effects, hoistedVars } from './effects';
import { Emitter } from './emitter';
import { expression } from './expressions';
import type { Helper, Helpers } from './helpers';
import type { Loop } from './loop-statements';
import type { Target } from './masks';
import { hoist, join, type Variable } from './scope';
import { INPUT, RESULT } from './spec';
import { returnValue, statement, type ThrownMessage } from './statements';
import { NUM } from './static-types';

/** What every translation of one compile shares. */
export interface Context {
  readonly source: string;
  readonly names: ParameterNames;
  /** Types of variables, by declaration; joined across translations. */
  readonly varTypes: Map<object, number>;
  /** Keys of helper parameters' types, by call and parameter, the same in every pass. */
  readonly siteKeys: Map<A.Node, Map<A.Node, object>>;
  readonly helpers: Helpers;
  readonly constants: ReadonlyMap<string, number>;
  readonly effects: Effects;
}

/** One function being translated: the compiled one, or a helper inlined at a call. */
export interface Frame {
  readonly source: string;
  /** Registers of the inputs' parameters, by name (none in a helper). */
  readonly inputs: Map<string, number>;
  readonly indexName: string | undefined;
  readonly paramsName: string | undefined;
  /** Index of its function scope in scopes: lookups stop there. */
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

/**
 * One translation of a function, run until variable types are stable: the
 * state that its parts, free functions given it as `t`, share.
 */
export class Translation {
  readonly emitter = new Emitter();
  readonly scopes: Map<string, Variable>[] = [];
  readonly maskStack: number[] = [];
  readonly uninitialised = new Set<Variable>();
  /** `var`s surely assigned on every lane that runs the code here. */
  assigned = new Set<Variable>();
  /**
   * Variables whose value here is a compile-time constant on every lane that
   * runs the code (assigned one on every lane; an unrolled loop's counter):
   * reads of them are that constant. Cleared where a loop starts and ends,
   * whose back edge this one pass over the code does not see.
   */
  readonly known = new Map<Variable, number>();
  /** Helpers being inlined, outermost first: a call to one of them is a cycle. */
  readonly inlining: Helper[] = [];
  frame: Frame;
  hasLoop = false;
  readonly params = new Set<string>();
  /** The messages of the throw statements, by the id their Throw op reports. */
  readonly messages: ThrownMessage[] = [];

  /** The index parameter's register. */
  index = 0;
  /** Whether the body reads the index parameter as a number. */
  indexRead = false;

  constructor(
    readonly context: Context,
    /** Whether equality operands' types are final and must be checked. */
    readonly checkTypes: boolean,
  ) {
    this.frame = {
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
    return this.frame.source;
  }

  get varTypes(): Map<object, number> {
    return this.context.varTypes;
  }

  function(node: A.ArrowFunctionExpression | A.FunctionExpression): void {
    const { body } = node;
    const { names } = this.context;
    const scope = new Map<string, Variable>();
    this.scopes.push(scope);
    // Input 0 is the input register; the other inputs and the index are
    // read once per block, before the body.
    names.inputs.forEach((name, k) => {
      const reg = k === 0 ? INPUT : this.emitter.parameter();
      if (k > 0) this.emitter.emit('Input', reg, k);
      this.frame.inputs.set(name, reg);
    });
    if (names.index !== undefined) {
      this.index = this.emitter.parameter();
      this.emitter.emit('Index', this.index);
    }
    const hoisted = hoistedVars(body);
    const writes = this.context.effects.writes(body);
    for (const param of node.params) {
      const { name } = param as A.Identifier;
      const reg = name === names.index ? this.index : this.frame.inputs.get(name);
      if (reg === undefined || !(hoisted.has(name) || writes.has(name))) continue;
      // Assigned: a variable that starts as the element (or the index).
      if (name === names.index) this.indexRead = true;
      const variable: Variable = { reg: this.emitter.register(), constant: false, declaration: param };
      this.emitter.emit('Mov', variable.reg, reg);
      join(this, variable, NUM);
      scope.set(name, variable);
    }
    hoist(this, body, scope);
    if (body.type === 'BlockStatement') {
      for (const each of body.body) statement(this, each);
      // Lanes that fall off the end return undefined: NaN.
      this.emitter.emit('MovMasked', RESULT, this.emitter.constant(Number.NaN));
    } else {
      this.emitter.temporaries(() => returnValue(this, expression(this, body)));
    }
  }
}
