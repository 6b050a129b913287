// `tswasm wasm2wat`: prints a binary module in the text format.

import { expectOperands, optionValue } from '../args.js';
import { type Command, ExitCode } from '../command.js';
import { readInput, sourceName, withSource, writeOutput } from '../io.js';
import { decodeBinary } from '../load-module.js';
import { loadDecoder, loadText } from '../packages.js';
import { validate } from './validate.js';

export const wasm2watCommand: Command = {
  spec: {
    name: 'wasm2wat',
    usage: '[options] IN.wasm [-o OUT.wat]',
    summary:
      'Prints a binary module in the text format. The output assembles back to the same module.',
    options: [
      {
        name: 'output',
        short: 'o',
        value: 'FILE',
        description: 'where to write the text (default: stdout)',
      },
      {
        name: 'folded',
        short: 'f',
        description: 'write instructions as folded S-expressions',
      },
      { name: 'no-check', description: 'do not validate the module' },
    ],
    features: true,
  },
  async run(args, io) {
    expectOperands(args, 1, 1, 'IN.wasm');
    const input = args.operands[0]!;
    const source = { name: sourceName(input) };
    const bytes = await readInput(io, input);
    const module = await decodeBinary(bytes, source, args.features);
    if (!args.flags.has('no-check')) {
      await validate(module, source, args.features);
    }
    const { printWat } = await loadText(['printWat']);
    const { decodeFunctionBody } = await loadDecoder(['decodeFunctionBody']);
    const { features } = args;
    const text = await withSource(source, () =>
      printWat(module, {
        folded: args.flags.has('folded'),
        decodeBody: (func) => decodeFunctionBody(func, { features }),
      }),
    );
    await writeOutput(io, optionValue(args, 'output') ?? '-', text);
    return ExitCode.ok;
  },
};
