import {
  type Instr,
  type MemArg,
  type Module,
  type RefType,
  type ValType,
  emptyModule,
  funcref,
} from '@tswasm/ir';
import { describe, expect, it } from 'vitest';
import { FuncChecker } from './func-checker.js';
import { funcModule, funcType, op, sub } from './modules.test.util.js';
import { ValidationError } from './validation-error.js';
import {
  createModuleContext,
  validateModule,
  validateFunction,
} from './validate-module.js';
import { matchExternType } from './match-extern.js';

function rejects(
  module: Module,
  message: string,
  features = {},
): ValidationError {
  let error: unknown;
  try {
    validateModule(module, { features });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ValidationError);
  expect(
    (error as ValidationError).message.startsWith(message),
    (error as Error).message,
  ).toBe(true);
  return error as ValidationError;
}

function accepts(module: Module, features = {}): void {
  expect(() => validateModule(module, { features })).not.toThrow();
}

const ref = (heapType: RefType['heapType'], nullable = true): RefType => ({
  kind: 'ref',
  nullable,
  heapType,
});
const mem = (
  align: number,
  memory = 0,
  offset: number | bigint = 0,
): MemArg => ({ align, offset, memory });
const memory32 = {
  memories: [
    {
      limits: { min: 1, max: null },
      addressType: 'i32',
      shared: false,
      pageSizeLog2: null,
    },
  ],
} as const;
const i32c = (n: number): Instr => op('i32.const', n);

describe('operand types', () => {
  it('rejects a binary operator on mismatched operands, naming the types', () => {
    const error = rejects(
      funcModule([i32c(1), op('f64.const', 0n), op('i32.add'), op('drop')]),
      'type mismatch',
    );
    expect(error.message).toContain('[i32 i32] but stack has [i32 f64]');
    expect(error.funcIndex).toBe(0);
    expect(error.instrIndex).toBe(2);
  });
  it('accepts well-typed arithmetic', () => {
    accepts(
      funcModule([i32c(1), i32c(2), op('i32.add')], { results: ['i32'] }),
    );
  });
  it('rejects a body that leaves the wrong results', () => {
    rejects(funcModule([i32c(1)]), 'type mismatch');
    rejects(funcModule([], { results: ['i32'] }), 'type mismatch');
  });
  it('lets anything through after unreachable, but not a wrong concrete type', () => {
    accepts(
      funcModule([op('unreachable'), op('i32.add')], { results: ['i32'] }),
    );
    rejects(
      funcModule([op('unreachable'), op('i64.const', 0n), op('i32.add')], {
        results: ['i32'],
      }),
      'type mismatch',
    );
  });
  it('checks untyped select operands are numeric and equal', () => {
    accepts(
      funcModule([i32c(1), i32c(2), i32c(0), op('select')], {
        results: ['i32'],
      }),
    );
    rejects(
      funcModule([
        i32c(1),
        op('i64.const', 2n),
        i32c(0),
        op('select'),
        op('drop'),
      ]),
      'type mismatch',
    );
    rejects(
      funcModule([
        op('ref.null', 'func'),
        op('ref.null', 'func'),
        i32c(0),
        op('select'),
        op('drop'),
      ]),
      'type mismatch',
    );
    rejects(
      funcModule([
        i32c(1),
        i32c(2),
        i32c(0),
        op('select.typed', ['i32', 'i32']),
        op('drop'),
      ]),
      'invalid result arity',
    );
  });
});

describe('locals and globals', () => {
  it('rejects unknown locals and globals', () => {
    rejects(
      funcModule([op('local.get', 1), op('drop')], { params: ['i32'] }),
      'unknown local',
    );
    rejects(funcModule([op('global.get', 0), op('drop')]), 'unknown global');
    accepts(
      funcModule([op('local.get', 0)], { params: ['i32'], results: ['i32'] }),
    );
  });
  it('rejects setting an immutable global', () => {
    const globals = (mutable: boolean): Partial<Module> => ({
      globals: [{ type: { valType: 'i32', mutable }, init: [i32c(0)] }],
    });
    rejects(
      funcModule([i32c(1), op('global.set', 0)], { module: globals(false) }),
      'immutable global',
    );
    accepts(
      funcModule([i32c(1), op('global.set', 0)], { module: globals(true) }),
    );
  });
  it('tracks the initialisation of non-nullable locals per block', () => {
    const local: ValType = ref('func', false);
    const set = [op('ref.func', 0), op('local.set', 0)];
    const exports: Partial<Module> = {
      exports: [{ name: 'f', kind: 'func', index: 0 }],
    };
    accepts(
      funcModule([...set, op('local.get', 0), op('drop')], {
        locals: [local],
        module: exports,
      }),
    );
    rejects(
      funcModule([op('local.get', 0), op('drop')], {
        locals: [local],
        module: exports,
      }),
      'uninitialized local',
    );
    rejects(
      funcModule(
        [op('block', null), ...set, op('end'), op('local.get', 0), op('drop')],
        { locals: [local], module: exports },
      ),
      'uninitialized local',
    );
  });
});

