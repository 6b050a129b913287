// `tswasm wast`: runs spec test scripts on an engine.

import { expectOperands, optionValue, UsageError } from '../args.js';
import { type Command, ExitCode } from '../command.js';
import { readInput, sourceName } from '../io.js';
import { decodeUtf8 } from '../load-module.js';
import { tswasmAdapter } from '../wast/engine-adapter.js';
import { loadWast } from '../packages.js';
import { engineNames } from '../run/runtime.js';
import type { EngineAdapter } from '@tswasm/wast';

export const wastCommand: Command = {
  spec: {
    name: 'wast',
    usage: '[options] FILE.wast...',
    summary:
      'Runs WAST scripts (the spec test suite\'s format) on the tswasm engine. Prints each failed command with its location and reason, then "N passed, N failed".',
    options: [
      {
        name: 'engine',
        value: 'NAME',
        description: "tswasm (the default) or v8 (Node's WebAssembly)",
      },
      {
        name: 'verbose',
        short: 'v',
        description: "print every command's result, not only failures",
      },
    ],
    features: true,
  },
  async run(args, io) {
    expectOperands(args, 1, Infinity, 'FILE.wast');
    const engine = optionValue(args, 'engine') ?? 'tswasm';
    if (!engineNames.includes(engine)) {
      throw new UsageError(
        `unknown engine '${engine}' (expected ${engineNames.join(' or ')})`,
      );
    }
    const wast = await loadWast([
      'runWast',
      'nativeAdapter',
      'sumTotals',
      'formatSummary',
    ]);
    const results = [];
    for (const path of args.operands) {
      // One adapter per script: each script has its own store and registry.
      const adapter: EngineAdapter =
        engine === 'v8'
          ? wast.nativeAdapter()
          : await tswasmAdapter(args.features);
      const name = sourceName(path);
      const source = decodeUtf8(await readInput(io, path), { name });
      const result = wast.runWast(source, adapter, {
        filename: name,
        features: args.features,
      });
      results.push(result);
      if (result.error !== null) {
        io.stdout.write(`${name}: error: ${result.error}\n`);
      }
      for (const command of result.commands) {
        if (command.status === 'passed' && !args.flags.has('verbose')) continue;
        const reason = command.reason === null ? '' : `: ${command.reason}`;
        io.stdout.write(
          `${command.location}: ${command.kind} ${command.status}${reason}\n`,
        );
      }
      if (args.operands.length > 1)
        io.stdout.write(`${name}: ${result.summary}\n`);
    }
    const totals = wast.sumTotals(results);
    io.stdout.write(`${wast.formatSummary(totals)}\n`);
    return totals.failed > 0 ? ExitCode.error : ExitCode.ok;
  },
};
