// Lists a function body's instructions, one row of the instruction table
// each, from the module bytes (decoded by @tswasm/decoder's `InstrReader`)
// or from an `Instr[]`.

import { InstrReader, type MutableInstr } from '@tswasm/decoder';
import {
  type FeatureOptions,
  type Func,
  type FuncBody,
  type Immediate,
  type InstrDef,
  type MemArg,
  everyFeature,
  instrByName,
} from '@tswasm/ir';

/** One instruction as the compiler sees it. */
export interface BodyInstr {
  readonly def: InstrDef;
  readonly args: readonly Immediate[];
  /** Byte offset in the module binary, -1 when unknown. */
  readonly offset: number;
}

/**
 * Bodies reach the engine validated under the module's features, so any
 * instruction may decode. One object, so the reader resolves it once.
 */
const features: FeatureOptions = everyFeature;

const noArgs: readonly Immediate[] = Object.freeze([]);

/** Shared `args` of one small non-negative number (indices mostly). */
const smallLimit = 256;
const smallArgs: readonly (readonly Immediate[])[] = Array.from(
  { length: smallLimit },
  (_, i) => Object.freeze([i]),
);

/** An immediate kept past the next read: the reader refills its memarg. */
function own(kind: string, value: Immediate): Immediate {
  if (kind !== 'memarg') return value;
  const { align, offset, memory } = value as MemArg;
  return { align, offset, memory } satisfies MemArg;
}

/** The `args` of the instruction `out` holds, owned by the caller. */
function argsOf(def: InstrDef, out: MutableInstr): readonly Immediate[] {
  const kinds = def.immediates;
  const n = kinds.length;
  if (n === 0) return noArgs;
  if (n === 1) {
    const value = out.args[0]!;
    if (typeof value === 'number' && value >= 0 && value < smallLimit)
      return smallArgs[value]!;
    return [own(kinds[0]!, value)];
  }
  const list: Immediate[] = [];
  for (let i = 0; i < n; i++) list.push(own(kinds[i]!, out.args[i]!));
  return list;
}

/**
 * The instructions of a function body, the final `end` included.
 * @throws {DecodeError} on bytes that validation would have rejected.
 */
export function readBody(func: Func): BodyInstr[] {
  const body: FuncBody = func.body;
  if (body.kind === 'instrs') {
    const out: BodyInstr[] = body.instrs.map((instr) => {
      const def = instrByName(instr.op);
      if (def === undefined)
        throw new Error(`internal: unknown instruction ${instr.op}`);
      return { def, args: instr.args, offset: instr.offset ?? -1 };
    });
    out.push({ def: instrByName('end')!, args: [], offset: -1 });
    return out;
  }
  const reader = new InstrReader(body.bytes, {
    offset: body.offset,
    features,
  });
  const instr: MutableInstr = { op: '', args: [], offset: 0 };
  const out: BodyInstr[] = [];
  while (!reader.done) {
    const def = reader.nextInto(instr);
    out.push({ def, args: argsOf(def, instr), offset: instr.offset });
  }
  return out;
}
