// Random modules, well-formed (not necessarily valid): every instruction of
// the table with random immediates, nested in well-formed blocks; every type
// form, limit flag, import and segment mode. Encoding one and decoding it
// must give it back.

import {
  type AbsHeapType,
  type BlockType,
  type Catch,
  type ConstExpr,
  type CustomSection,
  type DataSegment,
  type ElemSegment,
  type FieldType,
  type Func,
  type HeapType,
  type Immediate,
  type ImmediateKind,
  type Import,
  type InstrDef,
  type Instr,
  type Limits,
  type MemoryType,
  type Module,
  type RecGroup,
  type RefType,
  type SectionId,
  type StorageType,
  type SubType,
  type TableType,
  type U64,
  type ValType,
  instructions,
} from '@tswasm/ir';

/** A seeded PRNG (mulberry32). */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }
  /** 1 to 8 random bytes as a bigint of that many bits, or a small one. */
  bits(width: number): bigint {
    let value = 0n;
    for (let i = 0; i < width; i += 16)
      value = (value << 16n) | BigInt(this.below(0x10000));
    return BigInt.asUintN(width, value >> BigInt(this.below(width)));
  }
}

const absHeapTypes: readonly AbsHeapType[] = [
  'func',
  'nofunc',
  'extern',
  'noextern',
  'any',
  'eq',
  'i31',
  'struct',
  'array',
  'none',
  'exn',
  'noexn',
];

/** Control rows, generated as nested structures rather than at random. */
const structural = new Set([
  'block',
  'loop',
  'if',
  'else',
  'end',
  'try',
  'catch',
  'catch_all',
  'delegate',
  'try_table',
]);
const plainRows: readonly InstrDef[] = instructions.filter(
  (def) => !structural.has(def.name),
);
const constantRows: readonly InstrDef[] = instructions.filter(
  (def) => def.constant,
);

