// Types of the WebAssembly 3.0 type system.
// https://webassembly.github.io/spec/core/syntax/types.html

/** A number type. */
export type NumType = 'i32' | 'i64' | 'f32' | 'f64';

/** The vector type. */
export type VecType = 'v128';

/** Abstract heap types. `exn`/`noexn` come from exception handling. */
export type AbsHeapType =
  | 'func'
  | 'nofunc'
  | 'extern'
  | 'noextern'
  | 'any'
  | 'eq'
  | 'i31'
  | 'struct'
  | 'array'
  | 'none'
  | 'exn'
  | 'noexn';

/**
 * A heap type: abstract, or a concrete type given by its index in the
 * module's type index space (0-based).
 */
export type HeapType = AbsHeapType | number;

/** A reference type `(ref null? ht)`. */
export interface RefType {
  readonly kind: 'ref';
  readonly nullable: boolean;
  readonly heapType: HeapType;
}

/** A value type. */
export type ValType = NumType | VecType | RefType;

/** A packed storage type, only for struct and array fields. */
export type PackedType = 'i8' | 'i16';

/** A field's storage type. */
export type StorageType = ValType | PackedType;

/** A struct field or array element type. */
export interface FieldType {
  readonly storage: StorageType;
  readonly mutable: boolean;
}

/** `(func (param ...) (result ...))` */
export interface FuncType {
  readonly kind: 'func';
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

/** `(struct (field ...))` */
export interface StructType {
  readonly kind: 'struct';
  readonly fields: readonly FieldType[];
}

/** `(array (field ...))` */
export interface ArrayType {
  readonly kind: 'array';
  readonly element: FieldType;
}

/** A composite type. */
export type CompositeType = FuncType | StructType | ArrayType;

/**
 * A sub type: a composite type with its declared supertypes (type indices)
 * and whether it is final. A type written without `sub` is final with no
 * supertypes.
 */
export interface SubType {
  readonly final: boolean;
  readonly supertypes: readonly number[];
  readonly composite: CompositeType;
}

/**
 * A recursive type group. A type written outside `rec` is a group of one.
 * The module's type index space is the concatenation of its groups' types.
 */
export interface RecGroup {
  readonly types: readonly SubType[];
  /**
   * True where the binary or text spelled the group explicitly (`0x4e`,
   * `(rec ...)`) even though it holds one type; kept so that encoding gives
   * back the same bytes.
   */
  readonly explicit?: boolean;
}

/** The address type of a memory or table (memory64, table64). */
export type AddressType = 'i32' | 'i64';

/**
 * An unsigned 64-bit quantity: a `number` when it is at most
 * `Number.MAX_SAFE_INTEGER`, a `bigint` only above that.
 */
export type U64 = number | bigint;

/** Limits of a memory (in pages) or a table (in elements). */
export interface Limits {
  readonly min: U64;
  readonly max: U64 | null;
}

/** A memory type. */
export interface MemoryType {
  readonly limits: Limits;
  readonly addressType: AddressType;
  /** Shared memory (threads). */
  readonly shared: boolean;
  /**
   * log2 of the page size in bytes (custom-page-sizes); `null` when not
   * given, which means 16 (64 KiB pages).
   */
  readonly pageSizeLog2: number | null;
}

/** A table type. */
export interface TableType {
  readonly elemType: RefType;
  readonly limits: Limits;
  readonly addressType: AddressType;
}

/** A global type. */
export interface GlobalType {
  readonly valType: ValType;
  readonly mutable: boolean;
}

/** A tag type: the index of a function type whose results are empty. */
export interface TagType {
  readonly typeIndex: number;
}

/** The kind of an import or export. */
export type ExternKind = 'func' | 'table' | 'memory' | 'global' | 'tag';

// Constructors and guards for the common reference types.

/** `(ref null? ht)` */
export function refType(heapType: HeapType, nullable = true): RefType {
  return { kind: 'ref', nullable, heapType };
}

/** `funcref` = `(ref null func)` */
export const funcref: RefType = refType('func');
/** `externref` = `(ref null extern)` */
export const externref: RefType = refType('extern');
/** `anyref` = `(ref null any)` */
export const anyref: RefType = refType('any');
/** `exnref` = `(ref null exn)` */
export const exnref: RefType = refType('exn');

/** True for `i32`, `i64`, `f32`, `f64`. */
export function isNumType(type: StorageType): type is NumType {
  return type === 'i32' || type === 'i64' || type === 'f32' || type === 'f64';
}

/** True for reference types. */
export function isRefType(type: StorageType): type is RefType {
  return typeof type === 'object';
}

/** True for `i8` and `i16`. */
export function isPackedType(type: StorageType): type is PackedType {
  return type === 'i8' || type === 'i16';
}

/** Structural equality of two value (or storage) types, without subtyping. */
export function sameStorageType(a: StorageType, b: StorageType): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.nullable === b.nullable && a.heapType === b.heapType;
}

/** Formats a heap type as in the text format, e.g. `func` or `3`. */
export function formatHeapType(heapType: HeapType): string {
  return typeof heapType === 'number' ? String(heapType) : heapType;
}

const shortRefNames: Partial<Record<AbsHeapType, string>> = {
  func: 'funcref',
  nofunc: 'nullfuncref',
  extern: 'externref',
  noextern: 'nullexternref',
  any: 'anyref',
  eq: 'eqref',
  i31: 'i31ref',
  struct: 'structref',
  array: 'arrayref',
  none: 'nullref',
  exn: 'exnref',
  noexn: 'nullexnref',
};

/** Formats a storage type as in the text format, e.g. `(ref null 2)`. */
export function formatValType(type: StorageType): string {
  if (typeof type === 'string') return type;
  if (type.nullable && typeof type.heapType === 'string') {
    const short = shortRefNames[type.heapType];
    if (short !== undefined) return short;
  }
  const heap = formatHeapType(type.heapType);
  return type.nullable ? `(ref null ${heap})` : `(ref ${heap})`;
}
