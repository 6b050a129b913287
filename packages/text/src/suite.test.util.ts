/// <reference types="node" />
// The official spec test suite, for the tests: where it is, its files, and
// the features each directory needs.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FeatureOptions, everyFeature } from '@tswasm/ir';
import { parseWast } from './parse-wast.js';
import type { Script } from './script.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The suite's root: `$WASM_SPEC_TESTSUITE` or `../shared/testsuite`. */
export const suiteRoot: string =
  process.env['WASM_SPEC_TESTSUITE'] ?? join(repoRoot, '../shared/testsuite');

/** Features by directory of the suite (first match wins). */
const directoryFeatures: readonly (readonly [string, FeatureOptions])[] = [
  ['legacy/', { legacyExceptions: true }],
  ['proposals/threads/', { threads: true }],
  ['proposals/wide-arithmetic/', { wideArithmetic: true }],
  ['proposals/custom-page-sizes/', { customPageSizes: true }],
  ['proposals/', everyFeature],
  ['', {}],
];

/** The features a suite file (path relative to the root) is written for. */
export function featuresFor(file: string): FeatureOptions {
  for (const [prefix, features] of directoryFeatures) {
    if (file.startsWith(prefix)) return features;
  }
  return {};
}

/**
 * Files the text parser does not support, with the reason; each is checked
 * to still fail, so a fixed one must be removed from here.
 */
export const unsupportedFiles: ReadonlyMap<string, string> = new Map(
  [
    'array_new_exact',
    'br_on_cast_desc_eq',
    'br_on_cast_desc_eq_fail',
    'descriptors',
    'exact-casts',
    'exact-func-import',
    'exact',
    'ref_cast_desc_eq',
    'ref_get_desc',
    'struct_new_desc',
  ].map((name) => [
    `proposals/custom-descriptors/${name}.wast`,
    'custom-descriptors proposal: exact heap types, descriptor clauses and ' +
      'their instructions have no representation in @tswasm/ir',
  ]),
);

/** Every `.wast` file of the suite, relative to its root, sorted. */
export function suiteFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.wast'))
        files.push(relative(suiteRoot, path).replaceAll('\\', '/'));
    }
  };
  walk(suiteRoot);
  return files.sort();
}

/** Reads a suite file as text. */
export function readSuiteFile(file: string): string {
  return readFileSync(join(suiteRoot, file), 'utf8');
}

/** Parses every supported suite file (cached). */
let parsed: Map<string, Script> | null = null;
export function parsedSuite(): Map<string, Script> {
  if (parsed !== null) return parsed;
  parsed = new Map();
  for (const file of suiteFiles()) {
    if (unsupportedFiles.has(file)) continue;
    parsed.set(
      file,
      parseWast(readSuiteFile(file), {
        filename: file,
        features: featuresFor(file),
      }),
    );
  }
  return parsed;
}
