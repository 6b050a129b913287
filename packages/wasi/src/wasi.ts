import {
  FileType,
  RIGHTS_ALL,
  RIGHTS_DIRECTORY,
  RIGHTS_STDIO,
} from './constants.js';
import type { FileSystem } from './fs/file-system.js';
import { MemoryFileSystem } from './fs/memory-file-system.js';
import type { MemoryTree } from './fs/memory-file-system.js';
import type { MemoryLike } from './guest-memory.js';
import { MemoryInput, MemoryOutput } from './streams.js';
import type { WasiInput, WasiOutput } from './streams.js';
import { argsEnvironCalls } from './syscalls/args-environ.js';
import { clockPollCalls } from './syscalls/clock-poll.js';
import { fdCalls } from './syscalls/fd.js';
import { pathCalls } from './syscalls/path.js';
import { procSockCalls } from './syscalls/proc-sock.js';
import { WasiContext } from './wasi-context.js';
import type { WasiClocks, WasiLimits } from './wasi-context.js';
import { WasiExit } from './wasi-exit.js';

/**
 * What a preopen shows the guest: a whole backend, a directory (a
 * `/`-separated path) inside the `fs` option's backend, or a tree to fill a
 * fresh in-memory filesystem with.
 */
export type PreopenSource = FileSystem | string | MemoryTree;

/** Options of {@link WASI}, shaped like those of `node:wasi`. */
export interface WasiOptions {
  /** Only `'preview1'` (`wasi_snapshot_preview1`) exists. */
  version?: 'preview1';
  /** The command line, program name first. */
  args?: readonly string[];
  /** Environment variables. */
  env?: Readonly<Record<string, string>>;
  /**
   * Directories the guest may use, by guest path (`'/'`, `'/data'`, `'.'`).
   * They are the sandbox: nothing resolves outside them.
   */
  preopens?: Readonly<Record<string, PreopenSource>>;
  /** Standard input; a string or bytes are served from memory. Default: empty. */
  stdin?: WasiInput | string | Uint8Array;
  /** Standard output. Default: a {@link MemoryOutput}, see {@link WASI.stdout}. */
  stdout?: WasiOutput;
  /** Standard error. Default: a {@link MemoryOutput}, see {@link WASI.stderr}. */
  stderr?: WasiOutput;
  /** `start` returns the exit code of `proc_exit` instead of throwing {@link WasiExit}. Default true. */
  returnOnExit?: boolean;
  /** The backend that string preopens name directories of. Default: an empty {@link MemoryFileSystem}. */
  fs?: FileSystem;
  /** Quotas; see {@link WasiLimits}. */
  limits?: WasiLimits;
  /** Clock sources; see {@link WasiClocks}. */
  clocks?: Partial<WasiClocks>;
}

/** A module instance, from V8's `WebAssembly` or any engine with the same JS API. */
export interface InstanceLike {
  readonly exports: Readonly<Record<string, unknown>>;
}

function isFileSystem(source: PreopenSource): source is FileSystem {
  return (
    typeof source === 'object' &&
    typeof (source as Partial<FileSystem>).lstat === 'function'
  );
}

function splitHostPath(path: string): string[] {
  const parts = path.split('/').filter((c) => c !== '' && c !== '.');
  if (parts.includes('..'))
    throw new Error(`preopen path may not contain '..': ${path}`);
  return parts;
}

function defaultClocks(): WasiClocks {
  const origin = performance.now();
  const monotonicNs = (): bigint => BigInt(Math.round(performance.now() * 1e6));
  return {
    // The wall clock itself: performance.timeOrigin + now() drifts from it.
    realtimeNs: () => BigInt(Date.now()) * 1_000_000n,
    monotonicNs,
    cpuTimeNs: () => BigInt(Math.round((performance.now() - origin) * 1e6)),
  };
}

/**
 * WASI preview1 for any WebAssembly engine: builds the
 * `wasi_snapshot_preview1` import object over a guest memory with a `buffer`.
 * @see https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md
 */
export class WASI {
  /** The functions to import as `wasi_snapshot_preview1`. */
  readonly wasiImport: Record<string, (...args: never[]) => number>;
  /** The guest's standard output. */
  readonly stdout: WasiOutput;
  /** The guest's standard error. */
  readonly stderr: WasiOutput;
  readonly #ctx: WasiContext;
  readonly #returnOnExit: boolean;
  #started = false;