describe('control', () => {
  it('rejects unknown labels and checks branch types', () => {
    rejects(funcModule([op('br', 1)]), 'unknown label');
    accepts(
      funcModule([
        op('block', 'i32'),
        i32c(1),
        op('br', 0),
        op('end'),
        op('drop'),
      ]),
    );
    rejects(
      funcModule([
        op('block', 'i32'),
        op('i64.const', 1n),
        op('br', 0),
        op('end'),
        op('drop'),
      ]),
      'type mismatch',
    );
  });
  it('requires br_table targets of one arity', () => {
    const body = (inner: ValType | null): Instr[] => [
      op('block', null),
      op('block', inner),
      i32c(0),
      op('br_table', [0], 1),
      op('end'),
      op('end'),
    ];
    accepts(funcModule(body(null)));
    rejects(funcModule(body('i32')), 'type mismatch');
  });
  it('requires an if without else to pass its parameters on', () => {
    rejects(
      funcModule([i32c(1), op('if', 'i32'), i32c(1), op('end'), op('drop')]),
      'type mismatch',
    );
    accepts(
      funcModule([
        i32c(1),
        op('if', 'i32'),
        i32c(1),
        op('else'),
        i32c(2),
        op('end'),
        op('drop'),
      ]),
    );
  });
  it('records block types and the maximum stack height', () => {
    const module = funcModule(
      [
        i32c(1),
        op('block', 'i32'),
        i32c(2),
        i32c(3),
        op('i32.add'),
        op('end'),
        op('i32.add'),
      ],
      {
        results: ['i32'],
      },
    );
    const info = validateFunction(createModuleContext(module), 0);
    expect(info.maxStackHeight).toBe(3);
    expect(
      info.blocks.map((b) => [
        b.kind,
        b.results.length,
        b.instrIndex,
        b.endIndex,
      ]),
    ).toEqual([
      ['func', 1, -1, 7],
      ['block', 1, 1, 5],
    ]);
  });
  it('checks tail calls return subtypes of the caller results', () => {
    const types = [sub(funcType([], ['i64']))];
    const module = (results: ValType[]): Module => ({
      ...funcModule([op('return_call', 0)], { results }),
      types: [{ types: [sub(funcType([], results))] }],
    });
    accepts(module(['i32']));
    rejects(
      funcModule([op('return_call', 0)], {
        types,
        results: ['i32'],
        module: {
          imports: [
            { module: 'm', name: 'f', desc: { kind: 'func', typeIndex: 0 } },
          ],
        },
      }),
      'type mismatch',
    );
  });
});

