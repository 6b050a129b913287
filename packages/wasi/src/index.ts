export { WASI } from './wasi.js';
export type { WasiOptions, PreopenSource, InstanceLike } from './wasi.js';
export { WasiExit } from './wasi-exit.js';
export type { WasiLimits, WasiClocks } from './wasi-context.js';
export type { MemoryLike } from './guest-memory.js';
export { MemoryFileSystem } from './fs/memory-file-system.js';
export type {
  MemoryTree,
  MemoryEntry,
  MemorySymlink,
} from './fs/memory-file-system.js';
export { FsError } from './fs/file-system.js';
export type {
  FileSystem,
  FileHandle,
  FileStat,
  DirEntry,
  OpenFlags,
  FsPath,
} from './fs/file-system.js';
export { MemoryInput, MemoryOutput } from './streams.js';
export type { WasiInput, WasiOutput } from './streams.js';
export {
  Errno,
  FileType,
  ClockId,
  Whence,
  FdFlags,
  OFlags,
  LookupFlags,
  FstFlags,
  EventType,
  SubclockFlags,
  Advice,
  SdFlags,
  Signal,
  Rights,
  RIGHTS_ALL,
  RIGHTS_FILE,
  RIGHTS_DIRECTORY,
  RIGHTS_STDIO,
} from './constants.js';
export type { ErrnoValue, FileTypeValue } from './constants.js';
