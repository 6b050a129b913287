export { WASI } from './node-wasi.js';
export type { NodeWasiOptions } from './node-wasi.js';
export { NodeFileSystem } from './node-file-system.js';
export { HostInput, HostOutput } from './node-streams.js';
