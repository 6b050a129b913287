import { decodeModule } from '@tswasm/decoder';
import { describe, expect, it } from 'vitest';
import { WebAssembly as Ours } from '../index.js';
import {
  type JsApiLimits,
  checkModuleLimits,
  checkModuleSize,
  jsApiLimits,
} from './limits.js';

// Node's own WebAssembly, to compare with where V8 enforces the same limit.
const native = globalThis.WebAssembly;

// A small binary builder: byte arrays, LEB128s and sections.

type Bytes = number[];

function leb(value: number): Bytes {
  const out: Bytes = [];
  let n = value;
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

function section(id: number, body: Uint8Array | Bytes): Uint8Array {
  const size = leb(body.length);
  const out = new Uint8Array(1 + size.length + body.length);
  out[0] = id;
  out.set(size, 1);
  out.set(body, 1 + size.length);
  return out;
}

/** A vector of `count` copies of `item` (a section body). */
function repeated(count: number, item: Bytes): Uint8Array {
  const prefix = leb(count);
  const out = new Uint8Array(prefix.length + count * item.length);
  out.set(prefix);
  for (let i = 0; i < count; i++)
    out.set(item, prefix.length + i * item.length);
  return out;
}

function module(...sections: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  let length = header.length;
  for (const s of sections) length += s.length;
  const out = new Uint8Array(length);
  out.set(header);
  let at = header.length;
  for (const s of sections) {
    out.set(s, at);
    at += s.length;
  }
  return out;
}

const i32 = 0x7f;
const voidType = section(1, [1, 0x60, 0, 0]);

function funcType(params: number, results: number): Uint8Array {
  return section(1, [
    1,
    0x60,
    ...leb(params),
    ...new Array<number>(params).fill(i32),
    ...leb(results),
    ...new Array<number>(results).fill(i32),
  ]);
}

/** One function of type 0 with `body` (locals declarations and code). */
function oneFunction(body: Bytes | Uint8Array): Uint8Array[] {
  const size = leb(body.length);
  const entry = new Uint8Array(1 + size.length + body.length);
  entry[0] = 1;
  entry.set(size, 1);
  entry.set(body, 1 + size.length);
  return [section(3, [1, 0]), section(10, entry)];
}

function compileError(bytes: Uint8Array): string | null {
  try {
    new Ours.Module(bytes);
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(Ours.CompileError);
    return (e as Error).message;
  }
}

interface LimitCase {
  readonly name: string;
  /** The module at the limit (`n` = limit) or past it (`n` = limit + 1). */
  readonly build: (n: number) => Uint8Array<ArrayBuffer>;
  readonly limit: number;
  /** What the CompileError's message names. */
  readonly names: string;
  /**
   * Whether Node's V8 enforces the same limit, so its `validate` must
   * agree; where not, why.
   */
  readonly v8: true | string;
  /**
   * Why the module at the limit is only checked against the limits (decoded
   * and given to `checkModuleLimits`) rather than compiled, if it is.
   */
  readonly limitsOnly?: string;
}

const cases: readonly LimitCase[] = [
  {
    name: 'rec groups',
    build: (n) => module(section(1, repeated(n, [0x60, 0, 0]))),
    limit: jsApiLimits.recGroups,
    names: 'rec groups',
    v8: true,
  },
  {
    name: 'types',
    build: (n) => {
      // One rec group of two types, then n - 2 groups of one.
      const rest = repeated(n - 2, [0x60, 0, 0]).subarray(leb(n - 2).length);
      return module(
        section(1, [
          ...leb(n - 1),
          ...[0x4e, 2, 0x60, 0, 0, 0x60, 0, 0],
          ...rest,
        ]),
      );
    },
    limit: jsApiLimits.types,
    names: 'types',
    v8: 'gc, which brings rec groups, is behind a flag in Node 20',
  },
  {
    name: 'types in one rec group',
    build: (n) =>
      module(section(1, [1, 0x4e, ...repeated(n, [0x50, 0, 0x5f, 0])])),
    limit: jsApiLimits.recGroupSize,
    names: 'types in the rec group at type 0',
    v8: 'gc is behind a flag in Node 20',
    limitsOnly:
      "@tswasm/ir's flattenTypes spreads a rec group into the arguments of " +
      'push, which overflows the stack for a million types',
  },
  {
    name: 'subtype depth',
    build: (n) => {
      // A chain of n + 1 struct types, each a subtype of the one before.
      const types: Bytes = [0x50, 0, 0x5f, 0];
      for (let i = 1; i <= n; i++) types.push(0x50, 1, ...leb(i - 1), 0x5f, 0);
      return module(section(1, [...leb(n + 1), ...types]));
    },
    limit: jsApiLimits.subtypeDepth,
    names: 'subtype depth of type 64',
    v8: 'gc is behind a flag in Node 20',
  },
  {
    name: 'functions',
    build: (n) =>
      module(
        voidType,
        section(3, repeated(n, [0])),
        section(10, repeated(n, [2, 0, 0x0b])),
      ),
    limit: jsApiLimits.functions,
    names: 'functions',
    v8: true,
  },
  {
    name: 'imports',
    build: (n) => module(voidType, section(2, repeated(n, [0, 0, 0, 0]))),
    limit: jsApiLimits.imports,
    names: 'imports',
    v8: 'Node 20 has the older limit of 100,000 imports',
  },
  {
    name: 'exports',
    build: (n) => {
      const names: Bytes = [];
      for (let i = 0; i < n; i++) {
        const name = [...i.toString(36)].map((c) => c.charCodeAt(0));
        names.push(name.length, ...name, 0, 0);
      }
      return module(
        voidType,
        ...oneFunction([0, 0x0b]).slice(0, 1),
        section(7, [...leb(n), ...names]),
        oneFunction([0, 0x0b])[1]!,
      );
    },
    limit: jsApiLimits.exports,
    names: 'exports',
    v8: 'Node 20 has the older limit of 100,000 exports',
  },
  {
    name: 'globals',
    build: (n) => module(section(6, repeated(n, [i32, 0, 0x41, 0, 0x0b]))),
    limit: jsApiLimits.globals,
    names: 'globals',
    v8: true,
  },
  {
    name: 'tags',
    build: (n) => module(voidType, section(13, repeated(n, [0, 0]))),
    limit: jsApiLimits.tags,
    names: 'tags',
    v8: true,
  },
  {
    name: 'data segments',
    build: (n) => module(section(11, repeated(n, [1, 0]))),
    limit: jsApiLimits.dataSegments,
    names: 'data segments',
    v8: true,
  },
  {
    name: 'tables',
    build: (n) => module(section(4, repeated(n, [0x70, 0, 0]))),
    limit: jsApiLimits.tables,
    names: 'tables',
    v8: true,
  },
  {
    name: 'minimum table size',
    build: (n) => module(section(4, [1, 0x70, 0, ...leb(n)])),
    limit: jsApiLimits.tableSize,
    names: 'minimum size of table 0',
    v8: 'Node 20 compiles such a table and fails when instantiating it',
  },
  {
    name: 'memories',
    build: (n) => module(section(5, repeated(n, [0, 0]))),
    limit: jsApiLimits.memories,
    names: 'memories',
    v8: 'Node 20 has no multi-memory',
  },
  {
    name: 'pages of a 64-bit memory',
    build: (n) => module(section(5, [1, 0x04, ...leb(n)])),
    limit: jsApiLimits.memory64Pages,
    names: 'minimum pages of 64-bit memory 0',
    v8: 'Node 20 has no memory64',
  },
  {
    name: 'parameters',
    build: (n) => module(funcType(n, 0)),
    limit: jsApiLimits.params,
    names: 'parameters of type 0',
    v8: true,
  },
  {
    name: 'results',
    build: (n) => module(funcType(0, n)),
    limit: jsApiLimits.results,
    names: 'results of type 0',
    v8: true,
  },
  {
    name: 'function body size',
    build: (n) => {
      // No locals, n - 2 nops and the final end.
      const body = new Uint8Array(n).fill(0x01);
      body[0] = 0;
      body[n - 1] = 0x0b;
      return module(voidType, ...oneFunction(body));
    },
    limit: jsApiLimits.functionBodySize,
    names: 'body size in bytes of function 0',
    v8: true,
  },
  {
    name: 'locals',
    build: (n) => module(voidType, ...oneFunction([1, ...leb(n), i32, 0x0b])),
    limit: jsApiLimits.locals,
    names: 'locals of function 0',
    v8: true,
  },
  {
    name: 'parameters and locals',
    build: (n) =>
      module(funcType(2, 0), ...oneFunction([1, ...leb(n - 2), i32, 0x0b])),
    limit: jsApiLimits.locals,
    names: 'locals of function 0',
    v8: true,
  },
  {
    name: 'struct fields',
    build: (n) => module(section(1, [1, 0x5f, ...repeated(n, [i32, 0])])),
    limit: jsApiLimits.structFields,
    names: 'fields of struct type 0',
    v8: 'gc is behind a flag in Node 20',
  },
  {
    name: 'operands of array.new_fixed',
    build: (n) => {
      // (type (array i32)) (type (func)) (func (drop (array.new_fixed 0 n ...)))
      const code: Bytes = [0];
      for (let i = 0; i < n; i++) code.push(0x41, 0);
      code.push(0xfb, 0x08, 0, ...leb(n), 0x1a, 0x0b);
      return module(
        section(1, [2, 0x5e, i32, 0, 0x60, 0, 0]),
        section(3, [1, 1]),
        section(10, [1, ...leb(code.length), ...code]),
      );
    },
    limit: jsApiLimits.arrayNewFixed,
    names: 'operands of array.new_fixed in function 0',
    v8: 'gc is behind a flag in Node 20',
  },
  {
    name: 'operands of array.new_fixed in a constant expression',
    build: (n) => {
      const init: Bytes = [];
      for (let i = 0; i < n; i++) init.push(0x41, 0);
      init.push(0xfb, 0x08, 0, ...leb(n), 0x0b);
      return module(
        section(1, [1, 0x5e, i32, 0]),
        section(6, [1, 0x63, 0, 0, ...init]),
      );
    },
    limit: jsApiLimits.arrayNewFixed,
    names: 'operands of array.new_fixed in the initialiser of defined global 0',
    v8: 'gc is behind a flag in Node 20',
  },
];

describe('the compile-time limits of the JS API', () => {
  it.each(cases)(
    '$name: $limit',
    (c) => {
      const atLimit = c.build(c.limit);
      if (c.limitsOnly === undefined) {
        expect(compileError(atLimit)).toBeNull();
        expect(Ours.validate(atLimit)).toBe(true);
      } else {
        expect(checkModuleLimits(atLimit, decodeModule(atLimit))).toBeNull();
      }
      const past = c.build(c.limit + 1);
      const message = compileError(past);
      expect(message).toContain(`implementation limit exceeded: ${c.names}`);
      expect(message).toContain(`(${c.limit + 1} > ${c.limit})`);
      expect(Ours.validate(past)).toBe(false);
      if (c.v8 === true) {
        expect(native.validate(atLimit)).toBe(true);
        expect(native.validate(past)).toBe(false);
      }
    },
    60_000,
  );

  it('rejects through compile() and instantiate() as a CompileError', async () => {
    const past = cases.find((c) => c.name === 'locals')!.build(50_001);
    await expect(Ours.compile(past)).rejects.toBeInstanceOf(Ours.CompileError);
    await expect(Ours.instantiate(past)).rejects.toBeInstanceOf(
      Ours.CompileError,
    );
  });

  // These two are checked with smaller limits: a module of 1 GiB, or one
  // of 10,000,000 segment entries (which decode to as many expressions),
  // is too costly for a unit test.
  const small: JsApiLimits = {
    ...jsApiLimits,
    moduleSize: 100,
    tableInitEntries: 100,
  };

  it('limits the size of a module', () => {
    const sized = (n: number): Uint8Array =>
      module(section(0, new Uint8Array(n - 8 - 2)));
    expect(checkModuleSize(sized(100), small)).toBeNull();
    expect(checkModuleSize(sized(101), small)).toBe(
      'implementation limit exceeded: module size in bytes (101 > 100)',
    );
    expect(jsApiLimits.moduleSize).toBe(1_073_741_824);
  });

  it('limits the entries of an element segment', () => {
    // (table 1 funcref) (func) (elem (i32.const 0) func 0 0 ... 0)
    const build = (n: number): Uint8Array =>
      module(
        voidType,
        section(3, [1, 0]),
        section(4, [1, 0x70, 0, 1]),
        section(9, [
          1,
          0,
          0x41,
          0,
          0x0b,
          ...leb(n),
          ...new Array<number>(n).fill(0),
        ]),
        section(10, [1, 2, 0, 0x0b]),
      );
    const check = (n: number): string | null => {
      const bytes = build(n);
      return checkModuleLimits(bytes, decodeModule(bytes), small);
    };
    expect(check(100)).toBeNull();
    expect(check(101)).toBe(
      'implementation limit exceeded: entries of elem segment 0 (101 > 100)',
    );
    expect(jsApiLimits.tableInitEntries).toBe(10_000_000);
    expect(Ours.validate(build(100))).toBe(true);
  });
});

describe('the runtime limits of the JS API', () => {
  const both = [
    ['ours', Ours],
    ['V8', native],
  ] as const;

  it.each(both)('limits 32-bit memories to 65,536 pages (%s)', (_, api) => {
    expect(() => new api.Memory({ initial: 0, maximum: 65_536 })).not.toThrow();
    expect(() => new api.Memory({ initial: 0, maximum: 65_537 })).toThrow(
      RangeError,
    );
    expect(() => new api.Memory({ initial: 65_537 })).toThrow(RangeError);
    const memory = new api.Memory({ initial: 0, maximum: 65_536 });
    expect(() => memory.grow(65_537)).toThrow(RangeError);
  });

  it('limits 64-bit memories to 262,144 pages', () => {
    expect(
      () => new Ours.Memory({ initial: 0, maximum: 262_144, address: 'i64' }),
    ).not.toThrow();
    expect(
      () => new Ours.Memory({ initial: 0, maximum: 262_145, address: 'i64' }),
    ).toThrow(RangeError);
    expect(() => new Ours.Memory({ initial: 262_145, address: 'i64' })).toThrow(
      RangeError,
    );
  });

  it.each(both)('limits tables to 10,000,000 elements (%s)', (_, api) => {
    expect(
      new api.Table({ element: 'anyfunc', initial: 10_000_000 }).length,
    ).toBe(10_000_000);
    expect(
      () => new api.Table({ element: 'anyfunc', initial: 10_000_001 }),
    ).toThrow(RangeError);
    const table = new api.Table({
      element: 'anyfunc',
      initial: 1,
      maximum: 10_000_001,
    });
    expect(() => table.grow(10_000_000)).toThrow(RangeError);
    expect(table.length).toBe(1);
  });
});
