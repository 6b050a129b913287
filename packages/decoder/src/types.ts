// Types: value, reference and heap types, composite and sub types, limits,
// table, memory and global types.
// https://webassembly.github.io/spec/core/binary/types.html

import type {
  AbsHeapType,
  AddressType,
  CompositeType,
  FieldType,
  Features,
  GlobalType,
  HeapType,
  Limits,
  MemoryType,
  RecGroup,
  RefType,
  StorageType,
  SubType,
  TableType,
  U64,
  ValType,
} from '@tswasm/ir';
import type { Reader } from './reader.js';

/** Abstract heap types by their single-byte code (0x69-0x74). */
const absHeapTypes: readonly (AbsHeapType | undefined)[] = (() => {
  const table: (AbsHeapType | undefined)[] = [];
  const codes: readonly (readonly [number, AbsHeapType])[] = [
    [0x74, 'noexn'],
    [0x73, 'nofunc'],
    [0x72, 'noextern'],
    [0x71, 'none'],
    [0x70, 'func'],
    [0x6f, 'extern'],
    [0x6e, 'any'],
    [0x6d, 'eq'],
    [0x6c, 'i31'],
    [0x6b, 'struct'],
    [0x6a, 'array'],
    [0x69, 'exn'],
  ];
  for (const [code, type] of codes) table[code] = type;
  return table;
})();

/** Shared `(ref null ht)` objects for the abbreviations, by code. */
const nullableAbbreviations: readonly (RefType | undefined)[] =
  absHeapTypes.map((heapType) =>
    heapType === undefined
      ? undefined
      : { kind: 'ref', nullable: true, heapType },
  );

/** Number and vector types by code. */
const plainValTypes: readonly (ValType | undefined)[] = (() => {
  const table: (ValType | undefined)[] = [];
  table[0x7f] = 'i32';
  table[0x7e] = 'i64';
  table[0x7d] = 'f32';
  table[0x7c] = 'f64';
  table[0x7b] = 'v128';
  return table;
})();

/** A heap type (s33): abstract by its code, or a non-negative type index. */
export function readHeapType(r: Reader): HeapType {
  const pos = r.pos;
  if (pos < r.end) {
    const b = r.bytes[pos]!;
    if (b < 0x40) {
      r.pos = pos + 1;
      return b;
    }
    if (b < 0x80) {
      const abs = absHeapTypes[b];
      if (abs === undefined) r.fail('malformed heap type', pos);
      r.pos = pos + 1;
      return abs;
    }
  }
  const value = r.s33();
  if (value >= 0) return value;
  const abs = value >= -0x40 ? absHeapTypes[value + 0x80] : undefined;
  if (abs === undefined) r.fail('malformed heap type', pos);
  return abs;
}

/** A reference type: an abbreviation, or 0x63/0x64 and a heap type. */
export function readRefType(r: Reader): RefType {
  const pos = r.pos;
  const b = r.u8();
  const short = nullableAbbreviations[b];
  if (short !== undefined) return short;
  if (b === 0x63 || b === 0x64) {
    const heapType = readHeapType(r);
    return { kind: 'ref', nullable: b === 0x63, heapType };
  }
  return r.fail('malformed reference type', pos);
}

/** A value type. */
export function readValType(r: Reader): ValType {
  const pos = r.pos;
  const b = r.u8();
  const plain = plainValTypes[b];
  if (plain !== undefined) return plain;
  const short = nullableAbbreviations[b];
  if (short !== undefined) return short;
  if (b === 0x63 || b === 0x64) {
    const heapType = readHeapType(r);
    return { kind: 'ref', nullable: b === 0x63, heapType };
  }
  return r.fail('malformed value type', pos);
}

/** True when `byte` starts a value type. */
export function isValTypeByte(byte: number): boolean {
  return (
    plainValTypes[byte] !== undefined ||
    nullableAbbreviations[byte] !== undefined ||
    byte === 0x63 ||
    byte === 0x64
  );
}

/** `vec(valtype)`. */
export function readValTypes(r: Reader): ValType[] {
  const n = r.u32();
  const types: ValType[] = [];
  for (let i = 0; i < n; i++) types.push(readValType(r));
  return types;
}

