import { DecodeError, decodeModule } from '@tswasm/decoder';
import { encodeModule } from '@tswasm/encoder';
import { type FeatureOptions, everyFeature, mvpFeatures } from '@tswasm/ir';
import { parseWat } from '@tswasm/text';
import { describe, expect, it } from 'vitest';
import { ValidationError } from './validation-error.js';
import { validateModule } from './validate-module.js';

interface GateCase {
  /** What the module uses. */
  readonly name: string;
  readonly wat: string;
  /** Features it needs over the defaults, if any. */
  readonly on?: FeatureOptions;
  /** Features that, switched off, make it invalid. */
  readonly off: FeatureOptions;
  /** How the error message starts. */
  readonly message: string;
  /** The validation error's function index, where it has one. */
  readonly funcIndex?: number;
  /**
   * True where the decoder, given the same features, already rejects the
   * binary (its encoding needs a flag or byte the proposal brought).
   */
  readonly malformed?: boolean;
}

const noGc: FeatureOptions = { gc: false };
const noTypedRefs: FeatureOptions = { functionReferences: false, gc: false };
const noRefTypes: FeatureOptions = {
  referenceTypes: false,
  functionReferences: false,
  gc: false,
  exceptions: false,
};

const gcTypes = 'gc types require the gc feature';
const typedRefs = 'typed references require the functionReferences feature';
const refTypes = 'reference types require the referenceTypes feature';
const exnRefs = 'exception references require the exceptions feature';
const vectors = 'vector types require the simd feature';

