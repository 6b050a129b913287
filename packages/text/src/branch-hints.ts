// The branch hint custom section, built from the hints of the text format.
// Its offsets are byte offsets in the encoded function bodies.
// https://github.com/WebAssembly/branch-hinting/blob/main/proposals/branch-hinting/Overview.md

import { ByteWriter, encodeInstrs } from '@tswasm/encoder';
import type { CustomSection, Func, Module, SectionId } from '@tswasm/ir';
import { branchHintName } from './cursor.js';
import type { FuncBranchHints } from './module-parser.js';

/** Sections that may come before the code section, last first. */
const beforeCode: readonly [SectionId, (module: Module) => boolean][] = [
  [9, (m) => m.elements.length > 0],
  [8, (m) => m.start !== null],
  [7, (m) => m.exports.length > 0],
  [6, (m) => m.globals.length > 0],
  [13, (m) => m.tags.length > 0],
  [5, (m) => m.memories.length > 0],
  [4, (m) => m.tables.length > 0],
];

/** Byte length of a function's locals declaration, as the encoder writes it. */
function localsByteLength(func: Func): number {
  const w = new ByteWriter();
  w.u32(func.locals.length);
  for (const group of func.locals) {
    w.u32(group.count);
    const type = group.type;
    if (
      typeof type === 'string' ||
      (type.nullable && typeof type.heapType === 'string')
    ) {
      w.byte(0);
    } else {
      w.byte(0);
      if (typeof type.heapType === 'number') w.s33(type.heapType);
      else w.byte(0);
    }
  }
  return w.finish().length;
}

/**
 * The `metadata.code.branch_hint` custom section for `hints`, placed right
 * before the code section; null when there are no hints. Each hint's offset
 * counts from the start of the function's locals declaration.
 */
export function branchHintSection(
  module: Module,
  hints: readonly FuncBranchHints[],
): CustomSection | null {
  if (hints.length === 0) return null;
  const imported = module.imports.filter((i) => i.desc.kind === 'func').length;
  const w = new ByteWriter();
  const sorted = [...hints].sort((a, b) => a.funcIndex - b.funcIndex);
  w.u32(sorted.length);
  for (const { funcIndex, hints: funcHints } of sorted) {
    const func = module.functions[funcIndex - imported];
    if (func?.body.kind !== 'instrs')
      throw new Error('internal: hinted function without instructions');
    const instrs = func.body.instrs;
    w.u32(funcIndex);
    w.u32(funcHints.length);
    let offset = localsByteLength(func);
    let next = 0;
    for (const hint of funcHints) {
      for (; next < hint.instrIndex; next++)
        offset += encodeInstrs([instrs[next]!]).length - 1;
      w.u32(offset);
      w.u32(1);
      w.byte(hint.value);
    }
  }
  const after = beforeCode.find(([, present]) => present(module))?.[0] ?? 3;
  return { name: branchHintName, bytes: w.finish(), after };
}
