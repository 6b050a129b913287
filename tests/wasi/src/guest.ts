// A WAT guest that imports every wasi_snapshot_preview1 function and exports
// a forwarder for each, so a test can call any function from inside a real
// WebAssembly instance with pointers into its memory.
import wabt from 'wabt';
import type { WASI } from '@tswasm/wasi';

type P = 'i32' | 'i64';

/** Every preview1 function with its parameter types; all return an errno (i32) but proc_exit. */
export const SIGNATURES: Readonly<Record<string, readonly P[]>> = {
  args_get: ['i32', 'i32'],
  args_sizes_get: ['i32', 'i32'],
  environ_get: ['i32', 'i32'],
  environ_sizes_get: ['i32', 'i32'],
  clock_res_get: ['i32', 'i32'],
  clock_time_get: ['i32', 'i64', 'i32'],
  fd_advise: ['i32', 'i64', 'i64', 'i32'],
  fd_allocate: ['i32', 'i64', 'i64'],
  fd_close: ['i32'],
  fd_datasync: ['i32'],
  fd_fdstat_get: ['i32', 'i32'],
  fd_fdstat_set_flags: ['i32', 'i32'],
  fd_fdstat_set_rights: ['i32', 'i64', 'i64'],
  fd_filestat_get: ['i32', 'i32'],
  fd_filestat_set_size: ['i32', 'i64'],
  fd_filestat_set_times: ['i32', 'i64', 'i64', 'i32'],
  fd_pread: ['i32', 'i32', 'i32', 'i64', 'i32'],
  fd_prestat_get: ['i32', 'i32'],
  fd_prestat_dir_name: ['i32', 'i32', 'i32'],
  fd_pwrite: ['i32', 'i32', 'i32', 'i64', 'i32'],
  fd_read: ['i32', 'i32', 'i32', 'i32'],
  fd_readdir: ['i32', 'i32', 'i32', 'i64', 'i32'],
  fd_renumber: ['i32', 'i32'],
  fd_seek: ['i32', 'i64', 'i32', 'i32'],
  fd_sync: ['i32'],
  fd_tell: ['i32', 'i32'],
  fd_write: ['i32', 'i32', 'i32', 'i32'],
  path_create_directory: ['i32', 'i32', 'i32'],
  path_filestat_get: ['i32', 'i32', 'i32', 'i32', 'i32'],
  path_filestat_set_times: ['i32', 'i32', 'i32', 'i32', 'i64', 'i64', 'i32'],
  path_link: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'],
  path_open: ['i32', 'i32', 'i32', 'i32', 'i32', 'i64', 'i64', 'i32', 'i32'],
  path_readlink: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'],
  path_remove_directory: ['i32', 'i32', 'i32'],
  path_rename: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'],
  path_symlink: ['i32', 'i32', 'i32', 'i32', 'i32'],
  path_unlink_file: ['i32', 'i32', 'i32'],
  poll_oneoff: ['i32', 'i32', 'i32', 'i32'],
  proc_exit: ['i32'],
  proc_raise: ['i32'],
  sched_yield: [],
  random_get: ['i32', 'i32'],
  sock_accept: ['i32', 'i32', 'i32'],
  sock_recv: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'],
  sock_send: ['i32', 'i32', 'i32', 'i32', 'i32'],
  sock_shutdown: ['i32', 'i32'],
};

/** The WAT of the forwarding guest. */
export function forwarderWat(): string {
  const lines = ['(module'];
  for (const [name, params] of Object.entries(SIGNATURES)) {
    const result = name === 'proc_exit' ? '' : ' (result i32)';
    const ps = params.length > 0 ? ` (param ${params.join(' ')})` : '';
    lines.push(
      `  (import "wasi_snapshot_preview1" "${name}" (func $${name}${ps}${result}))`,
    );
  }
  lines.push('  (memory (export "memory") 4)');
  for (const [name, params] of Object.entries(SIGNATURES)) {
    const result = name === 'proc_exit' ? '' : ' (result i32)';
    const ps = params.length > 0 ? ` (param ${params.join(' ')})` : '';
    const gets = params.map((_, i) => `(local.get ${i})`).join(' ');
    lines.push(
      `  (func (export "${name}")${ps}${result} (call $${name} ${gets}))`,
    );
  }
  lines.push(')');
  return lines.join('\n');
}

let wabtModule: Awaited<ReturnType<typeof wabt>> | undefined;

