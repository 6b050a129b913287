// `tswasm validate`: checks modules against the validation rules.

import type { FeatureOptions, Module } from '@tswasm/ir';
import { expectOperands } from '../args.js';
import { type Command, ExitCode } from '../command.js';
import type { Source } from '../diagnostics.js';
import { withSource } from '../io.js';
import { loadModule } from '../load-module.js';
import { loadValidator } from '../packages.js';

/** Validates `module`; errors are tagged with `source`. */
export async function validate(
  module: Module,
  source: Source,
  features: FeatureOptions,
): Promise<void> {
  const { validateModule } = await loadValidator(['validateModule']);
  await withSource(source, () => validateModule(module, { features }));
}

export const validateCommand: Command = {
  spec: {
    name: 'validate',
    usage: '[options] FILE...',
    summary:
      'Checks that each module (binary or text) is valid. Prints nothing and exits 0 when all are.',
    options: [
      {
        name: 'verbose',
        short: 'v',
        description: 'print "FILE: valid" for each valid module',
      },
    ],
    features: true,
  },
  async run(args, io) {
    expectOperands(args, 1, Infinity, 'FILE');
    for (const path of args.operands) {
      const { module, source } = await loadModule(io, path, args.features);
      await validate(module, source, args.features);
      if (args.flags.has('verbose')) io.stdout.write(`${source.name}: valid\n`);
    }
    return ExitCode.ok;
  },
};
