import { Errno, FileType } from '../constants.js';
import type {
  DirEntry,
  FileHandle,
  FileStat,
  FileSystem,
  FsPath,
  OpenFlags,
} from './file-system.js';
import { fail } from './file-system.js';

/**
 * The contents to pre-fill a {@link MemoryFileSystem} with: keys are paths
 * (`'dir/file.txt'`, parents created as needed), values are file contents (a
 * string is UTF-8), a nested object for a directory, or a
 * {@link MemorySymlink} for a symbolic link.
 */
export interface MemoryTree {
  [path: string]: string | Uint8Array | MemoryTree | MemorySymlink;
}

/** A symbolic link to create in a {@link MemoryTree}. */
export interface MemorySymlink {
  symlink: string;
}

/** One entry to pre-fill a {@link MemoryFileSystem} with. */
export type MemoryEntry =
  | { path: string; type: 'file'; contents?: string | Uint8Array }
  | { path: string; type: 'directory' }
  | { path: string; type: 'symlink'; target: string };

interface Times {
  atimNs: bigint;
  mtimNs: bigint;
  ctimNs: bigint;
}
interface FileNode extends Times {
  kind: 'file';
  ino: bigint;
  nlink: number;
  data: Uint8Array;
  size: number;
}
interface DirNode extends Times {
  kind: 'directory';
  ino: bigint;
  entries: Map<string, Node>;
  parent: DirNode | null;
}
interface SymlinkNode extends Times {
  kind: 'symlink';
  ino: bigint;
  nlink: number;
  target: string;
}
type Node = FileNode | DirNode | SymlinkNode;

const DEV = 1n;
const encoder = new TextEncoder();

function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

function isTree(value: unknown): value is MemoryTree {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Uint8Array) &&
    !('symlink' in value && typeof value.symlink === 'string')
  );
}

/**
 * An in-memory filesystem: the default backend, usable in a browser. Open
 * files stay readable after they are unlinked, as on POSIX.
 */
export class MemoryFileSystem implements FileSystem {
  #nextIno = 1n;
  readonly #root: DirNode;

  /** Creates a filesystem holding `contents`, an object tree or a list of entries. */
  constructor(contents?: MemoryTree | readonly MemoryEntry[]) {
    this.#root = this.#newDir(null);
    if (Array.isArray(contents)) {
      for (const entry of contents as readonly MemoryEntry[]) {
        this.#addEntry(entry);
      }
    } else if (contents !== undefined) {
      this.#addTree([], contents as MemoryTree);
    }
  }

  // Host-side helpers, for filling and inspecting the filesystem

  /** Writes a whole file at `path` (`/`-separated), creating parent directories. */
  writeFile(path: string, contents: string | Uint8Array): void {
    this.#addEntry({ path, type: 'file', contents });
  }

  /** Creates the directory `path` and its parents. */
  mkdirp(path: string): void {
    this.#addEntry({ path, type: 'directory' });
  }

  /** The bytes of the file at `path`, following no symbolic link. */
  readFile(path: string): Uint8Array {
    const node = this.#lookup(split(path));
    if (node.kind !== 'file')
      fail(node.kind === 'directory' ? Errno.isdir : Errno.inval);
    return node.data.slice(0, node.size);
  }

  /** The text of the file at `path`, decoded as UTF-8. */
  readTextFile(path: string): string {
    return new TextDecoder().decode(this.readFile(path));
  }

  /** Whether anything exists at `path`. */
  exists(path: string): boolean {
    try {
      this.#lookup(split(path));
      return true;
    } catch {
      return false;
    }
  }

  /** The sorted names in the directory at `path`. */
  list(path = ''): string[] {
    return this.readdir(split(path))
      .map((e) => e.name)
      .sort();
  }

  // FileSystem

