import { decodeModule, decodeNameSection } from '@tswasm/decoder';
import { type NameSection, emptyModule } from '@tswasm/ir';
import wabtInit from 'wabt';
import { describe, expect, it } from 'vitest';
import { EncodeError } from './encode-error.js';
import { encodeModule } from './encode-module.js';
import { encodeNameSection } from './encode-name-section.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const every: NameSection = {
  module: 'everything',
  functions: new Map([
    [0, 'imported'],
    [2, 'main'],
  ]),
  locals: new Map([
    [
      2,
      new Map([
        [0, 'argc'],
        [3, 'i'],
      ]),
    ],
  ]),
  labels: new Map([[2, new Map([[0, 'exit']])]]),
  types: new Map([[1, 'point']]),
  tables: new Map([[0, 'vtable']]),
  memories: new Map([[0, 'heap']]),
  globals: new Map([[3, 'sp']]),
  elements: new Map([[0, 'init']]),
  datas: new Map([[1, 'strings']]),
  fields: new Map([
    [
      1,
      new Map([
        [0, 'x'],
        [1, 'y'],
      ]),
    ],
  ]),
  tags: new Map([[0, 'oops']]),
};

/** Subsection ids in the order they occur in `bytes`. */
function subsectionIds(bytes: Uint8Array): number[] {
  const ids: number[] = [];
  let at = 0;
  while (at < bytes.length) {
    ids.push(bytes[at]!);
    // Every subsection here is shorter than 128 bytes: a one-byte size.
    at += 2 + bytes[at + 1]!;
  }
  return ids;
}

/** A small deterministic generator (mulberry32), so failures reproduce. */
function randomSource(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * below);
  };
}

const alphabet = ['a', 'z', '_', '$', '0', ' ', 'é', '名', '🦀', '\u0000'];

function randomNameSection(random: (below: number) => number): NameSection {
  const name = (): string => {
    let text = '';
    for (let n = random(6); n > 0; n--) text += alphabet[random(10)]!;
    return text;
  };
  const index = (): number =>
    random(4) === 0
      ? random(2 ** 32)
      : random(4) === 0
        ? random(300)
        : random(8);
  const nameMap = (): Map<number, string> => {
    const map = new Map<number, string>();
    for (let n = random(5); n > 0; n--) map.set(index(), name());
    return map;
  };
  const indirect = (): Map<number, Map<number, string>> => {
    const map = new Map<number, Map<number, string>>();
    for (let n = random(4); n > 0; n--) map.set(index(), nameMap());
    return map;
  };
  const names: Mutable<NameSection> = {};
  const maybe = (): boolean => random(3) !== 0;
  if (maybe()) names.module = name();
  if (maybe()) names.functions = nameMap();
  if (maybe()) names.locals = indirect();
  if (maybe()) names.labels = indirect();
  if (maybe()) names.types = nameMap();
  if (maybe()) names.tables = nameMap();
  if (maybe()) names.memories = nameMap();
  if (maybe()) names.globals = nameMap();
  if (maybe()) names.elements = nameMap();
  if (maybe()) names.datas = nameMap();
  if (maybe()) names.fields = indirect();
  if (maybe()) names.tags = nameMap();
  return names;
}

/** `names` without its empty maps: what decoding the encoding gives. */
function withoutEmptyMaps(names: NameSection): NameSection {
  return Object.fromEntries(
    Object.entries(names).filter(
      ([, value]) => !(value instanceof Map) || value.size > 0,
    ),
  );
}

describe('encodeNameSection', () => {
  it('round-trips every subsection through decodeNameSection', () => {
    expect(decodeNameSection(encodeNameSection(every))).toEqual(every);
  });

  it('writes the subsections in id order, 0 to 11', () => {
    expect(subsectionIds(encodeNameSection(every))).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
    ]);
  });

  it('writes a module name and a function name map byte for byte', () => {
    const bytes = encodeNameSection({
      module: 'm',
      functions: new Map([[0, 'f']]),
    });
    expect([...bytes]).toEqual([
      // module: size 2, name "m"
      0x00, 0x02, 0x01, 0x6d,
      // functions: size 4, one entry, 0 -> "f"
      0x01, 0x04, 0x01, 0x00, 0x01, 0x66,
    ]);
  });

  it('sorts name maps by index', () => {
    const bytes = encodeNameSection({
      globals: new Map([
        [300, 'c'],
        [2, 'b'],
        [0, 'a'],
      ]),
      locals: new Map([
        [
          5,
          new Map([
            [1, 'y'],
            [0, 'x'],
          ]),
        ],
        [1, new Map([[0, 'p']])],
      ]),
    });
    expect([...bytes]).toEqual([
      // locals: function 1 (0 -> "p"), then function 5 (0 -> "x", 1 -> "y")
      0x02, 0x0e, 0x02, 0x01, 0x01, 0x00, 0x01, 0x70, 0x05, 0x02, 0x00, 0x01,
      0x78, 0x01, 0x01, 0x79,
      // globals: 0 -> "a", 2 -> "b", 300 -> "c" (LEB128 0xac 0x02)
      0x07, 0x0b, 0x03, 0x00, 0x01, 0x61, 0x02, 0x01, 0x62, 0xac, 0x02, 0x01,
      0x63,
    ]);
  });

  it('leaves out subsections without entries', () => {
    expect(
      encodeNameSection({
        functions: new Map(),
        locals: new Map(),
        fields: new Map(),
      }),
    ).toEqual(new Uint8Array());
    expect(encodeNameSection({})).toEqual(new Uint8Array());
  });

  it('keeps the empty inner maps of an indirect name map', () => {
    const names: NameSection = {
      locals: new Map([
        [0, new Map()],
        [1, new Map([[0, 'x']])],
      ]),
    };
    expect([...encodeNameSection(names)]).toEqual([
      0x02, 0x08, 0x02, 0x00, 0x00, 0x01, 0x01, 0x00, 0x01, 0x78,
    ]);
    expect(decodeNameSection(encodeNameSection(names))).toEqual(names);
  });

  it('writes names as UTF-8 with their byte length', () => {
    const bytes = encodeNameSection({ module: 'é🦀' });
    expect([...bytes]).toEqual([
      0x00, 0x07, 0x06, 0xc3, 0xa9, 0xf0, 0x9f, 0xa6, 0x80,
    ]);
  });

  it('round-trips random name sections', () => {
    const random = randomSource(0x5eed);
    for (let i = 0; i < 500; i++) {
      const names = randomNameSection(random);
      const bytes = encodeNameSection(names);
      expect(decodeNameSection(bytes)).toEqual(withoutEmptyMaps(names));
      // Encoding is canonical: the decoded section encodes to the same bytes.
      expect(encodeNameSection(decodeNameSection(bytes)!)).toEqual(bytes);
    }
  });

  it('reports an index that is not a u32 with its path', () => {
    let error: unknown;
    try {
      encodeNameSection({
        locals: new Map([[3, new Map([[2 ** 32, 'x']])]]),
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EncodeError);
    expect((error as EncodeError).path).toEqual(['locals', 3, 4294967296]);
  });
});

