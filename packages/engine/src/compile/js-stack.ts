// The operand stack of a function the JS tier is generating: entry `h` is
// the JS variable `s<h>` (and `t<h>`, an i64's high half), with its type and
// what the generator knows of its value.

import type { ValType } from '@tswasm/ir';

/** The value types the JS tier covers. */
export type NumType = 'i32' | 'i64' | 'f32' | 'f64';

/** Whether the JS tier covers values of type `t`. */
export function isNum(t: ValType): t is NumType {
  return t === 'i32' || t === 'i64' || t === 'f32' || t === 'f64';
}

/**
 * What the generator knows of an operand stack entry. For an f32: the JS
 * tier keeps a signalling NaN's bits (see js-runtime.ts), which costs a check
 * where one may be read from or written to memory or a global, and knowing
 * more spares it.
 */
interface Slot {
  readonly type: NumType;
  /** An i64 constant's value, for shifts by a constant. */
  constant: bigint | null;
  /** Never a signalling NaN, so a Float32 write keeps its bits. */
  quiet: boolean;
  /**
   * A read emitted without the check that keeps a signalling NaN (at
   * `out[line]`), and the line with it, used unless only instructions that
   * ignore NaN bits read the entry.
   */
  pending: { line: number; exact: string } | null;
}

/** The operand stack of the function being generated. */
export class OperandStack {
  height = 0;
  maxHeight = 0;
  /** Whether some entry holds an i64. */
  usesI64 = false;
  readonly slots: Slot[] = [];
  /** The generated lines, where reads left inexact are fixed up. */
  readonly out: string[];

  constructor(out: string[]) {
    this.out = out;
  }

  /** Pushes an entry of `type`, returning its variable (an i64's low half). */
  push(type: NumType, quiet = false): string {
    this.slots[this.height] = { type, constant: null, quiet, pending: null };
    if (type === 'i64') this.usesI64 = true;
    const name = `s${this.height++}`;
    if (this.height > this.maxHeight) this.maxHeight = this.height;
    return name;
  }

  /** Pops an entry read by an instruction that may depend on NaN bits. */
  pop(): string {
    this.exact(this.height - 1);
    return `s${--this.height}`;
  }

  /** Pops an entry read only by an instruction that ignores NaN bits. */
  popBlind(): string {
    return `s${--this.height}`;
  }

  /** Whether the entry `depth` below the top is never a signalling NaN. */
  isQuiet(depth = 0): boolean {
    return this.slots[this.height - 1 - depth]!.quiet;
  }

  /** Gives the entry at `height` its exact read, if it has none yet. */
  exact(height: number): void {
    const slot = this.slots[height]!;
    if (slot.pending === null) return;
    this.out[slot.pending.line] = slot.pending.exact;
    slot.pending = null;
  }

  /** Forgets what is known of the entries from `from` up, but their types. */
  forgetFrom(from: number): void {
    for (let h = from; h < this.height; h++) {
      const type = this.slots[h]!.type;
      this.slots[h] = { type, constant: null, quiet: false, pending: null };
    }
  }

  /** Makes the entries from `base` up those of types `types`, known no more. */
  set(base: number, types: readonly NumType[]): void {
    this.height = base;
    for (const type of types) this.push(type);
  }

  /** The type of the entry at `height`. */
  typeAt(height: number): NumType {
    return this.slots[height]!.type;
  }

  /** Pushes an f32 read that the entry's readers may not need exact. */
  pushRead(fast: string, exact: (d: string) => string): void {
    const d = this.push('f32');
    this.slots[this.height - 1]!.pending = {
      line: this.out.length,
      exact: exact(d),
    };
    this.out.push(fast.replace(/\$d/g, d));
  }

  /** The entry at `height` as a value for a call or a result. */
  valueAt(height: number): string {
    return this.typeAt(height) === 'i64'
      ? `R.big(s${height}, t${height})`
      : `s${height}`;
  }
}
