// The spec suite's modules on both engines: each module of a top-level
// .wast file is instantiated on our engine and on V8 (with the `spectest`
// module on both sides), the script's own invocations of it are replayed in
// order, then every exported function whose parameters and results are all
// numbers is called with edge values. V8 is called through a wrapper module
// that passes floats as raw bits, so NaN payloads survive the JS boundary.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeModule } from '@tswasm/encoder';
import {
  Engine,
  Memory,
  type ExternValue,
  type Instance,
  type WasmValue,
} from '@tswasm/engine';
import {
  type Command,
  type ScriptValue,
  parseWast,
  watToWasm,
} from '@tswasm/text';
import {
  compareOutcomes,
  memoryDifference,
  nativeModule,
  runNative,
  runOurs,
  sameMemory,
  showOutcome,
  Tally,
  type Outcome,
} from './compare.js';
import { type Bits, type NumType, edgeBits } from './edge-values.js';
import { Random } from './random.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** The spec test suite's root (`$WASM_SPEC_TESTSUITE` or `../shared/testsuite`). */
export const specSuiteDir =
  process.env.WASM_SPEC_TESTSUITE ??
  join(repoRoot, '..', 'shared', 'testsuite');

/** Top-level .wast files of the suite, sorted; none if the suite is absent. */
export function specFiles(): string[] {
  if (!existsSync(specSuiteDir)) return [];
  return readdirSync(specSuiteDir)
    .filter((f) => f.endsWith('.wast'))
    .sort();
}

const spectestWat = `(module
  (global (export "global_i32") i32 (i32.const 666))
  (global (export "global_i64") i64 (i64.const 666))
  (global (export "global_f32") f32 (f32.const 666.6))
  (global (export "global_f64") f64 (f64.const 666.6))
  (table (export "table") 10 20 funcref)
  (memory (export "memory") 1 2)
  (func (export "print"))
  (func (export "print_i32") (param i32))
  (func (export "print_i64") (param i64))
  (func (export "print_f32") (param f32))
  (func (export "print_f64") (param f64))
  (func (export "print_i32_f32") (param i32 f32))
  (func (export "print_f64_f64") (param f64 f64)))`;

const largeMemory = 64 * 2 ** 20;

const numTypes = new Set(['i32', 'i64', 'f32', 'f64']);
const bitsType = (t: NumType): 'i32' | 'i64' =>
  t === 'i32' || t === 'f32' ? 'i32' : 'i64';
const isFloat = (t: NumType): boolean => t === 'f32' || t === 'f64';

interface NumericExport {
  readonly name: string;
  readonly params: readonly NumType[];
  readonly results: readonly NumType[];
}

/** A WAT string literal for any name. */
function watString(name: string): string {
  let out = '"';
  for (const byte of new TextEncoder().encode(name)) {
    out +=
      byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c
        ? String.fromCharCode(byte)
        : `\\${byte.toString(16).padStart(2, '0')}`;
  }
  return `${out}"`;
}

/** A module that imports each export as `m.name` and re-exports it as `f<i>` over raw bits. */
function wrapperWat(exports: readonly NumericExport[]): string {
  const imports = exports.map(
    (e, i) =>
      `(import "m" ${watString(e.name)} (func $i${i}${e.params.length ? ` (param ${e.params.join(' ')})` : ''}${e.results.length ? ` (result ${e.results.join(' ')})` : ''}))`,
  );
  const funcs = exports.map((e, i) => {
    const n = e.params.length;
    const locals = e.results.length ? `(local ${e.results.join(' ')})` : '';
    const args = e.params
      .map(
        (p, k) =>
          `(local.get ${k})${isFloat(p) ? ` ${p}.reinterpret_${bitsType(p)}` : ''}`,
      )
      .join(' ');
    const save = e.results
      .map((_, k) => `(local.set ${n + e.results.length - 1 - k})`)
      .join(' ');
    const load = e.results
      .map(
        (r, k) =>
          `(local.get ${n + k})${isFloat(r) ? ` ${bitsType(r)}.reinterpret_${r}` : ''}`,
      )
      .join(' ');
    const params = n ? ` (param ${e.params.map(bitsType).join(' ')})` : '';
    const results = e.results.length
      ? ` (result ${e.results.map(bitsType).join(' ')})`
      : '';
    return `(func (export "f${i}")${params}${results} ${locals} ${args} call $i${i} ${save} ${load})`;
  });
  return `(module ${imports.join(' ')} ${funcs.join(' ')})`;
}

function scriptBits(v: ScriptValue): Bits | null {
  switch (v.type) {
    case 'i32':
      return v.value >>> 0;
    case 'i64':
      return BigInt.asUintN(64, v.value);
    case 'f32':
      return v.bits >>> 0;
    case 'f64':
      return v.bits;
    case 'v128':
    case 'ref.null':
    case 'ref.extern':
    case 'ref.host':
      return null;
  }
}

