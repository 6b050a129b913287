// Deterministic mutations of binary modules: truncation, bit flips, byte
// insertion and deletion, interesting values, oversized LEB128s and
// section-level splices (drop, duplicate, swap, or borrow a section from
// another module).

/**
 * A small seeded PRNG (mulberry32): `next()` gives a float in [0, 1).
 * Same seed, same sequence.
 */
export class Random {
  /** @param {number} seed */
  constructor(seed) {
    this.state = seed >>> 0;
  }

  /** @returns {number} a float in [0, 1) */
  next() {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** @returns {number} an integer in [0, n) */
  below(n) {
    return Math.floor(this.next() * n);
  }

  /** @returns {T} one of `items` @template T @param {readonly T[]} items */
  pick(items) {
    return items[this.below(items.length)];
  }
}

/** A 32-bit integer hash (murmur3's finaliser). */
function mix(x) {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * The PRNG seed of iteration `i` of a run seeded with `seed`: runs with
 * different seeds make different variants, not the same ones reordered.
 */
export function iterationSeed(seed, i) {
  return mix((mix(seed >>> 0) + Math.imul(i, 0x9e3779b9)) >>> 0);
}

const interesting = [
  0x00, 0x01, 0x02, 0x0b, 0x3f, 0x40, 0x41, 0x60, 0x63, 0x64, 0x70, 0x7f, 0x80,
  0xfe, 0xff,
];

/** Sections of a module, best effort: `[{ start, end }]` byte ranges. */
export function sectionRanges(bytes) {
  const ranges = [];
  let at = 8;
  while (at < bytes.length) {
    const start = at;
    at++;
    let size = 0;
    let shift = 0;
    for (;;) {
      if (at >= bytes.length || shift > 28) return ranges;
      const b = bytes[at++];
      size += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if ((b & 0x80) === 0) break;
    }
    const end = at + size;
    if (end > bytes.length) return ranges;
    ranges.push({ start, end });
    at = end;
  }
  return ranges;
}

/** Reads an unsigned LEB128: `[value, next offset]`, or `null`. */
function readU32(bytes, at) {
  let value = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    if (at >= bytes.length) return null;
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [value, at];
  }
  return null;
}

function writeU32(value) {
  const out = [];
  do {
    let b = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) b |= 0x80;
    out.push(b);
  } while (value > 0);
  return Uint8Array.from(out);
}

/** Byte-level mutations that keep sizes around them right. */
const local = ['flipBits', 'insertBytes', 'deleteBytes', 'setInteresting'];

