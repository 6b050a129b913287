// Quotas per function, on both backends: the guest gets an errno, the host
// keeps its files.
import { afterEach, describe, expect, it } from 'vitest';
import { Errno, OFlags } from '@tswasm/wasi';
import { COMBINATIONS, makeSandbox } from './backends.js';
import type { Sandbox } from './backends.js';
import { Session, WRITE } from './session.js';

describe.each(COMBINATIONS)(
  'quotas on the %s backend on %s',
  (kind, _engineName, engine) => {
    let box: Sandbox;
    afterEach(() => box.cleanup());

    it('maxBytesWritten: a partial write, then EDQUOT', async () => {
      box = await makeSandbox(kind, {
        engine,
        limits: { maxBytesWritten: 100 },
      });
      const s = new Session(box.guest);
      const { fd } = s.open('f', { oflags: OFlags.creat, rights: WRITE });
      expect(s.write(fd, 'x'.repeat(60))).toEqual({ errno: 0, n: 60 });
      expect(s.write(fd, 'y'.repeat(60))).toEqual({ errno: 0, n: 40 });
      expect(s.write(fd, 'z').errno).toBe(Errno.dquot);
      expect(s.pwrite(fd, 'z', 0n).errno).toBe(Errno.dquot);
      expect(box.hostRead('sandbox/f')?.length).toBe(100);
    });

    it('maxFileSize: writes stop at the limit with EFBIG; truncate and allocate past it fail', async () => {
      box = await makeSandbox(kind, {
        engine,
        limits: { maxFileSize: 50 },
      });
      const s = new Session(box.guest);
      const { fd } = s.open('f', { oflags: OFlags.creat, rights: WRITE });
      expect(s.pwrite(fd, '0123456789', 45n)).toEqual({ errno: 0, n: 5 });
      expect(s.pwrite(fd, 'x', 50n).errno).toBe(Errno.fbig);
      expect(s.pwrite(fd, 'x', 1_000_000n).errno).toBe(Errno.fbig);
      expect(box.guest.call('fd_filestat_set_size', fd, 51n)).toBe(Errno.fbig);
      expect(box.guest.call('fd_allocate', fd, 40n, 20n)).toBe(Errno.fbig);
      expect(box.guest.call('fd_filestat_set_size', fd, 50n)).toBe(0);
      expect(box.hostRead('sandbox/f')?.length).toBe(50);
    });

    it('maxOpenFds: EMFILE until an fd is closed', async () => {
      box = await makeSandbox(kind, {
        engine,
        limits: { maxOpenFds: 6 },
        tree: { a: 'a' },
      });
      const s = new Session(box.guest);
      const first = s.open('a');
      expect(first.errno).toBe(0);
      expect(s.open('a').errno).toBe(0);
      expect(s.open('a').errno).toBe(Errno.mfile);
      expect(s.open('new', { oflags: OFlags.creat, rights: WRITE }).errno).toBe(
        Errno.mfile,
      );
      expect(box.guest.call('fd_close', first.fd)).toBe(0);
      expect(s.open('a').errno).toBe(0);
    });
  },
);
