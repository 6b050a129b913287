/// <reference types="node" />
// Real modules from toolchains: the WASI test suite's programs and, where
// the benchmark's dependencies are installed, esbuild's and swc's modules.
// Every module V8 compiles must decode, every body included, and agree with
// V8 on imports and exports; mutated copies must decode or fail with a
// DecodeError, never anything else.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DecodeError } from './decode-error.js';
import { decodeModule } from './decode-module.js';
import { decodeFunctionBody } from './expr.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const wasiRoot =
  process.env['WASI_TESTSUITE'] ?? join(repoRoot, '../shared/wasi-testsuite');

function wasmFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...wasmFiles(path));
    else if (name.endsWith('.wasm')) files.push(path);
  }
  return files;
}

const benchModules = [
  join(repoRoot, 'tools/bench/node_modules/esbuild-wasm/esbuild.wasm'),
  join(repoRoot, 'tools/bench/node_modules/@swc/wasm/wasm_bg.wasm'),
].filter((path) => existsSync(path));

const wasiModules = wasmFiles(join(wasiRoot, 'tests'));

const kindNames = {
  func: 'function',
  table: 'table',
  memory: 'memory',
  global: 'global',
  tag: 'tag',
};

describe('real modules', () => {
  it.runIf(wasiModules.length + benchModules.length > 0)(
    'decode with every body and agree with V8 on imports and exports',
    () => {
      for (const path of [...wasiModules, ...benchModules]) {
        const bytes = new Uint8Array(readFileSync(path));
        const native = new WebAssembly.Module(bytes);
        const m = decodeModule(bytes, { eagerBodies: true });
        let instrs = 0;
        for (const func of m.functions)
          instrs += decodeFunctionBody(func).length;
        expect(instrs, path).toBeGreaterThan(0);
        expect(
          m.imports.map((imp) => [
            imp.module,
            imp.name,
            kindNames[imp.desc.kind],
          ]),
          path,
        ).toEqual(
          WebAssembly.Module.imports(native).map((imp) => [
            imp.module,
            imp.name,
            imp.kind,
          ]),
        );
        expect(
          m.exports.map((exp) => [exp.name, kindNames[exp.kind]]),
          path,
        ).toEqual(
          WebAssembly.Module.exports(native).map((exp) => [exp.name, exp.kind]),
        );
      }
    },
  );

  it.runIf(wasiModules.length > 0)('reject every truncation at its end', () => {
    const bytes = new Uint8Array(readFileSync(wasiModules[0]!));
    for (let length = 0; length < bytes.length; length++) {
      const prefix = bytes.subarray(0, length);
      let error: unknown = null;
      try {
        decodeModule(prefix, { eagerBodies: true });
      } catch (caught) {
        error = caught;
      }
      // A prefix that ends between sections is a well-formed module.
      if (error === null) continue;
      expect(error).toBeInstanceOf(DecodeError);
      expect((error as DecodeError).offset).toBeLessThanOrEqual(length);
    }
  });

  it.runIf(wasiModules.length > 0)(
    'survive random mutations with DecodeErrors only',
    () => {
      // A small deterministic generator (mulberry32), so failures reproduce.
      let seed = 0x5eed;
      const random = (): number => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = seed;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
      };
      const inputs = wasiModules
        .slice(0, 8)
        .map((path) => new Uint8Array(readFileSync(path)));
      let accepted = 0;
      let rejected = 0;
      for (let round = 0; round < 2000; round++) {
        const original = inputs[round % inputs.length]!;
        let bytes = original.slice();
        const edits = 1 + Math.floor(random() * 4);
        for (let e = 0; e < edits; e++) {
          const at = Math.floor(random() * bytes.length);
          const choice = random();
          if (choice < 0.6) bytes[at] = Math.floor(random() * 256);
          else if (choice < 0.8) bytes = bytes.slice(0, at);
          else
            bytes = new Uint8Array([
              ...bytes.subarray(0, at),
              0xff,
              0xff,
              0xff,
              0xff,
              0x0f,
              ...bytes.subarray(at),
            ]);
        }
        try {
          const m = decodeModule(bytes, {
            eagerBodies: true,
            features: { legacyExceptions: true, threads: true },
          });
          for (const func of m.functions) decodeFunctionBody(func);
          accepted++;
        } catch (error) {
          if (!(error instanceof DecodeError)) throw error;
          expect(error.offset).toBeGreaterThanOrEqual(0);
          expect(error.offset).toBeLessThanOrEqual(bytes.length);
          expect(error.message).not.toMatch(/internal/);
          rejected++;
        }
      }
      expect(accepted + rejected).toBe(2000);
      expect(rejected).toBeGreaterThan(0);
    },
  );
});
