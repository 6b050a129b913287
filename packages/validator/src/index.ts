export {
  type ValidateOptions,
  createModuleContext,
  validateFunction,
  validateModule,
} from './validate-module.js';
export { FuncChecker } from './func-checker.js';
export type {
  BlockInfo,
  BlockKind,
  ConstExprOptions,
  FuncCheckerOptions,
  FuncInfo,
} from './func-info.js';
export {
  type StackType,
  ModuleContext,
  botHeapType,
  isDefaultable,
  isSubtype,
  matchHeapType,
  matchValType,
} from './module-context.js';
export {
  type CanonicalType,
  canonicalType,
  isCanonicalSubtype,
} from './canonical-types.js';
export {
  type ValidationLocation,
  ValidationError,
} from './validation-error.js';
export { matchExternType, matchLimits } from './match-extern.js';
