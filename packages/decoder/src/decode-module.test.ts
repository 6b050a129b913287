import { type FeatureOptions, SectionId, everyFeature } from '@tswasm/ir';
import { describe, expect, it } from 'vitest';
import {
  module,
  moduleWithBody,
  name,
  section,
  u32,
  vec,
} from './binary-builder.test.util.js';
import { DecodeError } from './decode-error.js';
import { decodeModule } from './decode-module.js';

function rejects(
  bytes: Uint8Array,
  options: { features?: FeatureOptions; eagerBodies?: boolean } = {},
): DecodeError {
  try {
    decodeModule(bytes, options);
  } catch (error) {
    expect(error).toBeInstanceOf(DecodeError);
    return error as DecodeError;
  }
  throw new Error('expected a DecodeError');
}

const i32Const = (n: number): number[] => [0x41, ...u32(n), 0x0b];
const funcType = section(1, vec([[0x60, 0x00, 0x00]]));

describe('decodeModule: sections', () => {
  it('decodes the empty module', () => {
    const m = decodeModule(module());
    expect(m.types).toEqual([]);
    expect(m.start).toBeNull();
    expect(m.dataCount).toBeNull();
    expect(m.names).toBeNull();
  });

  it('decodes rec groups, sub types, structs and arrays', () => {
    const m = decodeModule(
      module(
        section(
          1,
          vec([
            [0x60, 0x01, 0x7f, 0x01, 0x64, 0x6e], // (func (param i32) (result (ref any)))
            [
              0x4e, 0x02, 0x50, 0x00, 0x5f, 0x02, 0x78, 0x01, 0x63, 0x01, 0x00,
              0x4f, 0x01, 0x01, 0x5e, 0x77, 0x00,
            ],
            [0x4e, 0x01, 0x5e, 0x74, 0x01],
          ]),
        ),
      ),
    );
    expect(m.types).toEqual([
      {
        types: [
          {
            final: true,
            supertypes: [],
            composite: {
              kind: 'func',
              params: ['i32'],
              results: [{ kind: 'ref', nullable: false, heapType: 'any' }],
            },
          },
        ],
      },
      {
        types: [
          {
            final: false,
            supertypes: [],
            composite: {
              kind: 'struct',
              fields: [
                { storage: 'i8', mutable: true },
                {
                  storage: { kind: 'ref', nullable: true, heapType: 1 },
                  mutable: false,
                },
              ],
            },
          },
          {
            final: true,
            supertypes: [1],
            composite: {
              kind: 'array',
              element: { storage: 'i16', mutable: false },
            },
          },
        ],
      },
      {
        types: [
          {
            final: true,
            supertypes: [],
            composite: {
              kind: 'array',
              element: {
                storage: { kind: 'ref', nullable: true, heapType: 'noexn' },
                mutable: true,
              },
            },
          },
        ],
        explicit: true,
      },
    ]);
  });

  it('decodes every import kind', () => {
    const m = decodeModule(
      module(
        funcType,
        section(
          2,
          vec([
            [...name('m'), ...name('f'), 0x00, 0x00],
            [...name('m'), ...name('t'), 0x01, 0x70, 0x05, 0x01, 0x02],
            [...name('m'), ...name('mem'), 0x02, 0x07, 0x01, 0x80, 0x02],
            [...name('m'), ...name('g'), 0x03, 0x69, 0x01],
            [...name('m'), ...name('e'), 0x04, 0x00, 0x00],
          ]),
        ),
      ),
      { features: { threads: true } },
    );
    expect(m.imports.map((imp) => imp.desc)).toEqual([
      { kind: 'func', typeIndex: 0 },
      {
        kind: 'table',
        type: {
          elemType: { kind: 'ref', nullable: true, heapType: 'func' },
          limits: { min: 1, max: 2 },
          addressType: 'i64',
        },
      },
      {
        kind: 'memory',
        type: {
          limits: { min: 1, max: 256 },
          addressType: 'i64',
          shared: true,
          pageSizeLog2: null,
        },
      },
      {
        kind: 'global',
        type: {
          valType: { kind: 'ref', nullable: true, heapType: 'exn' },
          mutable: true,
        },
      },
      { kind: 'tag', type: { typeIndex: 0 } },
    ]);
  });

  it('decodes custom page sizes when enabled', () => {
    const bytes = module(section(5, vec([[0x08, 0x01, 0x00]])));
    expect(
      decodeModule(bytes, { features: { customPageSizes: true } }).memories,
    ).toEqual([
      {
        limits: { min: 1, max: null },
        addressType: 'i32',
        shared: false,
        pageSizeLog2: 0,
      },
    ]);
    expect(rejects(bytes).message).toBe('malformed limits flags');
  });

  it('keeps bodies lazy, after their locals, with module offsets', () => {
    const bytes = moduleWithBody(
      [0x20, 0x00, 0x0b],
      [
        [0x02, 0x7f],
        [0x01, 0x7e],
      ],
    );
    const m = decodeModule(bytes);
    const func = m.functions[0]!;
    expect(func.typeIndex).toBe(0);
    expect(func.locals).toEqual([
      { count: 2, type: 'i32' },
      { count: 1, type: 'i64' },
    ]);
    expect(func.body.kind).toBe('bytes');
    if (func.body.kind !== 'bytes') return;
    expect([...func.body.bytes]).toEqual([0x20, 0x00, 0x0b]);
    expect(bytes[func.body.offset]).toBe(0x20);
    expect(bytes.subarray(func.offset ?? 0)[0]).toBe(8);
  });

  it('decodes tables with initialisers, memories, globals, tags, exports, start', () => {
    const m = decodeModule(
      module(
        funcType,
        section(3, vec([[0x00]])),
        section(
          4,
          vec([
            [0x40, 0x00, 0x64, 0x70, 0x00, 0x01, 0xd2, 0x00, 0x0b],
            [0x6f, 0x00, 0x00],
          ]),
        ),
        section(5, vec([[0x01, 0x01, 0x02]])),
        section(13, vec([[0x00, 0x00]])),
        section(6, vec([[0x7f, 0x00, ...i32Const(7)]])),
        section(
          7,
          vec([
            [...name('f'), 0x00, 0x00],
            [...name('t'), 0x04, 0x00],
          ]),
        ),
        section(8, [0x00]),
        section(10, vec([[0x02, 0x00, 0x0b]])),
      ),
    );
    expect(m.tables[0]!.init?.map((instr) => [instr.op, instr.args])).toEqual([
      ['ref.func', [0]],
    ]);
    expect(m.tables[1]!.init).toBeNull();
    expect(m.memories[0]!.limits).toEqual({ min: 1, max: 2 });
    expect(m.tags).toEqual([{ type: { typeIndex: 0 } }]);
    expect(m.globals[0]!.init.map((instr) => [instr.op, instr.args])).toEqual([
      ['i32.const', [7]],
    ]);
    expect(m.exports).toEqual([
      { name: 'f', kind: 'func', index: 0 },
      { name: 't', kind: 'tag', index: 0 },
    ]);
    expect(m.start).toBe(0);
  });

  it('decodes all eight element segment encodings and keeps them', () => {
    const offset = i32Const(0);
    const refNull = [0xd0, 0x70, 0x0b];
    const m = decodeModule(
      module(
        section(
          9,
          vec([
            [0x00, ...offset, ...vec([[0x01]])],
            [0x01, 0x00, ...vec([[0x02]])],
            [0x02, 0x01, ...offset, 0x00, ...vec([[0x03]])],
            [0x03, 0x00, ...vec([])],
            [0x04, ...offset, ...vec([refNull])],
            [0x05, 0x6f, ...vec([[0xd0, 0x6f, 0x0b]])],
            [
              0x06,
              0x02,
              ...offset,
              0x70,
              ...vec([refNull, [0xd2, 0x04, 0x0b]]),
            ],
            [0x07, 0x70, ...vec([refNull])],
          ]),
        ),
      ),
    );
    expect(m.elements.map((e) => e.encoding)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(m.elements.map((e) => e.mode.kind)).toEqual([
      'active',
      'passive',
      'active',
      'declarative',
      'active',
      'passive',
      'active',
      'declarative',
    ]);
    expect(
      m.elements.map((e) => (e.mode.kind === 'active' ? e.mode.table : null)),
    ).toEqual([0, null, 1, null, 0, null, 2, null]);
    expect(
      m.elements[0]!.init.map((expr) => expr.map((i) => [i.op, i.args])),
    ).toEqual([[['ref.func', [1]]]]);
    expect(m.elements[5]!.type).toEqual({
      kind: 'ref',
      nullable: true,
      heapType: 'extern',
    });
    expect(m.elements[6]!.init).toHaveLength(2);
  });

  it('decodes the three data segment encodings and the data count', () => {
    const m = decodeModule(
      module(
        section(5, vec([[0x00, 0x01]])),
        section(12, [0x03]),
        section(
          11,
          vec([
            [0x00, ...i32Const(8), ...vec([[0x61], [0x62]])],
            [0x01, ...vec([[0x63]])],
            [0x02, 0x00, ...i32Const(9), ...vec([])],
          ]),
        ),
      ),
    );
    expect(m.dataCount).toBe(3);
    expect(m.datas.map((d) => [d.encoding, d.mode.kind, [...d.bytes]])).toEqual(
      [
        [0, 'active', [0x61, 0x62]],
        [1, 'passive', [0x63]],
        [2, 'active', []],
      ],
    );
  });

  it('keeps custom sections in order with the section before them', () => {
    const m = decodeModule(
      module(
        section(0, [...name('first'), 0x01]),
        funcType,
        section(0, [...name('second')]),
        section(0, [...name('third'), 0x02, 0x03]),
      ),
    );
    expect(m.customs.map((c) => [c.name, c.after, [...c.bytes]])).toEqual([
      ['first', 0, [0x01]],
      ['second', SectionId.type, []],
      ['third', SectionId.type, [0x02, 0x03]],
    ]);
  });
});

describe('decodeModule: errors', () => {
  const cases: readonly (readonly [
    string,
    Uint8Array,
    string,
    number,
    FeatureOptions?,
  ])[] = [
    ['an empty input', new Uint8Array([]), 'unexpected end', 0],
    [
      'a bad magic',
      new Uint8Array([0x00, 0x61, 0x73, 0x6e, 1, 0, 0, 0]),
      'magic header not detected',
      0,
    ],
    [
      'a bad version',
      new Uint8Array([0x00, 0x61, 0x73, 0x6d, 2, 0, 0, 0]),
      'unknown binary version',
      4,
    ],
    ['a section id past 13', module([0x0e, 0x00]), 'malformed section id', 8],
    [
      'a section past the end',
      module([0x01, 0x05, 0x00]),
      'length out of bounds',
      9,
    ],
    [
      'a section shorter than its content',
      module(
        section(1, [0x01, 0x60, 0x00, 0x00]).map((b, i) => (i === 1 ? 3 : b)),
      ),
      'section size mismatch',
      10,
    ],
    [
      'sections out of order',
      module(section(3, vec([])), funcType),
      'unexpected content after last section',
      11,
    ],
    [
      'a repeated section',
      module(funcType, funcType),
      'unexpected content after last section',
      14,
    ],
    [
      'functions without code',
      module(funcType, section(3, vec([[0x00]]))),
      'function and code section have inconsistent lengths',
      18,
    ],
    [
      'a data count that differs',
      module(section(12, [0x01])),
      'data count and data section have inconsistent lengths',
      11,
    ],
    [
      'too many locals',
      moduleWithBody(
        [0x0b],
        [
          [0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f],
          [0x01, 0x7f],
        ],
      ),
      'too many locals',
      22,
    ],
    [
      'a table initialiser without its zero byte',
      module(
        section(4, vec([[0x40, 0x01, 0x70, 0x00, 0x00, 0xd0, 0x70, 0x0b]])),
      ),
      'zero byte expected',
      12,
    ],
    [
      'a bad mutability',
      module(section(6, vec([[0x7f, 0x02, ...i32Const(0)]]))),
      'malformed mutability',
      12,
    ],
    [
      'a bad reference type',
      module(section(4, vec([[0x7f, 0x00, 0x00]]))),
      'malformed reference type',
      11,
    ],
    [
      'bad limits flags',
      module(section(5, vec([[0x10, 0x00]]))),
      'malformed limits flags',
      11,
    ],
    [
      'shared memory without threads',
      module(section(5, vec([[0x03, 0x00, 0x01]]))),
      'malformed limits flags',
      11,
    ],
    [
      'a bad import kind',
      module(section(2, vec([[...name('m'), ...name('n'), 0x05, 0x00]]))),
      'malformed import kind',
      15,
    ],
    [
      'a bad export kind',
      module(section(7, vec([[...name('e'), 0x05, 0x00]]))),
      'malformed export kind',
      13,
    ],
    [
      'a bad element segment kind',
      module(section(9, vec([[0x08]]))),
      'malformed elements segment kind',
      11,
    ],
    [
      'a bad data segment kind',
      module(section(11, vec([[0x03]]))),
      'malformed data segment kind',
      11,
    ],
    [
      'a bad name',
      module(section(7, vec([[0x01, 0xff, 0x00, 0x00]]))),
      'malformed UTF-8 encoding',
      11,
    ],
    [
      'a u32 too large',
      module(section(3, vec([[0xff, 0xff, 0xff, 0xff, 0x7f]]))),
      'integer too large',
      15,
    ],
    [
      'a u32 too long',
      module(section(3, vec([[0x80, 0x80, 0x80, 0x80, 0x80, 0x00]]))),
      'integer representation too long',
      16,
    ],
    [
      'a constant expression without end',
      module(section(6, [0x01, 0x7f, 0x00, 0x41, 0x00])),
      'unexpected end of section or function',
      15,
    ],
  ];
  for (const [what, bytes, message, offset, features] of cases) {
    it(`reports ${what}: "${message}" at ${offset}`, () => {
      const error = rejects(bytes, features === undefined ? {} : { features });
      expect(error.message).toBe(message);
      expect(error.offset).toBe(offset);
      expect(error.message).not.toMatch(/\d+$/);
    });
  }

  it('accepts what those cases break when well-formed', () => {
    expect(() =>
      decodeModule(
        module(funcType, section(3, vec([])), section(0, name('x'))),
      ),
    ).not.toThrow();
    expect(() =>
      decodeModule(
        moduleWithBody([0x0b], [[0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f]]),
      ),
    ).not.toThrow();
    expect(() =>
      decodeModule(module(section(5, vec([[0x03, 0x00, 0x01]]))), {
        features: { threads: true },
      }),
    ).not.toThrow();
    expect(() => decodeModule(module(section(12, [0x00])))).not.toThrow();
  });

  it('finds malformed bodies only with eagerBodies', () => {
    const bytes = moduleWithBody([0x41, 0x00, 0xff, 0x0b]);
    expect(() => decodeModule(bytes)).not.toThrow();
    const error = rejects(bytes, { eagerBodies: true });
    expect([error.message, error.offset]).toEqual(['illegal opcode ff', 25]);
  });

  it('requires a data count section for memory.init and data.drop', () => {
    const body = [0xfc, 0x09, 0x00, 0x0b];
    expect(() => decodeModule(moduleWithBody(body))).not.toThrow();
    expect(rejects(moduleWithBody(body), { eagerBodies: true }).message).toBe(
      'data count section required',
    );
    const counted = moduleWithBody(body, [], [section(12, [0x00])]);
    expect(() => decodeModule(counted, { eagerBodies: true })).not.toThrow();
  });

  it('reports a missing end, a misplaced else and trailing bytes in bodies', () => {
    expect(rejects(moduleWithBody([0x01]), { eagerBodies: true }).message).toBe(
      'unexpected end of section or function',
    );
    expect(
      rejects(moduleWithBody([0x02, 0x40, 0x05, 0x0b, 0x0b]), {
        eagerBodies: true,
      }).message,
    ).toBe('END opcode expected');
    expect(
      rejects(moduleWithBody([0x0b, 0x01]), { eagerBodies: true }).message,
    ).toBe('section size mismatch');
    expect(() =>
      decodeModule(moduleWithBody([0x04, 0x40, 0x05, 0x0b, 0x0b]), {
        eagerBodies: true,
      }),
    ).not.toThrow();
  });

  it('gates sections and types by feature', () => {
    const tags = module(funcType, section(13, vec([[0x00, 0x00]])));
    expect(() => decodeModule(tags)).not.toThrow();
    expect(rejects(tags, { features: { exceptions: false } }).message).toBe(
      'malformed section id',
    );
    expect(() => decodeModule(tags, { features: everyFeature })).not.toThrow();
  });
});
