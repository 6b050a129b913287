// From script modules to bytes: text modules through the encoder, quoted
// modules through the text parser first.

import { encodeModule } from '@tswasm/encoder';
import type { Module } from '@tswasm/ir';
import {
  type ParseOptions,
  type Script,
  type ScriptModule,
  ParseError,
  parseWast,
  parseWat,
} from '@tswasm/text';

/** Parses a WAST script with @tswasm/text. @throws {ParseError} */
export function parseScript(source: string, options: ParseOptions): Script {
  return parseWast(source, options);
}

/** True for the text package's `ParseError`. */
export function isParseError(error: unknown): boolean {
  return error instanceof ParseError;
}

/** The outcome of turning a script module into bytes. */
export type BytesOutcome =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | {
      readonly ok: false;
      readonly parse: boolean;
      /** The error's own message. */
      readonly message: string;
      /** The error with its class and location, for reports. */
      readonly description: string;
    };

/**
 * The binary of a script module: `binary` as written, `text` encoded,
 * `quote` parsed and encoded. A `ParseError` of a quoted module comes back
 * with `parse: true`; an encoding failure with `parse: false`.
 */
export function moduleBytes(
  module: ScriptModule,
  options: ParseOptions,
): BytesOutcome {
  let parsed: Module;
  switch (module.kind) {
    case 'binary':
      return { ok: true, bytes: module.bytes };
    case 'text':
      parsed = module.module;
      break;
    case 'quote':
      try {
        parsed = parseWat(module.source, options);
      } catch (error) {
        if (!isParseError(error)) throw error;
        return {
          ok: false,
          parse: true,
          message: rawMessage(error),
          description: errorMessage(error),
        };
      }
      break;
  }
  try {
    return { ok: true, bytes: encodeModule(parsed) };
  } catch (error) {
    return {
      ok: false,
      parse: false,
      message: rawMessage(error),
      description: errorMessage(error),
    };
  }
}

/** The message of anything thrown, with its class name when it has one. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const span = (error as { span?: { line?: unknown; column?: unknown } })
      .span;
    const where =
      span !== undefined && typeof span.line === 'number'
        ? ` at ${span.line}:${String(span.column)}`
        : '';
    return `${error.name}${where}: ${error.message}`;
  }
  return String(error);
}

function rawMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
