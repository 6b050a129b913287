// What the compiler and the interpreter need to know about a module:
// types of every index space, canonical type ids, signatures of the
// instructions whose operand types depend on their immediates.

import {
  type FuncType,
  type HeapType,
  type Immediate,
  type InstrDef,
  type Module,
  type StorageType,
  type ValType,
  flattenTypes,
  functionTypeIndices,
} from '@tswasm/ir';
import {
  type CanonHeapType,
  type TypeRegistry,
} from '../runtime/type-registry.js';
import { kindOf } from './compile.js';

/** Operand and result kinds of an instruction; `pure` when the result can be retargeted. */
export interface Signature {
  readonly params: readonly number[];
  readonly results: readonly number[];
  readonly pure: boolean;
}

const N = 0;
const R = 1;
const V = 2;

/** Codes of abstract heap types in interpreter code (concrete ones are canonical ids, >= 0). */
export const heapCodes: Readonly<Record<string, number>> = {
  func: -1,
  nofunc: -2,
  extern: -3,
  noextern: -4,
  any: -5,
  eq: -6,
  i31: -7,
  struct: -8,
  array: -9,
  none: -10,
  exn: -11,
  noexn: -12,
};

/** The abstract heap type of a negative code. */
export const heapOfCode: readonly string[] = [
  '',
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

/** Index spaces and canonical types of one module. */
export class ModuleInfo {
  readonly module: Module;
  readonly registry: TypeRegistry;
  readonly types: ReturnType<typeof flattenTypes>;
  /** Canonical id of each type index. */
  readonly typeIds: readonly number[];
  /** Type index of each function. */
  readonly funcTypeIndices: readonly number[];
  readonly importedFuncs: number;
  readonly globalTypes: ValType[] = [];
  readonly memoryIs64: boolean[] = [];
  readonly tableIs64: boolean[] = [];
  readonly tagTypeIndices: number[] = [];
  readonly tableElemTypes: ValType[] = [];

  constructor(module: Module, registry: TypeRegistry) {
    this.module = module;
    this.registry = registry;
    this.types = flattenTypes(module);
    this.typeIds = registry.internModule(module.types);
    this.funcTypeIndices = functionTypeIndices(module);
    let imported = 0;
    for (const imp of module.imports) {
      const d = imp.desc;
      if (d.kind === 'func') imported++;
      else if (d.kind === 'global') this.globalTypes.push(d.type.valType);
      else if (d.kind === 'memory')
        this.memoryIs64.push(d.type.addressType === 'i64');
      else if (d.kind === 'table') {
        this.tableIs64.push(d.type.addressType === 'i64');
        this.tableElemTypes.push(d.type.elemType);
      } else this.tagTypeIndices.push(d.type.typeIndex);
    }
    this.importedFuncs = imported;
    for (const g of module.globals) this.globalTypes.push(g.type.valType);
    for (const m of module.memories)
      this.memoryIs64.push(m.addressType === 'i64');
    for (const t of module.tables) {
      this.tableIs64.push(t.type.addressType === 'i64');
      this.tableElemTypes.push(t.type.elemType);
    }
    for (const t of module.tags) this.tagTypeIndices.push(t.type.typeIndex);
  }

  typeAt(typeIndex: number): FuncType {
    const c = this.types[typeIndex]?.composite;
    if (c?.kind !== 'func')
      throw new Error(`internal: type ${typeIndex} is not a function type`);
    return c;
  }

  funcType(funcIndex: number): FuncType {
    return this.typeAt(this.funcTypeIndices[funcIndex]!);
  }

  tagType(tagIndex: number): FuncType {
    return this.typeAt(this.tagTypeIndices[tagIndex]!);
  }

  globalType(globalIndex: number): ValType {
    return this.globalTypes[globalIndex]!;
  }

  memory64(memoryIndex: number): boolean {
    return this.memoryIs64[memoryIndex] ?? false;
  }

  canonHeap(heap: HeapType): CanonHeapType {
    return typeof heap === 'number' ? this.typeIds[heap]! : heap;
  }

  heapCode(heap: CanonHeapType): number {
    return typeof heap === 'number' ? heap : heapCodes[heap]!;
  }

  fieldKind(typeIndex: number, field: number): number {
    const c = this.types[typeIndex]!.composite;
    const storage: StorageType =
      c.kind === 'struct'
        ? c.fields[field]!.storage
        : c.kind === 'array'
          ? c.element.storage
          : 'i32';
    return storage === 'i8' || storage === 'i16' ? N : kindOf(storage);
  }

  /** The storage type of field `field` of struct or array type `typeIndex`. */
  fieldStorage(typeIndex: number, field: number): StorageType | null {
    const c = this.types[typeIndex]?.composite;
    if (c?.kind === 'struct') return c.fields[field]?.storage ?? null;
    if (c?.kind === 'array') return c.element.storage;
    return null;
  }

  structFieldKinds(typeIndex: number): number[] {
    const c = this.types[typeIndex]!.composite;
    if (c.kind !== 'struct') return [];
    return c.fields.map((f) =>
      f.storage === 'i8' || f.storage === 'i16' ? N : kindOf(f.storage),
    );
  }

  /** Operand and result kinds of `def` with immediates `args`. */
  signature(def: InstrDef, args: readonly Immediate[]): Signature {
    if (def.params !== null && def.results !== null) {
      return {
        params: def.params.map((p) => (p === 'v128' ? V : N)),
        results: def.results.map((p) => (p === 'v128' ? V : N)),
        pure: def.prefix === null || (def.prefix === 0xfc && def.code <= 7),
      };
    }
    const sig = (params: number[], results: number[]): Signature => ({
      params,
      results,
      pure: false,
    });
    switch (def.name) {
      case 'table.get':
        return sig([N], [R]);
      case 'table.set':
        return sig([N, R], []);
      case 'table.size':
        return sig([], [N]);
      case 'table.grow':
        return sig([R, N], [N]);
      case 'table.fill':
        return sig([N, R, N], []);
      case 'table.copy':
      case 'table.init':
      case 'memory.init':
      case 'memory.copy':
      case 'memory.fill':
        return sig([N, N, N], []);
      case 'elem.drop':
      case 'data.drop':
        return sig([], []);
      case 'ref.is_null':
        return sig([R], [N]);
      case 'ref.eq':
        return sig([R, R], [N]);
      case 'ref.as_non_null':
      case 'any.convert_extern':
      case 'extern.convert_any':
        return sig([R], [R]);
      case 'ref.i31':
        return sig([N], [R]);
      case 'i31.get_s':
      case 'i31.get_u':
        return sig([R], [N]);
      case 'ref.test':
      case 'ref.test.null':
        return sig([R], [N]);
      case 'ref.cast':
      case 'ref.cast.null':
        return sig([R], [R]);
      case 'struct.new':
        return sig(this.structFieldKinds(args[0] as number), [R]);
      case 'struct.new_default':
        return sig([], [R]);
      case 'struct.get':
      case 'struct.get_s':
      case 'struct.get_u':
        return sig([R], [this.fieldKind(args[0] as number, args[1] as number)]);
      case 'struct.set':
        return sig(
          [R, this.fieldKind(args[0] as number, args[1] as number)],
          [],
        );
      case 'array.new':
        return sig([this.fieldKind(args[0] as number, 0), N], [R]);
      case 'array.new_default':
        return sig([N], [R]);
      case 'array.new_fixed':
        return sig(
          new Array<number>(args[1] as number).fill(
            this.fieldKind(args[0] as number, 0),
          ),
          [R],
        );
      case 'array.new_data':
      case 'array.new_elem':
        return sig([N, N], [R]);
      case 'array.get':
      case 'array.get_s':
      case 'array.get_u':
        return sig([R, N], [this.fieldKind(args[0] as number, 0)]);
      case 'array.set':
        return sig([R, N, this.fieldKind(args[0] as number, 0)], []);
      case 'array.len':
        return sig([R], [N]);
      case 'array.fill':
        return sig([R, N, this.fieldKind(args[0] as number, 0), N], []);
      case 'array.copy':
        return sig([R, N, R, N, N], []);
      case 'array.init_data':
      case 'array.init_elem':
        return sig([R, N, N, N], []);
      default:
        throw new Error(`internal: no signature rule for ${def.name}`);
    }
  }
}
