// The preopens are the sandbox: every way out is denied on both backends, and
// nothing outside is read or written.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Errno, OFlags, RIGHTS_DIRECTORY } from '@tswasm/wasi';
import { COMBINATIONS, makeSandbox, OUTSIDE, SECRET } from './backends.js';
import type { Sandbox } from './backends.js';
import { DIR, Session, WRITE } from './session.js';

const NOTCAPABLE = Errno.notcapable;
const chain = (n: number) =>
  Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      `c${i}`,
      { symlink: i + 1 < n ? `c${i + 1}` : 'hello.txt' },
    ]),
  );

const TREE = {
  'hello.txt': 'hello',
  dir: { sub: {} },
  'escape-rel': { symlink: '../outside/secret.txt' },
  'escape-dir': { symlink: '../outside' },
  'escape-deep': { symlink: 'dir/sub/../../../outside/secret.txt' },
  'escape-abs': { symlink: `${OUTSIDE}/secret.txt` },
  'escape-abs-dir': { symlink: OUTSIDE },
  'escape-etc': { symlink: '/etc/passwd' },
  'escape-new': { symlink: '../outside/created.txt' },
  'escape-up': { symlink: '..' },
  self: { symlink: 'self' },
  long: chain(45),
  short: chain(30),
};

describe.each(COMBINATIONS)(
  'the sandbox on the %s backend on %s',
  (kind, _engineName, engine) => {
    let box: Sandbox;
    let s: Session;
    beforeEach(async () => {
      box = await makeSandbox(kind, {
        engine,
        tree: structuredClone(TREE),
        extraPreopens: { '/other': 'outside/dir' },
      });
      s = new Session(box.guest);
    });
    afterEach(() => {
      // Nothing outside was changed, whatever the test did.
      expect(box.hostList('outside')).toEqual(['dir', 'secret.txt']);
      expect(box.hostRead('outside/secret.txt')).toBe(SECRET);
      box.cleanup();
    });

    it('denies .. above the preopen, for every function', () => {
      for (const p of [
        '..',
        '../outside/secret.txt',
        'dir/../../outside/secret.txt',
        'dir/sub/../../..',
        './..',
        '../sandbox/hello.txt',
      ]) {
        expect([p, s.open(p).errno]).toEqual([p, NOTCAPABLE]);
        expect([p, s.stat(p).errno]).toEqual([p, NOTCAPABLE]);
      }
      expect(
        s.open('../evil.txt', { oflags: OFlags.creat, rights: WRITE }).errno,
      ).toBe(NOTCAPABLE);
      expect(
        s.open('../outside/secret.txt', { oflags: OFlags.trunc, rights: WRITE })
          .errno,
      ).toBe(NOTCAPABLE);
      expect(s.mkdir('../evil')).toBe(NOTCAPABLE);
      expect(s.rmdir('../outside/dir')).toBe(NOTCAPABLE);
      expect(s.unlink('../outside/secret.txt')).toBe(NOTCAPABLE);
      expect(s.rename('hello.txt', '../outside/moved')).toBe(NOTCAPABLE);
      expect(s.rename('../outside/secret.txt', 'stolen')).toBe(NOTCAPABLE);
      expect(s.link('../outside/secret.txt', 'stolen')).toBe(NOTCAPABLE);
      expect(s.link('hello.txt', '../outside/linked')).toBe(NOTCAPABLE);
      expect(s.symlink('hello.txt', '../outside/ln')).toBe(NOTCAPABLE);
      expect(s.readlink('../outside/secret.txt').errno).toBe(NOTCAPABLE);
      const [p, n] = box.guest.put('../outside/secret.txt');
      expect(
        box.guest.call('path_filestat_set_times', DIR, 1, p, n, 0n, 0n, 0),
      ).toBe(NOTCAPABLE);
      expect(box.hostExists('evil.txt') || box.hostExists('evil')).toBe(false);
    });

    it('denies absolute paths', () => {
      for (const p of [
        '/',
        '/outside/secret.txt',
        '/etc/passwd',
        '/sandbox/hello.txt',
        '//hello.txt',
      ]) {
        expect([p, s.open(p).errno]).toEqual([p, NOTCAPABLE]);
        expect([p, s.stat(p).errno]).toEqual([p, NOTCAPABLE]);
      }
      expect(s.mkdir('/tmp/evil')).toBe(NOTCAPABLE);
      expect(s.unlink('/outside/secret.txt')).toBe(NOTCAPABLE);
    });

    it('never follows a planted symbolic link out of the preopen', () => {
      for (const p of [
        'escape-rel',
        'escape-dir/secret.txt',
        'escape-deep',
        'escape-abs',
        'escape-abs-dir/secret.txt',
        'escape-etc',
        'escape-up/outside/secret.txt',
      ]) {
        expect([p, s.open(p).errno]).toEqual([p, NOTCAPABLE]);
        expect([p, s.stat(p).errno]).toEqual([p, NOTCAPABLE]);
      }
      expect(s.open('escape-dir', { oflags: OFlags.directory }).errno).toBe(
        NOTCAPABLE,
      );
      expect(
        s.open('escape-rel', { oflags: OFlags.trunc, rights: WRITE }).errno,
      ).toBe(NOTCAPABLE);
      expect(
        s.open('escape-new', { oflags: OFlags.creat, rights: WRITE }).errno,
      ).toBe(NOTCAPABLE);
      expect(
        s.open('escape-dir/new.txt', { oflags: OFlags.creat, rights: WRITE })
          .errno,
      ).toBe(NOTCAPABLE);
      expect(s.mkdir('escape-dir/newdir')).toBe(NOTCAPABLE);
      expect(s.unlink('escape-dir/secret.txt')).toBe(NOTCAPABLE);
      expect(s.rename('hello.txt', 'escape-dir/moved')).toBe(NOTCAPABLE);
      expect(s.link('escape-rel', 'hard', true)).toBe(NOTCAPABLE);
      expect(s.symlink('x', 'escape-dir/ln')).toBe(NOTCAPABLE);
      // The links themselves can be inspected and removed, their targets stay.
      expect(s.stat('escape-rel', false).errno).toBe(0);
      expect(s.readlink('escape-rel').text).toBe('../outside/secret.txt');
      expect(s.unlink('escape-rel')).toBe(0);
      expect(s.unlink('escape-abs')).toBe(0);
    });

    it('refuses to create symbolic links that point out', () => {
      for (const target of [
        '../outside/secret.txt',
        '../../..',
        '..',
        '/etc/passwd',
        '/outside',
        '/',
        'dir/../../outside',
        'dir/sub/../../..',
      ]) {
        expect([target, s.symlink(target, 'made')]).toEqual([
          target,
          NOTCAPABLE,
        ]);
        expect(box.hostExists('sandbox/made')).toBe(false);
      }
      expect(s.symlink('../../..', 'dir/sub/made')).toBe(NOTCAPABLE);
      expect(s.symlink('../..', 'dir/sub/root')).toBe(0);
      expect(s.symlink('..', 'dir/up')).toBe(0);
      expect(s.open('dir/up/hello.txt').errno).toBe(0);
      expect(s.open('dir/up/../outside/secret.txt').errno).toBe(NOTCAPABLE);
      // A link that only stays inside when read through another link is still walked safely.
      expect(s.symlink('escape-up/outside', 'via')).toBe(0);
      expect(s.open('via/secret.txt').errno).toBe(NOTCAPABLE);
    });

    it('stops symbolic link loops and long chains with ELOOP', () => {
      expect(s.open('self').errno).toBe(Errno.loop);
      expect(s.open('self/x').errno).toBe(Errno.loop);
      expect(s.stat('self').errno).toBe(Errno.loop);
      expect(s.open('long/c0').errno).toBe(Errno.loop);
      expect(s.readFile('short/c0').text).toBe('');
      expect(s.open('short/c0').errno).toBe(Errno.noent);
      expect(s.symlink('../hello.txt', 'short/hello.txt')).toBe(0);
      expect(s.readFile('short/c0').text).toBe('hello');
      expect(s.symlink('a', 'b')).toBe(0);
      expect(s.symlink('b', 'a')).toBe(0);
      expect(s.open('a', { oflags: OFlags.creat, rights: WRITE }).errno).toBe(
        Errno.loop,
      );
    });

    it('keeps rename and link inside one preopen (EXDEV across)', () => {
      const other = 4;
      expect(s.stat('.', true, other).errno).toBe(0);
      expect(s.rename('hello.txt', 'moved', DIR, other)).toBe(Errno.xdev);
      expect(s.link('hello.txt', 'linked', false, DIR, other)).toBe(Errno.xdev);
      expect(s.rename('..', 'x', other, DIR)).toBe(NOTCAPABLE);
      expect(s.open('../secret.txt', { dir: other }).errno).toBe(NOTCAPABLE);
      expect(box.hostList('outside/dir')).toEqual([]);
      expect(box.hostRead('sandbox/hello.txt')).toBe('hello');
    });

    it('keeps an opened subdirectory inside the preopen too', () => {
      const { fd } = s.open('dir/sub', {
        oflags: OFlags.directory,
        rights: RIGHTS_DIRECTORY,
      });
      expect(s.open('../../hello.txt', { dir: fd }).errno).toBe(0);
      expect(s.open('../../../outside/secret.txt', { dir: fd }).errno).toBe(
        NOTCAPABLE,
      );
      expect(s.open('/hello.txt', { dir: fd }).errno).toBe(NOTCAPABLE);
    });

    it('reads nothing outside through readdir of the preopen', () => {
      const names = s.listAll(DIR, 64);
      expect(names).not.toContain('secret.txt');
      expect(names).toContain('hello.txt');
    });
  },
);
