// A cursor over the token array: the one place parse errors are raised.

import type { Span } from '@tswasm/ir';
import { type Token, TokenKind, type TokenStream, tokenize } from './lexer.js';
import { ParseError } from './parse-error.js';
import { decodeStringAt, decodeStringLiteral, decodeUtf8 } from './strings.js';

/** Maps offsets to lines and columns (the line starts found on first use). */
export class LineIndex {
  private readonly source: string;
  private starts: number[] | null = null;
  constructor(source: string) {
    this.source = source;
  }
  private lineStarts(): number[] {
    if (this.starts !== null) return this.starts;
    const source = this.source;
    const starts = [0];
    for (
      let i = source.indexOf('\n');
      i !== -1;
      i = source.indexOf('\n', i + 1)
    ) {
      starts.push(i + 1);
    }
    return (this.starts = starts);
  }
  /** The span of a 0-based offset. */
  spanAt(offset: number): Span {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1, offset };
  }
}

/** The annotation and custom section of the branch hinting proposal. */
export const branchHintName = 'metadata.code.branch_hint';

/** An annotation `(@custom ...)` or `(@name ...)` removed from the stream. */
export interface Annotation {
  readonly name: string;
  /** Index of the first token after the annotation in the filtered stream. */
  readonly position: number;
  /** The annotation's tokens, without its opening and closing paren. */
  readonly tokens: readonly Token[];
  readonly offset: number;
}

/** A position in the token stream with the helpers every parser needs. */
export class Cursor {
  readonly tokens: TokenStream;
  readonly source: string;
  readonly filename: string | null;
  readonly annotations: Annotation[] = [];
  /** `(@metadata.code.branch_hint ...)` annotations, by `position`. */
  readonly branchHints: Map<number, Annotation> = new Map();
  pos = 0;
  private lines: LineIndex | null = null;

  constructor(source: string, filename: string | null) {
    this.source = source;
    this.filename = filename;
    try {
      this.tokens = tokenize(source);
      this.stripAnnotations(this.tokens);
    } catch (error) {
      if (error instanceof ParseError) {
        throw new ParseError(
          error.message,
          this.spanAt(error.span.offset),
          filename,
        );
      }
      throw error;
    }
  }

  // Annotations may appear between any two tokens; they are dropped here,
  // and `@custom`/`@name`/branch hint ones kept aside for the module parser.
  private stripAnnotations(tokens: TokenStream): void {
    const length = tokens.length;
    let found = false;
    for (let i = 0; i < length; i++) {
      if (tokens.kind(i) === TokenKind.annotation) {
        found = true;
        break;
      }
    }
    if (!found) return;
    const keep = new Uint8Array(length);
    let kept = 0;
    for (let i = 0; i < length; i++) {
      if (tokens.kind(i) !== TokenKind.annotation) {
        keep[i] = 1;
        kept++;
        continue;
      }
      const offset = tokens.offset(i);
      const image = tokens.image(i);
      if (image === '(@') this.failAt('empty annotation id', offset);
      let depth = 1;
      let j = i + 1;
      for (; j < length; j++) {
        const k = tokens.kind(j);
        if (k === TokenKind.lparen || k === TokenKind.annotation) depth++;
        else if (k === TokenKind.rparen && --depth === 0) break;
      }
      if (j >= length) this.failAt('unclosed annotation', offset);
      let name = image.slice(2);
      if (name.startsWith('"')) {
        const bytes = decodeStringLiteral(name);
        if (bytes === 'malformed UTF-8 encoding') this.failAt(bytes, offset);
        if (typeof bytes === 'string')
          this.failAt('empty annotation id', offset);
        const text = decodeUtf8(bytes);
        if (text === null) this.failAt('malformed UTF-8 encoding', offset);
        if (text === '') this.failAt('empty annotation id', offset);
        name = text;
      }
      if (name === 'custom' || name === 'name') {
        this.annotations.push({
          name,
          position: kept,
          tokens: tokens.slice(i + 1, j),
          offset,
        });
      } else if (name === branchHintName) {
        if (this.branchHints.has(kept)) {
          this.failAt(
            `@${branchHintName} annotation: duplicate annotation`,
            offset,
          );
        }
        this.branchHints.set(kept, {
          name,
          position: kept,
          tokens: tokens.slice(i + 1, j),
          offset,
        });
      }
      i = j;
    }
    tokens.filter((i) => keep[i] === 1);
  }

  /** Gives the token stream's memory back for the next source; the cursor is done. */
  release(): void {
    this.tokens.release();
  }

  /** The span of a 0-based source offset. */
  spanAt(offset: number): Span {
    return this.lineIndex().spanAt(offset);
  }

  /** The source's line index, built on first use. */
  lineIndex(): LineIndex {
    return (this.lines ??= new LineIndex(this.source));
  }

  /**
   * Rethrows `error`, a stack overflow from nesting too deep for the
   * recursive descent becoming a ParseError at the innermost token reached.
   */
  rethrow(error: unknown): never {
    if (
      error instanceof RangeError &&
      /call stack|recursion/i.test(error.message)
    ) {
      throw new ParseError(
        'nesting too deep',
        this.spanAt(this.offset()),
        this.filename,
        {
          cause: error,
        },
      );
    }
    throw error;
  }

  /** Throws a ParseError at a source offset. */
  failAt(message: string, offset: number): never {
    throw new ParseError(message, this.spanAt(offset), this.filename);
  }

