import { decodeModule } from '@tswasm/decoder';
import { describe, expect, it } from 'vitest';
import { watToWasm } from './wat-to-wasm.js';

const hinted = `(module
  (func $f (param i32) (local i64)
    (@metadata.code.branch_hint "\\01")
    (if (local.get 0) (then nop))
    local.get 0
    (@metadata.code.branch_hint "\\00") br_if 0)
  (export "f" (func $f)))`;

describe('branch hints', () => {
  it('writes a metadata.code.branch_hint section before the code section', () => {
    const module = decodeModule(watToWasm(hinted));
    expect(module.customs).toHaveLength(1);
    const section = module.customs[0]!;
    expect(section.name).toBe('metadata.code.branch_hint');
    expect(section.after).toBe(7);
    // One function (0) with two hints: offsets from the locals declaration
    // (01 01 7e), each of size 1.
    expect(Array.from(section.bytes)).toEqual([1, 0, 2, 5, 1, 1, 11, 1, 0]);
    const body = module.functions[0]!.body;
    if (body.kind !== 'bytes') throw new Error('expected bytes');
    // The hinted offsets, less the 3 bytes of locals, are `if` and `br_if`.
    expect(body.bytes[5 - 3]).toBe(0x04);
    expect(body.bytes[11 - 3]).toBe(0x0d);
  });

  it('leaves modules without hints unchanged', () => {
    expect(decodeModule(watToWasm('(module (func nop))')).customs).toEqual([]);
  });
});
