// The `WebAssembly` namespace of the JS API, over the engine, so that glue
// code written for browsers and Node (emscripten, wasm-bindgen) runs
// unchanged.
// https://webassembly.github.io/spec/js-api/

import { DecodeError, decodeModule } from '@tswasm/decoder';
import {
  type ExternKind,
  type ValType,
  formatValType,
  funcTypeAt,
  flattenTypes,
} from '@tswasm/ir';
import { ValidationError } from '@tswasm/validator';
import type { CompiledModule } from '../engine.js';
import { Engine } from '../engine.js';
import type { ExternValue } from '../runtime/instance.js';
import {
  Global as RtGlobal,
  Memory as RtMemory,
  Table as RtTable,
  Tag as RtTag,
  WasmException,
  WasmFunction,
} from '../runtime/objects.js';
import { LinkError as RtLinkError, Trap } from '../runtime/trap.js';
import { type CanonValType, canonValType } from '../runtime/type-registry.js';
import { readGlobal, writeGlobal } from '../link/const-expr.js';
import {
  type FunctionBridge,
  toJSValue,
  toWebAssemblyValue,
} from './convert.js';
import {
  readRaw as readRawFrom,
  writeRaw as writeRawTo,
} from '../interpret/raw-values.js';
import {
  checkBodyLimits,
  checkModuleLimits,
  checkModuleSize,
  jsApiRuntimeLimits,
} from './limits.js';

/** A module that failed to decode or validate. */
export class CompileError extends Error {
  override readonly name: string = 'CompileError';
}
/** An import that could not be linked. */
export class LinkError extends Error {
  override readonly name: string = 'LinkError';
}
/** A trap; the engine's `Trap` is the `cause`. */
export class RuntimeError extends Error {
  override readonly name: string = 'RuntimeError';
}

const engine = new Engine({ maxTableSize: jsApiRuntimeLimits.tableSize });
const machine = engine.machine;
const registry = engine.registry;

// Functions and their JS wrappers, both ways.
const wrappers = new WeakMap<WasmFunction, (...args: unknown[]) => unknown>();
const wrapped = new WeakMap<object, WasmFunction>();

const bridge: FunctionBridge = {
  wrap(fn) {
    let w = wrappers.get(fn);
    if (w === undefined) {
      const f = fn;
      w = function (...args: unknown[]): unknown {
        const raw = f.params.map((t, i) =>
          toWebAssemblyValue(args[i], t, bridge),
        );
        const results = run(() => machine.invoke(f, raw));
        if (results.length === 0) return undefined;
        if (results.length === 1)
          return toJSValue(results[0], f.results[0]!, bridge);
        return results.map((r, i) => toJSValue(r, f.results[i]!, bridge));
      };
      Object.defineProperty(w, 'name', { value: String(fn.index) });
      Object.defineProperty(w, 'length', { value: fn.params.length });
      wrappers.set(fn, w);
      wrapped.set(w, fn);
    }
    return w;
  },
  unwrap(value) {
    return typeof value === 'function' ? wrapped.get(value) : undefined;
  },
};

// Exceptions: wasm's and the JS API's objects, both ways.
const jsExceptions = new WeakMap<WasmException, Exception>();

/** Runs wasm code, turning engine errors into the JS API's. */
function run<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw toJSError(e);
  }
}

function toJSError(e: unknown): unknown {
  if (e instanceof Trap) return new RuntimeError(e.message, { cause: e });
  if (e instanceof WasmException) return exceptionOf(e);
  if (e instanceof RtLinkError) return new LinkError(e.message, { cause: e });
  if (e instanceof DecodeError || e instanceof ValidationError)
    return new CompileError(e.message, { cause: e });
  return e;
}

function exceptionOf(e: WasmException): Exception {
  if (e instanceof Exception) return e;
  let x = jsExceptions.get(e);
  if (x === undefined) {
    x = Object.create(Exception.prototype) as Exception;
    (x as unknown as { inner: WasmException }).inner = e;
    jsExceptions.set(e, x);
  }
  return x;
}

