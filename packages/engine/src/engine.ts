// The embedder API: an engine compiles modules, instantiates them against
// imports, and invokes their exports with exact values.

import { decodeModule } from '@tswasm/decoder';
import {
  type FeatureOptions,
  type FuncType,
  type GlobalType,
  type MemoryType,
  type Module,
  type TableType,
  type ValType,
  resolveFeatures,
} from '@tswasm/ir';
import { validateModule } from '@tswasm/validator';
import type { CompiledFunc } from './interpret/compiled-func.js';
import { JsTier } from './compile/js-tier.js';
import { Machine } from './interpret/machine.js';
import { readRaw } from './interpret/raw-values.js';
import { ModuleInfo } from './interpret/module-info.js';
import { writeGlobal, readGlobal } from './link/const-expr.js';
import { instantiate } from './link/instantiate.js';
import type { ExternValue, Instance } from './runtime/instance.js';
import {
  Global,
  Memory,
  Table,
  Tag,
  WasmException,
  WasmFunction,
  pageSize,
  refMatches,
} from './runtime/objects.js';
import {
  type CanonRefType,
  type CanonValType,
  TypeRegistry,
  canonValType,
} from './runtime/type-registry.js';
import { fromRaw, toRaw, type WasmValue } from './values.js';

/**
 * The execution tier: `'interp'`, the interpreter; `'js'`, functions compiled
 * to JavaScript on first call where the JS tier covers them (the interpreter
 * runs the others, and everything when the engine has fuel).
 */
export type Tier = 'interp' | 'js';

/** Options of an engine. */
export interface EngineOptions {
  /** Proposals to switch on or off, over the defaults (WebAssembly 3.0). */
  readonly features?: FeatureOptions;
  /** Execution tier; defaults to `$TSWASM_TIER`, else `'interp'`. */
  readonly tier?: Tier;
  /**
   * Fuel: a budget of executed instructions, charged at function entry and
   * at each loop iteration (by the instruction count of the function or
   * loop body). Running out traps with "out of fuel". Unlimited when absent.
   */
  readonly fuel?: number;
  /** Largest memory any instance may have, in 64 KiB pages (default 65536 = 4 GiB). */
  readonly maxMemoryPages?: number;
  /** Largest table any instance may have, in elements (default 10,000,000). */
  readonly maxTableSize?: number;
  /** Largest number of nested wasm frames before "call stack exhausted" (default 200,000). */
  readonly maxCallDepth?: number;
  /**
   * An interrupt flag: while element 0 is non-zero, running code traps
   * with "interrupted" (kind `interrupted`) at its next function entry or
   * loop iteration. Set it from another thread (the array over a
   * `SharedArrayBuffer`, with `Atomics.store`) or from a host function.
   * The engine never clears it: the host does, before calling again.
   */
  readonly interrupt?: Int32Array;
  /**
   * Wall-clock milliseconds that each call from the host into wasm may run
   * (`invoke`, `call`, a start function); running longer traps with
   * "interrupted (time limit exceeded)" (kind `interrupted`). Calls back
   * into wasm from host functions count towards their caller's limit, and
   * so does the time spent in host functions. Checked where the flag is.
   */
  readonly timeLimitMs?: number;
}

/** Imports: module name -> field name -> extern value, as nested maps or records. */
export type Imports =
  | ReadonlyMap<string, ReadonlyMap<string, ExternValue>>
  | Readonly<Record<string, Readonly<Record<string, ExternValue>>>>;

/** The default call depth limit. */
export const defaultMaxCallDepth = 200_000;

/**
 * A decoded and validated module, ready to instantiate (code is generated
 * lazily). It belongs to the engine that compiled it.
 */
export class CompiledModule {
  readonly module: Module;
  /** @internal */
  readonly info: ModuleInfo;
  /** @internal Compiled code of defined functions, shared by all instances. */
  readonly code: (CompiledFunc | null)[];
  constructor(module: Module, info: ModuleInfo) {
    this.module = module;
    this.info = info;
    this.code = new Array<CompiledFunc | null>(module.functions.length).fill(
      null,
    );
  }
}

/** An uncaught wasm exception, as the embedder sees it: its tag and payload. */
export class UncaughtException extends Error {
  override readonly name: string = 'UncaughtException';
  /** The exception (an exnref value). */
  readonly exception: WasmException;
  constructor(exception: WasmException) {
    super('uncaught exception');
    this.exception = exception;
  }

  /** The exception's tag. */
  get tag(): Tag {
    return this.exception.tag;
  }

