import { decodeModule } from '@tswasm/decoder';
import { encodeModule } from '@tswasm/encoder';
import type { Instr, Module } from '@tswasm/ir';
import { describe, expect, it } from 'vitest';
import { parseFloatLiteral, parseIntLiteral } from './numbers.js';
import { ParseError } from './parse-error.js';
import { parseWast } from './parse-wast.js';
import { parseWat } from './parse-wat.js';
import { watToWasm } from './wat-to-wasm.js';

function body(module: Module, index = 0): readonly Instr[] {
  const func = module.functions[index]!;
  if (func.body.kind !== 'instrs') throw new Error('expected instructions');
  return func.body.instrs;
}

describe('numbers', () => {
  it('rounds f32 literals exactly, ties to even', () => {
    expect(parseFloatLiteral('0x1.000001p0', 32)).toBe(0x3f800000n);
    expect(parseFloatLiteral('0x1.000001000000000001p0', 32)).toBe(0x3f800001n);
    expect(parseFloatLiteral('0x1.000003p0', 32)).toBe(0x3f800002n);
    // Via f64 this would round twice and give 0x3f800000.
    expect(parseFloatLiteral('1.0000000596046447753906251', 32)).toBe(
      0x3f800001n,
    );
    expect(parseFloatLiteral('1.000000059604644775390625', 32)).toBe(
      0x3f800000n,
    );
    expect(parseFloatLiteral('1e39', 32)).toBe('range');
    expect(parseFloatLiteral('0x1p-149', 32)).toBe(1n);
    expect(parseFloatLiteral('0x1p-150', 32)).toBe(0n);
    expect(parseFloatLiteral('0x1.8p-149', 32)).toBe(2n);
    expect(parseFloatLiteral('-nan:0x7f_ffff', 32)).toBe(0xffffffffn);
    expect(parseFloatLiteral('nan:0x0', 32)).toBe('range');
  });

  it('rounds f64 literals exactly', () => {
    expect(parseFloatLiteral('0x1.fffffffffffff8p1023', 64)).toBe('range');
    expect(parseFloatLiteral('0x1.fffffffffffff7ffp1023', 64)).toBe(
      0x7fefffffffffffffn,
    );
    expect(parseFloatLiteral('4.9406564584124654e-324', 64)).toBe(1n);
    expect(parseFloatLiteral('-0', 64)).toBe(0x8000000000000000n);
    expect(parseFloatLiteral('1_000.000_1', 64)).toBe(
      parseFloatLiteral('1000.0001', 64),
    );
    expect(parseFloatLiteral('1__0', 64)).toBe('syntax');
  });

  it('checks integer ranges', () => {
    expect(parseIntLiteral('0xffff_ffff', 32)).toBe(0xffffffffn);
    expect(parseIntLiteral('-0x8000_0000', 32)).toBe(0x80000000n);
    expect(parseIntLiteral('+0x8000_0000', 32)).toBe('range');
    expect(parseIntLiteral('4294967296', 32)).toBe('range');
    expect(parseIntLiteral('0x', 32)).toBe('syntax');
  });
});

