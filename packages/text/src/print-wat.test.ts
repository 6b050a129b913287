/// <reference types="node" />
// The printer's round trip: for every module of the spec suite, the
// printed text parses back to a module that encodes to the same bytes.

import { decodeFunctionBody, decodeModule } from '@tswasm/decoder';
import { encodeModule } from '@tswasm/encoder';
import type { Module } from '@tswasm/ir';
import { describe, expect, it } from 'vitest';
import { parseWat } from './parse-wat.js';
import { formatF32, formatF64, printWat } from './print-wat.js';
import { featuresFor, parsedSuite } from './suite.test.util.js';

/**
 * Binary modules of the suite whose encodings the text format cannot
 * express (so printing and reassembling gives the canonical encoding
 * instead): padded LEB128s, element segments with an explicit table 0,
 * memargs with an explicit memory 0, split or empty local groups, a data
 * count section no instruction needs.
 */
const nonCanonicalBinaries: ReadonlySet<string> = new Set([
  'align.wast:949',
  'binary.wast:194',
  'binary.wast:296',
  'proposals/custom-descriptors/binary.wast:194',
  'proposals/custom-descriptors/binary.wast:296',
  'proposals/custom-page-sizes/binary.wast:194',
  'proposals/custom-page-sizes/binary.wast:296',
  'proposals/wide-arithmetic/wide-arithmetic.wast:326',
]);
const nonCanonicalFiles: ReadonlySet<string> = new Set([
  'binary-leb128.wast',
  'elem.wast',
]);

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function roundTrip(folded: boolean): {
  text: number;
  binary: number;
  skipped: number;
  failures: string[];
} {
  let text = 0;
  let binary = 0;
  let skipped = 0;
  const failures: string[] = [];
  for (const [file, script] of parsedSuite()) {
    const features = featuresFor(file);
    for (const command of script.commands) {
      if (
        command.kind === 'assert_malformed' ||
        command.kind === 'assert_malformed_custom'
      )
        continue;
      // Its module is kept as source because the parser rejects its annotations.
      if (
        command.kind === 'assert_invalid_custom' &&
        command.module.kind === 'quote'
      )
        continue;
      const scriptModule =
        'module' in command &&
        typeof command.module === 'object' &&
        command.module !== null
          ? command.module
          : command.kind === 'assert_trap' &&
              'span' in command.action &&
              command.action.kind !== 'invoke' &&
              command.action.kind !== 'get'
            ? command.action
            : null;
      if (scriptModule === null) continue;
      const where = `${file}:${scriptModule.span.line}`;
      let module: Module;
      if (scriptModule.kind === 'text') module = scriptModule.module;
      else if (scriptModule.kind === 'quote')
        module = parseWat(scriptModule.source, { features });
      else {
        try {
          module = decodeModule(scriptModule.bytes, {
            features,
            eagerBodies: true,
          });
        } catch {
          continue; // malformed binaries of assert_invalid and friends
        }
        if (nonCanonicalBinaries.has(where) || nonCanonicalFiles.has(file)) {
          skipped++;
          continue;
        }
      }
      const expected = encodeModule(module);
      try {
        const printed = printWat(module, {
          folded,
          decodeBody: (func) => decodeFunctionBody(func, { features }),
        });
        const actual = encodeModule(parseWat(printed, { features }));
        if (!equalBytes(expected, actual))
          failures.push(`${where}: different bytes`);
        else if (scriptModule.kind === 'binary') binary++;
        else text++;
      } catch (error) {
        failures.push(`${where}: ${String(error)}`);
      }
    }
  }
  return { text, binary, skipped, failures };
}

describe('printWat', () => {
  for (const folded of [false, true]) {
    it(`round-trips every suite module (${folded ? 'folded' : 'flat'})`, () => {
      const { text, binary, skipped, failures } = roundTrip(folded);
      console.log(
        `printWat round trip (${folded ? 'folded' : 'flat'}): ${text} text modules, ` +
          `${binary} binary modules byte-identical; ${skipped} non-canonical binaries skipped`,
      );
      expect(failures).toEqual([]);
      expect(text).toBeGreaterThan(5000);
    });
  }

  it('prints floats exactly', () => {
    expect(formatF32(0x3f800000)).toBe('0x1.000000p+0');
    expect(formatF32(0x00000001)).toBe('0x0.000002p-126');
    expect(formatF32(0xff800000)).toBe('-inf');
    expect(formatF32(0x7fc00001)).toBe('nan:0x400001');
    expect(formatF64(0x3ff8000000000000n)).toBe('0x1.8000000000000p+0');
    expect(formatF64(0x8000000000000000n)).toBe('-0x0p+0');
  });

  it('prints names from the name section and folds operands', () => {
    const module = parseWat(`(module
      (func $add (param $a i32) (param $b i32) (result i32)
        local.get $a local.get $b i32.add))`);
    const named: Module = {
      ...module,
      names: {
        functions: new Map([[0, 'add']]),
        locals: new Map([
          [
            0,
            new Map([
              [0, 'a'],
              [1, 'b'],
            ]),
          ],
        ]),
      },
    };
    const text = printWat(named, { folded: true });
    expect(text).toContain('(func $add');
    expect(text).toContain('(i32.add\n');
    expect(text).toContain('(local.get $a)');
    expect(equalBytes(encodeModule(parseWat(text)), encodeModule(module))).toBe(
      true,
    );
  });
});

describe('deep nesting', () => {
  const sources = {
    blocks: (n: number) =>
      `(module (func ${'block '.repeat(n)}${'end '.repeat(n)}))`,
    operands: (n: number) =>
      `(module (func (result i32) ${'(i32.eqz '.repeat(n)}(i32.const 0)${')'.repeat(n)}))`,
    'ifs with else': (n: number) =>
      `(module (func ${'i32.const 1 if '.repeat(n)}${'else nop end '.repeat(n)}))`,
    'try and delegate': (n: number) =>
      `(module (tag) (func ${'try '.repeat(n)}${'catch 0 end '.repeat(n - 1)}delegate 0))`,
  };
  const features = { legacyExceptions: true };
  it.each(Object.entries(sources))(
    'prints %s nested 50,000 deep, flat and folded, in linear size',
    (_name, source) => {
      for (const folded of [false, true]) {
        const sizes: number[] = [];
        for (const depth of [5_000, 50_000]) {
          const module = parseWat(source(depth), { features });
          const text = printWat(module, { folded });
          sizes.push(text.length);
          const again = parseWat(text, { features });
          expect(encodeModule(again)).toEqual(encodeModule(module));
        }
        // Indentation stops growing: ten times as deep, ten times as long.
        expect(sizes[1]! / sizes[0]!).toBeLessThan(10.5);
      }
    },
  );
});
