import type { ErrnoValue, FileTypeValue } from '../constants.js';

/**
 * Metadata of one file, as preview1's `filestat`. Times are nanoseconds since
 * the Unix epoch.
 */
export interface FileStat {
  dev: bigint;
  ino: bigint;
  filetype: FileTypeValue;
  nlink: bigint;
  /** Size in bytes; for a symbolic link, the length of its target. */
  size: bigint;
  atimNs: bigint;
  mtimNs: bigint;
  ctimNs: bigint;
}

/** One entry of a directory listing, without `.` and `..`. */
export interface DirEntry {
  name: string;
  filetype: FileTypeValue;
  ino: bigint;
}

/** How {@link FileSystem.open} opens a file; a final symbolic link is never followed. */
export interface OpenFlags {
  /** Create the file if it does not exist. */
  create: boolean;
  /** With `create`, fail with `exist` if the file exists. */
  exclusive: boolean;
  /** Truncate an existing file to 0 bytes. */
  truncate: boolean;
  /** Open the file for writing (else read only). */
  write: boolean;
}

/**
 * A path inside a {@link FileSystem}: its components from the backend's root.
 * The sandbox hands backends only resolved paths: no empty, `.` or `..`
 * component, no `/` or NUL in a component, no symbolic link before the last
 * component.
 */
export type FsPath = readonly string[];

/**
 * An open regular file. Offsets and sizes are in bytes; the file cursor and
 * append mode are kept by the caller, so every access is positional.
 */
export interface FileHandle {
  /** Reads into `buffer` from byte `position`; returns the bytes read (0 at end). */
  read(buffer: Uint8Array, position: bigint): number;
  /** Writes `data` at byte `position`; returns the bytes written. */
  write(data: Uint8Array, position: bigint): number;
  stat(): FileStat;
  /** Sets the size to `size` bytes, zero-filling when it grows. */
  truncate(size: bigint): void;
  /** Sets the access and modification times; `null` keeps a time. */
  setTimes(atimNs: bigint | null, mtimNs: bigint | null): void;
  /** Flushes data and metadata to storage. */
  sync(): void;
  close(): void;
}

/**
 * A filesystem backend. Every method takes resolved paths ({@link FsPath}),
 * never follows a symbolic link in the last component, and reports failures
 * by throwing {@link FsError} with a preview1 errno.
 */
export interface FileSystem {
  /** Metadata of the file at `path`, not following a final symbolic link. */
  lstat(path: FsPath): FileStat;
  /** The target of the symbolic link at `path`. */
  readlink(path: FsPath): string;
  /** The entries of the directory at `path`, without `.` and `..`. */
  readdir(path: FsPath): DirEntry[];
  mkdir(path: FsPath): void;
  /** Removes the empty directory at `path`. */
  rmdir(path: FsPath): void;
  /** Removes the non-directory at `path`. */
  unlink(path: FsPath): void;
  /** Moves `from` to `to`, replacing `to` as POSIX `rename` does. */
  rename(from: FsPath, to: FsPath): void;
  /** Makes `to` a new hard link to the file at `from`. */
  link(from: FsPath, to: FsPath): void;
  /** Creates a symbolic link at `path` whose target is `target`. */
  symlink(target: string, path: FsPath): void;
  /** Sets the times of the file at `path` itself; `null` keeps a time. */
  setTimes(path: FsPath, atimNs: bigint | null, mtimNs: bigint | null): void;
  /** Opens the regular file at `path`. */
  open(path: FsPath, flags: OpenFlags): FileHandle;
}

/** A backend failure carrying the preview1 errno to return to the guest. */
export class FsError extends Error {
  override readonly name = 'FsError';
  readonly errno: ErrnoValue;
  constructor(errno: ErrnoValue, message?: string) {
    super(message ?? `errno ${errno}`);
    this.errno = errno;
  }
}

/** Throws {@link FsError} with `errno`. */
export function fail(errno: ErrnoValue, message?: string): never {
  throw new FsError(errno, message);
}