const cases: readonly GateCase[] = [
  // gc
  {
    name: 'a struct type',
    wat: '(type (struct (field i32)))',
    off: noGc,
    message: 'struct types require the gc feature: type 0',
  },
  {
    name: 'an array type',
    wat: '(type (array (mut i8)))',
    off: noGc,
    message: 'array types require the gc feature: type 0',
  },
  {
    name: 'a non-final sub type',
    wat: '(type (sub (func)))',
    off: noGc,
    message: 'sub types require the gc feature: type 0',
    malformed: true,
  },
  {
    name: 'a declared supertype',
    wat: '(type $a (sub (func))) (type (sub final $a (func)))',
    off: noGc,
    message: 'sub types require the gc feature',
    malformed: true,
  },
  {
    name: 'a rec group of two types',
    wat: '(rec (type (func)) (type (func (param i32))))',
    off: noGc,
    message: 'rec groups require the gc feature: rec group at type 0',
    malformed: true,
  },
  {
    name: 'an explicit rec group of one type',
    wat: '(type (func)) (rec (type (func (param i32))))',
    off: noGc,
    message: 'rec groups require the gc feature: rec group at type 1',
    malformed: true,
  },
  {
    name: 'anyref in a function type',
    wat: '(type (func (param anyref)))',
    off: noGc,
    message: `${gcTypes}: anyref in type 0`,
  },
  {
    name: 'i31ref as a local',
    wat: '(func (local i31ref))',
    off: noGc,
    message: `${gcTypes}: i31ref in the locals of function 0`,
    funcIndex: 0,
  },
  {
    name: 'structref as a global',
    wat: '(global structref (ref.null struct))',
    off: noGc,
    message: `${gcTypes}: structref in global 0`,
  },
  {
    name: '(ref eq) as a result',
    wat: '(func (result (ref eq)) unreachable)',
    off: noGc,
    message: `${gcTypes}: (ref eq) in type 0`,
  },
  {
    name: 'arrayref as an imported global',
    wat: '(import "m" "g" (global arrayref))',
    off: noGc,
    message: `${gcTypes}: arrayref in import 0`,
  },
  {
    name: 'nullref, nullfuncref and nullexternref',
    wat: '(type (func (param nullfuncref nullexternref nullref)))',
    off: noGc,
    message: `${gcTypes}: nullfuncref in type 0`,
  },
  {
    name: 'eqref as a block type',
    wat: '(func (block (result eqref) (ref.null eq)) drop)',
    off: noGc,
    message: `${gcTypes}: eqref`,
    funcIndex: 0,
  },
  {
    name: 'ref.null any',
    wat: '(func (drop (ref.null any)))',
    off: noGc,
    message: `${gcTypes}: anyref`,
    funcIndex: 0,
  },
  {
    name: 'a typed select of i31ref',
    wat: '(func (drop (select (result i31ref) (ref.null i31) (ref.null i31) (i32.const 0))))',
    off: noGc,
    message: `${gcTypes}: i31ref`,
    funcIndex: 0,
  },
  {
    name: 'anyref as a table element type',
    wat: '(table 1 anyref)',
    off: noGc,
    message: `${gcTypes}: anyref in table 0`,
  },

  // function-references
  {
    name: '(ref func) as a parameter',
    wat: '(type (func (param (ref func))))',
    off: noTypedRefs,
    message: `${typedRefs}: (ref func) in type 0`,
  },
  {
    name: '(ref extern) as a local',
    wat: '(func (local (ref null extern) (ref extern)))',
    off: noTypedRefs,
    message: `${typedRefs}: (ref extern) in the locals of function 0`,
    funcIndex: 0,
  },
  {
    name: 'a nullable concrete reference',
    wat: '(type $f (func)) (type (func (result (ref null $f))))',
    off: noTypedRefs,
    message: `${typedRefs}: (ref null 0) in type 1`,
  },
  {
    name: 'a concrete reference as a global',
    wat: '(type $f (func)) (func $g) (global (ref $f) (ref.func $g))',
    off: noTypedRefs,
    message: `${typedRefs}: (ref 0) in global 0`,
  },
  {
    name: 'a table initialiser',
    wat: '(table 1 funcref (ref.null func))',
    off: noTypedRefs,
    message:
      'table initialisers require the functionReferences feature: table 0',
  },
  {
    name: 'ref.null of a concrete type',
    wat: '(type $f (func)) (func (drop (ref.null $f)))',
    off: noTypedRefs,
    message: `${typedRefs}: (ref null 0)`,
    funcIndex: 0,
  },
  {
    name: 'a concrete reference as a block type',
    wat: '(type $f (func)) (func (block (result (ref null $f)) (ref.null $f)) drop)',
    off: noTypedRefs,
    message: `${typedRefs}: (ref null 0)`,
    funcIndex: 0,
  },

  // reference-types
  {
    name: 'funcref as a parameter',
    wat: '(func (param funcref))',
    off: noRefTypes,
    message: `${refTypes}: funcref in type 0`,
  },
  {
    name: 'externref as an imported global',
    wat: '(import "m" "g" (global externref))',
    off: noRefTypes,
    message: `${refTypes}: externref in import 0`,
  },
  {
    name: 'an externref table',
    wat: '(table 1 externref)',
    off: noRefTypes,
    message: `${refTypes}: externref in table 0`,
  },
  {
    name: 'funcref as a block type',
    wat: '(func (block (result funcref) unreachable) drop)',
    off: noRefTypes,
    message: `${refTypes}: funcref`,
    funcIndex: 0,
  },
  {
    name: 'a second table',
    wat: '(table 1 funcref) (table 1 funcref)',
    off: noRefTypes,
    message: 'multiple tables',
  },

  // exception handling
  {
    name: 'exnref as a parameter',
    wat: '(type (func (param exnref)))',
    off: { exceptions: false },
    message: `${exnRefs}: exnref in type 0`,
  },
  {
    name: 'nullexnref as a global',
    wat: '(global nullexnref (ref.null noexn))',
    off: { exceptions: false },
    message: `${exnRefs}: nullexnref in global 0`,
  },
  {
    name: 'nullexnref without gc',
    wat: '(global nullexnref (ref.null noexn))',
    off: noGc,
    message: `${gcTypes}: nullexnref in global 0`,
  },
  {
    name: '(ref exn) without typed references',
    wat: '(func (param (ref exn)))',
    off: noTypedRefs,
    message: `${typedRefs}: (ref exn) in type 0`,
  },
  {
    name: 'ref.null exn',
    wat: '(func (drop (ref.null exn)))',
    off: { exceptions: false },
    message: `${exnRefs}: exnref`,
    funcIndex: 0,
  },
  {
    name: 'a tag',
    wat: '(tag)',
    off: { exceptions: false },
    message: 'tags require the exceptions feature: tag 0',
    malformed: true,
  },
  {
    name: 'an imported tag',
    wat: '(import "m" "t" (tag))',
    off: { exceptions: false },
    message: 'tags require the exceptions feature: import 0',
    malformed: true,
  },

  // simd
  {
    name: 'v128 as a parameter',
    wat: '(func (param v128))',
    off: { simd: false, relaxedSimd: false },
    message: `${vectors}: v128 in type 0`,
  },
  {
    name: 'v128 as a local',
    wat: '(func (local v128))',
    off: { simd: false, relaxedSimd: false },
    message: `${vectors}: v128 in the locals of function 0`,
    funcIndex: 0,
  },
  {
    name: 'v128 as an imported global',
    wat: '(import "m" "g" (global v128))',
    off: { simd: false, relaxedSimd: false },
    message: `${vectors}: v128 in import 0`,
  },
  {
    name: 'v128 as a block type',
    wat: '(func (block (result v128) unreachable) drop)',
    off: { simd: false, relaxedSimd: false },
    message: `${vectors}: v128`,
    funcIndex: 0,
  },
  {
    name: 'a v128 struct field',
    wat: '(type (struct (field v128)))',
    off: { simd: false, relaxedSimd: false },
    message: `${vectors}: v128 in type 0`,
  },

  // memories and tables
  {
    name: 'a 64-bit memory',
    wat: '(memory i64 1)',
    off: { memory64: false },
    message: '64-bit memories require the memory64 feature: memory 0',
    malformed: true,
  },
  {
    name: 'a 64-bit table',
    wat: '(table i64 1 funcref)',
    off: { memory64: false },
    message: '64-bit tables require the memory64 feature: table 0',
    malformed: true,
  },
  {
    name: 'a shared memory',
    wat: '(memory 1 1 shared)',
    on: { threads: true },
    off: { threads: false },
    message: 'shared memories require the threads feature: memory 0',
    malformed: true,
  },
  {
    name: 'a custom page size',
    wat: '(memory 1 (pagesize 1))',
    on: { customPageSizes: true },
    off: { customPageSizes: false },
    message: 'custom page sizes require the customPageSizes feature: memory 0',
    malformed: true,
  },
  {
    name: 'an imported memory with a custom page size',
    wat: '(import "m" "mem" (memory 1 (pagesize 65536)))',
    on: { customPageSizes: true },
    off: { customPageSizes: false },
    message: 'custom page sizes require the customPageSizes feature: import 0',
    malformed: true,
  },
  {
    name: 'a second memory',
    wat: '(memory 1) (memory 1)',
    off: { multiMemory: false },
    message: 'multiple memories',
  },

  // multi-value
  {
    name: 'two results',
    wat: '(func (result i32 i32) unreachable)',
    off: { multiValue: false },
    message: 'invalid result arity: multiple results',
  },
  {
    name: 'a block with a parameter',
    wat: '(func (i32.const 0) (block (param i32) drop))',
    off: { multiValue: false },
    message: 'invalid result arity: block type',
    funcIndex: 0,
  },

  // mutable globals
  {
    name: 'an imported mutable global',
    wat: '(import "m" "g" (global (mut i32)))',
    off: { mutableGlobals: false },
    message: 'mutable globals cannot be imported: import 0',
  },
  {
    name: 'an exported mutable global',
    wat: '(global (export "g") (mut i32) (i32.const 0))',
    off: { mutableGlobals: false },
    message: 'mutable globals cannot be exported: global 0',
  },
];

