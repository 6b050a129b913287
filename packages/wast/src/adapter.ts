// The interface between the script runner and an engine. The runner never
// touches an engine directly: it hands the adapter bytes, script values and
// the registered instances, and gets back outcomes as data.

import type { ScriptValue } from '@tswasm/text';

/**
 * A kind of non-null reference a result can hold, as far as the script
 * format tells them apart. `eq` is never a value's own kind: an `eq`
 * reference is an `i31`, a `struct` or an `array`.
 */
export type RefKind =
  'func' | 'extern' | 'any' | 'i31' | 'struct' | 'array' | 'exn';

/**
 * A value an engine hands back from an invocation or a global. Numbers and
 * vectors are exact (floats as raw bits), as in script constants:
 * - `ref.null` for any null reference (its heap type is not compared);
 * - `ref.extern n` for the host reference `n` that a script passed in
 *   (`(ref.extern n)`), seen through an `extern` type;
 * - `ref.host n` for the same host reference seen through an internal type
 *   (after `any.convert_extern`);
 * - `{ type: 'ref', kind }` for every other non-null reference.
 */
export type WastValue =
  ScriptValue | { readonly type: 'ref'; readonly kind: RefKind };

/** The result of compiling (decoding and validating) a binary module. */
export type CompileOutcome<M> =
  | { readonly ok: true; readonly module: M }
  | {
      readonly ok: false;
      /**
       * `malformed`: the bytes are not a well-formed binary (a decode error);
       * `invalid`: well-formed, but validation failed; `unclassified`: the
       * engine rejected the module without saying which (V8's
       * `CompileError`), accepted for both.
       */
      readonly kind: 'malformed' | 'invalid' | 'unclassified';
      readonly message: string;
    };

/** How an instantiation, an invocation or a read of a global failed. */
export type FailureKind =
  /** An import could not be resolved or has the wrong type. */
  | 'link'
  /** A trap (during instantiation: in a segment or the start function). */
  | 'trap'
  /** Call stack or other resource exhaustion. */
  | 'exhaustion'
  /** An uncaught WebAssembly exception. */
  | 'exception'
  /**
   * The engine cannot express this at all (e.g. v128 values across V8's
   * JS boundary): the command is counted as unsupported, not failed.
   */
  | 'unsupported'
  /** Anything else: a missing export, a wrong argument count, a host bug. */
  | 'error';

/** A failure of the engine, with its message (the spec's wording, ideally). */
export interface Failure {
  readonly ok: false;
  readonly kind: FailureKind;
  readonly message: string;
}

/** The result of instantiating a compiled module. */
export type InstantiateOutcome<I> =
  { readonly ok: true; readonly instance: I } | Failure;

/** The result of invoking an exported function or reading an exported global. */
export type ActionOutcome =
  { readonly ok: true; readonly values: readonly WastValue[] } | Failure;

/**
 * An engine as the script runner sees it. Everything is synchronous, and
 * nothing is thrown: each operation returns an outcome (the runner reports
 * anything an adapter throws as a failed command).
 *
 * An adapter is made for one set of features; `M` is the engine's compiled
 * module, `I` its instance.
 */
export interface EngineAdapter<M = unknown, I = unknown> {
  /** A short name for reports, e.g. `v8` or `tswasm-interpreter`. */
  readonly name: string;
  /**
   * True if the engine's error messages follow the spec suite's wording, so
   * the runner checks that each failure's message starts with the expected
   * text (as the reference interpreter does). False for engines with their
   * own wording, such as V8.
   */
  readonly specMessages: boolean;
  /**
   * Decodes and validates a binary module.
   * @see https://webassembly.github.io/spec/core/appendix/embedding.html#modules
   */
  compile(bytes: Uint8Array): CompileOutcome<M>;
  /**
   * Instantiates `module`, resolving each import `(module, name)` to the
   * export `name` of `imports.get(module)` (the instances registered with
   * `register`, and `spectest`). A missing module or export, or an export
   * of the wrong kind or type, is a `link` failure.
   */
  instantiate(
    module: M,
    imports: ReadonlyMap<string, I>,
  ): InstantiateOutcome<I>;
  /** Calls the exported function `name` with exact argument values. */
  invoke(
    instance: I,
    name: string,
    args: readonly ScriptValue[],
  ): ActionOutcome;
  /** Reads the exported global `name`: one value on success. */
  get(instance: I, name: string): ActionOutcome;
  /**
   * Makes the `spectest` instance from host objects. Optional: without it,
   * the runner compiles and instantiates `spectestBytes()` on the engine,
   * which needs multi-memory for `shared_memory` and memory64 for
   * `table64`; a host-made instance has every export under any features.
   */
  spectest?(): InstantiateOutcome<I>;
}
