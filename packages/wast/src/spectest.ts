// The `spectest` host module that the suite's scripts import from, as a
// binary module, so that every engine links it (and checks import types
// against it) like any other instance.
// https://github.com/WebAssembly/spec/blob/main/interpreter/host/spectest.ml

import { f32ToBits, f64ToBits } from '@tswasm/ir';

/** Which optional exports the `spectest` module has. */
export interface SpectestOptions {
  /** Export `table64` (an i64-indexed table; memory64). */
  readonly table64?: boolean;
  /** Export `shared_memory` (threads; a second memory needs multi-memory). */
  readonly sharedMemory?: boolean;
}

/**
 * The bytes of the `spectest` module: functions `print`, `print_i32`,
 * `print_i64`, `print_f32`, `print_f64`, `print_i32_f32`, `print_f64_f64`
 * (they do nothing), globals `global_i32` and `global_i64` (666),
 * `global_f32` and `global_f64` (666.6), `table` (10..20 funcref) and
 * `memory` (1..2 pages), and optionally `table64` and `shared_memory`.
 */
export function spectestBytes(options: SpectestOptions = {}): Uint8Array {
  const i32 = 0x7f;
  const i64 = 0x7e;
  const f32 = 0x7d;
  const f64 = 0x7c;
  const printers: [string, number[]][] = [
    ['print', []],
    ['print_i32', [i32]],
    ['print_i64', [i64]],
    ['print_f32', [f32]],
    ['print_f64', [f64]],
    ['print_i32_f32', [i32, f32]],
    ['print_f64_f64', [f64, f64]],
  ];
  const exports: number[][] = [];
  const exportOf = (name: string, kind: number, index: number): void => {
    exports.push([...encodeName(name), kind, ...uleb(index)]);
  };

  const types = printers.map(([, params]) => [
    0x60,
    ...uleb(params.length),
    ...params,
    0x00,
  ]);
  printers.forEach(([name], index) => exportOf(name, 0x00, index));
  const funcs = printers.map((_, index) => uleb(index));
  const bodies = printers.map(() => [0x02, 0x00, 0x0b]);

  const tables = [[0x70, 0x01, 10, 20]];
  exportOf('table', 0x01, 0);
  if (options.table64 === true) {
    tables.push([0x70, 0x05, 10, 20]);
    exportOf('table64', 0x01, 1);
  }

  const memories = [[0x01, 1, 2]];
  exportOf('memory', 0x02, 0);
  if (options.sharedMemory === true) {
    memories.push([0x03, 1, 2]);
    exportOf('shared_memory', 0x02, 1);
  }

  const globals = [
    [i32, 0x00, 0x41, ...sleb(666n), 0x0b],
    [i64, 0x00, 0x42, ...sleb(666n), 0x0b],
    [f32, 0x00, 0x43, ...littleEndian(BigInt(f32ToBits(666.6)), 4), 0x0b],
    [f64, 0x00, 0x44, ...littleEndian(f64ToBits(666.6), 8), 0x0b],
  ];
  ['global_i32', 'global_i64', 'global_f32', 'global_f64'].forEach(
    (name, index) => exportOf(name, 0x03, index),
  );

  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, types),
    ...section(3, funcs),
    ...section(4, tables),
    ...section(5, memories),
    ...section(6, globals),
    ...section(7, exports),
    ...section(10, bodies),
  ]);
}

// Binary encoding, just enough for this module.

function section(id: number, entries: readonly number[][]): number[] {
  const body = [...uleb(entries.length), ...entries.flat()];
  return [id, ...uleb(body.length), ...body];
}

function encodeName(name: string): number[] {
  const bytes = new TextEncoder().encode(name);
  return [...uleb(bytes.length), ...bytes];
}

/** Unsigned LEB128. */
export function uleb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    bytes.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return bytes;
}

/** Signed LEB128. */
export function sleb(value: bigint): number[] {
  const bytes: number[] = [];
  let rest = value;
  for (;;) {
    const byte = Number(rest & 0x7fn);
    rest >>= 7n;
    const done =
      (rest === 0n && (byte & 0x40) === 0) ||
      (rest === -1n && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

/** `value` as `count` little-endian bytes. */
export function littleEndian(value: bigint, count: number): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < count; i++) {
    bytes.push(Number((value >> BigInt(8 * i)) & 0xffn));
  }
  return bytes;
}
