// The code of one translation: instructions, constant and temporary
// registers, masks and forward jumps, in the format of lib/compiler/spec.ts.
import {
  CURRENT,
  IN_PLACE_WRITE,
  INPUT,
  MASKED_WRITE,
  op,
  RESULT,
  registerWords,
  rowOf,
  WORDS,
} from './spec';

/** A constant register: a literal, or a field of the params object. */
export type Constant = { value: number } | { param: string };

/** Where a forward jump's target is to be written (see patch). */
export type Forward = number;

export class Emitter {
  readonly code: number[] = [];
  readonly constants: Constant[] = [];
  readonly #constantRegs = new Map<string, number>();
  /** Registers used: the input and the result, then variables and temporaries. */
  registers = RESULT + 1;
  masks = CURRENT + 1;
  readonly #freeTemps: number[] = [];
  readonly #parameters = new Set<number>([INPUT]);
  #temps: number[] = [];

  /** The index of the next instruction. */
  get here(): number {
    return this.code.length / WORDS;
  }

  emit(name: string, a = 0, b = 0, c = 0, d = 0, writeFlag = 0): void {
    const code = op[name];
    if (code === undefined) throw new Error(`numpool: the addon lacks the program op ${name}`);
    this.code.push(code | writeFlag, a, b, c, d);
  }

  /** Emits `name` with `operands` and its target (the operand after them) left for patch(). */
  forward(name: string, ...operands: number[]): Forward {
    const code = op[name];
    if (code !== undefined && rowOf(code).operands.indexOf('target') !== operands.length)
      throw new Error(`numpool: the program op ${name} takes no target after ${operands.length} operands`);
    this.emit(name, ...operands);
    return this.code.length - WORDS + 1 + operands.length;
  }

  /** The forward jump's target: the next instruction. */
  patch(at: Forward): void {
    this.code[at] = this.here;
  }

  /** A parameter's register (an input's, the index's): written once, before the body. */
  parameter(): number {
    const reg = this.registers++;
    this.#parameters.add(reg);
    return reg;
  }

  /** A fresh register that nothing frees (a variable's, a flag's). */
  register(): number {
    return this.registers++;
  }

  mask(): number {
    return this.masks++;
  }

  constant(value: number): number {
    return this.#constantFor(`v${Object.is(value, -0) ? '-0' : String(value)}`, { value });
  }

  /** The number a constant register holds, if it is a literal's (not a params field's). */
  constantValue(reg: number): number | undefined {
    const constant = reg < 0 ? this.constants[-1 - reg] : undefined;
    return constant && 'value' in constant ? constant.value : undefined;
  }

  paramConstant(name: string): number {
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

  /** A temporary register, free again when the enclosing temporaries() ends. */
  temp(): number {
    const reg = this.#freeTemps.pop() ?? this.registers++;
    this.#temps.push(reg);
    return reg;
  }

  isTemp(reg: number): boolean {
    return this.#temps.includes(reg);
  }

  /** A register only this code writes: a copy when `reg` may be written elsewhere (a variable's). */
  owned(reg: number): number {
    if (this.isTemp(reg) || reg < 0 || this.#parameters.has(reg)) return reg;
    const copy = this.temp();
    this.emit('Mov', copy, reg);
    return copy;
  }

  /** Runs `body`; the temporaries it allocates are free again afterwards. */
  temporaries(body: () => void): void {
    const outer = this.#temps;
    this.#temps = [];
    body();
    this.#freeTemps.push(...this.#temps);
    this.#temps = outer;
  }

  /**
   * dest = value, on the current lanes (every lane when `everyLane`). When
   * value is a temporary that the last instruction computed, that
   * instruction writes dest instead (expressions do not branch, so the
   * temporary serves this assignment only).
   */
  assign(dest: number, value: number, everyLane: boolean): void {
    const last = this.code.length - WORDS;
    if (
      last >= 0 &&
      rowOf(this.code[last] as number).computes &&
      this.code[last + 1] === value &&
      this.isTemp(value)
    ) {
      this.code[last] = (this.code[last] as number) | (everyLane ? IN_PLACE_WRITE : MASKED_WRITE);
      this.code[last + 1] = dest;
      return;
    }
    this.emit(everyLane ? 'Mov' : 'MovMasked', dest, value);
  }

  /**
   * Whether the instructions from `start` on may be a repeated counted
   * loop body: repeatable ops, unmasked, writing neither the counter nor
   * the limit.
   */
  repeatableFrom(start: number, counter: number, limit: number): boolean {
    for (let at = start * WORDS; at < this.code.length; at += WORDS) {
      const word = this.code[at] as number;
      const written = this.code[at + 1];
      if ((word & MASKED_WRITE) !== 0 || !rowOf(word).repeatable || written === counter || written === limit)
        return false;
    }
    return true;
  }

  /** The code with constants numbered after the result register, and the register count. */
  finish(): { code: Int32Array; registers: number } {
    const code = Int32Array.from(this.code);
    const constants = this.constants.length;
    for (let at = 0; at < code.length; at += WORDS) {
      for (const k of registerWords(code[at] as number))
        code[at + k] = renumber(code[at + k] as number, constants);
    }
    return { code, registers: this.registers + constants };
  }
}

/** Constants (negative during translation) go after the result register, registers after them. */
function renumber(reg: number, constants: number): number {
  if (reg < 0) return RESULT - reg;
  return reg <= RESULT ? reg : reg + constants;
}
