import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Errno, FileType } from '../constants.js';
import { FsError } from '../fs/file-system.js';
import { MemoryOutput } from '../streams.js';
import { NodeFileSystem } from './node-file-system.js';
import { WASI } from './node-wasi.js';

function errno(fn: () => unknown): number {
  try {
    fn();
    return 0;
  } catch (error) {
    if (error instanceof FsError) return error.errno;
    throw error;
  }
}

describe('NodeFileSystem', () => {
  let work: string;
  let backend: NodeFileSystem;
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tswasm-node-fs-'));
    fs.mkdirSync(path.join(work, 'box'));
    fs.writeFileSync(path.join(work, 'secret'), 'secret');
    fs.writeFileSync(path.join(work, 'box', 'f'), 'f');
    fs.symlinkSync('../secret', path.join(work, 'box', 'out'));
    fs.symlinkSync(path.join(work, 'secret'), path.join(work, 'box', 'abs'));
    backend = new NodeFileSystem(path.join(work, 'box'));
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  it('never lets the host follow a final symbolic link when opening', () => {
    const flags = {
      create: false,
      exclusive: false,
      truncate: true,
      write: true,
    };
    expect(errno(() => backend.open(['out'], flags))).toBe(Errno.loop);
    expect(errno(() => backend.open(['abs'], { ...flags, create: true }))).toBe(
      Errno.loop,
    );
    expect(fs.readFileSync(path.join(work, 'secret'), 'utf8')).toBe('secret');
  });

  it.skipIf(process.platform !== 'linux')(
    'catches a directory swapped for a symbolic link after the walk checked it',
    () => {
      fs.mkdirSync(path.join(work, 'box', 'sub'));
      fs.writeFileSync(path.join(work, 'box', 'sub', 'secret'), 'inside');
      // The walk saw a directory `sub`; another host process now swaps it.
      fs.rmSync(path.join(work, 'box', 'sub'), { recursive: true });
      fs.symlinkSync('..', path.join(work, 'box', 'sub'));
      const flags = {
        create: false,
        exclusive: false,
        truncate: true,
        write: true,
      };
      expect(errno(() => backend.open(['sub', 'secret'], flags))).toBe(
        Errno.notcapable,
      );
      const create = { ...flags, create: true };
      expect(errno(() => backend.open(['sub', 'made'], create))).toBe(
        Errno.notcapable,
      );
      expect(errno(() => backend.mkdir(['sub', 'made']))).toBe(
        Errno.notcapable,
      );
      expect(errno(() => backend.unlink(['sub', 'secret']))).toBe(
        Errno.notcapable,
      );
      expect(errno(() => backend.readdir(['sub']))).toBe(Errno.notcapable);
      expect(fs.readdirSync(work).sort()).toEqual(['box', 'secret']);
      expect(fs.readFileSync(path.join(work, 'secret'), 'utf8')).toBe('secret');
    },
  );

  it('refuses path components that are not plain names', () => {
    expect(errno(() => backend.lstat(['..', 'secret']))).toBe(Errno.notcapable);
    expect(errno(() => backend.lstat(['a/b']))).toBe(Errno.notcapable);
    expect(errno(() => backend.unlink(['.']))).toBe(Errno.notcapable);
  });

  it('describes links themselves, and maps host errors to errnos', () => {
    expect(backend.lstat(['out']).filetype).toBe(FileType.symbolicLink);
    expect(backend.readlink(['out'])).toBe('../secret');
    expect(errno(() => backend.lstat(['missing']))).toBe(Errno.noent);
    expect(errno(() => backend.mkdir(['f']))).toBe(Errno.exist);
    expect(errno(() => backend.readdir(['f']))).toBe(Errno.notdir);
    expect(
      backend
        .readdir([])
        .map((e) => e.name)
        .sort(),
    ).toEqual(['abs', 'f', 'out']);
    expect(() => new NodeFileSystem(path.join(work, 'secret'))).toThrow();
  });

  it('sets times on a link without touching its target', () => {
    const before = fs.statSync(path.join(work, 'secret')).mtimeMs;
    backend.setTimes(
      ['out'],
      1_000_000_000_000_000_000n,
      1_000_000_000_000_000_000n,
    );
    expect(fs.lstatSync(path.join(work, 'box', 'out')).mtimeMs).toBe(
      1_000_000_000_000,
    );
    expect(fs.statSync(path.join(work, 'secret')).mtimeMs).toBe(before);
  });

  it('backs the Node WASI, whose string preopens are host directories', () => {
    const wasi = new WASI({
      preopens: { '/': path.join(work, 'box') },
      stdout: new MemoryOutput(),
      stderr: new MemoryOutput(),
      stdin: '',
    });
    expect(wasi.wasiImport['path_open']).toBeTypeOf('function');
  });
});
