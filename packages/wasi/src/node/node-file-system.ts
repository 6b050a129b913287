import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { Errno, FileType } from '../constants.js';
import type { ErrnoValue, FileTypeValue } from '../constants.js';
import type {
  DirEntry,
  FileHandle,
  FileStat,
  FileSystem,
  FsPath,
  OpenFlags,
} from '../fs/file-system.js';
import { fail, FsError } from '../fs/file-system.js';

const ERRNO_BY_CODE: Readonly<Record<string, ErrnoValue>> = {
  E2BIG: Errno.toobig,
  EACCES: Errno.acces,
  EAGAIN: Errno.again,
  EBADF: Errno.badf,
  EBUSY: Errno.busy,
  EDQUOT: Errno.dquot,
  EEXIST: Errno.exist,
  EFBIG: Errno.fbig,
  EINTR: Errno.intr,
  EINVAL: Errno.inval,
  EIO: Errno.io,
  EISDIR: Errno.isdir,
  ELOOP: Errno.loop,
  EMFILE: Errno.mfile,
  EMLINK: Errno.mlink,
  ENAMETOOLONG: Errno.nametoolong,
  ENFILE: Errno.nfile,
  ENODEV: Errno.nodev,
  ENOENT: Errno.noent,
  ENOMEM: Errno.nomem,
  ENOSPC: Errno.nospc,
  ENOSYS: Errno.nosys,
  ENOTDIR: Errno.notdir,
  ENOTEMPTY: Errno.notempty,
  ENOTSUP: Errno.notsup,
  EOPNOTSUPP: Errno.notsup,
  ENXIO: Errno.nxio,
  EOVERFLOW: Errno.overflow,
  EPERM: Errno.perm,
  EROFS: Errno.rofs,
  ESPIPE: Errno.spipe,
  ETXTBSY: Errno.txtbsy,
  EXDEV: Errno.xdev,
};

/** Runs a host call, turning a Node error into {@link FsError}. */
function host<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof FsError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new FsError(
      (code !== undefined ? ERRNO_BY_CODE[code] : undefined) ?? Errno.io,
      (error as Error).message,
    );
  }
}

function fileTypeOf(stat: fs.BigIntStats | fs.Dirent): FileTypeValue {
  if (stat.isFile()) return FileType.regularFile;
  if (stat.isDirectory()) return FileType.directory;
  if (stat.isSymbolicLink()) return FileType.symbolicLink;
  if (stat.isCharacterDevice()) return FileType.characterDevice;
  if (stat.isBlockDevice()) return FileType.blockDevice;
  if (stat.isSocket()) return FileType.socketStream;
  return FileType.unknown;
}

function toFileStat(stat: fs.BigIntStats): FileStat {
  return {
    dev: stat.dev,
    ino: stat.ino,
    filetype: fileTypeOf(stat),
    nlink: stat.nlink,
    size: stat.size,
    atimNs: stat.atimeNs,
    mtimNs: stat.mtimeNs,
    ctimNs: stat.ctimeNs,
  };
}

/** Nanoseconds to the seconds Node's `utimes` family takes. */
function seconds(ns: bigint): number {
  return Number(ns / 1000n) / 1e6;
}

/**
 * A backend over a real directory of the host. It is given only resolved
 * paths (the sandbox in `@tswasm/wasi` walks every component with `lstat`
 * and `readlink` itself), checks each component again, and opens files with
 * `O_NOFOLLOW`, so a host symbolic link is never followed by the host.
 */
export class NodeFileSystem implements FileSystem {
  /** The real path of the host directory this backend exposes. */
  readonly hostRoot: string;

  /** @throws {Error} if `hostDirectory` is not a directory. */
  constructor(hostDirectory: string) {
    this.hostRoot = fs.realpathSync(hostDirectory);
    if (!fs.statSync(this.hostRoot).isDirectory()) {
      throw new Error(`not a directory: ${hostDirectory}`);
    }
  }

