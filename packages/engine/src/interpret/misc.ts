// The interpreter's rare instructions: tables, bulk memory, references,
// GC objects, memory accesses beyond memory 0, atomics, wide arithmetic
// and SIMD. Operands follow the compiler's generic layout:
// `[id, dst, operand words..., immediate words...]`.

import { instructions } from '@tswasm/ir';
import {
  ExternI31,
  HostAnyRef,
  WasmArray,
  WasmStruct,
  defaultFieldValue,
  refMatches,
} from '../runtime/objects.js';
import type { Instance } from '../runtime/instance.js';
import { trap } from '../runtime/trap.js';
import type { CanonStorageType } from '../runtime/type-registry.js';
import type { Machine } from './machine.js';
import { heapOfCode } from './module-info.js';
import { getI64, setI64 } from './numeric.js';
import { address, execMemory } from './memory-access.js';
import { execSimd } from './simd.js';

const names: readonly string[] = instructions.map((d) => d.name);
const defs = instructions;

/** True when `ref` matches the heap type `code` (see `heapCodes`), null allowed when `nullable`. */
export function refTest(
  m: Machine,
  ref: unknown,
  code: number,
  nullable: number,
): boolean {
  if (ref === null) return nullable !== 0;
  if (code >= 0)
    return refMatches(ref, { nullable: false, heap: code }, m.registry);
  const heap = heapOfCode[-code]!;
  return refMatches(ref, { nullable: false, heap: heap as 'any' }, m.registry);
}

/** Reads a GC field value of `type` from the stack. */
function toField(m: Machine, w: number, type: CanonStorageType): unknown {
  const I = m.I;
  switch (type) {
    case 'i32':
    case 'f32':
      return I[w]!;
    case 'i8':
      return I[w]! & 0xff;
    case 'i16':
      return I[w]! & 0xffff;
    case 'i64':
      return getI64(I, w);
    case 'f64':
      return m.F64[w >> 1]!;
    case 'v128':
      return Uint8Array.from(new Uint8Array(m.buffer, w * 4, 16));
    default:
      return m.refs[w];
  }
}

/** Writes a GC field value of `type` to the stack; `signed` for packed get_s. */
function fromField(
  m: Machine,
  w: number,
  type: CanonStorageType,
  v: unknown,
  signed: boolean,
): void {
  const I = m.I;
  switch (type) {
    case 'i32':
    case 'f32':
      I[w] = v as number;
      return;
    case 'i8':
      I[w] = signed ? ((v as number) << 24) >> 24 : (v as number);
      return;
    case 'i16':
      I[w] = signed ? ((v as number) << 16) >> 16 : (v as number);
      return;
    case 'i64':
      setI64(I, w, v as bigint);
      return;
    case 'f64':
      m.F64[w >> 1] = v as number;
      return;
    case 'v128':
      new Uint8Array(m.buffer, w * 4, 16).set(v as Uint8Array);
      return;
    default:
      m.refs[w] = v;
  }
}

/** A field value from `bytes` at `at` (array.new_data, array.init_data). */
function fieldFromBytes(
  bytes: Uint8Array,
  at: number,
  type: CanonStorageType,
): unknown {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (type) {
    case 'i8':
      return dv.getUint8(at);
    case 'i16':
      return dv.getUint16(at, true);
    case 'i32':
    case 'f32':
      return dv.getInt32(at, true);
    case 'i64':
      return dv.getBigInt64(at, true);
    case 'f64':
      return dv.getFloat64(at, true);
    case 'v128':
      return bytes.slice(at, at + 16);
    default:
      throw new Error('internal: reference field from data');
  }
}

function storageSize(type: CanonStorageType): number {
  switch (type) {
    case 'i8':
      return 1;
    case 'i16':
      return 2;
    case 'i32':
    case 'f32':
      return 4;
    case 'i64':
    case 'f64':
      return 8;
    case 'v128':
      return 16;
    default:
      return 0;
  }
}

