// Errors of the text format.

import { type Span, WasmError } from '@tswasm/ir';

/**
 * A malformed text module or script. The message uses the spec test suite's
 * wording (`unknown operator`, `unexpected token`, ...); the location is in
 * `span`, never in the message.
 */
export class ParseError extends WasmError {
  override readonly name: string = 'ParseError';
  /** Where the error was found. */
  readonly span: Span;
  /** The file the source came from, if the caller named it. */
  readonly filename: string | null;
  constructor(
    message: string,
    span: Span,
    filename: string | null = null,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.span = span;
    this.filename = filename;
  }
  /** Line, 1-based. */
  get line(): number {
    return this.span.line;
  }
  /** Column in UTF-16 code units, 1-based. */
  get column(): number {
    return this.span.column;
  }
  /** Offset in UTF-16 code units, 0-based. */
  get offset(): number {
    return this.span.offset;
  }
}

/** The span of `offset` in `source`, counting lines by `\n`. */
export function spanAt(source: string, offset: number): Span {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, source.length);
  for (
    let i = source.indexOf('\n');
    i !== -1 && i < end;
    i = source.indexOf('\n', i + 1)
  ) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1, offset };
}
