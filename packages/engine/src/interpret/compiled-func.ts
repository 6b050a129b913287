// The interpreter's code for one function.

/** A catch clause of a `try_table`, resolved. */
export interface CatchClause {
  /** Tag index in the module's tag index space; -1 for catch_all. */
  readonly tag: number;
  /** Whether the exnref is pushed after the payload (catch_ref, catch_all_ref). */
  readonly withRef: boolean;
  /** Where the payload goes, fp-relative in words. */
  readonly base: number;
  /** The pc to continue at. */
  readonly target: number;
  /** Legacy `catch`: the frame slot that keeps the exception for `rethrow`; -1 otherwise. */
  readonly exnSlot: number;
}

/** A `try_table` region: code in `[start, end)` is covered by `catches`. */
export interface Handler {
  readonly start: number;
  end: number;
  readonly catches: readonly CatchClause[];
  /**
   * Legacy `delegate`: exceptions go on to the handlers that start at or
   * before this pc (-2: to the caller); -1 for an ordinary handler.
   */
  delegate: number;
}

/**
 * A function compiled to interpreter code: an Int32Array of internal
 * instructions whose operands are frame-relative word offsets.
 */
export interface CompiledFunc {
  readonly code: Int32Array;
  /** Words used by parameters. */
  readonly paramWords: number;
  /** Words used by parameters and declared locals. */
  readonly localsWords: number;
  /** Words of the whole frame: locals and the deepest operand stack. */
  readonly frameWords: number;
  /** Pairs (pc, byte offset), ascending by pc, for locating traps. */
  readonly offsets: Int32Array;
  /** `try_table` regions, outer before inner. */
  readonly handlers: readonly Handler[];
}

/** The byte offset of the instruction at or before `pc`; -1 when unknown. */
export function offsetAt(func: CompiledFunc, pc: number): number {
  const offsets = func.offsets;
  let lo = 0;
  let hi = offsets.length / 2 - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid * 2]! <= pc) {
      found = offsets[mid * 2 + 1]!;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
