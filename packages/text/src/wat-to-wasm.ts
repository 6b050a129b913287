// Text to binary in one step.

import { ByteWriter, encodeModule, encodeNameSection } from '@tswasm/encoder';
import type { Module } from '@tswasm/ir';
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

/** `module` encoded, its `names` following as a `name` section if asked. */
function encode(module: Module, debugNames: boolean): Uint8Array {
  const binary = encodeModule(module);
  const names = module.names;
  if (!debugNames || names === null) return binary;
  // Last, after every other section, where wabt puts it. (A custom section
  // placed `after` the data section would make the encoder write an empty
  // one, so it is appended here.)
  const content = encodeNameSection(names);
  const w = new ByteWriter(binary.length + content.length + 16);
  w.bytes(binary);
  w.byte(0);
  w.sized(() => {
    w.name('name');
    w.bytes(content);
  });
  return w.finish();
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
  if (section === null) return encode(module, debugNames);
  return encode(
    { ...module, customs: [...module.customs, section] },
    debugNames,
  );
}
