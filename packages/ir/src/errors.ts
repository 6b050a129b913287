// The base of every error family. Each package defines its own class
// (`DecodeError`, `ParseError`, `ValidationError`, `LinkError`, `Trap`) with
// its location fields; the message never contains the location.

/**
 * The base class of tswasm's errors. Its message starts with the spec test
 * suite's wording; locations are fields of the subclasses.
 */
export class WasmError extends Error {
  override readonly name: string = 'WasmError';
}

/** A place in a text source. Lines and columns are 1-based. */
export interface Span {
  /** Line, 1-based. */
  readonly line: number;
  /** Column in UTF-16 code units, 1-based. */
  readonly column: number;
  /** Offset in UTF-16 code units, 0-based. */
  readonly offset: number;
}
