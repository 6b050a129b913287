// wabt as an oracle: every text module of the spec suite that wabt
// assembles is decoded, re-encoded (bodies as bytes and as instructions)
// and compared with wabt's canonical output.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import wabtInit from 'wabt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CorpusModule, featuresFor, specSuiteDir } from './corpus.js';
import { Summary, roundTrip } from './roundtrip.js';
import { wastTextModules } from './wast-binaries.js';

type Wabt = Awaited<ReturnType<typeof wabtInit>>;

const wabtFeatures = {
  exceptions: true,
  mutable_globals: true,
  sat_float_to_int: true,
  sign_extension: true,
  simd: true,
  threads: true,
  function_references: true,
  multi_value: true,
  tail_call: true,
  bulk_memory: true,
  reference_types: true,
  annotations: true,
  gc: true,
  memory64: true,
  extended_const: true,
  relaxed_simd: true,
  // Not in wabt's typings, but understood by its feature parser.
  multi_memory: true,
};

/** Small modules for what the spec suite's text modules may miss. */
const extraModules: readonly string[] = [
  `(module (memory 1) (memory 1)
     (func (result i32) (i32.load 1 offset=8 align=2 (i32.const 0)))
     (func (i64.store8 1 (i32.const 0) (i64.const -1))))`,
  `(module (memory i64 1)
     (func (result i64) (i64.load offset=0x1_0000_0000 (i64.const 0))))`,
  `(module (memory 1 2 shared)
     (func (result i32) (memory.atomic.notify (i32.const 0) (i32.const 1)))
     (func (atomic.fence)))`,
  `(module (type (func (param i32))) (tag $e (type 0))
     (func (param i32) (local.get 0) (throw $e)))`,
  `(module (func (param v128) (result v128)
     (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 (local.get 0) (local.get 0))))`,
  `(module (table 2 funcref) (elem (i32.const 0) $f $f) (func $f)
     (elem $p funcref (ref.func $f) (ref.null func))
     (func (table.init 0 $p (i32.const 0) (i32.const 0) (i32.const 1)) (elem.drop $p)))`,
  `(module (memory 1) (data $d "abc") (data (i32.const 8) "xyz")
     (func (memory.init $d (i32.const 0) (i32.const 0) (i32.const 1)) (data.drop $d)))`,
];

function* walk(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (entry.endsWith('.wast')) yield path;
  }
}

let wabt: Wabt;
const summary = new Summary();
let wabtRejected = 0;

/** wabt's binary for a text module, or `null` when wabt cannot assemble it. */
function assemble(name: string, text: string): Uint8Array | null {
  let module: ReturnType<Wabt['parseWat']> | undefined;
  try {
    module = wabt.parseWat(name, text, wabtFeatures);
    module.resolveNames();
    return module.toBinary({}).buffer.slice();
  } catch {
    wabtRejected++;
    return null;
  } finally {
    module?.destroy();
  }
}

function check(input: CorpusModule): string | null {
  const outcome = roundTrip(input);
  summary.add(input, outcome);
  return outcome.kind === 'failing' ? `${input.name}: ${outcome.reason}` : null;
}

describe('encoding matches wabt', () => {
  beforeAll(async () => {
    wabt = await wabtInit();
  });

  it('for hand-written modules', () => {
    const failures: string[] = [];
    extraModules.forEach((text, i) => {
      const bytes = assemble(`extra${i}.wat`, text);
      expect(bytes, `wabt assembles extra module ${i}`).not.toBeNull();
      const failure = check({
        name: `extra ${i}`,
        group: 'hand-written',
        context: null,
        features: { threads: true },
        bytes: bytes!,
      });
      if (failure !== null) failures.push(failure);
    });
    expect(failures).toEqual([]);
  });

  it('for the spec suite’s text modules', () => {
    const failures: string[] = [];
    for (const path of walk(specSuiteDir)) {
      const file = relative(specSuiteDir, path);
      const group = file.includes('/')
        ? file.slice(0, file.lastIndexOf('/'))
        : '.';
      for (const { line, text } of wastTextModules(
        readFileSync(path, 'utf8'),
      )) {
        const bytes = assemble(file, text);
        if (bytes === null) continue;
        const failure = check({
          name: `${file}:${line}`,
          group,
          context: null,
          features: featuresFor(group),
          bytes,
        });
        if (failure !== null) failures.push(failure);
      }
    }
    expect(failures).toEqual([]);
  });

  afterAll(() => {
    console.log(
      `${summary.format('wabt output round trip')}\n  modules wabt cannot assemble: ${wabtRejected}`,
    );
  });
});
