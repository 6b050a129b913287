// Explains why a re-encoded binary differs from its input: walks both
// section by section (and function by function in the code section) and
// accepts only differences that come from a non-canonical input: a LEB128
// longer than needed, an empty section, a long form where the binary
// format has a short one. Anything else is reported as unexplained.

/** A reason a canonical encoder's output differs from its input. */
export type DiffClass =
  | 'non-minimal LEB128'
  | 'empty section'
  | 'long form of a nullable abstract reference type'
  | 'long form of a final sub type without supertypes'
  | 'memarg naming memory 0 explicitly';

export interface DiffExplanation {
  readonly classes: ReadonlySet<DiffClass>;
  /** The first difference none of the classes explains, or `null`. */
  readonly unexplained: string | null;
}

interface Leb {
  readonly unsigned: bigint;
  readonly signed: bigint;
  readonly length: number;
}

function readLeb(bytes: Uint8Array, at: number): Leb | null {
  let unsigned = 0n;
  let shift = 0n;
  for (let i = at; i < bytes.length && i - at < 10; i++) {
    const b = bytes[i]!;
    unsigned |= BigInt(b & 0x7f) << shift;
    shift += 7n;
    if ((b & 0x80) === 0) {
      const signed = (b & 0x40) !== 0 ? unsigned - (1n << shift) : unsigned;
      return { unsigned, signed, length: i - at + 1 };
    }
  }
  return null;
}

function isMinimal(leb: Leb): boolean {
  return (
    leb.length === 1 || leb.unsigned >> BigInt(7 * (leb.length - 1)) !== 0n
  );
}

/** Abstract heap type bytes (0x69-0x74). */
function isAbsHeapTypeByte(b: number | undefined): boolean {
  return b !== undefined && b >= 0x69 && b <= 0x74;
}

class Explainer {
  readonly classes = new Set<DiffClass>();
  unexplained: string | null = null;

  private fail(message: string): void {
    this.unexplained ??= message;
  }

  /** Compares two byte ranges that should hold the same content. */
  walk(a: Uint8Array, b: Uint8Array, where: string): void {
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) {
        i++;
        j++;
        continue;
      }
      const step = this.explainAt(a, i, b, j);
      if (step === null) {
        this.fail(
          `${where}: byte ${i} of the input (${hex(a, i)}) vs ${j} of the output (${hex(b, j)})`,
        );
        return;
      }
      [i, j] = step;
    }
    if (i !== a.length || j !== b.length) {
      this.fail(`${where}: lengths differ after ${i} / ${j} bytes`);
    }
  }

  private explainAt(
    a: Uint8Array,
    i: number,
    b: Uint8Array,
    j: number,
  ): [number, number] | null {
    // A longer LEB128 whose earlier bytes matched: back up to its start.
    for (let k = 0; k <= Math.min(i, j, 9); k++) {
      if (k > 0 && (a[i - k]! & 0x80) === 0) break;
      const la = readLeb(a, i - k);
      const lb = readLeb(b, j - k);
      if (
        la === null ||
        lb === null ||
        la.length <= lb.length ||
        !isMinimal(lb)
      )
        continue;
      if (la.unsigned === lb.unsigned || la.signed === lb.signed) {
        this.classes.add('non-minimal LEB128');
        return [i - k + la.length, j - k + lb.length];
      }
    }
    if (a[i] === 0x63 && isAbsHeapTypeByte(a[i + 1]) && b[j] === a[i + 1]) {
      this.classes.add('long form of a nullable abstract reference type');
      return [i + 2, j + 1];
    }
    // memarg flags with bit 6 (a memory index follows) and memory index 0.
    if (
      (a[i]! & 0xc0) === 0x40 &&
      a[i + 1] === 0x00 &&
      b[j] === (a[i]! & 0x3f)
    ) {
      this.classes.add('memarg naming memory 0 explicitly');
      return [i + 2, j + 1];
    }
    if (a[i] === 0x4f && a[i + 1] === 0x00 && b[j] === a[i + 2]) {
      this.classes.add('long form of a final sub type without supertypes');
      return [i + 2, j];
    }
    return null;
  }

  /** Compares the code sections entry by entry (their sizes may differ). */
  walkCode(a: Uint8Array, b: Uint8Array): void {
    const ca = readLeb(a, 0);
    const cb = readLeb(b, 0);
    if (ca === null || cb === null || ca.unsigned !== cb.unsigned) {
      this.fail('code section: function counts differ');
      return;
    }
    if (!isMinimal(ca)) this.classes.add('non-minimal LEB128');
    let i = ca.length;
    let j = cb.length;
    for (let n = 0; n < Number(ca.unsigned); n++) {
      const sa = readLeb(a, i);
      const sb = readLeb(b, j);
      if (sa === null || sb === null) {
        this.fail(`code section: function ${n} truncated`);
        return;
      }
      if (!isMinimal(sa)) this.classes.add('non-minimal LEB128');
      i += sa.length;
      j += sb.length;
      this.walk(
        a.subarray(i, i + Number(sa.unsigned)),
        b.subarray(j, j + Number(sb.unsigned)),
        `function ${n}`,
      );
      i += Number(sa.unsigned);
      j += Number(sb.unsigned);
    }
    if (i !== a.length || j !== b.length)
      this.fail('code section: trailing bytes');
  }
}

