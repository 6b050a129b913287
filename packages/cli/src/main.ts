// The `tswasm` command: picks the subcommand, parses its arguments, runs it,
// and turns whatever it throws into a report and an exit code.

import { readFileSync } from 'node:fs';
import { UsageError, formatHelp, parseArgs } from './args.js';
import { type Command, ExitCode } from './command.js';
import { objdumpCommand } from './commands/objdump.js';
import { runCommand } from './commands/run.js';
import { validateCommand } from './commands/validate.js';
import { wasm2watCommand } from './commands/wasm2wat.js';
import { wastCommand } from './commands/wast.js';
import { wat2wasmCommand } from './commands/wat2wasm.js';
import { formatError, isTrap } from './diagnostics.js';
import { InputFailure, type Io } from './io.js';

/** Every subcommand, in the order `--help` lists them. */
export const commands: readonly Command[] = [
  runCommand,
  wat2wasmCommand,
  wasm2watCommand,
  validateCommand,
  objdumpCommand,
  wastCommand,
];

/** The CLI's version, from its package.json. */
export function version(): string {
  const manifest = JSON.parse(
    readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
  ) as { version: string };
  return manifest.version;
}

function overview(available: readonly Command[]): string {
  const width = Math.max(...available.map((c) => c.spec.name.length)) + 2;
  const list = available.map(
    (c) =>
      `  ${c.spec.name.padEnd(width)}${c.spec.summary.split('. ')[0]!.replace(/\.$/, '')}`,
  );
  return [
    'Usage: tswasm COMMAND [options] [ARGS...]',
    '',
    'A WebAssembly toolkit and runtime.',
    '',
    'Commands:',
    ...list,
    '',
    'Options:',
    "  -h, --help     show this help, or a command's with tswasm COMMAND --help",
    '  -V, --version  show the version',
    '',
  ].join('\n');
}

/** Reports a thrown error on stderr and returns the exit code it calls for. */
function report(error: unknown, io: Io, command: string): number {
  const { style } = io;
  if (error instanceof UsageError) {
    io.stderr.write(
      `${style.bold(`tswasm ${command}:`)} ${style.red('error:')} ${error.message}\n` +
        `Try 'tswasm ${command} --help'.\n`,
    );
    return ExitCode.usage;
  }
  const [cause, source] =
    error instanceof InputFailure ? [error.cause, error.source] : [error, null];
  const text = formatError(cause, source, style);
  if (text !== null) {
    io.stderr.write(text + '\n');
    return isTrap(cause) ? ExitCode.trap : ExitCode.error;
  }
  const stack =
    cause instanceof Error ? (cause.stack ?? String(cause)) : String(cause);
  io.stderr.write(
    `${style.bold('tswasm:')} ${style.red('internal error, please report it with this output:')}\n${stack}\n`,
  );
  return ExitCode.internal;
}

/**
 * Runs `tswasm ARGV...`; resolves to the exit code. `available` replaces
 * the subcommands, for embedders that offer only some of them.
 */
export async function main(
  argv: readonly string[],
  io: Io,
  available: readonly Command[] = commands,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(overview(available));
    return ExitCode.usage;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = rest[0];
    const command = available.find((c) => c.spec.name === topic);
    io.stdout.write(
      command === undefined ? overview(available) : formatHelp(command.spec),
    );
    return ExitCode.ok;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`tswasm ${version()}\n`);
    return ExitCode.ok;
  }
  const command = available.find((c) => c.spec.name === name);
  if (command === undefined) {
    io.stderr.write(
      `${io.style.bold('tswasm:')} ${io.style.red('error:')} unknown command '${name}'\nTry 'tswasm --help'.\n`,
    );
    return ExitCode.usage;
  }
  try {
    const args = parseArgs(command.spec, rest);
    if (args.help) {
      io.stdout.write(formatHelp(command.spec));
      return ExitCode.ok;
    }
    return await command.run(args, io);
  } catch (error) {
    return report(error, io, name);
  }
}
