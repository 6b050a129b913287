// Expressions: instruction sequences closed by the `end` of their outermost
// block, with the block structure checked as the binary grammar requires.
// https://webassembly.github.io/spec/core/binary/instructions.html#expressions

import {
  type FeatureOptions,
  type Func,
  type Instr,
  instructions,
} from '@tswasm/ir';
import { InstrReader } from './instr-reader.js';

// Control frames on the block stack.
const F_BLOCK = 0; // block, loop, try_table
const F_IF = 1;
const F_ELSE = 2;
const F_TRY = 3;
const F_CATCH = 4;
const F_CATCH_ALL = 5;

const noFrames: number[] = [];

// What each instruction does to the block structure, by instruction id.
const C_NONE = 0;
const C_BLOCK = 1; // block, loop, try_table
const C_IF = 2;
const C_TRY = 3;
const C_ELSE = 4;
const C_CATCH = 5;
const C_CATCH_ALL = 6;
const C_DELEGATE = 7;
const C_END = 8;
const C_DATA = 9; // refers to data segments: needs the data count section

const controlByName: Readonly<Record<string, number>> = {
  block: C_BLOCK,
  loop: C_BLOCK,
  try_table: C_BLOCK,
  if: C_IF,
  try: C_TRY,
  else: C_ELSE,
  catch: C_CATCH,
  catch_all: C_CATCH_ALL,
  delegate: C_DELEGATE,
  end: C_END,
  'memory.init': C_DATA,
  'data.drop': C_DATA,
  'array.new_data': C_DATA,
  'array.init_data': C_DATA,
};
const controlKinds = new Uint8Array(instructions.length);
for (const def of instructions)
  controlKinds[def.id] = controlByName[def.name] ?? C_NONE;

/**
 * Result flag of {@link readExpr}: an instruction with a data index
 * occurred (`memory.init`, `data.drop`, `array.new_data`, `array.init_data`).
 */
export const USES_DATA_COUNT = 1;

/**
 * Reads instructions up to and including the `end` that closes the
 * expression, appending them (without that `end`) to `out` when given.
 * Returns {@link USES_DATA_COUNT} when the expression refers to data
 * segments by index from code.
 */
export function readExpr(ir: InstrReader, out: Instr[] | null): number {
  // Constant expressions rarely open blocks: allocate the stack on demand.
  let stack: number[] = noFrames;
  let flags = 0;
  for (;;) {
    const at = ir.reader.pos;
    // Without `out`, check the instruction without building it.
    const instr = out === null ? null : ir.next();
    if (instr === null) ir.skip();
    const control = controlKinds[ir.last!.id]!;
    if (control !== C_NONE) {
      switch (control) {
        case C_BLOCK:
          if (stack === noFrames) stack = [];
          stack.push(F_BLOCK);
          break;
        case C_IF:
          if (stack === noFrames) stack = [];
          stack.push(F_IF);
          break;
        case C_TRY:
          if (stack === noFrames) stack = [];
          stack.push(F_TRY);
          break;
        case C_ELSE:
          if (stack.length === 0 || stack[stack.length - 1] !== F_IF) {
            misplaced(ir, at);
          }
          stack[stack.length - 1] = F_ELSE;
          break;
        case C_CATCH:
        case C_CATCH_ALL: {
          const top = stack[stack.length - 1];
          if (top !== F_TRY && top !== F_CATCH) misplaced(ir, at);
          stack[stack.length - 1] = control === C_CATCH ? F_CATCH : F_CATCH_ALL;
          break;
        }
        case C_DELEGATE:
          if (stack[stack.length - 1] !== F_TRY) misplaced(ir, at);
          stack.pop();
          break;
        case C_END:
          if (stack.length === 0) return flags;
          stack.pop();
          break;
        case C_DATA:
          flags |= USES_DATA_COUNT;
          break;
      }
    }
    if (out !== null && instr !== null) out.push(instr);
  }
}

/** `else`, `catch`, `catch_all` or `delegate` outside their block. */
function misplaced(ir: InstrReader, pos: number): never {
  return ir.reader.fail('END opcode expected', pos);
}

/** Opcodes that open, divide or close blocks. */
const structural = new Uint8Array(256);
for (const code of [
  0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x0b, 0x18, 0x19, 0x1f,
]) {
  structural[code] = 1;
}

/**
 * Reads a constant expression at the reader's position: its instructions
 * without the final `end`.
 */
export function readConstExpr(ir: InstrReader): Instr[] {
  // Nearly every constant expression is one instruction and `end`: build
  // that array at its exact size (modules may hold 100k segments).
  const r = ir.reader;
  const start = r.pos;
  if (r.peek() === 0x0b) {
    r.pos++;
    return [];
  }
  const first = ir.next();
  const def = ir.last!;
  if (
    (def.prefix !== null || structural[def.code] === 0) &&
    r.peek() === 0x0b
  ) {
    r.pos++;
    return [first];
  }
  r.pos = start;
  const out: Instr[] = [];
  readExpr(ir, out);
  return out;
}

/** Options of {@link decodeFunctionBody}. */
export interface DecodeFunctionBodyOptions {
  /** Features whose instructions decode; merged over the defaults. */
  readonly features?: FeatureOptions;
}

/**
 * Decodes a function's body to its instructions, without the final `end`.
 * A body already held as instructions is returned as a copy.
 * @throws {DecodeError} if the bytes are not exactly one well-formed
 *   expression: a missing final `end` ("unexpected end of section or
 *   function"), a misplaced `else` ("END opcode expected"), trailing bytes
 *   ("section size mismatch"), or a malformed instruction
 * @see https://webassembly.github.io/spec/core/binary/modules.html#code-section
 */
export function decodeFunctionBody(
  func: Func,
  options?: DecodeFunctionBodyOptions,
): Instr[] {
  const body = func.body;
  if (body.kind === 'instrs') return body.instrs.slice();
  const ir = new InstrReader(body.bytes, {
    offset: body.offset,
    ...(options?.features === undefined ? {} : { features: options.features }),
  });
  const out: Instr[] = [];
  readExpr(ir, out);
  if (!ir.done) ir.reader.fail('section size mismatch');
  return out;
}