  lstat(path: FsPath): FileStat {
    return statOf(this.#lookup(path));
  }

  readlink(path: FsPath): string {
    const node = this.#lookup(path);
    if (node.kind !== 'symlink') fail(Errno.inval);
    return node.target;
  }

  readdir(path: FsPath): DirEntry[] {
    const dir = this.#lookupDir(path);
    return [...dir.entries].map(([name, node]) => ({
      name,
      filetype: fileTypeOf(node),
      ino: node.ino,
    }));
  }

  mkdir(path: FsPath): void {
    const [parent, name] = this.#parentOf(path);
    if (parent.entries.has(name)) fail(Errno.exist);
    parent.entries.set(name, this.#newDir(parent));
    touch(parent);
  }

  rmdir(path: FsPath): void {
    const [parent, name] = this.#parentOf(path);
    const node = parent.entries.get(name) ?? fail(Errno.noent);
    if (node.kind !== 'directory') fail(Errno.notdir);
    if (node.entries.size > 0) fail(Errno.notempty);
    parent.entries.delete(name);
    touch(parent);
  }

  unlink(path: FsPath): void {
    const [parent, name] = this.#parentOf(path);
    const node = parent.entries.get(name) ?? fail(Errno.noent);
    if (node.kind === 'directory') fail(Errno.isdir);
    parent.entries.delete(name);
    node.nlink--;
    node.ctimNs = nowNs();
    touch(parent);
  }

  rename(from: FsPath, to: FsPath): void {
    const [fromParent, fromName] = this.#parentOf(from);
    const node = fromParent.entries.get(fromName) ?? fail(Errno.noent);
    const [toParent, toName] = this.#parentOf(to);
    const existing = toParent.entries.get(toName);
    if (existing === node) return;
    if (node.kind === 'directory') {
      // A directory cannot move into itself or a descendant.
      for (let d: DirNode | null = toParent; d !== null; d = d.parent) {
        if (d === node) fail(Errno.inval);
      }
      if (existing !== undefined) {
        if (existing.kind !== 'directory') fail(Errno.notdir);
        if (existing.entries.size > 0) fail(Errno.notempty);
      }
      node.parent = toParent;
    } else if (existing !== undefined) {
      if (existing.kind === 'directory') fail(Errno.isdir);
      existing.nlink--;
    }
    fromParent.entries.delete(fromName);
    toParent.entries.set(toName, node);
    node.ctimNs = nowNs();
    touch(fromParent);
    touch(toParent);
  }

  link(from: FsPath, to: FsPath): void {
    const node = this.#lookup(from);
    if (node.kind === 'directory') fail(Errno.perm);
    const [toParent, toName] = this.#parentOf(to);
    if (toParent.entries.has(toName)) fail(Errno.exist);
    toParent.entries.set(toName, node);
    node.nlink++;
    node.ctimNs = nowNs();
    touch(toParent);
  }

  symlink(target: string, path: FsPath): void {
    const [parent, name] = this.#parentOf(path);
    if (parent.entries.has(name)) fail(Errno.exist);
    const t = nowNs();
    parent.entries.set(name, {
      kind: 'symlink',
      ino: this.#nextIno++,
      nlink: 1,
      target,
      atimNs: t,
      mtimNs: t,
      ctimNs: t,
    });
    touch(parent);
  }

  setTimes(path: FsPath, atimNs: bigint | null, mtimNs: bigint | null): void {
    setTimes(this.#lookup(path), atimNs, mtimNs);
  }

  open(path: FsPath, flags: OpenFlags): FileHandle {
    const [parent, name] = this.#parentOf(path);
    let node = parent.entries.get(name);
    if (node === undefined) {
      if (!flags.create) fail(Errno.noent);
      const t = nowNs();
      node = {
        kind: 'file',
        ino: this.#nextIno++,
        nlink: 1,
        data: new Uint8Array(0),
        size: 0,
        atimNs: t,
        mtimNs: t,
        ctimNs: t,
      };
      parent.entries.set(name, node);
      touch(parent);
    } else {
      if (flags.create && flags.exclusive) fail(Errno.exist);
      if (node.kind === 'directory') fail(Errno.isdir);
      if (node.kind === 'symlink') fail(Errno.loop);
      if (flags.truncate) resize(node, 0);
    }
    return new MemoryFileHandle(node);
  }

  // Internals

  #newDir(parent: DirNode | null): DirNode {
    const t = nowNs();
    return {
      kind: 'directory',
      ino: this.#nextIno++,
      entries: new Map(),
      parent,
      atimNs: t,
      mtimNs: t,
      ctimNs: t,
    };
  }

  #lookup(path: FsPath): Node {
    let node: Node = this.#root;
    for (const name of path) {
      if (node.kind !== 'directory') fail(Errno.notdir);
      node = node.entries.get(name) ?? fail(Errno.noent);
    }
    return node;
  }

  #lookupDir(path: FsPath): DirNode {
    const node = this.#lookup(path);
    if (node.kind !== 'directory') fail(Errno.notdir);
    return node;
  }

  #parentOf(path: FsPath): [DirNode, string] {
    const name = path[path.length - 1];
    // The root has no parent entry to change.
    if (name === undefined) fail(Errno.busy);
    return [this.#lookupDir(path.slice(0, -1)), name];
  }

