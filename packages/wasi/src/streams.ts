/**
 * A readable standard stream. `read` is synchronous: WASI calls are.
 */
export interface WasiInput {
  /** Returns up to `maxBytes` bytes; an empty array means end of input. */
  read(maxBytes: number): Uint8Array;
  /** Whether a `read` would return at once (for `poll_oneoff`); defaults to true. */
  isReady?(): boolean;
}

/** A writable standard stream. */
export interface WasiOutput {
  /** Writes all of `bytes`. */
  write(bytes: Uint8Array): void;
}

const encoder = new TextEncoder();

/** Input served from a string (UTF-8) or bytes held in memory. */
export class MemoryInput implements WasiInput {
  readonly #data: Uint8Array;
  #offset = 0;
  constructor(data: string | Uint8Array = new Uint8Array(0)) {
    this.#data = typeof data === 'string' ? encoder.encode(data) : data;
  }
  read(maxBytes: number): Uint8Array {
    const chunk = this.#data.slice(this.#offset, this.#offset + maxBytes);
    this.#offset += chunk.length;
    return chunk;
  }
  isReady(): boolean {
    return true;
  }
}

/** Output collected in memory, to read back after the guest ran. */
export class MemoryOutput implements WasiOutput {
  #chunks: Uint8Array[] = [];
  #byteLength = 0;
  write(bytes: Uint8Array): void {
    this.#chunks.push(bytes.slice());
    this.#byteLength += bytes.length;
  }
  /** Everything written so far. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.#byteLength);
    let offset = 0;
    for (const chunk of this.#chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    this.#chunks = [out];
    return out.slice();
  }
  /** Everything written so far, decoded as UTF-8. */
  text(): string {
    return new TextDecoder().decode(this.bytes());
  }
  /** Total bytes written. */
  get byteLength(): number {
    return this.#byteLength;
  }
}
