import {
  type Instr,
  type Module,
  type RefType,
  type ValType,
  emptyModule,
} from '@tswasm/ir';
import { describe, expect, it } from 'vitest';
import { funcModule, funcType, op, sub } from './modules.test.util.js';
import { ValidationError } from './validation-error.js';
import {
  createModuleContext,
  validateFunction,
  validateModule,
} from './validate-module.js';

function verdict(module: Module, features = {}): string {
  try {
    validateModule(module, { features });
    return 'valid';
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.message;
  }
}

function expectInvalid(module: Module, message: string, features = {}): void {
  expect(verdict(module, features)).toMatch(new RegExp(`^${message}`));
}

function expectValid(module: Module, features = {}): void {
  expect(verdict(module, features)).toBe('valid');
}

const ref = (heapType: RefType['heapType'], nullable = true): RefType => ({
  kind: 'ref',
  nullable,
  heapType,
});
const i32c = (n: number): Instr => op('i32.const', n);
const i64c = (n: bigint): Instr => op('i64.const', n);
const memory = (addressType: 'i32' | 'i64') =>
  ({
    limits: { min: 1, max: null },
    addressType,
    shared: false,
    pageSizeLog2: null,
  }) as const;
const table = (elemType: RefType, addressType: 'i32' | 'i64' = 'i32') => ({
  type: { elemType, limits: { min: 1, max: null }, addressType },
  init: null,
});

describe('binary bodies', () => {
  it('reads a body straight from its bytes and reports the byte offset', () => {
    const module = (code: number[]): Module => ({
      ...emptyModule(),
      types: [{ types: [sub(funcType([], ['i32']))] }],
      functions: [
        {
          typeIndex: 0,
          locals: [],
          body: { kind: 'bytes', bytes: new Uint8Array(code), offset: 100 },
        },
      ],
    });
    expectValid(module([0x41, 1, 0x41, 2, 0x6a, 0x0b]));
    let error: unknown;
    try {
      validateModule(module([0x41, 1, 0x42, 2, 0x6a, 0x0b]));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).offset).toBe(104);
    expect((error as ValidationError).instrIndex).toBe(2);
  });
});

