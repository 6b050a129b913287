// The `name` section from the text format's `$id`s: what `parseWat` puts in
// `module.names`, what `watToWasm` writes with `debugNames`, and how that
// compares with wabt.js's `wat2wasm --debug-names`.

import { decodeModule } from '@tswasm/decoder';
import { encodeNameSection } from '@tswasm/encoder';
import type { NameSection } from '@tswasm/ir';
import wabtInit from 'wabt';
import { describe, expect, it } from 'vitest';
import { parseWast } from './parse-wast.js';
import { parseWat } from './parse-wat.js';
import { printWat } from './print-wat.js';
import { watToWasm } from './wat-to-wasm.js';

const named = `(module $demo
  (type $binary (func (param i32 i32) (result i32)))
  (type $point (struct (field $x i32) (field $y i32) (field i64)))
  (import "env" "log" (func $log (param i32)))
  (import "env" "table" (table $imported 1 funcref))
  (func $add (type $binary) (param $a i32) (param $b i32) (result i32)
    (local $sum i32) (local i64) (local $last f32)
    (local.set $sum (i32.add (local.get $a) (local.get $b)))
    (local.get $sum))
  (func (param i32) (local i32))
  (func $noLocals (param i32) (local f64))
  (table $funcs 2 funcref)
  (memory $heap 1)
  (global $sp (mut i32) (i32.const 1024))
  (global i32 (i32.const 0))
  (global $"with space" i32 (i32.const 0))
  (elem $init (table $funcs) (i32.const 0) func $add)
  (elem func $log)
  (data $hello (i32.const 0) "hello")
  (tag $oops (param i32)))`;

