/** The spec test suite's root (`$WASM_SPEC_TESTSUITE` or `../shared/testsuite`). */
export declare const specSuiteDir: string;
/** The WASI test suite's root (`$WASI_TESTSUITE` or `../shared/wasi-testsuite`). */
export declare const wasiSuiteDir: string;
/** The `(module ... binary "...")` forms of a WAST script, as bytes. */
export declare function wastBinaries(source: string): Uint8Array[];
/** A seed module. */
export interface Seed {
  readonly name: string;
  readonly bytes: Uint8Array;
}
/** The spec suite's binary modules and the WASI suite's .wasm files. */
export declare function loadSeeds(): Seed[];