  #mkdirs(path: FsPath): DirNode {
    let dir = this.#root;
    for (const name of path) {
      let next = dir.entries.get(name);
      if (next === undefined) {
        next = this.#newDir(dir);
        dir.entries.set(name, next);
      }
      if (next.kind !== 'directory') fail(Errno.notdir);
      dir = next;
    }
    return dir;
  }

  #addEntry(entry: MemoryEntry): void {
    const path = split(entry.path);
    if (entry.type === 'directory') {
      this.#mkdirs(path);
      return;
    }
    const name = path[path.length - 1] ?? fail(Errno.inval);
    const parent = this.#mkdirs(path.slice(0, -1));
    const existing = parent.entries.get(name);
    if (existing !== undefined) {
      if (existing.kind === 'directory') fail(Errno.isdir);
      parent.entries.delete(name);
      existing.nlink--;
    }
    if (entry.type === 'symlink') {
      this.symlink(entry.target, path);
      return;
    }
    const handle = this.open(path, {
      create: true,
      exclusive: false,
      truncate: true,
      write: true,
    });
    const contents = entry.contents ?? '';
    handle.write(
      typeof contents === 'string' ? encoder.encode(contents) : contents,
      0n,
    );
    handle.close();
  }

  #addTree(prefix: string[], tree: MemoryTree): void {
    for (const [key, value] of Object.entries(tree)) {
      const path = [...prefix, ...split(key)];
      const joined = path.join('/');
      if (typeof value === 'string' || value instanceof Uint8Array) {
        this.#addEntry({ path: joined, type: 'file', contents: value });
      } else if (isTree(value)) {
        this.#mkdirs(path);
        this.#addTree(path, value);
      } else {
        this.#addEntry({
          path: joined,
          type: 'symlink',
          target: value.symlink,
        });
      }
    }
  }
}

class MemoryFileHandle implements FileHandle {
  readonly #node: FileNode;
  constructor(node: FileNode) {
    this.#node = node;
  }
  read(buffer: Uint8Array, position: bigint): number {
    const node = this.#node;
    if (position >= BigInt(node.size)) return 0;
    const start = Number(position);
    const n = Math.min(buffer.length, node.size - start);
    buffer.set(node.data.subarray(start, start + n));
    node.atimNs = nowNs();
    return n;
  }
  write(data: Uint8Array, position: bigint): number {
    const node = this.#node;
    const end = position + BigInt(data.length);
    if (end > BigInt(Number.MAX_SAFE_INTEGER)) fail(Errno.fbig);
    const start = Number(position);
    if (Number(end) > node.size) resize(node, Number(end));
    node.data.set(data, start);
    node.mtimNs = node.ctimNs = nowNs();
    return data.length;
  }
  stat(): FileStat {
    return statOf(this.#node);
  }
  truncate(size: bigint): void {
    if (size > 0x7fff_ffffn) fail(Errno.fbig);
    resize(this.#node, Number(size));
  }
  setTimes(atimNs: bigint | null, mtimNs: bigint | null): void {
    setTimes(this.#node, atimNs, mtimNs);
  }
  sync(): void {}
  close(): void {}
}

function resize(node: FileNode, size: number): void {
  if (size > node.data.length) {
    // Grow geometrically so appends stay linear.
    const data = new Uint8Array(Math.max(size, node.data.length * 2, 64));
    data.set(node.data.subarray(0, node.size));
    node.data = data;
  } else if (size < node.size) {
    node.data.fill(0, size, node.size);
  }
  node.size = size;
  node.mtimNs = node.ctimNs = nowNs();
}

function setTimes(
  node: Node,
  atimNs: bigint | null,
  mtimNs: bigint | null,
): void {
  if (atimNs !== null) node.atimNs = atimNs;
  if (mtimNs !== null) node.mtimNs = mtimNs;
  node.ctimNs = nowNs();
}

function touch(dir: DirNode): void {
  dir.mtimNs = dir.ctimNs = nowNs();
}

function fileTypeOf(node: Node): (typeof FileType)[keyof typeof FileType] {
  switch (node.kind) {
    case 'file':
      return FileType.regularFile;
    case 'directory':
      return FileType.directory;
    case 'symlink':
      return FileType.symbolicLink;
  }
}

function statOf(node: Node): FileStat {
  let size: bigint;
  let nlink: bigint;
  switch (node.kind) {
    case 'file':
      size = BigInt(node.size);
      nlink = BigInt(node.nlink);
      break;
    case 'directory':
      size = 4096n;
      nlink =
        2n +
        BigInt(
          [...node.entries.values()].filter((n) => n.kind === 'directory')
            .length,
        );
      break;
    case 'symlink':
      size = BigInt(encoder.encode(node.target).length);
      nlink = BigInt(node.nlink);
      break;
  }
  return {
    dev: DEV,
    ino: node.ino,
    filetype: fileTypeOf(node),
    nlink,
    size,
    atimNs: node.atimNs,
    mtimNs: node.mtimNs,
    ctimNs: node.ctimNs,
  };
}

/** Splits a host-side `/`-separated path; `.` and empty components are dropped. */
function split(path: string): string[] {
  const out: string[] = [];
  for (const c of path.split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..')
      fail(Errno.inval, 'memory filesystem paths may not contain ..');
    out.push(c);
  }
  return out;
}
