// Instructions as data: the immediate kinds of the instruction table and
// the values they take.
// https://webassembly.github.io/spec/core/syntax/instructions.html

import type { Span } from './errors.js';
import type { HeapType, U64, ValType } from './types.js';

/**
 * The kinds of immediate an instruction takes, in binary order. Index
 * immediates are plain numbers.
 *
 * | kind | value |
 * |---|---|
 * | `blockType` | {@link BlockType} |
 * | `label` | relative label depth |
 * | `labels` | `number[]`: `br_table`'s targets before the default |
 * | `func` `type` `table` `memory` `local` `global` `elem` `data` `tag` `field` | index |
 * | `u32` | a count (`array.new_fixed`) |
 * | `memarg` | {@link MemArg} |
 * | `i32` | `number`, signed 32-bit |
 * | `i64` | `bigint`, signed 64-bit |
 * | `f32` | `number`: the raw IEEE 754 bits as an unsigned 32-bit integer |
 * | `f64` | `bigint`: the raw IEEE 754 bits as an unsigned 64-bit integer |
 * | `v128` | `Uint8Array` of 16 bytes, little-endian lanes |
 * | `lane` | lane index |
 * | `shuffle` | `Uint8Array` of 16 lane indices |
 * | `heapType` | {@link HeapType} |
 * | `valTypes` | `ValType[]` (`select t*`) |
 * | `castFlags` | `number`: bit 0 source nullable, bit 1 target nullable |
 * | `catches` | {@link Catch}`[]` (`try_table`) |
 * | `zero` | the reserved byte 0 (`atomic.fence`) |
 */
export type ImmediateKind =
  | 'blockType'
  | 'label'
  | 'labels'
  | 'func'
  | 'type'
  | 'table'
  | 'memory'
  | 'local'
  | 'global'
  | 'elem'
  | 'data'
  | 'tag'
  | 'field'
  | 'u32'
  | 'memarg'
  | 'i32'
  | 'i64'
  | 'f32'
  | 'f64'
  | 'v128'
  | 'lane'
  | 'shuffle'
  | 'heapType'
  | 'valTypes'
  | 'castFlags'
  | 'catches'
  | 'zero';

/**
 * A block type: `null` for `[] -> []`, a value type for `[] -> [t]`, or
 * `{ typeIndex }` for a function type.
 */
export type BlockType = null | ValType | { readonly typeIndex: number };

/** A memory access's immediate. */
export interface MemArg {
  /** log2 of the alignment in bytes. */
  readonly align: number;
  /** Static offset added to the address, in bytes. */
  readonly offset: U64;
  /** Memory index (multi-memory); 0 when the binary omits it. */
  readonly memory: number;
}

/** A `try_table` catch clause. */
export type Catch =
  | {
      readonly kind: 'catch' | 'catch_ref';
      readonly tag: number;
      readonly label: number;
    }
  | { readonly kind: 'catch_all' | 'catch_all_ref'; readonly label: number };

/** The value of one immediate; which one is given by the table's kind. */
export type Immediate =
  | number
  | bigint
  | BlockType
  | readonly number[]
  | MemArg
  | Uint8Array
  | HeapType
  | readonly ValType[]
  | readonly Catch[];

/**
 * One instruction. `op` is the name of its row in the instruction table;
 * `args` are its immediates in the row's order.
 */
export interface Instr {
  readonly op: string;
  readonly args: readonly Immediate[];
  /** Byte offset of the opcode in the module binary, where it came from one. */
  readonly offset?: number;
  /**
   * Where the instruction's keyword starts in the text source, where it
   * came from one (for a folded block's implicit `end`, its closing paren).
   */
  readonly span?: Span;
}