/** Mutates `bytes[start..end)` with a local mutation; returns the new middle. */
function mutateRange(bytes, start, end, random) {
  const middle = bytes.subarray(start, end);
  if (middle.length === 0) return mutations.insertBytes(middle, random);
  return mutations[random.pick(local)](middle, random);
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Mutations by name: each takes (bytes, random, other seed's bytes). */
export const mutations = {
  truncate(bytes, random) {
    return bytes.slice(0, random.below(bytes.length));
  },
  flipBits(bytes, random) {
    const out = bytes.slice();
    const n = 1 + random.below(4);
    for (let i = 0; i < n && out.length > 0; i++)
      out[random.below(out.length)] ^= 1 << random.below(8);
    return out;
  },
  insertBytes(bytes, random) {
    const at = random.below(bytes.length + 1);
    const inserted = Uint8Array.from({ length: 1 + random.below(4) }, () =>
      random.next() < 0.5 ? random.pick(interesting) : random.below(256),
    );
    return concat(bytes.subarray(0, at), inserted, bytes.subarray(at));
  },
  deleteBytes(bytes, random) {
    const at = random.below(bytes.length);
    return concat(
      bytes.subarray(0, at),
      bytes.subarray(at + 1 + random.below(8)),
    );
  },
  setInteresting(bytes, random) {
    const out = bytes.slice();
    if (out.length > 0)
      out[random.below(out.length)] = random.pick(interesting);
    return out;
  },
  hugeLeb(bytes, random) {
    // A count or size near 2^32 where a small one was.
    const at = random.below(bytes.length);
    const huge = random.pick([
      [0xff, 0xff, 0xff, 0xff, 0x0f],
      [0x80, 0x80, 0x80, 0x80, 0x08],
      [0xff, 0xff, 0xff, 0xff, 0x7f],
      [0x80, 0x80, 0x80, 0x80, 0x80, 0x00],
    ]);
    return concat(
      bytes.subarray(0, at),
      Uint8Array.from(huge),
      bytes.subarray(at + 1),
    );
  },
  withinSection(bytes, random) {
    // Mutate one section's contents and fix its size.
    const ranges = sectionRanges(bytes);
    if (ranges.length === 0) return mutations.flipBits(bytes, random);
    const { start, end } = random.pick(ranges);
    const [, payloadStart] = readU32(bytes, start + 1);
    const payload = mutateRange(bytes, payloadStart, end, random);
    return concat(
      bytes.subarray(0, start + 1),
      writeU32(payload.length),
      payload,
      bytes.subarray(end),
    );
  },
  withinFunctionBody(bytes, random) {
    // Mutate one function body and fix its size and the code section's.
    const code = sectionRanges(bytes).find((r) => bytes[r.start] === 10);
    if (code === undefined) return mutations.withinSection(bytes, random);
    let [, at] = readU32(bytes, code.start + 1);
    const payloadStart = at;
    const count = readU32(bytes, at);
    if (count === null || count[0] === 0)
      return mutations.withinSection(bytes, random);
    at = count[1];
    const target = random.below(Math.min(count[0], 10_000));
    for (let i = 0; i < target; i++) {
      const size = readU32(bytes, at);
      if (size === null) return mutations.withinSection(bytes, random);
      at = size[1] + size[0];
    }
    const size = readU32(bytes, at);
    if (size === null || size[1] + size[0] > code.end)
      return mutations.withinSection(bytes, random);
    const body = mutateRange(bytes, size[1], size[1] + size[0], random);
    const payload = concat(
      bytes.subarray(payloadStart, at),
      writeU32(body.length),
      body,
      bytes.subarray(size[1] + size[0], code.end),
    );
    return concat(
      bytes.subarray(0, code.start + 1),
      writeU32(payload.length),
      payload,
      bytes.subarray(code.end),
    );
  },
  spliceSections(bytes, random, other) {
    const ranges = sectionRanges(bytes);
    if (ranges.length === 0) return mutations.flipBits(bytes, random);
    const header = bytes.subarray(0, 8);
    const parts = ranges.map((r) => bytes.subarray(r.start, r.end));
    const tail = bytes.subarray(ranges.at(-1).end);
    switch (random.below(4)) {
      case 0:
        parts.splice(random.below(parts.length), 1);
        break;
      case 1: {
        const i = random.below(parts.length);
        parts.splice(i, 0, parts[i]);
        break;
      }
      case 2: {
        const i = random.below(parts.length);
        const j = random.below(parts.length);
        [parts[i], parts[j]] = [parts[j], parts[i]];
        break;
      }
      default: {
        const theirs = sectionRanges(other);
        if (theirs.length === 0) break;
        const r = random.pick(theirs);
        const borrowed = other.subarray(r.start, r.end);
        const i = random.below(parts.length + 1);
        if (random.next() < 0.5 && i < parts.length) parts[i] = borrowed;
        else parts.splice(i, 0, borrowed);
      }
    }
    return concat(header, ...parts, tail);
  },
};

const names = Object.keys(mutations);

/**
 * One variant of `seed`: one to three mutations chosen by `random`.
 * @returns {{ bytes: Uint8Array, applied: string[] }}
 */
export function mutate(seed, random, other) {
  let bytes = seed;
  const applied = [];
  const n = 1 + (random.next() < 0.7 ? 0 : random.below(3));
  for (let i = 0; i < n; i++) {
    const name = random.pick(names);
    applied.push(name);
    bytes = mutations[name](bytes, random, other);
  }
  return { bytes, applied };
}
