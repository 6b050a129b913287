import wabt from 'wabt';
import { describe, expect, it } from 'vitest';
import { Errno } from './constants.js';
import { MemoryFileSystem } from './fs/memory-file-system.js';
import { MemoryOutput } from './streams.js';
import { WASI } from './wasi.js';
import { WasiExit } from './wasi-exit.js';

async function instantiate(
  wat: string,
  wasi: WASI,
): Promise<WebAssembly.Instance> {
  const module = (await wabt()).parseWat('t.wat', wat);
  const bytes = module.toBinary({}).buffer as Uint8Array<ArrayBuffer>;
  module.destroy();
  return (await WebAssembly.instantiate(bytes, wasi.getImportObject()))
    .instance;
}

// Grows memory by one page, then writes "grown" from the new page to stdout.
const GROW_WAT = `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (memory.grow (i32.const 1)))
    (i32.store (i32.const 65536) (i32.const 0x776f7267))
    (i32.store8 (i32.const 65540) (i32.const 0x6e))
    (i32.store (i32.const 65600) (i32.const 65536))
    (i32.store (i32.const 65604) (i32.const 5))
    (drop (call $w (i32.const 1) (i32.const 65600) (i32.const 1) (i32.const 65608)))))`;

describe('WASI', () => {
  it('reads the memory afresh after memory.grow', async () => {
    const stdout = new MemoryOutput();
    const wasi = new WASI({ stdout });
    expect(wasi.start(await instantiate(GROW_WAT, wasi))).toBe(0);
    expect(stdout.text()).toBe('grown');
  });

  it('offers every preview1 function', () => {
    const names = Object.keys(new WASI().wasiImport).sort();
    expect(names).toHaveLength(46);
    expect(new WASI().getImportObject().wasi_snapshot_preview1).toBeTypeOf(
      'object',
    );
  });

  it('throws WasiExit from proc_exit, returned by start by default', async () => {
    const wat = `(module (import "wasi_snapshot_preview1" "proc_exit" (func $e (param i32)))
      (memory (export "memory") 1) (func (export "_start") (call $e (i32.const 42))))`;
    const wasi = new WASI();
    expect(wasi.start(await instantiate(wat, wasi))).toBe(42);
    const strict = new WASI({ returnOnExit: false });
    const instance = await instantiate(wat, strict);
    let thrown: unknown;
    try {
      strict.start(instance);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(WasiExit);
    expect((thrown as WasiExit).code).toBe(42);
  });

  it('lets a trap pass through start', async () => {
    const wasi = new WASI();
    const instance = await instantiate(
      '(module (memory (export "memory") 1) (func (export "_start") unreachable))',
      wasi,
    );
    expect(() => wasi.start(instance)).toThrow(WebAssembly.RuntimeError);
  });

  it('initializes a reactor and refuses commands there', async () => {
    const wasi = new WASI();
    const reactor = await instantiate(
      '(module (memory (export "memory") 1) (global $g (export "g") (mut i32) (i32.const 0)) (func (export "_initialize") (global.set $g (i32.const 1))))',
      wasi,
    );
    wasi.initialize(reactor);
    expect((reactor.exports['g'] as WebAssembly.Global).value).toBe(1);
    expect(() =>
      new WASI().initialize({
        exports: { _start: () => {}, memory: { buffer: new ArrayBuffer(0) } },
      }),
    ).toThrow(/_start/);
    expect(() => new WASI().start({ exports: { _start: () => {} } })).toThrow(
      /memory/,
    );
  });

  it('checks its options', () => {
    expect(
      () => new WASI({ preopens: { '/': new MemoryFileSystem({ f: 'x' }) } }),
    ).not.toThrow();
    expect(() => new WASI({ preopens: { '/': 'missing' } })).toThrow();
    expect(
      () =>
        new WASI({
          fs: new MemoryFileSystem({ f: 'x' }),
          preopens: { '/': 'f' },
        }),
    ).toThrow(/not a directory/);
    expect(() => new WASI({ version: 'unstable' as 'preview1' })).toThrow(
      /version/,
    );
  });

  it('maps a string preopen to a directory of the fs option', async () => {
    const memory = new MemoryFileSystem({
      home: { user: {} },
      etc: { passwd: 'root' },
    });
    const wat = `(module
      (import "wasi_snapshot_preview1" "path_open" (func $o (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "proc_exit" (func $e (param i32)))
      (memory (export "memory") 1) (data (i32.const 0) "../../etc/passwd")
      (func (export "_start") (call $e (call $o (i32.const 3) (i32.const 1) (i32.const 0) (i32.const 16)
        (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 32)))))`;
    const wasi = new WASI({
      fs: memory,
      preopens: { '/home/user': 'home/user' },
    });
    expect(wasi.start(await instantiate(wat, wasi))).toBe(Errno.notcapable);
  });
});