function ourValue(type: NumType, bits: Bits): WasmValue {
  switch (type) {
    case 'i32':
      return { type, value: Number(bits) | 0 };
    case 'i64':
      return { type, value: BigInt.asIntN(64, BigInt(bits)) };
    case 'f32':
      return { type, bits: Number(bits) >>> 0 };
    case 'f64':
      return { type, bits: BigInt.asUintN(64, BigInt(bits)) };
  }
}

/** Counts beyond the tally: modules and why some were not run. */
export interface SpecStats {
  files: number;
  modules: number;
  skipped: Map<string, number>;
  /** Our engine failing where V8 does not, outside calls. */
  problems: string[];
}

interface Pair {
  readonly ours: Instance;
  readonly native: WebAssembly.Instance;
  readonly wrapper: WebAssembly.Instance;
  readonly exports: readonly NumericExport[];
}

/** Runs the modules of `files` (suite-relative) with `callsPerExport` edge-value calls per export. */
export function runSpecExports(options: {
  files: readonly string[];
  callsPerExport: number;
  known: readonly { reason: string; matches: (detail: string) => boolean }[];
}): { tally: Tally; stats: SpecStats } {
  const tally = new Tally();
  const stats: SpecStats = {
    files: 0,
    modules: 0,
    skipped: new Map(),
    problems: [],
  };
  const skip = (why: string): void => {
    stats.skipped.set(why, (stats.skipped.get(why) ?? 0) + 1);
  };
  const engine = new Engine({
    tier: 'interp',
    fuel: 200_000,
    maxCallDepth: 10_000,
  });
  const spectestBytes = watToWasm(spectestWat);
  const ourSpectest = engine.instantiate(engine.compile(spectestBytes));
  const nativeSpectest = new WebAssembly.Instance(nativeModule(spectestBytes));
  const ourImports: Record<string, Record<string, ExternValue>> = {
    spectest: Object.fromEntries(ourSpectest.exports),
  };
  const nativeImports = { spectest: nativeSpectest.exports };

  for (const file of options.files) {
    let commands: readonly Command[];
    try {
      commands = parseWast(readFileSync(join(specSuiteDir, file), 'utf8'), {
        filename: file,
      }).commands;
    } catch {
      skip('file our text package does not parse');
      continue;
    }
    stats.files++;
    const random = new Random(hash(file));
    let current: Pair | null = null;
    let index = 0;
    const finish = (): void => {
      if (current !== null) edgeCalls(current, `${file}#${index}`);
      current = null;
    };
    const call = (
      pair: Pair,
      where: string,
      e: NumericExport,
      i: number,
      args: readonly Bits[],
    ): void => {
      if (pair.ours.memories.some((m) => m.byteLength > largeMemory)) {
        // Growing a memory of gigabytes copies it on ours (seconds a call).
        skip('calls after a memory passed 64 MiB');
        current = null;
        return;
      }
      engine.fuel = 200_000;
      const ours = runOurs(() =>
        engine.invoke(
          pair.ours,
          e.name,
          e.params.map((t, k) => ourValue(t, args[k]!)),
        ),
      );
      if (
        ours.kind === 'trap' &&
        (ours.trap === 'outOfFuel' || ours.trap === 'callStackExhausted')
      ) {
        // V8 has no fuel and a deeper stack: the call may not terminate there.
        skip(
          `call ran out of ${ours.trap === 'outOfFuel' ? 'fuel' : 'stack'} on ours (not run on V8)`,
        );
        return;
      }
      const nativeArgs = e.params.map((t, k) =>
        bitsType(t) === 'i32'
          ? Number(args[k]) | 0
          : BigInt.asIntN(64, BigInt(args[k]!)),
      );
      const theirs = runNative(
        pair.wrapper.exports[`f${i}`] as (...a: unknown[]) => unknown,
        nativeArgs,
        e.results.length,
      );
      if (isResourceLimit(ours, theirs)) {
        skip('call stack limits differ (resource exhaustion is not specified)');
        return;
      }
      const verdict = compareOutcomes(
        ours,
        theirs,
        e.results,
        e.results.map(() => false),
      );
      const detail = (): string =>
        `${where} ${e.name}(${args.map(String).join(', ')}) [${e.params.join(' ')}] -> [${e.results.join(' ')}]: ours ${showOutcome(ours)}, V8 ${showOutcome(theirs)}`;
      tally.recordOutcome(ours);
      tally.record(
        verdict,
        detail,
        knownReason(options.known, verdict, detail),
      );
      for (const [name, value] of pair.ours.exports) {
        const theirMemory = pair.native.exports[name];
        if (
          value instanceof Memory &&
          theirMemory instanceof WebAssembly.Memory &&
          !sameMemory(value, theirMemory)
        ) {
          const d = (): string =>
            `${where} memory "${name}" differs after ${e.name}(${args.map(String).join(', ')}): ${memoryDifference(value, theirMemory)}`;
          tally.record(
            'memory-mismatch',
            d,
            knownReason(options.known, 'memory-mismatch', d),
          );
          // Once memories differ, later calls would only repeat it.
          current = null;
          return;
        }
      }
    };
    const edgeCalls = (pair: Pair, where: string): void => {
      pair.exports.forEach((e, i) => {
        for (let k = 0; k < options.callsPerExport; k++) {
          if (current !== pair) return;
          call(
            pair,
            where,
            e,
            i,
            e.params.map((t) => edgeBits(t, random)),
          );
        }
      });
    };

    for (const command of commands) {
      if (command.kind === 'module') {
        finish();
        index++;
        if (command.definition || command.module.id !== null) {
          // Named modules are referred to by name; keep to the anonymous latest one.
          skip('named or definition module');
          continue;
        }
        current = instantiatePair(
          command,
          engine,
          ourImports,
          nativeImports,
          skip,
          stats,
          `${file}#${index}`,
        );
        continue;
      }
      if (command.kind === 'register' || command.kind === 'module_instance') {
        finish();
        continue;
      }
      if (current === null) continue;
      const action =
        command.kind === 'action' ||
        command.kind === 'assert_return' ||
        command.kind === 'assert_trap'
          ? command.action
          : null;
      if (
        action === null ||
        !('kind' in action) ||
        action.kind !== 'invoke' ||
        action.module !== null
      )
        continue;
      const pair: Pair = current;
      const i = pair.exports.findIndex((e) => e.name === action.name);
      if (i < 0) continue;
      const args = action.args.map(scriptBits);
      if (args.some((a) => a === null)) continue;
      call(pair, `${file}#${index}`, pair.exports[i]!, i, args as Bits[]);
    }
    finish();
  }
  return { tally, stats };
}

