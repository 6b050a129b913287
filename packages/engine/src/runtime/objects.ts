// The store's objects: functions, memories, tables, globals, tags, GC
// objects and exceptions. Instances hold them by reference, so one object
// can be shared by several instances.
// https://webassembly.github.io/spec/core/exec/runtime.html#store

import type {
  CanonRefType,
  CanonStorageType,
  CanonValType,
  TypeRegistry,
} from './type-registry.js';
import type { CompiledFunc } from '../interpret/compiled-func.js';
import type { Instance } from './instance.js';
import { Trap } from './trap.js';

/** Raw host function called with and returning values in the stack's encoding. */
export type HostImpl = (args: unknown[]) => unknown;

/** A function as JS-tier code calls it (values in the JS tier's encoding). */
export type JsCallable = (...args: unknown[]) => unknown;

/**
 * A function: defined by a wasm instance, or a host function. Function
 * references (funcref) are these objects.
 */
export class WasmFunction {
  /** Canonical id of the function's type. */
  readonly typeId: number;
  readonly params: readonly CanonValType[];
  readonly results: readonly CanonValType[];
  /** The defining instance; `null` for host functions. */
  readonly instance: Instance | null;
  /** Index in the defining module's function index space; -1 for host functions. */
  readonly index: number;
  /**
   * A host function: called with JS values (i32, f32, f64 as `number`, i64
   * as `bigint`, v128 as `Uint8Array`, references as they are); returns a
   * value, `undefined` for no results, or an array for several.
   */
  readonly host: HostImpl | null;
  /** Interpreter code, made on first call. */
  compiled: CompiledFunc | null = null;
  /** @internal JS tier: raw-value entry, `null` when the interpreter runs it; unset until first call. */
  jsEntry: HostImpl | null | undefined = undefined;
  /** @internal JS tier: how JS-tier code calls this function; unset until first call. */
  jsCallable: JsCallable | undefined = undefined;
  /** The JS function wrapping this one (JS API), made on demand. */
  jsFunction: unknown = undefined;
  constructor(
    typeId: number,
    registry: TypeRegistry,
    instance: Instance | null,
    index: number,
    host: HostImpl | null,
  ) {
    const type = registry.types[typeId]!;
    this.typeId = typeId;
    this.params = type.params;
    this.results = type.results;
    this.instance = instance;
    this.index = index;
    this.host = host;
  }
}

/** The JS API's page size, and the default one of the core spec. */
export const pageSize = 65536;

/**
 * A linear memory: one ArrayBuffer, replaced on growth (the old one is
 * detached where the platform allows), as the JS API's `Memory.buffer` is.
 *
 * Where the host has a `WebAssembly.Memory` of its own, memories with 64 KiB
 * pages keep their bytes in one: it grows in place, without a copy, and
 * still gives a new, fixed-length buffer per growth (detaching the old one).
 * Resizable ArrayBuffers would grow in place too, but Node 20's V8 runs
 * DataView accesses on them about ten times slower, and every load and
 * store goes through one. Elsewhere growth copies into a new ArrayBuffer.
 */
export class Memory {
  buffer: ArrayBuffer;
  view: DataView;
  bytes: Uint8Array;
  /** Current size in pages. */
  pages: number;
  /** Maximum size in pages: the declared maximum capped by the engine's limit. */
  readonly maxPages: number;
  /** The declared maximum in pages, `null` if none. */
  readonly declaredMax: number | null;
  readonly shared: boolean;
  readonly addressType: 'i32' | 'i64';
  /** log2 of the page size in bytes. */
  readonly pageSizeLog2: number;
  /** Called after every growth (the JS API refreshes its buffer object). */
  onGrow: (() => void) | null = null;
  /** The host memory holding the bytes, `null` when growth copies. */
  readonly #host: HostMemory | null;
  constructor(
    pages: number,
    declaredMax: number | null,
    limitPages: number,
    options: {
      shared?: boolean;
      addressType?: 'i32' | 'i64';
      pageSizeLog2?: number;
    } = {},
  ) {
    this.pageSizeLog2 = options.pageSizeLog2 ?? 16;
    this.addressType = options.addressType ?? 'i32';
    this.shared = options.shared ?? false;
    this.declaredMax = declaredMax;
    const hardMax =
      Math.floor(2 ** 32 / 2 ** this.pageSizeLog2) *
      (this.addressType === 'i64' ? 1 : 1);
    this.maxPages = Math.min(declaredMax ?? hardMax, limitPages, hardMax);
    if (pages > this.maxPages) throw new Trap('outOfMemory');
    this.pages = pages;
    // A memory that cannot grow needs no host memory.
    this.#host =
      this.pageSizeLog2 === 16 && !this.shared && this.maxPages > pages
        ? hostMemory(pages, this.maxPages)
        : null;
    this.buffer =
      this.#host?.buffer ?? allocate(pages * 2 ** this.pageSizeLog2);
    this.view = new DataView(this.buffer);
    this.bytes = new Uint8Array(this.buffer);
  }

