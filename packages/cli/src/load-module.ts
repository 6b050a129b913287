// Reads an input as a module, whether it holds the binary or the text format.

import type { FeatureOptions, Module } from '@tswasm/ir';
import { CliError, type Source } from './diagnostics.js';
import {
  type Io,
  isBinaryModule,
  readInput,
  sourceName,
  withSource,
} from './io.js';
import { loadDecoder, loadText } from './packages.js';

/** Decodes a binary module. Errors are tagged with `source`. */
export async function decodeBinary(
  bytes: Uint8Array,
  source: Source,
  features: FeatureOptions,
): Promise<Module> {
  const { decodeModule } = await loadDecoder(['decodeModule']);
  return withSource(source, () => decodeModule(bytes, { features }));
}

/** Parses a WAT module. Errors are tagged with `source` (text included). */
export async function parseText(
  text: string,
  source: Source,
  features: FeatureOptions,
): Promise<Module> {
  const { parseWat } = await loadText(['parseWat']);
  return withSource(source, () =>
    parseWat(text, { filename: source.name, features }),
  );
}

/**
 * Assembles a WAT module (branch hints included). With `debugNames`, its
 * `$id`s follow as a `name` section, the last one, as in `wat2wasm
 * --debug-names`. Errors are tagged with `source` (text included).
 */
export async function assemble(
  text: string,
  source: Source,
  features: FeatureOptions,
  debugNames = false,
): Promise<Uint8Array> {
  const { watToWasm } = await loadText(['watToWasm']);
  return withSource(source, () =>
    watToWasm(text, { filename: source.name, features, debugNames }),
  );
}

/** Decodes the text of a UTF-8 input, reporting bad UTF-8 as an input error. */
export function decodeUtf8(bytes: Uint8Array, source: Source): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CliError(
      `${source.name} is neither a WebAssembly binary nor UTF-8 text`,
    );
  }
}

/** An input: a binary, or text (with the text kept to quote in reports). */
type Input =
  | {
      readonly kind: 'binary';
      readonly bytes: Uint8Array;
      readonly source: Source;
    }
  | { readonly kind: 'text'; readonly text: string; readonly source: Source };

/**
 * Reads `path` (`-` for stdin). It is a binary if it starts with the magic
 * number or is named `.wasm` (so that a bad binary is reported as one).
 */
async function readModuleInput(io: Io, path: string): Promise<Input> {
  const bytes = await readInput(io, path);
  const name = sourceName(path);
  if (isBinaryModule(bytes) || /\.wasm$/i.test(path)) {
    return { kind: 'binary', bytes, source: { name } };
  }
  const text = decodeUtf8(bytes, { name });
  return { kind: 'text', text, source: { name, text } };
}

/** Reads `path` as a module, decoding a binary or parsing text. */
export async function loadModule(
  io: Io,
  path: string,
  features: FeatureOptions,
): Promise<{ readonly module: Module; readonly source: Source }> {
  const input = await readModuleInput(io, path);
  const module =
    input.kind === 'binary'
      ? await decodeBinary(input.bytes, input.source, features)
      : await parseText(input.text, input.source, features);
  return { module, source: input.source };
}

/**
 * Reads `path` as a binary, assembling it first where it is text (with
 * `debugNames`, keeping its `$id`s in a `name` section).
 */
export async function loadBinary(
  io: Io,
  path: string,
  features: FeatureOptions,
  debugNames = false,
): Promise<{ readonly bytes: Uint8Array; readonly source: Source }> {
  const input = await readModuleInput(io, path);
  const bytes =
    input.kind === 'binary'
      ? input.bytes
      : await assemble(input.text, input.source, features, debugNames);
  return { bytes, source: input.source };
}
