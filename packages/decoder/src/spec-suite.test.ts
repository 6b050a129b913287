/// <reference types="node" />
// Decodes every binary module of the official spec test suite: those under
// `assert_malformed` must be rejected with the suite's message, all others
// accepted (validation is not the decoder's job).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeatureOptions } from '@tswasm/ir';
import { everyFeature } from '@tswasm/ir';
import { describe, expect, it } from 'vitest';
import { DecodeError } from './decode-error.js';
import { decodeModule } from './decode-module.js';
import { extractWastBinaries } from './wast-binaries.test.util.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const suiteRoot =
  process.env['WASM_SPEC_TESTSUITE'] ?? join(repoRoot, '../shared/testsuite');

/** Features by directory of the suite (first match wins). */
const directoryFeatures: readonly (readonly [string, FeatureOptions])[] = [
  ['legacy', { legacyExceptions: true }],
  ['proposals/threads', { threads: true }],
  ['proposals/wide-arithmetic', { wideArithmetic: true }],
  ['proposals/custom-page-sizes', { customPageSizes: true }],
  // Written against Wasm 3.0 alone: with custom page sizes on, its
  // "malformed limits flags" case (flag 0x08) would be well-formed.
  ['proposals/custom-descriptors', {}],
  ['proposals', everyFeature],
  ['', {}],
];

/**
 * Modules whose outcome differs from the suite's, by `file:line`, with the
 * reason. Nothing here is skipped silently: each entry is checked to still
 * differ, so a fixed one must be removed.
 */
const customDescriptors =
  'uses the custom-descriptors proposal (descriptor types 0x4d/0x4c, exact ' +
  'heap types 0x62, exact function imports), which @tswasm/ir has no ' +
  'feature or types for';
const knownExceptions: ReadonlyMap<string, string> = new Map<string, string>([
  ['proposals/custom-descriptors/binary-descriptors.wast:2', customDescriptors],
  [
    'proposals/custom-descriptors/binary-descriptors.wast:66',
    customDescriptors,
  ],
  [
    'proposals/custom-descriptors/exact-func-import.wast:219',
    customDescriptors,
  ],
  ['proposals/custom-descriptors/exact.wast:111', customDescriptors],
  ['proposals/custom-descriptors/exact.wast:125', customDescriptors],
  // Rejected, but as "malformed heap type": the 0x62 prefix is unknown here.
  ['proposals/custom-descriptors/exact.wast:156', customDescriptors],
  ['proposals/custom-descriptors/ref_get_desc.wast:253', customDescriptors],
]);

function wastFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...wastFiles(path));
    else if (name.endsWith('.wast')) files.push(path);
  }
  return files;
}

function featuresFor(file: string): FeatureOptions {
  for (const [prefix, features] of directoryFeatures) {
    if (file.startsWith(prefix)) return features;
  }
  return {};
}

interface Counts {
  accepted: number;
  rejected: number;
  messagesMatching: number;
  known: number;
}

/** What happened to one module, compared with the suite's expectation. */
function check(
  bytes: Uint8Array,
  features: FeatureOptions,
  malformed: string | null,
): { ok: boolean; outcome: string } {
  let error: DecodeError | null = null;
  try {
    decodeModule(bytes, { features, eagerBodies: true });
  } catch (caught) {
    if (!(caught instanceof DecodeError)) {
      const text = caught instanceof Error ? caught.message : 'a non-error';
      return { ok: false, outcome: `threw ${text}` };
    }
    error = caught;
  }
  if (malformed === null) {
    return error === null
      ? { ok: true, outcome: 'accepted' }
      : { ok: false, outcome: `rejected: ${error.message}` };
  }
  if (error === null) return { ok: false, outcome: 'accepted' };
  const message = error.message;
  return { ok: message.startsWith(malformed), outcome: `rejected: ${message}` };
}

describe('the spec test suite binaries', () => {
  const exists = (() => {
    try {
      return statSync(suiteRoot).isDirectory();
    } catch {
      return false;
    }
  })();

  it.runIf(exists)('decode as the suite expects', () => {
    const byDirectory = new Map<string, Counts>();
    const failures: string[] = [];
    const stale: string[] = [];
    for (const path of wastFiles(suiteRoot)) {
      const file = relative(suiteRoot, path);
      const directory = dirname(file);
      const counts = byDirectory.get(directory) ?? {
        accepted: 0,
        rejected: 0,
        messagesMatching: 0,
        known: 0,
      };
      byDirectory.set(directory, counts);
      const features = featuresFor(file);
      for (const binary of extractWastBinaries(readFileSync(path, 'utf8'))) {
        const key = `${file}:${binary.line}`;
        const malformed =
          binary.assertion === 'assert_malformed'
            ? (binary.message ?? '')
            : null;
        const { ok, outcome } = check(binary.bytes, features, malformed);
        if (outcome.startsWith('accepted')) counts.accepted++;
        else counts.rejected++;
        if (malformed !== null && ok) counts.messagesMatching++;
        const known = knownExceptions.get(key);
        if (known !== undefined) {
          counts.known++;
          if (ok) stale.push(`${key}: now passes (${known})`);
        } else if (!ok) {
          const expected = malformed === null ? 'accepted' : `"${malformed}"`;
          failures.push(`${key}: expected ${expected}, ${outcome}`);
        }
      }
    }
    const lines = [...byDirectory].map(
      ([dir, c]) =>
        `${dir}: ${c.accepted} accepted, ${c.rejected} rejected, ` +
        `${c.messagesMatching} malformed messages matching, ${c.known} known exceptions`,
    );
    console.log(`spec binaries by directory:\n  ${lines.join('\n  ')}`);
    expect(failures).toEqual([]);
    expect(stale).toEqual([]);
  });
});
