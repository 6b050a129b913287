// The lexer: one pass over the source's UTF-16 code units into a token
// stream held in typed arrays (kind, start, end), so that a large module
// costs no object per token. Keywords and plain identifiers are interned:
// each distinct word is sliced from the source once and shared.
// https://webassembly.github.io/spec/core/text/lexical.html
//
// The token grammar is also written as a chevrotain lexer in
// `reference-lexer.test.util.ts`; a test checks both give the same tokens.

import { ParseError, spanAt } from './parse-error.js';

/** Token kinds as small integers, for fast switches in the parser. */
export const TokenKind = {
  lparen: 0,
  rparen: 1,
  string: 2,
  id: 3,
  keyword: 4,
  atom: 5,
  annotation: 6,
} as const;

/** One token: its kind, text and start offset (0-based). */
export interface Token {
  readonly kind: number;
  readonly image: string;
  readonly offset: number;
}

// Character classes of the ASCII range.
const idChar = 1; // [0-9A-Za-z!#$%&'*+\-./:<=>?@\\^_`|~]
const atomOnly = 2; // [,[\]{}]: in atoms (reserved words), not in keywords
const space = 4; // [ \t\n\r]
const charClass = new Uint8Array(128);
for (const c of "0123456789!#$%&'*+-./:<=>?@\\^_`|~") {
  charClass[c.charCodeAt(0)] = idChar;
}
for (let c = 0x41; c <= 0x5a; c++) charClass[c] = idChar;
for (let c = 0x61; c <= 0x7a; c++) charClass[c] = idChar;
for (const c of ',[]{}') charClass[c.charCodeAt(0)] = atomOnly;
for (const c of ' \t\n\r') charClass[c.charCodeAt(0)] = space;

const LPAREN = 0x28;
const RPAREN = 0x29;
const SEMI = 0x3b;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const DOLLAR = 0x24;
const AT = 0x40;
const NEWLINE = 0x0a;
const RETURN = 0x0d;

/**
 * Words (keywords and plain `$ids`) seen so far in any source, by hash:
 * open addressing over `slots`, which hold a word's index + 1. Bounded:
 * past `maxWords` new words are sliced from the source at each use.
 */
const maxWords = 1 << 14;
const slotMask = (maxWords << 1) - 1;
const slots = new Int32Array(slotMask + 1);
const wordHashes = new Int32Array(maxWords);
const wordStarts = new Int32Array(maxWords);
const wordList: string[] = [];
/** The words' characters, one after another (compared without calls). */
let wordChars = new Uint16Array(1 << 16);
let wordCharsLength = 0;
const maxWordChars = 1 << 22;
/** For ids among the words: the name, without its `$`. */
const idNames: (string | undefined)[] = [];

/** The interned index of the word `source[start, end)` with `hash`, or -1. */
function internWord(
  source: string,
  start: number,
  end: number,
  hash: number,
): number {
  const length = end - start;
  let slot = hash & slotMask;
  for (;;) {
    const entry = slots[slot]!;
    if (entry === 0) break;
    const index = entry - 1;
    if (wordHashes[index] === hash && wordList[index]!.length === length) {
      const from = wordStarts[index]! - start;
      let k = start;
      while (k < end && wordChars[from + k] === source.charCodeAt(k)) k++;
      if (k === end) return index;
    }
    slot = (slot + 1) & slotMask;
  }
  const index = wordList.length;
  if (index >= maxWords || wordCharsLength + length > maxWordChars) return -1;
  if (wordCharsLength + length > wordChars.length) {
    const larger = new Uint16Array(
      Math.max(wordChars.length * 2, wordCharsLength + length),
    );
    larger.set(wordChars);
    wordChars = larger;
  }
  for (let k = 0; k < length; k++)
    wordChars[wordCharsLength + k] = source.charCodeAt(start + k);
  wordStarts[index] = wordCharsLength;
  wordCharsLength += length;
  wordList.push(source.slice(start, end));
  wordHashes[index] = hash;
  slots[slot] = index + 1;
  return index;
}

/**
 * The tokens of one source in one Int32Array, four entries a token: kind,
 * start offset, end offset, and the interned word index of keywords and
 * plain ids (-1 for other tokens).
 */
