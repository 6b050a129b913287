// Every wasi_snapshot_preview1 function, called from a WebAssembly guest on
// V8, with its success and error results, on both filesystem backends.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  Advice,
  ClockId,
  Errno,
  EventType,
  FdFlags,
  FileType,
  FstFlags,
  OFlags,
  Rights,
  Whence,
} from '@tswasm/wasi';
import { COMBINATIONS, makeSandbox } from './backends.js';
import type { Sandbox } from './backends.js';
import { DIR, READ, Session, WRITE } from './session.js';

const TREE = {
  'hello.txt': 'hello world',
  'empty.txt': '',
  dir: { 'a.txt': 'a', 'b.txt': 'bb', sub: {} },
  'link-to-hello': { symlink: 'hello.txt' },
  'link-to-dir': { symlink: 'dir' },
  dangling: { symlink: 'nowhere' },
  loop1: { symlink: 'loop2' },
  loop2: { symlink: 'loop1' },
};

describe.each(COMBINATIONS)(
  'preview1 functions on the %s backend on %s',
  (kind, _engineName, engine) => {
    let box: Sandbox;
    let s: Session;
    beforeEach(async () => {
      box = await makeSandbox(kind, {
        engine,
        tree: structuredClone(TREE),
      });
      s = new Session(box.guest);
    });
    afterEach(() => box.cleanup());

    describe('args and environ', () => {
      it('args_sizes_get and args_get report the command line', () => {
        const g = box.guest;
        const sizes = g.alloc(8);
        expect(g.call('args_sizes_get', sizes, sizes + 4)).toBe(Errno.success);
        expect(g.u32(sizes)).toBe(1);
        expect(g.u32(sizes + 4)).toBe(6);
        const argv = g.alloc(4);
        const buf = g.alloc(6);
        expect(g.call('args_get', argv, buf)).toBe(Errno.success);
        expect(g.u32(argv)).toBe(buf);
        expect(g.text(buf, 6)).toBe('guest\0');
      });
      it('environ_sizes_get reports none; a pointer outside memory is a fault', () => {
        const g = box.guest;
        const sizes = g.alloc(8);
        expect(g.call('environ_sizes_get', sizes, sizes + 4)).toBe(
          Errno.success,
        );
        expect(g.u32(sizes)).toBe(0);
        expect(g.call('environ_get', sizes, sizes)).toBe(Errno.success);
        expect(g.call('args_sizes_get', 0x7fff_fff0, 0)).toBe(Errno.fault);
      });
    });

    describe('clocks, random, sched_yield', () => {
      it('clock_res_get and clock_time_get serve the four clocks and reject others', () => {
        const g = box.guest;
        const out = g.alloc(8);
        for (const id of [
          ClockId.realtime,
          ClockId.monotonic,
          ClockId.processCputimeId,
          ClockId.threadCputimeId,
        ]) {
          expect(g.call('clock_res_get', id, out)).toBe(Errno.success);
          expect(g.u64(out)).toBeGreaterThan(0n);
          expect(g.call('clock_time_get', id, 1n, out)).toBe(Errno.success);
        }
        expect(g.call('clock_time_get', ClockId.realtime, 0n, out)).toBe(
          Errno.success,
        );
        const now = BigInt(Date.now()) * 1_000_000n;
        expect(g.u64(out) - now).toBeLessThan(5_000_000_000n);
        expect(g.call('clock_time_get', ClockId.monotonic, 0n, out)).toBe(
          Errno.success,
        );
        const a = g.u64(out);
        g.call('clock_time_get', ClockId.monotonic, 0n, out);
        expect(g.u64(out)).toBeGreaterThanOrEqual(a);
        expect(g.call('clock_res_get', 4, out)).toBe(Errno.inval);
        expect(g.call('clock_time_get', 99, 0n, out)).toBe(Errno.inval);
      });
      it('random_get fills the buffer, zero length included', () => {
        const g = box.guest;
        const buf = g.alloc(100_000);
        expect(g.call('random_get', buf, 100_000)).toBe(Errno.success);
        expect(g.bytes(buf, 100_000).some((b) => b !== 0)).toBe(true);
        expect(g.call('random_get', buf, 0)).toBe(Errno.success);
        expect(g.call('random_get', 0x3_ffff, 16)).toBe(Errno.fault);
      });
      it('sched_yield succeeds', () => {
        expect(box.guest.call('sched_yield')).toBe(Errno.success);
      });
    });

    describe('fd_* on files', () => {
      it('fd_read, fd_write, fd_seek, fd_tell move one cursor', () => {
        const { fd } = s.open('new.txt', {
          oflags: OFlags.creat,
          rights: WRITE,
        });
        expect(s.write(fd, 'abc', 'def')).toEqual({ errno: 0, n: 6 });
        expect(s.tell(fd)).toEqual({ errno: 0, pos: 6n });
        expect(s.seek(fd, 1n, Whence.set)).toEqual({ errno: 0, pos: 1n });
        expect(s.read(fd, 3)).toEqual({ errno: 0, text: 'bcd' });
        expect(s.seek(fd, -2n, Whence.end)).toEqual({ errno: 0, pos: 4n });
        expect(s.seek(fd, 1n, Whence.cur)).toEqual({ errno: 0, pos: 5n });
        expect(s.seek(fd, -10n, Whence.cur).errno).toBe(Errno.inval);
        expect(s.seek(fd, 0n, 7).errno).toBe(Errno.inval);
        expect(s.read(fd, 10)).toEqual({ errno: 0, text: 'f' });
        expect(s.read(fd, 10)).toEqual({ errno: 0, text: '' });
        expect(box.hostRead('sandbox/new.txt')).toBe('abcdef');
      });
      it('fd_pread and fd_pwrite leave the cursor alone', () => {
        const { fd } = s.open('hello.txt', { rights: WRITE });
        expect(s.pread(fd, 5, 6n)).toEqual({ errno: 0, text: 'world' });
        expect(s.pwrite(fd, 'W', 6n)).toEqual({ errno: 0, n: 1 });
        expect(s.pwrite(fd, '!', 11n)).toEqual({ errno: 0, n: 1 });
        expect(s.tell(fd).pos).toBe(0n);
        expect(s.pread(fd, 50, 100n)).toEqual({ errno: 0, text: '' });
        expect(s.pread(fd, 1, -1n).errno).toBe(Errno.inval);
        expect(box.hostRead('sandbox/hello.txt')).toBe('hello World!');
      });
      it('append mode writes at the end whatever the cursor', () => {
        const { fd } = s.open('hello.txt', {
          rights: WRITE,
          fdflags: FdFlags.append,
        });
        expect(s.write(fd, '!').errno).toBe(0);
        expect(s.fdstat(fd).flags).toBe(FdFlags.append);
        expect(box.guest.call('fd_fdstat_set_flags', fd, 0)).toBe(
          Errno.success,
        );
        s.seek(fd, 0n, Whence.set);
        s.write(fd, 'H');
        expect(box.hostRead('sandbox/hello.txt')).toBe('Hello world!');
        expect(box.guest.call('fd_fdstat_set_flags', fd, 0x100)).toBe(
          Errno.inval,
        );
      });
      it('a read-only fd cannot write, and has no write rights', () => {
        const { fd } = s.open('hello.txt', { rights: READ });
        expect(s.write(fd, 'x').errno).toBe(Errno.notcapable);
        expect(s.pwrite(fd, 'x', 0n).errno).toBe(Errno.notcapable);
        expect(box.guest.call('fd_filestat_set_size', fd, 0n)).toBe(
          Errno.notcapable,
        );
        expect(box.guest.call('fd_allocate', fd, 0n, 10n)).toBe(
          Errno.notcapable,
        );
        const st = s.fdstat(fd);
        expect(st.filetype).toBe(FileType.regularFile);
        expect(st.base & Rights.fdWrite).toBe(0n);
        const wo = s.open('hello.txt', { rights: Rights.fdWrite });
        expect(s.read(wo.fd).errno).toBe(Errno.notcapable);
      });
      it('fd_filestat_get, fd_filestat_set_size, fd_allocate', () => {
        const { fd } = s.open('hello.txt', { rights: WRITE });
        const st = s.fstat(fd);
        expect(st).toMatchObject({
          errno: 0,
          filetype: FileType.regularFile,
          size: 11n,
          nlink: 1n,
        });
        expect(box.guest.call('fd_filestat_set_size', fd, 5n)).toBe(
          Errno.success,
        );
        expect(box.hostRead('sandbox/hello.txt')).toBe('hello');
        expect(box.guest.call('fd_allocate', fd, 0n, 8n)).toBe(Errno.success);
        expect(s.fstat(fd).size).toBe(8n);
        expect(box.guest.call('fd_allocate', fd, 0n, 2n)).toBe(Errno.success);
        expect(s.fstat(fd).size).toBe(8n);
        expect(box.guest.call('fd_allocate', fd, 0n, 0n)).toBe(Errno.inval);
        expect(box.guest.call('fd_filestat_set_size', fd, -1n)).toBe(
          Errno.inval,
        );
      });
      it('fd_filestat_set_times sets times and rejects contradictory flags', () => {
        const { fd } = s.open('hello.txt', { rights: WRITE });
        const t = 1_600_000_000_000_000_000n;
        expect(
          box.guest.call(
            'fd_filestat_set_times',
            fd,
            t,
            t + 1_000_000_000n,
            FstFlags.atim | FstFlags.mtim,
          ),
        ).toBe(0);
        const st = s.fstat(fd);
        expect(st.atim).toBe(t);
        expect(st.mtim).toBe(t + 1_000_000_000n);
        expect(
          box.guest.call('fd_filestat_set_times', fd, 0n, 0n, FstFlags.mtimNow),
        ).toBe(0);
        expect(s.fstat(fd).mtim).toBeGreaterThan(t + 1_000_000_000n);
        expect(
          box.guest.call(
            'fd_filestat_set_times',
            fd,
            0n,
            0n,
            FstFlags.atim | FstFlags.atimNow,
          ),
        ).toBe(Errno.inval);
        expect(
          box.guest.call(
            'fd_filestat_set_times',
            fd,
            0n,
            0n,
            FstFlags.mtim | FstFlags.mtimNow,
          ),
        ).toBe(Errno.inval);
        expect(box.guest.call('fd_filestat_set_times', fd, 0n, 0n, 0x10)).toBe(
          Errno.inval,
        );
      });
      it('fd_advise, fd_sync, fd_datasync', () => {
        const { fd } = s.open('hello.txt', { rights: WRITE | Rights.fdAdvise });
        expect(box.guest.call('fd_advise', fd, 0n, 5n, Advice.sequential)).toBe(
          0,
        );
        expect(box.guest.call('fd_advise', fd, 0n, 5n, 6)).toBe(Errno.inval);
        expect(box.guest.call('fd_sync', fd)).toBe(0);
        expect(box.guest.call('fd_datasync', fd)).toBe(0);
        expect(box.guest.call('fd_advise', 1, 0n, 5n, Advice.normal)).toBe(
          Errno.spipe,
        );
      });
      it('fd_fdstat_set_rights only drops rights', () => {
        const { fd } = s.open('hello.txt', { rights: WRITE });
        const readOnly = READ & ~Rights.fdReaddir;
        expect(box.guest.call('fd_fdstat_set_rights', fd, readOnly, 0n)).toBe(
          0,
        );
        expect(s.write(fd, 'x').errno).toBe(Errno.notcapable);
        expect(box.guest.call('fd_fdstat_set_rights', fd, WRITE, 0n)).toBe(
          Errno.notcapable,
        );
        expect(s.fdstat(fd).base).toBe(readOnly);
      });
      it('fd_close, fd_renumber', () => {
        const a = s.open('hello.txt');
        const b = s.open('dir/a.txt');
        expect(box.guest.call('fd_renumber', a.fd, b.fd)).toBe(0);
        expect(s.read(b.fd, 5).text).toBe('hello');
        expect(s.read(a.fd).errno).toBe(Errno.badf);
        expect(box.guest.call('fd_renumber', b.fd, 99)).toBe(Errno.badf);
        expect(box.guest.call('fd_renumber', 99, b.fd)).toBe(Errno.badf);
        expect(box.guest.call('fd_close', b.fd)).toBe(0);
        expect(box.guest.call('fd_close', b.fd)).toBe(Errno.badf);
      });
      it('every fd_* function gives EBADF on a closed fd', () => {
        const g = box.guest;
        const p = g.alloc(256);
        const calls: [string, (number | bigint)[]][] = [
          ['fd_advise', [0n, 0n, 0]],
          ['fd_allocate', [0n, 1n]],
          ['fd_close', []],
          ['fd_datasync', []],
          ['fd_fdstat_get', [p]],
          ['fd_fdstat_set_flags', [0]],
          ['fd_fdstat_set_rights', [0n, 0n]],
          ['fd_filestat_get', [p]],
          ['fd_filestat_set_size', [0n]],
          ['fd_filestat_set_times', [0n, 0n, 0]],
          ['fd_pread', [p, 0, 0n, p]],
          ['fd_prestat_get', [p]],
          ['fd_prestat_dir_name', [p, 10]],
          ['fd_pwrite', [p, 0, 0n, p]],
          ['fd_read', [p, 0, p]],
          ['fd_readdir', [p, 10, 0n, p]],
          ['fd_seek', [0n, 0, p]],
          ['fd_sync', []],
          ['fd_tell', [p]],
          ['fd_write', [p, 0, p]],
          ['path_create_directory', [p, 1]],
          ['path_filestat_get', [0, p, 1, p]],
          ['path_open', [0, p, 1, 0, 0n, 0n, 0, p]],
          ['path_readlink', [p, 1, p, 10, p]],
          ['path_remove_directory', [p, 1]],
          ['path_unlink_file', [p, 1]],
          ['path_filestat_set_times', [0, p, 1, 0n, 0n, 0]],
          ['path_symlink', [p, 1, 77, p, 1]],
          ['sock_accept', [0, p]],
          ['sock_recv', [p, 0, 0, p, p]],
          ['sock_send', [p, 0, 0, p]],
          ['sock_shutdown', [1]],
        ];
        g.bytes(p, 1).set([0x61]);
        for (const [name, rest] of calls) {
          const args = name === 'path_symlink' ? rest : [77, ...rest];
          expect([name, g.call(name as 'fd_close', ...args)]).toEqual([
            name,
            Errno.badf,
          ]);
        }
      });
    });

    describe('fd_* on directories and streams', () => {
      it('data functions on a directory give EISDIR, seeking EBADF', () => {
        const { fd } = s.open('dir', {
          oflags: OFlags.directory,
          rights: READ,
        });
        expect(s.read(fd).errno).toBe(Errno.isdir);
        expect(s.write(fd, 'x').errno).toBe(Errno.isdir);
        expect(s.pread(fd, 1, 0n).errno).toBe(Errno.isdir);
        expect(s.seek(fd, 0n, Whence.set).errno).toBe(Errno.badf);
        expect(box.guest.call('fd_filestat_set_size', fd, 0n)).toBe(
          Errno.isdir,
        );
        expect(s.fstat(fd)).toMatchObject({
          errno: 0,
          filetype: FileType.directory,
        });
        expect(s.fdstat(DIR).filetype).toBe(FileType.directory);
      });
      it('positional functions on stdio give ESPIPE, directory ones ENOTDIR', () => {
        expect(s.seek(1, 0n, Whence.set).errno).toBe(Errno.spipe);
        expect(s.tell(1).errno).toBe(Errno.spipe);
        expect(s.pwrite(1, 'x', 0n).errno).toBe(Errno.spipe);
        expect(s.pread(0, 1, 0n).errno).toBe(Errno.spipe);
        expect(s.readdir(1).errno).toBe(Errno.notdir);
        expect(s.open('x', { dir: 1 }).errno).toBe(Errno.notdir);
        expect(s.fdstat(1).filetype).toBe(FileType.characterDevice);
        expect(s.write(1, 'out').errno).toBe(0);
        expect(box.stdout.text()).toBe('out');
        expect(s.write(0, 'x').errno).toBe(Errno.badf);
        expect(s.read(1).errno).toBe(Errno.badf);
        expect(s.read(0)).toEqual({ errno: 0, text: '' });
      });
      it('fd_readdir lists . and .. and entries with stable cookies', () => {
        const { fd } = s.open('dir', {
          oflags: OFlags.directory,
          rights: READ,
        });
        const all = s.readdir(fd);
        expect(all.entries.map((e) => e.name)).toEqual([
          '.',
          '..',
          'a.txt',
          'b.txt',
          'sub',
        ]);
        expect(all.entries.map((e) => e.next)).toEqual([1n, 2n, 3n, 4n, 5n]);
        expect(all.entries[4]?.type).toBe(FileType.directory);
        expect(all.entries[2]?.type).toBe(FileType.regularFile);
        expect(all.entries[2]?.ino).toBe(s.stat('dir/a.txt').ino);
        expect(s.readdir(fd, 4096, 3n).entries.map((e) => e.name)).toEqual([
          'b.txt',
          'sub',
        ]);
        expect(s.readdir(fd, 4096, 5n)).toMatchObject({ used: 0, entries: [] });
        expect(s.listAll(fd, 30)).toEqual(['.', '..', 'a.txt', 'b.txt', 'sub']);
        // A buffer too small is filled completely, so the caller grows it.
        expect(s.readdir(fd, 10).used).toBe(10);
        const file = s.open('hello.txt');
        expect(s.readdir(file.fd).errno).toBe(Errno.notdir);
      });
      it('fd_prestat_get and fd_prestat_dir_name describe preopens only', () => {
        const g = box.guest;
        const buf = g.alloc(64);
        expect(g.call('fd_prestat_get', DIR, buf)).toBe(0);
        expect(g.u8(buf)).toBe(0);
        expect(g.u32(buf + 4)).toBe('/sandbox'.length);
        expect(g.call('fd_prestat_dir_name', DIR, buf, 8)).toBe(0);
        expect(g.text(buf, 8)).toBe('/sandbox');
        expect(g.call('fd_prestat_dir_name', DIR, buf, 3)).toBe(
          Errno.nametoolong,
        );
        expect(g.call('fd_prestat_get', 1, buf)).toBe(Errno.badf);
        expect(g.call('fd_prestat_get', 4, buf)).toBe(Errno.badf);
        const { fd } = s.open('dir', { oflags: OFlags.directory });
        expect(g.call('fd_prestat_get', fd, buf)).toBe(Errno.badf);
      });
    });

    describe('path_open', () => {
      it('opens, creates, truncates and refuses per oflags', () => {
        expect(s.open('missing.txt').errno).toBe(Errno.noent);
        expect(
          s.open('hello.txt', {
            oflags: OFlags.creat | OFlags.excl,
            rights: WRITE,
          }).errno,
        ).toBe(Errno.exist);
        expect(s.open('hello.txt', { oflags: OFlags.directory }).errno).toBe(
          Errno.notdir,
        );
        expect(s.open('hello.txt/').errno).toBe(Errno.notdir);
        expect(s.open('hello.txt/x').errno).toBe(Errno.notdir);
        expect(s.open('dir', { rights: WRITE }).errno).toBe(Errno.isdir);
        expect(
          s.open('dir', { oflags: OFlags.trunc, rights: WRITE }).errno,
        ).toBe(Errno.isdir);
        expect(
          s.open('dir', { oflags: OFlags.creat | OFlags.directory }).errno,
        ).toBe(Errno.inval);
        expect(s.open('dir', { oflags: OFlags.creat }).errno).toBe(Errno.isdir);
        expect(
          s.open('new/', { oflags: OFlags.creat, rights: WRITE }).errno,
        ).toBe(Errno.isdir);
        expect(s.open('x', { oflags: 0x10 }).errno).toBe(Errno.inval);
        expect(s.open('', {}).errno).toBe(Errno.noent);
        const t = s.open('hello.txt', { oflags: OFlags.trunc, rights: WRITE });
        expect(t.errno).toBe(0);
        expect(box.hostRead('sandbox/hello.txt')).toBe('');
        const c = s.open('made.txt', {
          oflags: OFlags.creat | OFlags.excl,
          rights: WRITE,
        });
        expect(c.errno).toBe(0);
        expect(box.hostRead('sandbox/made.txt')).toBe('');
        expect(s.open('.', { oflags: OFlags.directory }).errno).toBe(0);
        expect(s.open('dir/sub/../a.txt').errno).toBe(0);
        expect(s.open('./dir//a.txt').errno).toBe(0);
      });
      it('follows symbolic links only when asked (O_NOFOLLOW gives ELOOP)', () => {
        expect(s.readFile('link-to-hello').text).toBe('hello world');
        expect(s.open('link-to-hello', { follow: false }).errno).toBe(
          Errno.loop,
        );
        expect(
          s.open('link-to-dir', { follow: false, oflags: OFlags.directory })
            .errno,
        ).toBe(Errno.notdir);
        expect(s.open('link-to-dir/a.txt', { follow: false }).errno).toBe(0);
        expect(s.open('link-to-dir', { oflags: OFlags.directory }).errno).toBe(
          0,
        );
        expect(s.open('loop1').errno).toBe(Errno.loop);
        expect(s.open('loop1/x').errno).toBe(Errno.loop);
        expect(s.open('dangling').errno).toBe(Errno.noent);
        expect(
          s.open('dangling', {
            oflags: OFlags.creat | OFlags.excl,
            rights: WRITE,
          }).errno,
        ).toBe(Errno.exist);
        // O_CREAT through a dangling link creates its target.
        expect(
          s.open('dangling', { oflags: OFlags.creat, rights: WRITE }).errno,
        ).toBe(0);
        expect(box.hostExists('sandbox/nowhere')).toBe(true);
      });
      it('needs the directory rights it uses (ENOTCAPABLE)', () => {
        const { fd } = s.open('dir', {
          oflags: OFlags.directory,
          rights: Rights.fdReaddir,
          inheriting: READ,
        });
        expect(s.open('a.txt', { dir: fd }).errno).toBe(Errno.notcapable);
        const d = s.open('dir', {
          oflags: OFlags.directory,
          rights: Rights.pathOpen,
          inheriting: READ,
        });
        expect(s.open('a.txt', { dir: d.fd, rights: WRITE }).errno).toBe(0);
        const f = s.open('a.txt', { dir: d.fd, rights: WRITE });
        // Rights beyond the inheriting ones are dropped, so the file cannot be written.
        expect(s.write(f.fd, 'x').errno).toBe(Errno.notcapable);
        expect(
          s.open('new.txt', { dir: d.fd, oflags: OFlags.creat }).errno,
        ).toBe(Errno.notcapable);
        expect(s.open('a.txt', { dir: d.fd, oflags: OFlags.trunc }).errno).toBe(
          Errno.notcapable,
        );
      });
    });

    describe('path_* functions', () => {
      it('path_create_directory and path_remove_directory', () => {
        expect(s.mkdir('newdir')).toBe(0);
        expect(s.mkdir('newdir')).toBe(Errno.exist);
        expect(s.mkdir('hello.txt')).toBe(Errno.exist);
        expect(s.mkdir('missing/x')).toBe(Errno.noent);
        expect(s.mkdir('hello.txt/x')).toBe(Errno.notdir);
        expect(s.mkdir('.')).toBe(Errno.exist);
        expect(s.mkdir('deep/')).toBe(0);
        expect(box.hostList('sandbox')).toContain('newdir');
        expect(s.rmdir('dir')).toBe(Errno.notempty);
        expect(s.rmdir('hello.txt')).toBe(Errno.notdir);
        expect(s.rmdir('missing')).toBe(Errno.noent);
        expect(s.rmdir('.')).toBe(Errno.inval);
        expect(s.rmdir('link-to-dir')).toBe(Errno.notdir);
        expect(s.rmdir('link-to-dir/')).toBe(Errno.notdir);
        expect(s.unlink('link-to-hello/')).toBe(Errno.notdir);
        expect(box.hostExists('sandbox/dir')).toBe(true);
        expect(s.rmdir('newdir')).toBe(0);
        expect(box.hostExists('sandbox/newdir')).toBe(false);
      });
      it('path_unlink_file', () => {
        expect(s.unlink('dir')).toBe(Errno.isdir);
        expect(s.unlink('missing')).toBe(Errno.noent);
        expect(s.unlink('hello.txt/')).toBe(Errno.notdir);
        expect(s.unlink('link-to-dir')).toBe(0);
        expect(box.hostExists('sandbox/dir/a.txt')).toBe(true);
        expect(s.unlink('hello.txt')).toBe(0);
        expect(box.hostExists('sandbox/hello.txt')).toBe(false);
      });
      it('an unlinked file stays readable through an open fd', () => {
        const { fd } = s.open('hello.txt');
        expect(s.unlink('hello.txt')).toBe(0);
        expect(s.read(fd).text).toBe('hello world');
      });
      it('path_filestat_get follows links only when asked', () => {
        expect(s.stat('link-to-hello')).toMatchObject({
          errno: 0,
          filetype: FileType.regularFile,
          size: 11n,
        });
        expect(s.stat('link-to-hello', false)).toMatchObject({
          errno: 0,
          filetype: FileType.symbolicLink,
          size: 9n,
        });
        expect(s.stat('dir')).toMatchObject({
          errno: 0,
          filetype: FileType.directory,
        });
        expect(s.stat('missing').errno).toBe(Errno.noent);
        expect(s.stat('dangling').errno).toBe(Errno.noent);
        expect(s.stat('loop1').errno).toBe(Errno.loop);
        expect(s.stat('hello.txt/x').errno).toBe(Errno.notdir);
        expect(s.stat('dir/a.txt').ino).not.toBe(s.stat('dir/b.txt').ino);
      });
      it('path_filestat_set_times', () => {
        const [p, n] = box.guest.put('hello.txt');
        const t = 1_500_000_000_000_000_000n;
        expect(
          box.guest.call(
            'path_filestat_set_times',
            DIR,
            1,
            p,
            n,
            t,
            t,
            FstFlags.atim | FstFlags.mtim,
          ),
        ).toBe(0);
        expect(s.stat('hello.txt')).toMatchObject({ atim: t, mtim: t });
        const [q, m] = box.guest.put('missing');
        expect(
          box.guest.call(
            'path_filestat_set_times',
            DIR,
            1,
            q,
            m,
            t,
            t,
            FstFlags.atim,
          ),
        ).toBe(Errno.noent);
        expect(
          box.guest.call(
            'path_filestat_set_times',
            DIR,
            1,
            p,
            n,
            t,
            t,
            FstFlags.atim | FstFlags.atimNow,
          ),
        ).toBe(Errno.inval);
      });
      it('path_link', () => {
        expect(s.link('hello.txt', 'hard.txt')).toBe(0);
        expect(s.stat('hard.txt')).toMatchObject({
          nlink: 2n,
          ino: s.stat('hello.txt').ino,
        });
        expect(s.link('hello.txt', 'hard.txt')).toBe(Errno.exist);
        expect(s.link('missing', 'x')).toBe(Errno.noent);
        expect(s.link('dir', 'dir2')).toBe(Errno.perm);
        expect(s.link('hello.txt', 'missing/x')).toBe(Errno.noent);
        expect(s.link('link-to-hello', 'hard-link-follow', true)).toBe(0);
        expect(s.stat('hard-link-follow', false).filetype).toBe(
          FileType.regularFile,
        );
      });
      it('path_rename', () => {
        expect(s.rename('hello.txt', 'renamed.txt')).toBe(0);
        expect(box.hostRead('sandbox/renamed.txt')).toBe('hello world');
        expect(s.rename('missing', 'x')).toBe(Errno.noent);
        expect(s.rename('renamed.txt', 'dir')).toBe(Errno.isdir);
        expect(s.rename('dir', 'renamed.txt')).toBe(Errno.notdir);
        expect(s.mkdir('empty')).toBe(0);
        expect(s.rename('empty', 'dir')).toBe(Errno.notempty);
        expect(s.rename('dir', 'dir/sub/inside')).toBe(Errno.inval);
        expect(s.rename('dir', 'empty')).toBe(0);
        expect(box.hostRead('sandbox/empty/a.txt')).toBe('a');
        expect(s.rename('renamed.txt', 'empty/b.txt')).toBe(0);
        expect(box.hostRead('sandbox/empty/b.txt')).toBe('hello world');
        expect(s.rename('.', 'x')).toBe(Errno.inval);
      });
      it('path_symlink and path_readlink', () => {
        expect(s.symlink('hello.txt', 'ln')).toBe(0);
        expect(s.readlink('ln')).toEqual({ errno: 0, text: 'hello.txt' });
        expect(s.readlink('ln', 4)).toEqual({ errno: 0, text: 'hell' });
        expect(s.readFile('ln').text).toBe('hello world');
        expect(s.symlink('x', 'ln')).toBe(Errno.exist);
        expect(s.symlink('x', 'missing/ln')).toBe(Errno.noent);
        expect(s.readlink('hello.txt').errno).toBe(Errno.inval);
        expect(s.readlink('missing').errno).toBe(Errno.noent);
        expect(s.symlink('dir/sub/../a.txt', 'ok')).toBe(0);
        expect(s.readFile('ok').text).toBe('a');
      });
    });

    describe('poll_oneoff', () => {
      function subscribe(
        subs: {
          type: number;
          fd?: number;
          timeout?: bigint;
          abs?: boolean;
          clock?: number;
        }[],
      ) {
        const g = box.guest;
        const inp = g.alloc(48 * subs.length);
        subs.forEach((sub, i) => {
          const at = inp + i * 48;
          g.setU64(at, BigInt(100 + i));
          g.bytes(at + 8, 1)[0] = sub.type;
          if (sub.type === EventType.clock) {
            g.setU32(at + 16, sub.clock ?? ClockId.monotonic);
            g.setU64(at + 24, sub.timeout ?? 0n);
            g.bytes(at + 40, 1)[0] = sub.abs === true ? 1 : 0;
          } else {
            g.setU32(at + 16, sub.fd ?? 0);
          }
        });
        const out = g.alloc(32 * subs.length);
        const n = g.alloc(4);
        const errno = g.call('poll_oneoff', inp, out, subs.length, n);
        const events = [];
        for (let i = 0; i < g.u32(n); i++) {
          const at = out + i * 32;
          events.push({
            userdata: g.u64(at),
            error: g.u16(at + 8),
            type: g.u8(at + 10),
            nbytes: g.u64(at + 16),
          });
        }
        return { errno, events };
      }
      it('sleeps for a relative clock subscription', () => {
        const start = performance.now();
        const r = subscribe([{ type: EventType.clock, timeout: 20_000_000n }]);
        expect(performance.now() - start).toBeGreaterThanOrEqual(19);
        expect(r).toEqual({
          errno: 0,
          events: [
            { userdata: 100n, error: 0, type: EventType.clock, nbytes: 0n },
          ],
        });
      });
      it('waits until an absolute realtime deadline', () => {
        const start = performance.now();
        const deadline = BigInt(Date.now() + 20) * 1_000_000n;
        const r = subscribe([
          {
            type: EventType.clock,
            clock: ClockId.realtime,
            timeout: deadline,
            abs: true,
          },
        ]);
        expect(performance.now() - start).toBeGreaterThanOrEqual(15);
        expect(r.events).toHaveLength(1);
      });
      it('reports ready fds at once, with bytes available to read', () => {
        const { fd } = s.open('hello.txt');
        s.read(fd, 4);
        const start = performance.now();
        const r = subscribe([
          { type: EventType.clock, timeout: 5_000_000_000n },
          { type: EventType.fdRead, fd },
          { type: EventType.fdWrite, fd: 1 },
          { type: EventType.fdRead, fd: 77 },
        ]);
        expect(performance.now() - start).toBeLessThan(1000);
        expect(r.errno).toBe(0);
        expect(r.events).toEqual([
          { userdata: 101n, error: 0, type: EventType.fdRead, nbytes: 7n },
          { userdata: 102n, error: 0, type: EventType.fdWrite, nbytes: 0n },
          {
            userdata: 103n,
            error: Errno.badf,
            type: EventType.fdRead,
            nbytes: 0n,
          },
        ]);
      });
      it('rejects no subscriptions and unknown clocks', () => {
        const g = box.guest;
        const p = g.alloc(64);
        expect(g.call('poll_oneoff', p, p, 0, p)).toBe(Errno.inval);
        const r = subscribe([{ type: EventType.clock, clock: 9 }]);
        expect(r.events[0]?.error).toBe(Errno.inval);
      });
    });

    describe('proc and sock', () => {
      it('proc_raise: 0 and ignored signals succeed; bad signals EINVAL', () => {
        expect(box.guest.call('proc_raise', 0)).toBe(0);
        expect(box.guest.call('proc_raise', 27)).toBe(0);
        expect(box.guest.call('proc_raise', 31)).toBe(Errno.inval);
        expect(() => box.guest.call('proc_raise', 15)).toThrow(
          expect.objectContaining({ name: 'WasiExit', code: 143 }),
        );
      });
      it('proc_exit throws WasiExit with the code', () => {
        expect(() => box.guest.call('proc_exit', 7)).toThrow(
          expect.objectContaining({ name: 'WasiExit', code: 7 }),
        );
      });
      it('sock_* give ENOTSOCK on files and stdio, EBADF on closed fds', () => {
        const g = box.guest;
        const p = g.alloc(64);
        for (const fd of [0, 1, DIR, s.open('hello.txt').fd]) {
          expect(g.call('sock_accept', fd, 0, p)).toBe(Errno.notsock);
          expect(g.call('sock_recv', fd, p, 0, 0, p, p)).toBe(Errno.notsock);
          expect(g.call('sock_send', fd, p, 0, 0, p)).toBe(Errno.notsock);
          expect(g.call('sock_shutdown', fd, 1)).toBe(Errno.notsock);
        }
        expect(g.call('sock_shutdown', 1, 9)).toBe(Errno.inval);
        expect(g.call('sock_accept', 50, 0, p)).toBe(Errno.badf);
      });
    });
  },
);