function u64From(value: bigint): U64 {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

class Generator {
  private typeCount = 1;
  private depth = 0;
  private usesData = false;

  private readonly r: Random;

  constructor(random: Random) {
    this.r = random;
  }

  /** A small index mostly, sometimes a large one. */
  index(): number {
    const r = this.r;
    if (r.chance(0.8)) return r.below(8);
    return r.chance(0.5) ? r.below(0x4000) : r.below(2 ** 32);
  }

  heapType(): HeapType {
    return this.r.chance(0.6)
      ? this.r.pick(absHeapTypes)
      : this.r.below(this.typeCount);
  }

  refType(): RefType {
    return {
      kind: 'ref',
      nullable: this.r.chance(0.5),
      heapType: this.heapType(),
    };
  }

  valType(): ValType {
    return this.r.chance(0.7)
      ? this.r.pick(['i32', 'i64', 'f32', 'f64', 'v128'] as const)
      : this.refType();
  }

  valTypes(max: number): ValType[] {
    return Array.from({ length: this.r.below(max + 1) }, () => this.valType());
  }

  storageType(): StorageType {
    return this.r.chance(0.2)
      ? this.r.pick(['i8', 'i16'] as const)
      : this.valType();
  }

  fieldType(): FieldType {
    return { storage: this.storageType(), mutable: this.r.chance(0.5) };
  }

  subType(): SubType {
    const r = this.r;
    const kind = r.below(3);
    const composite =
      kind === 0
        ? {
            kind: 'func' as const,
            params: this.valTypes(3),
            results: this.valTypes(2),
          }
        : kind === 1
          ? {
              kind: 'struct' as const,
              fields: Array.from({ length: r.below(4) }, () =>
                this.fieldType(),
              ),
            }
          : { kind: 'array' as const, element: this.fieldType() };
    const supertypes = r.chance(0.3) ? [r.below(this.typeCount)] : [];
    return { final: r.chance(0.6), supertypes, composite };
  }

  recGroups(): RecGroup[] {
    const r = this.r;
    const n = 1 + r.below(4);
    this.typeCount = 0;
    const groups: RecGroup[] = [];
    const sizes = Array.from({ length: n }, () =>
      r.chance(0.7) ? 1 : r.below(4),
    );
    this.typeCount = sizes.reduce((a, b) => a + b, 0) || 1;
    for (const size of sizes) {
      const types = Array.from({ length: size }, () => this.subType());
      groups.push(
        size === 1 && r.chance(0.3) ? { types, explicit: true } : { types },
      );
    }
    return groups;
  }

  limits(is64: boolean): Limits {
    const r = this.r;
    const bound = (): U64 =>
      r.chance(0.7) ? r.below(100) : u64From(r.bits(is64 ? 64 : 33));
    return { min: bound(), max: r.chance(0.5) ? bound() : null };
  }

  tableType(): TableType {
    const addressType = this.r.chance(0.3) ? 'i64' : 'i32';
    return {
      elemType: this.refType(),
      limits: this.limits(addressType === 'i64'),
      addressType,
    };
  }

  memoryType(): MemoryType {
    const r = this.r;
    const addressType = r.chance(0.3) ? 'i64' : 'i32';
    return {
      limits: this.limits(addressType === 'i64'),
      addressType,
      shared: r.chance(0.3),
      pageSizeLog2: r.chance(0.3) ? r.pick([0, 16]) : null,
    };
  }

  blockType(): BlockType {
    const r = this.r;
    const k = r.below(3);
    return k === 0
      ? null
      : k === 1
        ? this.valType()
        : { typeIndex: r.below(this.typeCount) };
  }

  catches(): Catch[] {
    const r = this.r;
    return Array.from({ length: r.below(4) }, (): Catch => {
      const kind = r.pick([
        'catch',
        'catch_ref',
        'catch_all',
        'catch_all_ref',
      ] as const);
      return kind === 'catch' || kind === 'catch_ref'
        ? { kind, tag: this.index(), label: this.index() }
        : { kind, label: this.index() };
    });
  }

  immediate(kind: ImmediateKind): Immediate {
    const r = this.r;
    switch (kind) {
      case 'blockType':
        return this.blockType();
      case 'label':
      case 'func':
      case 'type':
      case 'table':
      case 'memory':
      case 'local':
      case 'global':
      case 'elem':
      case 'tag':
      case 'field':
      case 'u32':
        return this.index();
      case 'data':
        this.usesData = true;
        return this.index();
      case 'labels':
        return Array.from({ length: r.below(4) }, () => this.index());
      case 'memarg':
        return {
          align: r.below(64),
          offset: r.chance(0.7) ? r.below(256) : u64From(r.bits(64)),
          memory: r.chance(0.7) ? 0 : this.index(),
        };
      case 'i32':
        return Number(BigInt.asIntN(32, r.bits(32)));
      case 'i64':
        return BigInt.asIntN(64, r.bits(64));
      case 'f32':
        return Number(r.bits(32));
      case 'f64':
        return r.bits(64);
      case 'v128':
      case 'shuffle':
        return Uint8Array.from({ length: 16 }, () => r.below(256));
      case 'lane':
        return r.below(256);
      case 'heapType':
        return this.heapType();
      case 'valTypes':
        return this.valTypes(2);
      case 'castFlags':
        return r.below(4);
      case 'catches':
        return this.catches();
      case 'zero':
        return 0;
    }
  }

  instr(def: InstrDef): Instr {
    return {
      op: def.name,
      args: def.immediates.map((kind) => this.immediate(kind)),
    };
  }

  op(name: string, ...args: Immediate[]): Instr {
    return { op: name, args };
  }

  /** A sequence of instructions with well-formed nesting. */
  seq(out: Instr[], length: number): void {
    const r = this.r;
    for (let i = 0; i < length; i++) {
      if (this.depth >= 3 || r.chance(0.85)) {
        out.push(this.instr(r.pick(plainRows)));
        continue;
      }
      this.depth++;
      const inner = (): void => this.seq(out, r.below(4));
      switch (r.below(5)) {
        case 0:
          out.push(this.op(r.pick(['block', 'loop']), this.blockType()));
          inner();
          break;
        case 1:
          out.push(this.op('if', this.blockType()));
          inner();
          if (r.chance(0.5)) {
            out.push(this.op('else'));
            inner();
          }
          break;
        case 2:
          out.push(this.op('try_table', this.blockType(), this.catches()));
          inner();
          break;
        default:
          out.push(this.op('try', this.blockType()));
          inner();
          if (r.chance(0.3)) {
            out.push(this.op('delegate', this.index()));
            this.depth--;
            continue;
          }
          for (let n = r.below(3); n > 0; n--) {
            out.push(this.op('catch', this.index()));
            inner();
          }
          if (r.chance(0.5)) {
            out.push(this.op('catch_all'));
            inner();
          }
      }
      out.push(this.op('end'));
      this.depth--;
    }
  }

  constExpr(): ConstExpr {
    return Array.from({ length: this.r.below(3) }, () =>
      this.instr(this.r.pick(constantRows)),
    );
  }

  func(): Func {
    const r = this.r;
    const instrs: Instr[] = [];
    this.seq(instrs, r.below(12));
    return {
      typeIndex: r.below(this.typeCount),
      locals: Array.from({ length: r.below(3) }, () => ({
        count: 1 + r.below(3),
        type: this.valType(),
      })),
      body: { kind: 'instrs', instrs },
    };
  }

  elemSegment(): ElemSegment {
    const r = this.r;
    const k = r.below(3);
    const mode: ElemSegment['mode'] =
      k === 0
        ? {
            kind: 'active',
            table: r.chance(0.5) ? 0 : this.index(),
            offset: this.constExpr(),
          }
        : k === 1
          ? { kind: 'passive' }
          : { kind: 'declarative' };
    const funcs = r.chance(0.5);
    const type: RefType = funcs
      ? { kind: 'ref', nullable: r.chance(0.5), heapType: 'func' }
      : this.refType();
    const init = Array.from({ length: r.below(4) }, () =>
      funcs && r.chance(0.8)
        ? [this.op('ref.func', this.index())]
        : this.constExpr(),
    );
    return { mode, type, init };
  }

  dataSegment(): DataSegment {
    const r = this.r;
    const mode: DataSegment['mode'] = r.chance(0.7)
      ? {
          kind: 'active',
          memory: r.chance(0.6) ? 0 : this.index(),
          offset: this.constExpr(),
        }
      : { kind: 'passive' };
    return {
      mode,
      bytes: Uint8Array.from({ length: r.below(6) }, () => r.below(256)),
    };
  }

  importOf(i: number): Import {
    const r = this.r;
    const name = `i${i}`;
    switch (r.below(5)) {
      case 0:
        return {
          module: 'm',
          name,
          desc: { kind: 'func', typeIndex: r.below(this.typeCount) },
        };
      case 1:
        return {
          module: 'm',
          name,
          desc: { kind: 'table', type: this.tableType() },
        };
      case 2:
        return {
          module: 'm',
          name,
          desc: { kind: 'memory', type: this.memoryType() },
        };
      case 3:
        return {
          module: 'é',
          name,
          desc: {
            kind: 'global',
            type: { valType: this.valType(), mutable: r.chance(0.5) },
          },
        };
      default:
        return {
          module: 'm',
          name,
          desc: { kind: 'tag', type: { typeIndex: r.below(this.typeCount) } },
        };
    }
  }

  module(): Module {
    const r = this.r;
    const few = <T>(max: number, make: (i: number) => T): T[] =>
      Array.from({ length: r.below(max + 1) }, (_, i) => make(i));
    const types = r.chance(0.9) ? this.recGroups() : [];
    const imports = few(3, (i) => this.importOf(i));
    const functions = few(3, () => this.func());
    const tables = few(2, () => ({
      type: this.tableType(),
      init: r.chance(0.3) ? this.constExpr() : null,
    }));
    const memories = few(2, () => this.memoryType());
    const globals = few(2, () => ({
      type: { valType: this.valType(), mutable: r.chance(0.5) },
      init: this.constExpr(),
    }));
    const tags = few(2, () => ({
      type: { typeIndex: r.below(this.typeCount) },
    }));
    const exports = few(3, (i) => ({
      name: `e${i}`,
      kind: r.pick(['func', 'table', 'memory', 'global', 'tag'] as const),
      index: this.index(),
    }));
    const start = r.chance(0.3) ? this.index() : null;
    const elements = few(3, () => this.elemSegment());
    const datas = few(3, () => this.dataSegment());
    const dataCount = this.usesData || r.chance(0.3) ? datas.length : null;
    // Custom sections after any section that is written: the vector
    // sections always can be (empty if need be); start and data count only
    // when present.
    const anchors: SectionId[] = [0, 1, 2, 3, 4, 5, 13, 6, 7, 9, 10, 11];
    if (start !== null) anchors.push(8);
    if (dataCount !== null) anchors.push(12);
    const order = [0, 1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11];
    const customs: CustomSection[] = few(3, (i) => ({
      name: `c${i}`,
      bytes: Uint8Array.from({ length: r.below(4) }, () => r.below(256)),
      after: r.pick(anchors),
    })).sort((a, b) => order.indexOf(a.after) - order.indexOf(b.after));
    return {
      types,
      imports,
      functions,
      tables,
      memories,
      globals,
      tags,
      exports,
      start,
      elements,
      datas,
      dataCount,
      customs,
      names: null,
    };
  }
}

/** A random well-formed module. */
export function randomModule(random: Random): Module {
  return new Generator(random).module();
}
