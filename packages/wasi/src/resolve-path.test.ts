import { describe, expect, it } from 'vitest';
import { Errno, FileType } from './constants.js';
import type { DirFd } from './fd-table.js';
import { FsError } from './fs/file-system.js';
import { MemoryFileSystem } from './fs/memory-file-system.js';
import {
  checkSymlinkTarget,
  MAX_SYMLINKS,
  resolveEntry,
  resolvePath,
} from './resolve-path.js';

const fs = new MemoryFileSystem({
  box: {
    'f.txt': 'f',
    d: { e: {} },
    up: { symlink: '..' },
    out: { symlink: '../secret' },
    abs: { symlink: '/secret' },
    ok: { symlink: 'd/e/../..' },
    loop: { symlink: 'loop' },
    'to-d': { symlink: 'd' },
  },
  secret: 'no',
});

function dirFd(path: string[] = ['box']): DirFd {
  return {
    kind: 'directory',
    fs,
    root: ['box'],
    path,
    preopenName: '/',
    listing: null,
    flags: 0,
    rightsBase: 0n,
    rightsInheriting: 0n,
  };
}

function errno(fn: () => unknown): number {
  try {
    fn();
    return 0;
  } catch (error) {
    if (error instanceof FsError) return error.errno;
    throw error;
  }
}

describe('resolvePath', () => {
  it('walks plain, dot and dot-dot components inside the root', () => {
    expect(resolvePath(dirFd(), 'd/e/../../f.txt', true).path).toEqual([
      'box',
      'f.txt',
    ]);
    expect(resolvePath(dirFd(), './d//e/', true)).toMatchObject({
      path: ['box', 'd', 'e'],
      mustBeDir: true,
    });
    expect(resolvePath(dirFd(), '.', true)).toMatchObject({
      path: ['box'],
      endsInDot: true,
    });
    expect(
      resolvePath(dirFd(['box', 'd', 'e']), '../../f.txt', true).path,
    ).toEqual(['box', 'f.txt']);
    expect(resolvePath(dirFd(), 'missing', true)).toMatchObject({
      path: ['box', 'missing'],
      stat: null,
    });
  });

  it('denies leaving the root with .., absolute paths or symbolic links', () => {
    for (const p of [
      '..',
      'd/../..',
      '/f.txt',
      'up/secret',
      'out',
      'abs',
      'up/box/../secret',
    ]) {
      expect([p, errno(() => resolvePath(dirFd(), p, true))]).toEqual([
        p,
        Errno.notcapable,
      ]);
    }
    expect(errno(() => resolvePath(dirFd(['box', 'd']), '../..', true))).toBe(
      Errno.notcapable,
    );
  });

  it('follows links that stay inside, and a final one only when asked', () => {
    expect(resolvePath(dirFd(), 'ok/f.txt', true).path).toEqual([
      'box',
      'f.txt',
    ]);
    expect(resolvePath(dirFd(), 'to-d', true).stat?.filetype).toBe(
      FileType.directory,
    );
    expect(resolvePath(dirFd(), 'to-d', false).stat?.filetype).toBe(
      FileType.symbolicLink,
    );
    expect(resolvePath(dirFd(), 'to-d/', false).stat?.filetype).toBe(
      FileType.directory,
    );
    // A final link that is not followed is not checked either: it is only named.
    expect(resolvePath(dirFd(), 'out', false).stat?.filetype).toBe(
      FileType.symbolicLink,
    );
  });

  it(`gives ELOOP after ${MAX_SYMLINKS} links`, () => {
    expect(errno(() => resolvePath(dirFd(), 'loop', true))).toBe(Errno.loop);
    expect(errno(() => resolvePath(dirFd(), 'loop/x', false))).toBe(Errno.loop);
  });

  it('rejects empty paths, NUL bytes, long names, and walks through files', () => {
    expect(errno(() => resolvePath(dirFd(), '', true))).toBe(Errno.noent);
    expect(errno(() => resolvePath(dirFd(), 'a\0b', true))).toBe(Errno.ilseq);
    expect(errno(() => resolvePath(dirFd(), 'x'.repeat(256), true))).toBe(
      Errno.nametoolong,
    );
    expect(errno(() => resolvePath(dirFd(), 'f.txt/x', true))).toBe(
      Errno.notdir,
    );
    expect(errno(() => resolvePath(dirFd(), 'f.txt/', true))).toBe(
      Errno.notdir,
    );
    expect(errno(() => resolvePath(dirFd(), 'missing/x', true))).toBe(
      Errno.noent,
    );
  });
});

describe('resolveEntry', () => {
  it('refuses . and .. and the root itself as the entry', () => {
    expect(errno(() => resolveEntry(dirFd(), '.', Errno.exist))).toBe(
      Errno.exist,
    );
    expect(errno(() => resolveEntry(dirFd(), 'd/..', Errno.inval))).toBe(
      Errno.inval,
    );
    expect(resolveEntry(dirFd(), 'd/new', Errno.inval).path).toEqual([
      'box',
      'd',
      'new',
    ]);
  });
});

describe('checkSymlinkTarget', () => {
  it('accepts targets that stay inside and refuses those that lead out', () => {
    expect(
      errno(() => checkSymlinkTarget(['box'], ['box', 'd'], '../f.txt')),
    ).toBe(0);
    expect(
      errno(() => checkSymlinkTarget(['box'], ['box', 'd'], 'e/../../f.txt')),
    ).toBe(0);
    expect(
      errno(() => checkSymlinkTarget(['box'], ['box', 'd'], '../../secret')),
    ).toBe(Errno.notcapable);
    expect(
      errno(() => checkSymlinkTarget(['box'], ['box'], '/etc/passwd')),
    ).toBe(Errno.notcapable);
    expect(errno(() => checkSymlinkTarget(['box'], ['box'], ''))).toBe(
      Errno.noent,
    );
  });
});