describe('memories', () => {
  it('rejects unknown memories and over-aligned accesses', () => {
    rejects(
      funcModule([i32c(0), op('i32.load', mem(2)), op('drop')]),
      'unknown memory',
    );
    rejects(
      funcModule([i32c(0), op('i32.load', mem(3)), op('drop')], {
        module: memory32,
      }),
      'alignment must not be larger than natural',
    );
    accepts(
      funcModule([i32c(0), op('i32.load', mem(2)), op('drop')], {
        module: memory32,
      }),
    );
  });
  it('uses the address type of memory64 memories', () => {
    const memory64 = {
      memories: [
        {
          limits: { min: 1, max: null },
          addressType: 'i64',
          shared: false,
          pageSizeLog2: null,
        },
      ],
    } as const;
    accepts(
      funcModule([op('i64.const', 0n), op('i32.load', mem(2)), op('drop')], {
        module: memory64,
      }),
    );
    rejects(
      funcModule([i32c(0), op('i32.load', mem(2)), op('drop')], {
        module: memory64,
      }),
      'type mismatch',
    );
  });
  it('requires atomics to be exactly aligned and shared memories to have a maximum', () => {
    const shared = {
      memories: [
        {
          limits: { min: 1, max: 1 },
          addressType: 'i32',
          shared: true,
          pageSizeLog2: null,
        },
      ],
    } as const;
    accepts(
      funcModule([i32c(0), op('i32.atomic.load', mem(2)), op('drop')], {
        module: shared,
      }),
      { threads: true },
    );
    rejects(
      funcModule([i32c(0), op('i32.atomic.load', mem(1)), op('drop')], {
        module: shared,
      }),
      'alignment must be exactly natural',
      { threads: true },
    );
    rejects(
      {
        ...emptyModule(),
        memories: [{ ...shared.memories[0], limits: { min: 1, max: null } }],
      },
      'shared memory must have maximum',
      { threads: true },
    );
  });
  it('checks memory limits and custom page sizes', () => {
    const memory = (
      min: number,
      max: number | null,
      pageSizeLog2: number | null = null,
    ): Module => ({
      ...emptyModule(),
      memories: [
        {
          limits: { min, max },
          addressType: 'i32',
          shared: false,
          pageSizeLog2,
        },
      ],
    });
    rejects(
      memory(65537, null),
      'memory size must be at most 65536 pages (4GiB)',
    );
    rejects(memory(2, 1), 'size minimum must not be greater than maximum');
    rejects(memory(0, null, 3), 'invalid custom page size', {
      customPageSizes: true,
    });
    accepts(memory(65537, null, 0), { customPageSizes: true });
  });
  it('requires the data count section for memory.init and data.drop', () => {
    const datas: Partial<Module> = {
      ...memory32,
      datas: [{ mode: { kind: 'passive' }, bytes: new Uint8Array() }],
    };
    // In a binary (instructions with offsets) it is a malformed module.
    expect(() =>
      validateModule(
        funcModule([{ op: 'data.drop', args: [0], offset: 10 }], {
          module: datas,
        }),
      ),
    ).toThrow(
      expect.objectContaining({
        name: 'DecodeError',
        message: 'data count section required',
      }),
    );
    accepts(
      funcModule([op('data.drop', 0)], { module: { ...datas, dataCount: 1 } }),
    );
    rejects(
      funcModule([op('data.drop', 1)], { module: { ...datas, dataCount: 1 } }),
      'unknown data segment',
    );
  });
  it('rejects out-of-range SIMD lane indices', () => {
    const v = op('v128.const', new Uint8Array(16));
    accepts(funcModule([v, op('i32x4.extract_lane', 3), op('drop')]));
    rejects(
      funcModule([v, op('i32x4.extract_lane', 4), op('drop')]),
      'invalid lane index',
    );
    rejects(
      funcModule([
        v,
        v,
        op('i8x16.shuffle', new Uint8Array(16).fill(32)),
        op('drop'),
      ]),
      'invalid lane index',
    );
  });
});

describe('module-level rules', () => {
  it('rejects duplicate export names', () => {
    const module = funcModule([], {
      module: {
        exports: [
          { name: 'a', kind: 'func', index: 0 },
          { name: 'a', kind: 'func', index: 0 },
        ],
      },
    });
    rejects(module, 'duplicate export name');
    accepts(
      funcModule([], {
        module: { exports: [{ name: 'a', kind: 'func', index: 0 }] },
      }),
    );
  });
  it('requires the start function to have type [] -> []', () => {
    rejects(
      funcModule([], { params: ['i32'], module: { start: 0 } }),
      'start function',
    );
    accepts(funcModule([], { module: { start: 0 } }));
  });
  it('requires constant expressions in global initialisers', () => {
    const global = (init: Instr[], mutable = false): Module => ({
      ...emptyModule(),
      globals: [
        { type: { valType: 'i32', mutable }, init: [i32c(0)] },
        { type: { valType: 'i32', mutable: false }, init },
      ],
    });
    rejects(global([i32c(0), op('i32.clz')]), 'constant expression required');
    accepts(global([op('global.get', 0), i32c(1), op('i32.add')]));
    rejects(
      global([op('global.get', 0), i32c(1), op('i32.add')]),
      'constant expression required',
      { extendedConst: false },
    );
    rejects(
      global([op('global.get', 0)], true),
      'constant expression required',
    );
  });
  it('rejects undeclared function references in bodies', () => {
    rejects(
      funcModule([op('ref.func', 0), op('drop')]),
      'undeclared function reference',
    );
    accepts(
      funcModule([op('ref.func', 0), op('drop')], {
        module: {
          elements: [
            {
              mode: { kind: 'declarative' },
              type: funcref,
              init: [[op('ref.func', 0)]],
            },
          ],
        },
      }),
    );
  });
  it('rejects multiple memories without multi-memory', () => {
    const module = {
      ...emptyModule(),
      memories: [memory32.memories[0], memory32.memories[0]],
    };
    rejects(module, 'multiple memories', { multiMemory: false });
    accepts(module);
  });
  it('requires tag types without results', () => {
    const module = (results: ValType[]): Module => ({
      ...emptyModule(),
      types: [{ types: [sub(funcType(['i32'], results))] }],
      tags: [{ type: { typeIndex: 0 } }],
    });
    rejects(module(['i32']), 'non-empty tag result type');
    accepts(module([]));
  });
});

