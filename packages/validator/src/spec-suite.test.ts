// Runs every module of the official spec test suite through the validator:
// text modules are parsed, encoded and decoded again (so bodies are bytes),
// binary ones decoded. Modules of `assert_invalid` must be rejected (and the
// message should start with the expected text), every other module
// accepted. Modules the text parser, encoder or decoder cannot handle yet
// are counted as blocked, not as validator failures.

/// <reference types="node" />
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeModule } from '@tswasm/decoder';
import {
  type Features,
  type Module,
  type Span,
  defaultFeatures,
} from '@tswasm/ir';
import { afterAll, describe, expect, it } from 'vitest';
import { validateModule } from './validate-module.js';

const here = dirname(fileURLToPath(import.meta.url));
const suiteRoot =
  process.env['WASM_SPEC_TESTSUITE'] ??
  join(here, '../../../../shared/testsuite');

/** Whole files the validator does not take part in, with the reason. */
const unsupportedFiles: Record<string, string> = {
  'proposals/custom-descriptors':
    'custom descriptors are a post-3.0 proposal the IR does not model',
};

const lazyBodyMessage =
  'a body decoded alone cannot tell a missing `end` before the next body ' +
  '("END opcode expected") or a code section longer than its bodies ' +
  '("section size mismatch") from an unexpected end: validation throws ' +
  'the DecodeError "unexpected end of section or function"; decodeModule ' +
  "with eagerBodies gives the suite's message";

/**
 * Assertions that fail for a reason outside the validator, keyed by
 * `file:line` (of the command), with the reason.
 */
const knownFailures: Record<string, string> = {
  'binary.wast:55': lazyBodyMessage,
  'binary.wast:92': lazyBodyMessage,
  'proposals/custom-page-sizes/binary.wast:55': lazyBodyMessage,
  'proposals/custom-page-sizes/binary.wast:92': lazyBodyMessage,
};

interface Counts {
  /** `assert_invalid` modules rejected. */
  rejected: number;
  /** ...whose message starts with the suite's expected text. */
  messageMatches: number;
  /** Other modules accepted. */
  accepted: number;
  /** Modules validated from the parsed IR because encoding or decoding failed. */
  viaIr: number;
  /** Modules the text parser or decoder could not produce. */
  blocked: number;
  /** Validator failures (wrong verdict), known ones included. */
  failed: number;
  /**
   * Text modules also validated as parsed (bodies as `Instr[]`, not bytes)
   * with the same verdict.
   */
  sameFromText: number;
  /**
   * Binary `assert_malformed` modules whose bodies the decoder rejects when
   * decoding eagerly, rejected by validation with the same `DecodeError`.
   */
  malformedBodies: number;
}

function emptyCounts(): Counts {
  return {
    rejected: 0,
    messageMatches: 0,
    accepted: 0,
    viaIr: 0,
    blocked: 0,
    failed: 0,
    sameFromText: 0,
    malformedBodies: 0,
  };
}

function wastFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...wastFiles(path));
    else if (name.endsWith('.wast')) files.push(path);
  }
  return files;
}

/**
 * Features per directory: WebAssembly 3.0 (the defaults), plus the
 * proposal a directory tests. The threads proposal's repository predates
 * reference types and multi-memory, and its tests expect a second table or
 * memory to be invalid.
 */
function featuresFor(file: string): Features {
  if (file.startsWith('legacy/'))
    return { ...defaultFeatures, legacyExceptions: true };
  if (file.startsWith('proposals/threads/')) {
    return {
      ...defaultFeatures,
      threads: true,
      referenceTypes: false,
      multiMemory: false,
    };
  }
  if (file.startsWith('proposals/custom-page-sizes/')) {
    return { ...defaultFeatures, customPageSizes: true };
  }
  if (file.startsWith('proposals/wide-arithmetic/')) {
    return { ...defaultFeatures, wideArithmetic: true };
  }
  return defaultFeatures;
}
let features: Features = defaultFeatures;
const byDirectory = new Map<string, Counts>();
const unexpected: string[] = [];
const mismatchedMessages: string[] = [];
const blockedFiles: string[] = [];
const failedKnown = new Set<string>();

