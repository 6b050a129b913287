// The `name` custom section. Custom sections are not validated, so a
// malformed subsection is dropped rather than failing the module.
// https://webassembly.github.io/spec/core/appendix/custom.html#name-section
// https://github.com/WebAssembly/extended-name-section

import type { NameSection } from '@tswasm/ir';
import { DecodeError } from '../decode-error.js';
import { Reader } from '../reader.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function readNameMap(r: Reader): Map<number, string> {
  const n = r.u32();
  const map = new Map<number, string>();
  for (let i = 0; i < n; i++) {
    const index = r.u32();
    map.set(index, r.name());
  }
  return map;
}

function readIndirectNameMap(r: Reader): Map<number, Map<number, string>> {
  const n = r.u32();
  const map = new Map<number, Map<number, string>>();
  for (let i = 0; i < n; i++) {
    const index = r.u32();
    map.set(index, readNameMap(r));
  }
  return map;
}

const directKeys = {
  1: 'functions',
  4: 'types',
  5: 'tables',
  6: 'memories',
  7: 'globals',
  8: 'elements',
  9: 'datas',
  11: 'tags',
} as const;

const indirectKeys = { 2: 'locals', 3: 'labels', 10: 'fields' } as const;

/**
 * Decodes the content of a `name` section (after its name). Subsections
 * that are malformed, repeated or unknown are skipped; `null` when the
 * subsection framing itself is broken.
 */
export function decodeNameSection(bytes: Uint8Array): NameSection | null {
  const r = new Reader(bytes);
  const names: Mutable<NameSection> = {};
  const seen = new Set<number>();
  try {
    while (r.pos < r.end) {
      const id = r.u8();
      const size = r.len32();
      const end = r.pos + size;
      const sub = new Reader(bytes, r.pos, end);
      r.pos = end;
      if (seen.has(id)) continue;
      seen.add(id);
      try {
        if (id === 0) {
          const module = sub.name();
          if (sub.pos === end) names.module = module;
        } else if (id in directKeys) {
          const map = readNameMap(sub);
          if (sub.pos === end)
            names[directKeys[id as keyof typeof directKeys]] = map;
        } else if (id in indirectKeys) {
          const map = readIndirectNameMap(sub);
          if (sub.pos === end) {
            names[indirectKeys[id as keyof typeof indirectKeys]] = map;
          }
        }
      } catch (error) {
        if (!(error instanceof DecodeError)) throw error;
      }
    }
  } catch (error) {
    if (error instanceof DecodeError) return null;
    throw error;
  }
  return names;
}
