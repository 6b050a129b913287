import { Errno } from './constants.js';
import { fail } from './fs/file-system.js';

/** Anything with a linear-memory `buffer`, such as `WebAssembly.Memory`. */
export interface MemoryLike {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Typed access to guest memory. The buffer is read afresh for every access,
 * as `memory.grow` replaces it; an access outside it fails with `fault`.
 */
export class GuestMemory {
  readonly #getMemory: () => MemoryLike;
  constructor(getMemory: () => MemoryLike) {
    this.#getMemory = getMemory;
  }

  #view(ptr: number, byteLength: number): DataView {
    const buffer = this.#getMemory().buffer;
    if (ptr < 0 || ptr + byteLength > buffer.byteLength) fail(Errno.fault);
    return new DataView(buffer, ptr, byteLength);
  }

  /** `byteLength` bytes at `ptr`, a view (not a copy) of the memory. */
  bytes(ptr: number, byteLength: number): Uint8Array {
    const buffer = this.#getMemory().buffer;
    if (ptr < 0 || byteLength < 0 || ptr + byteLength > buffer.byteLength)
      fail(Errno.fault);
    return new Uint8Array(buffer, ptr, byteLength);
  }

  /** The UTF-8 string of `byteLength` bytes at `ptr`; `ilseq` if malformed. */
  string(ptr: number, byteLength: number): string {
    const bytes = this.bytes(ptr, byteLength).slice();
    try {
      return decoder.decode(bytes);
    } catch {
      return fail(Errno.ilseq);
    }
  }

  u8(ptr: number): number {
    return this.#view(ptr, 1).getUint8(0);
  }
  u16(ptr: number): number {
    return this.#view(ptr, 2).getUint16(0, true);
  }
  u32(ptr: number): number {
    return this.#view(ptr, 4).getUint32(0, true);
  }
  u64(ptr: number): bigint {
    return this.#view(ptr, 8).getBigUint64(0, true);
  }
  setU8(ptr: number, value: number): void {
    this.#view(ptr, 1).setUint8(0, value);
  }
  setU16(ptr: number, value: number): void {
    this.#view(ptr, 2).setUint16(0, value, true);
  }
  setU32(ptr: number, value: number): void {
    this.#view(ptr, 4).setUint32(0, value, true);
  }
  setU64(ptr: number, value: bigint): void {
    this.#view(ptr, 8).setBigUint64(0, BigInt.asUintN(64, value), true);
  }

  /** The buffers of an `iovec`/`ciovec` array of `count` entries at `ptr`. */
  iovecs(ptr: number, count: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const base = ptr + i * 8;
      out.push(this.bytes(this.u32(base), this.u32(base + 4)));
    }
    return out;
  }
}
