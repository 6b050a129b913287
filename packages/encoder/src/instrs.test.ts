import {
  type Immediate,
  type ImmediateKind,
  type Instr,
  instrByName,
  instructions,
  refType,
} from '@tswasm/ir';
import { describe, expect, it } from 'vitest';
import { EncodeError } from './encode-error.js';
import { encodeConstExpr, encodeInstrs, writeInstrRow } from './instrs.js';
import { ByteWriter } from './writer.js';

function instr(op: string, ...args: Immediate[]): Instr {
  return { op, args };
}

/** The bytes of one instruction, without the `end` that encodeInstrs adds. */
function bytesOf(...instrs: Instr[]): number[] {
  const bytes = [...encodeInstrs(instrs)];
  expect(bytes.pop()).toBe(0x0b);
  return bytes;
}

/** One instruction per immediate kind, with its expected encoding. */
const byKind: Record<ImmediateKind, readonly [Instr, readonly number[]][]> = {
  blockType: [
    [instr('block', null), [0x02, 0x40]],
    [instr('loop', 'i32'), [0x03, 0x7f]],
    [instr('if', refType('func', false)), [0x04, 0x64, 0x70]],
    [instr('block', { typeIndex: 64 }), [0x02, 0xc0, 0x00]],
  ],
  label: [[instr('br', 300), [0x0c, 0xac, 0x02]]],
  labels: [
    [instr('br_table', [0, 1, 2], 3), [0x0e, 0x03, 0x00, 0x01, 0x02, 0x03]],
  ],
  func: [[instr('call', 128), [0x10, 0x80, 0x01]]],
  type: [[instr('call_ref', 2), [0x14, 0x02]]],
  table: [[instr('call_indirect', 1, 2), [0x11, 0x01, 0x02]]],
  memory: [
    [instr('memory.size', 0), [0x3f, 0x00]],
    [instr('memory.copy', 1, 2), [0xfc, 0x0a, 0x01, 0x02]],
  ],
  local: [[instr('local.get', 5), [0x20, 0x05]]],
  global: [[instr('global.set', 1), [0x24, 0x01]]],
  elem: [[instr('elem.drop', 3), [0xfc, 0x0d, 0x03]]],
  data: [[instr('memory.init', 4, 0), [0xfc, 0x08, 0x04, 0x00]]],
  tag: [[instr('throw', 0), [0x08, 0x00]]],
  field: [[instr('struct.get', 1, 2), [0xfb, 0x02, 0x01, 0x02]]],
  u32: [[instr('array.new_fixed', 1, 200), [0xfb, 0x08, 0x01, 0xc8, 0x01]]],
  memarg: [
    [
      instr('i32.load', { align: 2, offset: 16, memory: 0 }),
      [0x28, 0x02, 0x10],
    ],
    [
      instr('i64.store', { align: 3, offset: 0, memory: 1 }),
      [0x37, 0x43, 0x01, 0x00],
    ],
    [
      instr('i32.load', { align: 2, offset: 2 ** 32, memory: 0 }),
      [0x28, 0x02, 0x80, 0x80, 0x80, 0x80, 0x10],
    ],
    [
      instr('v128.load8_lane', { align: 0, offset: 1n << 63n, memory: 0 }, 15),
      [
        0xfd, 0x54, 0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        0x01, 0x0f,
      ],
    ],
  ],
  i32: [
    [instr('i32.const', -1), [0x41, 0x7f]],
    [instr('i32.const', 64), [0x41, 0xc0, 0x00]],
  ],
  i64: [
    [
      instr('i64.const', -0x8000_0000_0000_0000n),
      [0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f],
    ],
  ],
  f32: [[instr('f32.const', 0x7fc0_0001), [0x43, 0x01, 0x00, 0xc0, 0x7f]]],
  f64: [
    [
      instr('f64.const', 0x3ff0_0000_0000_0000n),
      [0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f],
    ],
  ],
  v128: [
    [
      instr(
        'v128.const',
        Uint8Array.from({ length: 16 }, (_, i) => i),
      ),
      [0xfd, 0x0c, ...Array.from({ length: 16 }, (_, i) => i)],
    ],
  ],
  lane: [[instr('i8x16.extract_lane_s', 15), [0xfd, 0x15, 0x0f]]],
  shuffle: [
    [
      instr(
        'i8x16.shuffle',
        Uint8Array.from({ length: 16 }, (_, i) => 31 - i),
      ),
      [0xfd, 0x0d, ...Array.from({ length: 16 }, (_, i) => 31 - i)],
    ],
  ],
  heapType: [
    [instr('ref.null', 'extern'), [0xd0, 0x6f]],
    [instr('ref.null', 'noexn'), [0xd0, 0x74]],
    [instr('ref.test', 70), [0xfb, 0x14, 0xc6, 0x00]],
  ],
  valTypes: [
    [instr('select.typed', ['i32']), [0x1c, 0x01, 0x7f]],
    [instr('select.typed', [refType(3)]), [0x1c, 0x01, 0x63, 0x03]],
  ],
  castFlags: [
    [
      instr('br_on_cast', 3, 0, 'any', 'i31'),
      [0xfb, 0x18, 0x03, 0x00, 0x6e, 0x6c],
    ],
  ],
  catches: [
    [
      instr('try_table', null, [
        { kind: 'catch', tag: 1, label: 2 },
        { kind: 'catch_ref', tag: 3, label: 4 },
        { kind: 'catch_all', label: 5 },
        { kind: 'catch_all_ref', label: 6 },
      ]),
      [
        0x1f, 0x40, 0x04, 0x00, 0x01, 0x02, 0x01, 0x03, 0x04, 0x02, 0x05, 0x03,
        0x06,
      ],
    ],
  ],
  zero: [[instr('atomic.fence', 0), [0xfe, 0x03, 0x00]]],
};

