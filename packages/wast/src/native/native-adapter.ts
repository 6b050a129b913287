// An adapter over the host's own `WebAssembly` (V8 in Node), to check the
// runner against an engine that is known to be right, and to compare.

import { f32FromBits, f32ToBits, f64FromBits, f64ToBits } from '@tswasm/ir';
import type { ScriptValue } from '@tswasm/text';
import type {
  ActionOutcome,
  CompileOutcome,
  EngineAdapter,
  Failure,
  InstantiateOutcome,
  WastValue,
} from '../adapter.js';
import {
  type ExportType,
  type RawFuncType,
  type RawValType,
  readExportTypes,
} from './export-types.js';
import { canShim, functionShim, globalShim, needsShim } from './shim.js';

/** A module compiled by the native engine, with its export types. */
export interface NativeModule {
  readonly module: WebAssembly.Module;
  /** `null` when the binary used an encoding the type reader does not know. */
  readonly exports: ReadonlyMap<string, ExportType> | null;
}

/** An instance of the native engine, with its export types. */
export interface NativeInstance {
  readonly instance: WebAssembly.Instance;
  readonly exports: ReadonlyMap<string, ExportType> | null;
}

/**
 * An adapter over the global `WebAssembly` object. f32, f64 and v128 values
 * travel through small wrapper modules as integers, so NaN payloads and
 * vectors are exact. Compile errors are `unclassified` (V8 does not say
 * whether a module is malformed or invalid) and messages are V8's own.
 */
export function nativeAdapter(): EngineAdapter<NativeModule, NativeInstance> {
  return new NativeAdapter();
}

type Callable = (...args: unknown[]) => unknown;

class NativeAdapter implements EngineAdapter<NativeModule, NativeInstance> {
  readonly name = 'v8';
  readonly specMessages = false;

  private readonly hostRefs = new Map<number, object>();
  private readonly hostNumbers = new WeakMap<object, number>();
  private readonly shimModules = new Map<string, WebAssembly.Module>();
  private readonly shims = new WeakMap<object, Callable>();

  compile(bytes: Uint8Array): CompileOutcome<NativeModule> {
    let module: WebAssembly.Module;
    try {
      module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
    } catch (error) {
      return { ok: false, kind: 'unclassified', message: messageOf(error) };
    }
    let exports: Map<string, ExportType> | null;
    try {
      exports = readExportTypes(bytes);
    } catch {
      exports = null;
    }
    return { ok: true, module: { module, exports } };
  }

  instantiate(
    module: NativeModule,
    imports: ReadonlyMap<string, NativeInstance>,
  ): InstantiateOutcome<NativeInstance> {
    const importObject: Record<string, Record<string, unknown>> = {};
    for (const { module: from, name } of WebAssembly.Module.imports(
      module.module,
    )) {
      const instance = imports.get(from);
      if (instance === undefined) continue;
      const namespace = (importObject[from] ??= {});
      namespace[name] = instance.instance.exports[name];
    }
    try {
      const instance = new WebAssembly.Instance(
        module.module,
        importObject as WebAssembly.Imports,
      );
      return { ok: true, instance: { instance, exports: module.exports } };
    } catch (error) {
      // V8 throws a TypeError when an imported module is missing entirely.
      if (error instanceof TypeError) {
        return { ok: false, kind: 'link', message: messageOf(error) };
      }
      return failureOf(error);
    }
  }

