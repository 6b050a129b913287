import {
  type ConstExpr,
  type Func,
  type Module,
  type SubType,
  emptyModule,
  funcref,
  refType,
} from '@tswasm/ir';
import { describe, expect, it } from 'vitest';
import { EncodeError } from './encode-error.js';
import { encodeModule } from './encode-module.js';

const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** The bytes after the header. */
function sectionsOf(module: Partial<Module>): number[] {
  const bytes = [...encodeModule({ ...emptyModule(), ...module })];
  expect(bytes.slice(0, 8)).toEqual(header);
  return bytes.slice(8);
}

const i32Const = (value: number): ConstExpr => [
  { op: 'i32.const', args: [value] },
];
const refFunc = (index: number): ConstExpr => [
  { op: 'ref.func', args: [index] },
];
const voidFunc: SubType = {
  final: true,
  supertypes: [],
  composite: { kind: 'func', params: [], results: [] },
};
const emptyBody: Func = {
  typeIndex: 0,
  locals: [],
  body: { kind: 'instrs', instrs: [] },
};

describe('encodeModule', () => {
  it('writes an empty module as the header alone', () => {
    expect(sectionsOf({})).toEqual([]);
  });

  describe('type section', () => {
    it('writes a lone final type without sub or rec', () => {
      expect(
        sectionsOf({
          types: [
            {
              types: [
                {
                  ...voidFunc,
                  composite: {
                    kind: 'func',
                    params: ['i32', 'i64'],
                    results: ['f32'],
                  },
                },
              ],
            },
          ],
        }),
      ).toEqual([0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7e, 0x01, 0x7d]);
    });

    it('keeps an explicit rec group of one', () => {
      expect(
        sectionsOf({ types: [{ types: [voidFunc], explicit: true }] }),
      ).toEqual([0x01, 0x06, 0x01, 0x4e, 0x01, 0x60, 0x00, 0x00]);
    });

    it('writes sub, sub final, struct and array types', () => {
      const struct: SubType = {
        final: false,
        supertypes: [],
        composite: {
          kind: 'struct',
          fields: [
            { storage: 'i8', mutable: true },
            { storage: refType(0, false), mutable: false },
          ],
        },
      };
      const array: SubType = {
        final: true,
        supertypes: [0],
        composite: {
          kind: 'array',
          element: { storage: 'i16', mutable: false },
        },
      };
      expect(sectionsOf({ types: [{ types: [struct, array] }] })).toEqual([
        0x01, 0x12, 0x01, 0x4e, 0x02, 0x50, 0x00, 0x5f, 0x02, 0x78, 0x01, 0x64,
        0x00, 0x00, 0x4f, 0x01, 0x00, 0x5e, 0x77, 0x00,
      ]);
    });

    it('writes nullable abstract reference types in their short form', () => {
      const types: SubType = {
        ...voidFunc,
        composite: {
          kind: 'func',
          params: [
            funcref,
            refType('extern'),
            refType('any', false),
            refType(5),
            refType('noexn'),
          ],
          results: ['v128'],
        },
      };
      expect(sectionsOf({ types: [{ types: [types] }] })).toEqual([
        0x01, 0x0c, 0x01, 0x60, 0x05, 0x70, 0x6f, 0x64, 0x6e, 0x63, 0x05, 0x74,
        0x01, 0x7b,
      ]);
    });
  });

  describe('import section', () => {
    it('writes every kind of import', () => {
      expect(
        sectionsOf({
          imports: [
            { module: 'm', name: 'f', desc: { kind: 'func', typeIndex: 0 } },
            {
              module: 'm',
              name: 't',
              desc: {
                kind: 'table',
                type: {
                  elemType: funcref,
                  limits: { min: 1, max: 2 },
                  addressType: 'i32',
                },
              },
            },
            {
              module: 'm',
              name: 'm',
              desc: {
                kind: 'memory',
                type: {
                  limits: { min: 1, max: null },
                  addressType: 'i32',
                  shared: false,
                  pageSizeLog2: null,
                },
              },
            },
            {
              module: 'm',
              name: 'g',
              desc: { kind: 'global', type: { valType: 'i32', mutable: true } },
            },
            {
              module: 'm',
              name: 'e',
              desc: { kind: 'tag', type: { typeIndex: 0 } },
            },
          ],
        }),
      ).toEqual([
        0x02, 0x25, 0x05, 0x01, 0x6d, 0x01, 0x66, 0x00, 0x00, 0x01, 0x6d, 0x01,
        0x74, 0x01, 0x70, 0x01, 0x01, 0x02, 0x01, 0x6d, 0x01, 0x6d, 0x02, 0x00,
        0x01, 0x01, 0x6d, 0x01, 0x67, 0x03, 0x7f, 0x01, 0x01, 0x6d, 0x01, 0x65,
        0x04, 0x00, 0x00,
      ]);
    });
  });

  describe('memory and table limits', () => {
    const memory = (type: Partial<Module['memories'][number]>): number[] =>
      sectionsOf({
        memories: [
          {
            limits: { min: 1, max: null },
            addressType: 'i32',
            shared: false,
            pageSizeLog2: null,
            ...type,
          },
        ],
      }).slice(3);

    it('sets one flag bit per property', () => {
      expect(memory({})).toEqual([0x00, 0x01]);
      expect(memory({ limits: { min: 0, max: 65536 } })).toEqual([
        0x01, 0x00, 0x80, 0x80, 0x04,
      ]);
      expect(memory({ limits: { min: 1, max: 2 }, shared: true })).toEqual([
        0x03, 0x01, 0x02,
      ]);
      expect(
        memory({ addressType: 'i64', limits: { min: 2n ** 48n, max: null } }),
      ).toEqual([0x04, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40]);
      expect(memory({ pageSizeLog2: 0 })).toEqual([0x08, 0x01, 0x00]);
      expect(memory({ limits: { min: 1, max: 3 }, pageSizeLog2: 16 })).toEqual([
        0x09, 0x01, 0x03, 0x10,
      ]);
    });

    it('writes 64-bit tables and table initialisers', () => {
      expect(
        sectionsOf({
          tables: [
            {
              type: {
                elemType: refType('extern'),
                limits: { min: 0, max: null },
                addressType: 'i64',
              },
              init: null,
            },
            {
              type: {
                elemType: refType(0, false),
                limits: { min: 1, max: 1 },
                addressType: 'i32',
              },
              init: refFunc(0),
            },
          ],
        }),
      ).toEqual([
        0x04, 0x0e, 0x02, 0x6f, 0x04, 0x00, 0x40, 0x00, 0x64, 0x00, 0x01, 0x01,
        0x01, 0xd2, 0x00, 0x0b,
      ]);
    });

    it('writes limits as u64 whatever the address type', () => {
      expect(memory({ limits: { min: 2 ** 32, max: null } })).toEqual([
        0x00, 0x80, 0x80, 0x80, 0x80, 0x10,
      ]);
      expect(() => memory({ limits: { min: -1, max: null } })).toThrow(
        EncodeError,
      );
    });
  });

  describe('tag, global, export and start sections', () => {
    it('writes them in order, with the tag section before globals', () => {
      const bytes = sectionsOf({
        types: [{ types: [voidFunc] }],
        functions: [emptyBody],
        tags: [{ type: { typeIndex: 0 } }],
        globals: [
          {
            type: { valType: 'i64', mutable: false },
            init: [{ op: 'i64.const', args: [-2n] }],
          },
        ],
        exports: [
          { name: 'f', kind: 'func', index: 0 },
          { name: 'e', kind: 'tag', index: 0 },
        ],
        start: 0,
      });
      expect(bytes).toEqual([
        0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0d, 0x03,
        0x01, 0x00, 0x00, 0x06, 0x06, 0x01, 0x7e, 0x00, 0x42, 0x7e, 0x0b, 0x07,
        0x09, 0x02, 0x01, 0x66, 0x00, 0x00, 0x01, 0x65, 0x04, 0x00, 0x08, 0x01,
        0x00, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b,
      ]);
    });
  });

  describe('code section', () => {
    it('writes locals and encodes instruction bodies with their end', () => {
      const func: Func = {
        typeIndex: 0,
        locals: [
          { count: 2, type: 'i32' },
          { count: 1, type: refType('func', false) },
        ],
        body: {
          kind: 'instrs',
          instrs: [
            { op: 'local.get', args: [0] },
            { op: 'drop', args: [] },
          ],
        },
      };
      expect(sectionsOf({ functions: [func] }).slice(4)).toEqual([
        0x0a, 0x0c, 0x01, 0x0a, 0x02, 0x02, 0x7f, 0x01, 0x64, 0x70, 0x20, 0x00,
        0x1a, 0x0b,
      ]);
    });

    it('copies bodies kept as bytes verbatim', () => {
      const body = new Uint8Array([0x41, 0x80, 0x80, 0x00, 0x1a, 0x0b]);
      const func: Func = {
        typeIndex: 0,
        locals: [],
        body: { kind: 'bytes', bytes: body, offset: 99 },
      };
      expect(sectionsOf({ functions: [func] }).slice(4)).toEqual([
        0x0a,
        0x09,
        0x01,
        0x07,
        0x00,
        ...body,
      ]);
    });

    it('reports where a body fails', () => {
      const bad: Func = {
        ...emptyBody,
        body: {
          kind: 'instrs',
          instrs: [
            { op: 'nop', args: [] },
            { op: 'what', args: [] },
          ],
        },
      };
      try {
        encodeModule({ ...emptyModule(), functions: [emptyBody, bad] });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(EncodeError);
        expect((error as EncodeError).path).toEqual([
          'functions',
          1,
          'body',
          1,
        ]);
      }
    });
  });

  describe('data count section', () => {
    const passive = {
      mode: { kind: 'passive' as const },
      bytes: new Uint8Array([1]),
    };

    it('is written when the module has one', () => {
      expect(sectionsOf({ datas: [passive], dataCount: 1 })).toEqual([
        0x0c, 0x01, 0x01, 0x0b, 0x04, 0x01, 0x01, 0x01, 0x01,
      ]);
    });

    it('is added when an instruction body uses a data index', () => {
      const func: Func = {
        ...emptyBody,
        body: { kind: 'instrs', instrs: [{ op: 'data.drop', args: [0] }] },
      };
      const bytes = sectionsOf({
        types: [{ types: [voidFunc] }],
        functions: [func],
        datas: [passive],
      });
      expect(bytes.slice(10, 13)).toEqual([0x0c, 0x01, 0x01]);
      expect(bytes[13]).toBe(0x0a);
    });

    it('is left out otherwise', () => {
      expect(sectionsOf({ datas: [passive] })[0]).toBe(0x0b);
    });
  });

  describe('custom sections', () => {
    const custom = (
      name: string,
      after: Module['customs'][number]['after'],
    ): Module['customs'][number] => ({
      name,
      bytes: new Uint8Array([after]),
      after,
    });

    it('places each after the section it followed', () => {
      const bytes = sectionsOf({
        types: [{ types: [voidFunc] }],
        functions: [emptyBody],
        customs: [
          custom('a', 0),
          custom('b', 1),
          custom('c', 10),
          custom('d', 12),
        ],
      });
      expect(bytes).toEqual([
        0x00, 0x03, 0x01, 0x61, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x00,
        0x03, 0x01, 0x62, 0x01, 0x03, 0x02, 0x01, 0x00,
        // After the (absent) data count section: before the code section.
        0x00, 0x03, 0x01, 0x64, 0x0c, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b, 0x00,
        0x03, 0x01, 0x63, 0x0a,
      ]);
    });

    it('keeps an empty section that a custom section follows', () => {
      expect(sectionsOf({ customs: [custom('a', 2)] })).toEqual([
        0x02, 0x01, 0x00, 0x00, 0x03, 0x01, 0x61, 0x02,
      ]);
    });

    it('keeps the tag section’s customs before the globals', () => {
      const bytes = sectionsOf({
        globals: [
          { type: { valType: 'i32', mutable: false }, init: i32Const(0) },
        ],
        customs: [custom('x', 13)],
      });
      expect(bytes.slice(0, 10)).toEqual([
        0x0d, 0x01, 0x00, 0x00, 0x03, 0x01, 0x78, 0x0d, 0x06, 0x06,
      ]);
    });

    it('drops customs when asked', () => {
      expect([
        ...encodeModule(
          { ...emptyModule(), customs: [custom('a', 0)] },
          { customSections: false },
        ),
      ]).toEqual(header);
    });
  });
});
