// The error every validation rule throws.

import { type Span, WasmError } from '@tswasm/ir';

/** Where in a module a validation error was found. */
export interface ValidationLocation {
  /** Function index (imports included), or `null` outside function bodies. */
  readonly funcIndex?: number | null;
  /** Byte offset of the offending instruction in the module binary. 0-based. */
  readonly offset?: number | null;
  /** Index of the offending instruction within its body or expression. 0-based. */
  readonly instrIndex?: number | null;
  /** Place in a text source, where the instruction came from one. */
  readonly span?: Span | null;
}

/**
 * A module is not valid. The message starts with the spec test suite's
 * wording (`type mismatch`, `unknown local`, ...), detail after a colon.
 * @see https://webassembly.github.io/spec/core/valid/index.html
 */
export class ValidationError extends WasmError {
  override readonly name = 'ValidationError';
  /** Function index (imports included), or `null` outside function bodies. */
  readonly funcIndex: number | null;
  /**
   * Byte offset of the offending instruction in the module binary, where the
   * body was decoded from one; otherwise `null`. 0-based.
   */
  readonly offset: number | null;
  /**
   * Index of the offending instruction in its function body (or constant
   * expression), counting from 0, or `null` for module-level rules.
   */
  readonly instrIndex: number | null;
  /**
   * Where the offending instruction's keyword starts in the text source,
   * where the instruction came from one (see `Instr.span`); otherwise `null`.
   */
  readonly span: Span | null;

  constructor(
    message: string,
    location: ValidationLocation = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.funcIndex = location.funcIndex ?? null;
    this.offset = location.offset ?? null;
    this.instrIndex = location.instrIndex ?? null;
    this.span = location.span ?? null;
  }
}
