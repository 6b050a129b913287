import { encodeModule } from '@tswasm/encoder';
import type { Instr, Module } from '@tswasm/ir';
import { describe, expect, it } from 'vitest';
import { parseWast } from './parse-wast.js';
import { parseWat } from './parse-wat.js';

function body(module: Module, index = 0): readonly Instr[] {
  const func = module.functions[index]!;
  if (func.body.kind !== 'instrs') throw new Error('expected instructions');
  return func.body.instrs;
}

/** `op@line:column` for each instruction. */
function located(instrs: readonly Instr[]): string[] {
  return instrs.map((i) => `${i.op}@${i.span?.line}:${i.span?.column}`);
}

describe('instruction spans', () => {
  it('gives each flat instruction the span of its keyword', () => {
    const source =
      '(module\n  (func (result i32)\n    i32.const 1\n    i32.const 2\n    i32.add))';
    const instrs = body(parseWat(source));
    expect(located(instrs)).toEqual([
      'i32.const@3:5',
      'i32.const@4:5',
      'i32.add@5:5',
    ]);
    const add = instrs[2]!.span!;
    expect(source.slice(add.offset, add.offset + 7)).toBe('i32.add');
  });

  it('points folded instructions at their keyword, after their operands', () => {
    const source =
      '(module (func (result i32)\n  (i32.add\n    (i32.const 1)\n    (i32.const 2))))';
    expect(located(body(parseWat(source)))).toEqual([
      'i32.const@3:6',
      'i32.const@4:6',
      'i32.add@2:4',
    ]);
  });

  it('locates blocks, else, end and a folded block end at its closing paren', () => {
    const source = [
      '(module (func (param i32)',
      '  block',
      '    local.get 0',
      '    if',
      '      nop',
      '    else',
      '      nop',
      '    end',
      '  end',
      '  (loop',
      '    nop)))',
    ].join('\n');
    expect(located(body(parseWat(source)))).toEqual([
      'block@2:3',
      'local.get@3:5',
      'if@4:5',
      'nop@5:7',
      'else@6:5',
      'nop@7:7',
      'end@8:5',
      'end@9:3',
      'loop@10:4',
      'nop@11:5',
      'end@11:8',
    ]);
  });

  it('locates folded if, then and else', () => {
    const source =
      '(module (func\n  (if (i32.const 0)\n    (then nop)\n    (else nop))))';
    expect(located(body(parseWat(source)))).toEqual([
      'i32.const@2:8',
      'if@2:4',
      'nop@3:11',
      'else@4:6',
      'nop@4:11',
      'end@4:15',
    ]);
  });

  it('locates instructions with immediates and in constant expressions', () => {
    const module = parseWat(
      '(module\n  (global i32 (i32.const 7))\n  (func (call 0) br_table 0 0))',
    );
    expect(located(body(module))).toEqual(['call@3:10', 'br_table@3:18']);
    const init = module.globals[0]!.init;
    expect(located(init)).toEqual(['i32.const@2:16']);
  });

  it('counts lines from the start of a script', () => {
    const script = parseWast('(module)\n\n(module (func\n  nop))');
    const command = script.commands[1]!;
    if (command.kind !== 'module' || command.module.kind !== 'text')
      throw new Error('expected a text module');
    expect(located(body(command.module.module))).toEqual(['nop@4:3']);
  });

  it('leaves instructions equal to plain { op, args } and the bytes unchanged', () => {
    const module = parseWat(
      '(module (func (result i32) (i32.add (i32.const 1) (i32.const 2))))',
    );
    expect(body(module)).toEqual([
      { op: 'i32.const', args: [1] },
      { op: 'i32.const', args: [2] },
      { op: 'i32.add', args: [] },
    ]);
    const plain: Module = {
      ...module,
      functions: module.functions.map((f) => ({
        ...f,
        body: {
          kind: 'instrs',
          instrs: body(module).map((i) => ({ op: i.op, args: i.args })),
        },
      })),
    };
    expect(encodeModule(module)).toEqual(encodeModule(plain));
  });
});