function instantiatePair(
  command: Extract<Command, { kind: 'module' }>,
  engine: Engine,
  ourImports: Record<string, Record<string, ExternValue>>,
  nativeImports: WebAssembly.Imports,
  skip: (why: string) => void,
  stats: SpecStats,
  where: string,
): Pair | null {
  const m = command.module;
  let bytes: Uint8Array;
  try {
    if (m.kind === 'binary') bytes = m.bytes;
    else if (m.kind === 'text') bytes = encodeModule(m.module);
    else bytes = watToWasm(m.source);
  } catch {
    skip('module our text package or encoder does not produce');
    return null;
  }
  let native: WebAssembly.Instance;
  try {
    native = new WebAssembly.Instance(nativeModule(bytes), nativeImports);
  } catch {
    skip('module V8 does not compile or instantiate (features, imports)');
    return null;
  }
  let ours: Instance;
  try {
    ours = engine.instantiate(engine.compile(bytes), ourImports);
  } catch (error) {
    stats.problems.push(
      `${where}: V8 instantiates it, ours throws ${String(error)}`,
    );
    return null;
  }
  stats.modules++;
  const exports: NumericExport[] = [];
  for (const [name, value] of ours.exports) {
    const f = value as {
      params?: readonly unknown[];
      results?: readonly unknown[];
    };
    if (f.params === undefined || f.results === undefined) continue;
    const types = [...f.params, ...f.results];
    if (!types.every((t) => typeof t === 'string' && numTypes.has(t))) continue;
    if (typeof native.exports[name] !== 'function') continue;
    exports.push({
      name,
      params: f.params as NumType[],
      results: f.results as NumType[],
    });
  }
  let wrapper: WebAssembly.Instance;
  try {
    wrapper = new WebAssembly.Instance(
      nativeModule(watToWasm(wrapperWat(exports))),
      { m: native.exports },
    );
  } catch (error) {
    throw new Error(`${where}: wrapper module failed: ${String(error)}`);
  }
  return { ours, native, wrapper, exports };
}

/** A stack overflow on one side only: both engines may stop at any depth. */
function isResourceLimit(ours: Outcome, theirs: Outcome): boolean {
  const oursOverflow =
    ours.kind === 'trap' && ours.trap === 'callStackExhausted';
  const theirsOverflow =
    theirs.kind === 'trap' &&
    theirs.trap === 'Maximum call stack size exceeded';
  return oursOverflow !== theirsOverflow && (oursOverflow || theirsOverflow);
}

function knownReason(
  known: readonly { reason: string; matches: (detail: string) => boolean }[],
  verdict: string,
  detail: () => string,
): string | null {
  if (verdict === 'agree' || verdict === 'agree-nan') return null;
  const text = `${verdict}: ${detail()}`;
  return known.find((k) => k.matches(text))?.reason ?? null;
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++)
    h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
