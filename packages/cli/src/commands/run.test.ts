import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, tswasm } from '../testing/tswasm.js';

// Every engine that is built; the tswasm engine is the default.
const engines = ['tswasm', 'v8'];
const inFixtures = { cwd: fixture('.') };

describe.each(engines)('tswasm run --engine %s', (engine) => {
  const run = (args: readonly string[], options = inFixtures) =>
    tswasm(['run', '--engine', engine, ...args], options);

  it('runs examples/hello.wat', () => {
    const result = tswasm(['run', '--engine', engine, 'examples/hello.wat']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('Hello, world!\n');
    expect(result.status).toBe(0);
  });

  it('runs examples/hello.wasm', () => {
    const result = tswasm(['run', '--engine', engine, 'examples/hello.wasm']);
    expect(result.stdout).toBe('Hello, world!\n');
    expect(result.status).toBe(0);
  });

  it("exits with the guest's exit code", () => {
    const result = run(['exit.wat']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(42);
  });

  it('passes --env variables, and only those', () => {
    const result = run([
      '--env',
      'GREETING=hi there',
      '--env',
      'EQ=a=b',
      'env.wat',
    ]);
    expect(result.stdout).toBe('GREETING=hi there\0EQ=a=b\0');
    expect(result.status).toBe(0);
    const inherited = tswasm(
      ['run', '--engine', engine, '--env', 'FROM_HOST', 'env.wat'],
      {
        ...inFixtures,
        env: { FROM_HOST: 'yes', NOT_PASSED: 'no' },
      },
    );
    expect(inherited.stdout).toBe('FROM_HOST=yes\0');
  });

  it('gives the guest the --dir directories, and no others', () => {
    const outer = mkdtempSync(join(tmpdir(), 'tswasm-run-'));
    writeFileSync(join(outer, 'secret.txt'), 'not for the guest\n');
    const dir = join(outer, 'data');
    mkdirSync(dir);
    writeFileSync(join(dir, 'note.txt'), 'a note\n');
    const result = run(['--dir', `${dir}::/data`, 'cat.wat', 'note.txt']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('a note\n');
    expect(result.status).toBe(0);
    // Without a preopen the guest cannot open anything.
    expect(run(['cat.wat', 'note.txt']).status).toBe(1);
    // Nor can it climb out of one.
    const escape = run(['--dir', `${dir}::/data`, 'cat.wat', '../secret.txt']);
    expect(escape.stdout).toBe('');
    expect(escape.status).toBe(1);
  });

  it('calls an exported function with --invoke and prints its results', () => {
    expect(run(['--invoke', 'add', 'math.wat', '2', '-3']).stdout).toBe('-1\n');
    expect(
      run(['--invoke', 'mul64', 'math.wat', '4294967296', '3']).stdout,
    ).toBe('12884901888\n');
    expect(run(['--invoke', 'half', 'math.wat', '3']).stdout).toBe('1.5\n');
    expect(run(['--invoke', 'divmod', 'math.wat', '7', '2']).stdout).toBe(
      '3\n1\n',
    );
  });

  it('exits 2 on --invoke arguments that do not fit the function', () => {
    const few = run(['--invoke', 'add', 'math.wat', '1']);
    expect(few.status).toBe(2);
    expect(few.stderr).toContain("error: 'add' takes 2 argument(s), 1 given");
    const bad = run(['--invoke', 'add', 'math.wat', 'one', '2']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("error: 'one' is not an integer");
  });

  it('exits 1 when --invoke names no function', () => {
    const result = run(['--invoke', 'answer', 'math.wat']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      "tswasm: error: export 'answer' is a global, not a function\n",
    );
  });

  it('reports an uncaught exception and exits 134', () => {
    const result = run(['throw.wat']);
    expect(result.stderr).toBe('throw.wat: error: uncaught exception\n');
    expect(result.status).toBe(134);
  });

  it('prints a trap and exits 134', () => {
    const result = run(['trap.wat']);
    expect(result.status).toBe(134);
    expect(result.stderr).toMatch(/^trap\.wat: error: trap: /);
  });
});

describe('tswasm run', () => {
  it('prints the wasm backtrace of a trap', () => {
    const result = tswasm(['run', 'trap.wat'], inFixtures);
    expect(result.stderr).toMatch(
      // Internal functions are named by their $ids.
      /^trap\.wat: error: trap: integer divide by zero\nwasm backtrace:\n {3}0: 0x[0-9a-f]{4} - func 0 <divide>\n {3}1: 0x[0-9a-f]{4} - func 1 <average>\n {3}2: 0x[0-9a-f]{4} - func 2 <_start>\n$/,
    );
    expect(result.status).toBe(134);
  });

  it('names the frames of a .wat file by their $ids', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tswasm-run-'));
    writeFileSync(
      join(dir, 'nested.wat'),
      `(module
        (func $inner (param $x i32) unreachable)
        (func $outer (call $inner (i32.const 1)))
        (func (export "_start") (call $outer)))`,
    );
    const result = tswasm(['run', 'nested.wat'], { cwd: dir });
    expect(result.status).toBe(134);
    expect(result.stderr).toMatch(
      /^nested\.wat: error: trap: unreachable\nwasm backtrace:\n {3}0: 0x[0-9a-f]{4} - func 0 <inner>\n {3}1: 0x[0-9a-f]{4} - func 1 <outer>\n {3}2: 0x[0-9a-f]{4} - func 2 <_start>\n$/,
    );
  });

  it('names the frames from the name section', () => {
    const result = tswasm(['run', 'trap-names.wasm'], inFixtures);
    expect(result.stderr).toBe(
      'trap-names.wasm: error: trap: integer divide by zero\n' +
        'wasm backtrace:\n' +
        '   0: 0x002f - func 0 <divide>\n' +
        '   1: 0x0037 - func 1 <average>\n' +
        '   2: 0x0040 - func 2 <_start>\n',
    );
  });

  it('stops a program that runs out of --fuel', () => {
    const result = tswasm(['run', '--fuel', '10000', 'loop.wat'], inFixtures);
    expect(result.stderr).toMatch(/^loop\.wat: error: trap: out of fuel\n/);
    expect(result.status).toBe(134);
  });

  it.each(['interp', 'js'])(
    'stops a program that runs past --timeout (tier %s)',
    (tier) => {
      const start = performance.now();
      const result = tswasm(['run', '--timeout', '100ms', 'loop.wat'], {
        ...inFixtures,
        env: { TSWASM_TIER: tier },
      });
      const elapsed = performance.now() - start;
      expect(result.stderr).toMatch(
        /^loop\.wat: error: trap: interrupted \(time limit exceeded\)\nwasm backtrace:\n {3}0: .+ - func 0 <_start>\n$/,
      );
      expect(result.status).toBe(134);
      expect(elapsed).toBeLessThan(5000);
    },
  );

  it('exits 2 on a bad --timeout, or one for --engine v8', () => {
    for (const bad of ['soon', '-1s', '5h', ''])
      expect(
        tswasm(['run', '--timeout', bad, 'exit.wat'], inFixtures).stderr,
      ).toContain(`--timeout ${bad}: expected a duration`);
    expect(
      tswasm(
        ['run', '--engine', 'v8', '--timeout', '2s', 'exit.wat'],
        inFixtures,
      ).status,
    ).toBe(2);
    // A program that ends in time is not stopped.
    expect(
      tswasm(['run', '--timeout', '1.5s', 'exit.wat'], inFixtures).status,
    ).toBe(42);
  });

  it('lets no memory grow beyond --max-memory', () => {
    const grow = (pages: string, ...limit: string[]) =>
      tswasm(
        ['run', ...limit, '--invoke', 'grow', 'grow.wat', pages],
        inFixtures,
      ).stdout;
    expect(grow('2')).toBe('1\n');
    expect(grow('1', '--max-memory', '131072')).toBe('1\n');
    expect(grow('2', '--max-memory', '131072')).toBe('-1\n');
  });

  it('elides the middle of a deep backtrace', () => {
    const result = tswasm(['run', 'recurse.wat'], inFixtures);
    expect(result.status).toBe(134);
    const lines = result.stderr.split('\n');
    expect(lines[0]).toBe('recurse.wat: error: trap: call stack exhausted');
    expect(lines.length).toBeLessThan(30);
    expect(result.stderr).toMatch(/\n {2}\.\.\. \d+ more frames\n/);
  });

  it('reports an import that does not link', () => {
    const result = tswasm(['run', 'unlinkable.wat'], inFixtures);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^unlinkable\.wat: error: import "env" "missing": unknown import/,
    );
  });

  it('exits 2 without a file', () => {
    const result = tswasm(['run']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('error: missing FILE');
  });

  it('exits 2 on a bad --fuel or --dir', () => {
    expect(
      tswasm(['run', '--fuel', 'lots', 'exit.wat'], inFixtures).status,
    ).toBe(2);
    expect(
      tswasm(['run', '--dir', 'a::b::c', 'exit.wat'], inFixtures).status,
    ).toBe(2);
  });

  it('exits 1 on a --dir that does not exist', () => {
    const result = tswasm(
      ['run', '--engine', 'v8', '--dir', 'no-such-dir', 'exit.wat'],
      inFixtures,
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'tswasm: error: --dir no-such-dir: no such directory\n',
    );
  });

  it('passes the arguments after FILE to the guest, options included', () => {
    const result = tswasm(
      ['run', '--engine', 'v8', 'cat.wat', '--help'],
      inFixtures,
    );
    // cat.wat tried to open a file named --help (and has no preopen).
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
  });
});
