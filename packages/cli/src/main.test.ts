import { describe, expect, it } from 'vitest';
import { tswasm } from './testing/tswasm.js';

describe('tswasm', () => {
  it('prints its version', () => {
    const result = tswasm(['--version']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^tswasm \d+\.\d+\.\d+\n$/);
  });

  it('lists the subcommands in --help', () => {
    const result = tswasm(['--help']);
    expect(result.status).toBe(0);
    for (const name of [
      'run',
      'wat2wasm',
      'wasm2wat',
      'validate',
      'objdump',
      'wast',
    ]) {
      expect(result.stdout).toContain(`\n  ${name} `);
    }
  });

  it.each(['run', 'wat2wasm', 'wasm2wat', 'validate', 'objdump', 'wast'])(
    'prints the help of %s',
    (name) => {
      const result = tswasm([name, '--help']);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: tswasm ${name} `));
      expect(tswasm(['help', name]).stdout).toBe(result.stdout);
    },
  );

  it('exits 2 without a command', () => {
    const result = tswasm([]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Usage: tswasm COMMAND');
  });

  it('exits 2 on an unknown command', () => {
    const result = tswasm(['frobnicate']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      "tswasm: error: unknown command 'frobnicate'\nTry 'tswasm --help'.\n",
    );
  });

  it('exits 2 on an unknown option', () => {
    const result = tswasm(['objdump', '--frobnicate', 'x.wasm']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      "tswasm objdump: error: unknown option --frobnicate\nTry 'tswasm objdump --help'.\n",
    );
  });

  it('exits 2 on a missing operand', () => {
    const result = tswasm(['wat2wasm']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('error: missing IN.wat');
  });

  it('exits 2 on an option without its value', () => {
    const result = tswasm(['wat2wasm', 'x.wat', '-o']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('error: option --output needs a value');
  });

  it('exits 2 on an unknown feature', () => {
    const result = tswasm(['validate', '--enable-teleportation', 'x.wasm']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("error: unknown feature 'teleportation'");
    expect(tswasm(['validate', '--features=mvp,+warp', 'x.wasm']).status).toBe(
      2,
    );
  });

  it('exits 1 on a file that does not exist', () => {
    const result = tswasm(['validate', 'no-such-file.wasm']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'tswasm: error: cannot read no-such-file.wasm: no such file or directory\n',
    );
  });

  it('colours reports only when asked', () => {
    const plain = tswasm(['validate', 'no-such-file.wasm']);
    expect(plain.stderr).not.toContain('\x1b[');
    const forced = tswasm(['validate', 'no-such-file.wasm'], {
      env: { FORCE_COLOR: '1', NO_COLOR: undefined },
    });
    expect(forced.stderr).toContain('\x1b[1;31merror:\x1b[0m');
  });
});

describe('main', () => {
  it('reports an unexpected error as internal, with its stack, exit 70', async () => {
    const { main } = await import('./main.js');
    const { plainStyle } = await import('./diagnostics.js');
    let stderr = '';
    const io = {
      stdout: { write: () => true },
      stderr: {
        write: (chunk: string | Uint8Array) => {
          stderr += String(chunk);
          return true;
        },
      },
      stdin: process.stdin,
      env: {},
      style: plainStyle,
    };
    const broken = {
      spec: {
        name: 'broken',
        usage: '',
        summary: 'Fails.',
        options: [],
        features: false,
      },
      run: (): Promise<number> => {
        throw new TypeError('cannot read properties of undefined');
      },
    };
    expect(await main(['broken'], io, [broken])).toBe(70);
    expect(stderr).toMatch(
      /^tswasm: internal error, please report it with this output:\nTypeError: cannot read properties of undefined\n\s+at /,
    );
  });
});
