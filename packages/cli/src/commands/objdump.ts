// `tswasm objdump`: sections, their contents, and a disassembly.

import { expectOperands } from '../args.js';
import { type Command, ExitCode } from '../command.js';
import { decodeBinary, loadBinary } from '../load-module.js';
import { objdump } from '../objdump/objdump.js';
import { loadDecoder } from '../packages.js';
import { withSource } from '../io.js';
import type { Instr } from '@tswasm/ir';

export const objdumpCommand: Command = {
  spec: {
    name: 'objdump',
    usage: '[options] FILE',
    summary:
      'Prints the sections of a module with their offsets and sizes, and what each holds: types, imports, functions, tables, memories, globals, exports, element and data segments, custom sections. A text module is shown as the binary it assembles to.',
    options: [
      {
        name: 'disassemble',
        short: 'd',
        description: 'also disassemble the code, with byte offsets',
      },
    ],
    features: true,
  },
  async run(args, io) {
    expectOperands(args, 1, 1, 'FILE');
    const path = args.operands[0]!;
    const { bytes, source } = await loadBinary(io, path, args.features);
    const module = await decodeBinary(bytes, source, args.features);
    let bodies: Instr[][] | null = null;
    if (args.flags.has('disassemble')) {
      const { decodeFunctionBody } = await loadDecoder(['decodeFunctionBody']);
      const { features } = args;
      bodies = await withSource(source, () =>
        module.functions.map((func) => decodeFunctionBody(func, { features })),
      );
    }
    const name = path === '-' ? '<stdin>' : (path.split(/[\\/]/).pop() ?? path);
    io.stdout.write(objdump(bytes, module, { name, bodies }));
    return ExitCode.ok;
  },
};
