// The `name` custom section: the module's name and name maps of its index
// spaces, in subsections ordered by id.
// https://webassembly.github.io/spec/core/appendix/custom.html#name-section
// https://github.com/WebAssembly/extended-name-section

import type { NameSection } from '@tswasm/ir';
import { at } from './encode-error.js';
import { ByteWriter } from './writer.js';

type NameMap = ReadonlyMap<number, string>;
type IndirectNameMap = ReadonlyMap<number, NameMap>;

/** Subsection ids and the `NameSection` property each one holds. */
const subsections = [
  [1, 'functions'],
  [2, 'locals'],
  [3, 'labels'],
  [4, 'types'],
  [5, 'tables'],
  [6, 'memories'],
  [7, 'globals'],
  [8, 'elements'],
  [9, 'datas'],
  [10, 'fields'],
  [11, 'tags'],
] as const satisfies readonly (readonly [number, keyof NameSection])[];

/** The keys of `map` in increasing order. */
function sortedKeys(map: ReadonlyMap<number, unknown>): number[] {
  return [...map.keys()].sort((a, b) => a - b);
}

function writeNameMap(w: ByteWriter, map: NameMap): void {
  const keys = sortedKeys(map);
  w.u32(keys.length);
  for (const index of keys) {
    at([index], () => {
      w.u32(index);
      w.name(map.get(index)!);
    });
  }
}

function writeIndirectNameMap(w: ByteWriter, map: IndirectNameMap): void {
  const keys = sortedKeys(map);
  w.u32(keys.length);
  for (const index of keys) {
    at([index], () => {
      w.u32(index);
      writeNameMap(w, map.get(index)!);
    });
  }
}

/**
 * Encodes the content of a `name` custom section (what follows the section
 * name): the module name, then each non-empty name map in subsection id
 * order (functions 1 to tags 11, the extended name section's ids), indices
 * in increasing order. A map without entries is left out; the inner maps
 * of `locals`, `labels` and `fields` are written as they are, empty ones
 * included (wabt writes one for every function).
 * @throws {EncodeError} if an index is not a u32; its `path` names the
 *   subsection and the index, e.g. `['functions', 3]`.
 * @see https://webassembly.github.io/spec/core/appendix/custom.html#name-section
 */
export function encodeNameSection(names: NameSection): Uint8Array {
  const w = new ByteWriter();
  if (names.module !== undefined) {
    w.byte(0);
    w.sized(() => w.name(names.module!));
  }
  for (const [id, key] of subsections) {
    if (key === 'locals' || key === 'labels' || key === 'fields') {
      const map = names[key];
      if (map === undefined || map.size === 0) continue;
      w.byte(id);
      at([key], () => w.sized(() => writeIndirectNameMap(w, map)));
    } else {
      const map = names[key];
      if (map === undefined || map.size === 0) continue;
      w.byte(id);
      at([key], () => w.sized(() => writeNameMap(w, map)));
    }
  }
  return w.finish();
}
