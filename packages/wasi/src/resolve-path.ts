import { Errno, FileType } from './constants.js';
import type { ErrnoValue } from './constants.js';
import type { DirFd } from './fd-table.js';
import type { FileStat, FsPath } from './fs/file-system.js';
import { fail, FsError } from './fs/file-system.js';

/** Symbolic links followed in one lookup before giving up with `loop`, as Linux. */
export const MAX_SYMLINKS = 40;
/** Longest component, in bytes. */
const MAX_NAME_BYTES = 255;
/** Longest path, in bytes. */
const MAX_PATH_BYTES = 4096;

/** Where a guest path resolved to. */
export interface Resolved {
  /** Backend path, starting with the preopen's root. */
  path: FsPath;
  /** Metadata of what is there, or null if nothing is (the parent exists). */
  stat: FileStat | null;
  /** The path ended in `/` (or `/.`): it must name a directory. */
  mustBeDir: boolean;
  /** The last component written by the guest was `.` or `..`. */
  endsInDot: boolean;
}

const encoder = new TextEncoder();

/**
 * Resolves `guestPath` relative to the directory `dir`, walking one component
 * at a time through the backend's `lstat` and `readlink`, so that nothing —
 * `..`, an absolute path, or a symbolic link planted on the host or made by the
 * guest — leads above the preopen's root (`notcapable`).
 * `followLast` says whether a symbolic link in the last component is followed;
 * a trailing `/` follows it too unless `followTrailing` is false.
 */
export function resolvePath(
  dir: DirFd,
  guestPath: string,
  followLast: boolean,
  followTrailing = true,
): Resolved {
  if (guestPath.length === 0) fail(Errno.noent);
  if (guestPath.includes('\0')) fail(Errno.ilseq);
  if (encoder.encode(guestPath).length > MAX_PATH_BYTES)
    fail(Errno.nametoolong);
  if (guestPath.startsWith('/')) fail(Errno.notcapable, 'absolute path');

  const root = dir.root;
  const rel = dir.path.slice(root.length);
  const pending = guestPath.split('/').reverse();
  let symlinks = 0;
  let mustBeDir = false;
  let endsInDot = false;
  let stat: FileStat | null = lstatOrNull(root, rel);
  if (stat === null) fail(Errno.noent);

  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (name === '' || name === '.') {
      // `a/` and `a/.` name `a` and require it to be a directory.
      if (stat !== null && stat.filetype !== FileType.directory)
        fail(Errno.notdir);
      mustBeDir = true;
      if (name === '.') endsInDot = true;
      continue;
    }
    const hasMoreNames = pending.some((c) => c !== '' && c !== '.');
    const trailing = !hasMoreNames && pending.length > 0;
    if (stat === null) fail(Errno.noent);
    if (stat.filetype !== FileType.directory) fail(Errno.notdir);
    mustBeDir = false;
    endsInDot = false;
    if (name === '..') {
      if (rel.length === 0)
        fail(Errno.notcapable, 'path leads above the preopen');
      rel.pop();
      stat = lstatOrNull(root, rel);
      endsInDot = !hasMoreNames;
      continue;
    }
    if (encoder.encode(name).length > MAX_NAME_BYTES) fail(Errno.nametoolong);
    rel.push(name);
    stat = lstatOrNull(root, rel);
    if (
      stat?.filetype === FileType.symbolicLink &&
      (hasMoreNames || followLast || (trailing && followTrailing))
    ) {
      if (++symlinks > MAX_SYMLINKS) fail(Errno.loop);
      const target = dir.fs.readlink([...root, ...rel]);
      if (target.length === 0) fail(Errno.noent);
      if (target.startsWith('/'))
        fail(Errno.notcapable, 'absolute symbolic link');
      rel.pop();
      stat = lstatOrNull(root, rel);
      const parts = target.split('/');
      for (let i = parts.length - 1; i >= 0; i--) pending.push(parts[i]!);
    }
  }
  if (mustBeDir && stat !== null && stat.filetype !== FileType.directory) {
    fail(Errno.notdir);
  }
  return { path: [...root, ...rel], stat, mustBeDir, endsInDot };

  function lstatOrNull(base: FsPath, path: string[]): FileStat | null {
    try {
      return dir.fs.lstat([...base, ...path]);
    } catch (error) {
      if (error instanceof FsError && error.errno === Errno.noent) return null;
      throw error;
    }
  }
}

/**
 * Resolves a path whose last component is to be created, removed or renamed:
 * the last component is never followed and must be a plain name.
 * `dotErrno` is returned when it is `.` or `..`.
 */
export function resolveEntry(
  dir: DirFd,
  guestPath: string,
  dotErrno: ErrnoValue,
): Resolved {
  // `rmdir link/` must not remove the link's target.
  const resolved = resolvePath(dir, guestPath, false, false);
  if (resolved.endsInDot || resolved.path.length <= dir.root.length)
    fail(dotErrno);
  return resolved;
}

/**
 * Checks that a symbolic link `target` placed in the directory `linkDir`
 * (a backend path under `root`) stays inside `root` read as plain text.
 * Following is sandboxed anyway; this keeps the guest from leaving links on
 * the host that lead out of the preopen.
 */
export function checkSymlinkTarget(
  root: FsPath,
  linkDir: FsPath,
  target: string,
): void {
  if (target.length === 0) fail(Errno.noent);
  if (target.includes('\0')) fail(Errno.ilseq);
  if (target.startsWith('/')) fail(Errno.notcapable, 'absolute symbolic link');
  let depth = linkDir.length - root.length;
  for (const name of target.split('/')) {
    if (name === '..') {
      if (--depth < 0)
        fail(Errno.notcapable, 'symbolic link leads above the preopen');
    } else if (name !== '' && name !== '.') {
      depth++;
    }
  }
}