/** A plausible value for each immediate kind, to encode every row. */
const sample: Record<ImmediateKind, Immediate> = {
  blockType: null,
  label: 0,
  labels: [0],
  func: 0,
  type: 0,
  table: 0,
  memory: 0,
  local: 0,
  global: 0,
  elem: 0,
  data: 0,
  tag: 0,
  field: 0,
  u32: 0,
  memarg: { align: 0, offset: 0, memory: 0 },
  i32: 0,
  i64: 0n,
  f32: 0,
  f64: 0n,
  v128: new Uint8Array(16),
  lane: 0,
  shuffle: new Uint8Array(16),
  heapType: 'func',
  valTypes: [],
  castFlags: 0,
  catches: [],
  zero: 0,
};

describe('encodeInstrs', () => {
  for (const [kind, cases] of Object.entries(byKind)) {
    it(`writes ${kind} immediates`, () => {
      for (const [input, expected] of cases) {
        const def = instrByName(input.op);
        expect(def?.immediates).toContain(kind);
        expect(bytesOf(input)).toEqual(expected);
      }
    });
  }

  it('writes every row of the instruction table with its opcode', () => {
    for (const def of instructions) {
      const bytes = bytesOf(
        instr(def.name, ...def.immediates.map((kind) => sample[kind])),
      );
      if (def.prefix === null) {
        expect(bytes[0], def.name).toBe(def.code);
      } else {
        expect(bytes[0], def.name).toBe(def.prefix);
        const code =
          def.code < 0x80
            ? [def.code]
            : [(def.code & 0x7f) | 0x80, def.code >> 7];
        expect(bytes.slice(1, 1 + code.length), def.name).toEqual(code);
      }
    }
  });

  it('writes prefixed opcodes above 127 as two-byte LEB128s', () => {
    expect(bytesOf(instr('i8x16.relaxed_swizzle'))).toEqual([0xfd, 0x80, 0x02]);
    expect(bytesOf(instr('f32x4.abs'))).toEqual([0xfd, 0xe0, 0x01]);
  });

  it('writes nested blocks flat, ending the expression once', () => {
    expect([
      ...encodeInstrs([
        instr('block', null),
        instr('nop'),
        instr('end'),
        instr('i32.const', 1),
      ]),
    ]).toEqual([0x02, 0x40, 0x01, 0x0b, 0x41, 0x01, 0x0b]);
  });

  it('encodes constant expressions with their end', () => {
    expect([
      ...encodeConstExpr([
        instr('global.get', 0),
        instr('i32.const', 8),
        instr('i32.add'),
      ]),
    ]).toEqual([0x23, 0x00, 0x41, 0x08, 0x6a, 0x0b]);
    expect([...encodeConstExpr([])]).toEqual([0x0b]);
  });

  it('reports an unknown instruction with its index', () => {
    const error = (() => {
      try {
        encodeInstrs([instr('nop'), instr('i32.bogus')]);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(EncodeError);
    expect((error as EncodeError).message).toBe('unknown operator: i32.bogus');
    expect((error as EncodeError).path).toEqual([1]);
  });

  it('rejects immediates of the wrong number or shape', () => {
    expect(() => encodeInstrs([instr('local.get')])).toThrow(EncodeError);
    expect(() => encodeInstrs([instr('i64.const', 1)])).toThrow(EncodeError);
    expect(() =>
      encodeInstrs([instr('v128.const', new Uint8Array(15))]),
    ).toThrow(EncodeError);
    expect(() =>
      encodeInstrs([instr('i32.load', { align: 64, offset: 0, memory: 0 })]),
    ).toThrow(EncodeError);
    expect(() => encodeInstrs([instr('i8x16.extract_lane_s', 256)])).toThrow(
      EncodeError,
    );
  });
});

describe('writeInstrRow', () => {
  it('writes every row like writeInstr does, without a lookup', () => {
    for (const [kind, cases] of Object.entries(byKind)) {
      for (const [instruction, expected] of cases) {
        const def = instrByName(instruction.op)!;
        const w = new ByteWriter();
        writeInstrRow(w, def, instruction.args);
        expect([...w.finish()], `${kind}: ${instruction.op}`).toEqual(expected);
      }
    }
  });

  it('rejects a wrong number of immediates', () => {
    const w = new ByteWriter();
    expect(() => writeInstrRow(w, instrByName('local.get')!, [])).toThrow(
      EncodeError,
    );
  });
});
