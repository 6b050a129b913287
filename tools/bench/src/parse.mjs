// Text assembler throughput: WAT printed by `printWat` from a large real
// module (@swc/wasm's wasm_bg.wasm, decoded with @tswasm/decoder), then
// parsed and encoded by tswasm (`watToWasm`) and by wabt.js (`parseWat` +
// `toBinary`) in the same run. Run after building:
// `node --expose-gc tools/bench/src/parse.mjs [runs] [code-bytes] [max-body-bytes]`
// (BENCH_VERBOSE=1 prints every run).
//
// The module keeps its types, imports, tables, data, exports and elements;
// only part of its function bodies are kept (see below).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { decodeFunctionBody, decodeModule } from '@tswasm/decoder';
import { printWat, watToWasm } from '@tswasm/text';

const require = createRequire(import.meta.url);
const runs = Math.max(3, Number(process.argv[2] ?? 7));
const codeBytes = Number(process.argv[3] ?? 3e6);

const wasmPath = join(
  dirname(require.resolve('@swc/wasm/package.json')),
  'wasm_bg.wasm',
);
let full = decodeModule(new Uint8Array(readFileSync(wasmPath)));

// Function bodies up to `codeBytes` of bytecode in total are kept, each
// at most `maxBody` bytes (2000 by default): larger functions (many hold
// hundreds of nested blocks) make wabt.js take minutes. The other bodies
// become `unreachable`, so every index stays valid.
const maxBody = Number(process.argv[4] ?? 2_000);
let size = 0;
let count = 0;
const functions = full.functions.map((func) => {
  const body = func.body;
  const length = body.kind === 'bytes' ? body.bytes.length : 0;
  if (length > maxBody || size + length > codeBytes) {
    return {
      ...func,
      locals: [],
      body: { kind: 'instrs', instrs: [{ op: 'unreachable', args: [] }] },
    };
  }
  size += length;
  count++;
  return func;
});
const text = printWat(
  { ...full, functions, customs: [], names: null },
  { decodeBody: (func) => decodeFunctionBody(func) },
);
// Only the text stays alive: the decoded module would otherwise sit in
// the JS heap (and in every garbage collection) while tswasm is timed.
const functionCount = functions.length;
full = null;
functions.length = 0;
const mb = text.length / 1e6;

const wabt = await require('wabt')();
const wabtFeatures = {
  mutable_globals: true,
  sat_float_to_int: true,
  sign_extension: true,
  simd: true,
  multi_value: true,
  bulk_memory: true,
  reference_types: true,
};

const contenders = [
  ['tswasm watToWasm (parse + encode)', () => watToWasm(text)],
  [
    'wabt.js parseWat + resolveNames + toBinary',
    () => {
      const parsed = wabt.parseWat('swc.wat', text, wabtFeatures);
      try {
        parsed.resolveNames();
        return parsed.toBinary({
          canonicalize_lebs: true,
          write_debug_names: false,
        }).buffer;
      } finally {
        parsed.destroy();
      }
    },
  ],
];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

console.log(
  `input: @swc/wasm with ${count} of ${functionCount} function bodies (${(size / 1e6).toFixed(2)} MB of code) printed as ` +
    `${mb.toFixed(2)} MB of WAT; ${runs} runs each, median`,
);

// Two protocols: a full garbage collection before each run (the heap
// starts small, as in a fresh process that parses one file), and runs back
// to back (a tool that parses many files). wabt.js keeps its memory in its
// wasm instance either way.
const protocols = [
  ['gc() before each run', true],
  ['back to back', false],
];
const outputs = [];
for (const [protocol, collect] of protocols) {
  const results = [];
  for (const [name, run] of contenders) {
    const times = [];
    let output;
    for (let i = 0; i < runs; i++) {
      if (collect) globalThis.gc?.();
      const start = performance.now();
      output = run();
      times.push(performance.now() - start);
      if (process.env.BENCH_VERBOSE)
        console.log(`  ${name}: ${times.at(-1).toFixed(0)} ms`);
    }
    outputs.push(output);
    const ms = median(times);
    results.push({ name, ms, mbps: mb / (ms / 1000) });
  }
  console.log(`${protocol}:`);
  for (const { name, ms, mbps } of results) {
    console.log(
      `  ${name.padEnd(46)} ${ms.toFixed(0).padStart(7)} ms  ${mbps.toFixed(1).padStart(7)} MB/s`,
    );
  }
  console.log(
    `  tswasm / wabt.js speed: ${(results[0].mbps / results[1].mbps).toFixed(2)}x`,
  );
}
const [ours, theirs] = outputs;
const same =
  ours.length === theirs.length && ours.every((b, i) => b === theirs[i]);
console.log(`same bytes as wabt.js: ${same}`);
