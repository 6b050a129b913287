#!/usr/bin/env node
// Runs the spec suite and prints passed/failed counts per file, per
// directory and in total.
//
//   node tests/spec/src/report.mjs [--engine tswasm|tswasm-js|v8|both]
//                                  [--json] [--update] [file.wast ...]
//
// --engine   tswasm (default: our parser, encoder and engine's interpreter),
//            tswasm-js (the same on the engine's JS tier), v8 (the
//            runner's self-check files on Node's WebAssembly), or both.
// --json     prints the results as JSON instead of a table.
// --update   rewrites known-failures.json from this run (only the engines
//            and files that ran), so that the tests pass on it.
// Needs built packages (`pnpm build`).
import { SpecPool } from './pool.mjs';
import {
  entryFor,
  loadKnownFailures,
  saveKnownFailures,
} from './known-failures.mjs';
import { directoryOf, listSpecFiles, v8Files } from './suite.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  if (index === -1) return fallback;
  const [value] = args.splice(index, 2).slice(1);
  return value;
};
const flag = (name) => {
  const index = args.indexOf(name);
  if (index !== -1) args.splice(index, 1);
  return index !== -1;
};
const engineOption = option('--engine', 'tswasm');
const json = flag('--json');
const update = flag('--update');
const only = args.filter((arg) => !arg.startsWith('--'));
const engines = engineOption === 'both' ? ['tswasm', 'v8'] : [engineOption];
const known = ['tswasm', 'tswasm-js', 'v8'];
if (!engines.every((engine) => known.includes(engine))) {
  console.error(
    `unknown engine ${engineOption}: use ${known.join(', ')} or both`,
  );
  process.exit(2);
}

const pool = new SpecPool();
const report = {};
for (const engine of engines) {
  const all = engine === 'v8' ? v8Files : listSpecFiles();
  const files =
    only.length > 0 ? all.filter((file) => only.includes(file)) : all;
  report[engine] = await Promise.all(
    files.map((file) => pool.run(file, engine)),
  );
}
await pool.close();

const summary = (t) =>
  `${t.passed} passed, ${t.failed} failed${t.unsupported > 0 ? `, ${t.unsupported} unsupported` : ''}`;
const add = (total, r) => {
  total.passed += r.passed;
  total.failed += r.failed;
  total.unsupported += r.unsupported;
  return total;
};
const zero = () => ({ passed: 0, failed: 0, unsupported: 0 });

const output = {};
for (const [engine, results] of Object.entries(report)) {
  const directories = {};
  for (const result of results)
    add((directories[directoryOf(result.file)] ??= zero()), result);
  const total = results.reduce(add, zero());
  output[engine] = { files: results, directories, total };
  if (json) continue;
  console.log(`# ${engine === 'v8' ? 'v8 (runner self-check)' : engine}`);
  const width = Math.max(...results.map((r) => r.file.length), 10);
  for (const result of results) {
    const note =
      result.error === null
        ? ''
        : `  error: ${result.error.split('\n')[0].slice(0, 160)}`;
    console.log(`${result.file.padEnd(width)}  ${summary(result)}${note}`);
  }
  console.log('');
  for (const [dir, totals] of Object.entries(directories)) {
    console.log(
      `${(dir === '.' ? '(top level)' : `${dir}/`).padEnd(width)}  ${summary(totals)}`,
    );
  }
  console.log(`${'total'.padEnd(width)}  ${summary(total)}\n`);
}
if (json) {
  console.log(
    JSON.stringify(
      output,
      (key, value) => (key === 'problems' ? undefined : value),
      2,
    ),
  );
}

if (update) {
  const list = loadKnownFailures();
  for (const [engine, results] of Object.entries(report)) {
    const entries = only.length > 0 ? { ...list[engine] } : {};
    for (const result of results) {
      const entry = entryFor(result);
      if (entry === null) delete entries[result.file];
      else entries[result.file] = entry;
    }
    list[engine] = entries;
  }
  saveKnownFailures(list);
  console.error('updated tests/spec/known-failures.json');
}
