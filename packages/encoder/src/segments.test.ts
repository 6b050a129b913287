import {
  type ConstExpr,
  type ElemSegment,
  type Module,
  emptyModule,
  funcref,
  refType,
} from '@tswasm/ir';
import { describe, expect, it } from 'vitest';
import { EncodeError } from './encode-error.js';
import { encodeModule } from './encode-module.js';

/** The bytes after the header. */
function sectionsOf(module: Partial<Module>): number[] {
  return [...encodeModule({ ...emptyModule(), ...module })].slice(8);
}

const i32Const = (value: number): ConstExpr => [
  { op: 'i32.const', args: [value] },
];
const refFunc = (index: number): ConstExpr => [
  { op: 'ref.func', args: [index] },
];

describe('segments', () => {
  it('reports where a segment item fails', () => {
    const segment: ElemSegment = {
      mode: { kind: 'passive' },
      type: funcref,
      init: [refFunc(0), [{ op: 'ref.func', args: [-1] }]],
    };
    try {
      encodeModule({ ...emptyModule(), elements: [segment] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EncodeError);
      expect((error as EncodeError).message).toMatch(/^integer out of range/);
      expect((error as EncodeError).path).toEqual([
        'elements',
        0,
        'init',
        1,
        0,
      ]);
    }
  });

  describe('element segments', () => {
    const elems = (...segments: ElemSegment[]): number[] =>
      sectionsOf({ elements: segments }).slice(3);
    const active = (table: number): ElemSegment['mode'] => ({
      kind: 'active',
      table,
      offset: i32Const(1),
    });

    const refFuncType = refType('func', false);

    it('picks the smallest encoding for function indices, typed (ref func)', () => {
      expect(
        elems({
          mode: active(0),
          type: refFuncType,
          init: [refFunc(0), refFunc(1)],
        }),
      ).toEqual([0x00, 0x41, 0x01, 0x0b, 0x02, 0x00, 0x01]);
      expect(
        elems({
          mode: { kind: 'passive' },
          type: refFuncType,
          init: [refFunc(2)],
        }),
      ).toEqual([0x01, 0x00, 0x01, 0x02]);
      expect(
        elems({ mode: active(1), type: refFuncType, init: [refFunc(2)] }),
      ).toEqual([0x02, 0x01, 0x41, 0x01, 0x0b, 0x00, 0x01, 0x02]);
      expect(
        elems({
          mode: { kind: 'declarative' },
          type: refFuncType,
          init: [refFunc(2)],
        }),
      ).toEqual([0x03, 0x00, 0x01, 0x02]);
    });

    it('uses expressions for other items and types', () => {
      const nullFunc: ConstExpr = [{ op: 'ref.null', args: ['func'] }];
      expect(
        elems({ mode: active(0), type: funcref, init: [nullFunc] }),
      ).toEqual([0x04, 0x41, 0x01, 0x0b, 0x01, 0xd0, 0x70, 0x0b]);
      // funcref items that are all ref.func still need expressions: flags
      // 0-3 stand for (ref func).
      expect(
        elems({ mode: active(0), type: funcref, init: [refFunc(0)] }),
      ).toEqual([0x04, 0x41, 0x01, 0x0b, 0x01, 0xd2, 0x00, 0x0b]);
      expect(
        elems({ mode: { kind: 'passive' }, type: refType('extern'), init: [] }),
      ).toEqual([0x05, 0x6f, 0x00]);
      expect(
        elems({ mode: active(2), type: funcref, init: [refFunc(0)] }),
      ).toEqual([0x06, 0x02, 0x41, 0x01, 0x0b, 0x70, 0x01, 0xd2, 0x00, 0x0b]);
      expect(
        elems({
          mode: { kind: 'declarative' },
          type: funcref,
          init: [refFunc(0)],
        }),
      ).toEqual([0x07, 0x70, 0x01, 0xd2, 0x00, 0x0b]);
    });

    it('keeps the encoding a segment came in when it fits', () => {
      const segment: ElemSegment = {
        mode: active(0),
        type: refFuncType,
        init: [refFunc(0)],
      };
      expect(elems({ ...segment, encoding: 2 })[0]).toBe(0x02);
      expect(elems({ ...segment, encoding: 6 })).toEqual([
        0x06, 0x00, 0x41, 0x01, 0x0b, 0x64, 0x70, 0x01, 0xd2, 0x00, 0x0b,
      ]);
      // Flags 4 imply funcref, passive flags do not fit an active segment:
      // the smallest encoding that fits is used instead.
      expect(elems({ ...segment, encoding: 4 })[0]).toBe(0x00);
      expect(elems({ ...segment, encoding: 5 })[0]).toBe(0x00);
      expect(elems({ ...segment, type: funcref, encoding: 0 })[0]).toBe(0x04);
    });
  });

  describe('data segments', () => {
    const datas = (...segments: Module['datas'][number][]): number[] =>
      sectionsOf({ datas: segments }).slice(3);
    const bytes = new Uint8Array([0xaa]);

    it('writes memory 0 without its index unless told otherwise', () => {
      const mode = { kind: 'active' as const, memory: 0, offset: i32Const(0) };
      expect(datas({ mode, bytes })).toEqual([
        0x00, 0x41, 0x00, 0x0b, 0x01, 0xaa,
      ]);
      expect(datas({ mode, bytes, encoding: 2 })).toEqual([
        0x02, 0x00, 0x41, 0x00, 0x0b, 0x01, 0xaa,
      ]);
      expect(
        datas({ mode: { ...mode, memory: 1 }, bytes, encoding: 0 }),
      ).toEqual([0x02, 0x01, 0x41, 0x00, 0x0b, 0x01, 0xaa]);
      expect(datas({ mode: { kind: 'passive' }, bytes })).toEqual([
        0x01, 0x01, 0xaa,
      ]);
    });
  });
});
