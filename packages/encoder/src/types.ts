// Types.
// https://webassembly.github.io/spec/core/binary/types.html

import {
  type AbsHeapType,
  type AddressType,
  type CompositeType,
  type FieldType,
  type GlobalType,
  type HeapType,
  type Limits,
  type MemoryType,
  type RecGroup,
  type RefType,
  type StorageType,
  type SubType,
  type TableType,
  type TagType,
  type ValType,
  isPackedType,
} from '@tswasm/ir';
import { EncodeError } from './encode-error.js';
import type { ByteWriter } from './writer.js';

/** The one-byte codes of the abstract heap types (negative s33 values). */
const absHeapTypeCodes: Readonly<Record<AbsHeapType, number>> = {
  noexn: 0x74,
  nofunc: 0x73,
  noextern: 0x72,
  none: 0x71,
  func: 0x70,
  extern: 0x6f,
  any: 0x6e,
  eq: 0x6d,
  i31: 0x6c,
  struct: 0x6b,
  array: 0x6a,
  exn: 0x69,
};

const numTypeCodes = {
  i32: 0x7f,
  i64: 0x7e,
  f32: 0x7d,
  f64: 0x7c,
  v128: 0x7b,
  i8: 0x78,
  i16: 0x77,
} as const;

function fail(message: string): never {
  throw new EncodeError(message, []);
}

/** Writes a heap type: one byte for an abstract type, an s33 index otherwise. */
export function writeHeapType(w: ByteWriter, heapType: HeapType): void {
  if (typeof heapType === 'number') {
    w.s33(heapType);
    return;
  }
  const code = absHeapTypeCodes[heapType] as number | undefined;
  if (code === undefined) fail(`malformed heap type: ${String(heapType)}`);
  w.byte(code);
}

/**
 * Writes a reference type, in the one-byte short form (`funcref` = 0x70)
 * when it is a nullable abstract type.
 */
export function writeRefType(w: ByteWriter, type: RefType): void {
  if (type.nullable && typeof type.heapType === 'string') {
    writeHeapType(w, type.heapType);
    return;
  }
  w.byte(type.nullable ? 0x63 : 0x64);
  writeHeapType(w, type.heapType);
}

/** Writes a storage type: a value type or a packed type. */
export function writeStorageType(w: ByteWriter, type: StorageType): void {
  if (typeof type === 'object' && type !== null && type.kind === 'ref') {
    writeRefType(w, type);
    return;
  }
  const code = numTypeCodes[type as keyof typeof numTypeCodes] as
    number | undefined;
  if (code === undefined) fail(`malformed value type: ${JSON.stringify(type)}`);
  w.byte(code);
}

/** Writes a value type. */
export function writeValType(w: ByteWriter, type: ValType): void {
  if (isPackedType(type)) {
    fail(`malformed value type: ${type} is only a storage type`);
  }
  writeStorageType(w, type);
}

/** Writes a vector of value types. */
export function writeResultType(
  w: ByteWriter,
  types: readonly ValType[],
): void {
  w.u32(types.length);
  for (const type of types) writeValType(w, type);
}

function writeFieldType(w: ByteWriter, field: FieldType): void {
  writeStorageType(w, field.storage);
  w.byte(field.mutable ? 1 : 0);
}

/** Writes a composite type (func 0x60, struct 0x5f, array 0x5e). */
export function writeCompositeType(w: ByteWriter, type: CompositeType): void {
  switch (type.kind) {
    case 'func':
      w.byte(0x60);
      writeResultType(w, type.params);
      writeResultType(w, type.results);
      return;
    case 'struct':
      w.byte(0x5f);
      w.u32(type.fields.length);
      for (const field of type.fields) writeFieldType(w, field);
      return;
    case 'array':
      w.byte(0x5e);
      writeFieldType(w, type.element);
      return;
  }
}

/**
 * Writes a sub type; a final one without supertypes in the short form (the
 * bare composite type).
 */
export function writeSubType(w: ByteWriter, type: SubType): void {
  if (type.final && type.supertypes.length === 0) {
    writeCompositeType(w, type.composite);
    return;
  }
  w.byte(type.final ? 0x4f : 0x50);
  w.u32(type.supertypes.length);
  for (const index of type.supertypes) w.u32(index);
  writeCompositeType(w, type.composite);
}

/**
 * Writes a rec group; a group of one that was not spelled `rec` as its
 * bare sub type.
 */
export function writeRecGroup(w: ByteWriter, group: RecGroup): void {
  if (group.types.length === 1 && group.explicit !== true) {
    writeSubType(w, group.types[0]!);
    return;
  }
  w.byte(0x4e);
  w.u32(group.types.length);
  for (const type of group.types) writeSubType(w, type);
}

/**
 * Writes limits after their flags byte: bit 0 has a maximum, bit 1 shared,
 * bit 2 64-bit addresses, bit 3 a custom page size (written after the
 * limits as its log2).
 */
function writeLimits(
  w: ByteWriter,
  limits: Limits,
  addressType: AddressType,
  shared: boolean,
  pageSizeLog2: number | null,
): void {
  let flags = 0;
  if (limits.max !== null) flags |= 1;
  if (shared) flags |= 2;
  if (addressType === 'i64') flags |= 4;
  if (pageSizeLog2 !== null) flags |= 8;
  w.byte(flags);
  // Bounds are u64 in the binary format whatever the address type; the
  // validator checks their range.
  w.u64(limits.min);
  if (limits.max !== null) w.u64(limits.max);
  if (pageSizeLog2 !== null) w.u32(pageSizeLog2);
}

/** Writes a table type: its element type, then its limits. */
export function writeTableType(w: ByteWriter, type: TableType): void {
  writeRefType(w, type.elemType);
  writeLimits(w, type.limits, type.addressType, false, null);
}

/** Writes a memory type. */
export function writeMemoryType(w: ByteWriter, type: MemoryType): void {
  writeLimits(w, type.limits, type.addressType, type.shared, type.pageSizeLog2);
}

/** Writes a global type: its value type, then 0 (const) or 1 (var). */
export function writeGlobalType(w: ByteWriter, type: GlobalType): void {
  writeValType(w, type.valType);
  w.byte(type.mutable ? 1 : 0);
}

/** Writes a tag type: the attribute 0 (exception), then its type index. */
export function writeTagType(w: ByteWriter, type: TagType): void {
  w.byte(0);
  w.u32(type.typeIndex);
}
