// Shared, frozen `args` arrays for the most common immediates (small
// indices and constants, memargs with small offsets, block types without
// indices): most instructions then allocate nothing but their `Instr`.
// `Instr.args` is readonly, so sharing is safe; freezing makes it certain.

import type { BlockType, Immediate, MemArg } from '@tswasm/ir';

/** Index and i32 immediates below this share their `args`. */
export const smallArgsLimit = 1024;
const smallArgs: (readonly Immediate[] | undefined)[] = new Array<
  readonly Immediate[] | undefined
>(smallArgsLimit).fill(undefined);

/** `[value]` for 0 <= value < smallArgsLimit. */
export function argsOfSmall(value: number): readonly Immediate[] {
  let args = smallArgs[value];
  if (args === undefined) {
    args = Object.freeze([value]);
    smallArgs[value] = args;
  }
  return args;
}

/** i64 immediates below this share their `args`. */
export const smallI64Limit = 256n;
const smallI64Args: (readonly Immediate[] | undefined)[] = new Array<
  readonly Immediate[] | undefined
>(Number(smallI64Limit)).fill(undefined);

/** `[BigInt(value)]` for 0 <= value < smallI64Limit. */
export function argsOfSmallI64(value: number): readonly Immediate[] {
  let args = smallI64Args[value];
  if (args === undefined) {
    args = Object.freeze([BigInt(value)]);
    smallI64Args[value] = args;
  }
  return args;
}

/** By `offset * 64 + align` for memory 0 and offsets below 256. */
const memargArgs: (readonly Immediate[] | undefined)[] = new Array<
  readonly Immediate[] | undefined
>(256 * 64).fill(undefined);

/** `[{ align, offset, memory: 0 }]` for offsets below 256. */
export function argsOfMemarg(
  align: number,
  offset: number,
): readonly Immediate[] {
  const key = offset * 64 + align;
  let args = memargArgs[key];
  if (args === undefined) {
    const memarg: MemArg = Object.freeze({ align, offset, memory: 0 });
    args = Object.freeze([memarg]);
    memargArgs[key] = args;
  }
  return args;
}

const blockTypeArgs = new Map<BlockType, readonly Immediate[]>();

/** `[type]` for a block type that is `null` or a number or vector type. */
export function argsOfBlockType(type: BlockType): readonly Immediate[] {
  let args = blockTypeArgs.get(type);
  if (args === undefined) {
    args = Object.freeze([type]);
    blockTypeArgs.set(type, args);
  }
  return args;
}
