import {
  Advice,
  Errno,
  FdFlags,
  FileType,
  FstFlags,
  PreopenType,
  Rights,
  Whence,
} from '../constants.js';
import type { ErrnoValue, FileTypeValue } from '../constants.js';
import type { DirFd, Fd, FileFd } from '../fd-table.js';
import type { FileStat } from '../fs/file-system.js';
import { fail } from '../fs/file-system.js';
import type { GuestMemory } from '../guest-memory.js';
import type { WasiContext } from '../wasi-context.js';
import { syscall } from '../wasi-context.js';

const MAX_OFFSET = (1n << 63n) - 1n;
const encoder = new TextEncoder();

/** Writes a preview1 `filestat` (64 bytes) at `ptr`. */
export function writeFilestat(
  mem: GuestMemory,
  ptr: number,
  stat: FileStat,
): void {
  mem.bytes(ptr, 64).fill(0);
  mem.setU64(ptr, stat.dev);
  mem.setU64(ptr + 8, stat.ino);
  mem.setU8(ptr + 16, stat.filetype);
  mem.setU64(ptr + 24, stat.nlink);
  mem.setU64(ptr + 32, stat.size);
  mem.setU64(ptr + 40, stat.atimNs);
  mem.setU64(ptr + 48, stat.mtimNs);
  mem.setU64(ptr + 56, stat.ctimNs);
}

/**
 * The times a `*_set_times` call asks for, `null` for a time to keep;
 * `inval` for contradictory or unknown flags.
 */
export function timesToSet(
  ctx: WasiContext,
  atim: bigint,
  mtim: bigint,
  flags: number,
): [bigint | null, bigint | null] {
  if ((flags & ~0xf) !== 0) fail(Errno.inval);
  if ((flags & FstFlags.atim) !== 0 && (flags & FstFlags.atimNow) !== 0)
    fail(Errno.inval);
  if ((flags & FstFlags.mtim) !== 0 && (flags & FstFlags.mtimNow) !== 0)
    fail(Errno.inval);
  const now = ctx.clocks.realtimeNs();
  const pick = (value: bigint, set: number, setNow: number) =>
    (flags & set) !== 0
      ? BigInt.asUintN(64, value)
      : (flags & setNow) !== 0
        ? now
        : null;
  return [
    pick(atim, FstFlags.atim, FstFlags.atimNow),
    pick(mtim, FstFlags.mtim, FstFlags.mtimNow),
  ];
}

function fileTypeOfFd(fd: Fd): FileTypeValue {
  switch (fd.kind) {
    case 'file':
      return FileType.regularFile;
    case 'directory':
      return FileType.directory;
    case 'stream':
      return FileType.characterDevice;
  }
}

/** The file behind `fd`; `onDir` / `onStream` for the other kinds. */
function asFile(fd: Fd, onDir: ErrnoValue, onStream: ErrnoValue): FileFd {
  if (fd.kind === 'directory') fail(onDir);
  if (fd.kind === 'stream') fail(onStream);
  return fd;
}

function requireRights(fd: Fd, rights: bigint): void {
  if ((fd.rightsBase & rights) !== rights) fail(Errno.notcapable);
}

function offsetOf(value: bigint): bigint {
  const offset = BigInt.asUintN(64, value);
  if (offset > MAX_OFFSET) fail(Errno.inval);
  return offset;
}

/** Writes `data` to a file at `position`, within the quotas. */
function writeFile(
  ctx: WasiContext,
  fd: FileFd,
  data: Uint8Array,
  position: bigint,
): number {
  if (data.length === 0) return 0;
  let length = ctx.allowWrite(data.length);
  const room = ctx.maxFileSize - position;
  if (room <= 0n) fail(Errno.fbig);
  if (BigInt(length) > room) length = Number(room);
  const written = fd.handle.write(data.subarray(0, length), position);
  ctx.bytesWritten += written;
  return written;
}

function concat(buffers: Uint8Array[]): Uint8Array {
  const total = buffers.reduce((n, b) => n + b.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    out.set(b, offset);
    offset += b.length;
  }
  return out;
}

