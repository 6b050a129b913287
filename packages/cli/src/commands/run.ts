// `tswasm run`: runs a WASI command, or calls one exported function.

import { statSync } from 'node:fs';
import {
  type FuncType,
  type Module,
  flattenTypes,
  funcTypeAt,
  functionTypeIndices,
} from '@tswasm/ir';
import {
  type ParsedArgs,
  UsageError,
  expectOperands,
  optionValue,
  optionValues,
} from '../args.js';
import { type Command, ExitCode } from '../command.js';
import { CliError } from '../diagnostics.js';
import { type Io, withSource } from '../io.js';
import { funcNames } from '../func-names.js';
import { decodeBinary, loadBinary } from '../load-module.js';
import { loadWasiNode } from '../packages.js';
import type { MemoryLike } from '@tswasm/wasi';
import type { WASI } from '@tswasm/wasi/node';
import { formatValue, parseValue } from '../run/invoke-values.js';
import { type Limits, type Runtime, openRuntime } from '../run/runtime.js';

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** `--dir HOST[::GUEST]` as node:wasi preopens: guest path -> host path. */
function preopens(args: ParsedArgs): Record<string, string> {
  const map: Record<string, string> = {};
  for (const spec of optionValues(args, 'dir')) {
    const [host, guest, extra] = spec.split('::');
    if (
      host === undefined ||
      host === '' ||
      guest === '' ||
      extra !== undefined
    ) {
      throw new UsageError(`--dir ${spec}: expected HOST or HOST::GUEST`);
    }
    if (!isDirectory(host))
      throw new CliError(`--dir ${host}: no such directory`);
    map[guest ?? host] = host;
  }
  return map;
}

/** `--env K=V` (or `--env K` to pass the host's value on). */
function environment(args: ParsedArgs, io: Io): Record<string, string> {
  const env: Record<string, string> = {};
  for (const spec of optionValues(args, 'env')) {
    const eq = spec.indexOf('=');
    const key = eq < 0 ? spec : spec.slice(0, eq);
    if (key === '') throw new UsageError(`--env ${spec}: expected K=V`);
    const value = eq < 0 ? io.env[key] : spec.slice(eq + 1);
    if (value !== undefined) env[key] = value;
  }
  return env;
}

function nonNegativeInteger(
  args: ParsedArgs,
  name: string,
): number | undefined {
  const text = optionValue(args, name);
  if (text === undefined) return undefined;
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isSafeInteger(value) || value < 0 || text.trim() === '') {
    throw new UsageError(`--${name} ${text}: expected a non-negative integer`);
  }
  return value;
}

const durationUnits: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
};

/** `--NAME DURATION` in milliseconds: `500ms`, `2s`, `1.5m`; a bare number is seconds. */
function duration(args: ParsedArgs, name: string): number | undefined {
  const text = optionValue(args, name);
  if (text === undefined) return undefined;
  const match = /^(\d+(?:\.\d*)?|\.\d+)(ms|s|m)?$/.exec(text.trim());
  const value =
    match === null ? NaN : Number(match[1]) * durationUnits[match[2] ?? 's']!;
  if (!Number.isFinite(value)) {
    throw new UsageError(
      `--${name} ${text}: expected a duration such as 500ms, 2s or 1m`,
    );
  }
  return value;
}

function limits(args: ParsedArgs): Limits {
  const fuel = nonNegativeInteger(args, 'fuel');
  const maxMemory = nonNegativeInteger(args, 'max-memory');
  const timeout = duration(args, 'timeout');
  return {
    ...(fuel === undefined ? {} : { fuel }),
    ...(maxMemory === undefined ? {} : { maxMemoryBytes: maxMemory }),
    ...(timeout === undefined ? {} : { timeoutMs: timeout }),
  };
}

/** The type of the exported function `name`. */
function exportedFuncType(module: Module, name: string): FuncType {
  const exp = module.exports.find((e) => e.name === name);
  if (exp === undefined) throw new CliError(`no export named '${name}'`);
  if (exp.kind !== 'func') {
    throw new CliError(`export '${name}' is a ${exp.kind}, not a function`);
  }
  const typeIndex = functionTypeIndices(module)[exp.index];
  const type =
    typeIndex === undefined
      ? undefined
      : funcTypeAt(flattenTypes(module), typeIndex);
  if (type === undefined)
    throw new Error(`internal: export '${name}' has no function type`);
  return type;
}

function importsWasi(module: Module): boolean {
  return module.imports.some((imp) => imp.module === 'wasi_snapshot_preview1');
}

interface Program {
  readonly runtime: Runtime;
  readonly bytes: Uint8Array;
  readonly module: Module;
}

