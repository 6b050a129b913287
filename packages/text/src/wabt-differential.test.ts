/// <reference types="node" />
// Differential test against wabt.js: for every suite text module both
// assemble, the bytes must be equal, or the difference must fall into one
// of the known classes below (each stated with its reason).

import { decodeModule } from '@tswasm/decoder';
import { encodeModule } from '@tswasm/encoder';
import type { Module } from '@tswasm/ir';
import wabtInit from 'wabt';
import { describe, expect, it } from 'vitest';
import { tokenize, TokenKind } from './lexer.js';
import { branchHintSection } from './branch-hints.js';
import { parseHintedWat, parseWat } from './parse-wat.js';
import { watToWasm } from './wat-to-wasm.js';
import type { Command, ScriptModule } from './script.js';
import { featuresFor, parsedSuite, readSuiteFile } from './suite.test.util.js';

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
  code_metadata: true,
  gc: true,
  memory64: true,
  extended_const: true,
  relaxed_simd: true,
};

/** Known classes of byte differences: a test on our module, and why. */
const differenceClasses: readonly {
  readonly name: string;
  readonly reason: string;
  readonly matches: (
    ours: Module,
    file: string,
    wabtDecodes: boolean,
    theirs: Uint8Array,
  ) => boolean;
}[] = [
  {
    name: 'wabt-outdated-encoding',
    reason:
      'wabt.js 1.0.39 writes bytes our decoder rejects as malformed: pre-standard ' +
      'GC type codes (0x6b/0x6c...), no data count section before memory.init/data.drop',
    matches: (_ours, _file, wabtDecodes) => !wabtDecodes,
  },
  {
    name: 'typed-references',
    reason:
      'wabt.js writes `(ref $t)` with the pre-standard code 0x6b, which Wasm 3.0 reads as structref',
    matches: (ours) =>
      /"heapType":\d/.test(
        JSON.stringify(ours, (_k, v: unknown) =>
          typeof v === 'bigint' ? String(v) : v,
        ),
      ),
  },
  {
    name: 'multi-memory',
    reason:
      'wabt.js has no multi-memory flag and drops memory indices of memargs and data segments',
    matches: (ours) =>
      ours.memories.length +
        ours.imports.filter((i) => i.desc.kind === 'memory').length >
      1,
  },
  {
    name: 'funcref-expressions',
    reason:
      'wabt writes `funcref (ref.func x)*` element lists as function indices (flags 0-3), which ' +
      'in Wasm 3.0 makes the segment `(ref func)`; we keep the written type and expressions ' +
      '(checked: with those segments retyped, our bytes equal wabt.js bytes)',
    matches: (ours, _file, _decodes, theirs) =>
      equalBytes(
        encodeModule({
          ...ours,
          elements: ours.elements.map((e) =>
            e.type.nullable &&
            e.type.heapType === 'func' &&
            e.init.every((x) => x.length === 1 && x[0]!.op === 'ref.func')
              ? {
                  ...e,
                  type: { kind: 'ref', nullable: false, heapType: 'func' },
                }
              : e,
          ),
        }),
        theirs,
      ),
  },
  {
    name: 'select-empty-result',
    reason:
      'wabt writes `select (result)` as untyped select (0x1b); the text asks for select with an empty type vector (0x1c 0x00)',
    matches: (ours) =>
      ours.functions.some(
        (f) =>
          f.body.kind === 'instrs' &&
          f.body.instrs.some(
            (i) =>
              i.op === 'select.typed' &&
              (i.args[0] as readonly unknown[]).length === 0,
          ),
      ),
  },
  {
    name: 'code-metadata',
    reason:
      "branch hints on nested folded ifs: wabt.js gives the offset of the condition's first " +
      'instruction, 2 bytes before the `if`; ours is the offset of the `if` itself',
    matches: (_ours, file) => file === 'custom/branch_hint.wast',
  },
];

/** Why wabt.js rejects modules we accept, by a pattern of its error message. */
const wabtRejections: readonly (readonly [RegExp, string])[] = [
  [
    /expected funcref|expected i32, i64|expected a numeric index|unexpected token "null"|unexpected token "func"|"rec"|reference type out of range|expected \)|unexpected token name|expected a natural number|expected an (instr|expr)|"sub"/,
    'GC and typed function references (types, instructions) or @name, beyond wabt.js',
  ],
  [
    /memory variable is not allowed/,
    'multi-memory: wabt.js has no flag for it',
  ],
  [/memory page size is not allowed/, 'custom page sizes: not in wabt.js'],
  [
    /invalid int "0x1_0000_0000"/,
    'memory limits are u64 in the Wasm 3.0 text format',
  ],
  [
    /alignment must be power-of-two/,
    'align=2^63 is a power of two (wabt.js overflows)',
  ],
  [
    /unexpected char/,
    'annotation bodies may hold any tokens (annotations proposal)',
  ],
  [
    /^Error: parseWat failed:\s*$/,
    'a module that is only an @custom annotation (wabt.js gives no message)',
  ],
  [/./, 'other'],
];

function modulesOf(command: Command): ScriptModule[] {
  switch (command.kind) {
    case 'module':
    case 'assert_invalid':
    case 'assert_unlinkable':
    case 'assert_uninstantiable':
    case 'assert_invalid_custom':
      return [command.module];
    case 'assert_trap':
      return 'span' in command.action &&
        'kind' in command.action &&
        (command.action.kind === 'text' || command.action.kind === 'quote')
        ? [command.action]
        : [];
    default:
      return [];
  }
}