describe('parseWat', () => {
  it('stores immediates in binary order', () => {
    const module = parseWat(`(module
      (type $t (func))
      (table $a 1 funcref) (table $b 1 funcref)
      (memory $m 1) (memory $n 1)
      (elem $e func) (data $d "")
      (func
        (call_indirect $b (type $t) (i32.const 0))
        (memory.init $n $d (i32.const 0) (i32.const 0) (i32.const 0))
        (table.init $b $e (i32.const 0) (i32.const 0) (i32.const 0))
        (table.copy $a $b (i32.const 0) (i32.const 0) (i32.const 0))
        (memory.copy (i32.const 0) (i32.const 0) (i32.const 0))))`);
    const ops = body(module).filter((i) => i.op !== 'i32.const');
    expect(ops).toEqual([
      { op: 'call_indirect', args: [0, 1] },
      { op: 'memory.init', args: [0, 1] },
      { op: 'table.init', args: [0, 1] },
      { op: 'table.copy', args: [0, 1] },
      { op: 'memory.copy', args: [0, 0] },
    ]);
  });

  it('appends implicit types after the explicit ones, in order', () => {
    const module = parseWat(`(module
      (func (param i64))
      (type (func (param i32)))
      (func (param i32))
      (func (result f32) (block (param f32) (result f32)) ))`);
    expect(module.types.map((g) => g.types[0]!.composite)).toEqual([
      { kind: 'func', params: ['i32'], results: [] },
      { kind: 'func', params: ['i64'], results: [] },
      { kind: 'func', params: [], results: ['f32'] },
      { kind: 'func', params: ['f32'], results: ['f32'] },
    ]);
    expect(module.functions.map((f) => f.typeIndex)).toEqual([1, 0, 2]);
  });

  it('picks select, ref.test and ref.cast rows by their immediates', () => {
    const module = parseWat(`(module (func
      (select (i32.const 0) (i32.const 0) (i32.const 0)) drop
      (select (result i32) (i32.const 0) (i32.const 0) (i32.const 0)) drop
      (ref.test (ref null any) (ref.null any)) drop
      (ref.cast anyref (ref.null any)) drop
      (ref.cast (ref eq) (ref.null any)) drop))`);
    expect(
      body(module)
        .map((i) => i.op)
        .filter((op) => !['i32.const', 'drop', 'ref.null'].includes(op)),
    ).toEqual([
      'select',
      'select.typed',
      'ref.test.null',
      'ref.cast.null',
      'ref.cast',
    ]);
  });

  it('resolves labels, locals and fields by name', () => {
    const module = parseWat(`(module
      (type $p (struct (field $x i32) (field $y i32)))
      (func (param $s (ref $p)) (result i32)
        (block $out (result i32)
          (loop $in
            (br_if $out (struct.get $p $y (local.get $s)))
            (br $in)))))`);
    expect(
      body(module).filter(
        (i) => i.op.startsWith('br') || i.op === 'struct.get',
      ),
    ).toEqual([
      { op: 'struct.get', args: [0, 1] },
      { op: 'br_if', args: [1] },
      { op: 'br', args: [0] },
    ]);
  });

  it('gates instructions by feature', () => {
    expect(() =>
      parseWat('(module (memory 1 1 shared) (func (atomic.fence)))'),
    ).toThrow('unknown operator');
    expect(
      parseWat('(module (func (atomic.fence)))', {
        features: { threads: true },
      }).functions,
    ).toHaveLength(1);
  });

  it('reports errors with a span and no location in the message', () => {
    try {
      parseWat('(module\n  (func (call $nope)))', { filename: 'a.wat' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ParseError);
      const e = error as ParseError;
      expect([e.message, e.line, e.column, e.offset, e.filename]).toEqual([
        'unknown func',
        2,
        15,
        22,
        'a.wat',
      ]);
    }
  });

  it('assembles with watToWasm', () => {
    const bytes = watToWasm(
      '(module (func (export "f") (result i32) (i32.const 42)))',
    );
    expect(bytes).toEqual(
      encodeModule(parseWat('(func (export "f") (result i32) i32.const 42)')),
    );
    expect([...bytes.slice(0, 4)]).toEqual([0, 0x61, 0x73, 0x6d]);
  });
});

describe('parseWast', () => {
  it('reads modules, actions and assertions', () => {
    const script = parseWast(
      `(module $m (func (export "f") (param i32) (result i32) local.get 0))
       (module binary "\\00asm" "\\01\\00\\00\\00")
       (module quote "(func)")
       (module definition $d (func))
       (module instance $i $d)
       (register "m" $m)
       (assert_return (invoke $m "f" (i32.const -1)) (i32.const 0xffffffff))
       (assert_return (invoke "g") (f32.const nan:canonical) (either (ref.null func) (ref.func)))
       (assert_return (invoke "v") (v128.const f32x4 nan:arithmetic 1 2 3))
       (assert_trap (invoke "t" (ref.extern 1)) "unreachable")
       (assert_trap (module (func $start unreachable) (start $start)) "unreachable")
       (assert_exhaustion (invoke "loop") "call stack exhausted")
       (assert_exception (invoke "throw"))
       (assert_malformed (module quote "(func \\80)") "malformed UTF-8 encoding")
       (assert_invalid (module (func (result i32))) "type mismatch")
       (get $m "g")`,
      { filename: 'x.wast' },
    );
    const kinds = script.commands.map((c) => c.kind);
    expect(kinds).toEqual([
      'module',
      'module',
      'module',
      'module',
      'module_instance',
      'register',
      'assert_return',
      'assert_return',
      'assert_return',
      'assert_trap',
      'assert_trap',
      'assert_exhaustion',
      'assert_exception',
      'assert_malformed',
      'assert_invalid',
      'action',
    ]);
    const first = script.commands[6]!;
    expect(first.kind === 'assert_return' && first.expected).toEqual([
      { type: 'i32', value: -1 },
    ]);
    const second = script.commands[7]!;
    expect(second.kind === 'assert_return' && second.expected).toEqual([
      { type: 'f32', nan: 'canonical' },
      {
        type: 'either',
        options: [
          { type: 'ref.null', heapType: 'func' },
          { type: 'ref.kind', kind: 'func' },
        ],
      },
    ]);
    const malformed = script.commands[13]!;
    expect(
      malformed.kind === 'assert_malformed' &&
        malformed.module.kind === 'quote',
    ).toBe(true);
    if (
      malformed.kind === 'assert_malformed' &&
      malformed.module.kind === 'quote'
    ) {
      expect(() =>
        parseWat(
          malformed.module.kind === 'quote' ? malformed.module.source : '',
        ),
      ).toThrow('malformed UTF-8 encoding');
    }
    expect(script.commands[3]).toMatchObject({
      kind: 'module',
      definition: true,
      module: { id: '$d'.slice(1) },
    });
  });
});

describe('deep nesting', () => {
  const depth = 100_000;
  it.each([
    ['folded blocks', '(block ', ')', 2 * depth],
    ['flat blocks', 'block ', 'end ', 2 * depth],
    ['folded operands', '(i32.eqz ', ')', depth],
    [
      'folded ifs',
      '(if (i32.const 1) (then ',
      ') (else nop))',
      // i32.const, if, else, nop, end at each level
      5 * depth,
    ],
    ['flat ifs', 'i32.const 1 if ', 'else nop end ', 5 * depth],
  ] as const)(
    'parses %s nested %i deep without recursion',
    (_name, open, close, count) => {
      const inner = open.startsWith('(i32') ? '(i32.const 0)' : '';
      const result = open.startsWith('(i32') ? '(result i32)' : '';
      const source = `(module (func ${result} ${open.repeat(depth)}${inner}${close.repeat(depth)}))`;
      const module = parseWat(source);
      const body = module.functions[0]!.body;
      expect(body.kind).toBe('instrs');
      const instrs = body.kind === 'instrs' ? body.instrs : [];
      expect(instrs.length).toBe(count + (inner === '' ? 0 : 1));
      const bytes = watToWasm(source);
      const decoded = decodeModule(bytes, { eagerBodies: true });
      expect(decoded.functions.length).toBe(1);
      expect(encodeModule(module)).toEqual(bytes);
    },
  );

  it('reports a deep input missing one paren at the end of input', () => {
    const source = `(module (func ${'(block '.repeat(depth)}${')'.repeat(depth - 1)}))`;
    let error: unknown = null;
    try {
      parseWat(source);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ParseError);
    const parseError = error as ParseError;
    expect(parseError.message).toBe('unexpected end of input');
    expect(parseError.offset).toBe(source.length);
  });
});
