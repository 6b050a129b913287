// Wrapper modules that carry floats and vectors across V8's JS boundary as
// integers: a JS number cannot hold an f32 NaN's payload reliably, and v128
// cannot cross at all. The wrapper imports the function (or global) and
// exports one that takes and returns f32 as i32, f64 as i64, and v128 as
// two i64, reinterpreting inside WebAssembly where bits are kept.

import { uleb } from '../spectest.js';
import type { RawFuncType, RawValType } from './export-types.js';

const i32 = 0x7f;
const i64 = 0x7e;

/** True if a signature needs a wrapper to be called exactly. */
export function needsShim(types: readonly RawValType[]): boolean {
  return types.some(
    (type) =>
      type.kind === 'f32' || type.kind === 'f64' || type.kind === 'v128',
  );
}

/** True if the wrapper can spell every type (no type indices). */
export function canShim(types: readonly RawValType[]): boolean {
  return types.every((type) => type.kind !== 'ref' || type.heap !== null);
}

/** The integer types a value travels as. */
function carrier(type: RawValType): number[][] {
  switch (type.kind) {
    case 'f32':
      return [[i32]];
    case 'f64':
      return [[i64]];
    case 'v128':
      return [[i64], [i64]];
    case 'i32':
    case 'i64':
    case 'ref':
      return [[...type.bytes]];
  }
}

function funcType(params: number[][], results: number[][]): number[] {
  return [
    0x60,
    ...uleb(params.length),
    ...params.flat(),
    ...uleb(results.length),
    ...results.flat(),
  ];
}

/** Pushes the value of one original parameter from its carrier locals. */
function loadParam(type: RawValType, local: number): number[] {
  const get = (index: number): number[] => [0x20, ...uleb(index)];
  switch (type.kind) {
    case 'f32':
      return [...get(local), 0xbe];
    case 'f64':
      return [...get(local), 0xbf];
    case 'v128':
      return [
        0xfd,
        0x0c,
        ...new Array<number>(16).fill(0),
        ...get(local),
        0xfd,
        0x1e,
        0,
        ...get(local + 1),
        0xfd,
        0x1e,
        1,
      ];
    case 'i32':
    case 'i64':
    case 'ref':
      return get(local);
  }
}

/** Pushes the carrier of one original result kept in `local`. */
function storeResult(type: RawValType, local: number): number[] {
  const get = [0x20, ...uleb(local)];
  switch (type.kind) {
    case 'f32':
      return [...get, 0xbc];
    case 'f64':
      return [...get, 0xbd];
    case 'v128':
      return [...get, 0xfd, 0x1d, 0, ...get, 0xfd, 0x1d, 1];
    case 'i32':
    case 'i64':
    case 'ref':
      return get;
  }
}

function moduleBytes(
  types: number[][],
  importDesc: number[],
  funcType: number,
  funcIndex: number,
  body: number[],
): Uint8Array {
  const section = (id: number, content: number[]): number[] => [
    id,
    ...uleb(content.length),
    ...content,
  ];
  const vec = (items: number[][]): number[] => [
    ...uleb(items.length),
    ...items.flat(),
  ];
  const name = (text: string): number[] => [
    text.length,
    ...Array.from(text, (c) => c.charCodeAt(0)),
  ];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec(types)),
    ...section(2, vec([[...name('m'), ...name('x'), ...importDesc]])),
    ...section(3, vec([uleb(funcType)])),
    ...section(7, vec([[...name('f'), 0x00, ...uleb(funcIndex)]])),
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ]);
}

function localDecls(types: readonly RawValType[]): number[] {
  return [
    ...uleb(types.length),
    ...types.flatMap((type) => [1, ...type.bytes]),
  ];
}

/**
 * A wrapper for a function of type `type`: it imports `m.x` and exports
 * `f` over carriers.
 */
export function functionShim(type: RawFuncType): Uint8Array {
  const paramCarriers = type.params.flatMap(carrier);
  const resultCarriers = type.results.flatMap(carrier);
  const code: number[] = [];
  let local = 0;
  for (const param of type.params) {
    code.push(...loadParam(param, local));
    local += carrier(param).length;
  }
  code.push(0x10, 0x00);
  const firstResult = local;
  for (let i = type.results.length - 1; i >= 0; i--) {
    code.push(0x21, ...uleb(firstResult + i));
  }
  type.results.forEach((result, i) => {
    code.push(...storeResult(result, firstResult + i));
  });
  code.push(0x0b);
  const original = funcType(
    type.params.map((p) => [...p.bytes]),
    type.results.map((r) => [...r.bytes]),
  );
  return moduleBytes(
    [original, funcType(paramCarriers, resultCarriers)],
    [0x00, 0x00],
    1,
    1,
    [...localDecls(type.results), ...code],
  );
}

/**
 * A wrapper for a global of type `type`: it imports `m.x` and exports a
 * function `f` that returns its value as carriers.
 */
export function globalShim(type: RawValType, mutable: boolean): Uint8Array {
  const code = [0x23, 0x00, 0x21, 0x00, ...storeResult(type, 0), 0x0b];
  return moduleBytes(
    [funcType([], carrier(type))],
    [0x03, ...type.bytes, mutable ? 1 : 0],
    0,
    0,
    [...localDecls([type]), ...code],
  );
}