  /** Throws a ParseError at the current token (or the end of input). */
  fail(message: string, at: number = this.pos): never {
    if (at >= this.tokens.length)
      this.failAt('unexpected end of input', this.source.length);
    this.failAt(message, this.tokens.offset(at));
  }

  /** The current token's offset, or the source length at the end. */
  offset(at: number = this.pos): number {
    return this.tokens.offset(at);
  }

  /** The token `ahead` tokens on, as an object. */
  peek(ahead = 0): Token | undefined {
    return this.tokens.token(this.pos + ahead);
  }

  /** The kind of the token `ahead` tokens on, or -1 at the end. */
  kindAt(ahead = 0): number {
    return this.tokens.kind(this.pos + ahead);
  }

  /** The text of the token `ahead` tokens on (`''` at the end). */
  imageAt(ahead = 0): string {
    return this.tokens.image(this.pos + ahead);
  }

  /** True if the token `ahead` on is the keyword `word`. */
  keywordAt(word: string, ahead = 0): boolean {
    const i = this.pos + ahead;
    return this.tokens.kind(i) === TokenKind.keyword && this.tokens.is(i, word);
  }

  /** True if the token `ahead` on is a keyword starting with `prefix`. */
  keywordPrefixAt(prefix: string, ahead = 0): boolean {
    const i = this.pos + ahead;
    return (
      this.tokens.kind(i) === TokenKind.keyword &&
      this.tokens.startsWith(i, prefix)
    );
  }

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  /** True if the current token is `(` followed by keyword `word`. */
  atSexpr(word: string): boolean {
    const tokens = this.tokens;
    const i = this.pos;
    return (
      tokens.kind(i) === TokenKind.lparen &&
      tokens.kind(i + 1) === TokenKind.keyword &&
      tokens.is(i + 1, word)
    );
  }

  /** The keyword after `(` at the current token, or `null`. */
  sexprHead(): string | null {
    const tokens = this.tokens;
    const i = this.pos;
    if (
      tokens.kind(i) !== TokenKind.lparen ||
      tokens.kind(i + 1) !== TokenKind.keyword
    )
      return null;
    return tokens.image(i + 1);
  }

  isKeyword(word: string): boolean {
    return this.keywordAt(word);
  }

  /** Consumes the keyword `word` if it is next. */
  eatKeyword(word: string): boolean {
    if (!this.keywordAt(word)) return false;
    this.pos++;
    return true;
  }

  expectLParen(): void {
    if (this.kindAt() !== TokenKind.lparen) this.fail('unexpected token');
    this.pos++;
  }

  expectRParen(): void {
    if (this.kindAt() !== TokenKind.rparen) this.fail('unexpected token');
    this.pos++;
  }

  expectKeyword(word: string): void {
    if (!this.eatKeyword(word)) this.fail('unexpected token');
  }

  /** Consumes `(word` if it is next. */
  eatSexpr(word: string): boolean {
    if (!this.atSexpr(word)) return false;
    this.pos += 2;
    return true;
  }

  /** Consumes an identifier if one is next and returns its name. */
  eatId(): string | null {
    if (this.kindAt() !== TokenKind.id) return null;
    const name = this.idName(this.pos);
    this.pos++;
    return name;
  }

  /**
   * The name of identifier token `at` (default: the current one): `$x` and
   * `$"x"` are the same name.
   */
  idName(at: number = this.pos): string {
    const tokens = this.tokens;
    const start = tokens.offset(at);
    const length = tokens.end(at) - start;
    if (length > 1 && this.source.charCodeAt(start + 1) !== 0x22)
      return tokens.plainIdName(at);
    if (length === 1) this.failAt('empty identifier', start);
    const bytes = decodeStringLiteral(tokens.image(at).slice(1));
    if (typeof bytes === 'string') {
      this.failAt(
        bytes === 'malformed UTF-8 encoding' ? bytes : 'empty identifier',
        start,
      );
    }
    if (bytes.length === 0) this.failAt('empty identifier', start);
    const text = decodeUtf8(bytes);
    if (text === null) this.failAt('malformed UTF-8 encoding', start);
    return text;
  }

  isString(): boolean {
    return this.kindAt() === TokenKind.string;
  }

  /** Consumes a string literal and returns its bytes. */
  expectBytes(): Uint8Array {
    if (this.kindAt() !== TokenKind.string) this.fail('unexpected token');
    const tokens = this.tokens;
    const bytes = decodeStringAt(
      this.source,
      tokens.offset(this.pos),
      tokens.end(this.pos),
    );
    if (typeof bytes === 'string') this.fail(bytes);
    this.pos++;
    return bytes;
  }

  /** Consumes a string literal that must be valid UTF-8 (a name). */
  expectName(): string {
    const at = this.pos;
    const bytes = this.expectBytes();
    const text = decodeUtf8(bytes);
    if (text === null) this.fail('malformed UTF-8 encoding', at);
    return text;
  }

  /** Skips to just after the `)` closing the current s-expression (depth 1). */
  skipToClose(): void {
    let depth = 1;
    const tokens = this.tokens;
    const length = tokens.length;
    while (this.pos < length) {
      const k = tokens.kind(this.pos++);
      if (k === TokenKind.lparen) depth++;
      else if (k === TokenKind.rparen && --depth === 0) return;
    }
    this.fail('unexpected end of input');
  }
}
