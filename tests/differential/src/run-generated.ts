// Runs generated programs on our engine (interpreter tier) and on V8 and
// tallies how they compare.

import { Engine, Memory } from '@tswasm/engine';
import { ParseError, watToWasm } from '@tswasm/text';
import wabtInit from 'wabt';
import {
  compareOutcomes,
  memoryDifference,
  nativeModule,
  runNative,
  runOurs,
  sameMemory,
  showOutcome,
  Tally,
} from './compare.js';
import { type Bits, type NumType, edgeBits } from './edge-values.js';
import { type GeneratedProgram, generateProgram } from './generate-program.js';
import { Random } from './random.js';

type Wabt = Awaited<ReturnType<typeof wabtInit>>;
let wabt: Wabt | null = null;

/** wabt's wat2wasm, as a second opinion on whether generated text is valid. */
async function wabtAssemble(wat: string): Promise<Uint8Array> {
  wabt ??= await wabtInit();
  const module = wabt.parseWat('generated.wat', wat);
  try {
    module.resolveNames();
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

/** A known bug of ours, with the generated programs it makes disagree. */
export interface KnownFailure {
  readonly reason: string;
  /** Seeds of generated programs whose disagreements it explains. */
  readonly seeds: readonly number[];
}

const bitsType = (t: NumType): 'i32' | 'i64' =>
  t === 'i32' || t === 'f32' ? 'i32' : 'i64';

/** Runs `programs` programs seeded from `firstSeed` with `callsPerExport` argument vectors each. */
export async function runGenerated(options: {
  firstSeed: number;
  programs: number;
  callsPerExport: number;
  known: readonly KnownFailure[];
  /** Problems with the harness or with our text package, not with execution. */
  problems: string[];
  /** Filled with the seeds of programs with any disagreement, known or not. */
  disagreeing?: Set<number>;
}): Promise<Tally> {
  const tally = new Tally();
  for (let p = 0; p < options.programs; p++) {
    const program = generateProgram(options.firstSeed + p);
    let bytes: Uint8Array;
    try {
      bytes = watToWasm(program.wat);
    } catch (error) {
      // Is it our text package or the generator?
      bytes = await wabtAssemble(program.wat).catch((wabtError: unknown) => {
        throw new Error(
          `generated program ${program.seed} is not valid: ${String(wabtError)}\n${program.wat}`,
        );
      });
      const where =
        error instanceof ParseError ? ` at ${error.line}:${error.column}` : '';
      options.problems.push(
        `@tswasm/text rejects program ${program.seed} that wabt accepts: ${String(error)}${where}`,
      );
    }
    runProgram(program, bytes, options, tally);
  }
  return tally;
}

function runProgram(
  program: GeneratedProgram,
  bytes: Uint8Array,
  options: {
    callsPerExport: number;
    known: readonly KnownFailure[];
    problems: string[];
    disagreeing?: Set<number>;
  },
  tally: Tally,
): void {
  const before = tally.agreements;
  const callsBefore = tally.calls;
  try {
    runCalls(program, bytes, options, tally);
  } finally {
    if (tally.calls - callsBefore !== tally.agreements - before)
      options.disagreeing?.add(program.seed);
  }
}

function runCalls(
  program: GeneratedProgram,
  bytes: Uint8Array,
  options: {
    callsPerExport: number;
    known: readonly KnownFailure[];
    problems: string[];
  },
  tally: Tally,
): void {
  tally.programs++;
  const native = new WebAssembly.Instance(nativeModule(bytes));
  const engine = new Engine({ tier: 'interp', fuel: 50_000_000 });
  let instance;
  try {
    instance = engine.instantiate(engine.compile(bytes));
  } catch (error) {
    options.problems.push(
      `program ${program.seed}: our engine rejects what V8 runs: ${String(error)}`,
    );
    return;
  }
  const ourMemory = instance.exports.get('mem');
  const nativeMemory = native.exports['mem'] as WebAssembly.Memory;
  if (!(ourMemory instanceof Memory)) throw new Error('no exported memory');
  let memoryDiffers = !sameMemory(ourMemory, nativeMemory);
  if (memoryDiffers) {
    const d = (): string =>
      `program ${program.seed}: after instantiation: ${memoryDifference(ourMemory, nativeMemory)}`;
    tally.record(
      'memory-mismatch',
      d,
      knownReason(options.known, program.seed),
    );
  }
  const random = new Random(program.seed ^ 0x5eed);
  for (const exp of program.exports) {
    const f = native.exports[exp.name] as (...args: unknown[]) => unknown;
    for (let k = 0; k < options.callsPerExport; k++) {
      const args = exp.params.map((t) => edgeBits(t, random));
      const nativeArgs = exp.params.map((t, i) =>
        bitsType(t) === 'i32'
          ? Number(args[i]) | 0
          : BigInt.asIntN(64, BigInt(args[i]!)),
      );
      const ourArgs = exp.params.map((t, i) =>
        bitsType(t) === 'i32'
          ? ({ type: 'i32', value: Number(args[i]) | 0 } as const)
          : ({
              type: 'i64',
              value: BigInt.asIntN(64, BigInt(args[i]!)),
            } as const),
      );
      const theirs = runNative(f, nativeArgs, 1);
      const ours = runOurs(() => engine.invoke(instance, exp.name, ourArgs));
      const verdict = compareOutcomes(ours, theirs, [exp.result], [exp.exact]);
      const detail = (): string =>
        `program ${program.seed} ${exp.name}(${args.map(showBits).join(', ')}) ` +
        `[${exp.params.join(' ')}] -> ${exp.result}: ours ${showOutcome(ours)}, V8 ${showOutcome(theirs)}`;
      tally.recordOutcome(ours);
      tally.record(verdict, detail, knownReason(options.known, program.seed));
      // Global writes before a trap stay too.
      const ourGlobals = runOurs(() => engine.invoke(instance, 'globals', []));
      const theirGlobals = runNative(
        native.exports['globals'] as (...a: unknown[]) => unknown,
        [],
        4,
      );
      const globalsVerdict = compareOutcomes(
        ourGlobals,
        theirGlobals,
        ['i32', 'i64', 'i32', 'i64'],
        [true, true, true, true],
      );
      if (globalsVerdict !== 'agree') {
        const d = (): string =>
          `program ${program.seed} globals differ after ${exp.name}(${args.map(showBits).join(', ')}): ours ${showOutcome(ourGlobals)}, V8 ${showOutcome(theirGlobals)}`;
        tally.record(
          'globals-mismatch',
          d,
          knownReason(options.known, program.seed),
        );
      }
      // Stores before a trap stay, so memory is compared after every call.
      if (!memoryDiffers && !sameMemory(ourMemory, nativeMemory)) {
        memoryDiffers = true;
        const d = (): string =>
          `program ${program.seed} memory differs after ${exp.name}(${args.map(showBits).join(', ')}): ${memoryDifference(ourMemory, nativeMemory)}`;
        tally.record(
          'memory-mismatch',
          d,
          knownReason(options.known, program.seed),
        );
      }
    }
  }
}

function knownReason(
  known: readonly KnownFailure[],
  seed: number,
): string | null {
  return known.find((k) => k.seeds.includes(seed))?.reason ?? null;
}

function showBits(b: Bits): string {
  return typeof b === 'bigint'
    ? `0x${BigInt.asUintN(64, b).toString(16)}`
    : `0x${(b >>> 0).toString(16)}`;
}
