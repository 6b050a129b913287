// String literals: escapes, UTF-8 encoding and checking.
// https://webassembly.github.io/spec/core/text/values.html#strings

import { ByteWriter } from '@tswasm/encoder';

/** Why a string literal is malformed. */
export type StringProblem =
  'malformed UTF-8 encoding' | 'illegal escape' | 'illegal character';

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/**
 * The bytes of a string literal's token (quotes included), or the reason it
 * is malformed.
 */
export function decodeStringLiteral(image: string): Uint8Array | StringProblem {
  return decodeStringAt(image, 0, image.length);
}

/**
 * The bytes of the string literal `text[start, end)` (quotes included), or
 * the reason it is malformed; read in place, without slicing the source.
 */
export function decodeStringAt(
  image: string,
  start: number,
  stop: number,
): Uint8Array | StringProblem {
  const end = stop - 1;
  // Fast path: printable ASCII without escapes.
  let simple = true;
  for (let i = start + 1; i < end; i++) {
    const c = image.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === 0x5c) {
      simple = false;
      break;
    }
  }
  if (simple) {
    const bytes = new Uint8Array(end - start - 1);
    for (let i = start + 1; i < end; i++)
      bytes[i - start - 1] = image.charCodeAt(i);
    return bytes;
  }
  // Escapes shrink; only characters beyond ASCII take more than a byte.
  const out = new ByteWriter(stop - start);
  for (let i = start + 1; i < end; i++) {
    const c = image.charCodeAt(i);
    if (c === 0x5c) {
      const e = image.charCodeAt(++i);
      // `\hh`, the most common escape (binary data), first.
      const h = hexValue(e);
      if (h >= 0) {
        const l = hexValue(image.charCodeAt(i + 1));
        if (l < 0) return 'illegal escape';
        out.byte(h * 16 + l);
        i++;
        continue;
      }
      switch (e) {
        case 0x74:
          out.byte(0x09);
          break; // \t
        case 0x6e:
          out.byte(0x0a);
          break; // \n
        case 0x72:
          out.byte(0x0d);
          break; // \r
        case 0x22:
          out.byte(0x22);
          break;
        case 0x27:
          out.byte(0x27);
          break;
        case 0x5c:
          out.byte(0x5c);
          break;
        case 0x75: {
          // \u{hex}
          if (image.charCodeAt(i + 1) !== 0x7b) return 'illegal escape';
          const close = image.indexOf('}', i + 2);
          if (close === -1 || close >= end) return 'illegal escape';
          const digits = image.slice(i + 2, close);
          if (!/^[0-9A-Fa-f](?:_?[0-9A-Fa-f])*$/.test(digits))
            return 'illegal escape';
          const code = parseInt(digits.replaceAll('_', ''), 16);
          if (
            digits.length > 8 ||
            code >= 0x110000 ||
            (code >= 0xd800 && code < 0xe000)
          ) {
            return 'malformed UTF-8 encoding';
          }
          pushUtf8(out, code);
          i = close;
          break;
        }
        default:
          return 'illegal escape';
      }
    } else if (c < 0x20 || c === 0x7f) {
      return 'illegal character';
    } else if (c < 0x80) {
      out.byte(c);
    } else {
      let code = c;
      if (c >= 0xd800 && c < 0xdc00) {
        const low = image.charCodeAt(i + 1);
        if (low >= 0xdc00 && low < 0xe000) {
          code = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          i++;
        } else return 'malformed UTF-8 encoding';
      } else if (c >= 0xdc00 && c < 0xe000) return 'malformed UTF-8 encoding';
      pushUtf8(out, code);
    }
  }
  return out.finish();
}

function pushUtf8(out: ByteWriter, code: number): void {
  if (code < 0x80) out.byte(code);
  else if (code < 0x800) {
    out.byte(0xc0 | (code >> 6));
    out.byte(0x80 | (code & 0x3f));
  } else if (code < 0x10000) {
    out.byte(0xe0 | (code >> 12));
    out.byte(0x80 | ((code >> 6) & 0x3f));
    out.byte(0x80 | (code & 0x3f));
  } else {
    out.byte(0xf0 | (code >> 18));
    out.byte(0x80 | ((code >> 12) & 0x3f));
    out.byte(0x80 | ((code >> 6) & 0x3f));
    out.byte(0x80 | (code & 0x3f));
  }
}

const strictDecoder = new TextDecoder('utf-8', {
  fatal: true,
  ignoreBOM: true,
});

/** Decodes UTF-8 strictly; `null` when malformed. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Decodes UTF-8 where every byte of a malformed sequence becomes a lone
 * surrogate U+DC80..U+DCFF, which the lexer reports as malformed UTF-8, so
 * no byte is silently lost (the source of `module quote`).
 */
export function decodeUtf8Lossless(bytes: Uint8Array): string {
  const strict = decodeUtf8(bytes);
  if (strict !== null) return strict;
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let length = 0;
    if (b < 0x80) length = 1;
    else if (b >= 0xc2 && b < 0xe0) length = 2;
    else if (b >= 0xe0 && b < 0xf0) length = 3;
    else if (b >= 0xf0 && b < 0xf5) length = 4;
    const chunk =
      length === 0 ? null : decodeUtf8(bytes.subarray(i, i + length));
    if (chunk !== null && length > 0 && i + length <= bytes.length) {
      out += chunk;
      i += length;
    } else {
      out += String.fromCharCode(0xdc00 | b);
      i++;
    }
  }
  return out;
}

/** The quoted form of bytes, for the printer: printable ASCII kept, the rest `\hh`. */
export function quoteBytes(bytes: Uint8Array): string {
  let out = '"';
  for (const b of bytes) {
    if (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c)
      out += String.fromCharCode(b);
    else out += '\\' + b.toString(16).padStart(2, '0');
  }
  return out + '"';
}

/** The quoted form of a name, for the printer. */
export function quoteString(text: string): string {
  return quoteBytes(new TextEncoder().encode(text));
}
