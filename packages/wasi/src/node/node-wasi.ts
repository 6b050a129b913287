import { WASI as CoreWASI } from '../wasi.js';
import type { PreopenSource, WasiOptions } from '../wasi.js';
import type { WasiInput, WasiOutput } from '../streams.js';
import { NodeFileSystem } from './node-file-system.js';
import { HostInput, HostOutput } from './node-streams.js';

/**
 * Options of the Node {@link WASI}: as the core ones, but a string preopen is
 * a host directory and a number is a host file descriptor for a stream.
 */
export interface NodeWasiOptions extends Omit<
  WasiOptions,
  'preopens' | 'stdin' | 'stdout' | 'stderr'
> {
  /** Guest path to a host directory (string) or any other preopen source. */
  preopens?: Readonly<Record<string, PreopenSource>>;
  /** Default: the process's standard input (fd 0). */
  stdin?: WasiInput | string | Uint8Array | number;
  /** Default: the process's standard output (fd 1). */
  stdout?: WasiOutput | number;
  /** Default: the process's standard error (fd 2). */
  stderr?: WasiOutput | number;
}

/**
 * WASI preview1 with host directories as preopens and the process's stdio by
 * default, as `node:wasi` — but sandboxed by the preopens.
 */
export class WASI extends CoreWASI {
  /** @throws {Error} if a preopen is not a directory. */
  constructor(options: NodeWasiOptions = {}) {
    const preopens: Record<string, PreopenSource> = {};
    for (const [name, source] of Object.entries(options.preopens ?? {})) {
      preopens[name] =
        typeof source === 'string' ? new NodeFileSystem(source) : source;
    }
    const stdin = options.stdin ?? 0;
    const stdout = options.stdout ?? 1;
    const stderr = options.stderr ?? 2;
    const start = process.cpuUsage();
    super({
      ...options,
      preopens,
      stdin: typeof stdin === 'number' ? new HostInput(stdin) : stdin,
      stdout: typeof stdout === 'number' ? new HostOutput(stdout) : stdout,
      stderr: typeof stderr === 'number' ? new HostOutput(stderr) : stderr,
      clocks: {
        cpuTimeNs: () => {
          const used = process.cpuUsage(start);
          return BigInt(used.user + used.system) * 1000n;
        },
        ...options.clocks,
      },
    });
  }
}
