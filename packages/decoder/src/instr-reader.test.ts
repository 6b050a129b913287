import {
  type Immediate,
  type ImmediateKind,
  type InstrDef,
  defaultFeatures,
  everyFeature,
  instructions,
  mvpFeatures,
} from '@tswasm/ir';
import { describe, expect, it } from 'vitest';
import { u32 } from './binary-builder.test.util.js';
import { DecodeError } from './decode-error.js';
import { InstrReader, type MutableInstr } from './instr-reader.js';

/** A sample encoding of each immediate kind and the value it decodes to. */
const samples: Record<ImmediateKind, readonly [readonly number[], Immediate]> =
  {
    blockType: [[0x7f], 'i32'],
    label: [[0x81, 0x01], 129],
    labels: [
      [0x02, 0x00, 0x01],
      [0, 1],
    ],
    func: [[0x05], 5],
    type: [[0x02], 2],
    table: [[0x01], 1],
    memory: [[0x01], 1],
    local: [[0x03], 3],
    global: [[0x04], 4],
    elem: [[0x06], 6],
    data: [[0x07], 7],
    tag: [[0x08], 8],
    field: [[0x09], 9],
    u32: [[0x0a], 10],
    memarg: [[0x02, 0x10], { align: 2, offset: 16, memory: 0 }],
    i32: [[0x7f], -1],
    i64: [[0x80, 0x7f], -128n],
    f32: [[0x00, 0x00, 0x80, 0x3f], 0x3f80_0000],
    f64: [[0, 0, 0, 0, 0, 0, 0xf0, 0x3f], 0x3ff0_0000_0000_0000n],
    v128: [[...Array(16).keys()], new Uint8Array([...Array(16).keys()])],
    lane: [[0x03], 3],
    shuffle: [[...Array(16).keys()], new Uint8Array([...Array(16).keys()])],
    heapType: [[0x6e], 'any'],
    valTypes: [[0x01, 0x7e], ['i64']],
    castFlags: [[0x03], 3],
    catches: [
      [0x02, 0x00, 0x01, 0x02, 0x03, 0x00],
      [
        { kind: 'catch', tag: 1, label: 2 },
        { kind: 'catch_all_ref', label: 0 },
      ],
    ],
    zero: [[0x00], 0],
  };

function opcode(def: InstrDef): number[] {
  return def.prefix === null ? [def.code] : [def.prefix, ...u32(def.code)];
}

function decodeOne(
  bytes: readonly number[],
  features = everyFeature,
  offset = 0,
) {
  const reader = new InstrReader(new Uint8Array(bytes), { offset, features });
  const instr = reader.next();
  return { instr, reader };
}

function decodeError(
  bytes: readonly number[],
  features = everyFeature,
): DecodeError {
  try {
    const reader = new InstrReader(new Uint8Array(bytes), { features });
    while (!reader.done) reader.next();
  } catch (error) {
    expect(error).toBeInstanceOf(DecodeError);
    return error as DecodeError;
  }
  throw new Error('expected a DecodeError');
}