// The text parser and encoder are loaded by name at run time, so that this
// file builds whatever state those packages are in; the shapes below are the
// parts of their API (@tswasm/text's Script types) this test reads.
type ScriptModule =
  | { readonly kind: 'text'; readonly module: Module }
  | { readonly kind: 'binary'; readonly bytes: Uint8Array }
  | { readonly kind: 'quote'; readonly source: string };
interface Command {
  readonly kind: string;
  readonly span: Span;
  readonly module?: ScriptModule;
  readonly action?: { readonly kind: string };
  readonly message?: string;
}
interface Script {
  readonly commands: readonly Command[];
}
type Parse = (
  source: string,
  options: { filename: string; features: Features },
) => Script;
type ParseWat = (source: string, options: { features: Features }) => Module;
type Encode = (module: Module) => Uint8Array;

async function load(name: string): Promise<Record<string, unknown>> {
  try {
    return (await import(name)) as Record<string, unknown>;
  } catch {
    return {};
  }
}
const text = await load('@tswasm/text');
const encoder = await load('@tswasm/encoder');
const parseWast = text['parseWast'] as Parse | undefined;
const parseWat = text['parseWat'] as ParseWat | undefined;
const encodeModule = encoder['encodeModule'] as Encode | undefined;

/** The module to validate, or a reason it could not be produced. */
function produce(scriptModule: ScriptModule, counts: Counts): Module | string {
  let module: Module;
  switch (scriptModule.kind) {
    case 'binary':
      try {
        return decodeModule(scriptModule.bytes, { features });
      } catch (error) {
        return `decode: ${(error as Error).message}`;
      }
    case 'quote':
      if (parseWat === undefined) return 'parseWat is not available';
      try {
        module = parseWat(scriptModule.source, { features });
      } catch (error) {
        return `parse: ${(error as Error).message}`;
      }
      break;
    case 'text':
      module = scriptModule.module;
      break;
  }
  try {
    if (encodeModule === undefined) throw new Error('no encoder');
    return decodeModule(encodeModule(module), { features });
  } catch {
    counts.viaIr++;
    return module;
  }
}

function validate(module: Module): Error | null {
  try {
    validateModule(module, { features });
    return null;
  } catch (error) {
    return error as Error;
  }
}

/**
 * A binary that decodes lazily but not eagerly has a malformed body, which
 * validation (reading bodies itself) must reject with the decoder's error.
 */
function checkMalformed(
  file: string,
  command: Command,
  bytes: Uint8Array,
  counts: Counts,
): void {
  let module: Module;
  try {
    module = decodeModule(bytes, { features });
  } catch {
    return;
  }
  let expected: Error;
  try {
    decodeModule(bytes, { features, eagerBodies: true });
    return;
  } catch (error) {
    expected = error as Error;
  }
  const error = validate(module);
  const where = `${file}:${command.span.line}`;
  if (error?.name === expected.name && error.message === expected.message) {
    counts.malformedBodies++;
  } else if (
    knownFailures[where] !== undefined &&
    error?.name === expected.name
  ) {
    counts.failed++;
    failedKnown.add(where);
  } else {
    counts.failed++;
    const got = error === null ? 'valid' : `${error.name} "${error.message}"`;
    unexpected.push(
      `${where} malformed body: expected ${expected.name} "${expected.message}", got ${got}`,
    );
  }
}