export class TokenStream {
  readonly source: string;
  /** The number of tokens. */
  length = 0;
  data: Int32Array<ArrayBuffer>;

  constructor(source: string, data: Int32Array<ArrayBuffer>, length: number) {
    this.source = source;
    this.data = data;
    this.length = length;
  }

  /** Appends a token (growing the array when full). */
  push(kind: number, start: number, end: number, word: number): void {
    const at = this.length << 2;
    if (at === this.data.length) this.data = grow(this.data);
    const data = this.data;
    data[at] = kind;
    data[at + 1] = start;
    data[at + 2] = end;
    data[at + 3] = word;
    this.length++;
  }

  /**
   * Ends the stream's use: its array may serve the next `tokenize` (fresh
   * memory costs a page fault per 4 KiB on first write).
   */
  release(): void {
    const data = this.data;
    this.data = new Int32Array(0);
    this.length = 0;
    if (
      data.length <= maxSpareLength &&
      (spare === null || spare.length < data.length)
    ) {
      spare = data;
    }
  }

  /** The end offset of token `i` (which must exist). */
  end(i: number): number {
    return this.data[(i << 2) + 2]!;
  }

  /** The interned word index of token `i` (which must exist), or -1. */
  word(i: number): number {
    return this.data[(i << 2) + 3]!;
  }

  /** The kind of token `i`, or -1 past the end. */
  kind(i: number): number {
    return i < this.length ? this.data[i << 2]! : -1;
  }

  /** The start offset of token `i`, or the source length past the end. */
  offset(i: number): number {
    return i < this.length ? this.data[(i << 2) + 1]! : this.source.length;
  }

  /** The text of token `i` (`''` past the end). */
  image(i: number): string {
    if (i >= this.length) return '';
    const at = i << 2;
    const word = this.data[at + 3]!;
    if (word >= 0) return wordList[word]!;
    return this.source.slice(this.data[at + 1], this.data[at + 2]);
  }

  /** The name of plain id token `i` (`$x` -> `x`). */
  plainIdName(i: number): string {
    const at = i << 2;
    const word = this.data[at + 3]!;
    if (word < 0)
      return this.source.slice(this.data[at + 1]! + 1, this.data[at + 2]);
    return (idNames[word] ??= wordList[word]!.slice(1));
  }

  /** The first code unit of token `i`, or -1 past the end. */
  firstChar(i: number): number {
    return i < this.length
      ? this.source.charCodeAt(this.data[(i << 2) + 1]!)
      : -1;
  }

  /**
   * The value of token `i` if it is a plain decimal number of at most 9
   * digits (the common case, read without slicing), else -1.
   */
  smallNat(i: number, skip = 0): number {
    const start = this.data[(i << 2) + 1]! + skip;
    const end = this.data[(i << 2) + 2]!;
    if (end - start > 9) return -1;
    const source = this.source;
    let value = 0;
    for (let j = start; j < end; j++) {
      const d = source.charCodeAt(j) - 0x30;
      if (d < 0 || d > 9) return -1;
      value = value * 10 + d;
    }
    return end > start ? value : -1;
  }

  /**
   * The value of token `i` if it is a plain decimal integer, maybe negative,
   * of at most 9 digits, else NaN.
   */
  smallInt(i: number): number {
    if (this.source.charCodeAt(this.data[(i << 2) + 1]!) !== 0x2d) {
      const value = this.smallNat(i);
      return value >= 0 ? value : NaN;
    }
    const value = this.smallNat(i, 1);
    return value >= 0 ? -value | 0 : NaN;
  }

  /** True if token `i` is exactly the text `text`. */
  is(i: number, text: string): boolean {
    if (i >= this.length) return false;
    const at = i << 2;
    const word = this.data[at + 3]!;
    if (word >= 0) return wordList[word] === text;
    const start = this.data[at + 1]!;
    return (
      this.data[at + 2]! - start === text.length &&
      this.source.startsWith(text, start)
    );
  }

  /** True if token `i`'s text starts with `prefix`. */
  startsWith(i: number, prefix: string): boolean {
    return (
      i < this.length && this.source.startsWith(prefix, this.data[(i << 2) + 1])
    );
  }