describe('InstrReader', () => {
  it('decodes every row of the instruction table with its immediates', () => {
    for (const def of instructions) {
      const bytes = [
        ...opcode(def),
        ...def.immediates.flatMap((kind) => samples[kind][0]),
      ];
      const { instr, reader } = decodeOne(bytes, everyFeature, 100);
      expect(instr.op, def.name).toBe(def.name);
      expect(instr.args, def.name).toEqual(
        def.immediates.map((kind) => samples[kind][1]),
      );
      expect(instr.offset).toBe(100);
      expect(reader.done, def.name).toBe(true);
      expect(reader.position).toBe(100 + bytes.length);
    }
  });

  it('streams a hand-built body with offsets', () => {
    // block (result i32) i32.const 1 local.get 0 i32.add end end
    const reader = new InstrReader(
      new Uint8Array([0x02, 0x7f, 0x41, 0x01, 0x20, 0x00, 0x6a, 0x0b, 0x0b]),
      { offset: 40 },
    );
    const seen: [string, number | undefined][] = [];
    while (!reader.done) {
      const instr = reader.next();
      seen.push([instr.op, instr.offset]);
    }
    expect(seen).toEqual([
      ['block', 40],
      ['i32.const', 42],
      ['local.get', 44],
      ['i32.add', 46],
      ['end', 47],
      ['end', 48],
    ]);
  });

  it('decodes block types: empty, value type and type index', () => {
    expect(decodeOne([0x02, 0x40]).instr.args).toEqual([null]);
    expect(decodeOne([0x03, 0x63, 0x00]).instr.args).toEqual([
      { kind: 'ref', nullable: true, heapType: 0 },
    ]);
    expect(decodeOne([0x04, 0x85, 0x01]).instr.args).toEqual([
      { typeIndex: 133 },
    ]);
  });

  it('decodes memargs with a memory index and a 64-bit offset', () => {
    const offset = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01];
    expect(decodeOne([0x28, 0x42, 0x03, ...offset]).instr.args).toEqual([
      { align: 2, offset: 2n ** 63n, memory: 3 },
    ]);
  });

  it('rejects memarg flags of 128 and more', () => {
    const error = decodeError([0x28, 0x80, 0x01, 0x00]);
    expect([error.message, error.offset]).toEqual(['malformed memop flags', 1]);
  });

  it('reports unknown opcodes with their bytes and offset', () => {
    const single = decodeError([0x01, 0xff]);
    expect([single.message, single.offset]).toEqual(['illegal opcode ff', 1]);
    const prefixed = decodeError([0xfc, 0x90, 0x03]);
    expect([prefixed.message, prefixed.offset]).toEqual([
      'illegal opcode fc 190',
      0,
    ]);
  });

  it('treats opcodes of disabled features as illegal', () => {
    expect(decodeError([0x06, 0x40], defaultFeatures).message).toBe(
      'illegal opcode 06',
    );
    expect(decodeOne([0x06, 0x40], { ...everyFeature }).instr.op).toBe('try');
    expect(
      decodeError([0xfe, 0x03, 0x00], { ...everyFeature, threads: false })
        .message,
    ).toBe('illegal opcode fe 03');
    expect(decodeError([0xfd, 0x0e], mvpFeatures).message).toBe(
      'illegal opcode fd 0e',
    );
  });

  it('requires zero bytes where multi-memory and reference types are off', () => {
    expect(decodeOne([0x3f, 0x01], everyFeature).instr.args).toEqual([1]);
    const memory = decodeError([0x3f, 0x01], mvpFeatures);
    expect([memory.message, memory.offset]).toEqual(['zero byte expected', 1]);
    expect(decodeError([0x11, 0x00, 0x01], mvpFeatures).message).toBe(
      'zero byte expected',
    );
    expect(decodeError([0xfe, 0x03, 0x01]).message).toMatch(
      /illegal opcode|zero byte/,
    );
  });

  it('reports truncated immediates at the end of the bytes', () => {
    const error = decodeError([0x41, 0x80]);
    expect([error.message, error.offset]).toEqual([
      'unexpected end of section or function',
      2,
    ]);
    expect(decodeError([0x44, 0x00, 0x00]).message).toBe(
      'unexpected end of section or function',
    );
  });

  it('shares args arrays between instructions with equal small immediates', () => {
    const reader = new InstrReader(new Uint8Array([0x20, 0x01, 0x20, 0x01]));
    const a = reader.next();
    const b = reader.next();
    expect(a.args).toBe(b.args);
    expect(Object.isFrozen(a.args)).toBe(true);
  });

  it('reads every row into one reused instruction with nextInto', () => {
    const out: MutableInstr = { op: '', args: [], offset: 0 };
    for (const def of instructions) {
      const bytes = [
        ...opcode(def),
        ...def.immediates.flatMap((kind) => samples[kind][0]),
      ];
      const reader = new InstrReader(new Uint8Array(bytes), {
        offset: 100,
        features: everyFeature,
      });
      expect(reader.nextInto(out), def.name).toBe(def);
      expect(out.op).toBe(def.name);
      expect(out.args.slice(0, def.immediates.length), def.name).toEqual(
        def.immediates.map((kind) => samples[kind][1]),
      );
      expect(out.offset).toBe(100);
      expect(reader.done, def.name).toBe(true);
    }
  });

  it('keeps the instructions next builds apart from what nextInto reuses', () => {
    // i32.load offset=8, then i32.load offset=16; br_table 0 1 0, twice
    const reader = new InstrReader(
      new Uint8Array([
        0x28, 0x02, 0x08, 0x28, 0x02, 0x10, 0x0e, 0x01, 0x00, 0x01, 0x0e, 0x01,
        0x01, 0x00,
      ]),
    );
    const load = reader.next();
    const out: MutableInstr = { op: '', args: [], offset: 0 };
    reader.nextInto(out);
    expect(load.args).toEqual([{ align: 2, offset: 8, memory: 0 }]);
    expect(out.args[0]).toEqual({ align: 2, offset: 16, memory: 0 });
    const table = reader.next();
    reader.nextInto(out);
    expect(table.args).toEqual([[0], 1]);
    expect(out.args.slice(0, 2)).toEqual([[1], 0]);
  });
});
