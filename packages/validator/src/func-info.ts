// What the function checker reports, for compilers, and its options.

import type { FuncType, ValType } from '@tswasm/ir';

/** The kind of a control frame: the instruction that opened it. */
export type BlockKind =
  'func' | 'block' | 'loop' | 'if' | 'try_table' | 'try' | 'const';

/**
 * What the checker learnt about one structured block, for a compiler: its
 * type, and where it opens, changes branch and ends. Blocks are listed in
 * the order they open; the function body itself is block 0.
 */
export interface BlockInfo {
  readonly kind: BlockKind;
  /** Values the block takes from the stack on entry. */
  readonly params: readonly ValType[];
  /** Values the block leaves on the stack at its end. */
  readonly results: readonly ValType[];
  /**
   * Operand stack height (in values, from the function's start) below the
   * block's parameters when it was entered.
   */
  readonly height: number;
  /** Index of the opening instruction in the body; -1 for the function. */
  readonly instrIndex: number;
  /** Byte offset of the opening instruction, where known. */
  readonly offset: number | null;
  /** Index of the `else` of an `if`, or -1. */
  elseIndex: number;
  /**
   * Indices of the legacy handler instructions (`catch`, `catch_all`,
   * `delegate`) of a `try`, in order.
   */
  readonly handlerIndices: number[];
  /** Index of the block's `end` (or `delegate`); -1 while open. */
  endIndex: number;
}

/**
 * The result of checking one function: what a compiler needs besides the
 * instructions.
 */
export interface FuncInfo {
  readonly funcIndex: number;
  readonly type: FuncType;
  /** Parameters, then declared locals, in local index order. */
  readonly localTypes: readonly ValType[];
  /** Most values on the operand stack at any point (locals excluded). */
  readonly maxStackHeight: number;
  /** Every block, in opening order; `blocks[0]` is the function body. */
  readonly blocks: readonly BlockInfo[];
  /** Number of instructions checked, the final `end` included. */
  readonly instrCount: number;
}

/** Options of a {@link FuncChecker}. */
export interface FuncCheckerOptions {
  /** Check a constant expression instead of a function body. */
  readonly constExpr?: ConstExprOptions;
  /**
   * Record a {@link BlockInfo} for every block (default `true`); without,
   * only the function body's is kept, which saves time when only validity
   * matters.
   */
  readonly recordBlocks?: boolean;
}

/** Options of a {@link FuncChecker} that checks a constant expression. */
export interface ConstExprOptions {
  /** The type the expression must produce. */
  readonly resultType: ValType;
  /** Globals below this index may be read (`global.get`). */
  readonly globalLimit: number;
}
