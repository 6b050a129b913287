// The types of a binary module's exported functions and globals, read
// straight from its bytes: V8's JS API does not reflect them, and the
// native adapter needs them to convert values exactly.
// https://webassembly.github.io/spec/core/binary/modules.html

/** A value type as its binary encoding, plus what the adapter asks of it. */
export interface RawValType {
  /** The encoding, e.g. `[0x7f]` or `[0x63, 0x70]`. */
  readonly bytes: readonly number[];
  /** `i32`, `i64`, `f32`, `f64`, `v128`, or `ref`. */
  readonly kind: 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'ref';
  /** For references: the abstract heap type, or `null` for a type index. */
  readonly heap: string | null;
}

/** A function signature. */
export interface RawFuncType {
  readonly params: readonly RawValType[];
  readonly results: readonly RawValType[];
}

/** What an export is, as far as the adapter needs. */
export type ExportType =
  | { readonly kind: 'func'; readonly type: RawFuncType | null }
  | {
      readonly kind: 'global';
      readonly type: RawValType;
      readonly mutable: boolean;
    }
  | { readonly kind: 'other' };

const numTypes: Record<number, RawValType['kind']> = {
  0x7f: 'i32',
  0x7e: 'i64',
  0x7d: 'f32',
  0x7c: 'f64',
  0x7b: 'v128',
};

const heapTypes: Record<number, string> = {
  0x70: 'func',
  0x6f: 'extern',
  0x6e: 'any',
  0x6d: 'eq',
  0x6c: 'i31',
  0x6b: 'struct',
  0x6a: 'array',
  0x69: 'exn',
  0x71: 'none',
  0x72: 'noextern',
  0x73: 'nofunc',
  0x74: 'noexn',
};

class Reader {
  offset = 0;
  readonly bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }
  byte(): number {
    const byte = this.bytes[this.offset++];
    if (byte === undefined) throw new Error('unexpected end');
    return byte;
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.byte();
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  }
  /** Skips a LEB128 of any size and signedness. */
  skipLeb(): void {
    while ((this.byte() & 0x80) !== 0);
  }
  skip(count: number): void {
    this.offset += count;
  }
  name(): string {
    const length = this.u32();
    const text = new TextDecoder().decode(
      this.bytes.subarray(this.offset, this.offset + length),
    );
    this.offset += length;
    return text;
  }
}

function readHeapType(r: Reader, bytes: number[]): string | null {
  const first = r.bytes[r.offset];
  if (first !== undefined && heapTypes[first] !== undefined) {
    bytes.push(r.byte());
    return heapTypes[first] ?? null;
  }
  const start = r.offset;
  r.skipLeb();
  bytes.push(...r.bytes.subarray(start, r.offset));
  return null;
}

function readValType(r: Reader): RawValType {
  const code = r.byte();
  const num = numTypes[code];
  if (num !== undefined) return { bytes: [code], kind: num, heap: null };
  const shorthand = heapTypes[code];
  if (shorthand !== undefined) {
    return { bytes: [code], kind: 'ref', heap: shorthand };
  }
  if (code === 0x63 || code === 0x64) {
    const bytes = [code];
    const heap = readHeapType(r, bytes);
    return { bytes, kind: 'ref', heap };
  }
  throw new Error(`unknown value type 0x${code.toString(16)}`);
}

function readStorageType(r: Reader): void {
  const code = r.bytes[r.offset];
  if (code === 0x78 || code === 0x77) r.byte();
  else readValType(r);
  r.byte(); // mutability
}

function readTypes(r: Reader): (RawFuncType | null)[] {
  const types: (RawFuncType | null)[] = [];
  const readSubType = (): void => {
    let code = r.byte();
    if (code === 0x50 || code === 0x4f) {
      const count = r.u32();
      for (let i = 0; i < count; i++) r.u32();
      code = r.byte();
    }
    switch (code) {
      case 0x60: {
        const params = Array.from({ length: r.u32() }, () => readValType(r));
        const results = Array.from({ length: r.u32() }, () => readValType(r));
        types.push({ params, results });
        return;
      }
      case 0x5f: {
        const count = r.u32();
        for (let i = 0; i < count; i++) readStorageType(r);
        types.push(null);
        return;
      }
      case 0x5e:
        readStorageType(r);
        types.push(null);
        return;
      default:
        throw new Error(`unknown type form 0x${code.toString(16)}`);
    }
  };
  const count = r.u32();
  for (let i = 0; i < count; i++) {
    if (r.bytes[r.offset] === 0x4e) {
      r.byte();
      const size = r.u32();
      for (let j = 0; j < size; j++) readSubType();
    } else {
      readSubType();
    }
  }
  return types;
}

