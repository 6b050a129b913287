// Structural comparison of two decoded modules that ignores where things
// were in their binaries: `Func.offset`, the `offset` of a body kept as
// bytes, and `Instr.offset`.

function isOffsetOnly(container: object, key: string): boolean {
  if (key !== 'offset') return false;
  if ('op' in container && 'args' in container) return true; // Instr
  if ('typeIndex' in container && 'locals' in container) return true; // Func
  return 'kind' in container && container.kind === 'bytes'; // FuncBody
}

/**
 * The path to the first difference between `a` and `b`, or `null` when
 * they are equal but for byte offsets.
 */
export function firstDifference(
  a: unknown,
  b: unknown,
  path = '$',
): string | null {
  if (Object.is(a, b)) return null;
  if (
    typeof a !== typeof b ||
    a === null ||
    b === null ||
    typeof a !== 'object'
  ) {
    return `${path}: ${describe(a)} != ${describe(b)}`;
  }
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array))
      return `${path}: bytes vs other`;
    if (a.length !== b.length)
      return `${path}: ${a.length} bytes != ${b.length} bytes`;
    for (let i = 0; i < a.length; i++) {
      if (a[i] !== b[i]) return `${path}[${i}]: ${a[i]} != ${b[i]}`;
    }
    return null;
  }
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map && b instanceof Map)) return `${path}: map vs other`;
    if (a.size !== b.size) return `${path}: ${a.size} entries != ${b.size}`;
    for (const [key, value] of a) {
      if (!b.has(key)) return `${path}: key ${String(key)} missing`;
      const diff = firstDifference(
        value,
        b.get(key),
        `${path}.get(${String(key)})`,
      );
      if (diff !== null) return diff;
    }
    return null;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs other`;
  const objA = a as Record<string, unknown>;
  const objB = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(objA), ...Object.keys(objB)]);
  for (const key of keys) {
    if (isOffsetOnly(objA, key) || isOffsetOnly(objB, key)) continue;
    const va = objA[key];
    const vb = objB[key];
    // An absent property and one set to `undefined` are the same.
    if (va === undefined && vb === undefined) continue;
    const diff = firstDifference(
      va,
      vb,
      Array.isArray(a) ? `${path}[${key}]` : `${path}.${key}`,
    );
    if (diff !== null) return diff;
  }
  return null;
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null)
    return Array.isArray(value) ? 'array' : 'object';
  return String(value);
}
