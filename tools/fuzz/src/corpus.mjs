// Seed modules for the fuzzer: the binary modules of the spec suite's .wast
// files (valid and malformed alike) and the WASI suite's .wasm files. Both
// suites live outside the repository.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** The spec test suite's root (`$WASM_SPEC_TESTSUITE` or `../shared/testsuite`). */
export const specSuiteDir =
  process.env.WASM_SPEC_TESTSUITE ??
  join(repoRoot, '..', 'shared', 'testsuite');

/** The WASI test suite's root (`$WASI_TESTSUITE` or `../shared/wasi-testsuite`). */
export const wasiSuiteDir =
  process.env.WASI_TESTSUITE ??
  join(repoRoot, '..', 'shared', 'wasi-testsuite');

function* walk(dir, extension) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir).sort()) {
    if (entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* walk(path, extension);
    else if (entry.endsWith(extension)) yield path;
  }
}

const utf8 = new TextEncoder();

/** The bytes of a WAST string literal's body (`\hh`, `\n`, `\u{...}`, ...). */
function stringBytes(body) {
  const out = [];
  for (let i = 0; i < body.length;) {
    if (body[i] !== '\\') {
      const char = String.fromCodePoint(body.codePointAt(i));
      out.push(...utf8.encode(char));
      i += char.length;
      continue;
    }
    const next = body[i + 1];
    if (/^[0-9a-fA-F]{2}$/.test(body.slice(i + 1, i + 3))) {
      out.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 3;
    } else if (next === 'u') {
      const close = body.indexOf('}', i);
      out.push(
        ...utf8.encode(
          String.fromCodePoint(parseInt(body.slice(i + 3, close), 16)),
        ),
      );
      i = close + 1;
    } else {
      const simple = {
        n: 0x0a,
        t: 0x09,
        r: 0x0d,
        '\\': 0x5c,
        "'": 0x27,
        '"': 0x22,
      }[next];
      if (simple === undefined) throw new Error(`bad string escape \\${next}`);
      out.push(simple);
      i += 2;
    }
  }
  return out;
}

/**
 * The `(module definition? $id? binary "..."*)` forms of a WAST script, as
 * bytes. Comments are skipped; strings are read with their escapes.
 */
export function wastBinaries(source) {
  const found = [];
  // Tokens: '(' ')' strings and atoms; comments dropped.
  const tokens = [];
  for (let i = 0; i < source.length;) {
    const c = source[i];
    if (/\s/.test(c)) i++;
    else if (source.startsWith(';;', i)) {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (source.startsWith('(;', i)) {
      let depth = 0;
      do {
        if (source.startsWith('(;', i)) (depth++, (i += 2));
        else if (source.startsWith(';)', i)) (depth--, (i += 2));
        else i++;
      } while (depth > 0 && i < source.length);
    } else if (c === '(' || c === ')') {
      tokens.push(c);
      i++;
    } else if (c === '"') {
      const start = ++i;
      while (i < source.length && source[i] !== '"')
        i += source[i] === '\\' ? 2 : 1;
      tokens.push({ string: source.slice(start, i) });
      i++;
    } else {
      const start = i;
      while (i < source.length && !/[\s()";]/.test(source[i])) i++;
      if (i === start) i++;
      tokens.push(source.slice(start, i));
    }
  }
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] !== '(' || tokens[i + 1] !== 'module') continue;
    let j = i + 2;
    if (tokens[j] === 'definition') j++;
    if (typeof tokens[j] === 'string' && tokens[j].startsWith('$')) j++;
    if (tokens[j] !== 'binary') continue;
    const bytes = [];
    for (j++; typeof tokens[j] === 'object'; j++)
      bytes.push(...stringBytes(tokens[j].string));
    found.push(Uint8Array.from(bytes));
  }
  return found;
}

/**
 * Every seed: `{ name, bytes }` for each binary module of the spec suite and
 * each .wasm file of the WASI suite.
 */
export function loadSeeds() {
  const seeds = [];
  for (const path of walk(specSuiteDir, '.wast')) {
    const file = relative(specSuiteDir, path);
    wastBinaries(readFileSync(path, 'utf8')).forEach((bytes, i) => {
      seeds.push({ name: `${file}#${i}`, bytes });
    });
  }
  for (const path of walk(join(wasiSuiteDir, 'tests'), '.wasm')) {
    seeds.push({
      name: relative(wasiSuiteDir, path),
      bytes: new Uint8Array(readFileSync(path)),
    });
  }
  return seeds;
}