function bytesOf(source: unknown): Uint8Array {
  if (source instanceof ArrayBuffer) return new Uint8Array(source.slice(0));
  if (ArrayBuffer.isView(source)) {
    return new Uint8Array(
      source.buffer.slice(
        source.byteOffset,
        source.byteOffset + source.byteLength,
      ) as ArrayBuffer,
    );
  }
  throw new TypeError('expected an ArrayBuffer or a typed array');
}

function valTypeName(t: ValType | CanonValType): string {
  if (typeof t === 'string') return t;
  if ('kind' in t) return formatValType(t);
  if (t.nullable && t.heap === 'func') return 'funcref';
  if (t.nullable && t.heap === 'extern') return 'externref';
  if (t.nullable && typeof t.heap === 'string') return `${t.heap}ref`;
  return `(ref${t.nullable ? ' null' : ''} ${String(t.heap)})`;
}

function parseValType(name: unknown): CanonValType {
  switch (name) {
    case 'i32':
    case 'i64':
    case 'f32':
    case 'f64':
    case 'v128':
      return name;
    case 'anyfunc':
    case 'funcref':
      return { nullable: true, heap: 'func' };
    case 'externref':
      return { nullable: true, heap: 'extern' };
    case 'anyref':
      return { nullable: true, heap: 'any' };
    case 'eqref':
      return { nullable: true, heap: 'eq' };
    case 'i31ref':
      return { nullable: true, heap: 'i31' };
    case 'structref':
      return { nullable: true, heap: 'struct' };
    case 'arrayref':
      return { nullable: true, heap: 'array' };
    case 'exnref':
      return { nullable: true, heap: 'exn' };
    default:
      throw new TypeError(`unknown value type ${String(name)}`);
  }
}

function toIndex(value: unknown, what: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 0xffffffff)
    throw new TypeError(`${what} must be a u32`);
  return Math.trunc(n);
}

function defaultValue(type: CanonValType): unknown {
  switch (type) {
    case 'i32':
    case 'f32':
      return 0;
    case 'i64':
    case 'f64':
      return 0n;
    case 'v128':
      return new Uint8Array(16);
    default:
      return null;
  }
}

// Type reflection

function funcTypeDescriptor(t: {
  params: readonly (ValType | CanonValType)[];
  results: readonly (ValType | CanonValType)[];
}) {
  return {
    parameters: t.params.map(valTypeName),
    results: t.results.map(valTypeName),
  };
}

/**
 * Decodes, checks against the JS API's implementation limits, and
 * validates a binary module.
 * @throws {CompileError} if it is malformed, exceeds a limit or is invalid.
 */
function compileBytes(bytes: Uint8Array): CompiledModule {
  const limitError = (message: string | null): void => {
    if (message !== null) throw new CompileError(message);
  };
  limitError(checkModuleSize(bytes));
  try {
    const module = decodeModule(bytes, {
      features: engine.features,
      eagerBodies: true,
    });
    limitError(checkModuleLimits(bytes, module));
    const compiled = engine.compileModule(module);
    limitError(checkBodyLimits(module, engine.features));
    return compiled;
  } catch (e) {
    throw toJSError(e);
  }
}

/** A compiled module. */
export class Module {
  /** @internal */
  readonly compiled: CompiledModule;
  constructor(bytes: unknown) {
    this.compiled = compileBytes(bytesOf(bytes));
  }

  /** The module's imports, with their types. */
  static imports(
    module: Module,
  ): { module: string; name: string; kind: ExternKind; type?: unknown }[] {
    if (!(module instanceof Module))
      throw new TypeError('expected a WebAssembly.Module');
    const m = module.compiled.module;
    const types = flattenTypes(m);
    return m.imports.map((imp) => {
      const d = imp.desc;
      let type: unknown;
      switch (d.kind) {
        case 'func': {
          const t = funcTypeAt(types, d.typeIndex);
          if (t !== undefined) type = funcTypeDescriptor(t);
          break;
        }
        case 'memory':
          type = limitsDescriptor(d.type.limits, {
            shared: d.type.shared,
            index: d.type.addressType,
          });
          break;
        case 'table':
          type = {
            element: valTypeName(d.type.elemType),
            ...limitsDescriptor(d.type.limits, {}),
          };
          break;
        case 'global':
          type = {
            value: valTypeName(d.type.valType),
            mutable: d.type.mutable,
          };
          break;
        case 'tag': {
          const t = funcTypeAt(types, d.type.typeIndex);
          if (t !== undefined) type = { parameters: t.params.map(valTypeName) };
          break;
        }
      }
      return { module: imp.module, name: imp.name, kind: d.kind, type };
    });
  }