/** Runs the instruction at `pc`; returns the pc of the next one. */
export function execMisc(
  m: Machine,
  inst: Instance,
  c: Int32Array,
  pc: number,
  fp: number,
): number {
  const I = m.I;
  const refs = m.refs;
  const op = c[pc]!;
  if (op === 1012) return execMemory(m, inst, c, pc, fp, c[pc + 1]!, 1);
  const d = defs[op];
  if (d === undefined) throw new Error(`internal: bad opcode ${op}`);
  if (d.prefix === 0xfe || d.immediates[0] === 'memarg')
    return execMemory(m, inst, c, pc, fp, op, 0);
  if (d.prefix === 0xfd) return execSimd(m, inst, c, pc, fp);
  const dst = fp + c[pc + 1]!;
  const at = (k: number): number => fp + c[pc + 2 + k]!;
  const registry = m.registry;
  switch (names[op]!) {
    // Tables
    case 'table.get': {
      const t = inst.tables[c[pc + 3]!]!;
      const i = address(I, at(0), t.addressType === 'i64');
      if (i >= t.elements.length) trap('tableOutOfBounds');
      refs[dst] = t.elements[i];
      return pc + 4;
    }
    case 'table.set': {
      const t = inst.tables[c[pc + 4]!]!;
      const i = address(I, at(0), t.addressType === 'i64');
      if (i >= t.elements.length) trap('tableOutOfBounds');
      t.elements[i] = refs[at(1)];
      return pc + 5;
    }
    case 'table.size': {
      const t = inst.tables[c[pc + 2]!]!;
      I[dst] = t.elements.length;
      I[dst + 1] = 0;
      return pc + 3;
    }
    case 'table.grow': {
      const t = inst.tables[c[pc + 4]!]!;
      const is64 = t.addressType === 'i64';
      const delta = address(I, at(1), is64);
      const r = t.grow(delta, refs[at(0)]);
      I[dst] = r;
      I[dst + 1] = is64 && r < 0 ? -1 : 0;
      return pc + 5;
    }
    case 'table.fill': {
      const t = inst.tables[c[pc + 5]!]!;
      const is64 = t.addressType === 'i64';
      const i = address(I, at(0), is64);
      const n = address(I, at(2), is64);
      if (i + n > t.elements.length) trap('tableOutOfBounds');
      t.elements.fill(refs[at(1)], i, i + n);
      return pc + 6;
    }
    case 'table.copy': {
      const td = inst.tables[c[pc + 5]!]!;
      const ts = inst.tables[c[pc + 6]!]!;
      const d64 = td.addressType === 'i64';
      const s64 = ts.addressType === 'i64';
      const di = address(I, at(0), d64);
      const si = address(I, at(1), s64);
      const n = address(I, at(2), d64 && s64);
      if (di + n > td.elements.length || si + n > ts.elements.length)
        trap('tableOutOfBounds');
      td.elements.splice(di, n, ...ts.elements.slice(si, si + n));
      return pc + 7;
    }
    case 'table.init': {
      const seg = inst.elems[c[pc + 5]!] ?? [];
      const t = inst.tables[c[pc + 6]!]!;
      const di = address(I, at(0), t.addressType === 'i64');
      const si = I[at(1)]! >>> 0;
      const n = I[at(2)]! >>> 0;
      if (di + n > t.elements.length || si + n > seg.length)
        trap('tableOutOfBounds');
      for (let k = 0; k < n; k++) t.elements[di + k] = seg[si + k];
      return pc + 7;
    }
    case 'elem.drop':
      inst.elems[c[pc + 2]!] = null;
      return pc + 3;
    case 'data.drop':
      inst.datas[c[pc + 2]!] = null;
      return pc + 3;
    case 'memory.init': {
      const seg = inst.datas[c[pc + 5]!] ?? new Uint8Array(0);
      const mem = inst.memories[c[pc + 6]!]!;
      const di = address(I, at(0), mem.addressType === 'i64');
      const si = I[at(1)]! >>> 0;
      const n = I[at(2)]! >>> 0;
      if (di + n > mem.byteLength || si + n > seg.length)
        trap('memoryOutOfBounds');
      mem.bytes.set(seg.subarray(si, si + n), di);
      return pc + 7;
    }
    case 'memory.copy': {
      const md = inst.memories[c[pc + 5]!]!;
      const ms = inst.memories[c[pc + 6]!]!;
      const d64 = md.addressType === 'i64';
      const s64 = ms.addressType === 'i64';
      const di = address(I, at(0), d64);
      const si = address(I, at(1), s64);
      const n = address(I, at(2), d64 && s64);
      if (di + n > md.byteLength || si + n > ms.byteLength)
        trap('memoryOutOfBounds');
      if (md === ms) md.bytes.copyWithin(di, si, si + n);
      else md.bytes.set(ms.bytes.subarray(si, si + n), di);
      return pc + 7;
    }
    case 'memory.fill': {
      const mem = inst.memories[c[pc + 5]!]!;
      const is64 = mem.addressType === 'i64';
      const di = address(I, at(0), is64);
      const n = address(I, at(2), is64);
      if (di + n > mem.byteLength) trap('memoryOutOfBounds');
      mem.bytes.fill(I[at(1)]! & 0xff, di, di + n);
      return pc + 6;
    }

    // References
    case 'ref.eq': {
      I[dst] = refs[at(0)] === refs[at(1)] ? 1 : 0;
      return pc + 4;
    }
    case 'ref.as_non_null': {
      const r = refs[at(0)];
      if (r === null) trap('nullReference');
      refs[dst] = r;
      return pc + 3;
    }
    case 'ref.test':
    case 'ref.test.null':
      I[dst] = refTest(
        m,
        refs[at(0)],
        c[pc + 3]!,
        names[op] === 'ref.test.null' ? 1 : 0,
      )
        ? 1
        : 0;
      return pc + 4;
    case 'ref.cast':
    case 'ref.cast.null': {
      const r = refs[at(0)];
      if (!refTest(m, r, c[pc + 3]!, names[op] === 'ref.cast.null' ? 1 : 0))
        trap('castFailure');
      refs[dst] = r;
      return pc + 4;
    }
    case 'any.convert_extern': {
      const r = refs[at(0)];
      refs[dst] =
        r === null
          ? null
          : r instanceof ExternI31
            ? r.value
            : r instanceof WasmStruct || r instanceof WasmArray
              ? r
              : new HostAnyRef(r);
      return pc + 3;
    }
    case 'extern.convert_any': {
      const r = refs[at(0)];
      refs[dst] =
        r instanceof HostAnyRef
          ? r.value
          : typeof r === 'number'
            ? new ExternI31(r)
            : r;
      return pc + 3;
    }
    case 'ref.i31':
      refs[dst] = (I[at(0)]! << 1) >> 1;
      return pc + 3;
    case 'i31.get_s':
    case 'i31.get_u': {
      const r = refs[at(0)];
      if (r === null) trap('nullI31Reference');
      I[dst] =
        names[op] === 'i31.get_s' ? (r as number) : (r as number) & 0x7fffffff;
      return pc + 3;
    }

    // GC structs and arrays
    case 'struct.new': {
      // [id, dst, n, field operands..., typeId, typeIndex]
      const n = c[pc + 2]!;
      const typeId = c[pc + 3 + n]!;
      const fields = registry.types[typeId]!.fields;
      const values: unknown[] = [];
      for (let k = 0; k < n; k++) {
        values.push(toField(m, fp + c[pc + 3 + k]!, fields[k]!.storage));
      }
      refs[dst] = new WasmStruct(typeId, values);
      return pc + 3 + n + 2;
    }
    case 'struct.new_default': {
      const typeId = c[pc + 2]!;
      const fields = registry.types[typeId]!.fields;
      refs[dst] = new WasmStruct(
        typeId,
        fields.map((f) => defaultFieldValue(f.storage)),
      );
      return pc + 4;
    }
    case 'struct.get':
    case 'struct.get_s':
    case 'struct.get_u': {
      const s = refs[at(0)] as WasmStruct | null;
      if (s === null) trap('nullStructureReference');
      const field = c[pc + 5]!;
      const type = registry.types[c[pc + 3]!]!.fields[field]!.storage;
      fromField(m, dst, type, s.fields[field], names[op] === 'struct.get_s');
      return pc + 6;
    }
    case 'struct.set': {
      const s = refs[at(0)] as WasmStruct | null;
      if (s === null) trap('nullStructureReference');
      const field = c[pc + 6]!;
      const type = registry.types[c[pc + 4]!]!.fields[field]!.storage;
      s.fields[field] = toField(m, at(1), type);
      return pc + 7;
    }
    case 'array.new': {
      const typeId = c[pc + 4]!;
      const type = registry.types[typeId]!.fields[0]!.storage;
      const n = I[at(1)]! >>> 0;
      const v = toField(m, at(0), type);
      refs[dst] = new WasmArray(typeId, newElements(n, v));
      return pc + 6;
    }
    case 'array.new_default': {
      const typeId = c[pc + 3]!;
      const type = registry.types[typeId]!.fields[0]!.storage;
      const n = I[at(0)]! >>> 0;
      refs[dst] = new WasmArray(
        typeId,
        newElements(n, defaultFieldValue(type)),
      );
      return pc + 5;
    }
    case 'array.new_fixed': {
      // [id, dst, n, operands..., typeId, typeIndex, n]
      const n = c[pc + 2]!;
      const typeId = c[pc + 3 + n]!;
      const type = registry.types[typeId]!.fields[0]!.storage;
      const values: unknown[] = [];
      for (let k = 0; k < n; k++)
        values.push(toField(m, fp + c[pc + 3 + k]!, type));
      refs[dst] = new WasmArray(typeId, values);
      return pc + 3 + n + 3;
    }
    case 'array.new_data':
    case 'array.init_data': {
      const isNew = names[op] === 'array.new_data';
      const base = isNew ? 2 : 4;
      const typeId = c[pc + 2 + base]!;
      const type = registry.types[typeId]!.fields[0]!.storage;
      const seg = inst.datas[c[pc + 2 + base + 2]!] ?? new Uint8Array(0);
      const size = storageSize(type);
      let arr: WasmArray;
      let di = 0;
      let s: number;
      let n: number;
      if (isNew) {
        s = I[at(0)]! >>> 0;
        n = I[at(1)]! >>> 0;
      } else {
        const r = refs[at(0)] as WasmArray | null;
        if (r === null) trap('nullArrayReference');
        arr = r;
        di = I[at(1)]! >>> 0;
        s = I[at(2)]! >>> 0;
        n = I[at(3)]! >>> 0;
        if (di + n > arr.elements.length) trap('arrayOutOfBounds');
      }
      if (s + n * size > seg.length) trap('dataSegmentOutOfBounds');
      const values: unknown[] = [];
      for (let k = 0; k < n; k++)
        values.push(fieldFromBytes(seg, s + k * size, type));
      if (isNew) refs[dst] = new WasmArray(typeId, values);
      else for (let k = 0; k < n; k++) arr!.elements[di + k] = values[k];
      return pc + 2 + base + 3;
    }
    case 'array.new_elem':
    case 'array.init_elem': {
      const isNew = names[op] === 'array.new_elem';
      const base = isNew ? 2 : 4;
      const typeId = c[pc + 2 + base]!;
      const seg = inst.elems[c[pc + 2 + base + 2]!] ?? [];
      if (isNew) {
        const s = I[at(0)]! >>> 0;
        const n = I[at(1)]! >>> 0;
        if (s + n > seg.length) trap('tableOutOfBounds');
        refs[dst] = new WasmArray(typeId, seg.slice(s, s + n));
      } else {
        const arr = refs[at(0)] as WasmArray | null;
        if (arr === null) trap('nullArrayReference');
        const di = I[at(1)]! >>> 0;
        const s = I[at(2)]! >>> 0;
        const n = I[at(3)]! >>> 0;
        if (di + n > arr.elements.length) trap('arrayOutOfBounds');
        if (s + n > seg.length) trap('elementSegmentOutOfBounds');
        for (let k = 0; k < n; k++) arr.elements[di + k] = seg[s + k];
      }
      return pc + 2 + base + 3;
    }
    case 'array.get':
    case 'array.get_s':
    case 'array.get_u': {
      const arr = refs[at(0)] as WasmArray | null;
      if (arr === null) trap('nullArrayReference');
      const i = I[at(1)]! >>> 0;
      if (i >= arr.elements.length) trap('arrayOutOfBounds');
      const type = registry.types[c[pc + 4]!]!.fields[0]!.storage;
      fromField(m, dst, type, arr.elements[i], names[op] === 'array.get_s');
      return pc + 6;
    }
    case 'array.set': {
      const arr = refs[at(0)] as WasmArray | null;
      if (arr === null) trap('nullArrayReference');
      const i = I[at(1)]! >>> 0;
      if (i >= arr.elements.length) trap('arrayOutOfBounds');
      const type = registry.types[c[pc + 5]!]!.fields[0]!.storage;
      arr.elements[i] = toField(m, at(2), type);
      return pc + 7;
    }
    case 'array.len': {
      const arr = refs[at(0)] as WasmArray | null;
      if (arr === null) trap('nullArrayReference');
      I[dst] = arr.elements.length;
      return pc + 3;
    }
    case 'array.fill': {
      const arr = refs[at(0)] as WasmArray | null;
      if (arr === null) trap('nullArrayReference');
      const i = I[at(1)]! >>> 0;
      const n = I[at(3)]! >>> 0;
      if (i + n > arr.elements.length) trap('arrayOutOfBounds');
      const type = registry.types[c[pc + 6]!]!.fields[0]!.storage;
      const v = toField(m, at(2), type);
      for (let k = 0; k < n; k++)
        arr.elements[i + k] = type === 'v128' ? (v as Uint8Array).slice() : v;
      return pc + 8;
    }
    case 'array.copy': {
      const da = refs[at(0)] as WasmArray | null;
      const sa = refs[at(2)] as WasmArray | null;
      if (da === null || sa === null) trap('nullArrayReference');
      const di = I[at(1)]! >>> 0;
      const si = I[at(3)]! >>> 0;
      const n = I[at(4)]! >>> 0;
      if (di + n > da.elements.length || si + n > sa.elements.length)
        trap('arrayOutOfBounds');
      const copy = sa.elements.slice(si, si + n);
      for (let k = 0; k < n; k++) da.elements[di + k] = copy[k];
      return pc + 11;
    }

    // Wide arithmetic
    case 'i64.add128':
    case 'i64.sub128': {
      const mask = (1n << 128n) - 1n;
      const a =
        (BigInt.asUintN(64, getI64(I, at(1))) << 64n) |
        BigInt.asUintN(64, getI64(I, at(0)));
      const b =
        (BigInt.asUintN(64, getI64(I, at(3))) << 64n) |
        BigInt.asUintN(64, getI64(I, at(2)));
      const r = (names[op] === 'i64.add128' ? a + b : a - b) & mask;
      setI64(I, dst, r);
      setI64(I, dst + 2, r >> 64n);
      return pc + 6;
    }
    case 'i64.mul_wide_s':
    case 'i64.mul_wide_u': {
      const signed = names[op] === 'i64.mul_wide_s';
      let a = getI64(I, at(0));
      let b = getI64(I, at(1));
      if (!signed) {
        a = BigInt.asUintN(64, a);
        b = BigInt.asUintN(64, b);
      }
      const r = BigInt.asUintN(128, a * b);
      setI64(I, dst, r);
      setI64(I, dst + 2, r >> 64n);
      return pc + 4;
    }
    default:
      throw new Error(
        `internal: instruction ${names[op]} is not supported by the interpreter`,
      );
  }
}

function newElements(n: number, v: unknown): unknown[] {
  if (n > 1 << 28) trap('outOfMemory');
  const out = new Array<unknown>(n);
  if (v instanceof Uint8Array) for (let i = 0; i < n; i++) out[i] = v.slice();
  else out.fill(v);
  return out;
}
