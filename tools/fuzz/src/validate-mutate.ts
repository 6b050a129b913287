// Inputs for the validation fuzzer: valid modules (the spec suite's binary
// modules, the WASI suite's programs, and the text package's encoding of
// the spec suite's text modules) with one function body mutated, or, less
// often, a module-level field changed. Mutations work on the IR and are
// encoded again, so the result is well formed more often than raw byte
// mutation would make it.

import { decodeModule } from '@tswasm/decoder';
import { encodeModule } from '@tswasm/encoder';
import { type Func, type Module, countImports, everyFeature } from '@tswasm/ir';
import { parseWat } from '@tswasm/text';
import { validateModule } from '@tswasm/validator';
import { loadSeeds } from './corpus.mjs';
import { type Random, loadTextSeeds } from './text-mutate.js';

/** A valid module with at least one defined function. */
export interface ValidSeed {
  readonly name: string;
  readonly module: Module;
}

/** Every seed module that decodes and validates (with every feature on) and defines a function. */
export function loadValidSeeds(options: { textModules: number }): ValidSeed[] {
  const out: ValidSeed[] = [];
  const accept = (name: string, bytes: Uint8Array): void => {
    try {
      const module = decodeModule(bytes, {
        features: everyFeature,
        eagerBodies: true,
      });
      if (module.functions.length === 0) return;
      validateModule(module, { features: everyFeature });
      out.push({ name, module });
    } catch {
      // Seeds that do not decode or validate are the decoder fuzzer's business.
    }
  };
  for (const seed of loadSeeds()) accept(seed.name, seed.bytes);
  // Text modules, as the text package encodes them: every k-th one.
  const texts = loadTextSeeds().filter(
    (s) =>
      /^\(module[\s$)]/.test(s.text) &&
      !/^\(module\s+(\$\S+\s+)?(binary|quote|definition|instance)\b/.test(
        s.text,
      ),
  );
  const step = Math.max(1, Math.floor(texts.length / options.textModules));
  for (let i = 0; i < texts.length; i += step) {
    try {
      accept(
        `text:${texts[i]!.name}`,
        encodeModule(parseWat(texts[i]!.text, { features: everyFeature })),
      );
    } catch {
      // Text the parser or encoder rejects is the text fuzzer's business.
    }
  }
  return out;
}

/** Byte sequences of whole instructions, some valid somewhere, many not. */
const snippets: readonly (readonly number[])[] = [
  [0x00], // unreachable
  [0x01], // nop
  [0x0b], // end
  [0x05], // else
  [0x02, 0x40], // block
  [0x03, 0x7f], // loop (result i32)
  [0x04, 0x40], // if
  [0x0c, 0x00], // br 0
  [0x0c, 0x7f], // br 127
  [0x0d, 0x01], // br_if 1
  [0x0e, 0x02, 0x00, 0x01, 0x00], // br_table
  [0x0f], // return
  [0x10, 0x00], // call 0
  [0x10, 0xff, 0xff, 0x03], // call 65535
  [0x11, 0x00, 0x00], // call_indirect
  [0x1a], // drop
  [0x1b], // select
  [0x1c, 0x01, 0x7f], // select (result i32)
  [0x20, 0x00], // local.get 0
  [0x20, 0xff, 0x01], // local.get 255
  [0x21, 0x00], // local.set 0
  [0x22, 0x00], // local.tee 0
  [0x23, 0x00], // global.get 0
  [0x24, 0x00], // global.set 0
  [0x25, 0x00], // table.get 0
  [0x28, 0x02, 0x00], // i32.load
  [0x29, 0x07, 0x00], // i64.load align=128
  [0x36, 0x02, 0x00], // i32.store
  [0x3f, 0x00], // memory.size
  [0x40, 0x00], // memory.grow
  [0x41, 0x00], // i32.const 0
  [0x42, 0x7f], // i64.const -1
  [0x43, 0x00, 0x00, 0xc0, 0x7f], // f32.const nan
  [0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f], // f64.const 1
  [0x45], // i32.eqz
  [0x6a], // i32.add
  [0x7c], // i64.add
  [0x92], // f32.add
  [0xa7], // i32.wrap_i64
  [0xd0, 0x70], // ref.null func
  [0xd1], // ref.is_null
  [0xd2, 0x00], // ref.func 0
  [0xfc, 0x08, 0x00, 0x00], // memory.init 0
  [0xfc, 0x09, 0x00], // data.drop 0
  [0xfc, 0x0a, 0x00, 0x00], // memory.copy
  [0xfc, 0x0c, 0x00, 0x00], // table.init
  [0xfd, 0x0c, ...new Array<number>(16).fill(0)], // v128.const
  [0xfd, 0x00, 0x04, 0x00], // v128.load
  [0x06, 0x40], // try (legacy)
  [0x08, 0x00], // throw 0
  [0x1f, 0x40, 0x00], // try_table
  [0x12, 0x00], // return_call 0
  [0x14, 0x00], // call_ref 0
  [0xfb, 0x00, 0x00], // struct.new 0
  [0xfb, 0x14, 0x00], // ref.test
  [0xfe, 0x00, 0x02, 0x00], // memory.atomic.notify
];

function splice(
  bytes: Uint8Array,
  at: number,
  remove: number,
  insert: readonly number[],
): Uint8Array {
  const out = new Uint8Array(bytes.length - remove + insert.length);
  out.set(bytes.subarray(0, at), 0);
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
}

function bodyBytes(f: Func): Uint8Array {
  return f.body.kind === 'bytes' ? f.body.bytes : new Uint8Array(0);
}

/** One edit of a body's bytes. */
function mutateBody(
  bytes: Uint8Array,
  random: Random,
  other: Uint8Array,
): { bytes: Uint8Array; edit: string } {
  // The final `end` is kept in most edits, so more results decode.
  const limit = Math.max(0, bytes.length - 1);
  const at = random.below(limit + 1);
  switch (random.below(9)) {
    case 0:
    case 1:
      return {
        bytes: splice(bytes, at, 0, random.pick(snippets)),
        edit: 'insert-instruction',
      };
    case 2: {
      const n = 1 + random.below(Math.min(4, Math.max(1, limit - at)));
      return {
        bytes: splice(bytes, at, Math.min(n, limit - at), []),
        edit: 'delete-bytes',
      };
    }
    case 3: {
      const copy = bytes.slice();
      if (limit > 0) copy[at] = random.below(256);
      return { bytes: copy, edit: 'replace-byte' };
    }
    case 4: {
      const copy = bytes.slice();
      if (limit > 0) copy[at] = copy[at]! ^ (1 << random.below(8));
      return { bytes: copy, edit: 'flip-bit' };
    }
    case 5: {
      const from = random.below(Math.max(1, other.length - 1));
      const n =
        1 + random.below(Math.min(16, Math.max(1, other.length - from)));
      return {
        bytes: splice(bytes, at, 0, [...other.subarray(from, from + n)]),
        edit: 'borrow-bytes',
      };
    }
    case 6:
      return {
        bytes: splice(
          bytes,
          at,
          Math.min(2, limit - at),
          random.pick(snippets),
        ),
        edit: 'replace-instruction',
      };
    case 7:
      return { bytes: bytes.subarray(0, at).slice(), edit: 'truncate' };
    default: {
      const copy = bytes.slice();
      // Swap two bytes: operands and immediates trade places.
      const b = random.below(limit + 1);
      if (limit > 0) [copy[at], copy[b]] = [copy[b]!, copy[at]!];
      return { bytes: copy, edit: 'swap-bytes' };
    }
  }
}

/** A variant of a seed: which function (defined-function index) was changed, if only a body was. */
export interface Variant {
  readonly module: Module;
  readonly applied: readonly string[];
  /** Defined-function index of the only changed body, or null for module-level edits. */
  readonly bodyOf: number | null;
}

/** A mutated copy of `seed`. */
export function mutateModule(
  seed: Module,
  random: Random,
  other: Module,
): Variant {
  const k = random.below(seed.functions.length);
  if (random.below(8) !== 0) {
    let bytes = bodyBytes(seed.functions[k]!);
    const otherBody = bodyBytes(
      other.functions[random.below(other.functions.length)]!,
    );
    const applied: string[] = [];
    const edits = 1 + random.below(2);
    for (let e = 0; e < edits; e++) {
      const m = mutateBody(bytes, random, otherBody);
      bytes = m.bytes;
      applied.push(m.edit);
    }
    const functions = seed.functions.map((f, i) =>
      i === k
        ? { ...f, body: { kind: 'bytes' as const, bytes, offset: 0 } }
        : f,
    );
    return { module: { ...seed, functions }, applied, bodyOf: k };
  }
  switch (random.below(4)) {
    case 0: {
      // Another type for a function: its body no longer fits.
      const types = seed.types.reduce((n, g) => n + g.types.length, 0);
      const functions = seed.functions.map((f, i) =>
        i === k ? { ...f, typeIndex: random.below(types + 1) } : f,
      );
      return {
        module: { ...seed, functions },
        applied: ['retype-function'],
        bodyOf: null,
      };
    }
    case 1: {
      // A function borrowed from another module.
      const g = other.functions[random.below(other.functions.length)]!;
      const functions = seed.functions.map((f, i) => (i === k ? g : f));
      return {
        module: { ...seed, functions },
        applied: ['borrow-function'],
        bodyOf: null,
      };
    }
    case 2: {
      // An import dropped: every index after it shifts.
      if (seed.imports.length === 0) return mutateModule(seed, random, other);
      const drop = random.below(seed.imports.length);
      return {
        module: { ...seed, imports: seed.imports.filter((_, i) => i !== drop) },
        applied: ['drop-import'],
        bodyOf: null,
      };
    }
    default: {
      // Locals added or removed.
      const f = seed.functions[k]!;
      const locals =
        random.below(2) === 0
          ? []
          : [
              ...f.locals,
              {
                count: 1 + random.below(3),
                type: random.pick([
                  'i32',
                  'i64',
                  'f32',
                  'f64',
                  'v128',
                ] as const),
              },
            ];
      const functions = seed.functions.map((h, i) =>
        i === k ? { ...h, locals } : h,
      );
      return {
        module: { ...seed, functions },
        applied: ['change-locals'],
        bodyOf: null,
      };
    }
  }
}

/** The number of imported functions (function indices of defined functions start there). */
export function importedFunctions(module: Module): number {
  return countImports(module).func;
}
