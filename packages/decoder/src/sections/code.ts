// The code section: locals are decoded at once, bodies stay byte ranges
// unless `eagerBodies` asks for them to be checked.
// https://webassembly.github.io/spec/core/binary/modules.html#code-section

import type { Func, FuncBody, LocalGroup } from '@tswasm/ir';
import { readExpr } from '../expr.js';
import { readValType } from '../types.js';
import type { Reader } from '../reader.js';
import type { DecodeContext } from './context.js';

/** The most locals a function may declare: 2^32 - 1. */
const maxLocals = 0xffff_ffff;

/**
 * The code section, as functions with the types of the function section
 * (the module is rejected later if their counts differ), and
 * the `USES_DATA_COUNT` flag if a body needs a data count section.
 */
export function readCodeSection(
  ctx: DecodeContext,
  functionTypes: readonly number[],
  eagerBodies: boolean,
): { functions: Func[]; flags: number } {
  const r: Reader = ctx.r;
  const n = r.u32();
  const functions: Func[] = [];
  let flags = 0;
  for (let i = 0; i < n; i++) {
    const offset = r.offset;
    const size = r.len32();
    const start = r.pos;
    const end = start + size;
    const localsPos = r.pos;
    const groups = r.u32();
    const locals: LocalGroup[] = [];
    let total = 0;
    for (let j = 0; j < groups; j++) {
      const count = r.u32();
      const type = readValType(r);
      total += count;
      locals.push({ count, type });
    }
    if (total > maxLocals) r.fail('too many locals', localsPos);
    const bodyStart = r.pos;
    if (eagerBodies) {
      // Like the reference interpreter, read up to the final `end` even
      // past the entry, then compare with its declared size.
      flags |= readExpr(ctx.ir, null);
    } else if (r.pos > end) {
      r.fail('section size mismatch', start);
    } else {
      r.pos = end;
    }
    if (r.pos !== end) r.fail('section size mismatch', start);
    const body: FuncBody = {
      kind: 'bytes',
      bytes: r.slice(bodyStart, end),
      offset: r.base + bodyStart,
    };
    functions.push({ typeIndex: functionTypes[i] ?? 0, locals, body, offset });
  }
  return { functions, flags };
}
