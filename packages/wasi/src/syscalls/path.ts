import {
  Errno,
  FileType,
  LookupFlags,
  OFlags,
  Rights,
  RIGHTS_DIRECTORY,
  RIGHTS_FILE,
} from '../constants.js';
import type { DirFd } from '../fd-table.js';
import { fail } from '../fs/file-system.js';
import type { FileHandle } from '../fs/file-system.js';
import {
  checkSymlinkTarget,
  resolveEntry,
  resolvePath,
} from '../resolve-path.js';
import type { WasiContext } from '../wasi-context.js';
import { syscall } from '../wasi-context.js';
import { timesToSet, writeFilestat } from './fd.js';

/**
 * Whether two directory fds lie in the same preopen. Each preopen is its own
 * sandbox, like a mount: renaming or linking between two gives `xdev`.
 */
function sameSandbox(a: DirFd, b: DirFd): boolean {
  return (
    a.fs === b.fs &&
    a.root.length === b.root.length &&
    a.root.every((c, i) => c === b.root[i])
  );
}

/** `path_*`: everything that names a file by a path relative to a directory fd. */
export function pathCalls(
  ctx: WasiContext,
): Record<string, (...args: never[]) => number> {
  const { mem, fds } = ctx;

  /** The directory fd `fdNumber`, which must hold `rights`. */
  const dirFd = (fdNumber: number, rights: bigint): DirFd => {
    const fd = fds.get(fdNumber);
    if (fd.kind !== 'directory') fail(Errno.notdir);
    if ((fd.rightsBase & rights) !== rights) fail(Errno.notcapable);
    return fd;
  };
  const pathAt = (ptr: number, len: number): string =>
    mem.string(ptr >>> 0, len >>> 0);
  const follows = (flags: number): boolean =>
    (flags & LookupFlags.symlinkFollow) !== 0;

  return {
    path_create_directory: syscall(
      (fdNumber: number, pathPtr: number, pathLen: number) => {
        const dir = dirFd(fdNumber, Rights.pathCreateDirectory);
        const target = resolveEntry(dir, pathAt(pathPtr, pathLen), Errno.exist);
        if (target.stat !== null) return Errno.exist;
        dir.fs.mkdir(target.path);
        return Errno.success;
      },
    ),
    path_filestat_get: syscall(
      (
        fdNumber: number,
        flags: number,
        pathPtr: number,
        pathLen: number,
        bufPtr: number,
      ) => {
        const dir = dirFd(fdNumber, Rights.pathFilestatGet);
        const target = resolvePath(
          dir,
          pathAt(pathPtr, pathLen),
          follows(flags),
        );
        if (target.stat === null) return Errno.noent;
        writeFilestat(mem, bufPtr >>> 0, target.stat);
        return Errno.success;
      },
    ),
    path_filestat_set_times: syscall(
      (
        fdNumber: number,
        flags: number,
        pathPtr: number,
        pathLen: number,
        atim: bigint,
        mtim: bigint,
        fstFlags: number,
      ) => {
        const dir = dirFd(fdNumber, Rights.pathFilestatSetTimes);
        const [a, m] = timesToSet(ctx, atim, mtim, fstFlags);
        const target = resolvePath(
          dir,
          pathAt(pathPtr, pathLen),
          follows(flags),
        );
        if (target.stat === null) return Errno.noent;
        dir.fs.setTimes(target.path, a, m);
        return Errno.success;
      },
    ),
    path_link: syscall(
      (
        oldFd: number,
        oldFlags: number,
        oldPtr: number,
        oldLen: number,
        newFd: number,
        newPtr: number,
        newLen: number,
      ) => {
        const from = dirFd(oldFd, Rights.pathLinkSource);
        const to = dirFd(newFd, Rights.pathLinkTarget);
        const source = resolvePath(
          from,
          pathAt(oldPtr, oldLen),
          follows(oldFlags),
        );
        if (source.stat === null) return Errno.noent;
        if (source.stat.filetype === FileType.directory) return Errno.perm;
        const target = resolveEntry(to, pathAt(newPtr, newLen), Errno.exist);
        if (target.stat !== null) return Errno.exist;
        if (target.mustBeDir) return Errno.noent;
        if (!sameSandbox(from, to)) return Errno.xdev;
        from.fs.link(source.path, target.path);
        return Errno.success;
      },
    ),
    path_open: syscall(
      (
        fdNumber: number,
        dirFlags: number,
        pathPtr: number,
        pathLen: number,
        oflags: number,
        rightsBase: bigint,
        rightsInheriting: bigint,
        fdFlags: number,
        fdPtr: number,
      ) => {
        const creat = (oflags & OFlags.creat) !== 0;
        const excl = (oflags & OFlags.excl) !== 0;
        const trunc = (oflags & OFlags.trunc) !== 0;
        const directory = (oflags & OFlags.directory) !== 0;
        const dir = dirFd(
          fdNumber,
          Rights.pathOpen |
            (creat ? Rights.pathCreateFile : 0n) |
            (trunc ? Rights.pathFilestatSetSize : 0n),
        );
        if ((oflags & ~0xf) !== 0 || (fdFlags & ~0x1f) !== 0)
          return Errno.inval;
        fds.checkRoom();
        // Check the result pointer first, so no fd is left open on a fault.
        mem.bytes(fdPtr >>> 0, 4);
        if (directory && creat) return Errno.inval;
        const path = pathAt(pathPtr, pathLen);
        if (creat && path !== '' && /(^|\/)(\.\.?)?$/.test(path)) {
          // As open(2): O_CREAT on a name that must be a directory (`a/`, `.`,
          // `..`) is EISDIR, once the path up to it resolves.
          resolvePath(dir, path.replace(/\/+$/, '') || '.', false);
          return Errno.isdir;
        }
        // O_CREAT|O_EXCL never follows a final symbolic link: it must fail.
        const target = resolvePath(
          dir,
          path,
          follows(dirFlags) && !(creat && excl),
        );
        const requested = BigInt.asUintN(64, rightsBase) & dir.rightsInheriting;
        const inheriting =
          BigInt.asUintN(64, rightsInheriting) & dir.rightsInheriting;
        const write = (requested & Rights.fdWrite) !== 0n;
        const stat = target.stat;
        if (stat !== null && creat && excl) return Errno.exist;
        if (stat === null) {
          if (!creat) return Errno.noent;
          if (target.mustBeDir) return Errno.isdir;
        } else if (stat.filetype === FileType.symbolicLink) {
          return directory ? Errno.notdir : Errno.loop;
        } else if (stat.filetype === FileType.directory) {
          if (write || trunc || creat) return Errno.isdir;
          const fd = {
            kind: 'directory' as const,
            fs: dir.fs,
            root: dir.root,
            path: target.path,
            preopenName: null,
            listing: null,
            flags: fdFlags,
            rightsBase: requested & RIGHTS_DIRECTORY,
            rightsInheriting: inheriting,
          };
          mem.setU32(fdPtr >>> 0, fds.add(fd));
          return Errno.success;
        } else if (directory || target.mustBeDir) {
          return Errno.notdir;
        } else if (stat.filetype !== FileType.regularFile) {
          return Errno.notsup;
        }
        const handle: FileHandle = dir.fs.open(target.path, {
          create: creat,
          exclusive: creat && excl,
          truncate: trunc,
          write,
        });
        try {
          const fd = fds.add({
            kind: 'file',
            fs: dir.fs,
            handle,
            position: 0n,
            flags: fdFlags,
            rightsBase: requested & RIGHTS_FILE,
            rightsInheriting: inheriting,
          });
          mem.setU32(fdPtr >>> 0, fd);
        } catch (error) {
          handle.close();
          throw error;
        }
        return Errno.success;
      },
    ),
    path_readlink: syscall(
      (
        fdNumber: number,
        pathPtr: number,
        pathLen: number,
        bufPtr: number,
        bufLen: number,
        bufusedPtr: number,
      ) => {
        const dir = dirFd(fdNumber, Rights.pathReadlink);
        const target = resolvePath(dir, pathAt(pathPtr, pathLen), false);
        if (target.stat === null) return Errno.noent;
        if (target.stat.filetype !== FileType.symbolicLink) return Errno.inval;
        const bytes = new TextEncoder().encode(dir.fs.readlink(target.path));
        const n = Math.min(bytes.length, bufLen >>> 0);
        mem.bytes(bufPtr >>> 0, n).set(bytes.subarray(0, n));
        mem.setU32(bufusedPtr >>> 0, n);
        return Errno.success;
      },
    ),
    path_remove_directory: syscall(
      (fdNumber: number, pathPtr: number, pathLen: number) => {
        const dir = dirFd(fdNumber, Rights.pathRemoveDirectory);
        const target = resolveEntry(dir, pathAt(pathPtr, pathLen), Errno.inval);
        if (target.stat === null) return Errno.noent;
        if (target.stat.filetype !== FileType.directory) return Errno.notdir;
        dir.fs.rmdir(target.path);
        return Errno.success;
      },
    ),
    path_rename: syscall(
      (
        oldFd: number,
        oldPtr: number,
        oldLen: number,
        newFd: number,
        newPtr: number,
        newLen: number,
      ) => {
        const from = dirFd(oldFd, Rights.pathRenameSource);
        const to = dirFd(newFd, Rights.pathRenameTarget);
        const source = resolveEntry(from, pathAt(oldPtr, oldLen), Errno.inval);
        if (source.stat === null) return Errno.noent;
        const target = resolveEntry(to, pathAt(newPtr, newLen), Errno.inval);
        if (!sameSandbox(from, to)) return Errno.xdev;
        const sourceIsDir = source.stat.filetype === FileType.directory;
        if (target.stat !== null) {
          const targetIsDir = target.stat.filetype === FileType.directory;
          if (sourceIsDir && !targetIsDir) return Errno.notdir;
          if (!sourceIsDir && targetIsDir) return Errno.isdir;
        } else if (target.mustBeDir && !sourceIsDir) {
          return Errno.notdir;
        }
        from.fs.rename(source.path, target.path);
        return Errno.success;
      },
    ),
    path_symlink: syscall(
      (
        oldPtr: number,
        oldLen: number,
        fdNumber: number,
        newPtr: number,
        newLen: number,
      ) => {
        const dir = dirFd(fdNumber, Rights.pathSymlink);
        const linkTarget = pathAt(oldPtr, oldLen);
        const link = resolveEntry(dir, pathAt(newPtr, newLen), Errno.exist);
        if (link.stat !== null) return Errno.exist;
        if (link.mustBeDir) return Errno.noent;
        checkSymlinkTarget(dir.root, link.path.slice(0, -1), linkTarget);
        dir.fs.symlink(linkTarget, link.path);
        return Errno.success;
      },
    ),
    path_unlink_file: syscall(
      (fdNumber: number, pathPtr: number, pathLen: number) => {
        const dir = dirFd(fdNumber, Rights.pathUnlinkFile);
        const target = resolveEntry(dir, pathAt(pathPtr, pathLen), Errno.isdir);
        if (target.stat === null) return Errno.noent;
        if (target.stat.filetype === FileType.directory) return Errno.isdir;
        if (target.mustBeDir) return Errno.notdir;
        dir.fs.unlink(target.path);
        return Errno.success;
      },
    ),
  };
}
