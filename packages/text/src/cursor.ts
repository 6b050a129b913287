// A cursor over the token array: the one place parse errors are raised.

import type { Span } from '@tswasm/ir';
import { type Token, TokenKind, tokenize } from './lexer.js';
import { ParseError } from './parse-error.js';
import { decodeStringLiteral, decodeUtf8 } from './strings.js';

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
  readonly tokens: Token[];
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
      this.tokens = this.stripAnnotations(tokenize(source));
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
  private stripAnnotations(tokens: Token[]): Token[] {
    let found = false;
    for (const t of tokens) {
      if (t.kind === TokenKind.annotation) {
        found = true;
        break;
      }
    }
    if (!found) return tokens;
    const out: Token[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.kind !== TokenKind.annotation) {
        out.push(t);
        continue;
      }
      if (t.image === '(@') this.failAt('empty annotation id', t.offset);
      let depth = 1;
      let j = i + 1;
      for (; j < tokens.length; j++) {
        const k = tokens[j]!.kind;
        if (k === TokenKind.lparen || k === TokenKind.annotation) depth++;
        else if (k === TokenKind.rparen && --depth === 0) break;
      }
      if (j >= tokens.length) this.failAt('unclosed annotation', t.offset);
      let name = t.image.slice(2);
      if (name.startsWith('"')) {
        const bytes = decodeStringLiteral(name);
        if (bytes === 'malformed UTF-8 encoding') this.failAt(bytes, t.offset);
        if (typeof bytes === 'string')
          this.failAt('empty annotation id', t.offset);
        const text = decodeUtf8(bytes);
        if (text === null) this.failAt('malformed UTF-8 encoding', t.offset);
        if (text === '') this.failAt('empty annotation id', t.offset);
        name = text;
      }
      if (name === 'custom' || name === 'name') {
        this.annotations.push({
          name,
          position: out.length,
          tokens: tokens.slice(i + 1, j),
          offset: t.offset,
        });
      } else if (name === branchHintName) {
        if (this.branchHints.has(out.length)) {
          this.failAt(
            `@${branchHintName} annotation: duplicate annotation`,
            t.offset,
          );
        }
        this.branchHints.set(out.length, {
          name,
          position: out.length,
          tokens: tokens.slice(i + 1, j),
          offset: t.offset,
        });
      }
      i = j;
    }
    return out;
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
    const t = this.tokens[at];
    if (t === undefined)
      this.failAt('unexpected end of input', this.source.length);
    this.failAt(message, t.offset);
  }

  /** The current token's offset, or the source length at the end. */
  offset(at: number = this.pos): number {
    return this.tokens[at]?.offset ?? this.source.length;
  }

  peek(ahead = 0): Token | undefined {
    return this.tokens[this.pos + ahead];
  }

  /** The kind of the token `ahead` tokens on, or -1 at the end. */
  kindAt(ahead = 0): number {
    return this.tokens[this.pos + ahead]?.kind ?? -1;
  }

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  /** True if the current token is `(` followed by keyword `word`. */
  atSexpr(word: string): boolean {
    const t0 = this.tokens[this.pos];
    const t1 = this.tokens[this.pos + 1];
    return (
      t0 !== undefined &&
      t0.kind === TokenKind.lparen &&
      t1 !== undefined &&
      t1.kind === TokenKind.keyword &&
      t1.image === word
    );
  }

  /** The keyword after `(` at the current token, or `null`. */
  sexprHead(): string | null {
    const t0 = this.tokens[this.pos];
    const t1 = this.tokens[this.pos + 1];
    if (t0?.kind !== TokenKind.lparen || t1?.kind !== TokenKind.keyword)
      return null;
    return t1.image;
  }

  isKeyword(word: string): boolean {
    const t = this.tokens[this.pos];
    return t !== undefined && t.kind === TokenKind.keyword && t.image === word;
  }

  /** Consumes the keyword `word` if it is next. */
  eatKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
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
    const t = this.tokens[this.pos];
    if (t?.kind !== TokenKind.id) return null;
    this.pos++;
    return this.idName(t);
  }

  /** The name of an identifier token: `$x` and `$"x"` are the same name. */
  idName(t: Token): string {
    const image = t.image;
    if (image.length > 1 && image.charCodeAt(1) !== 0x22) return image.slice(1);
    if (image.length === 1) this.failAt('empty identifier', t.offset);
    const bytes = decodeStringLiteral(image.slice(1));
    if (typeof bytes === 'string') {
      this.failAt(
        bytes === 'malformed UTF-8 encoding' ? bytes : 'empty identifier',
        t.offset,
      );
    }
    if (bytes.length === 0) this.failAt('empty identifier', t.offset);
    const text = decodeUtf8(bytes);
    if (text === null) this.failAt('malformed UTF-8 encoding', t.offset);
    return text;
  }

  isString(): boolean {
    return this.kindAt() === TokenKind.string;
  }

  /** Consumes a string literal and returns its bytes. */
  expectBytes(): Uint8Array {
    const t = this.tokens[this.pos];
    if (t?.kind !== TokenKind.string) this.fail('unexpected token');
    const bytes = decodeStringLiteral(t.image);
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
    while (this.pos < tokens.length) {
      const k = tokens[this.pos++]!.kind;
      if (k === TokenKind.lparen) depth++;
      else if (k === TokenKind.rparen && --depth === 0) return;
    }
    this.fail('unexpected end of input');
  }
}
