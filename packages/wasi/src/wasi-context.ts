import { Errno } from './constants.js';
import type { ErrnoValue } from './constants.js';
import { FdTable } from './fd-table.js';
import { fail, FsError } from './fs/file-system.js';
import { GuestMemory } from './guest-memory.js';
import type { MemoryLike } from './guest-memory.js';
import { WasiExit } from './wasi-exit.js';

/** Quotas that keep a guest from exhausting the host. */
export interface WasiLimits {
  /** Total bytes the guest may write through `fd_write`/`fd_pwrite` (`dquot` past it). */
  maxBytesWritten?: number;
  /** Largest size a file may reach, in bytes (`fbig` past it). */
  maxFileSize?: number;
  /** Most file descriptors open at once, stdio and preopens included (`mfile`). */
  maxOpenFds?: number;
}

/** Clock sources, in nanoseconds; replace them for deterministic runs. */
export interface WasiClocks {
  /** Wall-clock time since the Unix epoch. */
  realtimeNs(): bigint;
  /** A clock that never goes back. */
  monotonicNs(): bigint;
  /** CPU time used by the process. */
  cpuTimeNs(): bigint;
}

/** The state the syscalls share: memory, fds, args, env, limits. */
export class WasiContext {
  readonly fds: FdTable;
  readonly args: readonly Uint8Array[];
  readonly env: readonly Uint8Array[];
  readonly clocks: WasiClocks;
  readonly maxBytesWritten: number;
  readonly maxFileSize: bigint;
  bytesWritten = 0;
  memory: MemoryLike | null = null;
  readonly mem: GuestMemory;

  constructor(
    args: readonly string[],
    env: readonly string[],
    limits: WasiLimits,
    clocks: WasiClocks,
  ) {
    const encoder = new TextEncoder();
    this.args = args.map((a) => encoder.encode(`${a}\0`));
    this.env = env.map((e) => encoder.encode(`${e}\0`));
    this.fds = new FdTable(limits.maxOpenFds ?? 1024);
    this.maxBytesWritten = limits.maxBytesWritten ?? Infinity;
    this.maxFileSize = BigInt(limits.maxFileSize ?? Number.MAX_SAFE_INTEGER);
    this.clocks = clocks;
    this.mem = new GuestMemory(
      () => this.memory ?? fail(Errno.fault, 'no memory bound'),
    );
  }

  /** Bytes of `wanted` that the write quota still allows; `dquot` if none. */
  allowWrite(wanted: number): number {
    const left = this.maxBytesWritten - this.bytesWritten;
    if (wanted > 0 && left <= 0) fail(Errno.dquot);
    return Math.min(wanted, left);
  }
}

/**
 * Wraps a syscall body: an {@link FsError} becomes its errno, an access
 * outside memory `fault`, any other failure `io`; {@link WasiExit} passes.
 */
export function syscall<A extends unknown[]>(
  body: (...args: A) => ErrnoValue | void,
): (...args: A) => number {
  return (...args: A): number => {
    try {
      return body(...args) ?? Errno.success;
    } catch (error) {
      if (error instanceof FsError) return error.errno;
      if (error instanceof WasiExit) throw error;
      if (error instanceof RangeError) return Errno.fault;
      return Errno.io;
    }
  };
}