  /** Token `i` as an object, or `undefined` past the end. */
  token(i: number): Token | undefined {
    if (i >= this.length) return undefined;
    return {
      kind: this.kind(i),
      image: this.image(i),
      offset: this.offset(i),
    };
  }

  /** Tokens `[from, to)` as objects. */
  slice(from: number, to: number): Token[] {
    const out: Token[] = [];
    for (let i = from; i < to; i++) out.push(this.token(i)!);
    return out;
  }

  /** Appends a token object taken from this stream's source. */
  pushToken(t: Token): void {
    this.push(t.kind, t.offset, t.offset + t.image.length, -1);
  }

  /** Keeps only the tokens `keep` says to, in order. */
  filter(keep: (i: number) => boolean): void {
    const data = this.data;
    let n = 0;
    for (let i = 0; i < this.length; i++) {
      if (!keep(i)) continue;
      data.copyWithin(n << 2, i << 2, (i << 2) + 4);
      n++;
    }
    this.length = n;
  }
}

/** A released token array, kept for the next source (up to 64 MiB). */
let spare: Int32Array<ArrayBuffer> | null = null;
const maxSpareLength = 1 << 24;

/** A copy of `data` with twice the room. */
function grow(data: Int32Array): Int32Array<ArrayBuffer> {
  const larger = new Int32Array(data.length * 2 + 64);
  larger.set(data);
  return larger;
}

// Text decoded from malformed UTF-8 carries lone surrogates (see `decodeUtf8Lossless`).
const loneSurrogate = /[\ud800-\udfff]/u;

function illegalMessage(code: number): string {
  if (code >= 0xd800 && code <= 0xdfff) return 'malformed UTF-8 encoding';
  return 'illegal character';
}

/**
 * The end of a quoted string starting at `start` (its `"`) whose body may
 * span lines (ids and annotation names), or -1 if it is not closed.
 */
function quotedEnd(source: string, start: number): number {
  const n = source.length;
  for (let i = start + 1; i < n; i++) {
    const c = source.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) i++;
  }
  return -1;
}

/**
 * Splits `source` into tokens, dropping whitespace and comments.
 * @throws {ParseError} on characters outside any token, unclosed strings
 * and comments, and tokens not separated from each other.
 */
