export {
  type ActionOutcome,
  type CompileOutcome,
  type EngineAdapter,
  type Failure,
  type FailureKind,
  type InstantiateOutcome,
  type RefKind,
  type WastValue,
} from './adapter.js';
export { type RunOptions, runScript, runWast } from './run-script.js';
export {
  type CommandResult,
  type CommandStatus,
  type ScriptResult,
  type Totals,
  formatSummary,
  sumTotals,
} from './result.js';
export {
  formatValue,
  formatValues,
  isArithmeticNan32,
  isArithmeticNan64,
  isCanonicalNan32,
  isCanonicalNan64,
  matchesExpected,
} from './values.js';
export { type SpectestOptions, spectestBytes } from './spectest.js';
export {
  type NativeInstance,
  type NativeModule,
  nativeAdapter,
} from './native/native-adapter.js';
export type {
  ExportType,
  RawFuncType,
  RawValType,
} from './native/export-types.js';