  /** @throws {Error} if a preopen does not name a directory. */
  constructor(options: WasiOptions = {}) {
    if (options.version !== undefined && options.version !== 'preview1') {
      throw new Error(`unsupported WASI version: ${String(options.version)}`);
    }
    const env = Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`);
    const clocks = { ...defaultClocks(), ...options.clocks };
    const ctx = new WasiContext(
      options.args ?? [],
      env,
      options.limits ?? {},
      clocks,
    );
    this.#ctx = ctx;
    this.#returnOnExit = options.returnOnExit ?? true;

    const stdin = options.stdin;
    const input =
      stdin === undefined ||
      typeof stdin === 'string' ||
      stdin instanceof Uint8Array
        ? new MemoryInput(stdin)
        : stdin;
    this.stdout = options.stdout ?? new MemoryOutput();
    this.stderr = options.stderr ?? new MemoryOutput();
    const stdio = (i: WasiInput | null, o: WasiOutput | null) => ({
      kind: 'stream' as const,
      input: i,
      output: o,
      flags: 0,
      rightsBase: RIGHTS_STDIO,
      rightsInheriting: 0n,
    });
    ctx.fds.add(stdio(input, null));
    ctx.fds.add(stdio(null, this.stdout));
    ctx.fds.add(stdio(null, this.stderr));

    let defaultFs: FileSystem | undefined = options.fs;
    for (const [name, source] of Object.entries(options.preopens ?? {})) {
      let fs: FileSystem;
      let root: string[] = [];
      if (typeof source === 'string') {
        fs = defaultFs ??= new MemoryFileSystem();
        root = splitHostPath(source);
      } else if (isFileSystem(source)) {
        fs = source;
      } else {
        fs = new MemoryFileSystem(source);
      }
      if (fs.lstat(root).filetype !== FileType.directory) {
        throw new Error(`preopen ${name} is not a directory`);
      }
      ctx.fds.add({
        kind: 'directory',
        fs,
        root,
        path: root,
        preopenName: name,
        listing: null,
        flags: 0,
        rightsBase: RIGHTS_DIRECTORY,
        rightsInheriting: RIGHTS_ALL,
      });
    }

    this.wasiImport = {
      ...argsEnvironCalls(ctx),
      ...clockPollCalls(ctx),
      ...fdCalls(ctx),
      ...pathCalls(ctx),
      ...procSockCalls(ctx),
    };
  }

  /** The import object: `{ wasi_snapshot_preview1: wasiImport }`. */
  getImportObject(): {
    wasi_snapshot_preview1: Record<string, (...args: never[]) => number>;
  } {
    return { wasi_snapshot_preview1: this.wasiImport };
  }

  /** Uses `memory` for guest pointers, for callers that run exports themselves. */
  bindMemory(memory: MemoryLike): void {
    this.#ctx.memory = memory;
  }

  /**
   * Runs a command: calls its `_start` export, then closes every fd.
   * Returns the exit code: 0 when `_start` returns, else the code given to
   * `proc_exit` (with `returnOnExit`; otherwise the {@link WasiExit} is thrown).
   * @throws {Error} if the instance is no command or was started already;
   *   whatever `_start` throws other than {@link WasiExit} (a trap) passes.
   */
  start(instance: InstanceLike): number {
    const start = instance.exports['_start'];
    if (typeof start !== 'function')
      throw new Error('instance has no _start export');
    if (instance.exports['_initialize'] !== undefined) {
      throw new Error('instance exports both _start and _initialize');
    }
    this.#bind(instance);
    try {
      (start as () => unknown)();
      return 0;
    } catch (error) {
      if (error instanceof WasiExit && this.#returnOnExit) return error.code;
      throw error;
    } finally {
      this.#ctx.fds.closeAll();
    }
  }

  /**
   * Prepares a reactor: calls its `_initialize` export, if any.
   * @throws {Error} if the instance has a `_start` export or was started already.
   */
  initialize(instance: InstanceLike): void {
    if (instance.exports['_start'] !== undefined)
      throw new Error('instance exports _start: use start()');
    this.#bind(instance);
    const init = instance.exports['_initialize'];
    if (typeof init === 'function') (init as () => unknown)();
  }

  #bind(instance: InstanceLike): void {
    if (this.#started) throw new Error('WASI instance already started');
    const memory = instance.exports['memory'] as
      Partial<MemoryLike> | undefined;
    if (
      typeof memory !== 'object' ||
      memory === null ||
      !('buffer' in memory)
    ) {
      throw new Error('instance has no memory export');
    }
    this.#started = true;
    this.#ctx.memory = memory as MemoryLike;
  }
}
