// Feature flags, one per proposal. Every package takes the same `features`
// option: a partial record that is merged over `defaultFeatures`.

/** A proposal that can be switched on or off. */
export type Feature =
  | 'mutableGlobals'
  | 'signExtension'
  | 'saturatingFloatToInt'
  | 'multiValue'
  | 'bulkMemory'
  | 'referenceTypes'
  | 'simd'
  | 'relaxedSimd'
  | 'tailCall'
  | 'exceptions'
  | 'legacyExceptions'
  | 'functionReferences'
  | 'gc'
  | 'memory64'
  | 'multiMemory'
  | 'extendedConst'
  | 'threads'
  | 'wideArithmetic'
  | 'customPageSizes'
  | 'annotations';

/** Every feature, in a stable order. */
export const allFeatures: readonly Feature[] = [
  'mutableGlobals',
  'signExtension',
  'saturatingFloatToInt',
  'multiValue',
  'bulkMemory',
  'referenceTypes',
  'simd',
  'relaxedSimd',
  'tailCall',
  'exceptions',
  'legacyExceptions',
  'functionReferences',
  'gc',
  'memory64',
  'multiMemory',
  'extendedConst',
  'threads',
  'wideArithmetic',
  'customPageSizes',
  'annotations',
];

/** A full set of feature flags. */
export type Features = Readonly<Record<Feature, boolean>>;

/** Feature flags as options take them: any subset, merged over the defaults. */
export type FeatureOptions = Partial<Record<Feature, boolean>>;

/**
 * The default: WebAssembly 3.0 (every proposal it merged, annotations
 * included). Threads, wide arithmetic, custom page sizes and the legacy
 * exception instructions are off.
 */
export const defaultFeatures: Features = {
  mutableGlobals: true,
  signExtension: true,
  saturatingFloatToInt: true,
  multiValue: true,
  bulkMemory: true,
  referenceTypes: true,
  simd: true,
  relaxedSimd: true,
  tailCall: true,
  exceptions: true,
  legacyExceptions: false,
  functionReferences: true,
  gc: true,
  memory64: true,
  multiMemory: true,
  extendedConst: true,
  threads: false,
  wideArithmetic: false,
  customPageSizes: false,
  annotations: true,
};

/** Every feature on. */
export const everyFeature: Features = Object.fromEntries(
  allFeatures.map((feature) => [feature, true]),
) as Record<Feature, boolean>;

/** WebAssembly 1.0 (MVP) with only mutable-global imports and exports. */
export const mvpFeatures: Features = Object.fromEntries(
  allFeatures.map((feature) => [feature, feature === 'mutableGlobals']),
) as Record<Feature, boolean>;

/** Merges feature options over `defaultFeatures`. */
export function resolveFeatures(options?: FeatureOptions): Features {
  return options === undefined
    ? defaultFeatures
    : { ...defaultFeatures, ...options };
}
