// The official spec test suite on disk: where it is, which files it has, and
// which features each directory needs.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mvpFeatures } from '@tswasm/ir';

const mvp = { ...mvpFeatures };

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** The suite's folder: `$WASM_SPEC_TESTSUITE`, else `<repo>/../shared/testsuite`. */
export function testsuiteDir() {
  return (
    process.env.WASM_SPEC_TESTSUITE ??
    join(repoRoot, '..', 'shared', 'testsuite')
  );
}

/**
 * Features by directory (relative to the suite, `/`-separated). The top
 * level runs with the defaults (WebAssembly 3.0); every other directory
 * turns on the proposal it tests.
 * @type {Record<string, import('@tswasm/ir').FeatureOptions>}
 */
export const directoryFeatures = {
  '.': {},
  legacy: { legacyExceptions: true },
  custom: {},
  // The threads proposal's tests are written against WebAssembly 1.0
  // (e.g. a second table or memory is invalid there).
  'proposals/threads': { ...mvp, threads: true },
  'proposals/wide-arithmetic': { wideArithmetic: true },
  'proposals/custom-page-sizes': { customPageSizes: true },
  // No feature flag exists for custom descriptors: these run with the
  // defaults and are listed in known-failures.json until it does.
  'proposals/custom-descriptors': {},
};

/**
 * The directory of a suite-relative file path (`.` for the top level).
 * @param {string} file
 * @returns {string}
 */
export function directoryOf(file) {
  const slash = file.lastIndexOf('/');
  return slash === -1 ? '.' : file.slice(0, slash);
}

/**
 * The features a suite-relative file runs with.
 * @param {string} file
 * @returns {import('@tswasm/ir').FeatureOptions}
 */
export function featuresFor(file) {
  return directoryFeatures[directoryOf(file)] ?? {};
}

/**
 * Every `.wast` file of the suite, as `/`-separated paths relative to it,
 * sorted (top level first, then by directory).
 */
/** @returns {string[]} */
export function listSpecFiles(dir = testsuiteDir()) {
  const files = [];
  const walk = (path) => {
    for (const entry of readdirSync(path).sort()) {
      const child = join(path, entry);
      if (statSync(child).isDirectory()) walk(child);
      else if (entry.endsWith('.wast'))
        files.push(relative(dir, child).split(sep).join('/'));
    }
  };
  walk(dir);
  const depth = (file) => (file.includes('/') ? 1 : 0);
  return files.sort((a, b) => depth(a) - depth(b) || a.localeCompare(b));
}

/**
 * The files V8 (Node 20's WebAssembly) runs in the runner's self-check:
 * those whose features V8 ships (skip-stack-guard-page.wast is left out: it
 * only probes the host's stack). Each must pass on V8 apart from what
 * known-failures.json lists under `v8`.
 */
