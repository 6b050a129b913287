// Type rules derived from the instruction table: the fixed signatures of
// simple instructions, and small helpers the checker shares.

import {
  type InstrDef,
  type StorageType,
  type ValType,
  formatValType,
  instructions,
} from '@tswasm/ir';
import type { StackType } from './module-context.js';

// Simple instructions: operand and result types from the table, with
// `addr` resolved for 32- and 64-bit memories.
/** A simple instruction's row, with `addr` resolved both ways. */
export interface Simple {
  readonly params32: readonly ValType[];
  readonly results32: readonly ValType[];
  readonly params64: readonly ValType[];
  readonly results64: readonly ValType[];
  readonly memory: boolean;
  /** The immediate to check besides a memarg: a lane, data or elem index. */
  readonly check: 'lane' | 'shuffle' | 'data' | 'elem' | null;
  readonly def: InstrDef;
}
/** Simple instructions by table id; `undefined` for the others. */
export const simpleById: (Simple | undefined)[] = [];
for (const def of instructions) {
  if (def.params === null || def.results === null) continue;
  const resolve = (
    types: readonly string[],
    addr: ValType,
  ): readonly ValType[] =>
    types.map((t) => (t === 'addr' ? addr : (t as ValType)));
  simpleById[def.id] = {
    params32: resolve(def.params, 'i32'),
    results32: resolve(def.results, 'i32'),
    params64: resolve(def.params, 'i64'),
    results64: resolve(def.results, 'i64'),
    memory: def.immediates.includes('memarg'),
    check: checkedImmediate(def),
    def,
  };
}

function checkedImmediate(def: InstrDef): Simple['check'] {
  for (const kind of def.immediates) {
    if (
      kind === 'lane' ||
      kind === 'shuffle' ||
      kind === 'data' ||
      kind === 'elem'
    ) {
      return kind;
    }
  }
  return null;
}

/** Lane count of a lane instruction's shape, from its name. */
export function laneCount(name: string): number {
  if (name.startsWith('i8x16') || name.includes('8_lane')) return 16;
  if (name.startsWith('i16x8') || name.includes('16_lane')) return 8;
  if (
    name.startsWith('i32x4') ||
    name.startsWith('f32x4') ||
    name.includes('32_lane')
  ) {
    return 4;
  }
  return 2;
}

/** The extended-const arithmetic allowed in constant expressions. */
export const extendedConstOps: ReadonlySet<string> = new Set([
  'i32.add',
  'i32.sub',
  'i32.mul',
  'i64.add',
  'i64.sub',
  'i64.mul',
]);

/** `[i32 f64]`; `_` for an unknown type. */
export function formatTypes(types: readonly StackType[]): string {
  return `[${types.map((t) => (t === 'bot' ? '_' : formatValType(t))).join(' ')}]`;
}

/** The value type a field of this storage type reads as. */
export function unpacked(storage: StorageType): ValType {
  return storage === 'i8' || storage === 'i16' ? 'i32' : storage;
}
