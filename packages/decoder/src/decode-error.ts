import { WasmError } from '@tswasm/ir';

/**
 * A binary module (or function body) that is not well-formed. The message
 * starts with the spec test suite's wording (`unexpected end`, `integer too
 * large`, ...); the location is {@link DecodeError.offset}, never part of the
 * message.
 * @see https://webassembly.github.io/spec/core/binary/index.html
 */
export class DecodeError extends WasmError {
  override readonly name: string = 'DecodeError';
  /** Byte offset of the first byte that could not be decoded. 0-based. */
  readonly offset: number;

  /** @param offset byte offset in the module binary, 0-based */
  constructor(message: string, offset: number, options?: ErrorOptions) {
    super(message, options);
    this.offset = offset;
  }
}
