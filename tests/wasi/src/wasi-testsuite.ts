// Reads the WASI test suite (../shared/wasi-testsuite or $WASI_TESTSUITE):
// one test per NAME.wasm, with its optional NAME.json, and runs a test on a
// fresh copy of its fixture directories.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** Where the suite is. */
export const suiteRoot: string =
  process.env['WASI_TESTSUITE'] ??
  path.resolve(repoRoot, '..', 'shared', 'wasi-testsuite');

/** One program of the suite and what it must do. */
export interface SuiteTest {
  /** `LANG/NAME`. */
  id: string;
  wasmPath: string;
  args: string[];
  env: Record<string, string>;
  /** Guest path to the fixture directory (relative to the test's folder) it preopens. */
  preopens: Record<string, string>;
  exitCode: number;
  stdout: string | null;
  stderr: string | null;
}

/** What a run did. */
export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** How to run one program: the host directories are fresh copies. */
export type Runner = (
  test: SuiteTest,
  hostPreopens: Record<string, string>,
) => Promise<RunResult>;

interface Config {
  args?: string[];
  env?: Record<string, string>;
  dirs?: string[];
  root?: string;
  exit_code?: number;
  stdout?: string;
  stderr?: string;
  operations?: {
    type: string;
    args?: string[];
    env?: Record<string, string>;
    dirs?: string[];
    exit_code?: number;
    id?: string;
    payload?: string;
  }[];
}

/** Every test of the suite, `c` then `assemblyscript`, sorted by name; [] if the suite is absent. */
export function listSuiteTests(): SuiteTest[] {
  const tests: SuiteTest[] = [];
  for (const lang of ['c', 'assemblyscript']) {
    const dir = path.join(
      suiteRoot,
      'tests',
      lang,
      'testsuite',
      'wasm32-wasip1',
    );
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).sort()) {
      if (!file.endsWith('.wasm')) continue;
      const name = file.slice(0, -'.wasm'.length);
      const jsonPath = path.join(dir, `${name}.json`);
      const config: Config = fs.existsSync(jsonPath)
        ? (JSON.parse(fs.readFileSync(jsonPath, 'utf8')) as Config)
        : {};
      tests.push(toTest(`${lang}/${name}`, path.join(dir, file), config));
    }
  }
  return tests;
}

function toTest(id: string, wasmPath: string, config: Config): SuiteTest {
  const test: SuiteTest = {
    id,
    wasmPath,
    args: config.args ?? [],
    env: config.env ?? {},
    preopens: {},
    exitCode: config.exit_code ?? 0,
    stdout: config.stdout ?? '',
    stderr: config.stderr ?? null,
  };
  const addDirs = (dirs: string[] | undefined) => {
    for (const d of dirs ?? []) test.preopens[d] = d;
  };
  addDirs(config.dirs);
  if (config.root !== undefined) test.preopens['/'] = config.root;
  for (const op of config.operations ?? []) {
    if (op.type === 'run') {
      test.args = op.args ?? test.args;
      test.env = op.env ?? test.env;
      addDirs(op.dirs);
    } else if (op.type === 'wait') {
      test.exitCode = op.exit_code ?? 0;
    } else if (op.type === 'read' && op.id === 'stdout') {
      test.stdout = op.payload ?? '';
    } else if (op.type === 'read' && op.id === 'stderr') {
      test.stderr = op.payload ?? '';
    }
  }
  return test;
}

/** Runs `test` with `runner` on fresh copies of its fixture directories. */
export async function runSuiteTest(
  test: SuiteTest,
  runner: Runner,
): Promise<RunResult> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tswasm-wasi-suite-'));
  try {
    const hostPreopens: Record<string, string> = {};
    let i = 0;
    for (const [guest, fixture] of Object.entries(test.preopens)) {
      const copy = path.join(work, `${i++}-${path.basename(fixture)}`);
      fs.cpSync(path.join(path.dirname(test.wasmPath), fixture), copy, {
        recursive: true,
      });
      makeWritable(copy);
      hostPreopens[guest] = copy;
    }
    return await runner(test, hostPreopens);
  } finally {
    makeWritable(work);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Whether `result` is what `test` expects; else why not. */
export function checkResult(test: SuiteTest, result: RunResult): string | null {
  if (result.exitCode !== test.exitCode) {
    return `exit code ${result.exitCode}, expected ${test.exitCode}; stderr: ${result.stderr.slice(0, 2000)}`;
  }
  if (test.stdout !== null && result.stdout !== test.stdout) {
    return `stdout ${JSON.stringify(result.stdout)}, expected ${JSON.stringify(test.stdout)}`;
  }
  if (test.stderr !== null && result.stderr !== test.stderr) {
    return `stderr ${JSON.stringify(result.stderr)}, expected ${JSON.stringify(test.stderr)}`;
  }
  return null;
}

function makeWritable(dir: string): void {
  for (const entry of fs.readdirSync(dir, {
    withFileTypes: true,
    recursive: true,
  })) {
    const p = path.join(entry.parentPath, entry.name);
    if (!entry.isSymbolicLink())
      fs.chmodSync(p, entry.isDirectory() ? 0o755 : 0o644);
  }
  fs.chmodSync(dir, 0o755);
}
