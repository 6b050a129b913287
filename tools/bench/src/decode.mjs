// Decoder throughput on two large real modules (esbuild.wasm, @swc/wasm),
// side by side with V8, wabt.js and @webassemblyjs/wasm-parser in the same
// run. Run after building: `node --expose-gc tools/bench/src/decode.mjs [runs]`.
//
// Reports the median MB/s of each decoder over the runs, the peak RSS of the
// process, and (with --expose-gc) the memory its result keeps alive: JS heap
// plus external memory after a full GC, less the same before the run. Each
// run starts after a full GC. On a shared machine, compare the rows of one
// run with each other (the load average is printed with them), not
// absolute numbers across runs. "MB/s of CPU time" (user + system time of
// the process) varies less with the load than wall time; it counts every
// thread, GC helpers and V8's parallel compilation included.

import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InstrReader, decodeFunctionBody, decodeModule } from '@tswasm/decoder';

const require = createRequire(import.meta.url);
const runs = Math.max(5, Number(process.argv[2] ?? 7));

const inputs = [
  [
    'esbuild.wasm',
    join(dirname(require.resolve('esbuild-wasm/package.json')), 'esbuild.wasm'),
  ],
  [
    '@swc/wasm',
    join(dirname(require.resolve('@swc/wasm/package.json')), 'wasm_bg.wasm'),
  ],
];

const wabt = await require('wabt')();
const { decode: wajsDecode } = require('@webassemblyjs/wasm-parser');

/** Every body of a lazily decoded module, to instructions. */
function decodeAllBodies(bytes) {
  const module = decodeModule(bytes);
  let count = 0;
  for (const func of module.functions) count += decodeFunctionBody(func).length;
  return count;
}

/** Every body streamed through one `InstrReader` each, as a validator does. */
function streamAllBodies(bytes) {
  const module = decodeModule(bytes);
  let count = 0;
  for (const func of module.functions) {
    if (func.body.kind !== 'bytes') continue;
    const reader = new InstrReader(func.body.bytes, {
      offset: func.body.offset,
    });
    while (!reader.done) {
      reader.next();
      count++;
    }
  }
  return count;
}

const contenders = [
  ['tswasm decodeModule (lazy bodies)', (bytes) => decodeModule(bytes)],
  ['tswasm decodeModule + every body to Instr[]', decodeAllBodies],
  ['tswasm decodeModule + InstrReader over every body', streamAllBodies],
  [
    'tswasm decodeModule eagerBodies (checked, not kept)',
    (bytes) => decodeModule(bytes, { eagerBodies: true }),
  ],
  ['V8 new WebAssembly.Module', (bytes) => new WebAssembly.Module(bytes)],
  [
    'wabt.js readWasm',
    (bytes) =>
      wabt
        .readWasm(bytes, {
          readDebugNames: false,
          exceptions: true,
          mutable_globals: true,
          sat_float_to_int: true,
          sign_extension: true,
          simd: true,
          threads: true,
          multi_value: true,
          tail_call: true,
          bulk_memory: true,
          reference_types: true,
        })
        .destroy(),
  ],
  // It rejects both modules' code (no saturating truncation, 0xfc 0x06), so
  // it is also timed without the code section, next to our lazy decode.
  [
    '@webassemblyjs/wasm-parser decode',
    (bytes) =>
      wajsDecode(bytes, {
        ignoreCodeSection: false,
        ignoreDataSection: true,
        ignoreCustomNameSection: true,
      }),
  ],
  [
    '@webassemblyjs/wasm-parser decode (ignoreCodeSection)',
    (bytes) =>
      wajsDecode(bytes, {
        ignoreCodeSection: true,
        ignoreDataSection: false,
        ignoreCustomNameSection: true,
      }),
  ],
];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const rows = [];
for (const [inputName, path] of inputs) {
  const bytes = new Uint8Array(readFileSync(path));
  const mb = bytes.length / 1e6;
  for (const [name, run] of contenders) {
    globalThis.gc?.();
    const times = [];
    const cpuTimes = [];
    let peakRss = 0;
    let retained = 0;
    let failure = null;
    for (let i = 0; i < runs; i++) {
      globalThis.gc?.();
      const before = process.memoryUsage();
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      let result;
      try {
        result = run(bytes);
      } catch (error) {
        failure = String(error?.message ?? error)
          .split('\n')[0]
          .slice(0, 60);
        break;
      }
      times.push(performance.now() - start);
      const cpu = process.cpuUsage(cpuStart);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      globalThis.gc?.();
      const after = process.memoryUsage();
      const size = (u) => u.heapUsed + u.external;
      retained = Math.max(retained, size(after) - size(before));
      result = undefined;
    }
    rows.push({
      input: inputName,
      decoder: name,
      'MB/s (median)': failure
        ? `failed: ${failure}`
        : (mb / (median(times) / 1000)).toFixed(1),
      'ms (median)': failure ? '' : median(times).toFixed(1),
      'MB/s of CPU time': failure
        ? ''
        : (mb / (median(cpuTimes) / 1000)).toFixed(1),
      'peak RSS MB': failure ? '' : (peakRss / 1e6).toFixed(0),
      'result MB': failure || !globalThis.gc ? '' : (retained / 1e6).toFixed(1),
    });
  }
}
console.log(
  `decode benchmark, ${runs} runs each, node ${process.version}, ` +
    `load average ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}`,
);
console.table(rows);