  /** The module's exports, with their types. */
  static exports(
    module: Module,
  ): { name: string; kind: ExternKind; type?: unknown }[] {
    if (!(module instanceof Module))
      throw new TypeError('expected a WebAssembly.Module');
    const info = module.compiled.info;
    const m = info.module;
    const tables = [
      ...m.imports.flatMap((i) =>
        i.desc.kind === 'table' ? [i.desc.type] : [],
      ),
      ...m.tables.map((t) => t.type),
    ];
    const memories = [
      ...m.imports.flatMap((i) =>
        i.desc.kind === 'memory' ? [i.desc.type] : [],
      ),
      ...m.memories,
    ];
    return m.exports.map((e) => {
      let type: unknown;
      switch (e.kind) {
        case 'func':
          type = funcTypeDescriptor(info.funcType(e.index));
          break;
        case 'global': {
          const t = info.globalTypes[e.index]!;
          const mutable =
            e.index < m.imports.filter((i) => i.desc.kind === 'global').length
              ? (
                  m.imports.filter((i) => i.desc.kind === 'global')[e.index]!
                    .desc as { type: { mutable: boolean } }
                ).type.mutable
              : m.globals[
                  e.index -
                    m.imports.filter((i) => i.desc.kind === 'global').length
                ]!.type.mutable;
          type = { value: valTypeName(t), mutable };
          break;
        }
        case 'memory': {
          const t = memories[e.index]!;
          type = limitsDescriptor(t.limits, {
            shared: t.shared,
            index: t.addressType,
          });
          break;
        }
        case 'table': {
          const t = tables[e.index]!;
          type = {
            element: valTypeName(t.elemType),
            ...limitsDescriptor(t.limits, {}),
          };
          break;
        }
        case 'tag':
          type = { parameters: info.tagType(e.index).params.map(valTypeName) };
          break;
      }
      return { name: e.name, kind: e.kind, type };
    });
  }

  /** The contents of the custom sections named `name`. */
  static customSections(module: Module, name: string): ArrayBuffer[] {
    if (!(module instanceof Module))
      throw new TypeError('expected a WebAssembly.Module');
    const wanted = String(name);
    return module.compiled.module.customs
      .filter((c) => c.name === wanted)
      .map((c) => c.bytes.slice().buffer);
  }
}

function limitsDescriptor(
  limits: { min: number | bigint; max: number | bigint | null },
  extra: { shared?: boolean; index?: string },
): Record<string, unknown> {
  const out: Record<string, unknown> = { minimum: Number(limits.min) };
  if (limits.max !== null) out['maximum'] = Number(limits.max);
  if (extra.shared !== undefined) out['shared'] = extra.shared;
  if (extra.index !== undefined && extra.index !== 'i32')
    out['index'] = extra.index;
  return out;
}

// Wrapper objects of the store's memories, tables, globals, tags.
const memoryObjects = new WeakMap<RtMemory, Memory>();
const tableObjects = new WeakMap<RtTable, Table>();
const globalObjects = new WeakMap<RtGlobal, Global>();
const tagObjects = new WeakMap<RtTag, Tag>();

function wrapObject<R extends object, W>(
  map: WeakMap<R, W>,
  raw: R,
  proto: object,
  field: string,
): W {
  let w = map.get(raw);
  if (w === undefined) {
    w = Object.create(proto) as W;
    (w as Record<string, unknown>)[field] = raw;
    map.set(raw, w);
  }
  return w;
}

