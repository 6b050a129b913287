// What the rules of one module need to know of it: its index spaces and
// type definitions, canonicalised. Built once per module and shared by the
// module-level checks, every function checker and the engine's linker.
// https://webassembly.github.io/spec/core/valid/conventions.html#contexts

import {
  type AbsHeapType,
  type Features,
  type FuncType,
  type GlobalType,
  type HeapType,
  type MemoryType,
  type Module,
  type RefType,
  type SubType,
  type TableType,
  type ValType,
  instructions,
} from '@tswasm/ir';
import {
  bottomHeapType,
  canonicalType,
  isAbstractSubtype,
  isCanonicalSubtype,
  topHeapType,
} from './canonical-types.js';

/**
 * A type on the operand stack while checking: a value type, or `'bot'`, the
 * unknown type of values popped from a polymorphic (unreachable) stack,
 * which matches every value type. A reference type may also have the heap
 * type `'bot'` (as `ref.as_non_null` gives on an unknown operand).
 */
export type StackType = ValType | 'bot';

/** The heap type of references of unknown type; a subtype of every heap type. */
export const botHeapType: AbsHeapType = 'bot' as AbsHeapType;

/**
 * The validation context of one module: its types with their canonical ids,
 * and the types of its functions, tables, memories, globals, tags, element
 * and data segments (imports first). Read-only once built by
 * {@link createModuleContext}.
 */
export class ModuleContext {
  /** The module this context describes. */
  readonly module: Module;
  /** The features it was validated with. */
  readonly features: Features;
  /** The type index space (rec groups flattened). */
  readonly types: SubType[] = [];
  /**
   * Canonical id of every type index. Two type indices, in this module or in
   * two modules of the same process, denote equivalent types exactly when
   * their canonical ids are equal. The registry behind the ids keeps every
   * distinct rec group it has seen for the life of the process.
   */
  readonly canonicalIds: number[] = [];
  /** Type index of every function (imports first). */
  readonly funcTypeIndices: number[] = [];
  readonly tables: TableType[] = [];
  readonly memories: MemoryType[] = [];
  readonly globals: GlobalType[] = [];
  /** Type index of every tag (imports first). */
  readonly tagTypeIndices: number[] = [];
  /** Element type of every element segment. */
  readonly elemTypes: RefType[] = [];
  /**
   * The data count section's value, or `null` when the module has none
   * (then a binary's code may not name data segments).
   */
  readonly dataCount: number | null;
  /** Functions that `ref.func` may name inside function bodies. */
  readonly declaredFuncs: Set<number> = new Set<number>();
  /** 1 for each instruction (by table id) whose proposal is enabled. */
  readonly enabledInstrs: Uint8Array;
  /** Number of imported functions (defined ones follow). */
  importedFuncCount = 0;
  /** Number of imported globals (defined ones follow). */
  importedGlobalCount = 0;

  constructor(module: Module, features: Features) {
    this.module = module;
    this.features = features;
    this.dataCount = module.dataCount;
    this.enabledInstrs = new Uint8Array(instructions.length);
    for (const def of instructions) {
      this.enabledInstrs[def.id] =
        def.feature === null || features[def.feature] ? 1 : 0;
    }
  }

  /** The function type at `typeIndex`, or `undefined` if there is none. */
  funcTypeAt(typeIndex: number): FuncType | undefined {
    const composite = this.types[typeIndex]?.composite;
    return composite?.kind === 'func' ? composite : undefined;
  }

  /** The type of function `funcIndex` (imports first), or `undefined`. */
  funcTypeOf(funcIndex: number): FuncType | undefined {
    const typeIndex = this.funcTypeIndices[funcIndex];
    return typeIndex === undefined ? undefined : this.funcTypeAt(typeIndex);
  }

  /**
   * Heap subtyping `a <: b` between heap types of this module.
   * @see https://webassembly.github.io/spec/core/valid/matching.html#heap-types
   */
  isHeapSubtype(a: HeapType, b: HeapType): boolean {
    return matchHeapType(this, a, this, b);
  }

  /**
   * Value subtyping `a <: b` between value types of this module; `'bot'`
   * matches everything.
   * @see https://webassembly.github.io/spec/core/valid/matching.html#value-types
   */
  isSubtype(a: StackType, b: StackType): boolean {
    return matchValType(this, a, this, b);
  }

  /** True when `a` and `b` are equivalent (subtypes of each other). */
  isSameType(a: ValType, b: ValType): boolean {
    return this.isSubtype(a, b) && this.isSubtype(b, a);
  }

  /** The abstract top type (`func`, `extern`, `any`, `exn`) of a heap type. */
  topOf(heapType: HeapType): AbsHeapType {
    if (typeof heapType === 'number') {
      return this.types[heapType]?.composite.kind === 'func' ? 'func' : 'any';
    }
    if (heapType === botHeapType) return botHeapType;
    return topHeapType(heapType);
  }
}

/**
 * Heap subtyping across modules: `a` (a heap type of module `ca`) matches
 * `b` (of module `cb`). Concrete types compare by canonical id.
 */
export function matchHeapType(
  ca: ModuleContext,
  a: HeapType,
  cb: ModuleContext,
  b: HeapType,
): boolean {
  if (typeof a === 'number') {
    const ia = ca.canonicalIds[a];
    if (ia === undefined) return false;
    if (typeof b === 'number') {
      const ib = cb.canonicalIds[b];
      return ib !== undefined && isCanonicalSubtype(ia, ib);
    }
    return isAbstractSubtype(canonicalType(ia).kind, b);
  }
  if (a === botHeapType) return true;
  if (typeof b === 'number') {
    const kind = cb.types[b]?.composite.kind;
    return kind !== undefined && a === bottomHeapType(kind);
  }
  return isAbstractSubtype(a, b);
}

/** Value subtyping across modules; see {@link matchHeapType}. */
export function matchValType(
  ca: ModuleContext,
  a: StackType,
  cb: ModuleContext,
  b: StackType,
): boolean {
  if (a === b) return true;
  if (typeof a === 'string' || typeof b === 'string') return a === 'bot';
  if (a.nullable && !b.nullable) return false;
  return matchHeapType(ca, a.heapType, cb, b.heapType);
}

/** True for types that have a default value (all but non-null references). */
export function isDefaultable(type: ValType): boolean {
  return typeof type === 'string' || type.nullable;
}

/**
 * Value subtyping `a <: b` between types of one module; the same as
 * `ctx.isSubtype(a, b)`.
 * @see https://webassembly.github.io/spec/core/valid/matching.html#value-types
 */
export function isSubtype(
  ctx: ModuleContext,
  a: StackType,
  b: StackType,
): boolean {
  return matchValType(ctx, a, ctx, b);
}
