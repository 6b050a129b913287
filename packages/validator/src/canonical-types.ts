// Iso-recursive type canonicalisation. Every rec group of every module is
// rolled up into a key in which references to types of the same group are
// relative and references to other groups name their canonical ids; equal
// keys are equivalent groups. Canonical ids are shared by every module
// validated in the same process, so they also decide type equivalence
// across modules when imports are linked.
// https://webassembly.github.io/spec/core/valid/conventions.html#rolling-and-unrolling

import type {
  AbsHeapType,
  CompositeType,
  HeapType,
  StorageType,
  SubType,
} from '@tswasm/ir';

/** A canonical type: what subtyping needs to know of it across modules. */
export interface CanonicalType {
  /** The canonical id of this type. */
  readonly id: number;
  readonly kind: CompositeType['kind'];
  readonly final: boolean;
  /** Canonical id of the declared supertype, or -1. */
  readonly supertype: number;
  /** Length of the supertype chain above this type. */
  readonly depth: number;
}

const groupIds = new Map<string, number>();
const canonicalTypes: CanonicalType[] = [];

/** The canonical type with id `id`. */
export function canonicalType(id: number): CanonicalType {
  const type = canonicalTypes[id];
  if (type === undefined) throw new Error(`internal: no canonical type ${id}`);
  return type;
}

function heapKey(
  heapType: HeapType,
  groupStart: number,
  groupEnd: number,
  canonical: readonly number[],
): string {
  if (typeof heapType === 'string') return heapType;
  if (heapType >= groupStart && heapType < groupEnd) {
    return `r${heapType - groupStart}`;
  }
  return `c${canonical[heapType]}`;
}

function storageKey(
  type: StorageType,
  groupStart: number,
  groupEnd: number,
  canonical: readonly number[],
): string {
  if (typeof type === 'string') return type;
  const heap = heapKey(type.heapType, groupStart, groupEnd, canonical);
  return type.nullable ? `n${heap}` : `r${heap}`;
}

function subTypeKey(
  type: SubType,
  groupStart: number,
  groupEnd: number,
  canonical: readonly number[],
): string {
  const key = (t: StorageType): string =>
    storageKey(t, groupStart, groupEnd, canonical);
  const supers = type.supertypes
    .map((s) => heapKey(s, groupStart, groupEnd, canonical))
    .join(',');
  const head = `${type.final ? 'F' : 'O'}[${supers}]`;
  const composite = type.composite;
  switch (composite.kind) {
    case 'func':
      return `${head}func(${composite.params.map(key).join(' ')})(${composite.results.map(key).join(' ')})`;
    case 'struct':
      return `${head}struct(${composite.fields.map((f) => (f.mutable ? 'm' : 'c') + key(f.storage)).join(' ')})`;
    case 'array':
      return `${head}array(${composite.element.mutable ? 'm' : 'c'}${key(composite.element.storage)})`;
  }
}

/**
 * Registers the rec group `types[groupStart..groupEnd)` and writes the
 * canonical ids of its types into `canonical` (indexed by type index).
 * Every type reference in the group must be below `groupEnd`, and
 * `canonical` must be filled for all types below `groupStart`.
 */
export function canonicaliseGroup(
  types: readonly SubType[],
  groupStart: number,
  groupEnd: number,
  canonical: number[],
): void {
  const parts: string[] = [];
  for (let i = groupStart; i < groupEnd; i++) {
    parts.push(subTypeKey(types[i]!, groupStart, groupEnd, canonical));
  }
  const key = parts.join(';');
  let base = groupIds.get(key);
  if (base === undefined) {
    base = canonicalTypes.length;
    groupIds.set(key, base);
    for (let i = groupStart; i < groupEnd; i++)
      canonical[i] = base + i - groupStart;
    for (let i = groupStart; i < groupEnd; i++) {
      const type = types[i]!;
      const superIndex = type.supertypes[0];
      const supertype =
        superIndex === undefined ? -1 : (canonical[superIndex] ?? -1);
      const depth =
        supertype === -1 ? 0 : (canonicalTypes[supertype]?.depth ?? 0) + 1;
      canonicalTypes.push({
        id: base + i - groupStart,
        kind: type.composite.kind,
        final: type.final,
        supertype,
        depth,
      });
    }
  } else {
    for (let i = groupStart; i < groupEnd; i++)
      canonical[i] = base + i - groupStart;
  }
}

/** True when canonical type `a` is `b` or declares it as a (transitive) supertype. */
export function isCanonicalSubtype(a: number, b: number): boolean {
  if (a === b) return true;
  const target = canonicalTypes[b];
  if (target === undefined) return false;
  let type = canonicalTypes[a];
  while (type !== undefined && type.depth > target.depth) {
    type = canonicalTypes[type.supertype];
  }
  return type !== undefined && type.id === b;
}

/** The abstract heap type at the top of the hierarchy `heapType` belongs to. */
export function topHeapType(heapType: AbsHeapType): AbsHeapType {
  switch (heapType) {
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

/** The bottom heap type of the hierarchy `heapType` belongs to. */
export function bottomHeapType(heapType: AbsHeapType): AbsHeapType {
  const top = topHeapType(heapType);
  if (top === 'func') return 'nofunc';
  if (top === 'extern') return 'noextern';
  if (top === 'exn') return 'noexn';
  return 'none';
}

/** Abstract heap subtyping, `a <: b`. */
export function isAbstractSubtype(a: AbsHeapType, b: AbsHeapType): boolean {
  if (a === b) return true;
  switch (a) {
    case 'eq':
      return b === 'any';
    case 'i31':
    case 'struct':
    case 'array':
      return b === 'eq' || b === 'any';
    case 'none':
      return topHeapType(b) === 'any';
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