  invoke(
    instance: NativeInstance,
    name: string,
    args: readonly ScriptValue[],
  ): ActionOutcome {
    const func = instance.instance.exports[name];
    if (typeof func !== 'function') {
      return {
        ok: false,
        kind: 'error',
        message: `no exported function "${name}"`,
      };
    }
    const exported = instance.exports?.get(name);
    const type = exported?.kind === 'func' ? exported.type : null;
    if (type === null) {
      if (args.some((arg) => arg.type === 'v128')) {
        return unsupported('v128 arguments of a function of unknown type');
      }
      return this.call(
        func as Callable,
        args.map((arg) => this.toJs(arg)),
        (result) => resultsOf(result).map((value) => this.guessValue(value)),
      );
    }
    if (args.length !== type.params.length) {
      return {
        ok: false,
        kind: 'error',
        message: `"${name}" takes ${type.params.length} arguments, got ${args.length}`,
      };
    }
    const all = [...type.params, ...type.results];
    if (!needsShim(all)) {
      return this.call(
        func as Callable,
        args.map((arg) => this.toJs(arg)),
        (result) =>
          resultsOf(result).map((value, i) =>
            this.fromJs(value, type.results[i]),
          ),
      );
    }
    if (!canShim(all)) {
      return unsupported('floats or vectors next to typed references');
    }
    const shim = this.functionShim(func as Callable, type);
    return this.call(
      shim,
      args.flatMap((arg) => this.toCarriers(arg)),
      (result) => this.fromCarriers(resultsOf(result), type.results),
    );
  }

  get(instance: NativeInstance, name: string): ActionOutcome {
    const global = instance.instance.exports[name];
    if (!(global instanceof WebAssembly.Global)) {
      return {
        ok: false,
        kind: 'error',
        message: `no exported global "${name}"`,
      };
    }
    const exported = instance.exports?.get(name);
    if (exported?.kind !== 'global') {
      return { ok: true, values: [this.guessValue(global.value)] };
    }
    if (!needsShim([exported.type])) {
      return { ok: true, values: [this.fromJs(global.value, exported.type)] };
    }
    const shim = this.instantiateShim(
      globalShim(exported.type, exported.mutable),
      global,
    );
    return this.call(shim, [], (result) =>
      this.fromCarriers(resultsOf(result), [exported.type]),
    );
  }

  // Calls

  private call(
    func: Callable,
    args: unknown[],
    convert: (result: unknown) => WastValue[],
  ): ActionOutcome {
    let result: unknown;
    try {
      result = func(...args);
    } catch (error) {
      return failureOf(error);
    }
    return { ok: true, values: convert(result) };
  }

  private functionShim(func: Callable, type: RawFuncType): Callable {
    let shim = this.shims.get(func);
    if (shim === undefined) {
      shim = this.instantiateShim(functionShim(type), func);
      this.shims.set(func, shim);
    }
    return shim;
  }

  private instantiateShim(bytes: Uint8Array, imported: unknown): Callable {
    const key = bytes.join(',');
    let module = this.shimModules.get(key);
    if (module === undefined) {
      module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
      this.shimModules.set(key, module);
    }
    const instance = new WebAssembly.Instance(module, {
      m: { x: imported as WebAssembly.ImportValue },
    });
    return instance.exports['f'] as Callable;
  }

  // Values

  private hostRef(value: number): object {
    let ref = this.hostRefs.get(value);
    if (ref === undefined) {
      ref = { hostRef: value };
      this.hostRefs.set(value, ref);
      this.hostNumbers.set(ref, value);
    }
    return ref;
  }

  private toJs(value: ScriptValue): unknown {
    switch (value.type) {
      case 'i32':
        return value.value | 0;
      case 'i64':
        return BigInt.asIntN(64, value.value);
      case 'f32':
        return f32FromBits(value.bits);
      case 'f64':
        return f64FromBits(value.bits);
      case 'v128':
        throw new Error('internal: v128 passed without a wrapper');
      case 'ref.null':
        return null;
      case 'ref.extern':
      case 'ref.host':
        return this.hostRef(value.value);
    }
  }

  private toCarriers(value: ScriptValue): unknown[] {
    switch (value.type) {
      case 'f32':
        return [value.bits | 0];
      case 'f64':
        return [BigInt.asIntN(64, value.bits)];
      case 'v128': {
        const view = new DataView(
          value.bytes.buffer,
          value.bytes.byteOffset,
          16,
        );
        return [view.getBigInt64(0, true), view.getBigInt64(8, true)];
      }
      case 'i32':
      case 'i64':
      case 'ref.null':
      case 'ref.extern':
      case 'ref.host':
        return [this.toJs(value)];
    }
  }

