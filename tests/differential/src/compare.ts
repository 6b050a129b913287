// Runs one call on our engine and on V8's native WebAssembly and classifies
// the pair of outcomes. Values are compared as raw bits; NaN results whose
// bits the spec leaves undetermined are compared by NaN-ness only; traps are
// compared by kind, mapping V8's messages onto our trap kinds.

import {
  type Memory,
  Trap,
  type TrapKind,
  UncaughtException,
  type WasmValue,
} from '@tswasm/engine';
import { type Bits, type NumType, isNaNBits } from './edge-values.js';

/** What one side did. */
export type Outcome =
  | { readonly kind: 'values'; readonly values: readonly Bits[] }
  | { readonly kind: 'trap'; readonly trap: string }
  | { readonly kind: 'error'; readonly message: string };

/** How a pair of outcomes compares. */
export type Verdict =
  | 'agree'
  /** Both NaN with different bits where the spec allows it. */
  | 'agree-nan'
  | 'value-mismatch'
  | 'trap-mismatch'
  | 'ours-traps-native-returns'
  | 'native-traps-ours-returns'
  | 'memory-mismatch'
  | 'globals-mismatch'
  | 'ours-error';

/** V8's trap messages and the trap kinds of ours each may stand for. */
const nativeTrapKinds: Readonly<
  Record<string, readonly (TrapKind | 'uncaughtException')[]>
> = {
  'uncaught exception': ['uncaughtException'],
  unreachable: ['unreachable'],
  'memory access out of bounds': ['memoryOutOfBounds'],
  'divide by zero': ['divideByZero'],
  'remainder by zero': ['divideByZero'],
  'divide result unrepresentable': ['integerOverflow'],
  // V8 does not tell a NaN from an out-of-range value.
  'float unrepresentable in integer range': [
    'invalidConversion',
    'integerOverflow',
  ],
  'table index is out of bounds': ['undefinedElement', 'tableOutOfBounds'],
  // V8 does not tell a null slot from a wrong type.
  'null function or function signature mismatch': [
    'indirectCallTypeMismatch',
    'uninitializedElement',
    'nullFunctionReference',
  ],
  'Maximum call stack size exceeded': ['callStackExhausted'],
  'element segment out of bounds': [
    'elementSegmentOutOfBounds',
    'tableOutOfBounds',
  ],
  'data segment out of bounds': ['dataSegmentOutOfBounds', 'memoryOutOfBounds'],
  'dereferencing a null pointer': [
    'nullReference',
    'nullFunctionReference',
    'nullStructureReference',
    'nullArrayReference',
    'nullI31Reference',
    'nullExceptionReference',
  ],
  'illegal cast': ['castFailure'],
  'array element access out of bounds': ['arrayOutOfBounds'],
};

/** A native module of `bytes` (V8 takes only ArrayBuffer-backed views). */
export function nativeModule(bytes: Uint8Array): WebAssembly.Module {
  return new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
}

/** Whether `error` is an uncaught wasm exception from V8 (the DOM typings lack `WebAssembly.Exception`). */
export function isNativeException(error: unknown): boolean {
  const exception = (
    WebAssembly as unknown as { Exception?: abstract new () => object }
  ).Exception;
  return exception !== undefined && error instanceof exception;
}

/** The outcome of calling a native export (its parameters and results all i32/i64). */
export function runNative(
  f: (...args: unknown[]) => unknown,
  args: readonly Bits[],
  resultCount: number,
): Outcome {
  try {
    const result = f(...args);
    const values =
      resultCount === 0
        ? []
        : resultCount === 1
          ? [result]
          : (result as unknown[]);
    return { kind: 'values', values: values as Bits[] };
  } catch (error) {
    // An uncaught wasm exception is an outcome like a trap.
    if (isNativeException(error))
      return { kind: 'trap', trap: 'uncaught exception' };
    if (
      error instanceof WebAssembly.RuntimeError ||
      error instanceof RangeError
    ) {
      return { kind: 'trap', trap: error.message };
    }
    return { kind: 'error', message: String(error) };
  }
}

/** The outcome of a call on our engine. */
export function runOurs(call: () => WasmValue[]): Outcome {
  try {
    const values = call().map((v): Bits => {
      switch (v.type) {
        case 'i32':
          return v.value;
        case 'i64':
          return v.value;
        case 'f32':
          return v.bits;
        case 'f64':
          return v.bits;
        case 'v128':
        case 'ref':
          throw new Error(`unexpected result type ${v.type}`);
      }
    });
    return { kind: 'values', values };
  } catch (error) {
    if (error instanceof Trap) return { kind: 'trap', trap: error.kind };
    if (error instanceof UncaughtException)
      return { kind: 'trap', trap: 'uncaughtException' };
    return {
      kind: 'error',
      message:
        error instanceof Error
          ? `${error.name}: ${error.message}`
          : String(error),
    };
  }
}