/** The JS value of an extern value (for exports). */
function externToJS(value: ExternValue): unknown {
  if (value instanceof WasmFunction) return bridge.wrap(value);
  if (value instanceof RtMemory)
    return wrapObject(memoryObjects, value, Memory.prototype, 'memory');
  if (value instanceof RtTable)
    return wrapObject(tableObjects, value, Table.prototype, 'table');
  if (value instanceof RtGlobal)
    return wrapObject(globalObjects, value, Global.prototype, 'global');
  return wrapObject(tagObjects, value, Tag.prototype, 'tag');
}

/** A host function for a JS callable imported with type `type`. */
function hostFunctionFor(
  callable: (...args: unknown[]) => unknown,
  typeId: number,
): WasmFunction {
  const params = registry.types[typeId]!.params;
  const results = registry.types[typeId]!.results;
  return new WasmFunction(typeId, registry, null, -1, (raw) => {
    const args = raw.map((r, i) => toJSValue(r, params[i]!, bridge));
    let ret: unknown;
    try {
      ret = callable(...args);
    } catch (e) {
      // A JS API exception enters wasm as the exception it wraps.
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      if (e instanceof Exception) throw e.inner;
      throw e;
    }
    if (results.length === 0) return undefined;
    if (results.length === 1)
      return toWebAssemblyValue(ret, results[0]!, bridge);
    if (ret === null || typeof ret !== 'object' || !(Symbol.iterator in ret)) {
      throw new TypeError(
        'a function with several results must return an iterable',
      );
    }
    const values = [...(ret as Iterable<unknown>)];
    if (values.length !== results.length)
      throw new TypeError('wrong number of results');
    return values.map((v, i) => toWebAssemblyValue(v, results[i]!, bridge));
  });
}

/** An instance of a module. */
export class Instance {
  readonly exports: Record<string, unknown>;
  constructor(module: Module, importObject?: unknown) {
    if (!(module instanceof Module))
      throw new TypeError('expected a WebAssembly.Module');
    const compiled = module.compiled;
    const info = compiled.info;
    const m = info.module;
    if (
      m.imports.length > 0 &&
      (importObject === undefined ||
        importObject === null ||
        typeof importObject !== 'object')
    ) {
      throw new TypeError('an import object is needed');
    }
    const resolved: Map<string, Map<string, ExternValue>> = new Map<
      string,
      Map<string, ExternValue>
    >();
    for (const imp of m.imports) {
      const ns = (importObject as Record<string, unknown>)[imp.module];
      if (ns === null || (typeof ns !== 'object' && typeof ns !== 'function')) {
        throw new TypeError(`import module "${imp.module}" is not an object`);
      }
      const v = (ns as Record<string, unknown>)[imp.name];
      let ext: ExternValue;
      const d = imp.desc;
      switch (d.kind) {
        case 'func': {
          if (typeof v !== 'function')
            throw new LinkError(
              `import ${imp.module}.${imp.name} is not a function`,
            );
          const fn = bridge.unwrap(v);
          // A JS function takes the import's own type.
          ext =
            fn ??
            hostFunctionFor(
              v as (...args: unknown[]) => unknown,
              info.typeIds[d.typeIndex]!,
            );
          break;
        }
        case 'global': {
          if (v instanceof Global) ext = v.global;
          else {
            const type = canonValType(d.type.valType, info.typeIds);
            if (d.type.mutable)
              throw new LinkError(
                `import ${imp.module}.${imp.name} must be a WebAssembly.Global`,
              );
            if (type === 'i64' && typeof v !== 'bigint')
              throw new LinkError(
                `import ${imp.module}.${imp.name} must be a BigInt`,
              );
            if (
              (type === 'i32' || type === 'f32' || type === 'f64') &&
              typeof v !== 'number'
            ) {
              throw new LinkError(
                `import ${imp.module}.${imp.name} must be a number`,
              );
            }
            if (type === 'v128')
              throw new LinkError(
                `import ${imp.module}.${imp.name}: v128 globals cannot be imported from JS`,
              );
            const g = new RtGlobal(type, false);
            g.ref = writeGlobal(
              type,
              g.bits,
              toWebAssemblyValue(v, type, bridge),
            );
            ext = g;
          }
          break;
        }
        case 'memory':
          if (!(v instanceof Memory))
            throw new LinkError(
              `import ${imp.module}.${imp.name} is not a WebAssembly.Memory`,
            );
          ext = v.memory;
          break;
        case 'table':
          if (!(v instanceof Table))
            throw new LinkError(
              `import ${imp.module}.${imp.name} is not a WebAssembly.Table`,
            );
          ext = v.table;
          break;
        case 'tag':
          if (!(v instanceof Tag))
            throw new LinkError(
              `import ${imp.module}.${imp.name} is not a WebAssembly.Tag`,
            );
          ext = v.tag;
          break;
      }
      let nsMap = resolved.get(imp.module);
      if (nsMap === undefined)
        resolved.set(imp.module, (nsMap = new Map<string, ExternValue>()));
      nsMap.set(imp.name, ext);
    }
    const instance = run(() => engine.instantiate(compiled, resolved));
    const exports: Record<string, unknown> = Object.create(null) as Record<
      string,
      unknown
    >;
    for (const [name, value] of instance.exports)
      exports[name] = externToJS(value);
    this.exports = Object.freeze(exports);
  }
}

