// WASI commands (WAT) run through WASI.start on V8 and on our engine.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  Errno,
  MemoryFileSystem,
  MemoryOutput,
  WASI,
  WasiExit,
} from '@tswasm/wasi';
import { WASI as NodeWASI } from '@tswasm/wasi/node';
import { assemble, ENGINES, v8 } from './guest.js';
import type { Engine } from './guest.js';
import {
  CAT_WAT,
  EXIT_WAT,
  FILL_WAT,
  HELLO_WAT,
  OPEN_MANY_WAT,
} from './programs.js';

let engine: Engine = v8;

async function instantiate(
  wat: string,
  wasi: WASI,
): Promise<WebAssembly.Instance> {
  const module = await engine.compile(await assemble(wat));
  return engine.instantiate(module, wasi.getImportObject());
}

const engines = ENGINES.map((e) => [e.name, e] as const);

describe.each(engines)('WASI commands on %s', (_name, e) => {
  beforeEach(() => {
    engine = e;
  });
  it('writes to stdout and exits 0 when _start returns', async () => {
    const stdout = new MemoryOutput();
    const wasi = new WASI({ stdout });
    expect(wasi.start(await instantiate(HELLO_WAT, wasi))).toBe(0);
    expect(stdout.text()).toBe('hello\n');
  });

  it('returns the proc_exit code, or throws WasiExit without returnOnExit', async () => {
    const wasi = new WASI({ args: ['exit', '7'] });
    expect(wasi.start(await instantiate(EXIT_WAT, wasi))).toBe(7);
    const strict = new WASI({ args: ['exit', '3'], returnOnExit: false });
    const instance = await instantiate(EXIT_WAT, strict);
    expect(() => strict.start(instance)).toThrow(WasiExit);
  });

  it('copies stdin to stdout', async () => {
    const stdout = new MemoryOutput();
    const wasi = new WASI({ stdin: 'some input text', stdout });
    expect(wasi.start(await instantiate(CAT_WAT, wasi))).toBe(0);
    expect(stdout.text()).toBe('some input text');
  });

  it('refuses to start twice or without _start', async () => {
    const wasi = new WASI();
    const instance = await instantiate(HELLO_WAT, wasi);
    wasi.start(instance);
    expect(() => wasi.start(instance)).toThrow(/already started/);
    expect(() => new WASI().start({ exports: {} })).toThrow(/_start/);
  });

  it('reads a preopened in-memory tree given as a plain object', () => {
    const wasi = new WASI({
      preopens: { '/': { 'dir/file.txt': 'text', 'dir/sub': {} } },
    });
    expect(wasi.wasiImport['fd_prestat_get']).toBeTypeOf('function');
    const fs1 = new MemoryFileSystem([
      { path: 'a/b.txt', type: 'file', contents: 'x' },
      { path: 'l', type: 'symlink', target: 'a' },
    ]);
    expect(fs1.readTextFile('a/b.txt')).toBe('x');
    expect(fs1.list()).toEqual(['a', 'l']);
  });
});

describe.each(engines)('quotas on %s', (_name, e) => {
  beforeEach(() => {
    engine = e;
  });
  it('a guest filling the disk gets EDQUOT at maxBytesWritten (memory backend)', async () => {
    const memory = new MemoryFileSystem();
    const wasi = new WASI({
      preopens: { '/': memory },
      limits: { maxBytesWritten: 10_000 },
    });
    expect(wasi.start(await instantiate(FILL_WAT, wasi))).toBe(Errno.dquot);
    expect(memory.readFile('out.bin').length).toBe(10_000);
  });

  it('a guest filling the disk gets EFBIG at maxFileSize; the host directory is unharmed (Node backend)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tswasm-wasi-quota-'));
    try {
      fs.writeFileSync(path.join(dir, 'keep.txt'), 'keep');
      const wasi = new NodeWASI({
        preopens: { '/': dir },
        stdout: new MemoryOutput(),
        limits: { maxFileSize: 5000 },
      });
      expect(wasi.start(await instantiate(FILL_WAT, wasi))).toBe(Errno.fbig);
      expect(fs.statSync(path.join(dir, 'out.bin')).size).toBe(5000);
      expect(fs.readdirSync(dir).sort()).toEqual(['keep.txt', 'out.bin']);
      expect(fs.readFileSync(path.join(dir, 'keep.txt'), 'utf8')).toBe('keep');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a guest opening files without end gets EMFILE at maxOpenFds', async () => {
    const wasi = new WASI({
      preopens: { '/': {} },
      limits: { maxOpenFds: 20 },
    });
    expect(wasi.start(await instantiate(OPEN_MANY_WAT, wasi))).toBe(
      Errno.mfile,
    );
  });

  it('stdout counts against maxBytesWritten', async () => {
    const stdout = new MemoryOutput();
    const wasi = new WASI({
      stdin: 'x'.repeat(100),
      stdout,
      limits: { maxBytesWritten: 10 },
    });
    wasi.start(await instantiate(CAT_WAT, wasi));
    expect(stdout.byteLength).toBe(10);
  });
});
