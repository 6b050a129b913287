// Unchanged wasm-bindgen glue on tswasm's `WebAssembly` namespace: loads
// @swc/wasm (a 16 MB Rust module and its generated JS) with our namespace in
// place of Node's, transforms a TypeScript snippet, and compares the output
// and the time with Node's native WebAssembly. Run after building:
//
//   node tools/bench/src/exec-glue.mjs
//
// Times are wall-clock milliseconds of one load and of one transform.

import { createRequire } from 'node:module';
import { WebAssembly as TsWasm } from '@tswasm/engine';

const require = createRequire(import.meta.url);
const source = `
interface Point { x: number; y: number }
export const norm = (p: Point): number => Math.sqrt(p.x * p.x + p.y * p.y);
export default class Shape<T> { constructor(private readonly items: T[] = []) {} }
`;
const options = { jsc: { parser: { syntax: 'typescript' }, target: 'es2015' } };

function load(namespace) {
  const native = globalThis.WebAssembly;
  const id = require.resolve('@swc/wasm');
  delete require.cache[id];
  globalThis.WebAssembly = namespace;
  try {
    const start = performance.now();
    const swc = require(id);
    return { swc, ms: performance.now() - start };
  } finally {
    globalThis.WebAssembly = native;
  }
}

const rows = [];
let expected = null;
for (const [name, namespace] of [
  ['V8 native', globalThis.WebAssembly],
  ['tswasm interp', TsWasm],
]) {
  const { swc, ms: loadMs } = load(namespace);
  const start = performance.now();
  const { code } = swc.transformSync(source, options);
  const transformMs = performance.now() - start;
  if (expected === null) expected = code;
  else if (code !== expected)
    throw new Error(`${name}: different output:\n${code}`);
  rows.push([name, loadMs.toFixed(0), transformMs.toFixed(0)]);
}
console.log('# @swc/wasm transformSync through wasm-bindgen glue, wall ms');
console.log(['engine', 'load', 'transform'].join('\t'));
for (const row of rows) console.log(row.join('\t'));