function runCommand(file: string, command: Command, counts: Counts): void {
  let scriptModule: ScriptModule | undefined;
  let expectInvalid = false;
  let message = '';
  switch (command.kind) {
    case 'module':
    case 'assert_unlinkable':
    case 'assert_uninstantiable':
      scriptModule = command.module;
      break;
    case 'assert_invalid':
      scriptModule = command.module;
      expectInvalid = true;
      message = command.message ?? '';
      break;
    case 'assert_malformed':
      if (command.module?.kind === 'binary') {
        checkMalformed(file, command, command.module.bytes, counts);
      }
      return;
    case 'assert_trap':
    case 'assert_exhaustion': {
      const action = command.action;
      if (
        action?.kind === 'text' ||
        action?.kind === 'binary' ||
        action?.kind === 'quote'
      ) {
        scriptModule = action as ScriptModule;
      }
      break;
    }
    default:
      return;
  }
  if (scriptModule === undefined) return;
  const where = `${file}:${command.span.line}`;
  const module = produce(scriptModule, counts);
  if (typeof module === 'string') {
    counts.blocked++;
    return;
  }
  const error = validate(module);
  if (scriptModule.kind === 'text' && module !== scriptModule.module) {
    const fromText = validate(scriptModule.module);
    if ((fromText === null) === (error === null)) counts.sameFromText++;
    else {
      counts.failed++;
      unexpected.push(
        `${where} differs as parsed: ${fromText?.message ?? 'accepted'} / ${error?.message ?? 'accepted'}`,
      );
    }
  }
  if (
    error !== null &&
    error.name !== 'ValidationError' &&
    error.name !== 'DecodeError'
  ) {
    counts.failed++;
    unexpected.push(`${where} crashed: ${error.stack ?? error.message}`);
    return;
  }
  if (expectInvalid) {
    if (error === null) {
      counts.failed++;
      if (knownFailures[where] === undefined)
        unexpected.push(`${where} accepted, expected "${message}"`);
      else failedKnown.add(where);
      return;
    }
    counts.rejected++;
    if (error.message.startsWith(message)) counts.messageMatches++;
    else
      mismatchedMessages.push(
        `${where} expected "${message}", got "${error.message}"`,
      );
  } else if (error !== null) {
    counts.failed++;
    if (knownFailures[where] === undefined)
      unexpected.push(`${where} rejected: ${error.message}`);
    else failedKnown.add(where);
  } else {
    counts.accepted++;
  }
}

describe('spec test suite', () => {
  const files = wastFiles(suiteRoot);
  it('finds the suite', () => {
    expect(files.length).toBeGreaterThan(100);
  });
  for (const path of files) {
    const file = relative(suiteRoot, path);
    const directory = dirname(file);
    const skip = Object.keys(unsupportedFiles).find((prefix) =>
      file.startsWith(prefix),
    );
    it(`validates the modules of ${file}`, () => {
      if (skip !== undefined) return;
      let counts = byDirectory.get(directory);
      if (counts === undefined)
        byDirectory.set(directory, (counts = emptyCounts()));
      features = featuresFor(file);
      if (parseWast === undefined) {
        blockedFiles.push(`${file}: parseWast is not available yet`);
        return;
      }
      let script: Script;
      try {
        script = parseWast(readFileSync(path, 'utf8'), {
          filename: file,
          features,
        });
      } catch (error) {
        blockedFiles.push(
          `${file}: ${(error as Error).message.split('\n')[0]}`,
        );
        return;
      }
      for (const command of script.commands) runCommand(file, command, counts);
    });
  }

  it('has no failures but the known ones', () => {
    expect(unexpected).toEqual([]);
  });

  afterAll(() => {
    const total = emptyCounts();
    const rows: string[] = [];
    for (const [directory, counts] of [...byDirectory].sort()) {
      for (const key of Object.keys(total) as (keyof Counts)[])
        total[key] += counts[key];
      rows.push(`${directory.padEnd(32)} ${JSON.stringify(counts)}`);
    }
    rows.push(`${'total'.padEnd(32)} ${JSON.stringify(total)}`);
    const stale = Object.keys(knownFailures).filter(
      (where) => !failedKnown.has(where),
    );
    rows.push(
      `known failures that now pass (${stale.length}):`,
      ...stale.map((w) => `  ${w}`),
    );
    rows.push(
      `blocked files (${blockedFiles.length}):`,
      ...blockedFiles.map((f) => `  ${f}`),
    );
    rows.push(
      `messages not matching (${mismatchedMessages.length}):`,
      ...mismatchedMessages.map((m) => `  ${m}`),
    );
    console.log(rows.join('\n'));
  });
});
