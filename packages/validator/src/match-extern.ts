// Import matching: whether an export of one module fits an import of
// another. The engine calls this while linking.
// https://webassembly.github.io/spec/core/valid/matching.html#external-types

import type { ImportDesc, Limits, U64 } from '@tswasm/ir';
import { isCanonicalSubtype } from './canonical-types.js';
import { type ModuleContext, matchValType } from './module-context.js';

function big(value: U64): bigint {
  return typeof value === 'bigint' ? value : BigInt(value);
}

/**
 * Limits subsumption: `actual` (the export's current limits) fits
 * `expected` (the import's) when its minimum is at least and its maximum,
 * if the import has one, at most the import's.
 */
export function matchLimits(actual: Limits, expected: Limits): boolean {
  if (big(actual.min) < big(expected.min)) return false;
  if (expected.max === null) return true;
  return actual.max !== null && big(actual.max) <= big(expected.max);
}

/**
 * True when an extern of type `actual`, described in terms of module
 * `exporter`, can be imported as `expected`, described in terms of module
 * `importer`. Both contexts must come from {@link createModuleContext}.
 * For tables and memories pass the current limits as `actual`.
 */
export function matchExternType(
  exporter: ModuleContext,
  actual: ImportDesc,
  importer: ModuleContext,
  expected: ImportDesc,
): boolean {
  switch (expected.kind) {
    case 'func':
    case 'tag': {
      if (actual.kind !== expected.kind) return false;
      const a =
        exporter.canonicalIds[
          actual.kind === 'func' ? actual.typeIndex : actual.type.typeIndex
        ];
      const b =
        importer.canonicalIds[
          expected.kind === 'func'
            ? expected.typeIndex
            : expected.type.typeIndex
        ];
      if (a === undefined || b === undefined) return false;
      return expected.kind === 'func' ? isCanonicalSubtype(a, b) : a === b;
    }
    case 'table': {
      if (actual.kind !== 'table') return false;
      const at = actual.type;
      const et = expected.type;
      return (
        at.addressType === et.addressType &&
        matchLimits(at.limits, et.limits) &&
        matchValType(exporter, at.elemType, importer, et.elemType) &&
        matchValType(importer, et.elemType, exporter, at.elemType)
      );
    }
    case 'memory': {
      if (actual.kind !== 'memory') return false;
      const at = actual.type;
      const et = expected.type;
      return (
        at.addressType === et.addressType &&
        at.shared === et.shared &&
        (at.pageSizeLog2 ?? 16) === (et.pageSizeLog2 ?? 16) &&
        matchLimits(at.limits, et.limits)
      );
    }
    case 'global': {
      if (actual.kind !== 'global') return false;
      const at = actual.type;
      const et = expected.type;
      if (at.mutable !== et.mutable) return false;
      if (!matchValType(exporter, at.valType, importer, et.valType))
        return false;
      return (
        !at.mutable || matchValType(importer, et.valType, exporter, at.valType)
      );
    }
  }
}
