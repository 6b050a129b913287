// Canonical types across modules. Every rec group is canonicalised to
// integer ids, so that type equality at run time (call_indirect, casts,
// import matching) is an integer comparison.
// https://webassembly.github.io/spec/core/valid/conventions.html#rolling-and-unrolling

import type {
  AbsHeapType,
  CompositeType,
  FieldType,
  HeapType,
  RecGroup,
  StorageType,
  ValType,
} from '@tswasm/ir';

/** A heap type whose concrete types are canonical ids. */
export type CanonHeapType = AbsHeapType | number;

/** A reference type whose concrete heap type is a canonical id. */
export interface CanonRefType {
  readonly nullable: boolean;
  readonly heap: CanonHeapType;
}

/** A value type with canonical type ids. */
export type CanonValType =
  'i32' | 'i64' | 'f32' | 'f64' | 'v128' | CanonRefType;

/** A storage type with canonical type ids. */
export type CanonStorageType = CanonValType | 'i8' | 'i16';

/** A struct field or array element, canonical. */
export interface CanonFieldType {
  readonly storage: CanonStorageType;
  readonly mutable: boolean;
}

/** A defined type, canonical. */
export interface CanonType {
  readonly id: number;
  readonly kind: 'func' | 'struct' | 'array';
  readonly final: boolean;
  /** Canonical ids from the root supertype down to this type itself. */
  readonly chain: readonly number[];
  readonly params: readonly CanonValType[];
  readonly results: readonly CanonValType[];
  readonly fields: readonly CanonFieldType[];
}

/**
 * Interns rec groups, so that structurally equal groups from any module get
 * the same canonical ids. One registry is shared by all modules of an engine.
 */
export class TypeRegistry {
  private readonly groups = new Map<string, number[]>();
  /** Every canonical type, indexed by id. */
  readonly types: CanonType[] = [];

  /**
   * Canonicalises a module's rec groups; returns the canonical id of each
   * type index of the module.
   */
  internModule(groups: readonly RecGroup[]): number[] {
    const ids: number[] = [];
    for (const group of groups) {
      const base = ids.length;
      const size = group.types.length;
      const keyHeap = (heap: HeapType): unknown =>
        typeof heap === 'number'
          ? heap >= base
            ? { r: heap - base }
            : { c: ids[heap] }
          : heap;
      const keyVal = (t: StorageType): unknown =>
        typeof t === 'string' ? t : [t.nullable, keyHeap(t.heapType)];
      const keyComposite = (c: CompositeType): unknown =>
        c.kind === 'func'
          ? ['f', c.params.map(keyVal), c.results.map(keyVal)]
          : c.kind === 'struct'
            ? ['s', c.fields.map((f) => [f.mutable, keyVal(f.storage)])]
            : ['a', c.element.mutable, keyVal(c.element.storage)];
      const key = JSON.stringify(
        group.types.map((t) => [
          t.final,
          t.supertypes.map(keyHeap),
          keyComposite(t.composite),
        ]),
      );
      let canon = this.groups.get(key);
      if (canon === undefined) {
        canon = [];
        const first = this.types.length;
        for (let i = 0; i < size; i++) canon.push(first + i);
        const resolveHeap = (heap: HeapType): CanonHeapType =>
          typeof heap === 'number'
            ? heap >= base
              ? first + (heap - base)
              : ids[heap]!
            : heap;
        const resolveVal = (t: ValType): CanonValType =>
          typeof t === 'string'
            ? t
            : { nullable: t.nullable, heap: resolveHeap(t.heapType) };
        const resolveStorage = (t: StorageType): CanonStorageType =>
          t === 'i8' || t === 'i16' ? t : resolveVal(t);
        const resolveField = (f: FieldType): CanonFieldType => ({
          storage: resolveStorage(f.storage),
          mutable: f.mutable,
        });
        for (let i = 0; i < size; i++) {
          const sub = group.types[i]!;
          const c = sub.composite;
          const superId =
            sub.supertypes.length > 0
              ? (resolveHeap(sub.supertypes[0]!) as number)
              : -1;
          const superChain =
            superId >= 0 ? (this.types[superId]?.chain ?? []) : [];
          this.types.push({
            id: first + i,
            kind: c.kind,
            final: sub.final,
            chain: [...superChain, first + i],
            params: c.kind === 'func' ? c.params.map(resolveVal) : [],
            results: c.kind === 'func' ? c.results.map(resolveVal) : [],
            fields:
              c.kind === 'struct'
                ? c.fields.map(resolveField)
                : c.kind === 'array'
                  ? [resolveField(c.element)]
                  : [],
          });
        }
        this.groups.set(key, canon);
      }
      for (const id of canon) ids.push(id);
    }
    return ids;
  }