/** @type {readonly string[]} */
export const v8Files = [
  'address.wast',
  'align.wast',
  'annotations.wast',
  'binary-gc.wast',
  'binary-leb128.wast',
  'binary.wast',
  'block.wast',
  'br.wast',
  'br_if.wast',
  'br_table.wast',
  'bulk.wast',
  'call.wast',
  'call_indirect.wast',
  'comments.wast',
  'const.wast',
  'conversions.wast',
  'custom.wast',
  'endianness.wast',
  'exports.wast',
  'f32.wast',
  'f32_bitwise.wast',
  'f32_cmp.wast',
  'f64.wast',
  'f64_bitwise.wast',
  'f64_cmp.wast',
  'fac.wast',
  'float_exprs.wast',
  'float_literals.wast',
  'float_memory.wast',
  'float_misc.wast',
  'forward.wast',
  'func.wast',
  'func_ptrs.wast',
  'i32.wast',
  'i64.wast',
  'id.wast',
  'if.wast',
  'imports.wast',
  'inline-module.wast',
  'int_exprs.wast',
  'int_literals.wast',
  'labels.wast',
  'left-to-right.wast',
  'load.wast',
  'local_get.wast',
  'local_set.wast',
  'local_tee.wast',
  'loop.wast',
  'memory.wast',
  'memory_copy.wast',
  'memory_fill.wast',
  'memory_grow.wast',
  'memory_init.wast',
  'memory_redundancy.wast',
  'memory_size.wast',
  'memory_size3.wast',
  'memory_trap.wast',
  'names.wast',
  'nop.wast',
  'obsolete-keywords.wast',
  'ref_func.wast',
  'return.wast',
  'return_call.wast',
  'return_call_indirect.wast',
  'select.wast',
  'simd_address.wast',
  'simd_align.wast',
  'simd_bit_shift.wast',
  'simd_bitwise.wast',
  'simd_boolean.wast',
  'simd_const.wast',
  'simd_conversions.wast',
  'simd_f32x4.wast',
  'simd_f32x4_arith.wast',
  'simd_f32x4_cmp.wast',
  'simd_f32x4_pmin_pmax.wast',
  'simd_f32x4_rounding.wast',
  'simd_f64x2.wast',
  'simd_f64x2_arith.wast',
  'simd_f64x2_cmp.wast',
  'simd_f64x2_pmin_pmax.wast',
  'simd_f64x2_rounding.wast',
  'simd_i16x8_arith.wast',
  'simd_i16x8_arith2.wast',
  'simd_i16x8_cmp.wast',
  'simd_i16x8_extadd_pairwise_i8x16.wast',
  'simd_i16x8_extmul_i8x16.wast',
  'simd_i16x8_q15mulr_sat_s.wast',
  'simd_i16x8_sat_arith.wast',
  'simd_i32x4_arith.wast',
  'simd_i32x4_arith2.wast',
  'simd_i32x4_cmp.wast',
  'simd_i32x4_dot_i16x8.wast',
  'simd_i32x4_extadd_pairwise_i16x8.wast',
  'simd_i32x4_extmul_i16x8.wast',
  'simd_i32x4_trunc_sat_f32x4.wast',
  'simd_i32x4_trunc_sat_f64x2.wast',
  'simd_i64x2_arith.wast',
  'simd_i64x2_arith2.wast',
  'simd_i64x2_cmp.wast',
  'simd_i64x2_extmul_i32x4.wast',
  'simd_i8x16_arith.wast',
  'simd_i8x16_arith2.wast',
  'simd_i8x16_cmp.wast',
  'simd_i8x16_sat_arith.wast',
  'simd_int_to_int_extend.wast',
  'simd_lane.wast',
  'simd_linking.wast',
  'simd_load.wast',
  'simd_load16_lane.wast',
  'simd_load32_lane.wast',
  'simd_load64_lane.wast',
  'simd_load8_lane.wast',
  'simd_load_extend.wast',
  'simd_load_splat.wast',
  'simd_load_zero.wast',
  'simd_select.wast',
  'simd_splat.wast',
  'simd_store.wast',
  'simd_store16_lane.wast',
  'simd_store32_lane.wast',
  'simd_store64_lane.wast',
  'simd_store8_lane.wast',
  'stack.wast',
  'start.wast',
  'store.wast',
  'switch.wast',
  'table_copy.wast',
  'table_fill.wast',
  'table_get.wast',
  'table_grow.wast',
  'table_init.wast',
  'table_set.wast',
  'table_size.wast',
  'token.wast',
  'traps.wast',
  'type.wast',
  'unreachable.wast',
  'unreached-invalid.wast',
  'unwind.wast',
  'utf8-custom-section-id.wast',
  'utf8-import-field.wast',
  'utf8-import-module.wast',
  'utf8-invalid-encoding.wast',
  'legacy/rethrow.wast',
  'legacy/throw.wast',
  'legacy/try_catch.wast',
  'legacy/try_delegate.wast',
];

/**
 * Features for V8 runs: V8 in Node 20 lacks memory64 (so `spectest` has no
 * `table64`) and the proposals after it.
 * @type {import('@tswasm/ir').FeatureOptions}
 */
export const v8Features = { memory64: false };
