export { main, commands, version } from './main.js';
export { type Command, ExitCode } from './command.js';
export { type Io, type Output } from './io.js';
export { ansiStyle, plainStyle, type Style } from './diagnostics.js';
export {
  type TswasmAdapterOptions,
  tswasmAdapter,
} from './wast/engine-adapter.js';
