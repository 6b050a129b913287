// Helpers for building binaries by hand in tests.

/** Unsigned LEB128. */
export function u32(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of a bigint. */
export function sleb(value: bigint | number): number[] {
  let v = BigInt(value);
  const out: number[] = [];
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    const done =
      (v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** A name: length and UTF-8 bytes. */
export function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...u32(bytes.length), ...bytes];
}

/** A vector: count and items. */
export function vec(items: readonly (readonly number[])[]): number[] {
  return [...u32(items.length), ...items.flat()];
}

/** A section: id, size and content. */
export function section(id: number, content: readonly number[]): number[] {
  return [id, ...u32(content.length), ...content];
}

export const header: readonly number[] = [
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
];

/** A module from sections. */
export function module(...sections: (readonly number[])[]): Uint8Array {
  return new Uint8Array([...header, ...sections.flat()]);
}

/** A module with one `(func)` type, one function and the given body. */
export function moduleWithBody(
  body: readonly number[],
  locals: readonly (readonly number[])[] = [],
  extra: readonly (readonly number[])[] = [],
): Uint8Array {
  const code = [...vec(locals), ...body];
  return module(
    section(1, vec([[0x60, 0x00, 0x00]])),
    section(3, vec([[0x00]])),
    ...extra,
    section(10, vec([[...u32(code.length), ...code]])),
  );
}