/** A linear memory. */
export class Memory {
  /** @internal */
  declare readonly memory: RtMemory;
  constructor(descriptor: {
    initial?: number;
    minimum?: number;
    maximum?: number;
    shared?: boolean;
    address?: 'i32' | 'i64';
  }) {
    if (descriptor === null || typeof descriptor !== 'object')
      throw new TypeError('expected a memory descriptor');
    const initial = toIndex(
      descriptor.initial ?? descriptor.minimum,
      'initial',
    );
    const maximum =
      descriptor.maximum === undefined
        ? null
        : toIndex(descriptor.maximum, 'maximum');
    if (maximum !== null && maximum < initial)
      throw new RangeError('maximum is below initial');
    const addressType = descriptor.address ?? 'i32';
    const limit =
      addressType === 'i64'
        ? jsApiRuntimeLimits.memory64Pages
        : jsApiRuntimeLimits.memory32Pages;
    if (initial > limit || (maximum !== null && maximum > limit)) {
      throw new RangeError(
        `memory too large: the limit is ${limit} pages for ${addressType} memories`,
      );
    }
    let raw: RtMemory;
    try {
      raw = new RtMemory(initial, maximum, engine.maxMemoryPages, {
        shared: descriptor.shared === true,
        addressType,
      });
    } catch {
      throw new RangeError('could not allocate memory');
    }
    (this as { memory: RtMemory }).memory = raw;
    memoryObjects.set(raw, this);
  }

  /** The memory's bytes; replaced (and the old one detached) on growth. */
  get buffer(): ArrayBuffer {
    return this.memory.buffer;
  }

  /** Grows by `delta` pages; returns the old size in pages. */
  grow(delta: number): number {
    const d = toIndex(delta, 'delta');
    const r = this.memory.grow(d);
    if (r < 0) throw new RangeError('memory.grow failed');
    return r;
  }
}

/** A table. */
export class Table {
  /** @internal */
  declare readonly table: RtTable;
  constructor(
    descriptor: {
      element: string;
      initial?: number;
      minimum?: number;
      maximum?: number;
    },
    value?: unknown,
  ) {
    if (descriptor === null || typeof descriptor !== 'object')
      throw new TypeError('expected a table descriptor');
    const elem = parseValType(descriptor.element);
    if (typeof elem === 'string')
      throw new TypeError('a table holds references');
    const initial = toIndex(
      descriptor.initial ?? descriptor.minimum,
      'initial',
    );
    const maximum =
      descriptor.maximum === undefined
        ? null
        : toIndex(descriptor.maximum, 'maximum');
    if (maximum !== null && maximum < initial)
      throw new RangeError('maximum is below initial');
    if (initial > jsApiRuntimeLimits.tableSize) {
      throw new RangeError(
        `table too large: the limit is ${jsApiRuntimeLimits.tableSize} elements`,
      );
    }
    const init =
      value === undefined ? null : toWebAssemblyValue(value, elem, bridge);
    const raw = new RtTable(initial, maximum, engine.maxTableSize, elem, init);
    (this as { table: RtTable }).table = raw;
    tableObjects.set(raw, this);
  }

