import { describe, expect, it } from 'vitest';
import { Errno, FileType } from '../constants.js';
import { FsError } from './file-system.js';
import { MemoryFileSystem } from './memory-file-system.js';

const errnoOf = (fn: () => unknown): number => {
  try {
    fn();
  } catch (error) {
    if (error instanceof FsError) return error.errno;
    throw error;
  }
  return Errno.success;
};

describe('MemoryFileSystem', () => {
  it('is filled from an object tree with paths, nested objects and symlinks', () => {
    const fs = new MemoryFileSystem({
      'dir/file.txt': 'text',
      'dir/sub': {},
      nested: { 'a.bin': new Uint8Array([1, 2]) },
      link: { symlink: 'dir/file.txt' },
    });
    expect(fs.readTextFile('dir/file.txt')).toBe('text');
    expect(fs.list('dir')).toEqual(['file.txt', 'sub']);
    expect(fs.readFile('nested/a.bin')).toEqual(new Uint8Array([1, 2]));
    expect(fs.readlink(['link'])).toBe('dir/file.txt');
    expect(fs.lstat(['link']).filetype).toBe(FileType.symbolicLink);
  });

  it('is filled from a list of entries', () => {
    const fs = new MemoryFileSystem([
      { path: 'a/b.txt', type: 'file', contents: 'b' },
      { path: 'c', type: 'directory' },
      { path: 'l', type: 'symlink', target: 'a' },
    ]);
    expect(fs.list()).toEqual(['a', 'c', 'l']);
    expect(fs.lstat(['c']).filetype).toBe(FileType.directory);
  });

  it('gives distinct inodes and counts hard links', () => {
    const fs = new MemoryFileSystem({ a: 'a', b: 'b' });
    expect(fs.lstat(['a']).ino).not.toBe(fs.lstat(['b']).ino);
    fs.link(['a'], ['c']);
    expect(fs.lstat(['a']).nlink).toBe(2n);
    expect(fs.lstat(['c']).ino).toBe(fs.lstat(['a']).ino);
    fs.unlink(['a']);
    expect(fs.lstat(['c']).nlink).toBe(1n);
  });

  it('keeps an unlinked open file readable and writable', () => {
    const fs = new MemoryFileSystem({ f: 'data' });
    const handle = fs.open(['f'], {
      create: false,
      exclusive: false,
      truncate: false,
      write: true,
    });
    fs.unlink(['f']);
    expect(fs.exists('f')).toBe(false);
    handle.write(new TextEncoder().encode('!'), 4n);
    const buf = new Uint8Array(10);
    expect(handle.read(buf, 0n)).toBe(5);
    expect(new TextDecoder().decode(buf.subarray(0, 5))).toBe('data!');
  });

  it('reports POSIX errors', () => {
    const fs = new MemoryFileSystem({ d: { x: '' }, e: {}, f: 'f' });
    expect(errnoOf(() => fs.mkdir(['d']))).toBe(Errno.exist);
    expect(errnoOf(() => fs.rmdir(['d']))).toBe(Errno.notempty);
    expect(errnoOf(() => fs.rmdir(['f']))).toBe(Errno.notdir);
    expect(errnoOf(() => fs.unlink(['d']))).toBe(Errno.isdir);
    expect(errnoOf(() => fs.lstat(['f', 'x']))).toBe(Errno.notdir);
    expect(errnoOf(() => fs.lstat(['nope']))).toBe(Errno.noent);
    expect(errnoOf(() => fs.rename(['d'], ['d', 'y']))).toBe(Errno.inval);
    expect(errnoOf(() => fs.rename(['e'], ['d']))).toBe(Errno.notempty);
    expect(errnoOf(() => fs.rename(['f'], ['e']))).toBe(Errno.isdir);
    expect(errnoOf(() => fs.rename(['e'], ['f']))).toBe(Errno.notdir);
    expect(errnoOf(() => fs.link(['d'], ['d2']))).toBe(Errno.perm);
    expect(errnoOf(() => fs.readlink(['f']))).toBe(Errno.inval);
    expect(
      errnoOf(() =>
        fs.open(['d'], {
          create: false,
          exclusive: false,
          truncate: false,
          write: false,
        }),
      ),
    ).toBe(Errno.isdir);
    expect(
      errnoOf(() =>
        fs.open(['f'], {
          create: true,
          exclusive: true,
          truncate: false,
          write: true,
        }),
      ),
    ).toBe(Errno.exist);
    expect(() => fs.readFile('../x')).toThrow(FsError);
  });

  it('renames a directory with its contents and replaces an empty one', () => {
    const fs = new MemoryFileSystem({ a: { 'x.txt': 'x' }, b: {} });
    fs.rename(['a'], ['b']);
    expect(fs.readTextFile('b/x.txt')).toBe('x');
    expect(fs.exists('a')).toBe(false);
  });

  it('truncates, zero-fills on growth and sets times', () => {
    const fs = new MemoryFileSystem({ f: 'abcdef' });
    const h = fs.open(['f'], {
      create: false,
      exclusive: false,
      truncate: false,
      write: true,
    });
    h.truncate(2n);
    h.truncate(4n);
    expect(fs.readFile('f')).toEqual(new Uint8Array([97, 98, 0, 0]));
    h.setTimes(5n, null);
    expect(h.stat().atimNs).toBe(5n);
    fs.setTimes(['f'], null, 7n);
    expect(fs.lstat(['f']).mtimNs).toBe(7n);
  });
});
