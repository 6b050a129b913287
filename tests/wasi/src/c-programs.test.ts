// C programs (../c/*.c) compiled with clang for wasm32-wasi at test time and
// run through wasi-libc on both backends. Needs Debian's clang, lld, wasi-libc
// and libclang-rt-14-dev-wasm32; without them these tests are skipped.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryOutput, WASI } from '@tswasm/wasi';
import { COMBINATIONS, makeWorld, OUTSIDE, SECRET } from './backends.js';
import { v8 } from './guest.js';
import type { NodeFileSystem } from '@tswasm/wasi/node';
import type { Engine } from './guest.js';

const sourceDir = fileURLToPath(new URL('../c', import.meta.url));
const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tswasm-wasi-c-'));

/** Compiles `name`.c; null if no wasm32-wasi C toolchain is installed. */
function compile(name: string): Uint8Array | null {
  const out = path.join(buildDir, `${name}.wasm`);
  const result = spawnSync(
    'clang',
    [
      '--target=wasm32-wasi',
      '-O2',
      '-Wall',
      path.join(sourceDir, `${name}.c`),
      '-o',
      out,
    ],
    { encoding: 'utf8' },
  );
  if (result.error !== undefined || result.status !== 0) {
    if (result.error === undefined)
      console.warn(`clang failed on ${name}.c:\n${result.stderr}`);
    return null;
  }
  return new Uint8Array(fs.readFileSync(out));
}

const programs = {
  fsOps: compile('fs-ops'),
  escape: compile('escape'),
  stdio: compile('stdio'),
};
const haveClang = Object.values(programs).every((p) => p !== null);
if (!haveClang) {
  console.warn(
    'C WASI programs skipped: no clang for wasm32-wasi (apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32)',
  );
}

afterAll(() => fs.rmSync(buildDir, { recursive: true, force: true }));

interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
}

async function run(
  engine: Engine,
  bytes: Uint8Array,
  options: ConstructorParameters<typeof WASI>[0],
): Promise<Run> {
  const stdout = new MemoryOutput();
  const stderr = new MemoryOutput();
  const wasi = new WASI({ ...options, stdout, stderr });
  const instance = await engine.instantiate(
    await engine.compile(bytes),
    wasi.getImportObject(),
  );
  const exitCode = wasi.start(instance);
  return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
}

// Skipped, with the reason printed above, where no wasm32-wasi clang is installed.
describe.skipIf(!haveClang).each(COMBINATIONS)(
  'C programs (wasi-libc) on the %s backend on %s',
  (kind, _engineName, engine) => {
    it('fs-ops: files, directories, links, listings and their errnos', async () => {
      const world = makeWorld(kind, {}, '/');
      try {
        const r = await run(engine, programs.fsOps as Uint8Array, {
          args: ['fs-ops'],
          preopens: world.preopens,
          ...(world.fs !== undefined ? { fs: world.fs } : {}),
        });
        expect(r.stdout).toBe('0 failures\n');
        expect(r.exitCode).toBe(0);
        expect(world.hostList('sandbox')).toEqual(['loop', 'many']);
      } finally {
        world.cleanup();
      }
    });

    it('escape: every way out of the preopen is denied', async () => {
      const world = makeWorld(
        kind,
        {
          tree: {
            planted: { symlink: '../outside' },
            'planted-abs': { symlink: OUTSIDE },
          },
        },
        '/',
      );
      try {
        const r = await run(engine, programs.escape as Uint8Array, {
          args: ['escape'],
          preopens: world.preopens,
          ...(world.fs !== undefined ? { fs: world.fs } : {}),
        });
        expect(r.stdout).toBe('0 escapes\n');
        expect(r.exitCode).toBe(0);
        expect(world.hostList('outside')).toEqual(['dir', 'secret.txt']);
        expect(world.hostRead('outside/secret.txt')).toBe(SECRET);
        expect(world.hostList('sandbox')).toEqual([
          'planted',
          'planted-abs',
          'self',
        ]);
      } finally {
        world.cleanup();
      }
    });

    it('stdio: stdin, args, env, clocks, sleep and the exit code', async () => {
      const r = await run(engine, programs.stdio as Uint8Array, {
        args: ['stdio', 'one', 'two words'],
        env: { GREETING: 'hi there' },
        stdin: 'echo me\n',
      });
      expect(r.stdout).toBe(
        'ECHO ME\narg 1: one\narg 2: two words\nGREETING=hi there\nslept enough\n',
      );
      expect(r.stderr).toBe('to stderr\n');
      expect(r.exitCode).toBe(3);
    });
  },
);

// For comparison only, never required: node:wasi on the same escape program,
// on a throwaway copy of the same world (it may well change what is outside).
describe.skipIf(!haveClang)(
  'node:wasi on the escape program, for comparison',
  () => {
    it('reports how many escapes node:wasi lets through', async () => {
      const { WASI: NodeWASI } = await import('node:wasi');
      const world = makeWorld(
        'node',
        {
          tree: {
            planted: { symlink: '../outside' },
            'planted-abs': { symlink: OUTSIDE },
          },
        },
        '/',
      );
      try {
        const root = (world.preopens['/'] as NodeFileSystem).hostRoot;
        const devNull = fs.openSync(os.devNull, 'w');
        const wasi = new NodeWASI({
          version: 'preview1',
          args: ['escape'],
          preopens: { '/': root },
          returnOnExit: true,
          stdout: devNull,
        });
        const instance = await v8.instantiate(
          await v8.compile(programs.escape as Uint8Array),
          wasi.getImportObject() as WebAssembly.Imports,
        );
        const escapes = wasi.start(instance);
        fs.closeSync(devNull);
        console.log(
          `node:wasi let ${escapes} of the escape program's attempts through; outside is now [${world.hostList('outside').join(', ')}]`,
        );
      } finally {
        world.cleanup();
      }
    });
  },
);
