// Import and export sections.
// https://webassembly.github.io/spec/core/binary/modules.html#import-section

import type { Export, ExternKind, Import, ImportDesc } from '@tswasm/ir';
import { readGlobalType, readMemoryType, readTableType } from '../types.js';
import type { Reader } from '../reader.js';
import type { DecodeContext } from './context.js';
import { readTagType } from './definitions.js';

function readImportDesc(ctx: DecodeContext): ImportDesc {
  const r: Reader = ctx.r;
  const pos = r.pos;
  switch (r.u8()) {
    case 0x00:
      return { kind: 'func', typeIndex: r.u32() };
    case 0x01:
      return { kind: 'table', type: readTableType(r, ctx.features) };
    case 0x02:
      return { kind: 'memory', type: readMemoryType(r, ctx.features) };
    case 0x03:
      return { kind: 'global', type: readGlobalType(r) };
    case 0x04:
      if (ctx.features.exceptions || ctx.features.legacyExceptions) {
        return { kind: 'tag', type: readTagType(r) };
      }
      return r.fail('malformed import kind', pos);
    default:
      return r.fail('malformed import kind', pos);
  }
}

/** The import section: `vec(import)`. */
export function readImportSection(ctx: DecodeContext): Import[] {
  const r: Reader = ctx.r;
  const n = r.u32();
  const imports: Import[] = [];
  for (let i = 0; i < n; i++) {
    const module = r.name();
    const name = r.name();
    imports.push({ module, name, desc: readImportDesc(ctx) });
  }
  return imports;
}

const exportKinds: readonly ExternKind[] = [
  'func',
  'table',
  'memory',
  'global',
  'tag',
];

/** The export section: `vec(export)`. */
export function readExportSection(ctx: DecodeContext): Export[] {
  const r: Reader = ctx.r;
  const n = r.u32();
  const exports: Export[] = [];
  for (let i = 0; i < n; i++) {
    const name = r.name();
    const pos = r.pos;
    const kind = exportKinds[r.u8()];
    if (kind === undefined) r.fail('malformed export kind', pos);
    exports.push({ name, kind, index: r.u32() });
  }
  return exports;
}