// wabt.js writes the name section of `wat2wasm --debug-names`. Decoding it
// and encoding the result again must give wabt's bytes. One class of
// difference: wabt writes the locals subsection even when the module has
// no functions (an empty map, `02 01 00`), which we leave out as an empty
// subsection. (wabt also writes a locals entry for every function, imports
// included, with no names; those entries survive the round trip.) wabt
// writes no labels and, without GC, no field names: those subsections are
// checked by the tests above.
const wabtModules: readonly string[] = [
  '(module $m)',
  '(module (func $f))',
  '(module (func (param i32)))',
  `(module $all
    (type $t (func (param i32) (result i32)))
    (type $void (func))
    (import "env" "log" (func $log (param i32)))
    (import "env" "mem" (memory $imported 1))
    (import "env" "g" (global $g0 i32))
    (func $add (type $t) (param $x i32) (result i32)
      (local $tmp i32) (local i64) (local $last f32)
      (local.get $x))
    (func (type $void))
    (func $third (param i32) (param $second i64) (local $l v128))
    (table $funcs 2 funcref)
    (table $refs 1 externref)
    (memory $heap 1)
    (global $sp (mut i32) (i32.const 1024))
    (global i64 (i64.const 0))
    (global $last f64 (f64.const 0))
    (elem $init (i32.const 0) func $add $third)
    (elem $passive func $log)
    (elem declare func $add)
    (data $hello (i32.const 0) "hello")
    (data "anonymous")
    (data $passive "passive")
    (tag $oops (param i32))
    (tag))`,
  `(module
    (func $z) (func $y) (func $x (param $a i32) (param $b i32) (param $c i32))
    (func $a.b/c) (func $<init>) (func $~!@#%^&*-+=|:'?)
    (global $_ i32 (i32.const 0)))`,
];

const wabtFeatures = {
  exceptions: true,
  bulk_memory: true,
  reference_types: true,
  simd: true,
  multi_value: true,
};

describe('encodeNameSection against wabt.js', () => {
  it.each(wabtModules.map((text, i) => [i, text] as const))(
    'gives the bytes of wabt.js for module %i',
    async (_, text) => {
      const wabt = await wabtInit();
      const parsed = wabt.parseWat(
        'input.wat',
        new TextEncoder().encode(text),
        wabtFeatures,
      );
      let binary: Uint8Array;
      try {
        parsed.resolveNames();
        binary = parsed.toBinary({ write_debug_names: true }).buffer;
      } finally {
        parsed.destroy();
      }
      const module = decodeModule(binary);
      const theirs = module.customs.find((c) => c.name === 'name')?.bytes;
      expect(theirs).toBeDefined();
      expect(module.names).not.toBeNull();
      const ours = encodeNameSection(module.names!);
      if (module.functions.length === 0 && module.imports.length === 0) {
        expect([...theirs!.subarray(-3)]).toEqual([0x02, 0x01, 0x00]);
        expect(ours).toEqual(theirs!.subarray(0, -3));
      } else {
        expect(ours).toEqual(theirs);
      }
    },
  );
});

describe('encodeModule with debugNames', () => {
  const names: NameSection = {
    module: 'm',
    functions: new Map([[0, 'f']]),
  };
  const module = {
    ...emptyModule(),
    types: [
      {
        types: [
          {
            final: true,
            supertypes: [],
            composite: { kind: 'func' as const, params: [], results: [] },
          },
        ],
      },
    ],
    functions: [
      {
        typeIndex: 0,
        locals: [],
        body: { kind: 'instrs' as const, instrs: [] },
      },
    ],
    names,
  };

  it('writes module.names as the last section', () => {
    const bytes = encodeModule(module, { debugNames: true });
    const decoded = decodeModule(bytes);
    expect(decoded.names).toEqual(names);
    expect(decoded.customs.map((c) => c.name)).toEqual(['name']);
    expect(decoded.customs[0]!.after).toBe(10);
    expect(encodeModule(module)).toEqual(
      encodeModule({ ...module, names: null }, { debugNames: true }),
    );
  });

  it('does not add a second name section', () => {
    const once = encodeModule(module, { debugNames: true });
    const decoded = decodeModule(once);
    expect(encodeModule(decoded, { debugNames: true })).toEqual(once);
  });
});
