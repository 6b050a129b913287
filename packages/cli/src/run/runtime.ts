// The engine `tswasm run` instantiates on: tswasm's own, or Node's native
// WebAssembly to compare against. Both are driven through the JS API's shape
// (imports and exports as JS functions and memories with a `buffer`), which
// is what WASI's import object speaks.

import {
  type FeatureOptions,
  type Module,
  type ValType,
  f32FromBits,
  f32ToBits,
  f64FromBits,
  f64ToBits,
  flattenTypes,
  funcTypeAt,
} from '@tswasm/ir';
import type * as engineModule from '@tswasm/engine';
import type { CanonValType, Engine, WasmValue } from '@tswasm/engine';
import { UsageError } from '../args.js';
import { loadEngine } from '../packages.js';

/** Limits a host can set on a run. */
export interface Limits {
  /** Instructions to run before trapping with `out of fuel`. */
  readonly fuel?: number;
  /** The most bytes any memory may grow to. */
  readonly maxMemoryBytes?: number;
  /**
   * Wall-clock milliseconds each call into the program (its start
   * function, `_initialize`, `_start` or the invoked export) may run before
   * trapping with `interrupted`.
   */
  readonly timeoutMs?: number;
}

/** An instance as the JS API gives it. */
export interface InstanceLike {
  readonly exports: Readonly<Record<string, unknown>>;
}

/** JS-API imports: module name -> field name -> value. */
export type JsImports = Readonly<
  Record<string, Readonly<Record<string, unknown>>>
>;

/** Instantiates binaries on one engine. */
export interface Runtime {
  instantiate(
    bytes: Uint8Array,
    module: Module,
    imports: JsImports,
  ): InstanceLike;
}

/** The engines `--engine` accepts. */
export const engineNames: readonly string[] = ['tswasm', 'v8'];

/** A wasm exception V8 let escape, reported as our engine reports one. */
class NativeUncaughtException extends Error {
  override readonly name = 'UncaughtException';
}

/** V8's ends of a run that are no `Error`s of ours, as our engine's. */
function nativeTrap(error: unknown): unknown {
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new WebAssembly.RuntimeError('call stack exhausted');
  }
  // WebAssembly.Exception is missing from TypeScript's lib.
  const { Exception } = WebAssembly as unknown as {
    Exception?: new (...args: never[]) => object;
  };
  if (Exception !== undefined && error instanceof Exception) {
    return new NativeUncaughtException('uncaught exception');
  }
  return error;
}

const nativeRuntime: Runtime = {
  instantiate(bytes, _module, imports) {
    const compiled = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
    let instance: WebAssembly.Instance;
    try {
      instance = new WebAssembly.Instance(
        compiled,
        imports as WebAssembly.Imports,
      );
    } catch (error) {
      // V8 reports a missing import module as a TypeError.
      if (error instanceof TypeError) {
        throw new WebAssembly.LinkError(error.message);
      }
      throw nativeTrap(error);
    }
    const exports: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(instance.exports)) {
      exports[name] =
        typeof value === 'function'
          ? (...args: unknown[]): unknown => {
              try {
                return (value as (...args: unknown[]) => unknown)(...args);
              } catch (error) {
                throw nativeTrap(error);
              }
            }
          : value;
    }
    return { exports };
  },
};

/** A JS value (JS API conventions) as an exact engine value of `type`. */
function toWasmValue(value: unknown, type: ValType | CanonValType): WasmValue {
  switch (type) {
    case 'i32':
      return { type: 'i32', value: Number(value) | 0 };
    case 'i64':
      return { type: 'i64', value: BigInt.asIntN(64, BigInt(value as bigint)) };
    case 'f32':
      return { type: 'f32', bits: f32ToBits(Number(value)) };
    case 'f64':
      return { type: 'f64', bits: f64ToBits(Number(value)) };
    case 'v128':
      return { type: 'v128', bytes: value as Uint8Array };
    default:
      return { type: 'ref', value };
  }
}

/** An exact engine value as a JS value (JS API conventions). */
function fromWasmValue(value: WasmValue): unknown {
  switch (value.type) {
    case 'i32':
    case 'i64':
    case 'ref':
      return value.value;
    case 'f32':
      return f32FromBits(value.bits);
    case 'f64':
      return f64FromBits(value.bits);
    case 'v128':
      return value.bytes;
  }
}

/** A JS API result: nothing, one value, or an array of them. */
function jsResult(values: readonly WasmValue[]): unknown {
  if (values.length === 0) return undefined;
  if (values.length === 1) return fromWasmValue(values[0]!);
  return values.map(fromWasmValue);
}

function engineRuntime(
  engine: Engine,
  engineApi: typeof engineModule,
): Runtime {
  const { WasmFunction } = engineApi;
  return {
    instantiate(bytes, module, imports) {
      const compiled = engine.compile(bytes);
      // JS functions become host functions of the type the module imports.
      const types = flattenTypes(module);
      const resolved: Record<string, Record<string, unknown>> = {};
      for (const imp of module.imports) {
        const value = imports[imp.module]?.[imp.name];
        if (value === undefined) continue;
        let extern = value;
        if (imp.desc.kind === 'func' && typeof value === 'function') {
          const type = funcTypeAt(types, imp.desc.typeIndex);
          if (type === undefined) continue;
          const callable = value as (...args: unknown[]) => unknown;
          extern = engine.hostFunction(type, (args) => {
            const returned = callable(...args.map(fromWasmValue));
            const results =
              type.results.length === 1
                ? [returned]
                : ((returned ?? []) as unknown[]);
            return type.results.map((t, i) => toWasmValue(results[i], t));
          });
        }
        (resolved[imp.module] ??= {})[imp.name] = extern;
      }
      const instance = engine.instantiate(compiled, resolved as never);
      // Exported functions become JS functions; everything else as it is
      // (a memory has the `buffer` WASI needs).
      const exports: Record<string, unknown> = {};
      for (const [name, value] of instance.exports) {
        exports[name] =
          value instanceof WasmFunction
            ? (...args: unknown[]) =>
                jsResult(
                  engine.call(
                    value,
                    value.params.map((t, i) => toWasmValue(args[i], t)),
                  ),
                )
            : value;
      }
      return { exports };
    },
  };
}

/** Opens `engine` with `limits`. */
export async function openRuntime(
  engine: string,
  limits: Limits,
  features: FeatureOptions,
): Promise<Runtime> {
  switch (engine) {
    case 'v8':
      if (
        limits.fuel !== undefined ||
        limits.maxMemoryBytes !== undefined ||
        limits.timeoutMs !== undefined
      ) {
        throw new UsageError(
          '--fuel, --max-memory and --timeout need --engine tswasm',
        );
      }
      return nativeRuntime;
    case 'tswasm': {
      const api = await loadEngine(['Engine', 'WasmFunction']);
      const maxMemoryPages =
        limits.maxMemoryBytes === undefined
          ? undefined
          : Math.floor(limits.maxMemoryBytes / api.wasmPageSize);
      const instance = new api.Engine({
        features,
        ...(limits.fuel === undefined ? {} : { fuel: limits.fuel }),
        ...(maxMemoryPages === undefined ? {} : { maxMemoryPages }),
        ...(limits.timeoutMs === undefined
          ? {}
          : { timeLimitMs: limits.timeoutMs }),
      });
      return engineRuntime(instance, api);
    }
    default:
      throw new UsageError(
        `unknown engine '${engine}' (expected ${engineNames.join(' or ')})`,
      );
  }
}