  private fromCarriers(
    carriers: readonly unknown[],
    types: readonly RawValType[],
  ): WastValue[] {
    const values: WastValue[] = [];
    let next = 0;
    for (const type of types) {
      const value = carriers[next++];
      switch (type.kind) {
        case 'f32':
          values.push({ type: 'f32', bits: Number(value) >>> 0 });
          break;
        case 'f64':
          values.push({
            type: 'f64',
            bits: BigInt.asUintN(64, value as bigint),
          });
          break;
        case 'v128': {
          const bytes = new Uint8Array(16);
          const view = new DataView(bytes.buffer);
          view.setBigInt64(0, value as bigint, true);
          view.setBigInt64(8, carriers[next++] as bigint, true);
          values.push({ type: 'v128', bytes });
          break;
        }
        case 'i32':
        case 'i64':
        case 'ref':
          values.push(this.fromJs(value, type));
      }
    }
    return values;
  }

  private fromJs(value: unknown, type: RawValType | undefined): WastValue {
    if (type === undefined) return this.guessValue(value);
    switch (type.kind) {
      case 'i32':
        return { type: 'i32', value: Number(value) | 0 };
      case 'i64':
        return { type: 'i64', value: BigInt.asIntN(64, value as bigint) };
      case 'f32':
        return { type: 'f32', bits: f32ToBits(Number(value)) };
      case 'f64':
        return { type: 'f64', bits: f64ToBits(Number(value)) };
      case 'v128':
        throw new Error('internal: v128 returned without a wrapper');
      case 'ref':
        return this.refValue(value, type.heap);
    }
  }

  private refValue(value: unknown, heap: string | null): WastValue {
    if (value === null) return { type: 'ref.null', heapType: 'none' };
    if (typeof value === 'object') {
      const host = this.hostNumbers.get(value);
      if (host !== undefined) {
        return heap === 'extern' || heap === 'noextern'
          ? { type: 'ref.extern', value: host }
          : { type: 'ref.host', value: host };
      }
    }
    if (typeof value === 'function') return { type: 'ref', kind: 'func' };
    if (heap === 'exn') return { type: 'ref', kind: 'exn' };
    if (heap === 'extern') return { type: 'ref', kind: 'extern' };
    return { type: 'ref', kind: 'any' };
  }

  /** A value whose wasm type is unknown: its JS type decides. */
  private guessValue(value: unknown): WastValue {
    if (typeof value === 'bigint') return { type: 'i64', value };
    if (typeof value === 'number') {
      return Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31
        ? { type: 'i32', value }
        : { type: 'f64', bits: f64ToBits(value) };
    }
    return this.refValue(value, 'extern');
  }
}

function resultsOf(result: unknown): unknown[] {
  if (result === undefined) return [];
  return Array.isArray(result) ? result : [result];
}

function unsupported(message: string): Failure {
  return { ok: false, kind: 'unsupported', message };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const exceptionClass = (
  WebAssembly as unknown as {
    Exception?: abstract new (...args: never[]) => unknown;
  }
).Exception;

/** What a thrown error means for a script. */
function failureOf(error: unknown): Failure {
  const message = messageOf(error);
  if (error instanceof WebAssembly.RuntimeError) {
    return { ok: false, kind: 'trap', message };
  }
  if (error instanceof WebAssembly.LinkError) {
    return { ok: false, kind: 'link', message };
  }
  if (error instanceof RangeError && /call stack/i.test(message)) {
    return { ok: false, kind: 'exhaustion', message };
  }
  if (exceptionClass !== undefined && error instanceof exceptionClass) {
    return { ok: false, kind: 'exception', message: 'uncaught exception' };
  }
  return {
    ok: false,
    kind: 'error',
    message: `${(error as Error).name ?? 'Error'}: ${message}`,
  };
}