  /** The exception's payload, exactly. */
  get values(): WasmValue[] {
    const e = this.exception;
    const out: WasmValue[] = [];
    let w = 0;
    for (const t of e.tag.params) {
      out.push(fromRaw(readRaw({ I: e.words, refs: e.refs }, w, t), t));
      w += t === 'v128' ? 4 : 2;
    }
    return out;
  }
}

function readTier(): Tier {
  const env = (
    globalThis as { process?: { env?: Record<string, string | undefined> } }
  ).process?.env;
  const tier = env?.['TSWASM_TIER'];
  return tier === 'js' ? 'js' : 'interp';
}

/**
 * A WebAssembly engine: a store of instances sharing one type registry and
 * one interpreter stack.
 *
 * ```ts
 * const engine = new Engine();
 * const instance = engine.instantiate(engine.compile(bytes), { env: { f } });
 * engine.invoke(instance, 'add', [{ type: 'i32', value: 1 }, { type: 'i32', value: 2 }]);
 * ```
 */
export class Engine {
  readonly features: FeatureOptions;
  readonly tier: Tier;
  readonly maxMemoryPages: number;
  readonly maxTableSize: number;
  readonly maxCallDepth: number;
  /** @internal */
  readonly registry: TypeRegistry = new TypeRegistry();
  /** @internal */
  readonly machine: Machine;

  constructor(options: EngineOptions = {}) {
    this.features = options.features ?? {};
    this.tier = options.tier ?? readTier();
    this.maxMemoryPages = options.maxMemoryPages ?? 65536;
    this.maxTableSize = options.maxTableSize ?? 10_000_000;
    this.maxCallDepth = options.maxCallDepth ?? defaultMaxCallDepth;
    const timeLimitMs = options.timeLimitMs;
    if (timeLimitMs !== undefined && !(timeLimitMs >= 0))
      throw new RangeError(`timeLimitMs ${timeLimitMs}: expected 0 or more`);
    this.machine = new Machine(this.registry, {
      maxCallDepth: this.maxCallDepth,
      fuel: options.fuel,
      interrupt: options.interrupt,
      timeLimitMs,
    });
    // Fuel is metered by the interpreter only.
    if (this.tier === 'js' && options.fuel === undefined) {
      const js = new JsTier(this.machine);
      this.machine.jsEntry = (fn) => js.entryOf(fn);
    }
  }

  /** Remaining fuel (`Infinity` when the engine was made without fuel). */
  get fuel(): number {
    return this.machine.fuel;
  }

  /** Refuels. Has no effect on an engine made without the `fuel` option. */
  set fuel(value: number) {
    this.machine.fuel = value;
  }

  /**
   * Decodes and validates a binary module (every function body included).
   * @throws {DecodeError} on a malformed binary.
   * @throws {ValidationError} on an invalid module.
   */
  compile(bytes: Uint8Array): CompiledModule {
    const module = decodeModule(bytes, {
      features: this.features,
      eagerBodies: true,
    });
    return this.compileModule(module);
  }

  /**
   * Validates a module given as IR.
   * @throws {ValidationError} on an invalid module.
   */
  compileModule(module: Module): CompiledModule {
    validateModule(module, { features: resolveFeatures(this.features) });
    return new CompiledModule(module, new ModuleInfo(module, this.registry));
  }

  /**
   * Instantiates a module.
   * @throws {LinkError} when an import is missing ("unknown import") or does not match ("incompatible import type").
   * @throws {Trap} when a segment does not fit or the start function traps.
   */
  instantiate(module: CompiledModule, imports: Imports = {}): Instance {
    if (module.info.registry !== this.registry) {
      throw new Error('the module was compiled by another engine');
    }
    const resolve = (mod: string, name: string): ExternValue | undefined => {
      if (imports instanceof Map)
        return (
          imports as ReadonlyMap<string, ReadonlyMap<string, ExternValue>>
        )
          .get(mod)
          ?.get(name);
      const record = (
        imports as Readonly<
          Record<string, Readonly<Record<string, ExternValue>>>
        >
      )[mod];
      return record !== undefined && Object.hasOwn(record, name)
        ? record[name]
        : undefined;
    };
    return this.wrapExceptions(() =>
      instantiate(module.info, module.code, resolve, this.machine, {
        maxMemoryPages: this.maxMemoryPages,
        maxTableSize: this.maxTableSize,
        caller: (fn, args) => this.call(fn, args),
      }),
    );
  }

