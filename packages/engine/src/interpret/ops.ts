// Interpreter opcodes. An instruction of the table keeps its row `id` as
// its opcode; the interpreter's own instructions (moves, inverted branches,
// fuel checks) are numbered from 1000. The dispatch loop's `case` labels
// are these numbers as literals (V8 builds a jump table only for literal
// cases); a test checks them against the table.

import { instrByName } from '@tswasm/ir';

function id(name: string): number {
  const def = instrByName(name);
  if (def === undefined) throw new Error(`internal: no instruction ${name}`);
  return def.id;
}

/** Opcodes the compiler emits by name. */
export const Op: OpNames = {
  unreachable: id('unreachable'),
  br: id('br'),
  brIf: id('br_if'),
  brTable: id('br_table'),
  return: id('return'),
  call: id('call'),
  callIndirect: id('call_indirect'),
  returnCall: id('return_call'),
  returnCallIndirect: id('return_call_indirect'),
  callRef: id('call_ref'),
  returnCallRef: id('return_call_ref'),
  select: id('select'),
  globalGet: id('global.get'),
  globalSet: id('global.set'),
  /** `[op, dst, lo, hi]`: writes a 64-bit constant (any number type). */
  const64: id('i64.const'),
  brOnNull: id('br_on_null'),
  brOnNonNull: id('br_on_non_null'),
  brOnCast: id('br_on_cast'),
  brOnCastFail: id('br_on_cast_fail'),
  /** `[op, dst, src]`: copies a number (2 words). */
  mov: 1000,
  /** `[op, dst, src]`: copies a reference. */
  movRef: 1001,
  /** `[op, dst, src]`: copies a vector (4 words). */
  mov128: 1002,
  /** `[op, cond, target]`: jumps when `cond` is zero. */
  brUnless: 1003,
  /** `[op, cost]`: charges fuel. */
  fuel: 1004,
  /** `[op, src]`: returns one number. */
  return1: 1005,
  /**
   * `[op, cost]`: traps when the interrupt flag is set; counts `cost`
   * instructions down to the next reading of the clock.
   */
  interrupt: 1013,
  globalGetRef: 1006,
  globalSetRef: 1007,
  globalGet128: 1008,
  globalSet128: 1009,
  selectRef: 1010,
  select128: 1011,
  /** `[op, id, ...]`: a memory access other than to memory 0 with 32-bit addresses. */
  memSlow: 1012,
  /** `[op + k, dst, a, imm]`: i32 operation k of the compiler's list with an immediate. */
  i32Imm: 1100,
  /** `[op + k, a, b, target]`: jumps when i32 comparison k holds. */
  brCmp: 1120,
  /** `[op + k, a, imm, target]`: jumps when i32 comparison k with an immediate holds. */
  brCmpImm: 1130,
  /** `[op + k, dst, a, lo, hi]`: i64 operation k of the compiler's list with an immediate. */
  i64Imm: 1140,
  /**
   * GC field accesses, `op + 3 * group + variant` with groups struct.get
   * `[dst, ref, field]`, struct.set `[ref, value, field]`, array.get
   * `[dst, ref, index]`, array.set `[ref, index, value]`, array.len
   * `[dst, ref]` (variant 0), and variants i32/f32, f64, reference.
   */
  gcFast: 1160,
};

/** The names of `Op`. */
interface OpNames {
  readonly unreachable: number;
  readonly br: number;
  readonly brIf: number;
  readonly brTable: number;
  readonly return: number;
  readonly call: number;
  readonly callIndirect: number;
  readonly returnCall: number;
  readonly returnCallIndirect: number;
  readonly callRef: number;
  readonly returnCallRef: number;
  readonly select: number;
  readonly globalGet: number;
  readonly globalSet: number;
  readonly const64: number;
  readonly brOnNull: number;
  readonly brOnNonNull: number;
  readonly brOnCast: number;
  readonly brOnCastFail: number;
  readonly mov: number;
  readonly movRef: number;
  readonly mov128: number;
  readonly brUnless: number;
  readonly fuel: number;
  readonly return1: number;
  readonly interrupt: number;
  readonly globalGetRef: number;
  readonly globalSetRef: number;
  readonly globalGet128: number;
  readonly globalSet128: number;
  readonly selectRef: number;
  readonly select128: number;
  readonly memSlow: number;
  readonly i32Imm: number;
  readonly brCmp: number;
  readonly brCmpImm: number;
  readonly i64Imm: number;
  readonly gcFast: number;
}
