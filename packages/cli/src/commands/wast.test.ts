import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fixture, specSuite, tswasm } from '../testing/tswasm.js';

describe('tswasm wast', () => {
  it('runs a script and prints the summary (--engine v8)', () => {
    const result = tswasm(['wast', '--engine', 'v8', 'add.wast'], {
      cwd: fixture('.'),
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('5 passed, 0 failed\n');
    expect(result.status).toBe(0);
  });

  it('prints each failure with its location, and exits 1', () => {
    const result = tswasm(['wast', '--engine=v8', 'wrong.wast'], {
      cwd: fixture('.'),
    });
    expect(result.stdout).toBe(
      'wrong.wast:6:1: assert_return failed: expected [(i32.const 5)], got [(i32.const 4)]\n' +
        '2 passed, 1 failed\n',
    );
    expect(result.status).toBe(1);
  });

  it('prints a line per file and the total for several files', () => {
    const result = tswasm(['wast', '--engine=v8', 'add.wast', 'wrong.wast'], {
      cwd: fixture('.'),
    });
    expect(result.stdout).toMatch(
      /^add\.wast: 5 passed, 0 failed\n[^]*wrong\.wast: 2 passed, 1 failed\n7 passed, 1 failed\n$/,
    );
  });

  it('exits 2 on an unknown engine', () => {
    const result = tswasm(['wast', '--engine=spidermonkey', 'add.wast'], {
      cwd: fixture('.'),
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("error: unknown engine 'spidermonkey'");
  });

  it('runs a script on the tswasm engine', () => {
    const result = tswasm(['wast', 'add.wast'], { cwd: fixture('.') });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('5 passed, 0 failed\n');
    expect(result.status).toBe(0);
  });

  it.each(['i32.wast', 'call.wast', 'memory_grow.wast'])(
    "passes the spec suite's %s",
    (name) => {
      const result = tswasm(['wast', join(specSuite, name)]);
      expect(result.stdout).toMatch(/^\d+ passed, 0 failed\n$/);
      expect(result.status).toBe(0);
    },
  );
});