  /** True when canonical type `a` is `b` or declares it as a (transitive) supertype. */
  isSubtype(a: number, b: number): boolean {
    if (a === b) return true;
    const ta = this.types[a]!;
    const depth = this.types[b]!.chain.length - 1;
    return ta.chain.length > depth && ta.chain[depth] === b;
  }

  /** Heap type subtyping. */
  isHeapSubtype(a: CanonHeapType, b: CanonHeapType): boolean {
    if (a === b) return true;
    if (typeof a === 'number') {
      if (typeof b === 'number') return this.isSubtype(a, b);
      const kind = this.types[a]!.kind;
      if (kind === 'func') return b === 'func';
      return b === 'any' || b === 'eq' || b === kind;
    }
    if (typeof b === 'number') {
      const kind = this.types[b]!.kind;
      return kind === 'func' ? a === 'nofunc' : a === 'none';
    }
    switch (a) {
      case 'none':
        return (
          b === 'any' ||
          b === 'eq' ||
          b === 'i31' ||
          b === 'struct' ||
          b === 'array'
        );
      case 'i31':
      case 'struct':
      case 'array':
        return b === 'any' || b === 'eq';
      case 'eq':
        return b === 'any';
      case 'nofunc':
        return b === 'func';
      case 'noextern':
        return b === 'extern';
      case 'noexn':
        return b === 'exn';
      case 'any':
      case 'func':
      case 'extern':
      case 'exn':
        return false;
    }
  }

  /** Value type subtyping. */
  isValSubtype(a: CanonValType, b: CanonValType): boolean {
    if (typeof a === 'string' || typeof b === 'string') return a === b;
    return (!a.nullable || b.nullable) && this.isHeapSubtype(a.heap, b.heap);
  }

  /** Value type equality. */
  isValEqual(a: CanonValType, b: CanonValType): boolean {
    if (typeof a === 'string' || typeof b === 'string') return a === b;
    return a.nullable === b.nullable && a.heap === b.heap;
  }
}

/** Resolves a module's value type with the module's canonical ids. */
export function canonValType(
  type: ValType,
  typeIds: readonly number[],
): CanonValType {
  if (typeof type === 'string') return type;
  const heap = type.heapType;
  return {
    nullable: type.nullable,
    heap: typeof heap === 'number' ? typeIds[heap]! : heap,
  };
}

/** The top of a heap type's hierarchy: `func`, `extern`, `any` or `exn`. */
export function topHeapType(
  heap: CanonHeapType,
  registry: TypeRegistry,
): 'func' | 'extern' | 'any' | 'exn' {
  if (typeof heap === 'number') {
    return registry.types[heap]!.kind === 'func' ? 'func' : 'any';
  }
  switch (heap) {
    case 'func':
    case 'nofunc':
      return 'func';
    case 'extern':
    case 'noextern':
      return 'extern';
    case 'exn':
    case 'noexn':
      return 'exn';
    case 'any':
    case 'eq':
    case 'i31':
    case 'struct':
    case 'array':
    case 'none':
      return 'any';
  }
}
