import type { Func } from '@tswasm/ir';
import { describe, expect, it } from 'vitest';
import { DecodeError } from './decode-error.js';
import { decodeFunctionBody } from './expr.js';

const func = (bytes: readonly number[], offset = 0): Func => ({
  typeIndex: 0,
  locals: [],
  body: { kind: 'bytes', bytes: new Uint8Array(bytes), offset },
});

function bodyError(bytes: readonly number[], features = {}): DecodeError {
  try {
    decodeFunctionBody(func(bytes, 50), { features });
  } catch (error) {
    expect(error).toBeInstanceOf(DecodeError);
    return error as DecodeError;
  }
  throw new Error('expected a DecodeError');
}

describe('decodeFunctionBody', () => {
  it('returns the instructions without the final end', () => {
    const instrs = decodeFunctionBody(
      func([0x04, 0x40, 0x01, 0x05, 0x01, 0x0b, 0x0b], 10),
    );
    expect(instrs.map((i) => [i.op, i.offset])).toEqual([
      ['if', 10],
      ['nop', 12],
      ['else', 13],
      ['nop', 14],
      ['end', 15],
    ]);
  });

  it('returns a copy of a body held as instructions', () => {
    const instrs = [{ op: 'nop', args: [] }];
    const result = decodeFunctionBody({
      typeIndex: 0,
      locals: [],
      body: { kind: 'instrs', instrs },
    });
    expect(result).toEqual(instrs);
    expect(result).not.toBe(instrs);
  });

  it('tracks try/catch/delegate and try_table blocks', () => {
    const legacy = [
      0x06, 0x40, 0x07, 0x00, 0x19, 0x0b, 0x06, 0x40, 0x18, 0x00, 0x0b,
    ];
    expect(
      decodeFunctionBody(func(legacy), {
        features: { legacyExceptions: true },
      }),
    ).toHaveLength(6);
    expect(
      decodeFunctionBody(func([0x1f, 0x40, 0x00, 0x0b, 0x0b])),
    ).toHaveLength(2);
  });

  it('reports a body without its final end', () => {
    const error = bodyError([0x02, 0x40, 0x0b]);
    expect([error.message, error.offset]).toEqual([
      'unexpected end of section or function',
      53,
    ]);
  });

  it('reports a misplaced else or catch', () => {
    expect([
      bodyError([0x05, 0x0b]).message,
      bodyError([0x05, 0x0b]).offset,
    ]).toEqual(['END opcode expected', 50]);
    expect(bodyError([0x04, 0x40, 0x05, 0x05, 0x0b, 0x0b]).message).toBe(
      'END opcode expected',
    );
    expect(
      bodyError([0x02, 0x40, 0x07, 0x00, 0x0b, 0x0b], {
        legacyExceptions: true,
      }).message,
    ).toBe('END opcode expected');
  });

  it('reports bytes after the final end', () => {
    const error = bodyError([0x0b, 0x01]);
    expect([error.message, error.offset]).toEqual([
      'section size mismatch',
      51,
    ]);
  });
});