describe('GC types', () => {
  const struct = (mutable: boolean, storage: ValType | 'i8' = 'i32') =>
    sub({ kind: 'struct', fields: [{ storage, mutable }] }, [], false);
  it('checks declared supertypes', () => {
    const types = (
      a: ReturnType<typeof sub>,
      b: ReturnType<typeof sub>,
    ): Module => ({
      ...emptyModule(),
      types: [{ types: [a] }, { types: [b] }],
    });
    accepts(
      types(
        struct(false),
        sub(
          {
            kind: 'struct',
            fields: [
              { storage: 'i32', mutable: false },
              { storage: 'i64', mutable: true },
            ],
          },
          [0],
        ),
      ),
    );
    rejects(
      types(
        struct(false),
        sub(
          { kind: 'struct', fields: [{ storage: 'i64', mutable: false }] },
          [0],
        ),
      ),
      'sub type 1 does not match super type 0',
    );
    rejects(types(sub(funcType()), sub(funcType(), [0])), 'sub type');
    rejects(
      types(
        struct(false),
        sub(
          { kind: 'array', element: { storage: 'i32', mutable: false } },
          [0],
        ),
      ),
      'sub type',
    );
  });
  it('rejects forward references out of a rec group', () => {
    const module: Module = {
      ...emptyModule(),
      types: [
        {
          types: [
            sub({
              kind: 'struct',
              fields: [{ storage: ref(1), mutable: false }],
            }),
          ],
        },
      ],
    };
    rejects(module, 'unknown type');
  });
  it('canonicalises equivalent rec groups to one identity', () => {
    const group = (self: number) => ({
      types: [
        sub(
          { kind: 'struct', fields: [{ storage: ref(self), mutable: true }] },
          [],
          false,
        ),
      ],
    });
    const module: Module = {
      ...emptyModule(),
      types: [
        group(0),
        group(1),
        { types: [sub(funcType([ref(0)]))] },
        { types: [sub(funcType([ref(1)]))] },
      ],
    };
    const ctx = createModuleContext(module);
    expect(ctx.canonicalIds[0]).toBe(ctx.canonicalIds[1]);
    expect(ctx.canonicalIds[2]).toBe(ctx.canonicalIds[3]);
    expect(ctx.isSubtype(ref(0), ref(1))).toBe(true);
    expect(ctx.isSubtype(ref(0), ref('struct'))).toBe(true);
    expect(ctx.isSubtype(ref('struct'), ref(0))).toBe(false);
    expect(ctx.isSubtype(ref('none'), ref(0))).toBe(true);
  });
  it('checks field mutability and packed access', () => {
    const get = (name: string): Instr[] => [
      op('local.get', 0),
      op(name, 0, 0),
      op('drop'),
    ];
    const set = [op('local.get', 0), i32c(1), op('struct.set', 0, 0)];
    accepts(funcModule(set, { types: [struct(true)], params: [ref(0)] }));
    rejects(
      funcModule(set, { types: [struct(false)], params: [ref(0)] }),
      'immutable field',
    );
    accepts(
      funcModule(get('struct.get_s'), {
        types: [struct(false, 'i8')],
        params: [ref(0)],
      }),
    );
    rejects(
      funcModule(get('struct.get'), {
        types: [struct(false, 'i8')],
        params: [ref(0)],
      }),
      'type mismatch',
    );
    rejects(
      funcModule([op('local.get', 0), op('struct.get', 0, 1), op('drop')], {
        types: [struct(false)],
        params: [ref(0)],
      }),
      'unknown field',
    );
  });
  it('checks array mutability', () => {
    const array = (mutable: boolean) =>
      sub({ kind: 'array', element: { storage: 'i32', mutable } });
    const body = [op('local.get', 0), i32c(0), i32c(1), op('array.set', 0)];
    accepts(funcModule(body, { types: [array(true)], params: [ref(0)] }));
    rejects(
      funcModule(body, { types: [array(false)], params: [ref(0)] }),
      'immutable array',
    );
  });
  it('checks casts stay within one hierarchy', () => {
    accepts(
      funcModule([op('local.get', 0), op('ref.cast', 'i31'), op('drop')], {
        params: [ref('any')],
      }),
    );
    rejects(
      funcModule([op('local.get', 0), op('ref.cast', 'i31'), op('drop')], {
        params: [ref('func')],
      }),
      'type mismatch',
    );
  });
});

