// What running a script reports: one result per command, and totals.

import type { Command } from '@tswasm/text';

/**
 * `passed`, `failed`, or `unsupported`: the engine cannot express the
 * command at all (e.g. v128 arguments on V8), which is neither.
 */
export type CommandStatus = 'passed' | 'failed' | 'unsupported';

/** The outcome of one command. */
export interface CommandResult {
  /** The command's kind, e.g. `assert_return`. */
  readonly kind: Command['kind'];
  readonly status: CommandStatus;
  /** Why it failed or is unsupported; `null` when it passed. */
  readonly reason: string | null;
  /** Where the command starts, as `file:line:column`. */
  readonly location: string;
  /** Line of the command's opening parenthesis, 1-based. */
  readonly line: number;
  /** Column of the command's opening parenthesis, 1-based. */
  readonly column: number;
}

/** Counts of command results. */
export interface Totals {
  readonly passed: number;
  readonly failed: number;
  readonly unsupported: number;
}

/** The outcome of a whole script. */
export interface ScriptResult extends Totals {
  readonly filename: string | null;
  /** Every command's result, in script order. */
  readonly commands: readonly CommandResult[];
  /**
   * Set when the script could not run at all (e.g. it did not parse); then
   * `commands` is empty and the script counts as one failure.
   */
  readonly error: string | null;
  /** `N passed, N failed` (and `, N unsupported` when there are any). */
  readonly summary: string;
}

/** `N passed, N failed`, with `, N unsupported` when there are any. */
export function formatSummary(totals: Totals): string {
  const base = `${totals.passed} passed, ${totals.failed} failed`;
  return totals.unsupported > 0
    ? `${base}, ${totals.unsupported} unsupported`
    : base;
}

/** Adds up the totals of several results. */
export function sumTotals(results: Iterable<Totals>): Totals {
  let passed = 0;
  let failed = 0;
  let unsupported = 0;
  for (const result of results) {
    passed += result.passed;
    failed += result.failed;
    unsupported += result.unsupported;
  }
  return { passed, failed, unsupported };
}

/** Builds a script result from command results (or a whole-script error). */
export function scriptResult(
  filename: string | null,
  commands: readonly CommandResult[],
  error: string | null = null,
): ScriptResult {
  const totals =
    error !== null
      ? { passed: 0, failed: 1, unsupported: 0 }
      : {
          passed: commands.filter((c) => c.status === 'passed').length,
          failed: commands.filter((c) => c.status === 'failed').length,
          unsupported: commands.filter((c) => c.status === 'unsupported')
            .length,
        };
  return {
    filename,
    commands,
    error,
    ...totals,
    summary: formatSummary(totals),
  };
}