function parse(wat: string): ReturnType<typeof parseWat> {
  return parseWat(`(module ${wat})`, { features: everyFeature });
}

function validationError(run: () => void): ValidationError {
  let error: unknown = null;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('types are gated by their proposal', () => {
  it.each(cases)('$name', (c) => {
    const module = parse(c.wat);
    const on = { ...c.on };
    const off = { ...c.on, ...c.off };
    expect(() => validateModule(module, { features: on })).not.toThrow();

    const error = validationError(() =>
      validateModule(module, { features: off }),
    );
    expect(error.message.startsWith(c.message), error.message).toBe(true);
    expect(error.funcIndex).toBe(c.funcIndex ?? null);

    // The binary: valid when decoded and validated with the feature on, and
    // rejected with it off, by the decoder or else by the validator.
    const bytes = encodeModule(module);
    expect(() =>
      validateModule(decodeModule(bytes, { features: on }), { features: on }),
    ).not.toThrow();
    if (c.malformed === true) {
      expect(() => decodeModule(bytes, { features: off })).toThrow(DecodeError);
    } else {
      const decoded = decodeModule(bytes, { features: off });
      const binaryError = validationError(() =>
        validateModule(decoded, { features: off }),
      );
      expect(binaryError.message).toBe(error.message);
    }
  });
});

describe('features that share a construct', () => {
  it('allows tags with legacy exceptions alone, but not exnref', () => {
    const legacy = { exceptions: false, legacyExceptions: true };
    expect(() =>
      validateModule(parse('(tag (param i32))'), { features: legacy }),
    ).not.toThrow();
    expect(() =>
      validateModule(parse('(global exnref (ref.null exn))'), {
        features: legacy,
      }),
    ).toThrow(exnRefs);
  });

  it('allows concrete and non-nullable references with gc alone', () => {
    const module = parse(
      '(type $s (struct)) (type $f (func)) (func (param (ref $f) (ref null $s) (ref extern)))',
    );
    expect(() =>
      validateModule(module, { features: { functionReferences: false } }),
    ).not.toThrow();
  });
});

describe('constructs of WebAssembly 1.0 need no feature', () => {
  it('accepts funcref tables, function index segments and one memory', () => {
    const module = parse(
      '(type (func (result i32))) (func $f (type 0) (i32.const 0))' +
        '(table 1 funcref) (elem (i32.const 0) $f) (memory 1 2)' +
        '(global (mut i32) (i32.const 0)) (func (block (result i32) (i32.const 1)) drop)',
    );
    expect(() =>
      validateModule(module, { features: mvpFeatures }),
    ).not.toThrow();
    expect(() =>
      validateModule(
        decodeModule(encodeModule(module), { features: mvpFeatures }),
        {
          features: mvpFeatures,
        },
      ),
    ).not.toThrow();
  });
});
