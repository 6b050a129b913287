import type { Span } from '@tswasm/ir';
import type {
  Action,
  Command,
  Expected,
  ScriptModule,
  ScriptValue,
} from '@tswasm/text';
import wabtInit from 'wabt';
import { beforeAll, describe, expect, it } from 'vitest';
import { nativeAdapter } from './native/native-adapter.js';
import { runScript } from './run-script.js';

// The runner is tested on hand-built scripts with wabt's binaries, so that
// these tests do not depend on the text parser.

let wat2wasm: (source: string) => Uint8Array;

beforeAll(async () => {
  const wabt = await wabtInit();
  wat2wasm = (source) => {
    const module = wabt.parseWat('test.wat', source, {
      simd: true,
      multi_value: true,
      exceptions: true,
    });
    try {
      return module.toBinary({}).buffer;
    } finally {
      module.destroy();
    }
  };
});

let line = 0;
const at = (): Span => ({ line: ++line, column: 1, offset: 0 });

const binary = (source: string, id: string | null = null): ScriptModule => ({
  kind: 'binary',
  bytes: wat2wasm(source),
  id,
  span: at(),
});
const module = (source: string, id: string | null = null): Command => ({
  kind: 'module',
  module: binary(source, id),
  definition: false,
  span: at(),
});
const invoke = (
  name: string,
  args: ScriptValue[] = [],
  moduleId: string | null = null,
): Action => ({ kind: 'invoke', module: moduleId, name, args, span: at() });
const assertReturn = (action: Action, expected: Expected[]): Command => ({
  kind: 'assert_return',
  action,
  expected,
  span: at(),
});
const i32 = (value: number): ScriptValue => ({ type: 'i32', value });
const f32 = (bits: number): ScriptValue => ({ type: 'f32', bits });
const f64 = (bits: bigint): ScriptValue => ({ type: 'f64', bits });

function run(commands: Command[]) {
  return runScript({ filename: 'test.wast', commands }, nativeAdapter(), {
    features: { memory64: false },
  });
}

