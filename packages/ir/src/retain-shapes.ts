// Keeps V8's hidden classes of a package's objects alive between uses.
//
// V8 keeps the map (hidden class) of a class instance or object literal
// alive only while some object has it: a map hangs off its parent map by a
// weak transition. When a full garbage collection finds no instance of,
// say, the decoder's `InstrReader` or the parser's `Cursor` (between two
// uses), it frees their maps and throws away every optimized function that
// checks for them; the next use then runs unoptimized code until V8
// optimizes it again (`node --trace-deopt` reports "weak objects"; a third
// more time to parse a large WAT, 40% more to decode or validate
// esbuild.wasm). Each package runs one small input through its code once,
// on first use, and keeps the objects for its life: that keeps the maps.

/** Objects of small runs, by package and mode; filled on first use. */
const retained = new Map<string, readonly unknown[]>();

/**
 * Runs `run` (a small run of a package's code returning the objects to
 * keep) once per `key`, keeping what it returns.
 */
export function retainShapes(key: string, run: () => readonly unknown[]): void {
  if (!retained.has(key)) retained.set(key, run());
}

/** What `retainShapes` kept for `key`, if it has run (for tests). */
export function retainedShapes(key: string): readonly unknown[] | undefined {
  return retained.get(key);
}

/**
 * A small binary module using the common shapes: a type, an import, a
 * memory, a global, an export, a function with a local, a block and a
 * memarg, data.
 * ```wat
 * (module
 *   (type (func (param i32) (result i32)))
 *   (import "m" "g" (global (mut i32)))
 *   (memory 1)
 *   (global (mut i64) (i64.const 0))
 *   (func (export "f") (type 0) (local i64)
 *     (block (result i32) (i32.load offset=4 (local.get 0))))
 *   (data (i32.const 0) "a"))
 * ```
 */
const shapeModuleHex = [
  '0061736d 01000000',
  '01 06 01 60017f017f', // type
  '02 08 01 016d 0167 037f01', // import
  '03 02 01 00', // function
  '05 03 01 0001', // memory
  '06 06 01 7e01 42000b', // global
  '07 05 01 0166 0000', // export
  '0a 0e 01 0c 01017e 027f 2000 280204 0b 0b', // code
  '0b 07 01 00 41000b 0161', // data
].join('');

/** The bytes of the small module above; a new copy each call. */
export function shapeModuleBytes(): Uint8Array {
  const hex = shapeModuleHex.replaceAll(' ', '');
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  }
  return bytes;
}