  #host(path: FsPath): string {
    for (const name of path) {
      if (
        name === '' ||
        name === '.' ||
        name === '..' ||
        name.includes('/') ||
        name.includes('\0')
      ) {
        fail(Errno.notcapable, `invalid path component: ${name}`);
      }
    }
    return nodePath.join(this.hostRoot, ...path);
  }

  /**
   * The host path of `path`, after checking that its parent directory is
   * still the real directory the walk saw: no host process swapped a
   * directory on the way for a symbolic link since (the remaining window is
   * this call's; Node offers no `openat`).
   */
  #checked(path: FsPath): string {
    const hostPath = this.#host(path);
    const parent = nodePath.dirname(hostPath);
    const real = host(() => fs.realpathSync(parent));
    if (real !== parent)
      fail(Errno.notcapable, 'a path component was replaced');
    return hostPath;
  }

  /**
   * Whether the open `fd` names a file under the root, where the system can
   * tell (Linux's /proc): a directory on the way that another host process
   * swapped for a symbolic link after the walk checked it is caught here.
   */
  #isInside(fd: number): boolean {
    let opened: string;
    try {
      opened = fs.readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      return true;
    }
    return opened.startsWith(
      this.hostRoot.endsWith('/') ? this.hostRoot : `${this.hostRoot}/`,
    );
  }

  lstat(path: FsPath): FileStat {
    return toFileStat(
      host(() => fs.lstatSync(this.#host(path), { bigint: true })),
    );
  }

  readlink(path: FsPath): string {
    return host(() => fs.readlinkSync(this.#host(path), 'utf8'));
  }

  readdir(path: FsPath): DirEntry[] {
    const dir = this.#host(path);
    if (host(() => fs.realpathSync(dir)) !== dir) {
      fail(Errno.notcapable, 'a path component was replaced');
    }
    return host(() => fs.readdirSync(dir, { withFileTypes: true })).map(
      (entry) => {
        let ino = 0n;
        try {
          ino = fs.lstatSync(nodePath.join(dir, entry.name), {
            bigint: true,
          }).ino;
        } catch {
          // Removed while listing: keep the entry with an unknown inode.
        }
        return { name: entry.name, filetype: fileTypeOf(entry), ino };
      },
    );
  }

  mkdir(path: FsPath): void {
    host(() => fs.mkdirSync(this.#checked(path)));
  }

  rmdir(path: FsPath): void {
    host(() => fs.rmdirSync(this.#checked(path)));
  }

  unlink(path: FsPath): void {
    host(() => fs.unlinkSync(this.#checked(path)));
  }

  rename(from: FsPath, to: FsPath): void {
    host(() => fs.renameSync(this.#checked(from), this.#checked(to)));
  }

  link(from: FsPath, to: FsPath): void {
    // link(2) on Linux does not follow a symbolic link at `from`.
    host(() => fs.linkSync(this.#checked(from), this.#checked(to)));
  }

  symlink(target: string, path: FsPath): void {
    host(() => fs.symlinkSync(target, this.#checked(path)));
  }

  setTimes(path: FsPath, atimNs: bigint | null, mtimNs: bigint | null): void {
    const hostPath = this.#checked(path);
    host(() => {
      const stat = fs.lstatSync(hostPath, { bigint: true });
      fs.lutimesSync(
        hostPath,
        seconds(atimNs ?? stat.atimeNs),
        seconds(mtimNs ?? stat.mtimeNs),
      );
    });
  }

  open(path: FsPath, flags: OpenFlags): FileHandle {
    const hostPath = this.#checked(path);
    const c = fs.constants;
    // No O_TRUNC: truncation waits until the opened file is known to be inside.
    let bits = c.O_NOFOLLOW | c.O_NONBLOCK;
    if (flags.create) bits |= c.O_CREAT;
    if (flags.create && flags.exclusive) bits |= c.O_EXCL;
    const fd = host(() => {
      // Truncating needs a writable fd; the guest's rights still decide writes.
      if (!flags.write && !flags.truncate) {
        return fs.openSync(hostPath, bits | c.O_RDONLY, 0o666);
      }
      try {
        return fs.openSync(hostPath, bits | c.O_RDWR, 0o666);
      } catch (error) {
        // A write-only file on the host.
        if ((error as NodeJS.ErrnoException).code !== 'EACCES') throw error;
        return fs.openSync(hostPath, bits | c.O_WRONLY, 0o666);
      }
    });
    const handle = new NodeFileHandle(fd);
    if (!this.#isInside(fd)) {
      handle.close();
      fail(Errno.notcapable, 'a path component was replaced while opening');
    }
    if (handle.stat().filetype !== FileType.regularFile) {
      handle.close();
      fail(Errno.notsup);
    }
    if (flags.truncate) handle.truncate(0n);
    return handle;
  }
}

class NodeFileHandle implements FileHandle {
  readonly #fd: number;
  #closed = false;
  constructor(fd: number) {
    this.#fd = fd;
  }
  read(buffer: Uint8Array, position: bigint): number {
    return host(() =>
      fs.readSync(this.#fd, buffer, 0, buffer.length, position),
    );
  }
  write(data: Uint8Array, position: bigint): number {
    return host(() =>
      fs.writeSync(this.#fd, data, 0, data.length, Number(position)),
    );
  }
  stat(): FileStat {
    return toFileStat(host(() => fs.fstatSync(this.#fd, { bigint: true })));
  }
  truncate(size: bigint): void {
    host(() => fs.ftruncateSync(this.#fd, Number(size)));
  }
  setTimes(atimNs: bigint | null, mtimNs: bigint | null): void {
    host(() => {
      const stat = fs.fstatSync(this.#fd, { bigint: true });
      fs.futimesSync(
        this.#fd,
        seconds(atimNs ?? stat.atimeNs),
        seconds(mtimNs ?? stat.mtimeNs),
      );
    });
  }
  sync(): void {
    host(() => fs.fsyncSync(this.#fd));
  }
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    host(() => fs.closeSync(this.#fd));
  }
}
