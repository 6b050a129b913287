// The WAST runner's view of @tswasm/engine: exact values both ways, and the
// engine's error classes mapped to the script's failure kinds.

import type * as engineModule from '@tswasm/engine';
import type {
  CanonValType,
  CompiledModule,
  Engine,
  ExternValue,
  Instance,
  WasmValue,
} from '@tswasm/engine';
import {
  type FeatureOptions,
  type ValType,
  f32ToBits,
  f64ToBits,
} from '@tswasm/ir';
import type { ScriptValue } from '@tswasm/text';
import type {
  CompileOutcome,
  EngineAdapter,
  Failure,
  WastValue,
} from '@tswasm/wast';
import { loadEngine } from '../packages.js';

type EngineApi = typeof engineModule;

/** Heap types of the `extern` hierarchy. */
const externHeaps = new Set(['extern', 'noextern']);

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Decode errors make malformed modules, validation errors invalid ones. */
function compileKind(error: unknown): 'malformed' | 'invalid' | 'unclassified' {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (e.name === 'DecodeError') return 'malformed';
    if (e.name === 'ValidationError') return 'invalid';
  }
  return 'unclassified';
}

function failureOf(error: unknown): Failure {
  const message = messageOf(error);
  const name = error instanceof Error ? error.name : 'Error';
  switch (name) {
    case 'Trap':
      return {
        ok: false,
        kind:
          (error as { kind?: unknown }).kind === 'callStackExhausted'
            ? 'exhaustion'
            : 'trap',
        message,
      };
    case 'LinkError':
      return { ok: false, kind: 'link', message };
    case 'UncaughtException':
      return { ok: false, kind: 'exception', message };
    default:
      return { ok: false, kind: 'error', message: `${name}: ${message}` };
  }
}

/**
 * The `spectest` host module, made of host objects as the reference
 * interpreter makes it (so `memory` and `shared_memory` coexist under any
 * features). Only `exports` is read from instances.
 * @see https://github.com/WebAssembly/spec/blob/main/interpreter/host/spectest.ml
 */
function makeSpectest(engine: Engine): Instance {
  const exports = new Map<string, ExternValue>();
  const printers: [string, ValType[]][] = [
    ['print', []],
    ['print_i32', ['i32']],
    ['print_i64', ['i64']],
    ['print_f32', ['f32']],
    ['print_f64', ['f64']],
    ['print_i32_f32', ['i32', 'f32']],
    ['print_f64_f64', ['f64', 'f64']],
  ];
  for (const [name, params] of printers) {
    exports.set(
      name,
      engine.hostFunction({ params, results: [] }, () => []),
    );
  }
  const global = (valType: ValType, value: WasmValue): ExternValue =>
    engine.createGlobal({ valType, mutable: false }, value);
  exports.set('global_i32', global('i32', { type: 'i32', value: 666 }));
  exports.set('global_i64', global('i64', { type: 'i64', value: 666n }));
  exports.set(
    'global_f32',
    global('f32', { type: 'f32', bits: f32ToBits(666.6) }),
  );
  exports.set(
    'global_f64',
    global('f64', { type: 'f64', bits: f64ToBits(666.6) }),
  );
  const funcref = { kind: 'ref', nullable: true, heapType: 'func' } as const;
  for (const [name, addressType] of [
    ['table', 'i32'],
    ['table64', 'i64'],
  ] as const) {
    exports.set(
      name,
      engine.createTable({
        elemType: funcref,
        limits: { min: 10, max: 20 },
        addressType,
      }),
    );
  }
  for (const [name, shared] of [
    ['memory', false],
    ['shared_memory', true],
  ] as const) {
    exports.set(
      name,
      engine.createMemory({
        limits: { min: 1, max: 2 },
        addressType: 'i32',
        shared,
        pageSizeLog2: null,
      }),
    );
  }
  return { exports } as unknown as Instance;
}

/**
 * An adapter over a new `Engine` with `features`, for `runScript`. Each
 * script should get its own adapter (one store), as it gets its own registry.
 */
