// Validator throughput on two large real modules (esbuild.wasm, @swc/wasm):
// tswasm's decodeModule + validateModule (every function body checked,
// straight from its bytes) side by side, in the same run, with V8's
// WebAssembly.validate, wabt.js readWasm + validate, and wabt's native
// wasm-validate. Run after building:
//
//   node tools/bench/src/validate.mjs [runs]
//
// Each run of each contender is a child process of its own (two warm-up
// runs, then the measured one), so that the peak RSS reported is its own; the
// contenders take turns, round by round. Times are medians over the runs: wall-clock, and CPU time (user + system), which a busy machine
// disturbs less. Node flags given to this script pass on to every child:
// on a small, busy machine V8's parallel scavenger can cost more than the
// work itself, and `node --single-threaded-gc tools/bench/src/validate.mjs`
// shows the validators without that effect. With `node --expose-gc`, each
// run in a child starts after a full GC, as in decode.mjs. The native tool is timed as a whole process (startup and reading
// the file included), as a user would run it; it is listed as
// 'not installed' when `wasm-validate` is not on the PATH (Debian: `apt-get
// install wabt`).

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const self = fileURLToPath(import.meta.url);

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

const wabtFeatures = {
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
};

/** Contenders that run inside a child Node process: name -> setup() -> run(bytes). */
const inProcess = {
  'tswasm decodeModule + validateModule': async () => {
    const { decodeModule } = await import('@tswasm/decoder');
    const { validateModule } = await import('@tswasm/validator');
    return (bytes) => validateModule(decodeModule(bytes));
  },
  'V8 WebAssembly.validate': async () => (bytes) => {
    if (!WebAssembly.validate(bytes)) throw new Error('invalid');
  },
  'wabt.js readWasm + validate': async () => {
    const wabt = await require('wabt')();
    return (bytes) => {
      const module = wabt.readWasm(bytes, {
        readDebugNames: false,
        ...wabtFeatures,
      });
      try {
        module.validate();
      } finally {
        module.destroy();
      }
    };
  },
};

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// Child: `validate.mjs --child <contender> <path> <runs>` prints JSON.
if (process.argv[2] === '--child') {
  const [, , , name, path, runsText] = process.argv;
  const bytes = new Uint8Array(readFileSync(path));
  const run = await inProcess[name]();
  const times = [];
  const cpuTimes = [];
  let failure = null;
  // Two warm-up runs let the JIT (and wasm tier-up) settle first.
  const warmUps = 2;
  for (let i = 0; i < warmUps + Number(runsText); i++) {
    // With --expose-gc, each run starts after a full GC (off by default).
    globalThis.gc?.();
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    try {
      run(bytes);
    } catch (error) {
      failure = String(error?.message ?? error)
        .split('\n')[0]
        .slice(0, 80);
      break;
    }
    const cpu = process.cpuUsage(cpuStart);
    if (i >= warmUps) {
      times.push(performance.now() - start);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
    }
  }
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ times, cpuTimes, failure, peak }));
  process.exit(0);
}

const runs = Math.max(3, Number(process.argv[2] ?? 7));

function runChild(name, path, count) {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, self, '--child', name, path, String(count)],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (child.status !== 0) {
    return { failure: (child.stderr || 'crashed').split('\n')[0].slice(0, 80) };
  }
  return JSON.parse(child.stdout.trim().split('\n').pop());
}

function hasNative() {
  const probe = spawnSync('wasm-validate', ['--version'], { encoding: 'utf8' });
  return probe.status === 0;
}

function runNative(path, count) {
  const times = [];
  const cpuTimes = [];
  let peak = 0;
  // GNU time reports the child's CPU seconds and peak RSS (KiB).
  const format = ['-f', '%U %S %M'];
  const useTime = spawnSync('/usr/bin/time', [...format, 'true']).status === 0;
  for (let i = 0; i <= count; i++) {
    const command = ['wasm-validate', '--enable-all', path];
    const start = performance.now();
    const child = useTime
      ? spawnSync('/usr/bin/time', [...format, ...command], {
          encoding: 'utf8',
        })
      : spawnSync(command[0], command.slice(1), { encoding: 'utf8' });
    const elapsed = performance.now() - start;
    if (child.status !== 0) {
      return {
        failure: (child.stderr || 'failed').split('\n')[0].slice(0, 80),
      };
    }
    if (i === 0) continue;
    times.push(elapsed);
    if (useTime) {
      const last = child.stderr.trim().split('\n').pop();
      const [user, system, rss] = last.split(' ').map(Number);
      cpuTimes.push((user + system) * 1000);
      peak = Math.max(peak, rss * 1024);
    }
  }
  return { times, cpuTimes: useTime ? cpuTimes : null, peak, failure: null };
}

const native = hasNative();
const rows = [];
for (const [inputName, path] of inputs) {
  const mb = readFileSync(path).length / 1e6;
  const contenders = Object.keys(inProcess).map((name) => [
    name,
    () => runChild(name, path, 1),
  ]);
  contenders.push([
    'wabt native wasm-validate (whole process)',
    () => (native ? runNative(path, 1) : { failure: 'not installed' }),
  ]);
  // Round-robin, one measured run per contender per round, so that a
  // change in the machine's load affects every contender alike.
  const results = contenders.map(([name]) => [
    name,
    { times: [], cpuTimes: [], peak: 0, failure: null },
  ]);
  for (let round = 0; round < runs; round++) {
    contenders.forEach(([, run], i) => {
      const total = results[i][1];
      if (total.failure) return;
      const result = run();
      if (result.failure) {
        total.failure = result.failure;
        return;
      }
      total.times.push(...result.times);
      if (result.cpuTimes) total.cpuTimes.push(...result.cpuTimes);
      else total.cpuTimes = null;
      total.peak = Math.max(total.peak, result.peak ?? 0);
    });
  }
  const v8 = results.find(([name]) => name.startsWith('V8'))[1];
  const v8Ms = v8.failure ? null : median(v8.times);
  const v8Cpu = v8.failure ? null : median(v8.cpuTimes);
  for (const [name, result] of results) {
    const ms = result.failure ? null : median(result.times);
    const cpu =
      result.failure || !result.cpuTimes ? null : median(result.cpuTimes);
    rows.push({
      input: `${inputName} (${mb.toFixed(1)} MB)`,
      validator: name,
      'MB/s': result.failure ? result.failure : (mb / (ms / 1000)).toFixed(1),
      ms: ms === null ? '' : ms.toFixed(0),
      '× V8': ms === null || v8Ms === null ? '' : (ms / v8Ms).toFixed(1),
      'MB/s CPU': cpu === null ? '' : (mb / (cpu / 1000)).toFixed(1),
      'CPU ms': cpu === null ? '' : cpu.toFixed(0),
      '× V8 CPU':
        cpu === null || v8Cpu === null ? '' : (cpu / v8Cpu).toFixed(1),
      'peak RSS MB': result.peak ? (result.peak / 1e6).toFixed(0) : '',
    });
  }
}
console.log(
  `validate benchmark, ${runs} runs each (after warm-up runs), node ${process.version} ${process.execArgv.join(' ')}`,
);
console.table(rows);
