// Text to binary in one step.

import { encodeModule } from '@tswasm/encoder';
import { type ParseOptions, parseWat } from './parse-wat.js';

/**
 * Assembles a text module into a binary: `parseWat`, then `encodeModule`.
 * @throws {ParseError} if the source is malformed.
 * @throws {EncodeError} if the module cannot be encoded (e.g. an index
 * beyond the binary format's limits).
 */
export function watToWasm(source: string, options: ParseOptions = {}): Uint8Array {
  return encodeModule(parseWat(source, options));
}
