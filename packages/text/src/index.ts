export { parseWat, type ParseOptions } from './parse-wat.js';
export { parseWast } from './parse-wast.js';
export { watToWasm, type WatToWasmOptions } from './wat-to-wasm.js';
export { ParseError } from './parse-error.js';
export type {
  Action,
  Command,
  Expected,
  ExpectedNumber,
  Script,
  ScriptModule,
  ScriptValue,
} from './script.js';
export { printWat, type PrintOptions } from './print-wat.js';
