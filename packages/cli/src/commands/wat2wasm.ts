// `tswasm wat2wasm`: assembles the text format to a binary.

import { expectOperands, optionValue } from '../args.js';
import { type Command, ExitCode } from '../command.js';
import { readInput, sourceName, writeOutput } from '../io.js';
import { assemble, decodeUtf8, parseText } from '../load-module.js';
import { validate } from './validate.js';

/** `add.wat` -> `add.wasm`. */
function defaultOutput(input: string): string {
  return input === '-' ? '-' : input.replace(/(\.wat)?$/i, '.wasm');
}

export const wat2wasmCommand: Command = {
  spec: {
    name: 'wat2wasm',
    usage: '[options] IN.wat [-o OUT.wasm]',
    summary:
      'Assembles a module in the text format to the binary format. The output is canonical: minimal LEB128s, sections in order.',
    options: [
      {
        name: 'output',
        short: 'o',
        value: 'FILE',
        description: 'write the binary to FILE (default IN.wasm; - is stdout)',
      },
      { name: 'no-check', description: 'do not validate the module' },
      {
        name: 'debug-names',
        description: 'also write the $names of the text in a name section',
      },
    ],
    features: true,
  },
  async run(args, io) {
    expectOperands(args, 1, 1, 'IN.wat');
    const input = args.operands[0]!;
    const name = sourceName(input);
    const text = decodeUtf8(await readInput(io, input), { name });
    const source = { name, text };
    if (!args.flags.has('no-check')) {
      // Validated as parsed text, so that errors point at lines and columns.
      const module = await parseText(text, source, args.features);
      await validate(module, source, args.features);
    }
    const bytes = await assemble(
      text,
      source,
      args.features,
      args.flags.has('debug-names'),
    );
    await writeOutput(
      io,
      optionValue(args, 'output') ?? defaultOutput(input),
      bytes,
    );
    return ExitCode.ok;
  },
};
