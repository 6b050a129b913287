// WAST scripts: the spec test suite's format.
// https://github.com/WebAssembly/spec/tree/main/interpreter#scripts

import type { HeapType, Module, Span } from '@tswasm/ir';

/** A module in a script, as written. */
export type ScriptModule =
  | {
      /** `(module ...)` in text, parsed. */
      readonly kind: 'text';
      readonly module: Module;
      /** The module's `$id`, if any. */
      readonly id: string | null;
      readonly span: Span;
    }
  | {
      /** `(module binary "...")`: the bytes, not yet decoded. */
      readonly kind: 'binary';
      readonly bytes: Uint8Array;
      readonly id: string | null;
      readonly span: Span;
    }
  | {
      /** `(module quote "...")`: the text, not yet parsed. */
      readonly kind: 'quote';
      readonly source: string;
      readonly id: string | null;
      readonly span: Span;
    };

/** A constant argument or exact expected result. */
export type ScriptValue =
  | { readonly type: 'i32'; readonly value: number }
  | { readonly type: 'i64'; readonly value: bigint }
  /** Raw IEEE 754 bits, unsigned. */
  | { readonly type: 'f32'; readonly bits: number }
  /** Raw IEEE 754 bits, unsigned. */
  | { readonly type: 'f64'; readonly bits: bigint }
  /** 16 bytes, little-endian lanes. */
  | { readonly type: 'v128'; readonly bytes: Uint8Array }
  | { readonly type: 'ref.null'; readonly heapType: HeapType }
  /** `(ref.extern n)`: a host reference numbered n. */
  | { readonly type: 'ref.extern'; readonly value: number }
  /** `(ref.host n)`: a host reference numbered n (older scripts). */
  | { readonly type: 'ref.host'; readonly value: number };

/** One lane (or a whole float) of an expected result. */
export type ExpectedNumber =
  | { readonly type: 'i8' | 'i16' | 'i32'; readonly value: number }
  | { readonly type: 'i64'; readonly value: bigint }
  | { readonly type: 'f32'; readonly bits: number }
  | { readonly type: 'f64'; readonly bits: bigint }
  | {
      readonly type: 'f32' | 'f64';
      readonly nan: 'canonical' | 'arithmetic';
    };

/** An expected result of `assert_return`. */
export type Expected =
  | ScriptValue
  | ExpectedNumber
  /** `(v128.const shape lane*)` where a lane may be a NaN pattern. */
  | {
      readonly type: 'v128.lanes';
      readonly shape: 'i8x16' | 'i16x8' | 'i32x4' | 'i64x2' | 'f32x4' | 'f64x2';
      readonly lanes: readonly ExpectedNumber[];
    }
  /**
   * `(ref.func)`, `(ref.extern)` (no number), `(ref.any)`, `(ref.eq)`,
   * `(ref.i31)`, `(ref.struct)`, `(ref.array)`, `(ref.exn)`, `(ref.null)`
   * (no heap type): any non-null reference of that kind (`ref.null`: any
   * null reference).
   */
  | {
      readonly type: 'ref.kind';
      readonly kind:
        | 'func'
        | 'extern'
        | 'any'
        | 'eq'
        | 'i31'
        | 'struct'
        | 'array'
        | 'exn'
        | 'null';
    }
  /** `(either r1 r2 ...)`: any one of the alternatives. */
  | { readonly type: 'either'; readonly options: readonly Expected[] };

/** `(invoke $m? "name" arg*)` or `(get $m? "name")`. */
export type Action =
  | {
      readonly kind: 'invoke';
      /** The module's `$id`, or `null` for the latest module. */
      readonly module: string | null;
      readonly name: string;
      readonly args: readonly ScriptValue[];
      readonly span: Span;
    }
  | {
      readonly kind: 'get';
      readonly module: string | null;
      readonly name: string;
      readonly span: Span;
    };

/** One command of a script. */
export type Command =
  | {
      /** `(module ...)`; with `definition`, only defined, not instantiated. */
      readonly kind: 'module';
      readonly module: ScriptModule;
      readonly definition: boolean;
      readonly span: Span;
    }
  | {
      /** `(module instance $i? $m?)`: instantiates a module definition. */
      readonly kind: 'module_instance';
      readonly instance: string | null;
      readonly module: string | null;
      readonly span: Span;
    }
  | {
      /** `(register "name" $m?)` */
      readonly kind: 'register';
      readonly name: string;
      readonly module: string | null;
      readonly span: Span;
    }
  | { readonly kind: 'action'; readonly action: Action; readonly span: Span }
  | {
      readonly kind: 'assert_return';
      readonly action: Action;
      readonly expected: readonly Expected[];
      readonly span: Span;
    }
  | {
      /** A trap of an action, or of a module's instantiation. */
      readonly kind: 'assert_trap';
      readonly action: Action | ScriptModule;
      readonly message: string;
      readonly span: Span;
    }
  | {
      readonly kind: 'assert_exhaustion';
      readonly action: Action;
      readonly message: string;
      readonly span: Span;
    }
  | {
      readonly kind: 'assert_exception';
      readonly action: Action;
      readonly span: Span;
    }
  | {
      readonly kind:
        | 'assert_invalid'
        | 'assert_malformed'
        | 'assert_unlinkable'
        | 'assert_uninstantiable'
        /** `assert_invalid_custom`/`assert_malformed_custom` (custom sections). */
        | 'assert_invalid_custom'
        | 'assert_malformed_custom';
      readonly module: ScriptModule;
      readonly message: string;
      readonly span: Span;
    };

/** A parsed WAST script. */
export interface Script {
  readonly filename: string | null;
  readonly commands: readonly Command[];
}
