// Memory accesses beyond the dispatch loop's fast path (other memories,
// 64-bit addresses, offsets past 2^32), SIMD memory accesses and atomics.

import { instructions } from '@tswasm/ir';
import type { Instance } from '../runtime/instance.js';
import type { Memory } from '../runtime/objects.js';
import { trap } from '../runtime/trap.js';
import type { Machine } from './machine.js';
import { getI64, setI64 } from './numeric.js';
import { execSimd } from './simd.js';

const defs = instructions;

/** An address operand as a number (u32, or u64 where `is64`). */
export function address(I: Int32Array, w: number, is64: boolean): number {
  return is64 ? (I[w + 1]! >>> 0) * 4294967296 + (I[w]! >>> 0) : I[w]! >>> 0;
}

/**
 * A load, store or atomic access: `[id, dst, operands..., offset, memory, offsetHi]`
 * (after a leading `memSlow` word where `skip` is 1).
 */
export function execMemory(
  m: Machine,
  inst: Instance,
  c: Int32Array,
  pc: number,
  fp: number,
  op: number,
  skip: number,
): number {
  const d = defs[op]!;
  const p = pc + skip;
  const nOps = d.params!.length;
  const dst = fp + c[p + 1]!;
  const operand = (k: number): number => fp + c[p + 2 + k]!;
  const immAt = p + 2 + nOps;
  const mem: Memory = inst.memories[c[immAt + 1]!]!;
  const offset = (c[immAt]! >>> 0) + (c[immAt + 2]! >>> 0) * 4294967296;
  const is64 = mem.addressType === 'i64';
  const ea = address(m.I, operand(0), is64) + offset;
  const next = immAt + 3 + (d.immediates.includes('lane') ? 1 : 0);
  const I = m.I;
  const name = d.name;
  if (d.prefix === 0xfd) {
    if (d.immediates.includes('lane')) m.laneImmediate = c[immAt + 3]!;
    return execSimd(m, inst, c, pc, fp, { ea, mem, dst, operand, next, name });
  }
  const size = accessSize(name);
  if (ea + size > mem.byteLength) trap('memoryOutOfBounds');
  const dv = mem.view;
  if (d.prefix === 0xfe) {
    if (name === 'atomic.fence') return pc + 3;
    if (ea % size !== 0) trap('unalignedAtomic');
    m.sharedAccess = mem.shared;
    return execAtomic(m, dv, name, ea, size, dst, operand, next);
  }
  if (d.results!.length === 1) {
    loadTo(I, dv, name, ea, dst);
  } else {
    storeFrom(I, dv, name, ea, operand(1));
  }
  return next;
}

function accessSize(name: string): number {
  if (name.includes('8'))
    return name.startsWith('i') &&
      /(8|load8|store8)/.test(name) &&
      !name.includes('64.atomic.rmw.')
      ? 1
      : 8;
  if (name.includes('16')) return 2;
  if (
    name.includes('32') &&
    (name.startsWith('i64.') ||
      name.startsWith('memory.atomic.wait32') ||
      name.startsWith('memory.atomic.notify'))
  ) {
    return 4;
  }
  if (
    name.startsWith('i64') ||
    name.startsWith('f64') ||
    name.endsWith('wait64')
  )
    return 8;
  return 4;
}

function loadTo(
  I: Int32Array,
  dv: DataView,
  name: string,
  ea: number,
  d: number,
): void {
  const is64 = name.startsWith('i64');
  let v: number;
  let hi: number | null = null;
  switch (name.slice(4)) {
    case 'load':
    case 'atomic.load':
      v = dv.getInt32(ea, true);
      if (is64 || name.startsWith('f64')) hi = dv.getInt32(ea + 4, true);
      break;
    case 'load8_s':
      v = dv.getInt8(ea);
      break;
    case 'load8_u':
    case 'atomic.load8_u':
      v = dv.getUint8(ea);
      break;
    case 'load16_s':
      v = dv.getInt16(ea, true);
      break;
    case 'load16_u':
    case 'atomic.load16_u':
      v = dv.getUint16(ea, true);
      break;
    case 'load32_s':
      v = dv.getInt32(ea, true);
      break;
    default:
      v = dv.getInt32(ea, true);
      if (is64) hi = 0;
  }
  I[d] = v;
  if (is64 || name.startsWith('f64'))
    I[d + 1] = hi ?? (name.endsWith('_u') ? 0 : v >> 31);
}