function skipLimits(r: Reader): void {
  const flags = r.byte();
  r.skipLeb();
  if ((flags & 0x01) !== 0) r.skipLeb();
  if ((flags & 0x08) !== 0) r.skipLeb();
}

/** Skips a constant expression, including its final `end`. */
function skipConstExpr(r: Reader): void {
  for (;;) {
    const op = r.byte();
    switch (op) {
      case 0x0b:
        return;
      case 0x41:
      case 0x42:
      case 0x23:
      case 0xd2:
        r.skipLeb();
        break;
      case 0x43:
        r.skip(4);
        break;
      case 0x44:
        r.skip(8);
        break;
      case 0xd0:
        readHeapType(r, []);
        break;
      case 0xfd:
        if (r.u32() === 12) r.skip(16);
        break;
      case 0xfb: {
        const sub = r.u32();
        // struct.new, struct.new_default, array.new, array.new_default: a
        // type index; array.new_fixed: a type index and a length.
        if (sub <= 1 || sub === 6 || sub === 7) r.skipLeb();
        else if (sub === 8) {
          r.skipLeb();
          r.skipLeb();
        }
        break;
      }
      default:
        // Extended constants (i32.add and friends) have no immediates.
        break;
    }
  }
}

/**
 * The exports of a binary module with the types of its functions and
 * globals. Throws on bytes it cannot follow (the module compiled, so this
 * means an encoding it does not know).
 */
export function readExportTypes(bytes: Uint8Array): Map<string, ExportType> {
  const r = new Reader(bytes);
  r.skip(8);
  let types: (RawFuncType | null)[] = [];
  const funcs: number[] = [];
  const globals: { type: RawValType; mutable: boolean }[] = [];
  const exports = new Map<string, ExportType>();
  while (r.offset < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const end = r.offset + size;
    switch (id) {
      case 1:
        types = readTypes(r);
        break;
      case 2: {
        const count = r.u32();
        for (let i = 0; i < count; i++) {
          r.name();
          r.name();
          const kind = r.byte();
          if (kind === 0x00) funcs.push(r.u32());
          else if (kind === 0x01) {
            readValType(r);
            skipLimits(r);
          } else if (kind === 0x02) skipLimits(r);
          else if (kind === 0x03) {
            const type = readValType(r);
            globals.push({ type, mutable: r.byte() === 1 });
          } else if (kind === 0x04) {
            r.byte();
            r.u32();
          } else throw new Error(`unknown import kind ${kind}`);
        }
        break;
      }
      case 3: {
        const count = r.u32();
        for (let i = 0; i < count; i++) funcs.push(r.u32());
        break;
      }
      case 6: {
        const count = r.u32();
        for (let i = 0; i < count; i++) {
          const type = readValType(r);
          const mutable = r.byte() === 1;
          skipConstExpr(r);
          globals.push({ type, mutable });
        }
        break;
      }
      case 7: {
        const count = r.u32();
        for (let i = 0; i < count; i++) {
          const name = r.name();
          const kind = r.byte();
          const index = r.u32();
          if (kind === 0x00) {
            const typeIndex = funcs[index];
            exports.set(name, {
              kind: 'func',
              type: typeIndex === undefined ? null : (types[typeIndex] ?? null),
            });
          } else if (kind === 0x03 && globals[index] !== undefined) {
            exports.set(name, { kind: 'global', ...globals[index] });
          } else {
            exports.set(name, { kind: 'other' });
          }
        }
        break;
      }
      default:
        break;
    }
    r.offset = end;
  }
  return exports;
}
