// Assembles WAT for tests (wabt.js).

import wabtInit from 'wabt';

const wabt = await wabtInit();

/** The binary of a WAT module. */
export function wat(source: string): Uint8Array {
  const module = wabt.parseWat('test.wat', source, {
    exceptions: true,
    mutable_globals: true,
    sat_float_to_int: true,
    sign_extension: true,
    simd: true,
    threads: true,
    multi_value: true,
    tail_call: true,
    bulk_memory: true,
    reference_types: true,
    annotations: true,
    code_metadata: true,
    gc: true,
    memory64: true,
    extended_const: true,
    relaxed_simd: true,
    multi_memory: true,
  } as Record<string, boolean>);
  try {
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}
