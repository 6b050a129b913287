// Sections that define one kind of entity each: types, functions (their
// type indices), tables, memories, globals, tags.
// https://webassembly.github.io/spec/core/binary/modules.html

import type {
  Global,
  MemoryType,
  RecGroup,
  Table,
  Tag,
  TagType,
} from '@tswasm/ir';
import { readConstExpr } from '../expr.js';
import type { Reader } from '../reader.js';
import {
  readGlobalType,
  readMemoryType,
  readRecGroup,
  readTableType,
} from '../types.js';
import type { DecodeContext } from './context.js';

/** The type section: `vec(rectype)`. */
export function readTypeSection(ctx: DecodeContext): RecGroup[] {
  const r: Reader = ctx.r;
  const n = r.u32();
  const groups: RecGroup[] = [];
  for (let i = 0; i < n; i++) groups.push(readRecGroup(r, ctx.features));
  return groups;
}

/** The function section: `vec(typeidx)`. */
export function readFunctionSection(ctx: DecodeContext): number[] {
  const r: Reader = ctx.r;
  const n = r.u32();
  const indices: number[] = [];
  for (let i = 0; i < n; i++) indices.push(r.u32());
  return indices;
}

/** The table section: tables, optionally with an initialiser (0x40 0x00). */
export function readTableSection(ctx: DecodeContext): Table[] {
  const r: Reader = ctx.r;
  const n = r.u32();
  const tables: Table[] = [];
  for (let i = 0; i < n; i++) {
    if (r.peek() === 0x40) {
      r.pos++;
      r.expect(0x00, 'zero byte expected');
      const type = readTableType(r, ctx.features);
      tables.push({ type, init: readConstExpr(ctx.ir) });
    } else {
      tables.push({ type: readTableType(r, ctx.features), init: null });
    }
  }
  return tables;
}

/** The memory section: `vec(memtype)`. */
export function readMemorySection(ctx: DecodeContext): MemoryType[] {
  const r: Reader = ctx.r;
  const n = r.u32();
  const memories: MemoryType[] = [];
  for (let i = 0; i < n; i++) memories.push(readMemoryType(r, ctx.features));
  return memories;
}

/** The global section: `vec(globaltype expr)`. */
export function readGlobalSection(ctx: DecodeContext): Global[] {
  const r: Reader = ctx.r;
  const n = r.u32();
  const globals: Global[] = [];
  for (let i = 0; i < n; i++) {
    const type = readGlobalType(r);
    globals.push({ type, init: readConstExpr(ctx.ir) });
  }
  return globals;
}

/** A tag type: the attribute byte 0 and a type index. */
export function readTagType(r: Reader): TagType {
  r.expect(0x00, 'zero byte expected');
  return { typeIndex: r.u32() };
}

/** The tag section: `vec(tagtype)`. */
export function readTagSection(ctx: DecodeContext): Tag[] {
  const r: Reader = ctx.r;
  const n = r.u32();
  const tags: Tag[] = [];
  for (let i = 0; i < n; i++) tags.push({ type: readTagType(r) });
  return tags;
}
