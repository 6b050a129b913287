// Execution speed: our CPU-bound programs (tools/bench/programs/*.wat) on
// tswasm's interpreter and JS tier (column tswasm-js), on V8's native WebAssembly and on wabt's C++
// interpreter `wasm-interp`, in the same run. Run after building:
//
//   node tools/bench/src/exec.mjs [runs] [program ...]
//
// Programs are assembled with @tswasm/text when it is built, else wabt.js.
// Each exports `main`, which does a fixed amount of work and returns a
// checksum; the checksums must agree. Times are CPU times (user + system,
// so that other load on a shared machine counts less), medians over the
// runs (after one warm-up run on the in-process engines). wasm-interp is
// timed as a whole process (`wasm-interp f.wasm --run-all-exports`, startup
// and decoding included, through bash's `times`); it is listed as 'not
// installed' when absent (Debian: `apt-get install wabt`). Ratios are
// tswasm's time over the other's; the last row is their geometric mean.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '@tswasm/engine';

const require = createRequire(import.meta.url);
const programsDir = fileURLToPath(new URL('../programs/', import.meta.url));
const args = process.argv.slice(2);
const runs = Math.max(1, Number(args.find((a) => /^\d+$/.test(a)) ?? 5));
const only = args.filter((a) => !/^\d+$/.test(a));

/** WAT to binary: our text package if built, else wabt.js. */
async function assembler() {
  try {
    const { watToWasm } = await import('@tswasm/text');
    watToWasm('(module)');
    return { name: '@tswasm/text', assemble: (source) => watToWasm(source) };
  } catch {
    const wabt = await require('wabt')();
    return {
      name: 'wabt.js',
      assemble: (source) => {
        const module = wabt.parseWat('program.wat', source, {});
        try {
          return module.toBinary({}).buffer;
        } finally {
          module.destroy();
        }
      },
    };
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function time(f, n) {
  f();
  const times = [];
  let result;
  for (let i = 0; i < n; i++) {
    const start = cpuMs();
    result = f();
    times.push(cpuMs() - start);
  }
  return { ms: median(times), result };
}

function hasWasmInterp() {
  const r = spawnSync('wasm-interp', ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

/** Seconds of `NmS.SSSs`, as bash's `times` prints them. */
function seconds(text) {
  const m = /(\d+)m([\d.]+)s/.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
}

function runWasmInterp(file, n) {
  const times = [];
  let result = null;
  for (let i = 0; i < n; i++) {
    const r = spawnSync(
      'bash',
      [
        '-c',
        'wasm-interp "$1" --run-all-exports; status=$?; times; exit $status',
        'bash',
        file,
      ],
      {
        encoding: 'utf8',
      },
    );
    if (r.status !== 0) throw new Error(`wasm-interp failed: ${r.stderr}`);
    const lines = r.stdout.trim().split('\n');
    // The last line of `times` is the children's user and system time.
    const [user, system] = lines[lines.length - 1].split(/\s+/);
    times.push((seconds(user) + seconds(system)) * 1000);
    const m = /main\(\) => (?:i32|i64):(\S+)/.exec(r.stdout);
    result = m ? m[1] : null;
  }
  return { ms: median(times), result };
}

const { name: asmName, assemble } = await assembler();
const interp = hasWasmInterp();
const dir = mkdtempSync(join(tmpdir(), 'tswasm-bench-'));
const files = readdirSync(programsDir)
  .filter((f) => f.endsWith('.wat'))
  .filter((f) => only.length === 0 || only.includes(basename(f, '.wat')));

console.log(
  `# exec: ${runs} runs, median CPU ms; assembled with ${asmName}; node ${process.version}`,
);
const rows = [];
for (const file of files) {
  const bytes = assemble(readFileSync(join(programsDir, file), 'utf8'));
  const wasmFile = join(dir, file.replace(/\.wat$/, '.wasm'));
  writeFileSync(wasmFile, bytes);

  const onTier = (tier) => {
    const engine = new Engine({ tier });
    const instance = engine.instantiate(engine.compile(bytes));
    return time(() => {
      const [r] = engine.invoke(instance, 'main', []);
      return String(
        r.type === 'i64' ? BigInt.asUintN(64, r.value) : r.value >>> 0,
      );
    }, runs);
  };
  const ours = onTier('interp');
  const js = onTier('js');

  const native = await WebAssembly.instantiate(bytes);
  const main = native.instance.exports.main;
  const v8 = time(() => {
    const r = main();
    return String(typeof r === 'bigint' ? BigInt.asUintN(64, r) : r >>> 0);
  }, runs);

  const wabt = interp ? runWasmInterp(wasmFile, runs) : null;
  if (ours.result !== v8.result)
    throw new Error(`${file}: tswasm gave ${ours.result}, V8 ${v8.result}`);
  if (js.result !== v8.result)
    throw new Error(`${file}: tswasm-js gave ${js.result}, V8 ${v8.result}`);
  if (
    wabt !== null &&
    BigInt.asUintN(64, BigInt(wabt.result)) !== BigInt(v8.result)
  ) {
    throw new Error(
      `${file}: wasm-interp gave ${wabt.result}, V8 ${v8.result}`,
    );
  }
  rows.push({
    name: basename(file, '.wat'),
    ours: ours.ms,
    js: js.ms,
    v8: v8.ms,
    wabt: wabt?.ms ?? null,
  });
}

const fmt = (ms) => (ms === null ? 'not installed' : ms.toFixed(1));
const ratio = (a, b) => (b === null ? '-' : (a / b).toFixed(2));
const geomean = (values) =>
  Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
const table = [
  [
    'program',
    'tswasm',
    'tswasm-js',
    'V8',
    'wasm-interp',
    'tswasm/V8',
    'tswasm-js/V8',
    'tswasm/wasm-interp',
  ],
];
for (const r of rows)
  table.push([
    r.name,
    fmt(r.ours),
    fmt(r.js),
    fmt(r.v8),
    fmt(r.wabt),
    ratio(r.ours, r.v8),
    ratio(r.js, r.v8),
    ratio(r.ours, r.wabt),
  ]);
const gV8 = geomean(rows.map((r) => r.ours / r.v8));
const gJs = geomean(rows.map((r) => r.js / r.v8));
const gWabt = interp ? geomean(rows.map((r) => r.ours / r.wabt)) : null;
table.push([
  'geomean',
  '',
  '',
  '',
  '',
  gV8.toFixed(2),
  gJs.toFixed(2),
  gWabt === null ? '-' : gWabt.toFixed(2),
]);
const widths = table[0].map((_, i) =>
  Math.max(...table.map((row) => row[i].length)),
);
for (const row of table)
  console.log(
    row
      .map((cell, i) =>
        i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]),
      )
      .join('  '),
  );
