// Modules from binaryen's `wasm-opt -ttf` (random bytes in, a random valid
// module out) on both engines. Such a module imports logging functions
// from `fuzzing-support`; both sides get loggers, every export is called in
// order with deterministic arguments (resetting binaryen's hang limit
// before each, as its own harness does), and the sequences of logged
// values, results and traps must match. `--denan` keeps NaNs out of the
// modules, whose bits would otherwise be undetermined.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { f32FromBits, f64FromBits } from '@tswasm/ir';
import {
  Engine,
  Trap,
  UncaughtException,
  WasmFunction,
  type WasmValue,
} from '@tswasm/engine';
import { isNativeException, nativeModule } from './compare.js';
import { Random } from './random.js';

/** Whether `wasm-opt` (Debian's binaryen) is on the PATH. */
export const hasBinaryen: boolean = (() => {
  try {
    execFileSync('wasm-opt', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();

/** Features both V8 (Node 20) and our engine run, without NaN-sensitive SIMD. */
const featureFlags = [
  '--mvp-features',
  '--enable-sign-ext',
  '--enable-nontrapping-float-to-int',
  '--enable-bulk-memory',
  '--enable-mutable-globals',
  '--enable-multivalue',
];

const numTypes = new Set(['i32', 'i64', 'f32', 'f64']);

/** A comparable rendering of one event: a log call, a result, or a trap. */
type Event = string;

function showNumber(type: string, v: unknown): string {
  if (type === 'i64') return `${BigInt.asIntN(64, v as bigint)}`;
  if (type === 'i32') return `${(v as number) | 0}`;
  const n = v as number;
  return Number.isNaN(n) ? 'nan' : Object.is(n, -0) ? '-0' : `${n}`;
}

function showOurValue(v: WasmValue): string {
  switch (v.type) {
    case 'i32':
      return showNumber('i32', v.value);
    case 'i64':
      return showNumber('i64', v.value);
    case 'f32':
      return showNumber('f32', f32FromBits(v.bits));
    case 'f64':
      return showNumber('f64', f64FromBits(v.bits));
    case 'v128':
    case 'ref':
      return v.type;
  }
}

/** V8's trap messages as our trap kinds (the same mapping as compare.ts, by message). */
function nativeTrap(error: unknown): string {
  if (error instanceof RangeError) return 'callStackExhausted';
  const message = error instanceof Error ? error.message : String(error);
  const kinds: Record<string, string> = {
    unreachable: 'unreachable',
    'memory access out of bounds': 'memoryOutOfBounds',
    'divide by zero': 'divideByZero',
    'remainder by zero': 'divideByZero',
    'divide result unrepresentable': 'integerOverflow',
    'float unrepresentable in integer range': 'conversion',
    'table index is out of bounds': 'undefinedElement',
    'null function or function signature mismatch': 'indirectCall',
    'element segment out of bounds': 'tableOutOfBounds',
    'data segment out of bounds': 'memoryOutOfBounds',
  };
  return kinds[message] ?? `V8: ${message}`;
}

/** Our trap kinds, merged where V8 does not tell them apart. */
function ourTrap(kind: string): string {
  switch (kind) {
    case 'invalidConversion':
    case 'integerOverflow':
      return kind === 'integerOverflow'
        ? 'integerOverflow|conversion'
        : 'conversion';
    case 'indirectCallTypeMismatch':
    case 'uninitializedElement':
    case 'nullFunctionReference':
      return 'indirectCall';
    case 'elementSegmentOutOfBounds':
      return 'tableOutOfBounds';
    case 'dataSegmentOutOfBounds':
      return 'memoryOutOfBounds';
    default:
      return kind;
  }
}

function sameEvent(ours: Event, theirs: Event): boolean {
  if (ours === theirs) return true;
  // Our integerOverflow is V8's "divide result unrepresentable" or a float conversion.
  if (ours === 'trap integerOverflow|conversion')
    return theirs === 'trap integerOverflow' || theirs === 'trap conversion';
  return false;
}

export interface BinaryenResult {
  readonly modules: number;
  readonly calls: number;
  /** Logged values, results and traps compared. */
  readonly events: number;
  readonly agreeingModules: number;
  /** Modules one side did not compile or instantiate. */
  readonly problems: readonly string[];
  /** First differing event of each disagreeing module. */
  readonly disagreements: readonly string[];
}

/** Generates `count` modules from seeds `firstSeed…` and runs each on both engines. */
export function runBinaryen(options: {
  firstSeed: number;
  count: number;
}): BinaryenResult {
  const dir = mkdtempSync(join(tmpdir(), 'tswasm-ttf-'));
  let calls = 0;
  let events = 0;
  let agreeingModules = 0;
  const problems: string[] = [];
  const disagreements: string[] = [];
  try {
    for (let i = 0; i < options.count; i++) {
      const seed = options.firstSeed + i;
      const random = new Random(seed);
      const input = new Uint8Array(1000 + random.below(8000));
      for (let k = 0; k < input.length; k++) input[k] = random.below(256);
      const inPath = join(dir, `${seed}.bin`);
      const outPath = join(dir, `${seed}.wasm`);
      writeFileSync(inPath, input);
      execFileSync(
        'wasm-opt',
        ['-ttf', inPath, '-o', outPath, '--denan', ...featureFlags],
        { stdio: 'pipe' },
      );
      const bytes = new Uint8Array(readFileSync(outPath));
      const run = runModule(bytes, seed, problems);
      if (run === null) continue;
      calls += run.calls;
      events += run.ours.length;
      const n = Math.max(run.ours.length, run.theirs.length);
      let differs = -1;
      for (let k = 0; k < n; k++) {
        if (!sameEvent(run.ours[k] ?? '(none)', run.theirs[k] ?? '(none)')) {
          differs = k;
          break;
        }
      }
      if (differs < 0) agreeingModules++;
      else {
        disagreements.push(
          `seed ${seed} (wasm-opt -ttf of ${input.length} bytes): event ${differs}: ours ${run.ours[differs] ?? '(none)'}, V8 ${run.theirs[differs] ?? '(none)'}` +
            ` (after ${run.ours.slice(Math.max(0, differs - 3), differs).join('; ')})`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    modules: options.count,
    calls,
    events,
    agreeingModules,
    problems,
    disagreements,
  };
}

function runModule(
  bytes: Uint8Array,
  seed: number,
  problems: string[],
): { ours: Event[]; theirs: Event[]; calls: number } | null {
  const ours: Event[] = [];
  const theirs: Event[] = [];
  const logTypes = ['i32', 'i64', 'f32', 'f64'] as const;
  const nativeImports = {
    'fuzzing-support': Object.fromEntries(
      logTypes.map((t) => [
        `log-${t}`,
        (v: unknown) => void theirs.push(`log ${showNumber(t, v)}`),
      ]),
    ),
  };
  let native: WebAssembly.Instance;
  try {
    native = new WebAssembly.Instance(nativeModule(bytes), nativeImports);
  } catch (error) {
    problems.push(`seed ${seed}: V8 rejects the module: ${String(error)}`);
    return null;
  }
  const engine = new Engine({ tier: 'interp', fuel: 100_000_000 });
  let instance;
  try {
    const logs = Object.fromEntries(
      logTypes.map((t) => [
        `log-${t}`,
        engine.hostFunction(
          { params: [t], results: [] },
          ([v]) => void ours.push(`log ${showOurValue(v!)}`),
        ),
      ]),
    );
    instance = engine.instantiate(engine.compile(bytes), {
      'fuzzing-support': logs,
    });
  } catch (error) {
    problems.push(
      `seed ${seed}: V8 instantiates it, ours throws ${String(error)}`,
    );
    return null;
  }
  let calls = 0;
  const reset = instance.exports.get('hangLimitInitializer');
  for (const [name, value] of instance.exports) {
    if (!(value instanceof WasmFunction) || name === 'hangLimitInitializer')
      continue;
    if (
      ![...value.params, ...value.results].every(
        (t) => typeof t === 'string' && numTypes.has(t),
      )
    )
      continue;
    const f = native.exports[name] as (...args: unknown[]) => unknown;
    const resetNative = native.exports['hangLimitInitializer'] as
      (() => void) | undefined;
    // Arguments: small deterministic values, as binaryen's harness passes 0s.
    const args = value.params.map((t, k) => (t === 'i64' ? BigInt(k) : k));
    const ourArgs = value.params.map((t, k): WasmValue => {
      switch (t) {
        case 'i32':
          return { type: 'i32', value: k };
        case 'i64':
          return { type: 'i64', value: BigInt(k) };
        case 'f32':
          return {
            type: 'f32',
            bits: new Uint32Array(new Float32Array([k]).buffer)[0]!,
          };
        case 'f64':
          return {
            type: 'f64',
            bits: new BigUint64Array(new Float64Array([k]).buffer)[0]!,
          };
        case 'v128':
        default:
          // Exports with other types were filtered out above.
          throw new Error(`unexpected parameter type ${JSON.stringify(t)}`);
      }
    });
    calls++;
    ours.push(`call ${name}`);
    theirs.push(`call ${name}`);
    if (reset instanceof WasmFunction) engine.call(reset, []);
    resetNative?.();
    try {
      const results = engine.call(value, ourArgs);
      ours.push(`result ${results.map(showOurValue).join(' ')}`);
    } catch (error) {
      if (error instanceof Trap) ours.push(`trap ${ourTrap(error.kind)}`);
      else if (error instanceof UncaughtException) ours.push('trap exception');
      else ours.push(`error ${String(error)}`);
    }
    try {
      const result = f(...args);
      const values =
        value.results.length === 1
          ? [result]
          : value.results.length === 0
            ? []
            : (result as unknown[]);
      theirs.push(
        `result ${values.map((v, k) => showNumber(value.results[k] as string, v)).join(' ')}`,
      );
    } catch (error) {
      theirs.push(
        isNativeException(error)
          ? 'trap exception'
          : `trap ${nativeTrap(error)}`,
      );
    }
  }
  return { ours, theirs, calls };
}