function hex(bytes: Uint8Array, at: number): string {
  return [...bytes.subarray(at, at + 6)]
    .map((x) => x.toString(16).padStart(2, '0'))
    .join(' ');
}

interface Section {
  readonly id: number;
  readonly sizeIsMinimal: boolean;
  readonly payload: Uint8Array;
}

function sections(bytes: Uint8Array): Section[] | null {
  const list: Section[] = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at]!;
    const size = readLeb(bytes, at + 1);
    if (size === null) return null;
    const start = at + 1 + size.length;
    const end = start + Number(size.unsigned);
    if (end > bytes.length) return null;
    list.push({
      id,
      sizeIsMinimal: isMinimal(size),
      payload: bytes.subarray(start, end),
    });
    at = end;
  }
  return list;
}

/** True when a payload is an empty vector (a count of 0, however long). */
function isEmptyVector(payload: Uint8Array): boolean {
  const count = readLeb(payload, 0);
  return (
    count !== null && count.unsigned === 0n && count.length === payload.length
  );
}

/**
 * Explains the differences between a binary and its re-encoding. Both must
 * be well-formed modules.
 */
export function explainDifferences(
  input: Uint8Array,
  output: Uint8Array,
): DiffExplanation {
  const explainer = new Explainer();
  const a = sections(input);
  const b = sections(output);
  if (a === null || b === null)
    return { classes: explainer.classes, unexplained: 'malformed sections' };
  let j = 0;
  for (const section of a) {
    const other = b[j];
    if (other?.id !== section.id) {
      if (section.id !== 0 && isEmptyVector(section.payload)) {
        explainer.classes.add('empty section');
        if (!isMinimal(readLeb(section.payload, 0)!))
          explainer.classes.add('non-minimal LEB128');
        continue;
      }
      explainer.walk(
        new Uint8Array([section.id]),
        new Uint8Array([other?.id ?? -1]),
        'section ids',
      );
      break;
    }
    j++;
    if (!section.sizeIsMinimal) explainer.classes.add('non-minimal LEB128');
    if (section.id === 10) explainer.walkCode(section.payload, other.payload);
    else
      explainer.walk(section.payload, other.payload, `section ${section.id}`);
  }
  if (j < b.length && explainer.unexplained === null) {
    explainer.walk(
      new Uint8Array(),
      new Uint8Array([b[j]!.id]),
      'extra output section',
    );
  }
  return { classes: explainer.classes, unexplained: explainer.unexplained };
}
