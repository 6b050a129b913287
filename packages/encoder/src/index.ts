export { encodeModule, type EncodeOptions } from './encode-module.js';
export { encodeNameSection } from './encode-name-section.js';
export { encodeConstExpr, encodeInstrs, writeInstrRow } from './instrs.js';
export { EncodeError } from './encode-error.js';
export { ByteWriter } from './writer.js';
