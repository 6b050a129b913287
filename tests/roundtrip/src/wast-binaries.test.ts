import { describe, expect, it } from 'vitest';
import {
  decodeWastString,
  wastBinaries,
  wastTextModules,
} from './wast-binaries.js';

describe('decodeWastString', () => {
  it('decodes every escape', () => {
    expect([
      ...decodeWastString('\\00a\\ff\\n\\t\\r\\\\\\\'\\"\\u{41}\\u{e9}é'),
    ]).toEqual([
      0x00, 0x61, 0xff, 0x0a, 0x09, 0x0d, 0x5c, 0x27, 0x22, 0x41, 0xc3, 0xa9,
      0xc3, 0xa9,
    ]);
  });
});

describe('wastBinaries', () => {
  it('finds binary modules at top level and inside assertions', () => {
    const found = wastBinaries(`
(module binary "\\00asm" "\\01\\00\\00\\00")  ;; one
(; (module binary "\\00") (; nested ;) ;)
(module $M definition binary "\\00asm\\01\\00\\00\\00")
(module definition $N binary "a" ;; comment ) "
  "b")
(assert_malformed (module binary "\\00asm") "unexpected end")
(module quote "(module binary \\"x\\")")
(module (func $f))
(module $"q" binary "z")
`);
    expect(found.map((b) => [b.line, b.context, [...b.bytes]])).toEqual([
      [2, null, [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]],
      [5, null, [0x61, 0x62]],
      [7, 'assert_malformed', [0, 0x61, 0x73, 0x6d]],
      [10, null, [0x7a]],
    ]);
  });
});

describe('wastTextModules', () => {
  it('finds top-level text modules with their source', () => {
    const source = `(module $a (func)) ;; x
(module binary "")
(assert_invalid (module (func (i32.add))) "type mismatch")
(module
  (memory 1) (; ) ;) (data "(")
)`;
    expect(wastTextModules(source)).toEqual([
      { line: 1, text: '(module $a (func))' },
      { line: 4, text: '(module\n  (memory 1) (; ) ;) (data "(")\n)' },
    ]);
  });
});
