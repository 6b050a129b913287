// The ways tests/wasi runs a WASI program: @tswasm/wasi on V8's native
// WebAssembly, node:wasi for comparison, and our engine when it is built.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryOutput } from '@tswasm/wasi';
import { WASI } from '@tswasm/wasi/node';
import { MemoryFileSystem, WASI as CoreWASI } from '@tswasm/wasi';
import type { MemoryTree } from '@tswasm/wasi';
import type { RunResult, Runner } from './wasi-testsuite.js';

export type { Runner } from './wasi-testsuite.js';

/** @tswasm/wasi with the Node backend, on V8's native WebAssembly. */
export const runOnV8: Runner = async (test, hostPreopens) => {
  const stdout = new MemoryOutput();
  const stderr = new MemoryOutput();
  const wasi = new WASI({
    args: [path.basename(test.wasmPath), ...test.args],
    env: test.env,
    preopens: hostPreopens,
    stdin: '',
    stdout,
    stderr,
  });
  const module = await WebAssembly.compile(fs.readFileSync(test.wasmPath));
  const instance = await WebAssembly.instantiate(
    module,
    wasi.getImportObject(),
  );
  let exitCode: number;
  try {
    exitCode = wasi.start(instance);
  } catch (error) {
    if (!(error instanceof WebAssembly.RuntimeError)) throw error;
    // A trap (abort() after a failed assertion) ends the program like a signal.
    exitCode = 134;
  }
  return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
};

/** The files under a host directory, as a tree for {@link MemoryFileSystem}. */
function readTree(dir: string): MemoryTree {
  const tree: MemoryTree = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) tree[entry.name] = readTree(p);
    else if (entry.isSymbolicLink())
      tree[entry.name] = { symlink: fs.readlinkSync(p) };
    else tree[entry.name] = new Uint8Array(fs.readFileSync(p));
  }
  return tree;
}

/** @tswasm/wasi with the in-memory backend (fixtures loaded into it), on V8. */
export const runOnV8Memory: Runner = async (test, hostPreopens) => {
  const stdout = new MemoryOutput();
  const stderr = new MemoryOutput();
  const preopens: Record<string, MemoryFileSystem> = {};
  for (const [guest, host] of Object.entries(hostPreopens)) {
    preopens[guest] = new MemoryFileSystem(readTree(host));
  }
  const wasi = new CoreWASI({
    args: [path.basename(test.wasmPath), ...test.args],
    env: test.env,
    preopens,
    stdout,
    stderr,
  });
  const module = await WebAssembly.compile(fs.readFileSync(test.wasmPath));
  const instance = await WebAssembly.instantiate(
    module,
    wasi.getImportObject(),
  );
  let exitCode: number;
  try {
    exitCode = wasi.start(instance);
  } catch (error) {
    if (!(error instanceof WebAssembly.RuntimeError)) throw error;
    exitCode = 134;
  }
  return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
};

/** Node's own `node:wasi`, in-process, for the comparison table. */
export const runOnNodeWasi: Runner = async (test, hostPreopens) => {
  const { WASI: NodeWASI } = await import('node:wasi');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tswasm-node-wasi-'));
  const outPath = path.join(dir, 'stdout');
  const errPath = path.join(dir, 'stderr');
  const out = fs.openSync(outPath, 'w');
  const err = fs.openSync(errPath, 'w');
  const inp = fs.openSync(os.devNull, 'r');
  try {
    const wasi = new NodeWASI({
      version: 'preview1',
      args: [path.basename(test.wasmPath), ...test.args],
      env: test.env,
      preopens: hostPreopens,
      returnOnExit: true,
      stdin: inp,
      stdout: out,
      stderr: err,
    });
    const module = await WebAssembly.compile(fs.readFileSync(test.wasmPath));
    const instance = await WebAssembly.instantiate(
      module,
      wasi.getImportObject() as WebAssembly.Imports,
    );
    let exitCode: number;
    try {
      exitCode = wasi.start(instance);
    } catch (error) {
      if (!(error instanceof WebAssembly.RuntimeError)) throw error;
      exitCode = 134;
    }
    return {
      exitCode,
      stdout: fs.readFileSync(outPath, 'utf8'),
      stderr: fs.readFileSync(errPath, 'utf8'),
    } satisfies RunResult;
  } finally {
    fs.closeSync(out);
    fs.closeSync(err);
    fs.closeSync(inp);
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

/** The `tswasm` CLI's entry script, or null while @tswasm/cli is not built. */
export function cliBin(): string | null {
  try {
    const pkgPath = fileURLToPath(
      import.meta.resolve('@tswasm/cli/package.json'),
    );
    const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8')) as {
      bin?: Record<string, string>;
    };
    const bin = path.join(
      path.dirname(pkgPath),
      pkg.bin?.['tswasm'] ?? 'dist/bin.js',
    );
    return fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/** `tswasm run` as a user runs it, on the given engine (`tswasm` or `v8`). */
export function runWithCli(bin: string, engine: string): Runner {
  return (test, hostPreopens) => {
    const args = ['run', '--engine', engine];
    for (const [guest, host] of Object.entries(hostPreopens))
      args.push('--dir', `${host}::${guest}`);
    for (const [k, v] of Object.entries(test.env))
      args.push('--env', `${k}=${v}`);
    args.push(test.wasmPath, ...test.args);
    const result = spawnSync(process.execPath, [bin, ...args], {
      encoding: 'utf8',
      input: '',
      timeout: 120_000,
      env: { PATH: process.env['PATH'] ?? '' },
    });
    if (result.error !== undefined) return Promise.reject(result.error);
    return Promise.resolve({
      exitCode: result.status ?? 128,
      stdout: result.stdout,
      stderr: result.stderr,
    });
  };
}

/** Our engine's drop-in WebAssembly namespace, or null while @tswasm/engine does not offer one. */
export async function loadEngineNamespace(): Promise<
  typeof WebAssembly | null
> {
  try {
    const engine = (await import('@tswasm/engine')) as Record<string, unknown>;
    const create = engine['createWebAssembly'];
    if (typeof create === 'function')
      return (create as (o: object) => typeof WebAssembly)({});
    const namespace = engine['WebAssembly'];
    return typeof namespace === 'object' && namespace !== null
      ? (namespace as typeof WebAssembly)
      : null;
  } catch {
    return null;
  }
}

/** @tswasm/wasi (Node backend) on the given WebAssembly namespace, through the API. */
export function runOnNamespace(namespace: typeof WebAssembly): Runner {
  return async (test, hostPreopens) => {
    const stdout = new MemoryOutput();
    const stderr = new MemoryOutput();
    const wasi = new WASI({
      args: [path.basename(test.wasmPath), ...test.args],
      env: test.env,
      preopens: hostPreopens,
      stdin: '',
      stdout,
      stderr,
    });
    const { instance } = await namespace.instantiate(
      fs.readFileSync(test.wasmPath),
      wasi.getImportObject(),
    );
    let exitCode: number;
    try {
      exitCode = wasi.start(instance);
    } catch (error) {
      if (error instanceof Error && error.name === 'WasiExit') throw error;
      exitCode = 134;
    }
    return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
  };
}