/** Reads from a file into `iovs` at `position`; returns the bytes read. */
function readFile(fd: FileFd, iovs: Uint8Array[], position: bigint): number {
  let total = 0;
  for (const iov of iovs) {
    if (iov.length === 0) continue;
    const scratch = new Uint8Array(iov.length);
    const n = fd.handle.read(scratch, position + BigInt(total));
    iov.set(scratch.subarray(0, n));
    total += n;
    if (n < iov.length) break;
  }
  return total;
}

/** `fd_*`: reading, writing, seeking, metadata and listings of open fds. */
export function fdCalls(
  ctx: WasiContext,
): Record<string, (...args: never[]) => number> {
  const { mem, fds } = ctx;
  return {
    fd_advise: syscall(
      (fdNumber: number, offset: bigint, len: bigint, advice: number) => {
        const fd = fds.get(fdNumber);
        if (fd.kind === 'stream') return Errno.spipe;
        requireRights(fd, Rights.fdAdvise);
        if (advice > Advice.noreuse) return Errno.inval;
        if (offsetOf(offset) + offsetOf(len) > MAX_OFFSET) return Errno.inval;
        return Errno.success;
      },
    ),
    fd_allocate: syscall((fdNumber: number, offset: bigint, len: bigint) => {
      const fd = asFile(fds.get(fdNumber), Errno.isdir, Errno.spipe);
      requireRights(fd, Rights.fdAllocate);
      const end = offsetOf(offset) + offsetOf(len);
      if (BigInt.asUintN(64, len) === 0n || end > MAX_OFFSET)
        return Errno.inval;
      if (end > ctx.maxFileSize) return Errno.fbig;
      if (end > fd.handle.stat().size) fd.handle.truncate(end);
      return Errno.success;
    }),
    fd_close: syscall((fdNumber: number) => {
      fds.close(fdNumber);
    }),
    fd_datasync: syscall((fdNumber: number) => {
      const fd = fds.get(fdNumber);
      if (fd.kind === 'stream') return Errno.inval;
      requireRights(fd, Rights.fdDatasync);
      if (fd.kind === 'file') fd.handle.sync();
      return Errno.success;
    }),
    fd_sync: syscall((fdNumber: number) => {
      const fd = fds.get(fdNumber);
      if (fd.kind === 'stream') return Errno.inval;
      requireRights(fd, Rights.fdSync);
      if (fd.kind === 'file') fd.handle.sync();
      return Errno.success;
    }),
    fd_fdstat_get: syscall((fdNumber: number, ptr: number) => {
      const fd = fds.get(fdNumber);
      const at = ptr >>> 0;
      mem.bytes(at, 24).fill(0);
      mem.setU8(at, fileTypeOfFd(fd));
      mem.setU16(at + 2, fd.flags);
      mem.setU64(at + 8, fd.rightsBase);
      mem.setU64(at + 16, fd.rightsInheriting);
    }),
    fd_fdstat_set_flags: syscall((fdNumber: number, flags: number) => {
      const fd = fds.get(fdNumber);
      requireRights(fd, Rights.fdFdstatSetFlags);
      if ((flags & ~0x1f) !== 0) return Errno.inval;
      fd.flags = flags;
      return Errno.success;
    }),
    fd_fdstat_set_rights: syscall(
      (fdNumber: number, base: bigint, inheriting: bigint) => {
        const fd = fds.get(fdNumber);
        const newBase = BigInt.asUintN(64, base);
        const newInheriting = BigInt.asUintN(64, inheriting);
        // Rights can only be dropped, never gained.
        if ((newBase & ~fd.rightsBase) !== 0n) return Errno.notcapable;
        if ((newInheriting & ~fd.rightsInheriting) !== 0n)
          return Errno.notcapable;
        fd.rightsBase = newBase;
        fd.rightsInheriting = newInheriting;
        return Errno.success;
      },
    ),
    fd_filestat_get: syscall((fdNumber: number, ptr: number) => {
      const fd = fds.get(fdNumber);
      requireRights(fd, Rights.fdFilestatGet);
      let stat: FileStat;
      if (fd.kind === 'file') stat = fd.handle.stat();
      else if (fd.kind === 'directory') stat = fd.fs.lstat(fd.path);
      else {
        stat = {
          dev: 0n,
          ino: 0n,
          filetype: FileType.characterDevice,
          nlink: 1n,
          size: 0n,
          atimNs: 0n,
          mtimNs: 0n,
          ctimNs: 0n,
        };
      }
      writeFilestat(mem, ptr >>> 0, stat);
    }),
    fd_filestat_set_size: syscall((fdNumber: number, size: bigint) => {
      const fd = asFile(fds.get(fdNumber), Errno.isdir, Errno.inval);
      requireRights(fd, Rights.fdFilestatSetSize);
      const newSize = offsetOf(size);
      if (newSize > ctx.maxFileSize) return Errno.fbig;
      fd.handle.truncate(newSize);
      return Errno.success;
    }),
    fd_filestat_set_times: syscall(
      (fdNumber: number, atim: bigint, mtim: bigint, flags: number) => {
        const fd = fds.get(fdNumber);
        requireRights(fd, Rights.fdFilestatSetTimes);
        const [a, m] = timesToSet(ctx, atim, mtim, flags);
        if (fd.kind === 'file') fd.handle.setTimes(a, m);
        else if (fd.kind === 'directory') fd.fs.setTimes(fd.path, a, m);
        return Errno.success;
      },
    ),
    fd_pread: syscall(
      (
        fdNumber: number,
        iovsPtr: number,
        iovsLen: number,
        offset: bigint,
        nreadPtr: number,
      ) => {
        const fd = asFile(fds.get(fdNumber), Errno.isdir, Errno.spipe);
        requireRights(fd, Rights.fdRead | Rights.fdSeek);
        const iovs = mem.iovecs(iovsPtr >>> 0, iovsLen >>> 0);
        mem.setU32(nreadPtr >>> 0, readFile(fd, iovs, offsetOf(offset)));
      },
    ),
    fd_pwrite: syscall(
      (
        fdNumber: number,
        iovsPtr: number,
        iovsLen: number,
        offset: bigint,
        nwrittenPtr: number,
      ) => {
        const fd = asFile(fds.get(fdNumber), Errno.isdir, Errno.spipe);
        requireRights(fd, Rights.fdWrite | Rights.fdSeek);
        const data = concat(mem.iovecs(iovsPtr >>> 0, iovsLen >>> 0));
        mem.setU32(
          nwrittenPtr >>> 0,
          writeFile(ctx, fd, data, offsetOf(offset)),
        );
      },
    ),
    fd_read: syscall(
      (
        fdNumber: number,
        iovsPtr: number,
        iovsLen: number,
        nreadPtr: number,
      ) => {
        const fd = fds.get(fdNumber);
        if (fd.kind === 'directory') return Errno.isdir;
        requireRights(fd, Rights.fdRead);
        const iovs = mem.iovecs(iovsPtr >>> 0, iovsLen >>> 0);
        let n: number;
        if (fd.kind === 'stream') {
          if (fd.input === null) return Errno.badf;
          const total = iovs.reduce((sum, iov) => sum + iov.length, 0);
          const data = total === 0 ? new Uint8Array(0) : fd.input.read(total);
          n = 0;
          for (const iov of iovs) {
            const chunk = data.subarray(n, n + iov.length);
            iov.set(chunk);
            n += chunk.length;
            if (n >= data.length) break;
          }
        } else {
          n = readFile(fd, iovs, fd.position);
          fd.position += BigInt(n);
        }
        mem.setU32(nreadPtr >>> 0, n);
        return Errno.success;
      },
    ),
    fd_write: syscall(
      (
        fdNumber: number,
        iovsPtr: number,
        iovsLen: number,
        nwrittenPtr: number,
      ) => {
        const fd = fds.get(fdNumber);
        if (fd.kind === 'directory') return Errno.isdir;
        requireRights(fd, Rights.fdWrite);
        const data = concat(mem.iovecs(iovsPtr >>> 0, iovsLen >>> 0));
        let n: number;
        if (fd.kind === 'stream') {
          if (fd.output === null) return Errno.badf;
          n = data.length === 0 ? 0 : ctx.allowWrite(data.length);
          fd.output.write(data.subarray(0, n));
          ctx.bytesWritten += n;
        } else {
          const append = (fd.flags & FdFlags.append) !== 0;
          const position = append ? fd.handle.stat().size : fd.position;
          n = writeFile(ctx, fd, data, position);
          fd.position = position + BigInt(n);
        }
        mem.setU32(nwrittenPtr >>> 0, n);
        return Errno.success;
      },
    ),
    fd_prestat_get: syscall((fdNumber: number, ptr: number) => {
      const fd = fds.get(fdNumber);
      if (fd.kind !== 'directory' || fd.preopenName === null) return Errno.badf;
      mem.setU32(ptr >>> 0, PreopenType.dir);
      mem.setU32((ptr >>> 0) + 4, encoder.encode(fd.preopenName).length);
      return Errno.success;
    }),
    fd_prestat_dir_name: syscall(
      (fdNumber: number, ptr: number, len: number) => {
        const fd = fds.get(fdNumber);
        if (fd.kind !== 'directory' || fd.preopenName === null)
          return Errno.badf;
        const name = encoder.encode(fd.preopenName);
        if (len >>> 0 < name.length) return Errno.nametoolong;
        mem.bytes(ptr >>> 0, name.length).set(name);
        return Errno.success;
      },
    ),
    fd_readdir: syscall(
      (
        fdNumber: number,
        bufPtr: number,
        bufLen: number,
        cookie: bigint,
        bufusedPtr: number,
      ) => {
        const fd = fds.get(fdNumber);
        if (fd.kind !== 'directory') return Errno.notdir;
        requireRights(fd, Rights.fdReaddir);
        const start = BigInt.asUintN(64, cookie);
        if (start === 0n || fd.listing === null) fd.listing = listDirectory(fd);
        const buf = mem.bytes(bufPtr >>> 0, bufLen >>> 0);
        let used = 0;
        for (
          let i = Number(start > 0xffffffffn ? 0xffffffffn : start);
          i < fd.listing.length && used < buf.length;
          i++
        ) {
          const entry = fd.listing[i] as (typeof fd.listing)[number];
          const name = encoder.encode(entry.name);
          const record = new Uint8Array(24 + name.length);
          const rv = new DataView(record.buffer);
          rv.setBigUint64(0, BigInt(i + 1), true);
          rv.setBigUint64(8, entry.ino, true);
          rv.setUint32(16, name.length, true);
          rv.setUint8(20, entry.filetype);
          record.set(name, 24);
          const n = Math.min(record.length, buf.length - used);
          buf.set(record.subarray(0, n), used);
          used += n;
        }
        mem.setU32(bufusedPtr >>> 0, used);
        return Errno.success;
      },
    ),
    fd_renumber: syscall((from: number, to: number) => {
      fds.renumber(from, to);
    }),
    fd_seek: syscall(
      (
        fdNumber: number,
        offset: bigint,
        whence: number,
        newOffsetPtr: number,
      ) => {
        const fd = asFile(fds.get(fdNumber), Errno.badf, Errno.spipe);
        // Seeking to the current position is how tell is done: it needs only fd_tell.
        const isTell = offset === 0n && whence === Whence.cur;
        requireRights(fd, isTell ? Rights.fdTell : Rights.fdSeek);
        let base: bigint;
        switch (whence) {
          case Whence.set:
            base = 0n;
            break;
          case Whence.cur:
            base = fd.position;
            break;
          case Whence.end:
            base = fd.handle.stat().size;
            break;
          default:
            return Errno.inval;
        }
        const next = base + offset;
        if (next < 0n || next > MAX_OFFSET) return Errno.inval;
        fd.position = next;
        mem.setU64(newOffsetPtr >>> 0, next);
        return Errno.success;
      },
    ),
    fd_tell: syscall((fdNumber: number, ptr: number) => {
      const fd = asFile(fds.get(fdNumber), Errno.badf, Errno.spipe);
      requireRights(fd, Rights.fdTell);
      mem.setU64(ptr >>> 0, fd.position);
    }),
  };
}

/** The listing of a directory fd for `fd_readdir`: `.`, `..`, then by name. */
function listDirectory(
  fd: DirFd,
): { name: string; ino: bigint; filetype: FileTypeValue }[] {
  const self = fd.fs.lstat(fd.path);
  const parentPath =
    fd.path.length > fd.root.length ? fd.path.slice(0, -1) : fd.path;
  const parent = fd.fs.lstat(parentPath);
  const entries = fd.fs
    .readdir(fd.path)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [
    { name: '.', ino: self.ino, filetype: FileType.directory },
    { name: '..', ino: parent.ino, filetype: FileType.directory },
    ...entries,
  ];
}
