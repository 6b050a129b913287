// Where the test inputs are: the spec test suite's .wast files (their
// binary modules) and the WASI test suite's .wasm files. Both live outside
// the repository.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeatureOptions } from '@tswasm/ir';
import { wastBinaries } from './wast-binaries.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** The spec test suite's root (`$WASM_SPEC_TESTSUITE` or `../shared/testsuite`). */
export const specSuiteDir: string =
  process.env.WASM_SPEC_TESTSUITE ??
  join(repoRoot, '..', 'shared', 'testsuite');

/** The WASI test suite's root (`$WASI_TESTSUITE` or `../shared/wasi-testsuite`). */
export const wasiSuiteDir: string =
  process.env.WASI_TESTSUITE ??
  join(repoRoot, '..', 'shared', 'wasi-testsuite');

function* walk(dir: string, extension: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir).sort()) {
    if (entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* walk(path, extension);
    else if (entry.endsWith(extension)) yield path;
  }
}

/** Features for a spec directory (relative to the suite's root). */
export function featuresFor(directory: string): FeatureOptions {
  if (directory.startsWith('legacy')) return { legacyExceptions: true };
  if (directory.startsWith('proposals/threads')) return { threads: true };
  if (directory.startsWith('proposals/wide-arithmetic'))
    return { wideArithmetic: true };
  if (directory.startsWith('proposals/custom-page-sizes'))
    return { customPageSizes: true };
  return {};
}

/** One binary module to test. */
export interface CorpusModule {
  /** `file:line` for spec modules, the path for WASI ones. */
  readonly name: string;
  /** The directory it is counted under (`.`, `legacy`, `proposals/threads`, `wasi`). */
  readonly group: string;
  /** The assertion it appears in, if any. */
  readonly context: string | null;
  readonly features: FeatureOptions;
  readonly bytes: Uint8Array;
}

/** Every binary module of every .wast file of the spec suite. */
export function specModules(): CorpusModule[] {
  const modules: CorpusModule[] = [];
  for (const path of walk(specSuiteDir, '.wast')) {
    const file = relative(specSuiteDir, path);
    const group = file.includes('/')
      ? file.slice(0, file.lastIndexOf('/'))
      : '.';
    const features = featuresFor(group);
    for (const found of wastBinaries(readFileSync(path, 'utf8'))) {
      modules.push({
        name: `${file}:${found.line}`,
        group,
        context: found.context,
        features,
        bytes: found.bytes,
      });
    }
  }
  return modules;
}

/** Every .wasm file under the WASI suite's `tests` folder. */
export function wasiModules(): CorpusModule[] {
  return [...walk(join(wasiSuiteDir, 'tests'), '.wasm')].map((path) => ({
    name: relative(wasiSuiteDir, path),
    group: 'wasi',
    context: null,
    features: {},
    bytes: new Uint8Array(readFileSync(path)),
  }));
}
