// Text to binary in one step.

import { encodeModule } from '@tswasm/encoder';
import { branchHintSection } from './branch-hints.js';
import { type ParseOptions, parseHintedWat } from './parse-wat.js';

/** Options of `watToWasm`: those of `parseWat`, and what to add. */
export interface WatToWasmOptions extends ParseOptions {
  /**
   * Append a `name` section with the module's `$id`s (its own, functions,
   * locals, types, tables, memories, globals, segments, tags, fields), as
   * `wat2wasm --debug-names` does. Off by default.
   */
  readonly debugNames?: boolean;
}

/**
 * Assembles a text module into a binary: `parseWat`, then `encodeModule`.
 * Branch hint annotations become a `metadata.code.branch_hint` section;
 * with `debugNames`, the `$id`s become a `name` section.
 * @throws {ParseError} if the source is malformed.
 * @throws {EncodeError} if the module cannot be encoded (e.g. an index
 * beyond the binary format's limits).
 */
export function watToWasm(
  source: string,
  options: WatToWasmOptions = {},
): Uint8Array {
  const debugNames = options.debugNames === true;
  const { module, branchHints } = parseHintedWat(
    source,
    options,
    true,
    debugNames,
  );
  const section = branchHintSection(module, branchHints);
  if (section === null) return encodeModule(module, { debugNames });
  return encodeModule(
    { ...module, customs: [...module.customs, section] },
    { debugNames },
  );
}