export function tokenize(source: string): TokenStream {
  const surrogate = loneSurrogate.exec(source);
  if (surrogate !== null) {
    throw new ParseError(
      'malformed UTF-8 encoding',
      spanAt(source, surrogate.index),
    );
  }
  const n = source.length;
  // About one token in 16 characters; `grow` makes room for more.
  const wanted = ((n >> 4) + 16) << 2;
  let data: Int32Array<ArrayBuffer>;
  if (spare !== null && spare.length >= wanted) {
    data = spare;
    spare = null;
  } else data = new Int32Array(wanted);
  let at = 0;
  const fail = (message: string, offset: number): never => {
    throw new ParseError(message, spanAt(source, offset));
  };
  let previousEnd = -1;
  let previousKind = -1;
  let annotationDepth = 0;
  // Where two tokens first touch; reported once the whole source lexes.
  let touching = -1;
  let i = 0;
  while (i < n) {
    const c = source.charCodeAt(i);
    const cls = c < 128 ? charClass[c]! : 0;
    if (cls === space) {
      // Indentation is most of a printed module.
      i++;
      while (i < n) {
        const d = source.charCodeAt(i);
        if (d === 0x20 || (d < 128 && charClass[d] === space)) i++;
        else break;
      }
      continue;
    }
    let kind: number;
    const start = i;
    let word = -1;
    if (c === LPAREN) {
      const next = source.charCodeAt(i + 1);
      if (next === SEMI) {
        i = blockCommentEnd(source, i);
        continue;
      }
      if (next === AT) {
        let j = i + 2;
        if (source.charCodeAt(j) === QUOTE) {
          const end = quotedEnd(source, j);
          if (end !== -1) j = end;
        } else {
          while (j < n) {
            const d = source.charCodeAt(j);
            if (d >= 128 || charClass[d] !== idChar) break;
            j++;
          }
        }
        kind = TokenKind.annotation;
        i = j;
      } else {
        kind = TokenKind.lparen;
        i++;
      }
    } else if (c === RPAREN) {
      kind = TokenKind.rparen;
      i++;
    } else if (c === SEMI && source.charCodeAt(i + 1) === SEMI) {
      i += 2;
      while (i < n) {
        const d = source.charCodeAt(i);
        if (d === NEWLINE || d === RETURN) break;
        i++;
      }
      continue;
    } else if (c === QUOTE) {
      let j = i + 1;
      for (;;) {
        if (j >= n) fail('unclosed string', i);
        const d = source.charCodeAt(j);
        if (d === QUOTE) break;
        if (d === NEWLINE) fail('unclosed string', i);
        if (d === BACKSLASH) {
          if (j + 1 >= n || source.charCodeAt(j + 1) === NEWLINE)
            fail('unclosed string', i);
          j += 2;
        } else j++;
      }
      kind = TokenKind.string;
      i = j + 1;
    } else if (c === DOLLAR) {
      let j = i + 1;
      if (source.charCodeAt(j) === QUOTE) {
        const end = quotedEnd(source, j);
        if (end !== -1) j = end;
      } else {
        j = wordEnd(source, j, c);
        if (j > i + 1) word = internWord(source, i, j, scannedHash);
      }
      kind = TokenKind.id;
      i = j;
    } else if (c >= 0x61 && c <= 0x7a) {
      const j = wordEnd(source, i + 1, c);
      word = internWord(source, i, j, scannedHash);
      kind = TokenKind.keyword;
      i = j;
    } else if (cls !== 0 || c === SEMI) {
      let j = i + 1;
      while (j < n) {
        const d = source.charCodeAt(j);
        if (d < 128 && charClass[d] !== 0 && charClass[d] !== space) j++;
        else if (d === SEMI && source.charCodeAt(j + 1) !== SEMI) j++;
        else break;
      }
      kind = TokenKind.atom;
      i = j;
    } else {
      return fail(illegalMessage(c), i);
    }
    if (kind === TokenKind.annotation) annotationDepth++;
    else if (annotationDepth > 0) {
      if (kind === TokenKind.lparen) annotationDepth++;
      else if (kind === TokenKind.rparen) annotationDepth--;
    }
    // Atoms, strings and ids must be separated by white space or parens
    // (inside annotations anything goes).
    if (
      touching === -1 &&
      annotationDepth === 0 &&
      start === previousEnd &&
      kind >= TokenKind.string &&
      kind <= TokenKind.atom &&
      previousKind >= TokenKind.string &&
      previousKind <= TokenKind.atom
    ) {
      touching = start;
    }
    previousEnd = i;
    previousKind = kind;
    if (at === data.length) data = grow(data);
    data[at] = kind;
    data[at + 1] = start;
    data[at + 2] = i;
    data[at + 3] = word;
    at += 4;
  }
  if (touching !== -1) fail('unknown operator', touching);
  return new TokenStream(source, data, at >> 2);
}

/** The hash of the word `wordEnd` scanned last. */
let scannedHash = 0;

/**
 * The end of the identifier characters from `j`, their hash (continuing
 * from `hash`, the word's first character) left in `scannedHash`.
 */
function wordEnd(source: string, j: number, hash: number): number {
  const n = source.length;
  while (j < n) {
    const d = source.charCodeAt(j);
    if (d >= 128 || charClass[d] !== idChar) break;
    hash = (Math.imul(hash, 31) + d) | 0;
    j++;
  }
  scannedHash = hash;
  return j;
}

/** The end of the block comment `(; ... ;)` (nested ones counted) at `start`. */
function blockCommentEnd(source: string, start: number): number {
  let depth = 1;
  let i = start + 2;
  const n = source.length;
  while (i < n) {
    const c = source.charCodeAt(i);
    if (c === LPAREN && source.charCodeAt(i + 1) === SEMI) {
      depth++;
      i += 2;
    } else if (c === SEMI && source.charCodeAt(i + 1) === RPAREN) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  throw new ParseError('unclosed comment', spanAt(source, start));
}