/** Calls `name` with `texts` parsed by its parameter types; prints the results. */
function invoke(
  program: Program,
  name: string,
  texts: readonly string[],
  wasi: WasiLike | null,
  io: Io,
): number {
  const type = exportedFuncType(program.module, name);
  if (texts.length !== type.params.length) {
    throw new UsageError(
      `'${name}' takes ${type.params.length} argument(s), ${texts.length} given`,
    );
  }
  const args = type.params.map((param, i) => parseValue(texts[i]!, param));
  const instance = program.runtime.instantiate(
    program.bytes,
    program.module,
    wasi?.getImportObject() ?? {},
  );
  if (wasi !== null) {
    const memory = instance.exports['memory'];
    if (memory !== undefined) wasi.bindMemory(memory as MemoryLike);
    const init = instance.exports['_initialize'];
    if (typeof init === 'function') (init as () => unknown)();
  }
  const func = instance.exports[name] as (...args: unknown[]) => unknown;
  const returned = func(...args);
  const results =
    type.results.length === 0
      ? []
      : type.results.length === 1
        ? [returned]
        : (returned as unknown[]);
  type.results.forEach((resultType, i) => {
    io.stdout.write(`${formatValue(results[i], resultType)}\n`);
  });
  return ExitCode.ok;
}

/** Checks that a module importing WASI is a command WASI can start. */
function checkCommand(module: Module): void {
  const exported = (name: string, kind: string): boolean =>
    module.exports.some((e) => e.name === name && e.kind === kind);
  if (!exported('_start', 'func')) {
    throw new CliError(
      'the module exports no _start function; call a function with --invoke NAME',
    );
  }
  if (!exported('memory', 'memory')) {
    throw new CliError('the module exports no memory, which WASI needs');
  }
}

type WasiLike = InstanceType<typeof WASI>;

export const runCommand: Command = {
  spec: {
    name: 'run',
    usage: '[options] FILE [ARGS...]',
    summary:
      "Runs a WebAssembly program (binary or text): a WASI command's _start, or with --invoke an exported function, whose results are printed one per line. The guest's exit code is tswasm's exit code; a trap prints its message and the wasm backtrace and exits 134.",
    options: [
      {
        name: 'dir',
        value: 'HOST[::GUEST]',
        multiple: true,
        description: 'give the guest directory HOST, named GUEST',
      },
      {
        name: 'env',
        value: 'K=V',
        multiple: true,
        description: "set a guest variable (K alone: the host's value)",
      },
      {
        name: 'invoke',
        value: 'NAME',
        description: 'call export NAME with ARGS instead of _start',
      },
      {
        name: 'fuel',
        value: 'N',
        description: 'stop with a trap after N instructions',
      },
      {
        name: 'max-memory',
        value: 'BYTES',
        description: 'let no memory grow beyond BYTES',
      },
      {
        name: 'timeout',
        value: 'DURATION',
        description: 'trap when a call into wasm runs past it (500ms, 2s)',
      },
      {
        name: 'engine',
        value: 'NAME',
        description: "tswasm (the default) or v8 (Node's WebAssembly)",
      },
    ],
    features: true,
    stopAtFirstOperand: true,
  },
  async run(args, io) {
    expectOperands(args, 1, Infinity, 'FILE');
    const [path, ...guestArgs] = args.operands as [string, ...string[]];
    const env = environment(args, io);
    const dirs = preopens(args);
    const runtime = await openRuntime(
      optionValue(args, 'engine') ?? 'tswasm',
      limits(args),
      args.features,
    );
    // A text module's `$id`s name the frames of a backtrace.
    const { bytes, source } = await loadBinary(io, path, args.features, true);
    const module = await decodeBinary(bytes, source, args.features);
    const program: Program = {
      runtime,
      bytes,
      module,
    };

    let wasi: WasiLike | null = null;
    if (importsWasi(module)) {
      const { WASI } = await loadWasiNode(['WASI']);
      wasi = new WASI({
        args: [path, ...guestArgs],
        env,
        preopens: dirs,
        returnOnExit: true,
      });
    }
    const name = optionValue(args, 'invoke');
    return withSource({ ...source, funcName: funcNames(module) }, () => {
      if (name !== undefined) return invoke(program, name, guestArgs, wasi, io);
      if (wasi !== null) checkCommand(module);
      const instance = runtime.instantiate(
        bytes,
        module,
        wasi?.getImportObject() ?? {},
      );
      if (wasi !== null) return wasi.start(instance);
      // Not a WASI program: run its _start if it has one (its start function,
      // if any, ran while instantiating).
      const start = instance.exports['_start'];
      if (typeof start === 'function') (start as () => unknown)();
      return ExitCode.ok;
    });
  },
};
