#!/usr/bin/env node
// The `tswasm` executable.

import { ansiStyle, plainStyle, useColor } from './diagnostics.js';
import { main } from './main.js';

// A reader that stops early (`tswasm objdump -d x.wasm | head`) is no error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  style: useColor(process.stderr, process.env) ? ansiStyle : plainStyle,
});