export function createEngineAdapter(
  api: EngineApi,
  features: FeatureOptions,
  options: TswasmAdapterOptions = {},
): EngineAdapter<CompiledModule, Instance> {
  const {
    Engine,
    ExternI31,
    Global,
    HostAnyRef,
    WasmArray,
    WasmException,
    WasmFunction,
    WasmStruct,
  } = api;
  const engine = new Engine({
    features,
    ...(options.tier === undefined ? {} : { tier: options.tier }),
  });

  // Host references: `(ref.extern n)` is the same object every time.
  const hostRefs = new Map<number, object>();
  const hostNumbers = new WeakMap<object, number>();
  const hostRef = (n: number): object => {
    let ref = hostRefs.get(n);
    if (ref === undefined) {
      ref = { hostRef: n };
      hostRefs.set(n, ref);
      hostNumbers.set(ref, n);
    }
    return ref;
  };

  const toWasm = (value: ScriptValue): WasmValue => {
    switch (value.type) {
      case 'ref.null':
        return { type: 'ref', value: null };
      case 'ref.extern':
        return { type: 'ref', value: hostRef(value.value) };
      case 'ref.host':
        return { type: 'ref', value: new HostAnyRef(hostRef(value.value)) };
      case 'i32':
      case 'i64':
      case 'f32':
      case 'f64':
      case 'v128':
        return value;
    }
  };

  const fromWasm = (
    value: WasmValue,
    type: CanonValType | undefined,
  ): WastValue => {
    if (value.type !== 'ref') return value;
    const ref = value.value;
    if (ref === null || ref === undefined)
      return { type: 'ref.null', heapType: 'none' };
    const heap =
      typeof type === 'object' ? (type as { heap?: unknown }).heap : undefined;
    const inExtern = typeof heap === 'string' && externHeaps.has(heap);
    if (typeof ref === 'object') {
      const host = hostNumbers.get(ref);
      if (host !== undefined) return { type: 'ref.extern', value: host };
      if (ref instanceof HostAnyRef) {
        const inner =
          typeof ref.value === 'object' && ref.value !== null
            ? hostNumbers.get(ref.value)
            : undefined;
        if (inner !== undefined) {
          return { type: inExtern ? 'ref.extern' : 'ref.host', value: inner };
        }
        return { type: 'ref', kind: inExtern ? 'extern' : 'any' };
      }
    }
    if (inExtern || ref instanceof ExternI31)
      return { type: 'ref', kind: 'extern' };
    if (typeof ref === 'number') return { type: 'ref', kind: 'i31' };
    if (ref instanceof WasmFunction) return { type: 'ref', kind: 'func' };
    if (ref instanceof WasmStruct) return { type: 'ref', kind: 'struct' };
    if (ref instanceof WasmArray) return { type: 'ref', kind: 'array' };
    if (ref instanceof WasmException) return { type: 'ref', kind: 'exn' };
    return { type: 'ref', kind: 'extern' };
  };

  return {
    name: 'tswasm',
    specMessages: true,
    compile(bytes): CompileOutcome<CompiledModule> {
      try {
        return { ok: true, module: engine.compile(bytes) };
      } catch (error) {
        return {
          ok: false,
          kind: compileKind(error),
          message: messageOf(error),
        };
      }
    },
    instantiate(module, imports) {
      const namespaces = new Map<string, ReadonlyMap<string, ExternValue>>();
      for (const [name, instance] of imports)
        namespaces.set(name, instance.exports);
      try {
        return { ok: true, instance: engine.instantiate(module, namespaces) };
      } catch (error) {
        return failureOf(error);
      }
    },
    invoke(instance, name, args) {
      const func = instance.exports.get(name);
      if (!(func instanceof WasmFunction)) {
        return {
          ok: false,
          kind: 'error',
          message: `no exported function "${name}"`,
        };
      }
      try {
        const values = engine.call(func, args.map(toWasm));
        return {
          ok: true,
          values: values.map((value, i) => fromWasm(value, func.results[i])),
        };
      } catch (error) {
        return failureOf(error);
      }
    },
    spectest() {
      try {
        return { ok: true, instance: makeSpectest(engine) };
      } catch (error) {
        return failureOf(error);
      }
    },
    get(instance, name) {
      const global = instance.exports.get(name);
      if (!(global instanceof Global)) {
        return {
          ok: false,
          kind: 'error',
          message: `no exported global "${name}"`,
        };
      }
      try {
        return {
          ok: true,
          values: [fromWasm(engine.getGlobal(global), global.type)],
        };
      } catch (error) {
        return failureOf(error);
      }
    },
  };
}

/** Options of {@link tswasmAdapter}. */
export interface TswasmAdapterOptions {
  /** The engine tier; the engine's default (`TSWASM_TIER`, else `interp`) when absent. */
  readonly tier?: 'interp' | 'js';
}

/**
 * An adapter that runs scripts on `@tswasm/engine`, passing values exactly.
 * Each script should get its own adapter (one store).
 */
export async function tswasmAdapter(
  features: FeatureOptions,
  options: TswasmAdapterOptions = {},
): Promise<EngineAdapter<CompiledModule, Instance>> {
  return createEngineAdapter(await loadEngine(['Engine']), features, options);
}
