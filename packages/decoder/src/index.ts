export { type DecodeOptions, decodeModule } from './decode-module.js';
export { DecodeError } from './decode-error.js';
export { type DecodeFunctionBodyOptions, decodeFunctionBody } from './expr.js';
export {
  type InstrReaderOptions,
  type MutableInstr,
  InstrReader,
} from './instr-reader.js';
export { decodeNameSection } from './sections/names.js';
