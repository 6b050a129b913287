import { Errno } from './constants.js';
import type {
  DirEntry,
  FileHandle,
  FileSystem,
  FsPath,
} from './fs/file-system.js';
import { fail } from './fs/file-system.js';
import type { WasiInput, WasiOutput } from './streams.js';

interface FdBase {
  rightsBase: bigint;
  rightsInheriting: bigint;
  /** `fdflags` bits. */
  flags: number;
}

/** An open regular file. */
export interface FileFd extends FdBase {
  kind: 'file';
  fs: FileSystem;
  handle: FileHandle;
  /** The file cursor, in bytes. */
  position: bigint;
}

/** An open directory; `path` starts with the `root` of its preopen. */
export interface DirFd extends FdBase {
  kind: 'directory';
  fs: FileSystem;
  /** The sandbox: nothing may resolve above this backend path. */
  root: FsPath;
  path: FsPath;
  /** The guest name of the preopen, if this fd is one. */
  preopenName: string | null;
  /** The listing served to `fd_readdir`, taken when cookie 0 is asked. */
  listing: DirEntry[] | null;
}

/** A standard stream (a character device). */
export interface StreamFd extends FdBase {
  kind: 'stream';
  input: WasiInput | null;
  output: WasiOutput | null;
}

/** Anything a WASI file descriptor can refer to. */
export type Fd = FileFd | DirFd | StreamFd;

/** The table of open file descriptors, numbered from 0. */
export class FdTable {
  readonly #fds = new Map<number, Fd>();
  readonly #maxOpen: number;

  constructor(maxOpen: number) {
    this.#maxOpen = maxOpen;
  }

  /** The fd numbered `fd`, or `badf`. */
  get(fd: number): Fd {
    return this.#fds.get(fd) ?? fail(Errno.badf);
  }

  /** The fd numbered `fd` if it has every right in `rights`. */
  withRights(fd: number, rights: bigint): Fd {
    const entry = this.get(fd);
    if ((entry.rightsBase & rights) !== rights) fail(Errno.notcapable);
    return entry;
  }

  /** Fails with `mfile` if no further fd may be opened. */
  checkRoom(): void {
    if (this.#fds.size >= this.#maxOpen) fail(Errno.mfile);
  }

  /** Adds `entry` under the lowest free number; `mfile` past the limit. */
  add(entry: Fd): number {
    if (this.#fds.size >= this.#maxOpen) fail(Errno.mfile);
    let fd = 0;
    while (this.#fds.has(fd)) fd++;
    this.#fds.set(fd, entry);
    return fd;
  }

  /** Removes and closes `fd`. */
  close(fd: number): void {
    const entry = this.get(fd);
    this.#fds.delete(fd);
    closeFd(entry);
  }

  /** Moves `from` onto `to`, closing what `to` held. */
  renumber(from: number, to: number): void {
    const source = this.get(from);
    const target = this.get(to);
    if (from === to) return;
    this.#fds.delete(from);
    this.#fds.set(to, source);
    closeFd(target);
  }

  /** Closes every fd. */
  closeAll(): void {
    for (const entry of this.#fds.values()) closeFd(entry);
    this.#fds.clear();
  }
}

function closeFd(entry: Fd): void {
  if (entry.kind === 'file') {
    try {
      entry.handle.close();
    } catch {
      // Closing is best effort: the descriptor is gone either way.
    }
  }
}
