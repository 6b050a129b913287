// Which proposal each type-level construct belongs to. Instructions are
// gated by their row in the instruction table; the types they and the
// module's definitions spell out are gated here.
//
// The split follows the proposals: funcref and externref come with
// reference-types; non-nullable and concrete `(ref $t)` references with
// function-references (which gc extends); the `any` hierarchy and every
// bottom type with gc; exnref with exception handling (its bottom `noexn`
// and `(ref exn)` only with the typed references above); v128 with simd.

import {
  type Features,
  type HeapType,
  type RefType,
  type StorageType,
  formatValType,
} from '@tswasm/ir';

const referenceTypes = 'reference types require the referenceTypes feature';
const typedReferences =
  'typed references require the functionReferences feature';
const gcTypes = 'gc types require the gc feature';
const exceptionReferences =
  'exception references require the exceptions feature';
const vectorTypes = 'vector types require the simd feature';

/** Non-nullable and concrete references: function-references, or gc. */
function hasTypedReferences(features: Features): boolean {
  return features.functionReferences || features.gc;
}

function heapTypeMessage(
  features: Features,
  heapType: HeapType,
  nullable: boolean,
): string | null {
  if (typeof heapType === 'number') {
    return hasTypedReferences(features) ? null : typedReferences;
  }
  switch (heapType) {
    case 'func':
    case 'extern':
      return nullable || hasTypedReferences(features) ? null : typedReferences;
    case 'exn':
      if (!features.exceptions) return exceptionReferences;
      return nullable || hasTypedReferences(features) ? null : typedReferences;
    case 'noexn':
      if (!features.exceptions) return exceptionReferences;
      return features.gc ? null : gcTypes;
    case 'any':
    case 'eq':
    case 'i31':
    case 'struct':
    case 'array':
    case 'none':
    case 'nofunc':
    case 'noextern':
      return features.gc ? null : gcTypes;
  }
}

/**
 * Why reference type `type` is not allowed with `features` (a message
 * naming the proposal, then the type after a colon), or `null` if it is.
 */
export function refTypeFeatureError(
  features: Features,
  type: RefType,
): string | null {
  const message = features.referenceTypes
    ? heapTypeMessage(features, type.heapType, type.nullable)
    : referenceTypes;
  return message === null ? null : `${message}: ${formatValType(type)}`;
}

/**
 * Why storage (or value) type `type` is not allowed with `features`, or
 * `null` if it is. Packed types need no check of their own: only struct and
 * array types, which gc brings, have them.
 */
export function storageTypeFeatureError(
  features: Features,
  type: StorageType,
): string | null {
  if (typeof type === 'object') return refTypeFeatureError(features, type);
  if (type === 'v128' && !features.simd) return `${vectorTypes}: v128`;
  return null;
}

/**
 * Why `(ref null? heapType)`, the type an instruction such as `ref.null` or
 * `ref.test` names by its heap type, is not allowed, or `null` if it is.
 */
export function heapTypeFeatureError(
  features: Features,
  heapType: HeapType,
  nullable: boolean,
): string | null {
  return refTypeFeatureError(features, { kind: 'ref', nullable, heapType });
}
