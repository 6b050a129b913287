// Finds the binary modules of a .wast script: every `(module ... binary
// "..." ...)`, with the assertion that wraps it and its expected message.
// A small s-expression reader suffices: only strings, parentheses, atoms and
// comments matter here.

/** A binary module found in a script. */
export interface WastBinary {
  readonly bytes: Uint8Array;
  /** The wrapping command (`assert_malformed`, ...), or null at top level. */
  readonly assertion: string | null;
  /** The expected message of the wrapping assertion, if any. */
  readonly message: string | null;
  /** 1-based line of the `(module`. */
  readonly line: number;
}

interface Str {
  readonly str: string;
}
type Node = string | Str | List;
interface List {
  readonly items: Node[];
  readonly line: number;
}

function parse(src: string): List {
  const root: List = { items: [], line: 0 };
  const stack: List[] = [root];
  let line = 1;
  let i = 0;
  const n = src.length;
  const top = (): List => stack[stack.length - 1]!;
  while (i < n) {
    const c = src[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === ';' && src[i + 1] === ';') {
      while (i < n && src[i] !== '\n') i++;
    } else if (c === '(' && src[i + 1] === ';') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (src[i] === '\n') line++;
        if (src[i] === '(' && src[i + 1] === ';') {
          depth++;
          i += 2;
        } else if (src[i] === ';' && src[i + 1] === ')') {
          depth--;
          i += 2;
        } else i++;
      }
    } else if (c === '(') {
      const list: List = { items: [], line };
      top().items.push(list);
      stack.push(list);
      i++;
    } else if (c === ')') {
      if (stack.length > 1) stack.pop();
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < n && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      top().items.push({ str: src.slice(i + 1, j) });
      i = j + 1;
    } else {
      let j = i;
      while (j < n && !' \t\r\n()"'.includes(src[j]!)) {
        if (src[j] === ';' && src[j + 1] === ';') break;
        j++;
      }
      if (j === i) j++;
      top().items.push(src.slice(i, j));
      i = j;
    }
  }
  return root;
}

const encoder = new TextEncoder();

/** Decodes the escapes of a WAST string literal to its bytes. */
export function unescapeWastString(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') {
      const cp = s.codePointAt(i)!;
      if (cp > 0xffff) i++;
      out.push(...encoder.encode(String.fromCodePoint(cp)));
      continue;
    }
    const d = s[++i] ?? '';
    switch (d) {
      case 'n':
        out.push(0x0a);
        break;
      case 't':
        out.push(0x09);
        break;
      case 'r':
        out.push(0x0d);
        break;
      case '\\':
        out.push(0x5c);
        break;
      case "'":
        out.push(0x27);
        break;
      case '"':
        out.push(0x22);
        break;
      case 'u': {
        const close = s.indexOf('}', i);
        const cp = parseInt(s.slice(i + 2, close).replaceAll('_', ''), 16);
        out.push(...encoder.encode(String.fromCodePoint(cp)));
        i = close;
        break;
      }
      default:
        out.push(parseInt(s.slice(i, i + 2), 16));
        i++;
    }
  }
  return new Uint8Array(out);
}

const isStr = (node: Node | undefined): node is Str =>
  typeof node === 'object' && 'str' in node;

/** Every binary module of a script, in order. */
export function extractWastBinaries(src: string): WastBinary[] {
  const found: WastBinary[] = [];
  const walk = (list: List, parent: List | null): void => {
    const items = list.items;
    if (items[0] === 'module') {
      const at = items.indexOf('binary');
      // `(module $id? definition? binary "..."*)`
      if (
        at > 0 &&
        items.slice(1, at).every((item) => typeof item === 'string')
      ) {
        const parts: Uint8Array[] = [];
        for (let k = at + 1; k < items.length; k++) {
          const item = items[k];
          if (!isStr(item)) break;
          parts.push(unescapeWastString(item.str));
        }
        const bytes = new Uint8Array(
          parts.reduce((sum, p) => sum + p.length, 0),
        );
        let offset = 0;
        for (const part of parts) {
          bytes.set(part, offset);
          offset += part.length;
        }
        let assertion: string | null = null;
        let message: string | null = null;
        if (parent !== null && typeof parent.items[0] === 'string') {
          assertion = parent.items[0];
          const next = parent.items[parent.items.indexOf(list) + 1];
          if (isStr(next)) message = next.str;
        }
        found.push({ bytes, assertion, message, line: list.line });
      }
      return;
    }
    for (const item of items) {
      if (typeof item === 'object' && 'items' in item) walk(item, list);
    }
  };
  for (const item of parse(src).items) {
    if (typeof item === 'object' && 'items' in item) walk(item, null);
  }
  return found;
}
