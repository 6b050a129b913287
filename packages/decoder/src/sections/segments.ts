// Element and data segments.
// https://webassembly.github.io/spec/core/binary/modules.html#element-section

import {
  type ConstExpr,
  type DataSegment,
  type ElemMode,
  type ElemSegment,
  type Instr,
  type RefType,
  funcref,
} from '@tswasm/ir';
import { readConstExpr } from '../expr.js';
import { readRefType } from '../types.js';
import type { Reader } from '../reader.js';
import type { DecodeContext } from './context.js';

/**
 * `(ref func)`: the type of segments given as function indices (encodings
 * 0-3, Wasm 3.0); encoding 4's expressions have type `funcref`.
 */
const refFunc: RefType = { kind: 'ref', nullable: false, heapType: 'func' };

/** Function indices as `ref.func` expressions. */
function readFuncIndices(ctx: DecodeContext): ConstExpr[] {
  const r: Reader = ctx.r;
  const n = r.u32();
  const init: ConstExpr[] = [];
  for (let i = 0; i < n; i++) {
    const offset = r.offset;
    const instr: Instr = { op: 'ref.func', args: [r.u32()], offset };
    init.push([instr]);
  }
  return init;
}

function readExprs(ctx: DecodeContext): ConstExpr[] {
  const n = ctx.r.u32();
  const init: ConstExpr[] = [];
  for (let i = 0; i < n; i++) init.push(readConstExpr(ctx.ir));
  return init;
}

/** The element kind byte of encodings 1-3: only 0x00, functions. */
function readElemKind(ctx: DecodeContext): RefType {
  ctx.r.expect(0x00, 'malformed element kind');
  return refFunc;
}

function readElem(ctx: DecodeContext): ElemSegment {
  const r: Reader = ctx.r;
  const pos = r.pos;
  const encoding = r.u32();
  if (encoding > 7) r.fail('malformed elements segment kind', pos);
  // Bit 0: passive or declarative; bit 1: explicit table index (active) or
  // declarative (passive); bit 2: expressions instead of function indices.
  let mode: ElemMode;
  if ((encoding & 1) === 0) {
    const table = (encoding & 2) !== 0 ? r.u32() : 0;
    mode = { kind: 'active', table, offset: readConstExpr(ctx.ir) };
  } else {
    mode = (encoding & 2) !== 0 ? { kind: 'declarative' } : { kind: 'passive' };
  }
  const hasType = encoding !== 0 && encoding !== 4;
  if ((encoding & 4) === 0) {
    const type = hasType ? readElemKind(ctx) : refFunc;
    return { mode, type, init: readFuncIndices(ctx), encoding };
  }
  const type = hasType ? readRefType(r) : funcref;
  return { mode, type, init: readExprs(ctx), encoding };
}

/** The element section: `vec(elem)`, keeping each segment's encoding. */
export function readElementSection(ctx: DecodeContext): ElemSegment[] {
  const n = ctx.r.u32();
  const elements: ElemSegment[] = [];
  for (let i = 0; i < n; i++) elements.push(readElem(ctx));
  return elements;
}

/** The data section: `vec(data)`, keeping each segment's encoding. */
export function readDataSection(ctx: DecodeContext): DataSegment[] {
  const r: Reader = ctx.r;
  const n = r.u32();
  const datas: DataSegment[] = [];
  for (let i = 0; i < n; i++) {
    const pos = r.pos;
    const encoding = r.u32();
    switch (encoding) {
      case 0:
      case 2: {
        const memory = encoding === 2 ? r.u32() : 0;
        const offset = readConstExpr(ctx.ir);
        const bytes = r.take(r.u32());
        datas.push({
          mode: { kind: 'active', memory, offset },
          bytes,
          encoding,
        });
        break;
      }
      case 1:
        datas.push({
          mode: { kind: 'passive' },
          bytes: r.take(r.u32()),
          encoding,
        });
        break;
      default:
        r.fail('malformed data segment kind', pos);
    }
  }
  return datas;
}