function storeFrom(
  I: Int32Array,
  dv: DataView,
  name: string,
  ea: number,
  s: number,
): void {
  if (name.endsWith('store8')) dv.setInt8(ea, I[s]!);
  else if (name.endsWith('store16')) dv.setInt16(ea, I[s]!, true);
  else if (name.endsWith('store32')) dv.setInt32(ea, I[s]!, true);
  else if (name.startsWith('i64') || name.startsWith('f64')) {
    dv.setInt32(ea, I[s]!, true);
    dv.setInt32(ea + 4, I[s + 1]!, true);
  } else dv.setInt32(ea, I[s]!, true);
}

function readSized(dv: DataView, ea: number, size: number): bigint {
  switch (size) {
    case 1:
      return BigInt(dv.getUint8(ea));
    case 2:
      return BigInt(dv.getUint16(ea, true));
    case 4:
      return BigInt(dv.getUint32(ea, true));
    default:
      return dv.getBigUint64(ea, true);
  }
}

function writeSized(dv: DataView, ea: number, size: number, v: bigint): void {
  switch (size) {
    case 1:
      dv.setUint8(ea, Number(v & 0xffn));
      return;
    case 2:
      dv.setUint16(ea, Number(v & 0xffffn), true);
      return;
    case 4:
      dv.setUint32(ea, Number(v & 0xffffffffn), true);
      return;
    default:
      dv.setBigUint64(ea, BigInt.asUintN(64, v), true);
  }
}

/** Atomic accesses with single-threaded semantics. */
function execAtomic(
  m: Machine,
  dv: DataView,
  name: string,
  ea: number,
  size: number,
  dst: number,
  operand: (k: number) => number,
  next: number,
): number {
  const I = m.I;
  const is64 = name.startsWith('i64');
  const read = (k: number): bigint =>
    is64
      ? BigInt.asUintN(64, getI64(I, operand(k)))
      : BigInt(I[operand(k)]! >>> 0);
  const result = (v: bigint): void => {
    if (is64) setI64(I, dst, v);
    else I[dst] = Number(BigInt.asIntN(32, v));
  };
  if (name === 'memory.atomic.notify') {
    I[dst] = 0;
    return next;
  }
  if (name.startsWith('memory.atomic.wait')) {
    // Waiting on an unshared memory traps. With one thread nothing can wake
    // a waiter: a value that differs is "not-equal" (1), else "timed-out" (2).
    if (!m.sharedAccess) trap('expectedSharedMemory');
    const expected = name.endsWith('wait64')
      ? BigInt.asUintN(64, getI64(I, operand(1)))
      : BigInt(I[operand(1)]! >>> 0);
    I[dst] = readSized(dv, ea, size) !== expected ? 1 : 2;
    return next;
  }
  if (name.includes('.atomic.load')) {
    result(readSized(dv, ea, size));
    return next;
  }
  if (name.includes('.atomic.store')) {
    writeSized(dv, ea, size, read(1));
    return next;
  }
  const old = readSized(dv, ea, size);
  const v = read(1);
  const opName = name.slice(name.lastIndexOf('.') + 1).replace(/_u$/, '');
  let nv: bigint;
  switch (opName) {
    case 'add':
      nv = old + v;
      break;
    case 'sub':
      nv = old - v;
      break;
    case 'and':
      nv = old & v;
      break;
    case 'or':
      nv = old | v;
      break;
    case 'xor':
      nv = old ^ v;
      break;
    case 'xchg':
      nv = v;
      break;
    case 'cmpxchg': {
      const mask =
        size === 8 ? (1n << 64n) - 1n : (1n << BigInt(size * 8)) - 1n;
      nv = old === (v & mask) ? read(2) : old;
      break;
    }
    default:
      throw new Error(`internal: atomic ${name}`);
  }
  writeSized(dv, ea, size, nv);
  result(old);
  return next;
}
