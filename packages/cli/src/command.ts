// The shape of a subcommand.

import type { CommandSpec, ParsedArgs } from './args.js';
import type { Io } from './io.js';

/** A subcommand: what it accepts, and what it does. Returns the exit code. */
export interface Command {
  readonly spec: CommandSpec;
  run(args: ParsedArgs, io: Io): Promise<number>;
}

/** Exit codes. */
export const ExitCode = {
  ok: 0,
  /** The input was bad: malformed, invalid, a trap. */
  error: 1,
  /** The command line was bad. */
  usage: 2,
  /** `run`: the program trapped (as wasmtime: 128 + SIGABRT). */
  trap: 134,
  /** A bug in tswasm (sysexits' EX_SOFTWARE). */
  internal: 70,
} as const;
