// Error formatting. The packages throw errors with their location as data
// (DESIGN.md, "Every error carries where it happened"); this is the one place
// that turns them into `file:line:col: error: message` lines.

import type { Span } from '@tswasm/ir';

/** A failure the CLI reports itself: unreadable input, a missing package. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** Where an error's input came from, to name it and to quote its lines. */
export interface Source {
  /** The name to print: the path as given, or `-` for stdin. */
  readonly name: string;
  /** The text, where the input was text; lets a report quote the line. */
  readonly text?: string;
  /** A function's name for backtraces, where the frame has none. */
  readonly funcName?: (funcIndex: number) => string | undefined;
}

/** ANSI styling, or none. */
export interface Style {
  bold(text: string): string;
  red(text: string): string;
  green(text: string): string;
}

const sgr =
  (open: string) =>
  (text: string): string =>
    `\x1b[${open}m${text}\x1b[0m`;

/** Styling for a terminal. */
export const ansiStyle: Style = {
  bold: sgr('1'),
  red: sgr('1;31'),
  green: sgr('1;32'),
};

/** No styling. */
export const plainStyle: Style = {
  bold: (text) => text,
  red: (text) => text,
  green: (text) => text,
};

/**
 * Whether to colour output written to `stream`: only on a terminal, and never
 * when `NO_COLOR` is set (https://no-color.org).
 */
export function useColor(
  stream: { readonly isTTY?: boolean },
  env: NodeJS.ProcessEnv,
): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') {
    return true;
  }
  return stream.isTTY === true;
}

/** `0x1f` */
export function hex(offset: number): string {
  return `0x${offset.toString(16)}`;
}

type Fields = Record<string, unknown>;

function fieldsOf(error: Error): Fields {
  return error as unknown as Fields;
}

function numberField(error: Error, key: string): number | undefined {
  const value = fieldsOf(error)[key];
  return typeof value === 'number' ? value : undefined;
}

function spanField(error: Error): Span | undefined {
  const span = fieldsOf(error)['span'];
  if (typeof span !== 'object' || span === null) return undefined;
  const { line, column } = span as Record<string, unknown>;
  return typeof line === 'number' && typeof column === 'number'
    ? (span as Span)
    : undefined;
}

/** The line `span` points into, and a caret under its column. */
function quote(text: string, span: Span, style: Style): string {
  const line = text.split(/\r?\n/)[span.line - 1];
  if (line === undefined) return '';
  // Tabs stay tabs under the caret so it lines up in any tab width.
  const pad = line
    .slice(0, Math.max(0, span.column - 1))
    .replace(/[^\t]/g, ' ');
  return `\n${line}\n${pad}${style.green('^')}`;
}

/** The error itself, where a JS-API error wraps ours as its `cause`. */
function unwrap(error: Error): Error {
  const wrappers = ['CompileError', 'LinkError', 'RuntimeError'];
  let current = error;
  while (
    wrappers.includes(current.constructor.name) &&
    current.cause instanceof Error &&
    current.cause !== current
  ) {
    current = current.cause;
  }
  return current;
}

/**
 * Formats a tswasm error (`DecodeError`, `ParseError`, `ValidationError`,
 * `LinkError`, `Trap`, or the CLI's own) as one report, or returns `null`
 * for anything else: an unexpected error that the caller reports as internal.
 */