/** Whether raw bits are equal as values of `type` (i32 results may come signed or unsigned). */
function sameBits(type: NumType, a: Bits, b: Bits): boolean {
  if (type === 'i32' || type === 'f32')
    return (Number(a) | 0) === (Number(b) | 0);
  return BigInt.asUintN(64, BigInt(a)) === BigInt.asUintN(64, BigInt(b));
}

/**
 * Compares our outcome with V8's. `types` are the result types; for a float
 * result whose NaN bits are undetermined (`exact[i]` false), two NaNs agree.
 */
export function compareOutcomes(
  ours: Outcome,
  native: Outcome,
  types: readonly NumType[],
  exact: readonly boolean[],
): Verdict {
  if (ours.kind === 'error') return 'ours-error';
  if (native.kind === 'error')
    throw new Error(`native call failed: ${native.message}`);
  if (ours.kind === 'trap' && native.kind === 'trap') {
    const kinds = nativeTrapKinds[native.trap];
    // An unknown message shows up as a mismatch, with both messages in its detail.
    return kinds !== undefined &&
      kinds.includes(ours.trap as TrapKind | 'uncaughtException')
      ? 'agree'
      : 'trap-mismatch';
  }
  if (ours.kind === 'trap') return 'ours-traps-native-returns';
  if (native.kind === 'trap') return 'native-traps-ours-returns';
  let verdict: Verdict = 'agree';
  for (let i = 0; i < types.length; i++) {
    const type = types[i]!;
    const a = ours.values[i]!;
    const b = native.values[i]!;
    if (sameBits(type, a, b)) continue;
    if (
      (type === 'f32' || type === 'f64') &&
      !exact[i] &&
      isNaNBits(type, a) &&
      isNaNBits(type, b)
    ) {
      verdict = 'agree-nan';
      continue;
    }
    return 'value-mismatch';
  }
  return verdict;
}

/** Whether our memory and V8's hold the same bytes. */
export function sameMemory(ours: Memory, native: WebAssembly.Memory): boolean {
  const a = ours.bytes;
  const b = new Uint8Array(native.buffer);
  // memcmp: memories grow to gigabytes in some spec tests.
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/** Where two memories first differ, for a failure message. */
export function memoryDifference(
  ours: Memory,
  native: WebAssembly.Memory,
): string {
  const a = ours.bytes;
  const b = new Uint8Array(native.buffer);
  if (a.length !== b.length)
    return `ours ${a.length} bytes, V8 ${b.length} bytes`;
  let first = -1;
  let count = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (first < 0) first = i;
    count++;
  }
  const show = (m: Uint8Array): string =>
    [...m.subarray(first, first + 8)]
      .map((x) => x.toString(16).padStart(2, '0'))
      .join(' ');
  return `${count} bytes differ from offset ${first}: ours ${show(a)}, V8 ${show(b)}`;
}

/** Counts of calls by verdict, and the first few disagreements in detail. */
export class Tally {
  programs = 0;
  calls = 0;
  readonly verdicts = new Map<Verdict, number>();
  readonly disagreements: string[] = [];
  /** Our outcomes by kind (`value`, or the trap kind), to show what the calls exercised. */
  readonly outcomes = new Map<string, number>();
  /** Disagreements matched by a known failure, by its reason. */
  readonly known = new Map<string, number>();

  /** Counts one of our outcomes. */
  recordOutcome(o: Outcome): void {
    const key =
      o.kind === 'values' ? 'value' : o.kind === 'trap' ? o.trap : 'error';
    this.outcomes.set(key, (this.outcomes.get(key) ?? 0) + 1);
  }

  record(
    verdict: Verdict,
    detail: () => string,
    knownReason: string | null,
  ): void {
    this.calls++;
    this.verdicts.set(verdict, (this.verdicts.get(verdict) ?? 0) + 1);
    if (verdict === 'agree' || verdict === 'agree-nan') return;
    if (knownReason !== null) {
      this.known.set(knownReason, (this.known.get(knownReason) ?? 0) + 1);
      return;
    }
    if (this.disagreements.length < 20)
      this.disagreements.push(`${verdict}: ${detail()}`);
    else if (this.disagreements.length === 20)
      this.disagreements.push('... (more)');
  }

  get agreements(): number {
    return (
      (this.verdicts.get('agree') ?? 0) + (this.verdicts.get('agree-nan') ?? 0)
    );
  }

  summary(label: string): string {
    const by = [...this.verdicts].map(([v, n]) => `${v} ${n}`).join(', ');
    const known = [...this.known]
      .map(([r, n]) => `\n  known (${n}): ${r}`)
      .join('');
    const outcomes = [...this.outcomes]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    return `${label}: ${this.programs} programs, ${this.calls} calls, ${this.agreements} agreements (${by})${known}${outcomes ? `\n  our outcomes: ${outcomes}` : ''}`;
  }
}

/** Renders outcomes for a failure message. */
export function showOutcome(o: Outcome): string {
  switch (o.kind) {
    case 'values':
      return `[${o.values.map((v) => (typeof v === 'bigint' ? `${v}n` : `${v}`)).join(', ')}]`;
    case 'trap':
      return `trap ${o.trap}`;
    case 'error':
      return `error ${o.message}`;
  }
}
