// Text to binary in one step.

import { encodeModule } from '@tswasm/encoder';
import { branchHintSection } from './branch-hints.js';
import { type ParseOptions, parseHintedWat } from './parse-wat.js';

/**
 * Assembles a text module into a binary: `parseWat`, then `encodeModule`.
 * Branch hint annotations become a `metadata.code.branch_hint` section.
 * @throws {ParseError} if the source is malformed.
 * @throws {EncodeError} if the module cannot be encoded (e.g. an index
 * beyond the binary format's limits).
 */
export function watToWasm(
  source: string,
  options: ParseOptions = {},
): Uint8Array {
  const { module, branchHints } = parseHintedWat(source, options, true);
  const section = branchHintSection(module, branchHints);
  if (section === null) return encodeModule(module);
  return encodeModule({ ...module, customs: [...module.customs, section] });
}