describe('exceptions', () => {
  const tagModule: Partial<Module> = { tags: [{ type: { typeIndex: 0 } }] };
  const types = [sub(funcType(['i32']))];
  it('checks try_table catch clauses against their labels', () => {
    const body = (label: ValType | null): Instr[] => [
      op('block', label),
      op('try_table', null, [{ kind: 'catch', tag: 0, label: 0 }]),
      op('end'),
      op('unreachable'),
      op('end'),
      ...(label === null ? [] : [op('drop')]),
    ];
    accepts(funcModule(body('i32'), { types, module: tagModule }));
    rejects(
      funcModule(body(null), { types, module: tagModule }),
      'type mismatch',
    );
  });
  it('checks throw operands and rethrow labels of the legacy form', () => {
    rejects(
      funcModule([op('throw', 0)], { types, module: tagModule }),
      'type mismatch',
    );
    accepts(
      funcModule(
        [
          op('try', null),
          op('catch', 0),
          op('drop'),
          op('rethrow', 0),
          op('end'),
        ],
        { types, module: tagModule },
      ),
      { legacyExceptions: true },
    );
    rejects(
      funcModule([op('try', null), op('rethrow', 0), op('end')], {
        types,
        module: tagModule,
      }),
      'invalid rethrow label',
      { legacyExceptions: true },
    );
  });
});

describe('linking helpers', () => {
  it('matches function imports by canonical type across modules', () => {
    const a = createModuleContext({
      ...emptyModule(),
      types: [{ types: [sub(funcType(['i32']))] }],
    });
    const b = createModuleContext({
      ...emptyModule(),
      types: [
        { types: [sub(funcType([]))] },
        { types: [sub(funcType(['i32']))] },
      ],
    });
    expect(
      matchExternType(a, { kind: 'func', typeIndex: 0 }, b, {
        kind: 'func',
        typeIndex: 1,
      }),
    ).toBe(true);
    expect(
      matchExternType(a, { kind: 'func', typeIndex: 0 }, b, {
        kind: 'func',
        typeIndex: 0,
      }),
    ).toBe(false);
  });
});

describe('extern type matching', () => {
  const ctx = createModuleContext(emptyModule());
  it('matches globals by mutability and type', () => {
    const global = (valType: ValType, mutable: boolean) =>
      ({ kind: 'global', type: { valType, mutable } }) as const;
    expect(
      matchExternType(
        ctx,
        global(ref('func', false), false),
        ctx,
        global(ref('func'), false),
      ),
    ).toBe(true);
    expect(
      matchExternType(
        ctx,
        global(ref('func', false), true),
        ctx,
        global(ref('func'), true),
      ),
    ).toBe(false);
    expect(
      matchExternType(ctx, global('i32', true), ctx, global('i32', false)),
    ).toBe(false);
  });
  it('matches memories and tables by limits and address type', () => {
    const memory = (
      min: number,
      max: number | null,
      addressType: 'i32' | 'i64' = 'i32',
    ) =>
      ({
        kind: 'memory',
        type: {
          limits: { min, max },
          addressType,
          shared: false,
          pageSizeLog2: null,
        },
      }) as const;
    expect(matchExternType(ctx, memory(2, 3), ctx, memory(1, 4))).toBe(true);
    expect(matchExternType(ctx, memory(2, null), ctx, memory(1, 4))).toBe(
      false,
    );
    expect(matchExternType(ctx, memory(2, 3, 'i64'), ctx, memory(1, 4))).toBe(
      false,
    );
    const table = (elemType: RefType) =>
      ({
        kind: 'table',
        type: { elemType, limits: { min: 1, max: null }, addressType: 'i32' },
      }) as const;
    expect(matchExternType(ctx, table(funcref), ctx, table(funcref))).toBe(
      true,
    );
    expect(
      matchExternType(ctx, table(ref('func', false)), ctx, table(funcref)),
    ).toBe(false);
  });
});

describe('FuncChecker', () => {
  it('can be driven one instruction at a time and exposes the stack', () => {
    const ctx = createModuleContext(funcModule([], { results: ['i32'] }));
    const checker = new FuncChecker(ctx, 0);
    checker.step(i32c(1));
    expect(checker.height).toBe(1);
    expect(checker.peek()).toBe('i32');
    checker.step(op('end'));
    expect(checker.isDone).toBe(true);
    expect(checker.info().maxStackHeight).toBe(1);
  });
});
