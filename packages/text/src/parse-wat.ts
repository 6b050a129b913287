// Entry points for text modules.

import { type FeatureOptions, type Features, type Module, resolveFeatures } from '@tswasm/ir';
import { Cursor } from './cursor.js';
import { TokenKind } from './lexer.js';
import { ModuleParser } from './module-parser.js';

/** Options of `parseWat` and `parseWast`. */
export interface ParseOptions {
  /** Shown with errors; not read. */
  readonly filename?: string;
  /** Proposals whose instructions are accepted; merged over `defaultFeatures`. */
  readonly features?: FeatureOptions;
}

/**
 * Reads the fields of one module at the cursor (after `(module $id?`), up
 * to its closing paren or the end of input.
 */
export function parseModuleFields(cursor: Cursor, features: Features): Module {
  return new ModuleParser(cursor, features).parseModule();
}

/**
 * Parses a WebAssembly text module: `(module ...)` or its fields alone.
 * @throws {ParseError} if the source is malformed, with the span of the
 * first offending token and the spec test suite's wording.
 * @see https://webassembly.github.io/spec/core/text/modules.html
 */
export function parseWat(source: string, options: ParseOptions = {}): Module {
  const cursor = new Cursor(source, options.filename ?? null);
  const features = resolveFeatures(options.features);
  if (cursor.atSexpr('module')) {
    cursor.pos += 2;
    cursor.eatId();
    const module = parseModuleFields(cursor, features);
    cursor.expectRParen();
    if (!cursor.atEnd()) cursor.fail('unexpected token');
    return module;
  }
  const module = parseModuleFields(cursor, features);
  if (!cursor.atEnd()) {
    cursor.fail(cursor.kindAt() === TokenKind.rparen ? 'unexpected token' : 'unexpected token');
  }
  return module;
}
