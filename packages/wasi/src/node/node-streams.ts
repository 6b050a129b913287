import * as fs from 'node:fs';
import type { WasiInput, WasiOutput } from '../streams.js';

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Input read synchronously from a host file descriptor (0 for the process's stdin). */
export class HostInput implements WasiInput {
  readonly #fd: number;
  constructor(fd: number) {
    this.#fd = fd;
  }
  read(maxBytes: number): Uint8Array {
    const buffer = new Uint8Array(maxBytes);
    for (;;) {
      try {
        return buffer.subarray(
          0,
          fs.readSync(this.#fd, buffer, 0, maxBytes, null),
        );
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EOF') return new Uint8Array(0);
        // A non-blocking pipe with nothing in it yet: wait a little.
        if (code !== 'EAGAIN') throw error;
        Atomics.wait(pause, 0, 0, 5);
      }
    }
  }
}

/** Output written synchronously to a host file descriptor (1 and 2 for the process's). */
export class HostOutput implements WasiOutput {
  readonly #fd: number;
  constructor(fd: number) {
    this.#fd = fd;
  }
  write(bytes: Uint8Array): void {
    let offset = 0;
    while (offset < bytes.length) {
      try {
        offset += fs.writeSync(this.#fd, bytes, offset, bytes.length - offset);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        Atomics.wait(pause, 0, 0, 5);
      }
    }
  }
}
