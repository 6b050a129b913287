// Run-time errors: traps, link errors, and the limits a host can set.
// https://webassembly.github.io/spec/core/exec/runtime.html

import { WasmError } from '@tswasm/ir';

/** Why execution trapped. */
export type TrapKind =
  | 'unreachable'
  | 'memoryOutOfBounds'
  | 'divideByZero'
  | 'integerOverflow'
  | 'invalidConversion'
  | 'undefinedElement'
  | 'uninitializedElement'
  | 'indirectCallTypeMismatch'
  | 'nullFunctionReference'
  | 'nullStructureReference'
  | 'nullArrayReference'
  | 'nullI31Reference'
  | 'nullExceptionReference'
  | 'nullReference'
  | 'arrayOutOfBounds'
  | 'castFailure'
  | 'callStackExhausted'
  | 'outOfFuel'
  | 'interrupted'
  | 'tableOutOfBounds'
  | 'unalignedAtomic'
  | 'dataSegmentOutOfBounds'
  | 'elementSegmentOutOfBounds'
  | 'outOfMemory'
  | 'expectedSharedMemory';

/** The spec test suite's wording of each trap. */
export const trapMessages: Readonly<Record<TrapKind, string>> = {
  unreachable: 'unreachable',
  memoryOutOfBounds: 'out of bounds memory access',
  divideByZero: 'integer divide by zero',
  integerOverflow: 'integer overflow',
  invalidConversion: 'invalid conversion to integer',
  undefinedElement: 'undefined element',
  uninitializedElement: 'uninitialized element',
  indirectCallTypeMismatch: 'indirect call type mismatch',
  nullFunctionReference: 'null function reference',
  nullStructureReference: 'null structure reference',
  nullArrayReference: 'null array reference',
  nullI31Reference: 'null i31 reference',
  nullExceptionReference: 'null exception reference',
  nullReference: 'null reference',
  arrayOutOfBounds: 'out of bounds array access',
  castFailure: 'cast failure',
  callStackExhausted: 'call stack exhausted',
  outOfFuel: 'out of fuel',
  interrupted: 'interrupted',
  tableOutOfBounds: 'out of bounds table access',
  unalignedAtomic: 'unaligned atomic',
  dataSegmentOutOfBounds: 'out of bounds memory access',
  elementSegmentOutOfBounds: 'out of bounds table access',
  outOfMemory: 'out of memory',
  expectedSharedMemory: 'expected shared memory',
};

/** One wasm frame of a trap's stack trace, innermost first. */
export interface WasmStackFrame {
  /** Function index in its module's function index space. */
  readonly funcIndex: number;
  /** Byte offset in the module binary of the instruction executing. */
  readonly offset: number;
  /** The function's name from the name section, if any. */
  readonly name?: string;
}

/**
 * A trap: execution stopped because an instruction's semantics say so, or a
 * limit set by the host was reached.
 */
export class Trap extends WasmError {
  override readonly name: string = 'Trap';
  /** Why execution trapped. */
  readonly kind: TrapKind;
  /** Function index of the innermost wasm frame, -1 outside any function. */
  funcIndex: number = -1;
  /** Byte offset of the trapping instruction in the module binary, -1 if unknown. */
  offset: number = -1;
  /** The wasm frames active when the trap happened, innermost first. */
  wasmStack: WasmStackFrame[] = [];
  /** `detail` follows the spec wording after a space, as the spec suite has it (e.g. an element index). */
  constructor(kind: TrapKind, options?: ErrorOptions, detail?: string) {
    super(
      detail === undefined
        ? trapMessages[kind]
        : `${trapMessages[kind]} ${detail}`,
      options,
    );
    this.kind = kind;
  }
}

/** Throws a trap of `kind`. The interpreter fills in the location. */
export function trap(kind: TrapKind, detail?: string): never {
  throw new Trap(kind, undefined, detail);
}

/** An import that could not be resolved or does not match its type. */
export class LinkError extends WasmError {
  override readonly name: string = 'LinkError';
  /** The import's module name. */
  readonly module: string;
  /** The import's field name. */
  readonly field: string;
  constructor(
    message: string,
    module: string,
    field: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.module = module;
    this.field = field;
  }
}
