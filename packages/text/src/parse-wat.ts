// Entry points for text modules.

import {
  type FeatureOptions,
  type Features,
  type Module,
  resolveFeatures,
  retainShapes,
} from '@tswasm/ir';
import { Cursor } from './cursor.js';
import { type FuncBranchHints, ModuleParser } from './module-parser.js';
import { shapeSource } from './shapes.js';

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
export function parseModuleFields(
  cursor: Cursor,
  features: Features,
  moduleName: string | null = null,
): Module {
  const parser = new ModuleParser(cursor, features);
  parser.moduleName = moduleName;
  return parser.parseModule();
}

/** A module with the branch hints of its function bodies. */
export interface HintedModule {
  readonly module: Module;
  readonly branchHints: readonly FuncBranchHints[];
}

/**
 * Parses a WebAssembly text module: `(module ...)` or its fields alone.
 * `names` holds the `$id`s of the module, its definitions, locals and
 * struct fields (`@name` annotations winning over them); it is `null` when
 * there are none.
 * @throws {ParseError} if the source is malformed, with the span of the
 * first offending token and the spec test suite's wording.
 * @see https://webassembly.github.io/spec/core/text/modules.html
 */
export function parseWat(source: string, options: ParseOptions = {}): Module {
  return parseHintedWat(source, options).module;
}

/**
 * `parseWat`, also giving the `(@metadata.code.branch_hint ...)` hints.
 * With `encodeBodies`, function bodies come back encoded (those with hints
 * excepted) and `dataCount` says whether the module needs the section.
 * Without `keepNames`, `names` is `null` (and costs nothing).
 * @throws {ParseError} as `parseWat` does.
 */
export function parseHintedWat(
  source: string,
  options: ParseOptions = {},
  encodeBodies = false,
  keepNames = true,
): HintedModule {
  retainShapes('text module', shapeParse);
  const cursor = new Cursor(source, options.filename ?? null);
  const features = resolveFeatures(options.features);
  try {
    return parseCursor(cursor, features, encodeBodies, keepNames);
  } catch (error) {
    return cursor.rethrow(error);
  } finally {
    cursor.release();
  }
}

function parseCursor(
  cursor: Cursor,
  features: Features,
  encodeBodies: boolean,
  keepNames: boolean,
): HintedModule {
  const wrapped = cursor.atSexpr('module');
  let moduleName: string | null = null;
  if (wrapped) {
    cursor.pos += 2;
    moduleName = cursor.eatId();
  }
  const parser = new ModuleParser(cursor, features);
  parser.moduleName = moduleName;
  parser.keepNames = keepNames;
  parser.encodeBodies = encodeBodies;
  const module = parser.parseModule();
  if (wrapped) cursor.expectRParen();
  if (!cursor.atEnd()) cursor.fail('unexpected token');
  return { module, branchHints: parser.branchHints };
}

/** The objects of `shapeSource` parsed in every mode (see retainShapes in @tswasm/ir). */
function shapeParse(): readonly unknown[] {
  const kept: unknown[] = [];
  const features = resolveFeatures({});
  for (const encodeBodies of [false, true]) {
    const cursor = new Cursor(shapeSource, null);
    const parser = new ModuleParser(cursor, features);
    parser.encodeBodies = encodeBodies;
    cursor.pos += 3;
    kept.push(cursor, parser, parser.parseModule());
  }
  return kept;
}