describe('runScript on V8', () => {
  it('checks results of invocations', () => {
    const result = run([
      module(
        '(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))',
      ),
      assertReturn(invoke('add', [i32(1), i32(2)]), [i32(3)]),
      assertReturn(invoke('add', [i32(1), i32(2)]), [i32(4)]),
    ]);
    expect(result.summary).toBe('2 passed, 1 failed');
    const failed = result.commands[2];
    expect(failed?.status).toBe('failed');
    expect(failed?.reason).toBe(
      'expected [(i32.const 4)], got [(i32.const 3)]',
    );
    expect(failed?.location).toMatch(/^test\.wast:\d+:1$/);
  });

  it('keeps NaN payloads of f32 and f64 exactly', () => {
    const result = run([
      module(`(module
        (func (export "f32.neg") (param f32) (result f32) local.get 0 f32.neg)
        (func (export "f64.id") (param f64) (result f64) local.get 0)
        (func (export "div") (param f32 f32) (result f32) local.get 0 local.get 1 f32.div))`),
      assertReturn(invoke('f32.neg', [f32(0x7fa00000)]), [f32(0xffa00000)]),
      assertReturn(invoke('f64.id', [f64(0x7ff0000000000001n)]), [
        f64(0x7ff0000000000001n),
      ]),
      assertReturn(invoke('div', [f32(0), f32(0)]), [
        { type: 'f32', nan: 'canonical' },
      ]),
      assertReturn(invoke('div', [f32(0), f32(0)]), [
        { type: 'f32', nan: 'arithmetic' },
      ]),
    ]);
    expect(result.summary).toBe('5 passed, 0 failed');
  });

  it('passes v128 values and compares lanes', () => {
    const bytes = new Uint8Array(16).map((_, i) => i);
    const result = run([
      module(`(module
        (func (export "id") (param v128) (result v128) local.get 0)
        (func (export "nan") (result v128) (v128.const f32x4 nan 1 -0 nan:0x200000)))`),
      assertReturn(invoke('id', [{ type: 'v128', bytes }]), [
        { type: 'v128', bytes },
      ]),
      assertReturn(invoke('nan'), [
        {
          type: 'v128.lanes',
          shape: 'f32x4',
          lanes: [
            { type: 'f32', nan: 'canonical' },
            { type: 'f32', bits: 0x3f800000 },
            { type: 'f32', bits: 0x80000000 },
            { type: 'f32', bits: 0x7fa00000 },
          ],
        },
      ]),
    ]);
    expect(result.summary).toBe('3 passed, 0 failed');
  });

  it('reads f32 and v128 globals exactly', () => {
    const result = run([
      module(`(module
        (global (export "f") f32 (f32.const nan:0x200000))
        (global (export "v") (mut v128) (v128.const i32x4 1 2 3 -1)))`),
      assertReturn({ kind: 'get', module: null, name: 'f', span: at() }, [
        f32(0x7fa00000),
      ]),
      assertReturn({ kind: 'get', module: null, name: 'v', span: at() }, [
        {
          type: 'v128.lanes',
          shape: 'i32x4',
          lanes: [1, 2, 3, -1].map((value) => ({ type: 'i32', value })),
        },
      ]),
    ]);
    expect(result.summary).toBe('3 passed, 0 failed');
  });

  it('expects traps, exhaustion and exceptions', () => {
    const result = run([
      module(`(module
        (tag $e)
        (func (export "div") (param i32) (result i32) i32.const 1 local.get 0 i32.div_s)
        (func $loop (export "loop") call $loop)
        (func (export "throw") throw $e))`),
      {
        kind: 'assert_trap',
        action: invoke('div', [i32(0)]),
        message: 'integer divide by zero',
        span: at(),
      },
      {
        kind: 'assert_trap',
        action: invoke('div', [i32(1)]),
        message: 'integer divide by zero',
        span: at(),
      },
      {
        kind: 'assert_exhaustion',
        action: invoke('loop'),
        message: 'call stack exhausted',
        span: at(),
      },
      { kind: 'assert_exception', action: invoke('throw'), span: at() },
    ]);
    expect(result.commands.map((c) => c.status)).toEqual([
      'passed',
      'passed',
      'failed',
      'passed',
      'passed',
    ]);
    expect(result.commands[2]?.reason).toMatch(
      /^expected trap "integer divide by zero", got \[/,
    );
  });

  it('links spectest and registered instances', () => {
    const result = run([
      module(
        `(module
        (import "spectest" "global_i32" (global $g i32))
        (import "spectest" "print_i32" (func (param i32)))
        (import "spectest" "global_f64" (global $h f64))
        (func (export "g") (result i32) global.get $g)
        (global (export "h") f64 global.get $h))`,
        '$a',
      ),
      assertReturn(invoke('g'), [i32(666)]),
      assertReturn({ kind: 'get', module: null, name: 'h', span: at() }, [
        f64(0x4084d4cccccccccdn),
      ]),
      { kind: 'register', name: 'a', module: '$a', span: at() },
      module(`(module (import "a" "g" (func (result i32)))
        (func (export "g2") (result i32) call 0))`),
      assertReturn(invoke('g2'), [i32(666)]),
      assertReturn(invoke('g', [], '$a'), [i32(666)]),
      {
        kind: 'assert_unlinkable',
        module: binary(
          '(module (import "spectest" "print_i32" (func (param i64))))',
        ),
        message: 'incompatible import type',
        span: at(),
      },
      {
        kind: 'assert_unlinkable',
        module: binary('(module (import "spectest" "unknown" (func)))'),
        message: 'unknown import',
        span: at(),
      },
    ]);
    expect(result.summary).toBe('9 passed, 0 failed');
  });

  it('expects rejected modules and failed instantiations', () => {
    const malformed: ScriptModule = {
      kind: 'binary',
      bytes: new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]),
      id: null,
      span: at(),
    };
    const result = run([
      {
        kind: 'assert_malformed',
        module: malformed,
        message: 'unknown binary version',
        span: at(),
      },
      {
        kind: 'assert_trap',
        action: binary('(module (func $f unreachable) (start $f))'),
        message: 'unreachable',
        span: at(),
      },
      {
        kind: 'assert_uninstantiable',
        module: binary('(module (memory 1) (data (i32.const 65536) "a"))'),
        message: 'out of bounds memory access',
        span: at(),
      },
      {
        kind: 'assert_invalid',
        module: binary('(module)'),
        message: 'type mismatch',
        span: at(),
      },
    ]);
    expect(result.commands.map((c) => c.status)).toEqual([
      'passed',
      'passed',
      'passed',
      'failed',
    ]);
  });

  it('instantiates module definitions', () => {
    const definition: Command = {
      kind: 'module',
      module: binary('(module (global (export "g") i32 (i32.const 7)))', '$M'),
      definition: true,
      span: at(),
    };
    const result = run([
      definition,
      { kind: 'module_instance', instance: '$I', module: '$M', span: at() },
      assertReturn({ kind: 'get', module: '$I', name: 'g', span: at() }, [
        i32(7),
      ]),
      { kind: 'module_instance', instance: null, module: '$N', span: at() },
    ]);
    expect(result.commands.map((c) => c.status)).toEqual([
      'passed',
      'passed',
      'passed',
      'failed',
    ]);
    expect(result.commands[3]?.reason).toBe('unknown module $N');
  });

  it('fails actions on a module that did not instantiate', () => {
    const result = run([
      module('(module (import "nowhere" "f" (func)) (func (export "f")))'),
      assertReturn(invoke('f'), []),
    ]);
    expect(result.failed).toBe(2);
    expect(result.commands[1]?.reason).toMatch(/did not instantiate/);
  });

  it('takes spectest from the adapter when it makes one', () => {
    const native = nativeAdapter();
    const compiled = native.compile(
      wat2wasm('(module (global (export "global_i32") i32 (i32.const 42)))'),
    );
    if (!compiled.ok) throw new Error(compiled.message);
    const adapter = {
      ...native,
      name: native.name,
      specMessages: native.specMessages,
      compile: native.compile.bind(native),
      instantiate: native.instantiate.bind(native),
      invoke: native.invoke.bind(native),
      get: native.get.bind(native),
      spectest: () => native.instantiate(compiled.module, new Map()),
    };
    const result = runScript(
      {
        filename: 'test.wast',
        commands: [
          module(`(module (import "spectest" "global_i32" (global i32))
            (global (export "g") i32 global.get 0))`),
          assertReturn({ kind: 'get', module: null, name: 'g', span: at() }, [
            i32(42),
          ]),
        ],
      },
      adapter,
    );
    expect(result.summary).toBe('2 passed, 0 failed');
  });
});