function readStorageType(r: Reader): StorageType {
  const b = r.peek();
  if (b === 0x78) {
    r.pos++;
    return 'i8';
  }
  if (b === 0x77) {
    r.pos++;
    return 'i16';
  }
  if (b >= 0 && !isValTypeByte(b)) r.fail('malformed storage type');
  return readValType(r);
}

function readMutability(r: Reader): boolean {
  const pos = r.pos;
  const b = r.u8();
  if (b > 1) r.fail('malformed mutability', pos);
  return b === 1;
}

function readFieldType(r: Reader): FieldType {
  const storage = readStorageType(r);
  const mutable = readMutability(r);
  return { storage, mutable };
}

function readCompositeType(r: Reader): CompositeType {
  const pos = r.pos;
  const code = r.u8();
  // The reference interpreter reads this byte as an s7.
  if (code >= 0x80) r.fail('integer representation too long', pos + 1);
  switch (code) {
    case 0x60: {
      const params = readValTypes(r);
      const results = readValTypes(r);
      return { kind: 'func', params, results };
    }
    case 0x5f: {
      const n = r.u32();
      const fields: FieldType[] = [];
      for (let i = 0; i < n; i++) fields.push(readFieldType(r));
      return { kind: 'struct', fields };
    }
    case 0x5e:
      return { kind: 'array', element: readFieldType(r) };
    default:
      return r.fail('malformed definition type', pos);
  }
}

function readSubType(r: Reader, features: Features): SubType {
  const b = r.peek();
  if ((b === 0x50 || b === 0x4f) && features.gc) {
    r.pos++;
    const n = r.u32();
    const supertypes: number[] = [];
    for (let i = 0; i < n; i++) supertypes.push(r.u32());
    return { final: b === 0x4f, supertypes, composite: readCompositeType(r) };
  }
  return { final: true, supertypes: [], composite: readCompositeType(r) };
}

/** A rec group: `0x4e vec(subtype)` or a single sub type. */
export function readRecGroup(r: Reader, features: Features): RecGroup {
  if (r.peek() === 0x4e && features.gc) {
    r.pos++;
    const n = r.u32();
    const types: SubType[] = [];
    for (let i = 0; i < n; i++) types.push(readSubType(r, features));
    return n === 1 ? { types, explicit: true } : { types };
  }
  return { types: [readSubType(r, features)] };
}

interface LimitsAndFlags {
  readonly limits: Limits;
  readonly addressType: AddressType;
  readonly flags: number;
}

/** Limits flags: bit 0 has max, 1 shared, 2 i64 address, 3 page size. */
function readLimits(r: Reader, allowed: number): LimitsAndFlags {
  const pos = r.pos;
  const flags = r.u8();
  if ((flags & ~allowed) !== 0) r.fail('malformed limits flags', pos);
  // Bounds are u64 whatever the address type; the validator checks ranges.
  const min: U64 = r.u64();
  const max: U64 | null = (flags & 1) === 0 ? null : r.u64();
  return {
    limits: { min, max },
    addressType: (flags & 4) !== 0 ? 'i64' : 'i32',
    flags,
  };
}

/** A table type: a reference type and limits. */
export function readTableType(r: Reader, features: Features): TableType {
  const elemType = readRefType(r);
  const { limits, addressType } = readLimits(r, features.memory64 ? 5 : 1);
  return { elemType, limits, addressType };
}

/** A memory type: limits with the shared, i64 and page size flags. */
export function readMemoryType(r: Reader, features: Features): MemoryType {
  const allowed =
    1 |
    (features.threads ? 2 : 0) |
    (features.memory64 ? 4 : 0) |
    (features.customPageSizes ? 8 : 0);
  const { limits, addressType, flags } = readLimits(r, allowed);
  let pageSizeLog2: number | null = null;
  if ((flags & 8) !== 0) {
    const pos = r.pos;
    pageSizeLog2 = r.u32();
    // A page size of 2^64 or more does not fit a u64; other sizes than 1
    // and 64 KiB are left to the validator.
    if (pageSizeLog2 >= 64) r.fail('invalid custom page size', pos);
  }
  return { limits, addressType, shared: (flags & 2) !== 0, pageSizeLog2 };
}

/** A global type: a value type and its mutability. */
export function readGlobalType(r: Reader): GlobalType {
  const valType = readValType(r);
  const mutable = readMutability(r);
  return { valType, mutable };
}
