// The token grammar written as a chevrotain lexer: the reference the
// hand-written scanner in `lexer.ts` is checked against.
// https://webassembly.github.io/spec/core/text/lexical.html

import {
  type CustomPatternMatcherReturn,
  type TokenType,
  Lexer,
  createToken,
} from 'chevrotain';
import { type Token, TokenKind } from './lexer.js';
import { ParseError, spanAt } from './parse-error.js';

// Characters of keywords, numbers, identifiers and reserved words.
const idChars = "[0-9A-Za-z!#$%&'*+\\-./:<=>?@\\\\^_`|~]";
// Unrolled (`normal* (special normal*)*`) so that long strings lex fast.
const stringBody = '"[^"\\\\\\n]*(?:\\\\[^\\n][^"\\\\\\n]*)*"';

/** Nested block comments `(; ... ;)` need counting, so a custom matcher. */
function matchBlockComment(
  text: string,
  offset: number,
): CustomPatternMatcherReturn | null {
  if (
    text.charCodeAt(offset) !== 0x28 ||
    text.charCodeAt(offset + 1) !== 0x3b
  ) {
    return null;
  }
  let depth = 1;
  let i = offset + 2;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x28 && text.charCodeAt(i + 1) === 0x3b) {
      depth++;
      i += 2;
    } else if (c === 0x3b && text.charCodeAt(i + 1) === 0x29) {
      depth--;
      i += 2;
      if (depth === 0) {
        const result = [
          text.slice(offset, i),
        ] as unknown as CustomPatternMatcherReturn;
        return result;
      }
    } else i++;
  }
  // Reported after lexing, so that the first error in the source wins.
  if (unclosedComment === -1) unclosedComment = offset;
  return null;
}

/** Where the first unclosed block comment starts, or -1. */
let unclosedComment = -1;

const Whitespace: TokenType = createToken({
  name: 'Whitespace',
  pattern: /[ \t\n\r]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
const LineComment: TokenType = createToken({
  name: 'LineComment',
  pattern: /;;[^\n\r]*/,
  group: Lexer.SKIPPED,
});
const BlockComment: TokenType = createToken({
  name: 'BlockComment',
  pattern: { exec: matchBlockComment },
  start_chars_hint: ['('],
  line_breaks: true,
  group: Lexer.SKIPPED,
});
/** `(@name`: the start of an annotation. */
const AnnotationStart: TokenType = createToken({
  name: 'AnnotationStart',
  pattern: new RegExp(`\\(@(?:${idChars}+|"(?:[^"\\\\]|\\\\[^])*")?`),
  start_chars_hint: ['('],
});
const LParen: TokenType = createToken({ name: 'LParen', pattern: /\(/ });
const RParen: TokenType = createToken({ name: 'RParen', pattern: /\)/ });
const StringLit: TokenType = createToken({
  name: 'String',
  pattern: new RegExp(stringBody),
  start_chars_hint: ['"'],
});
const Id: TokenType = createToken({
  name: 'Id',
  pattern: new RegExp(`\\$(?:"(?:[^"\\\\]|\\\\[^])*"|${idChars}*)`),
  start_chars_hint: ['$'],
});
const Keyword: TokenType = createToken({
  name: 'Keyword',
  pattern: new RegExp(`[a-z]${idChars}*`),
});
/** Numbers and reserved words: every other run of identifier characters. */
const Atom: TokenType = createToken({
  name: 'Atom',
  pattern: new RegExp(`(?:${idChars}|[,\\[\\]{}]|;(?!;))+`),
});

const allTokens: TokenType[] = [
  Whitespace,
  LineComment,
  BlockComment,
  AnnotationStart,
  LParen,
  RParen,
  StringLit,
  Id,
  Keyword,
  Atom,
];

let lexer: Lexer | null = null;

// Text decoded from malformed UTF-8 carries lone surrogates (see `decodeUtf8Lossless`).
const loneSurrogate = /[\ud800-\udfff]/u;

function kindOf(type: TokenType): number {
  switch (type) {
    case LParen:
      return TokenKind.lparen;
    case RParen:
      return TokenKind.rparen;
    case StringLit:
      return TokenKind.string;
    case Id:
      return TokenKind.id;
    case Keyword:
      return TokenKind.keyword;
    case Atom:
      return TokenKind.atom;
    default:
      return TokenKind.annotation;
  }
}

/** Token kinds by chevrotain token type index. */
const kindByTypeIdx: number[] = [];
for (const type of allTokens) {
  const idx = type.tokenTypeIdx;
  if (idx !== undefined) kindByTypeIdx[idx] = kindOf(type);
}

function newLexer(): Lexer {
  return new Lexer(allTokens, {
    positionTracking: 'onlyOffset',
    ensureOptimizations: true,
  });
}

function illegalMessage(code: number): string {
  if (code >= 0xd800 && code <= 0xdfff) return 'malformed UTF-8 encoding';
  return 'illegal character';
}

/**
 * Splits `source` into tokens, dropping whitespace and comments.
 * @throws {ParseError} on characters outside any token, unclosed strings
 * and comments, and tokens not separated from each other.
 */
export function referenceTokenize(source: string): Token[] {
  lexer ??= newLexer();
  const surrogate = loneSurrogate.exec(source);
  if (surrogate !== null) {
    throw new ParseError(
      'malformed UTF-8 encoding',
      spanAt(source, surrogate.index),
    );
  }
  unclosedComment = -1;
  const result = lexer.tokenize(source);
  const firstError = result.errors[0];
  if (
    unclosedComment !== -1 &&
    (firstError === undefined || unclosedComment < firstError.offset)
  ) {
    throw new ParseError('unclosed comment', spanAt(source, unclosedComment));
  }
  if (firstError !== undefined) {
    const offset = firstError.offset;
    const code = source.charCodeAt(offset);
    let message = illegalMessage(code);
    if (code === 0x22) {
      // An unclosed string or one with a raw line break.
      message = 'unclosed string';
      for (let i = offset + 1; i < source.length; i++) {
        const c = source.charCodeAt(i);
        if (c === 0x22) break;
        if (c === 0x5c) i++;
        else if (c === 0x0a) break;
      }
    }
    throw new ParseError(message, spanAt(source, offset));
  }
  const tokens: Token[] = result.tokens.map((t) => ({
    kind: kindByTypeIdx[t.tokenTypeIdx]!,
    image: t.image,
    offset: t.startOffset,
  }));
  let previousEnd = -1;
  let previousKind = -1;
  let annotationDepth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const kind = t.kind;
    if (kind === TokenKind.annotation) annotationDepth++;
    else if (annotationDepth > 0) {
      if (kind === TokenKind.lparen) annotationDepth++;
      else if (kind === TokenKind.rparen) annotationDepth--;
    }
    // Atoms, strings and ids must be separated by white space or parens
    // (inside annotations anything goes).
    if (
      annotationDepth === 0 &&
      t.offset === previousEnd &&
      kind >= TokenKind.string &&
      kind <= TokenKind.atom &&
      previousKind >= TokenKind.string &&
      previousKind <= TokenKind.atom
    ) {
      throw new ParseError('unknown operator', spanAt(source, t.offset));
    }
    previousEnd = t.offset + t.image.length;
    previousKind = kind;
  }
  return tokens;
}
