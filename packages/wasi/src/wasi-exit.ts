/**
 * Thrown by `proc_exit` (and by `proc_raise` with a terminating signal) to
 * unwind the guest: a clean exit with a status code, not a trap.
 */
export class WasiExit extends Error {
  override readonly name = 'WasiExit';
  /** The exit status the guest passed to `proc_exit`. */
  readonly code: number;
  constructor(code: number) {
    super(`exit with code ${code}`);
    this.code = code;
  }
}
