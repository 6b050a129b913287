// The section headers of a binary: where each section starts and ends. Only
// called on a binary the decoder has accepted, so it does not check the
// format; it reads just the section ids and sizes (and custom names).
// https://webassembly.github.io/spec/core/binary/modules.html#sections

/** One section's place in the binary. */
export interface SectionHeader {
  readonly id: number;
  /** Offset of the first byte of the contents. */
  readonly start: number;
  /** Size of the contents in bytes. */
  readonly size: number;
  /** The name of a custom section; `null` for the others. */
  readonly customName: string | null;
  /** The leading vector count, for sections that start with one. */
  readonly count: number | null;
}

/** Section ids whose contents start with a vector count. */
const countedSections = new Set([1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 13]);

/** The display names of the section ids. */
export const sectionNames: Readonly<Record<number, string>> = {
  0: 'Custom',
  1: 'Type',
  2: 'Import',
  3: 'Function',
  4: 'Table',
  5: 'Memory',
  6: 'Global',
  7: 'Export',
  8: 'Start',
  9: 'Elem',
  10: 'Code',
  11: 'Data',
  12: 'DataCount',
  13: 'Tag',
};

function readU32(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  let pos = at;
  for (;;) {
    const byte = bytes[pos++] ?? 0;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0 || pos >= bytes.length) return [value, pos];
  }
}

/** Lists the sections of a well-formed binary, in order. */
export function readSectionHeaders(bytes: Uint8Array): SectionHeader[] {
  const headers: SectionHeader[] = [];
  let pos = 8; // magic and version
  while (pos < bytes.length) {
    const id = bytes[pos++]!;
    const [size, start] = readU32(bytes, pos);
    let customName: string | null = null;
    let count: number | null = null;
    if (id === 0) {
      const [length, nameStart] = readU32(bytes, start);
      customName = new TextDecoder().decode(
        bytes.subarray(nameStart, nameStart + length),
      );
    } else if (countedSections.has(id) || id === 12) {
      count = readU32(bytes, start)[0];
    }
    headers.push({ id, start, size, customName, count });
    pos = start + size;
  }
  return headers;
}