describe('parseWat names', () => {
  it('fills module.names from the ids of every index space', () => {
    const names = parseWat(named).names;
    expect(names).toEqual({
      module: 'demo',
      functions: new Map([
        [0, 'log'],
        [1, 'add'],
        [3, 'noLocals'],
      ]),
      locals: new Map([
        [
          1,
          new Map([
            [0, 'a'],
            [1, 'b'],
            [2, 'sum'],
            [4, 'last'],
          ]),
        ],
      ]),
      types: new Map([
        [0, 'binary'],
        [1, 'point'],
      ]),
      tables: new Map([
        [0, 'imported'],
        [1, 'funcs'],
      ]),
      memories: new Map([[0, 'heap']]),
      globals: new Map([
        [0, 'sp'],
        [2, 'with space'],
      ]),
      elements: new Map([[0, 'init']]),
      datas: new Map([[0, 'hello']]),
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
    } satisfies NameSection);
  });

  it('leaves names null when the module has no ids', () => {
    expect(
      parseWat(
        '(module (func (param i32) (local i32) (block (br 0))) (memory 1))',
      ).names,
    ).toBeNull();
    expect(parseWat('').names).toBeNull();
  });

  it('leaves labels out', () => {
    expect(parseWat('(module (func (block $b (br $b))))').names).toBeNull();
  });

  it('names the module alone', () => {
    expect(parseWat('(module $m)').names).toEqual({ module: 'm' });
  });

  it('counts unnamed inline segments in the segment index spaces', () => {
    const names = parseWat(`(module
      (func $f)
      (table funcref (elem $f))
      (memory (data "x"))
      (elem $e func $f)
      (data $d "y"))`).names;
    expect(names?.elements).toEqual(new Map([[1, 'e']]));
    expect(names?.datas).toEqual(new Map([[1, 'd']]));
  });

  it('keys locals by function index, imported functions first', () => {
    const names = parseWat(`(module
      (import "m" "f" (func $early (param $q i32)))
      (func $late (param $p i32)))`).names;
    expect(names?.functions).toEqual(
      new Map([
        [0, 'early'],
        [1, 'late'],
      ]),
    );
    expect(names?.locals).toEqual(new Map([[1, new Map([[0, 'p']])]]));
  });

  it('takes the names of @name annotations over $ids', () => {
    const names = parseWat(`(module $moduel (@name "Modül")
      (type $t (func))
      (import "m" "f" (func (@name "imported") (type $t)))
      (func (@name "λ") (type $t))
      (func $lambda (@name "λ") (type $t))
      (func $plain (type $t))
      (global $g (@name "counter") (mut i32) (i32.const 0))
      (tag (@name "θ") (type $t)))`).names;
    expect(names?.module).toBe('Modül');
    expect(names?.functions).toEqual(
      new Map([
        [0, 'imported'],
        [1, 'λ'],
        [2, 'λ'],
        [3, 'plain'],
      ]),
    );
    expect(names?.globals).toEqual(new Map([[0, 'counter']]));
    expect(names?.tags).toEqual(new Map([[0, 'θ']]));
    expect(parseWat('(module (@name "M"))').names).toEqual({ module: 'M' });
  });

  it('gives the same names to watToWasm with debugNames', () => {
    const binary = watToWasm(named, { debugNames: true });
    const module = decodeModule(binary);
    expect(module.names).toEqual(parseWat(named).names);
    // The name section comes last.
    const last = module.customs[module.customs.length - 1];
    expect(last?.name).toBe('name');
    expect(last?.after).toBe(11);
  });

  it('writes no name section without debugNames', () => {
    const plain = watToWasm(named);
    expect(decodeModule(plain).customs).toEqual([]);
    const withNames = watToWasm(named, { debugNames: true });
    expect(withNames.subarray(0, plain.length)).toEqual(plain);
    expect(watToWasm('(module (func))', { debugNames: true })).toEqual(
      watToWasm('(module (func))'),
    );
  });

  it('keeps function and local names through printWat', () => {
    const source = `(module $m
      (func $inc (param $n i32) (result i32) (local $one i32)
        (local.set $one (i32.const 1))
        (i32.add (local.get $n) (local.get $one)))
      (func $main (result i32) (call $inc (i32.const 41))))`;
    const printed = printWat(parseWat(source));
    expect(printed).toContain('(module $m');
    expect(printed).toMatch(/\(func \$inc \(type 0\) \(param \$n i32\)/);
    expect(printed).toContain('(local $one i32)');
    expect(printed).toContain('local.get $n');
    expect(printed).toContain('call $inc');
    const reparsed = parseWat(printed);
    expect(reparsed.names).toEqual(parseWat(source).names);
    expect(watToWasm(printed, { debugNames: true })).toEqual(
      watToWasm(source, { debugNames: true }),
    );
  });
});

// `watToWasm(text, { debugNames: true })` against wabt.js's
// `toBinary({ write_debug_names: true })`. The binaries are equal but for
// one class of difference in the locals subsection: wabt writes it always,
// with an entry for every function (imports included) even when it names
// no local, and we write entries only for the functions that name a local
// (and no subsection when none does). So wabt's locals are reduced to the
// named ones before the sections are compared byte for byte. (wabt writes
// no label names; ours are left out too. Field names need GC, which
// wabt.js does not read: they are checked above.)
const wabtModules: readonly string[] = [
  '(module $m)',
  '(module (func $f (param i32)) (func (param $x i32) (local i32)))',
  `(module $all
    (type $t (func (param i32) (result i32)))
    (import "env" "log" (func $log (param i32)))
    (import "env" "mem" (memory $imported 1))
    (import "env" "g" (global $g0 i32))
    (func $add (type $t) (param $x i32) (result i32)
      (local $tmp i32) (local i64) (local $last f32)
      (local.get $x))
    (func)
    (func $third (param i32) (param $second i64) (local $l v128))
    (table $funcs 2 funcref)
    (memory $heap 1)
    (global $sp (mut i32) (i32.const 1024))
    (global i64 (i64.const 0))
    (global $last f64 (f64.const 0))
    (export "add" (func $add))
    (elem $init (i32.const 0) func $add $third)
    (elem $passive func $log)
    (data $hello (i32.const 0) "hello")
    (data "anonymous")
    (tag $oops (param i32))
    (tag))`,
  `(module
    (func $fac (export "fac") (param $n i64) (result i64)
      (if (result i64) (i64.eqz (local.get $n))
        (then (i64.const 1))
        (else (i64.mul (local.get $n)
          (call $fac (i64.sub (local.get $n) (i64.const 1))))))))`,
];

const wabtFeatures = {
  exceptions: true,
  bulk_memory: true,
  reference_types: true,
  simd: true,
  multi_value: true,
};

/** `names` with the locals entries that name nothing left out. */
function namedLocalsOnly(names: NameSection): NameSection {
  const { locals, ...rest } = names;
  const kept = [...(locals ?? [])].filter(([, inner]) => inner.size > 0);
  return kept.length === 0 ? rest : { ...rest, locals: new Map(kept) };
}

describe('watToWasm debugNames against wabt.js', () => {
  it.each(wabtModules.map((text, i) => [i, text] as const))(
    'writes the name section of wabt.js for module %i',
    async (_, text) => {
      const wabt = await wabtInit();
      const parsed = wabt.parseWat(
        'input.wat',
        new TextEncoder().encode(text),
        wabtFeatures,
      );
      let theirBinary: Uint8Array;
      try {
        parsed.resolveNames();
        theirBinary = parsed.toBinary({ write_debug_names: true }).buffer;
      } finally {
        parsed.destroy();
      }
      const ourBinary = watToWasm(text, { debugNames: true });
      const theirs = decodeModule(theirBinary);
      const ours = decodeModule(ourBinary);
      const theirSection = theirs.customs.find((c) => c.name === 'name');
      const ourSection = ours.customs.find((c) => c.name === 'name');
      expect(theirSection).toBeDefined();
      expect(ourSection).toBeDefined();
      expect(ourSection!.bytes).toEqual(
        encodeNameSection(namedLocalsOnly(theirs.names!)),
      );
      // Apart from the name section, the same bytes.
      const withoutNames = (binary: Uint8Array, size: number): Uint8Array =>
        binary.subarray(0, binary.length - size);
      const sectionSize = (bytes: Uint8Array): number => {
        // id, size (one or two LEB128 bytes here), "name", content
        const content = 1 + 4 + bytes.length;
        return 1 + (content < 0x80 ? 1 : 2) + content;
      };
      expect(withoutNames(ourBinary, sectionSize(ourSection!.bytes))).toEqual(
        withoutNames(theirBinary, sectionSize(theirSection!.bytes)),
      );
    },
  );
});

describe('names of script modules', () => {
  it('keeps a text module’s $id and its definitions’ names', () => {
    const script = parseWast(
      '(module $m (func $f)) (assert_return (invoke $m "x"))',
    );
    const command = script.commands[0]!;
    if (command.kind !== 'module' || command.module.kind !== 'text')
      throw new Error('expected a text module');
    expect(command.module.module.names?.module).toBe('m');
    expect(command.module.module.names?.functions?.get(0)).toBe('f');
  });
});
