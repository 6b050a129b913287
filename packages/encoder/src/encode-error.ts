import { WasmError } from '@tswasm/ir';

/**
 * A module that cannot be written as a binary: an unknown instruction, an
 * immediate of the wrong shape, an index or integer out of range.
 */
export class EncodeError extends WasmError {
  override readonly name = 'EncodeError';
  /**
   * Where in the module the problem is, as property names and array indices
   * from the `Module` object, e.g. `['functions', 3, 'body', 12]`.
   */
  readonly path: readonly (string | number)[];
  constructor(
    message: string,
    path: readonly (string | number)[],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.path = path;
  }
}

/**
 * Runs `write`; an `EncodeError` it throws is thrown again with `path`
 * prepended to its own.
 */
export function at(
  path: readonly (string | number)[],
  write: () => void,
): void {
  try {
    write();
  } catch (error) {
    if (error instanceof EncodeError) {
      throw new EncodeError(error.message, [...path, ...error.path], {
        cause: error,
      });
    }
    throw error;
  }
}
