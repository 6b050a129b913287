// Finds the binary modules of a WAST script: every
// `(module definition? $id? binary "..."*)`, wherever it appears (top level
// or inside an assertion). Only as much of the text format as that needs:
// parentheses, atoms, strings with their escapes, and comments.
// https://github.com/WebAssembly/spec/tree/main/interpreter#scripts

/** A binary module found in a script. */
export interface WastBinary {
  /** 1-based line of its `(module`. */
  readonly line: number;
  /** The head of the form it sits in (`assert_malformed`, ...), or `null` at top level. */
  readonly context: string | null;
  readonly bytes: Uint8Array;
}

type Token = (
  | { readonly kind: '(' | ')' }
  | { readonly kind: 'atom'; readonly text: string }
  | { readonly kind: 'string'; readonly bytes: Uint8Array }
) & {
  readonly line: number;
  /** Offset of the token's first character in the source. */
  readonly start: number;
};

const utf8 = new TextEncoder();

function isHex(c: string): boolean {
  return /^[0-9a-fA-F]$/.test(c);
}

/**
 * Decodes the body of a string literal (between its quotes) to bytes:
 * `\hh`, `\n`, `\t`, `\r`, `\\`, `\'`, `\"`, `\u{h+}`, and characters as
 * UTF-8.
 */
export function decodeWastString(body: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < body.length;) {
    const c = body[i]!;
    if (c !== '\\') {
      const code = body.codePointAt(i)!;
      const char = String.fromCodePoint(code);
      out.push(...utf8.encode(char));
      i += char.length;
      continue;
    }
    const next = body[i + 1];
    if (next !== undefined && isHex(next) && isHex(body[i + 2] ?? '')) {
      out.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 3;
      continue;
    }
    switch (next) {
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
      case "'":
      case '"':
        out.push(next.charCodeAt(0));
        break;
      case 'u': {
        const close = body.indexOf('}', i);
        if (body[i + 2] !== '{' || close < 0)
          throw new Error(`bad escape at ${i}`);
        const code = parseInt(body.slice(i + 3, close).replaceAll('_', ''), 16);
        out.push(...utf8.encode(String.fromCodePoint(code)));
        i = close + 1;
        continue;
      }
      case undefined:
      default:
        throw new Error(`bad escape \\${String(next)} at ${i}`);
    }
    i += 2;
  }
  return Uint8Array.from(out);
}

function* tokens(source: string): Generator<Token> {
  let line = 1;
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === ';' && source[i + 1] === ';') {
      while (i < n && source[i] !== '\n') i++;
    } else if (c === '(' && source[i + 1] === ';') {
      // Block comments nest.
      let depth = 0;
      do {
        if (source.startsWith('(;', i)) {
          depth++;
          i += 2;
        } else if (source.startsWith(';)', i)) {
          depth--;
          i += 2;
        } else {
          if (source[i] === '\n') line++;
          i++;
        }
      } while (depth > 0 && i < n);
    } else if (c === '(' || c === ')') {
      yield { kind: c, line, start: i };
      i++;
    } else if (c === '"') {
      const start = ++i;
      while (i < n && source[i] !== '"') i += source[i] === '\\' ? 2 : 1;
      const body = source.slice(start, i);
      i++;
      yield {
        kind: 'string',
        bytes: decodeWastString(body),
        line,
        start: start - 1,
      };
      for (const ch of body) if (ch === '\n') line++;
    } else {
      const start = i;
      while (i < n && !/[\s()";]/.test(source[i]!)) i++;
      // A quoted identifier: `$"..."`.
      if (source[i] === '"' && i > start && source[i - 1] === '$') {
        i++;
        while (i < n && source[i] !== '"') i += source[i] === '\\' ? 2 : 1;
        i++;
      }
      if (i === start) i++; // a lone ';' or '"' fragment
      yield { kind: 'atom', text: source.slice(start, i), line, start };
    }
  }
}

/** Every `(module ... binary ...)` in a WAST script, in source order. */
export function wastBinaries(source: string): WastBinary[] {
  const found: WastBinary[] = [];
  const heads: (string | null)[] = [];
  const list = [...tokens(source)];
  for (let i = 0; i < list.length; i++) {
    const token = list[i]!;
    if (token.kind === ')') {
      heads.pop();
      continue;
    }
    if (token.kind !== '(') continue;
    const head = list[i + 1];
    const headText = head?.kind === 'atom' ? head.text : null;
    if (headText === 'module') {
      let j = i + 2;
      const at = (k: number): Token | undefined => list[k];
      const atomAt = (k: number): string | null => {
        const t = at(k);
        return t?.kind === 'atom' ? t.text : null;
      };
      if (atomAt(j) === 'definition') j++;
      if (atomAt(j)?.startsWith('$') === true) j++;
      if (atomAt(j) === 'binary') {
        const parts: Uint8Array[] = [];
        j++;
        for (let t = at(j); t?.kind === 'string'; t = at(++j))
          parts.push(t.bytes);
        const length = parts.reduce((sum, part) => sum + part.length, 0);
        const bytes = new Uint8Array(length);
        let offset = 0;
        for (const part of parts) {
          bytes.set(part, offset);
          offset += part.length;
        }
        found.push({ line: token.line, context: heads.at(-1) ?? null, bytes });
      }
    }
    heads.push(headText);
  }
  return found;
}

/** A module in text form found in a script. */
export interface WastTextModule {
  /** 1-based line of its `(module`. */
  readonly line: number;
  /** Its source, from `(module` to the matching `)`. */
  readonly text: string;
}

/**
 * Every top-level `(module ...)` in text form (not `binary`, `quote`,
 * `definition` or `instance`).
 */
export function wastTextModules(source: string): WastTextModule[] {
  const found: WastTextModule[] = [];
  const list = [...tokens(source)];
  let depth = 0;
  for (let i = 0; i < list.length; i++) {
    const token = list[i]!;
    if (token.kind === ')') depth--;
    if (token.kind !== '(') continue;
    depth++;
    const head = list[i + 1];
    if (depth !== 1 || head?.kind !== 'atom' || head.text !== 'module')
      continue;
    let j = i + 2;
    const next = list[j];
    if (next?.kind === 'atom' && next.text.startsWith('$')) j++;
    const kind = list[j];
    if (
      kind?.kind === 'atom' &&
      ['binary', 'quote', 'definition', 'instance'].includes(kind.text)
    )
      continue;
    // Find the matching parenthesis.
    let inner = 0;
    let k = i;
    for (; k < list.length; k++) {
      const t = list[k]!;
      if (t.kind === '(') inner++;
      else if (t.kind === ')' && --inner === 0) break;
    }
    const end = list[k];
    if (end === undefined) break;
    found.push({
      line: token.line,
      text: source.slice(token.start, end.start + 1),
    });
    i = k;
    depth--;
  }
  return found;
}