export function formatError(
  thrown: unknown,
  source: Source | null,
  style: Style,
): string | null {
  if (!(thrown instanceof Error)) return null;
  const error = unwrap(thrown);
  const name = source?.name ?? 'tswasm';
  const head = (where: string, message: string): string =>
    `${style.bold(`${where}:`)} ${style.red('error:')} ${message}`;

  switch (error.name) {
    case 'CliError':
      return head('tswasm', error.message);
    case 'DecodeError': {
      const offset = numberField(error, 'offset');
      return head(
        offset === undefined ? name : `${name}:${hex(offset)}`,
        error.message,
      );
    }
    case 'ParseError':
    case 'ValidationError':
    case 'CompileError': {
      const span = spanField(error);
      const funcIndex = numberField(error, 'funcIndex');
      const offset = numberField(error, 'offset');
      let context = '';
      if (funcIndex !== undefined) {
        context =
          span === undefined && offset !== undefined
            ? `func ${funcIndex} at ${hex(offset)}: `
            : `func ${funcIndex}: `;
      } else if (span === undefined && offset !== undefined) {
        context = `at ${hex(offset)}: `;
      }
      if (span === undefined) return head(name, context + error.message);
      const text = source?.text;
      return (
        head(`${name}:${span.line}:${span.column}`, context + error.message) +
        (text === undefined ? '' : quote(text, span, style))
      );
    }
    case 'LinkError': {
      const fields = fieldsOf(error);
      const module = fields['module'];
      const field = fields['field'];
      const where =
        typeof module === 'string' && typeof field === 'string'
          ? `import ${JSON.stringify(module)} ${JSON.stringify(field)}: `
          : '';
      return head(name, where + error.message);
    }
    case 'Trap':
      return (
        head(name, `trap: ${error.message}`) +
        formatBacktrace(error, source?.funcName)
      );
    case 'RuntimeError':
      // A trap of V8's native WebAssembly (`--engine v8`).
      return head(name, `trap: ${error.message}`);
    case 'UncaughtException':
      // A wasm exception that no handler caught ends the program as a trap does.
      return head(name, error.message);
    default:
      return null;
  }
}

/** True for a trap (of our engine or of V8's) or an uncaught exception. */
export function isTrap(thrown: unknown): boolean {
  return (
    thrown instanceof Error &&
    ['Trap', 'RuntimeError', 'UncaughtException'].includes(unwrap(thrown).name)
  );
}

/** One frame of a trap's wasm stack, in whatever shape the engine gives. */
interface Frame {
  readonly funcIndex?: number;
  readonly offset?: number;
  readonly name?: string;
}

/** Frames a backtrace shows before it elides the middle. */
const maxFrames = 24;

/** `wasm backtrace:` and one line per frame, innermost first. */
export function formatBacktrace(
  trap: Error,
  funcName: (funcIndex: number) => string | undefined = () => undefined,
): string {
  const fields = fieldsOf(trap);
  const candidates = [fields['frames'], fields['wasmStack'], fields['stack']];
  const frames = candidates.find(Array.isArray) as Frame[] | undefined;
  let list: readonly Frame[] | undefined = frames;
  if (list === undefined || list.length === 0) {
    // -1 (or absent): the trap happened outside any function.
    const funcIndex = numberField(trap, 'funcIndex') ?? -1;
    if (funcIndex < 0) return '';
    const offset = numberField(trap, 'offset') ?? -1;
    list = [offset < 0 ? { funcIndex } : { funcIndex, offset }];
  }
  const lines = ['wasm backtrace:'];
  // Deep recursion: the innermost frames and the outermost few.
  const shown =
    list.length > maxFrames
      ? [...list.slice(0, maxFrames - 4), null, ...list.slice(-4)]
      : list;
  let i = 0;
  for (const frame of shown) {
    if (frame === null) {
      const hidden = list.length - maxFrames;
      lines.push(`  ... ${hidden} more frames`);
      i += hidden;
      continue;
    }
    const at =
      typeof frame.offset === 'number' && frame.offset >= 0
        ? `0x${frame.offset.toString(16).padStart(4, '0')}`
        : '   ?  ';
    const func =
      typeof frame.funcIndex === 'number'
        ? `func ${frame.funcIndex}`
        : 'func ?';
    const name =
      typeof frame.name === 'string'
        ? frame.name
        : typeof frame.funcIndex === 'number'
          ? funcName(frame.funcIndex)
          : undefined;
    const label = name === undefined ? '' : ` <${name}>`;
    lines.push(`  ${String(i).padStart(2)}: ${at} - ${func}${label}`);
    i++;
  }
  return '\n' + lines.join('\n');
}