  get length(): number {
    return this.table.size;
  }

  get(index: number): unknown {
    const i = toIndex(index, 'index');
    if (i >= this.table.size) throw new RangeError('table index out of bounds');
    return toJSValue(this.table.elements[i], this.table.elemType, bridge);
  }

  set(index: number, value?: unknown): void {
    const i = toIndex(index, 'index');
    if (i >= this.table.size) throw new RangeError('table index out of bounds');
    this.table.elements[i] =
      value === undefined
        ? null
        : toWebAssemblyValue(value, this.table.elemType, bridge);
  }

  grow(delta: number, value?: unknown): number {
    const d = toIndex(delta, 'delta');
    const init =
      value === undefined
        ? null
        : toWebAssemblyValue(value, this.table.elemType, bridge);
    const r = this.table.grow(d, init);
    if (r < 0) throw new RangeError('table.grow failed');
    return r;
  }
}

/** A global. */
export class Global {
  /** @internal */
  declare readonly global: RtGlobal;
  constructor(
    descriptor: { value: string; mutable?: boolean },
    value?: unknown,
  ) {
    if (descriptor === null || typeof descriptor !== 'object')
      throw new TypeError('expected a global descriptor');
    const type = parseValType(descriptor.value);
    if (type === 'v128')
      throw new TypeError('v128 globals cannot be made from JS');
    const raw = new RtGlobal(type, descriptor.mutable === true);
    const v =
      value === undefined
        ? defaultValue(type)
        : toWebAssemblyValue(value, type, bridge);
    raw.ref = writeGlobal(type, raw.bits, v);
    (this as { global: RtGlobal }).global = raw;
    globalObjects.set(raw, this);
  }

  get value(): unknown {
    const g = this.global;
    return toJSValue(readGlobal(g.type, g.bits, g.ref), g.type, bridge);
  }

  set value(v: unknown) {
    const g = this.global;
    if (!g.mutable) throw new TypeError('the global is immutable');
    g.ref = writeGlobal(g.type, g.bits, toWebAssemblyValue(v, g.type, bridge));
  }

  valueOf(): unknown {
    return this.value;
  }
}

/** An exception tag. */
export class Tag {
  /** @internal */
  declare readonly tag: RtTag;
  constructor(descriptor: { parameters: readonly string[] }) {
    if (descriptor === null || typeof descriptor !== 'object')
      throw new TypeError('expected a tag descriptor');
    const params = [...descriptor.parameters].map(parseValType);
    const id = registry.internModule([
      {
        types: [
          {
            final: true,
            supertypes: [],
            composite: {
              kind: 'func',
              params: params.map(toIrValType),
              results: [],
            },
          },
        ],
      },
    ])[0]!;
    const raw = new RtTag(id, registry);
    (this as { tag: RtTag }).tag = raw;
    tagObjects.set(raw, this);
  }
}

function toIrValType(t: CanonValType): ValType {
  if (typeof t === 'string') return t;
  return { kind: 'ref', nullable: t.nullable, heapType: t.heap as 'any' };
}