  /** Size in bytes. */
  get byteLength(): number {
    return this.buffer.byteLength;
  }

  /** Grows by `delta` pages; returns the old size in pages, or -1 on failure. */
  grow(delta: number): number {
    const old = this.pages;
    if (delta < 0 || old + delta > this.maxPages) return -1;
    if (delta === 0) return old;
    let next: ArrayBuffer;
    if (this.#host !== null) {
      try {
        this.#host.grow(delta);
      } catch {
        return -1;
      }
      // The host has detached the old buffer.
      next = this.#host.buffer;
    } else {
      try {
        next = allocate((old + delta) * 2 ** this.pageSizeLog2);
      } catch {
        return -1;
      }
      new Uint8Array(next).set(this.bytes);
      detach(this.buffer);
    }
    this.buffer = next;
    this.view = new DataView(next);
    this.bytes = new Uint8Array(next);
    this.pages = old + delta;
    this.onGrow?.();
    return old;
  }
}

/** The part of the host's `WebAssembly.Memory` that a memory uses. */
interface HostMemory {
  readonly buffer: ArrayBuffer;
  grow(delta: number): number;
}

type HostMemoryClass = new (descriptor: {
  initial: number;
  maximum: number;
}) => HostMemory;

/** The host's `WebAssembly.Memory`, looked up before anyone can replace it. */
const hostMemoryClass: HostMemoryClass | null = (() => {
  const ctor = (globalThis as { WebAssembly?: { Memory?: unknown } })
    .WebAssembly?.Memory;
  return typeof ctor === 'function' ? (ctor as HostMemoryClass) : null;
})();

/**
 * A host memory of `pages` 64 KiB pages that can grow to `maxPages`, or
 * `null` when the host has none or cannot reserve it (the host reserves
 * address space up to the maximum, so no more is asked for than the limit).
 */
function hostMemory(pages: number, maxPages: number): HostMemory | null {
  if (hostMemoryClass === null) return null;
  try {
    const memory = new hostMemoryClass({ initial: pages, maximum: maxPages });
    return memory.buffer instanceof ArrayBuffer &&
      memory.buffer.byteLength === pages * pageSize
      ? memory
      : null;
  } catch {
    return null;
  }
}

function allocate(size: number): ArrayBuffer {
  try {
    return new ArrayBuffer(size);
  } catch {
    throw new Trap('outOfMemory');
  }
}

function detach(buffer: ArrayBuffer): void {
  const transfer = (buffer as { transfer?: () => ArrayBuffer }).transfer;
  try {
    if (typeof transfer === 'function') transfer.call(buffer);
    else structuredClone(buffer, { transfer: [buffer] });
  } catch {
    // Detaching is best effort: the old buffer merely stays readable.
  }
}

/** A table of references. */
export class Table {
  elements: unknown[];
  readonly elemType: CanonRefType;
  /** Maximum size: the declared maximum capped by the engine's limit. */
  readonly max: number;
  readonly declaredMax: number | null;
  readonly addressType: 'i32' | 'i64';
  constructor(
    size: number,
    declaredMax: number | null,
    limit: number,
    elemType: CanonRefType,
    init: unknown,
    addressType: 'i32' | 'i64' = 'i32',
  ) {
    this.elemType = elemType;
    this.declaredMax = declaredMax;
    this.addressType = addressType;
    this.max = Math.min(declaredMax ?? 2 ** 32 - 1, limit);
    if (size > this.max) throw new Trap('outOfMemory');
    this.elements = new Array<unknown>(size).fill(init);
  }

