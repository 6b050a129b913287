import { afterAll, describe, expect, it } from 'vitest';
import {
  cliBin,
  loadEngineNamespace,
  runOnNamespace,
  runOnNodeWasi,
  runOnV8,
  runOnV8Memory,
  runWithCli,
} from './runners.js';
import type { Runner } from './runners.js';
import {
  checkResult,
  listSuiteTests,
  runSuiteTest,
  suiteRoot,
} from './wasi-testsuite.js';

const tests = listSuiteTests();
if (tests.length === 0) {
  console.warn(
    `WASI test suite not found at ${suiteRoot} (set WASI_TESTSUITE): its tests are skipped`,
  );
}
const cases = tests.map((t) => [t.id, t] as const);
const bin = cliBin();
const engineNamespace = await loadEngineNamespace();

/** Outcome per test per column, printed as a table at the end. */
const table = new Map<string, Map<string, string>>();
const columns: string[] = [];
function record(column: string, id: string, outcome: string): void {
  if (!columns.includes(column)) columns.push(column);
  if (!table.has(id)) table.set(id, new Map());
  table.get(id)?.set(column, outcome);
}

function suite(column: string, runner: Runner): void {
  it.each(cases)('%s', async (_id, test) => {
    const problem = checkResult(test, await runSuiteTest(test, runner));
    record(column, test.id, problem ?? 'pass');
    expect(problem).toBeNull();
  });
}

describe.skipIf(tests.length === 0)(`WASI test suite (${suiteRoot})`, () => {
  it('finds the C and AssemblyScript programs', () => {
    expect(tests.some((t) => t.id.startsWith('c/'))).toBe(true);
    expect(tests.some((t) => t.id.startsWith('assemblyscript/'))).toBe(true);
  });

  describe('@tswasm/wasi (Node backend) on V8 native WebAssembly', () => {
    suite('@tswasm/wasi on V8', runOnV8);
  });

  describe('@tswasm/wasi (in-memory backend) on V8 native WebAssembly', () => {
    suite('@tswasm/wasi memory fs on V8', runOnV8Memory);
  });

  describe.skipIf(bin === null)('tswasm run --engine v8 (the CLI)', () => {
    suite('tswasm run --engine v8', runWithCli(bin ?? '', 'v8'));
  });

  // Skipped while @tswasm/engine offers no WebAssembly namespace yet.
  describe.skipIf(engineNamespace === null)(
    '@tswasm/wasi on @tswasm/engine (API)',
    () => {
      suite(
        '@tswasm/wasi on @tswasm/engine',
        runOnNamespace(engineNamespace ?? WebAssembly),
      );
    },
  );

  // Skipped while @tswasm/engine offers no WebAssembly namespace yet.
  describe.skipIf(bin === null || engineNamespace === null)(
    'tswasm run (the CLI, our engine)',
    () => {
      suite('tswasm run', runWithCli(bin ?? '', 'tswasm'));
    },
  );

  // node:wasi is only compared with, never required to pass.
  describe('node:wasi, for comparison', () => {
    it.each(cases)('%s', async (_id, test) => {
      let outcome: string;
      try {
        outcome =
          checkResult(test, await runSuiteTest(test, runOnNodeWasi)) ?? 'pass';
      } catch (error) {
        outcome = `threw ${String(error)}`;
      }
      record('node:wasi', test.id, outcome);
    });
  });
});

afterAll(() => {
  if (table.size === 0) return;
  const cell = (s: string | undefined) =>
    s === undefined ? '-' : s === 'pass' ? 'pass' : `FAIL (${s.slice(0, 70)})`;
  const rows = [...table].map(
    ([id, byColumn]) =>
      `| ${id} | ${columns.map((c) => cell(byColumn.get(c))).join(' | ')} |`,
  );
  const totals = columns.map((c) => {
    const ran = [...table.values()].filter((m) => m.has(c));
    return `${ran.filter((m) => m.get(c) === 'pass').length}/${ran.length}`;
  });
  console.log(
    [
      `| test | ${columns.join(' | ')} |`,
      `| --- | ${columns.map(() => '---').join(' | ')} |`,
      ...rows,
      `| total | ${totals.join(' | ')} |`,
    ].join('\n'),
  );
});