/** A wasm exception, as JS sees it. */
export class Exception {
  /** @internal */
  declare readonly inner: WasmException;
  constructor(
    tag: Tag,
    payload: Iterable<unknown>,
    options?: { traceStack?: boolean },
  ) {
    if (!(tag instanceof Tag))
      throw new TypeError('expected a WebAssembly.Tag');
    const values = [...payload];
    const params = tag.tag.params;
    if (values.length !== params.length)
      throw new TypeError('wrong number of values for the tag');
    let words = 0;
    for (const p of params) words += p === 'v128' ? 4 : 2;
    const stack = {
      I: new Int32Array(words),
      refs: new Array<unknown>(words).fill(null),
    };
    let w = 0;
    params.forEach((p, i) => {
      const raw = toWebAssemblyValue(values[i], p, bridge);
      w = writeRawTo(stack, w, p, raw);
    });
    (this as { inner: WasmException }).inner = new WasmException(
      tag.tag,
      stack.I,
      stack.refs,
    );
    jsExceptions.set(this.inner, this);
    if (options?.traceStack === true) {
      Object.defineProperty(this, 'stack', {
        value: new Error().stack,
        configurable: true,
      });
    }
  }

  /** True when the exception has tag `tag`. */
  is(tag: Tag): boolean {
    if (!(tag instanceof Tag))
      throw new TypeError('expected a WebAssembly.Tag');
    return this.inner.tag === tag.tag;
  }

  /** Payload value `index`; the tag must be the exception's. */
  getArg(tag: Tag, index: number): unknown {
    if (!this.is(tag)) throw new TypeError('the exception has another tag');
    const params = tag.tag.params;
    const i = toIndex(index, 'index');
    if (i >= params.length) throw new RangeError('index out of range');
    let w = 0;
    for (let k = 0; k < i; k++) w += params[k] === 'v128' ? 4 : 2;
    const stack = { I: this.inner.words, refs: this.inner.refs };
    return toJSValue(readRawFrom(stack, w, params[i]!), params[i]!, bridge);
  }
}

/** True when `bytes` is a valid module. */
function validate(bytes: unknown): boolean {
  const b = bytesOf(bytes);
  try {
    compileBytes(b);
    return true;
  } catch {
    return false;
  }
}

/** Compiles a module (asynchronously, as the JS API says). */
function compile(bytes: unknown): Promise<Module> {
  return new Promise((resolve) => resolve(new Module(bytes)));
}

/** Compiles and instantiates, or instantiates a compiled module. */
function instantiate(
  source: unknown,
  importObject?: unknown,
): Promise<unknown> {
  return new Promise((resolve) => {
    if (source instanceof Module) {
      resolve(new Instance(source, importObject));
      return;
    }
    const module = new Module(source);
    resolve({ module, instance: new Instance(module, importObject) });
  });
}

/** `compile` over a `Response` (or a promise of one): its bytes, compiled. */
async function compileStreaming(source: unknown): Promise<Module> {
  const response = (await source) as { arrayBuffer(): Promise<ArrayBuffer> };
  return new Module(await response.arrayBuffer());
}

/** `instantiate` over a `Response` (or a promise of one). */
async function instantiateStreaming(
  source: unknown,
  importObject?: unknown,
): Promise<unknown> {
  const module = await compileStreaming(source);
  return { module, instance: new Instance(module, importObject) };
}

/** The `WebAssembly` namespace, over tswasm's engine. */
export const WebAssembly: {
  readonly Module: typeof Module;
  readonly Instance: typeof Instance;
  readonly Memory: typeof Memory;
  readonly Table: typeof Table;
  readonly Global: typeof Global;
  readonly Tag: typeof Tag;
  readonly Exception: typeof Exception;
  readonly CompileError: typeof CompileError;
  readonly LinkError: typeof LinkError;
  readonly RuntimeError: typeof RuntimeError;
  readonly validate: (bytes: unknown) => boolean;
  readonly compile: (bytes: unknown) => Promise<Module>;
  readonly instantiate: (
    source: unknown,
    importObject?: unknown,
  ) => Promise<unknown>;
  readonly compileStreaming: (source: unknown) => Promise<Module>;
  readonly instantiateStreaming: (
    source: unknown,
    importObject?: unknown,
  ) => Promise<unknown>;
} = Object.freeze({
  Module,
  Instance,
  Memory,
  Table,
  Global,
  Tag,
  Exception,
  CompileError,
  LinkError,
  RuntimeError,
  validate,
  compile,
  instantiate,
  compileStreaming,
  instantiateStreaming,
});