  get size(): number {
    return this.elements.length;
  }

  /** Grows by `delta` elements set to `init`; returns the old size, or -1. */
  grow(delta: number, init: unknown): number {
    const old = this.elements.length;
    if (delta < 0 || old + delta > this.max) return -1;
    for (let i = 0; i < delta; i++) this.elements.push(init);
    return old;
  }
}

/**
 * A global. Numbers and vectors are kept as raw bits (`bits`: i32 in word
 * 0; i64/f64 in words 0-1, low first; v128 in words 0-3), references in `ref`.
 */
export class Global {
  readonly type: CanonValType;
  readonly mutable: boolean;
  readonly bits: Int32Array = new Int32Array(4);
  ref: unknown = null;
  constructor(type: CanonValType, mutable: boolean) {
    this.type = type;
    this.mutable = mutable;
  }
}

/** An exception tag. */
export class Tag {
  /** Canonical id of the tag's function type. */
  readonly typeId: number;
  readonly params: readonly CanonValType[];
  constructor(typeId: number, registry: TypeRegistry) {
    this.typeId = typeId;
    this.params = registry.types[typeId]!.params;
  }
}

/**
 * A wasm exception (exnref): a tag and its payload. Values are kept as in
 * the stack's encoding: `words` holds numbers and vectors, `refs` references.
 */
export class WasmException {
  readonly tag: Tag;
  readonly words: Int32Array;
  readonly refs: unknown[];
  constructor(tag: Tag, words: Int32Array, refs: unknown[]) {
    this.tag = tag;
    this.words = words;
    this.refs = refs;
  }
}

/** A GC struct. */
export class WasmStruct {
  readonly typeId: number;
  readonly fields: unknown[];
  constructor(typeId: number, fields: unknown[]) {
    this.typeId = typeId;
    this.fields = fields;
  }
}

/** A GC array. Elements of every type are JS values (i64 as bigint, v128 as Uint8Array). */
export class WasmArray {
  readonly typeId: number;
  readonly elements: unknown[];
  constructor(typeId: number, elements: unknown[]) {
    this.typeId = typeId;
    this.elements = elements;
  }
}

/** A host value internalised into the `any` hierarchy (any.convert_extern). */
export class HostAnyRef {
  readonly value: unknown;
  constructor(value: unknown) {
    this.value = value;
  }
}

/** An i31 externalised into the `extern` hierarchy (extern.convert_any). */
export class ExternI31 {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
}

/** True when `value` is a reference that matches `type`. */
export function refMatches(
  value: unknown,
  type: CanonRefType,
  registry: TypeRegistry,
): boolean {
  if (value === null) return type.nullable;
  const heap = type.heap;
  if (typeof heap === 'number') {
    if (
      value instanceof WasmFunction ||
      value instanceof WasmStruct ||
      value instanceof WasmArray
    ) {
      return registry.isSubtype(value.typeId, heap);
    }
    return false;
  }
  switch (heap) {
    case 'func':
      return value instanceof WasmFunction;
    case 'extern':
      return true;
    case 'any':
      return (
        typeof value === 'number' ||
        value instanceof WasmStruct ||
        value instanceof WasmArray ||
        value instanceof HostAnyRef
      );
    case 'eq':
      return (
        typeof value === 'number' ||
        value instanceof WasmStruct ||
        value instanceof WasmArray
      );
    case 'i31':
      return typeof value === 'number';
    case 'struct':
      return value instanceof WasmStruct;
    case 'array':
      return value instanceof WasmArray;
    case 'exn':
      return value instanceof WasmException;
    case 'none':
    case 'nofunc':
    case 'noextern':
    case 'noexn':
      return false;
  }
}

/** The default value of a storage type, as a GC field holds it. */
export function defaultFieldValue(type: CanonStorageType): unknown {
  switch (type) {
    case 'i32':
    case 'i8':
    case 'i16':
    case 'f32':
    case 'f64':
      return 0;
    case 'i64':
      return 0n;
    case 'v128':
      return new Uint8Array(16);
    default:
      return null;
  }
}
