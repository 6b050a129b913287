export {
  type EngineOptions,
  type Imports,
  type Tier,
  CompiledModule,
  Engine,
  UncaughtException,
  defaultMaxCallDepth,
  wasmPageSize,
} from './engine.js';
export { type WasmValue } from './values.js';
export { type ExternValue, Instance } from './runtime/instance.js';
export {
  ExternI31,
  Global,
  HostAnyRef,
  Memory,
  Table,
  Tag,
  WasmArray,
  WasmException,
  WasmFunction,
  WasmStruct,
} from './runtime/objects.js';
export {
  type TrapKind,
  type WasmStackFrame,
  LinkError,
  Trap,
  trapMessages,
} from './runtime/trap.js';
export {
  type CanonHeapType,
  type CanonRefType,
  type CanonValType,
} from './runtime/type-registry.js';
export {
  CompileError as JSCompileError,
  Exception,
  LinkError as JSLinkError,
  RuntimeError,
  WebAssembly,
} from './js-api/web-assembly.js';
