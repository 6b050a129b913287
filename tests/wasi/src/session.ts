// Friendly wrappers over the forwarding guest: each returns the errno and the
// results the function wrote to memory.
import { OFlags, Rights, RIGHTS_ALL } from '@tswasm/wasi';
import type { Guest } from './guest.js';

/** The preopened sandbox directory. */
export const DIR = 3;

export interface OpenOptions {
  oflags?: number;
  rights?: bigint;
  inheriting?: bigint;
  fdflags?: number;
  follow?: boolean;
  dir?: number;
}

export const READ =
  Rights.fdRead |
  Rights.fdSeek |
  Rights.fdTell |
  Rights.fdFilestatGet |
  Rights.fdReaddir |
  Rights.fdFdstatSetFlags |
  Rights.pollFdReadwrite;
export const WRITE =
  READ |
  Rights.fdWrite |
  Rights.fdAllocate |
  Rights.fdFilestatSetSize |
  Rights.fdFilestatSetTimes |
  Rights.fdSync |
  Rights.fdDatasync;

export class Session {
  readonly g: Guest;
  constructor(guest: Guest) {
    this.g = guest;
  }

  open(path: string, o: OpenOptions = {}): { errno: number; fd: number } {
    const [p, n] = this.g.put(path);
    const out = this.g.alloc(4);
    const errno = this.g.call(
      'path_open',
      o.dir ?? DIR,
      o.follow === false ? 0 : 1,
      p,
      n,
      o.oflags ?? 0,
      o.rights ?? READ,
      o.inheriting ?? RIGHTS_ALL,
      o.fdflags ?? 0,
      out,
    );
    return { errno, fd: errno === 0 ? this.g.u32(out) : -1 };
  }
  create(path: string, contents = ''): number {
    const { errno, fd } = this.open(path, {
      oflags: OFlags.creat | OFlags.trunc,
      rights: WRITE,
    });
    if (errno !== 0) return errno;
    if (contents !== '') this.write(fd, contents);
    return this.g.call('fd_close', fd);
  }
  write(fd: number, ...chunks: string[]): { errno: number; n: number } {
    const [iovs, count] = this.g.iovecs(chunks);
    const out = this.g.alloc(4);
    const errno = this.g.call('fd_write', fd, iovs, count, out);
    return { errno, n: this.g.u32(out) };
  }
  pwrite(
    fd: number,
    text: string,
    offset: bigint,
  ): { errno: number; n: number } {
    const [iovs, count] = this.g.iovecs([text]);
    const out = this.g.alloc(4);
    const errno = this.g.call('fd_pwrite', fd, iovs, count, offset, out);
    return { errno, n: this.g.u32(out) };
  }
  read(fd: number, max = 256): { errno: number; text: string } {
    const [iovs] = this.g.iovecs([max]);
    const out = this.g.alloc(4);
    const errno = this.g.call('fd_read', fd, iovs, 1, out);
    const ptr = this.g.u32(iovs);
    return {
      errno,
      text: errno === 0 ? this.g.text(ptr, this.g.u32(out)) : '',
    };
  }
  pread(
    fd: number,
    max: number,
    offset: bigint,
  ): { errno: number; text: string } {
    const [iovs] = this.g.iovecs([max]);
    const out = this.g.alloc(4);
    const errno = this.g.call('fd_pread', fd, iovs, 1, offset, out);
    const ptr = this.g.u32(iovs);
    return {
      errno,
      text: errno === 0 ? this.g.text(ptr, this.g.u32(out)) : '',
    };
  }
  readFile(path: string): { errno: number; text: string } {
    const { errno, fd } = this.open(path);
    if (errno !== 0) return { errno, text: '' };
    let text = '';
    for (;;) {
      const r = this.read(fd, 4096);
      if (r.errno !== 0) return r;
      if (r.text === '') break;
      text += r.text;
    }
    this.g.call('fd_close', fd);
    return { errno: 0, text };
  }
  seek(
    fd: number,
    offset: bigint,
    whence: number,
  ): { errno: number; pos: bigint } {
    const out = this.g.alloc(8);
    const errno = this.g.call('fd_seek', fd, offset, whence, out);
    return { errno, pos: this.g.u64(out) };
  }
  tell(fd: number): { errno: number; pos: bigint } {
    const out = this.g.alloc(8);
    const errno = this.g.call('fd_tell', fd, out);
    return { errno, pos: this.g.u64(out) };
  }
  stat(
    path: string,
    follow = true,
    dir = DIR,
  ): {
    errno: number;
    filetype: number;
    size: bigint;
    ino: bigint;
    nlink: bigint;
    atim: bigint;
    mtim: bigint;
  } {
    const [p, n] = this.g.put(path);
    const buf = this.g.alloc(64);
    const errno = this.g.call(
      'path_filestat_get',
      dir,
      follow ? 1 : 0,
      p,
      n,
      buf,
    );
    return this.#filestat(errno, buf);
  }
  fstat(fd: number): {
    errno: number;
    filetype: number;
    size: bigint;
    ino: bigint;
    nlink: bigint;
    atim: bigint;
    mtim: bigint;
  } {
    const buf = this.g.alloc(64);
    return this.#filestat(this.g.call('fd_filestat_get', fd, buf), buf);
  }
  #filestat(errno: number, buf: number) {
    return {
      errno,
      ino: this.g.u64(buf + 8),
      filetype: this.g.u8(buf + 16),
      nlink: this.g.u64(buf + 24),
      size: this.g.u64(buf + 32),
      atim: this.g.u64(buf + 40),
      mtim: this.g.u64(buf + 48),
    };
  }
  fdstat(fd: number): {
    errno: number;
    filetype: number;
    flags: number;
    base: bigint;
    inheriting: bigint;
  } {
    const buf = this.g.alloc(24);
    const errno = this.g.call('fd_fdstat_get', fd, buf);
    return {
      errno,
      filetype: this.g.u8(buf),
      flags: this.g.u16(buf + 2),
      base: this.g.u64(buf + 8),
      inheriting: this.g.u64(buf + 16),
    };
  }
  path1(
    name:
      'path_create_directory' | 'path_remove_directory' | 'path_unlink_file',
    path: string,
    dir = DIR,
  ): number {
    const [p, n] = this.g.put(path);
    return this.g.call(name, dir, p, n);
  }
  mkdir(path: string, dir = DIR): number {
    return this.path1('path_create_directory', path, dir);
  }
  rmdir(path: string, dir = DIR): number {
    return this.path1('path_remove_directory', path, dir);
  }
  unlink(path: string, dir = DIR): number {
    return this.path1('path_unlink_file', path, dir);
  }
  rename(from: string, to: string, fromDir = DIR, toDir = DIR): number {
    const [a, an] = this.g.put(from);
    const [b, bn] = this.g.put(to);
    return this.g.call('path_rename', fromDir, a, an, toDir, b, bn);
  }
  link(
    from: string,
    to: string,
    follow = false,
    fromDir = DIR,
    toDir = DIR,
  ): number {
    const [a, an] = this.g.put(from);
    const [b, bn] = this.g.put(to);
    return this.g.call(
      'path_link',
      fromDir,
      follow ? 1 : 0,
      a,
      an,
      toDir,
      b,
      bn,
    );
  }
  symlink(target: string, path: string, dir = DIR): number {
    const [a, an] = this.g.put(target);
    const [b, bn] = this.g.put(path);
    return this.g.call('path_symlink', a, an, dir, b, bn);
  }
  readlink(path: string, bufLen = 256): { errno: number; text: string } {
    const [p, n] = this.g.put(path);
    const buf = this.g.alloc(bufLen);
    const out = this.g.alloc(4);
    const errno = this.g.call('path_readlink', DIR, p, n, buf, bufLen, out);
    return {
      errno,
      text: errno === 0 ? this.g.text(buf, this.g.u32(out)) : '',
    };
  }
  /** Entries from `cookie` on, parsed from one fd_readdir call with a buffer of `bufLen` bytes. */
  readdir(
    fd: number,
    bufLen = 4096,
    cookie = 0n,
  ): {
    errno: number;
    used: number;
    entries: { name: string; next: bigint; type: number; ino: bigint }[];
  } {
    const buf = this.g.alloc(bufLen);
    const out = this.g.alloc(4);
    const errno = this.g.call('fd_readdir', fd, buf, bufLen, cookie, out);
    const used = this.g.u32(out);
    const entries = [];
    let at = 0;
    while (errno === 0 && at + 24 <= used) {
      const namlen = this.g.u32(buf + at + 16);
      if (at + 24 + namlen > used) break;
      entries.push({
        next: this.g.u64(buf + at),
        ino: this.g.u64(buf + at + 8),
        type: this.g.u8(buf + at + 20),
        name: this.g.text(buf + at + 24, namlen),
      });
      at += 24 + namlen;
    }
    return { errno, used, entries };
  }
  /** Every name in the directory fd, reading in small buffers to exercise cookies. */
  listAll(fd: number, bufLen = 40): string[] {
    const names: string[] = [];
    let cookie = 0n;
    for (let i = 0; i < 1000; i++) {
      const r = this.readdir(fd, bufLen, cookie);
      if (r.errno !== 0) throw new Error(`fd_readdir: ${r.errno}`);
      for (const e of r.entries) {
        names.push(e.name);
        cookie = e.next;
      }
      if (r.used < bufLen) return names;
      if (r.entries.length === 0)
        throw new Error('buffer too small for one entry');
    }
    throw new Error('fd_readdir did not end');
  }
}