  /**
   * Calls a function with exact values.
   * @throws {Trap} when execution traps.
   * @throws {UncaughtException} when a wasm exception escapes.
   * @throws {TypeError} when the arguments do not match the function's parameters.
   */
  call(func: WasmFunction, args: readonly WasmValue[]): WasmValue[] {
    if (args.length !== func.params.length) {
      throw new TypeError(
        `expected ${func.params.length} arguments, got ${args.length}`,
      );
    }
    func.params.forEach((t, i) => {
      const a = args[i]!;
      const expected = typeof t === 'string' ? t : 'ref';
      if (a.type !== expected)
        throw new TypeError(
          `argument ${i}: expected ${expected}, got ${a.type}`,
        );
    });
    const results = this.wrapExceptions(() =>
      this.machine.invoke(func, args.map(toRaw)),
    );
    return results.map((r, i) => fromRaw(r, func.results[i]!));
  }

  /**
   * Calls the exported function `name` of `instance`.
   * @throws {Error} when there is no such exported function.
   */
  invoke(
    instance: Instance,
    name: string,
    args: readonly WasmValue[],
  ): WasmValue[] {
    const f = instance.exports.get(name);
    if (!(f instanceof WasmFunction))
      throw new Error(`no exported function ${name}`);
    return this.call(f, args);
  }

  /**
   * A host function of type `[params] -> [results]` (types without type
   * indices). `impl` gets and returns exact values.
   */
  hostFunction(
    type: {
      readonly params: readonly ValType[];
      readonly results: readonly ValType[];
    },
    impl: (args: WasmValue[]) => WasmValue[] | void,
  ): WasmFunction {
    const typeId = this.internFuncType({
      kind: 'func',
      params: type.params,
      results: type.results,
    });
    const fn: WasmFunction = new WasmFunction(
      typeId,
      this.registry,
      null,
      -1,
      (raw) => {
        const args = raw.map((r, i) => fromRaw(r, fn.params[i]!));
        const out = impl(args) ?? [];
        if (out.length !== fn.results.length) {
          throw new TypeError(
            `host function returned ${out.length} values, expected ${fn.results.length}`,
          );
        }
        fn.results.forEach((t, i) => {
          const expected = typeof t === 'string' ? t : 'ref';
          if (out[i]!.type !== expected) {
            throw new TypeError(
              `host function result ${i}: expected ${expected}, got ${out[i]!.type}`,
            );
          }
        });
        const values = out.map(toRaw);
        return fn.results.length === 1 ? values[0] : values;
      },
    );
    return fn;
  }

  /** @internal A host function over raw values. */
  rawHostFunction(
    type: FuncType,
    impl: (args: unknown[]) => unknown,
  ): WasmFunction {
    return new WasmFunction(
      this.internFuncType(type),
      this.registry,
      null,
      -1,
      impl,
    );
  }

  /** @internal The canonical id of a function type without type indices. */
  internFuncType(type: FuncType): number {
    return this.registry.internModule([
      { types: [{ final: true, supertypes: [], composite: type }] },
    ])[0]!;
  }

  /** A new memory (`limits` in pages). */
  createMemory(type: MemoryType): Memory {
    const max = type.limits.max === null ? null : Number(type.limits.max);
    return new Memory(Number(type.limits.min), max, this.maxMemoryPages, {
      shared: type.shared,
      addressType: type.addressType,
      pageSizeLog2: type.pageSizeLog2 ?? 16,
    });
  }

  /** A new table whose elements are `init` (must match the element type). */
  createTable(type: TableType, init: unknown = null): Table {
    const elem = canonValType(type.elemType, []) as CanonRefType;
    const max = type.limits.max === null ? null : Number(type.limits.max);
    return new Table(
      Number(type.limits.min),
      max,
      this.maxTableSize,
      elem,
      init,
      type.addressType,
    );
  }

  /** A new global holding `value`. */
  createGlobal(type: GlobalType, value: WasmValue): Global {
    const g = new Global(canonValType(type.valType, []), type.mutable);
    g.ref = writeGlobal(g.type, g.bits, toRaw(value));
    return g;
  }

  /** A global's current value. */
  getGlobal(global: Global): WasmValue {
    return fromRaw(
      readGlobal(global.type, global.bits, global.ref),
      global.type,
    );
  }

  /** Sets a mutable global. */
  setGlobal(global: Global, value: WasmValue): void {
    global.ref = writeGlobal(global.type, global.bits, toRaw(value));
  }

  /** A new tag with parameters `params`. */
  createTag(params: readonly ValType[]): Tag {
    return new Tag(
      this.internFuncType({ kind: 'func', params, results: [] }),
      this.registry,
    );
  }

  /** True when `value` is a reference of `type` (a canonical reference type). */
  refMatches(value: unknown, type: CanonRefType): boolean {
    return refMatches(value, type, this.registry);
  }

  private wrapExceptions<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof WasmException) throw new UncaughtException(e);
      throw e;
    }
  }
}

/** Bytes per page of the JS API and of default memories. */
export const wasmPageSize: number = pageSize;

export type { CanonValType };
