// An adapter of the WAST runner over @tswasm/engine's embedder API: exact
// values both ways, the engine's error classes mapped to the script's
// failure kinds.
import {
  Engine,
  ExternI31,
  Global,
  HostAnyRef,
  WasmArray,
  WasmException,
  WasmFunction,
  WasmStruct,
} from '@tswasm/engine';
import { f32ToBits, f64ToBits } from '@tswasm/ir';

/**
 * @typedef {import('@tswasm/engine').Instance} Instance
 * @typedef {import('@tswasm/engine').CompiledModule} CompiledModule
 * @typedef {import('@tswasm/engine').WasmValue} WasmValue
 * @typedef {import('@tswasm/engine').CanonValType} CanonValType
 * @typedef {import('@tswasm/text').ScriptValue} ScriptValue
 * @typedef {import('@tswasm/wast').WastValue} WastValue
 * @typedef {import('@tswasm/wast').Failure} Failure
 */

/** Heap types of the `extern` hierarchy. */
const externHeaps = new Set(['extern', 'noextern']);

/**
 * Makes an adapter over a new `Engine` with `features`. Every script gets
 * its own engine (one store), as every script gets its own registry.
 * @param {{ features?: import('@tswasm/ir').FeatureOptions, tier?: string }} options
 * @returns {import('@tswasm/wast').EngineAdapter<CompiledModule, Instance>}
 */
export function createEngineAdapter({ features = {}, tier = 'interp' } = {}) {
  const engine = new Engine({ features, tier: /** @type {any} */ (tier) });

  // Host references: `(ref.extern n)` is the same object every time.
  /** @type {Map<number, object>} */
  const hostRefs = new Map();
  /** @type {WeakMap<object, number>} */
  const hostNumbers = new WeakMap();
  /** @param {number} n */
  const hostRef = (n) => {
    let ref = hostRefs.get(n);
    if (ref === undefined) {
      ref = { hostRef: n };
      hostRefs.set(n, ref);
      hostNumbers.set(ref, n);
    }
    return ref;
  };

  /**
   * A script value as the engine takes it.
   * @param {ScriptValue} value
   * @returns {WasmValue}
   */
  const toWasm = (value) => {
    switch (value.type) {
      case 'ref.null':
        return { type: 'ref', value: null };
      case 'ref.extern':
        return { type: 'ref', value: hostRef(value.value) };
      case 'ref.host':
        return { type: 'ref', value: new HostAnyRef(hostRef(value.value)) };
      default:
        return value;
    }
  };

  /**
   * An engine value of type `type` as the runner compares it.
   * @param {WasmValue} value
   * @param {CanonValType | undefined} type
   * @returns {WastValue}
   */
  const fromWasm = (value, type) => {
    if (value.type !== 'ref') return value;
    const ref = value.value;
    if (ref === null || ref === undefined) {
      return { type: 'ref.null', heapType: 'none' };
    }
    const inExtern =
      typeof type === 'object' &&
      typeof type.heap === 'string' &&
      externHeaps.has(type.heap);
    if (typeof ref === 'object') {
      const host = hostNumbers.get(ref);
      if (host !== undefined) return { type: 'ref.extern', value: host };
      if (ref instanceof HostAnyRef) {
        const inner =
          typeof ref.value === 'object' && ref.value !== null
            ? hostNumbers.get(ref.value)
            : undefined;
        if (inner !== undefined) {
          return inExtern
            ? { type: 'ref.extern', value: inner }
            : { type: 'ref.host', value: inner };
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
    name: `tswasm-${tier}`,
    specMessages: true,
    compile(bytes) {
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
      const namespaces = new Map();
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

/**
 * The `spectest` host module, made of host objects as the reference
 * interpreter makes it (so `memory` and `shared_memory` coexist under any
 * features). Only `exports` is read from instances.
 * @see https://github.com/WebAssembly/spec/blob/main/interpreter/host/spectest.ml
 * @param {Engine} engine
 * @returns {Instance}
 */
function makeSpectest(engine) {
  /** @type {Map<string, import('@tswasm/engine').ExternValue>} */
  const exports = new Map();
  /** @type {[string, import('@tswasm/ir').ValType[]][]} */
  const printers = [
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
  const limits = (min, max) => ({ min, max });
  const global = (valType, value) =>
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
  const funcref = { kind: 'ref', nullable: true, heapType: 'func' };
  exports.set(
    'table',
    engine.createTable({
      elemType: funcref,
      limits: limits(10, 20),
      addressType: 'i32',
    }),
  );
  exports.set(
    'table64',
    engine.createTable({
      elemType: funcref,
      limits: limits(10, 20),
      addressType: 'i64',
    }),
  );
  const memory = (shared) =>
    engine.createMemory({
      limits: limits(1, 2),
      addressType: 'i32',
      shared,
      pageSizeLog2: null,
    });
  exports.set('memory', memory(false));
  exports.set('shared_memory', memory(true));
  return /** @type {Instance} */ (/** @type {unknown} */ ({ exports }));
}

/** @param {unknown} error */
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Decode errors are malformed modules, validation errors invalid ones.
 * @param {unknown} error
 * @returns {'malformed' | 'invalid' | 'unclassified'}
 */
function compileKind(error) {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (e.name === 'DecodeError') return 'malformed';
    if (e.name === 'ValidationError') return 'invalid';
  }
  return 'unclassified';
}

/**
 * @param {any} error
 * @returns {Failure}
 */
function failureOf(error) {
  const message = messageOf(error);
  switch (error?.name) {
    case 'Trap':
      return {
        ok: false,
        kind: error.kind === 'callStackExhausted' ? 'exhaustion' : 'trap',
        message,
      };
    case 'LinkError':
      return { ok: false, kind: 'link', message };
    case 'UncaughtException':
      return { ok: false, kind: 'exception', message };
    default:
      return {
        ok: false,
        kind: 'error',
        message: `${error?.name ?? 'Error'}: ${message}`,
      };
  }
}