/** Assembles WAT text with wabt. */
export async function assemble(wat: string): Promise<Uint8Array> {
  wabtModule ??= await wabt();
  const module = wabtModule.parseWat('guest.wat', wat);
  try {
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

let forwarder: Promise<WebAssembly.Module> | undefined;

/** A WebAssembly namespace to instantiate with: V8's, or our engine's drop-in one. */
export interface Engine {
  name: string;
  compile(bytes: Uint8Array): Promise<WebAssembly.Module>;
  instantiate(
    module: WebAssembly.Module,
    imports: WebAssembly.Imports,
  ): Promise<WebAssembly.Instance>;
}

/** V8's native WebAssembly. */
export const v8: Engine = {
  name: 'V8',
  compile: (bytes) => WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>),
  instantiate: (module, imports) => WebAssembly.instantiate(module, imports),
};

/** Our engine's drop-in WebAssembly namespace as an {@link Engine}, or null while it has none. */
async function loadTswasm(): Promise<Engine | null> {
  try {
    const engine = (await import('@tswasm/engine')) as Record<string, unknown>;
    const create = engine['createWebAssembly'];
    const namespace = (
      typeof create === 'function'
        ? (create as (o: object) => unknown)({})
        : engine['WebAssembly']
    ) as typeof WebAssembly | undefined;
    if (typeof namespace?.instantiate !== 'function') return null;
    return {
      name: 'tswasm',
      compile: (bytes) => namespace.compile(bytes as Uint8Array<ArrayBuffer>),
      instantiate: (module, imports) => namespace.instantiate(module, imports),
    };
  } catch {
    return null;
  }
}

const tswasm = await loadTswasm();

/**
 * The engines to run on: V8, and @tswasm/engine once it offers a WebAssembly
 * namespace (until then its runs are left out, as the suite table shows).
 */
export const ENGINES: readonly Engine[] = tswasm === null ? [v8] : [v8, tswasm];

/** Calls into the guest, plus a bump allocator over its memory. */
export class Guest {
  readonly exports: Record<string, (...args: (number | bigint)[]) => number>;
  readonly memory: WebAssembly.Memory;
  #next = 1024;

  constructor(instance: WebAssembly.Instance) {
    this.exports = instance.exports as unknown as Record<
      string,
      (...args: (number | bigint)[]) => number
    >;
    this.memory = instance.exports['memory'] as WebAssembly.Memory;
  }

  /** Calls the preview1 function `name` through the guest; returns its errno. */
  call(name: keyof typeof SIGNATURES, ...args: (number | bigint)[]): number {
    const fn = this.exports[name];
    if (fn === undefined) throw new Error(`no export ${name}`);
    return fn(...args);
  }

  /** Reserves `n` zeroed bytes; returns their address. */
  alloc(n: number): number {
    const ptr = this.#next;
    this.#next = (this.#next + n + 7) & ~7;
    this.bytes(ptr, n).fill(0);
    return ptr;
  }

  /** Copies `s` (UTF-8) or bytes into memory; returns [address, byte length]. */
  put(s: string | Uint8Array): [number, number] {
    const bytes = typeof s === 'string' ? new TextEncoder().encode(s) : s;
    const ptr = this.alloc(bytes.length);
    this.bytes(ptr, bytes.length).set(bytes);
    return [ptr, bytes.length];
  }

  bytes(ptr: number, n: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, ptr, n);
  }
  text(ptr: number, n: number): string {
    return new TextDecoder().decode(this.bytes(ptr, n));
  }
  u8(ptr: number): number {
    return new DataView(this.memory.buffer).getUint8(ptr);
  }
  u16(ptr: number): number {
    return new DataView(this.memory.buffer).getUint16(ptr, true);
  }
  u32(ptr: number): number {
    return new DataView(this.memory.buffer).getUint32(ptr, true);
  }
  u64(ptr: number): bigint {
    return new DataView(this.memory.buffer).getBigUint64(ptr, true);
  }
  setU32(ptr: number, v: number): void {
    new DataView(this.memory.buffer).setUint32(ptr, v, true);
  }
  setU64(ptr: number, v: bigint): void {
    new DataView(this.memory.buffer).setBigUint64(ptr, v, true);
  }

  /** An iovec array over the given buffers (strings are copied in). */
  iovecs(buffers: (string | number)[]): [number, number] {
    const iovs = this.alloc(buffers.length * 8);
    buffers.forEach((b, i) => {
      const [ptr, len] =
        typeof b === 'string' ? this.put(b) : [this.alloc(b), b];
      this.setU32(iovs + i * 8, ptr);
      this.setU32(iovs + i * 8 + 4, len);
    });
    return [iovs, buffers.length];
  }
}

/** Instantiates the forwarding guest against `wasi` on `engine`, bound to its memory. */
export async function makeGuest(
  wasi: WASI,
  engine: Engine = v8,
): Promise<Guest> {
  let module: WebAssembly.Module;
  if (engine === v8) {
    forwarder ??= assemble(forwarderWat()).then((bytes) => v8.compile(bytes));
    module = await forwarder;
  } else {
    module = await engine.compile(await assemble(forwarderWat()));
  }
  const instance = await engine.instantiate(module, wasi.getImportObject());
  wasi.initialize(instance);
  return new Guest(instance);
}