describe('binary bodies read without the decoder', () => {
  const module = (code: number[], locals = 1): Module => ({
    ...emptyModule(),
    types: [{ types: [sub(funcType([], ['i32']))] }],
    memories: [memory('i32')],
    functions: [
      {
        typeIndex: 0,
        locals: [{ count: locals, type: 'i32' }],
        body: { kind: 'bytes', bytes: new Uint8Array(code), offset: 0 },
      },
    ],
  });
  const failure = (m: Module): string => {
    try {
      validateModule(m);
      return 'valid';
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
  };
  it('accepts long but well-formed LEB128 immediates', () => {
    // local.get 0 as a 5-byte LEB128, i32.load with a 5-byte offset.
    expect(
      failure(
        module([
          0x20, 0x80, 0x80, 0x80, 0x80, 0x00, 0x28, 0x02, 0x80, 0x80, 0x80,
          0x80, 0x00, 0x0b,
        ]),
      ),
    ).toBe('valid');
    expect(failure(module([0x41, 0xff, 0xff, 0xff, 0xff, 0x07, 0x0b]))).toBe(
      'valid',
    );
  });
  it('leaves malformed immediates to the decoder', () => {
    expect(
      failure(module([0x20, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0b])),
    ).toMatch(/^DecodeError/);
    expect(failure(module([0x41, 0x80]))).toMatch(/^DecodeError/);
    expect(
      failure(
        module([
          0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
          0x00, 0x1a, 0x41, 0x00, 0x0b,
        ]),
      ),
    ).toMatch(/^DecodeError/);
    expect(failure(module([0xff, 0x0b]))).toMatch(/^DecodeError/);
  });
  it('checks what it reads itself', () => {
    expect(failure(module([0x20, 0x01, 0x0b]))).toMatch(
      /^ValidationError: unknown local 1/,
    );
    expect(failure(module([0x41, 0x00, 0x28, 0x03, 0x00, 0x0b]))).toMatch(
      /^ValidationError: alignment must not be larger than natural/,
    );
    expect(failure(module([0x02, 0x7f, 0x41, 0x01, 0x0b, 0x0b]))).toBe('valid');
  });
});

describe('calls', () => {
  it('checks call arguments and unknown functions', () => {
    expectValid(
      funcModule([i32c(1), op('call', 0)], {
        params: ['i32'],
        results: ['i32'],
      }),
    );
    expectInvalid(
      funcModule([op('call', 0)], { params: ['i32'] }),
      'type mismatch',
    );
    expectInvalid(funcModule([op('call', 1)]), 'unknown function');
  });
  it('needs a function table for call_indirect and the table address type', () => {
    const types = [sub(funcType())];
    expectValid(
      funcModule([i32c(0), op('call_indirect', 0, 0)], {
        types,
        module: { tables: [table(ref('func'))] },
      }),
    );
    expectInvalid(
      funcModule([i32c(0), op('call_indirect', 0, 0)], {
        types,
        module: { tables: [table(ref('extern'))] },
      }),
      'type mismatch',
    );
    expectInvalid(
      funcModule([i32c(0), op('call_indirect', 0, 0)], {
        types,
        module: { tables: [table(ref('func'), 'i64')] },
      }),
      'type mismatch',
    );
    expectValid(
      funcModule([i64c(0n), op('call_indirect', 0, 0)], {
        types,
        module: { tables: [table(ref('func'), 'i64')] },
      }),
    );
    expectInvalid(
      funcModule([i32c(0), op('call_indirect', 0, 0)], { types }),
      'unknown table',
    );
  });
  it('checks call_ref against its type index', () => {
    const types = [sub(funcType(['i32'], ['i32']))];
    expectValid(
      funcModule([i32c(1), op('local.get', 0), op('call_ref', 0), op('drop')], {
        types,
        params: [ref(0)],
      }),
    );
    expectInvalid(
      funcModule([i32c(1), op('local.get', 0), op('call_ref', 0), op('drop')], {
        types,
        params: [ref('func')],
      }),
      'type mismatch',
    );
  });
  it('checks return_call_ref results against the caller', () => {
    const types = [sub(funcType([], ['i32']))];
    expectValid(
      funcModule([op('local.get', 0), op('return_call_ref', 0)], {
        types,
        params: [ref(0)],
        results: ['i32'],
      }),
    );
    expectInvalid(
      funcModule([op('local.get', 0), op('return_call_ref', 0)], {
        types,
        params: [ref(0)],
        results: ['i64'],
      }),
      'type mismatch',
    );
  });
});

describe('references', () => {
  it('narrows with br_on_null and br_on_non_null', () => {
    const params = [ref('func')];
    expectValid(
      funcModule(
        [
          op('block', null),
          op('local.get', 0),
          op('br_on_null', 0),
          op('drop'),
          op('end'),
        ],
        { params },
      ),
    );
    expectValid(
      funcModule(
        [
          op('block', ref('func', false)),
          op('local.get', 0),
          op('br_on_non_null', 0),
          op('unreachable'),
          op('end'),
          op('drop'),
        ],
        { params },
      ),
    );
    expectInvalid(
      funcModule(
        [
          op('block', null),
          op('local.get', 0),
          op('br_on_non_null', 0),
          op('end'),
        ],
        { params },
      ),
      'type mismatch',
    );
  });
  it('checks br_on_cast target types', () => {
    const body = (label: ValType, flags: number): Instr[] => [
      op('block', label),
      op('local.get', 0),
      op('br_on_cast', flags, 0, 'any', 'i31'),
      op('drop'),
      op('unreachable'),
      op('end'),
      op('drop'),
    ];
    expectValid(
      funcModule(body(ref('i31', false), 1), { params: [ref('any')] }),
    );
    expectInvalid(
      funcModule(body(ref('i31', false), 3), { params: [ref('any')] }),
      'type mismatch',
    );
    expectInvalid(
      funcModule(
        [op('local.get', 0), op('br_on_cast', 0, 0, 'i31', 'any'), op('drop')],
        { params: [ref('any', false)] },
      ),
      'type mismatch',
    );
  });
  it('rejects ref.is_null on numbers and converts between any and extern', () => {
    expectInvalid(
      funcModule([i32c(0), op('ref.is_null'), op('drop')]),
      'type mismatch',
    );
    expectValid(
      funcModule([op('local.get', 0), op('any.convert_extern')], {
        params: [ref('extern', false)],
        results: [ref('any', false)],
      }),
    );
    expectInvalid(
      funcModule([op('local.get', 0), op('any.convert_extern')], {
        params: [ref('extern')],
        results: [ref('any', false)],
      }),
      'type mismatch',
    );
  });
  it('checks ref.null heap types and i31', () => {
    expectInvalid(funcModule([op('ref.null', 3), op('drop')]), 'unknown type');
    expectValid(
      funcModule([i32c(1), op('ref.i31'), op('i31.get_s')], {
        results: ['i32'],
      }),
    );
  });
});

describe('GC allocation', () => {
  const struct = (storage: ValType) =>
    sub({ kind: 'struct', fields: [{ storage, mutable: false }] });
  const array = (storage: ValType | 'i8', mutable = true) =>
    sub({ kind: 'array', element: { storage, mutable } });
  it('needs defaultable fields for struct.new_default', () => {
    expectValid(
      funcModule([op('struct.new_default', 0), op('drop')], {
        types: [struct('i32')],
      }),
    );
    expectInvalid(
      funcModule([op('struct.new_default', 0), op('drop')], {
        types: [struct(ref('any', false))],
      }),
      'type mismatch',
    );
  });
  it('checks array.new_fixed operands', () => {
    expectValid(
      funcModule([i32c(1), i32c(2), op('array.new_fixed', 0, 2), op('drop')], {
        types: [array('i32')],
      }),
    );
    expectInvalid(
      funcModule([i32c(1), op('array.new_fixed', 0, 2), op('drop')], {
        types: [array('i32')],
      }),
      'type mismatch',
    );
  });
  it('checks array.copy element types', () => {
    const body = [
      op('local.get', 0),
      i32c(0),
      op('local.get', 1),
      i32c(0),
      i32c(1),
      op('array.copy', 0, 1),
    ];
    expectValid(
      funcModule(body, {
        types: [array('i8'), array('i8')],
        params: [ref(0), ref(1)],
      }),
    );
    expectInvalid(
      funcModule(body, {
        types: [array('i8'), array('i32')],
        params: [ref(0), ref(1)],
      }),
      'array types do not match',
    );
  });
  it('needs numeric arrays for array.new_data', () => {
    const datas = {
      datas: [{ mode: { kind: 'passive' }, bytes: new Uint8Array(4) }],
      dataCount: 1,
    } as const;
    expectValid(
      funcModule([i32c(0), i32c(1), op('array.new_data', 0, 0), op('drop')], {
        types: [array('i8')],
        module: datas,
      }),
    );
    expectInvalid(
      funcModule([i32c(0), i32c(1), op('array.new_data', 0, 0), op('drop')], {
        types: [array(ref('any'))],
        module: datas,
      }),
      'array type is not numeric or vector',
    );
  });
});

describe('tables and segments', () => {
  it('checks table.copy element types', () => {
    const tables = { tables: [table(ref('func')), table(ref('extern'))] };
    expectValid(
      funcModule([i32c(0), i32c(0), i32c(0), op('table.copy', 0, 0)], {
        module: tables,
      }),
    );
    expectInvalid(
      funcModule([i32c(0), i32c(0), i32c(0), op('table.copy', 0, 1)], {
        module: tables,
      }),
      'type mismatch',
    );
  });
  it('checks table.init and elem.drop indices', () => {
    const module = {
      tables: [table(ref('func'))],
      elements: [{ mode: { kind: 'passive' }, type: ref('func'), init: [] }],
    } as const;
    expectValid(
      funcModule([i32c(0), i32c(0), i32c(0), op('table.init', 0, 0)], {
        module,
      }),
    );
    expectInvalid(
      funcModule([op('elem.drop', 1)], { module }),
      'unknown elem segment',
    );
  });
  it('requires an initialiser for tables of non-nullable references', () => {
    expectInvalid(
      { ...emptyModule(), tables: [table(ref('func', false))] },
      'type mismatch',
    );
  });
  it('checks active segment offsets against the table and memory address types', () => {
    const elem = (offset: Instr): Module => ({
      ...emptyModule(),
      tables: [table(ref('func'), 'i64')],
      elements: [
        {
          mode: { kind: 'active', table: 0, offset: [offset] },
          type: ref('func'),
          init: [],
        },
      ],
    });
    expectValid(elem(i64c(0n)));
    expectInvalid(elem(i32c(0)), 'type mismatch');
    const data: Module = {
      ...emptyModule(),
      datas: [
        {
          mode: { kind: 'active', memory: 0, offset: [i32c(0)] },
          bytes: new Uint8Array(),
        },
      ],
    };
    expectInvalid(data, 'unknown memory');
  });
});

describe('memories', () => {
  it('uses the smaller address type for memory.copy between memories', () => {
    const module = { memories: [memory('i64'), memory('i32')] };
    expectValid(
      funcModule([i64c(0n), i32c(0), i32c(0), op('memory.copy', 0, 1)], {
        module,
      }),
    );
    expectInvalid(
      funcModule([i64c(0n), i32c(0), i64c(0n), op('memory.copy', 0, 1)], {
        module,
      }),
      'type mismatch',
    );
    expectInvalid(
      funcModule([i32c(0), op('memory.grow', 2), op('drop')], { module }),
      'unknown memory',
    );
  });
  it('rejects 32-bit memory offsets above 2^32-1', () => {
    const body = [
      i32c(0),
      op('i32.load', { align: 2, offset: 0x1_0000_0000, memory: 0 }),
      op('drop'),
    ];
    expectInvalid(
      funcModule(body, { module: { memories: [memory('i32')] } }),
      'offset out of range',
    );
    expectValid(
      funcModule([i64c(0n), ...body.slice(1)], {
        module: { memories: [memory('i64')] },
      }),
    );
  });
});

describe('exceptions', () => {
  const types = [sub(funcType(['i32']))];
  const tags = { tags: [{ type: { typeIndex: 0 } }] };
  it('gives catch_ref an exnref', () => {
    const body = (label: ValType[]): Instr[] => [
      op('block', { typeIndex: 1 }),
      op('try_table', null, [{ kind: 'catch_ref', tag: 0, label: 0 }]),
      op('end'),
      op('unreachable'),
      op('end'),
      ...label.map(() => op('drop')),
    ];
    const withLabel = (label: ValType[]): Module => ({
      ...funcModule(body(label), { types, module: tags }),
      types: [
        { types: [types[0]!] },
        { types: [sub(funcType([], label))] },
        { types: [sub(funcType())] },
      ],
      functions: [
        {
          typeIndex: 2,
          locals: [],
          body: { kind: 'instrs', instrs: body(label) },
        },
      ],
    });
    expectValid(withLabel(['i32', ref('exn', false)]));
    expectInvalid(withLabel(['i32']), 'type mismatch');
  });
  it('checks throw_ref takes an exnref', () => {
    expectValid(
      funcModule([op('local.get', 0), op('throw_ref')], {
        params: [ref('exn')],
      }),
    );
    expectInvalid(funcModule([i32c(0), op('throw_ref')]), 'type mismatch');
  });
  it('checks the legacy delegate and catch_all forms', () => {
    const features = { legacyExceptions: true };
    expectValid(funcModule([op('try', null), op('delegate', 0)]), features);
    expectInvalid(
      funcModule([op('try', null), op('delegate', 1)]),
      'unknown label',
      features,
    );
    expectValid(
      funcModule([
        op('try', 'i32'),
        i32c(1),
        op('catch_all'),
        i32c(2),
        op('end'),
        op('drop'),
      ]),
      features,
    );
    expectInvalid(
      funcModule([op('try', null), op('delegate', 0)]),
      'unknown operator',
      { legacyExceptions: false },
    );
  });
});

describe('wide arithmetic and features', () => {
  it('types the 128-bit operators from the table', () => {
    const body = [
      i64c(1n),
      i64c(2n),
      i64c(3n),
      i64c(4n),
      op('i64.add128'),
      op('drop'),
      op('drop'),
    ];
    expectValid(funcModule(body), { wideArithmetic: true });
    expectInvalid(funcModule(body.slice(1)), 'type mismatch', {
      wideArithmetic: true,
    });
    expectInvalid(funcModule(body), 'unknown operator', {
      wideArithmetic: false,
    });
  });
});

describe('block information', () => {
  it('records else and handler positions for a compiler', () => {
    const module = funcModule([i32c(1), op('if', null), op('else'), op('end')]);
    const info = validateFunction(createModuleContext(module), 0);
    const block = info.blocks[1]!;
    expect([
      block.kind,
      block.instrIndex,
      block.elseIndex,
      block.endIndex,
    ]).toEqual(['if', 1, 2, 3]);
    expect(info.instrCount).toBe(5);
    expect(info.localTypes).toEqual([]);
  });
});