/** The source of a text module of a script, as `(module ...)` without `definition` and `$id`. */
function moduleSource(
  source: string,
  tokens: ReturnType<typeof tokenize>,
  offset: number,
): string {
  let i = 0;
  while (i < tokens.length && tokens.offset(i) !== offset) i++;
  i += 2;
  if (tokens.image(i) === 'definition') i++;
  if (tokens.kind(i) === TokenKind.id) i++;
  let depth = 1;
  let j = i;
  for (; j < tokens.length; j++) {
    const kind = tokens.kind(j);
    if (kind === TokenKind.lparen || kind === TokenKind.annotation) depth++;
    else if (kind === TokenKind.rparen && --depth === 0) break;
  }
  return '(module ' + source.slice(tokens.offset(i), tokens.offset(j) + 1);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

describe('wat2wasm differential against wabt.js', () => {
  it('gives the same bytes as wabt.js for every suite module both accept', async () => {
    const wabt = await wabtInit();
    let equal = 0;
    const classCounts = new Map<string, number>();
    const rejectionCounts = new Map<string, number>();
    let onlyWabt = 0;
    let sameAsEncoder = 0;
    const notSameAsEncoder: string[] = [];
    const unexplained: string[] = [];
    for (const [file, script] of parsedSuite()) {
      const source = readSuiteFile(file);
      const tokens = tokenize(source);
      const features = featuresFor(file);
      for (const command of script.commands) {
        for (const scriptModule of modulesOf(command)) {
          if (scriptModule.kind === 'binary') continue;
          const text =
            scriptModule.kind === 'quote'
              ? scriptModule.source
              : moduleSource(source, tokens, scriptModule.span.offset);
          const where = `${file}:${scriptModule.span.line}`;
          let module: Module | null = null;
          let ours: Uint8Array | null = null;
          try {
            module = parseWat(text, { features });
            ours = watToWasm(text, { features });
          } catch {
            // counted below
          }
          // watToWasm encodes bodies while parsing; the bytes must not change.
          if (module !== null && ours !== null) {
            const { branchHints } = parseHintedWat(text, { features });
            const hints = branchHintSection(module, branchHints);
            const customs =
              hints === null ? module.customs : [...module.customs, hints];
            if (equalBytes(ours, encodeModule({ ...module, customs })))
              sameAsEncoder++;
            else notSameAsEncoder.push(where);
          }
          let theirs: Uint8Array | null = null;
          let wabtError = '';
          try {
            const parsed = wabt.parseWat(
              'input.wat',
              new TextEncoder().encode(text),
              wabtFeatures,
            );
            try {
              parsed.resolveNames();
              theirs = parsed.toBinary({
                canonicalize_lebs: true,
                write_debug_names: false,
              }).buffer;
            } finally {
              parsed.destroy();
            }
          } catch (error) {
            const message = String(error);
            wabtError =
              message.split('\n').find((line) => line.includes('error:')) ??
              message;
          }
          if (ours !== null && theirs !== null) {
            if (equalBytes(ours, theirs)) {
              equal++;
              continue;
            }
            let wabtDecodes = true;
            try {
              decodeModule(theirs, { features, eagerBodies: true });
            } catch {
              wabtDecodes = false;
            }
            const known = differenceClasses.find((c) =>
              c.matches(module!, file, wabtDecodes, theirs),
            );
            if (known === undefined) unexplained.push(where);
            else
              classCounts.set(
                known.name,
                (classCounts.get(known.name) ?? 0) + 1,
              );
          } else if (ours !== null) {
            let reason = wabtRejections.find(([pattern]) =>
              pattern.test(wabtError),
            )![1];
            if (reason === 'other')
              reason = `other: ${where} ${wabtError.replace(/^.*error: /, '').slice(0, 200)}`;
            rejectionCounts.set(reason, (rejectionCounts.get(reason) ?? 0) + 1);
          } else if (
            theirs !== null &&
            command.kind !== 'assert_invalid_custom'
          ) {
            // (An assert_invalid_custom module is one the suite expects rejected.)
            onlyWabt++;
            unexplained.push(`${where}: only wabt.js accepts`);
          }
        }
      }
    }
    const different = [...classCounts.values()].reduce((a, b) => a + b, 0);
    const onlyUs = [...rejectionCounts.values()].reduce((a, b) => a + b, 0);
    console.log(
      `wabt differential: ${equal} equal, ${different + unexplained.length} different, ` +
        `${onlyUs} only tswasm accepts, ${onlyWabt} only wabt.js accepts\n` +
        [...classCounts]
          .map(([name, n]) => `  different/${name}: ${n}`)
          .join('\n') +
        '\n' +
        [...rejectionCounts]
          .map(([reason, n]) => `  only tswasm/${reason}: ${n}`)
          .join('\n'),
    );
    console.log(
      `watToWasm: ${sameAsEncoder} modules, the same bytes as encodeModule(parseWat(...))`,
    );
    expect(notSameAsEncoder).toEqual([]);
    expect(sameAsEncoder).toBeGreaterThan(5000);
    expect(unexplained).toEqual([]);
    expect(
      [...rejectionCounts.keys()].filter((reason) =>
        reason.startsWith('other'),
      ),
    ).toEqual([]);
    expect(equal).toBeGreaterThan(4000);
  });
});
