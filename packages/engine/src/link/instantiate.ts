// Instantiation: import resolution and matching, then the spec's order of
// allocation and initialisation.
// https://webassembly.github.io/spec/core/exec/modules.html#instantiation

import type { Import, Limits } from '@tswasm/ir';
import type { CompiledFunc } from '../interpret/compiled-func.js';
import type { Machine } from '../interpret/machine.js';
import type { ModuleInfo } from '../interpret/module-info.js';
import { type ExternValue, Instance } from '../runtime/instance.js';
import {
  Global,
  Memory,
  Table,
  Tag,
  WasmFunction,
  pageSize,
} from '../runtime/objects.js';
import { LinkError, Trap } from '../runtime/trap.js';
import {
  type CanonRefType,
  type TypeRegistry,
  canonValType,
} from '../runtime/type-registry.js';
import type { WasmValue } from '../values.js';
import { evalConst, writeGlobal } from './const-expr.js';

/** Resolves an import to an extern value, or `undefined` if there is none. */
export type ImportResolver = (
  module: string,
  name: string,
) => ExternValue | undefined;

/** Limits the engine puts on what a module may allocate. */
export interface AllocationLimits {
  readonly maxMemoryPages: number;
  readonly maxTableSize: number;
  /** How the instance's `invoke` calls functions. */
  readonly caller?: (
    fn: WasmFunction,
    args: readonly WasmValue[],
  ) => WasmValue[];
}

function u64(v: number | bigint): number {
  return typeof v === 'bigint' ? Number(v) : v;
}

function limitsMatch(
  size: number,
  max: number | null,
  expected: Limits,
): boolean {
  if (size < u64(expected.min)) return false;
  if (expected.max === null) return true;
  return max !== null && max <= u64(expected.max);
}

function incompatible(imp: Import, detail: string): LinkError {
  return new LinkError(
    `incompatible import type: ${detail}`,
    imp.module,
    imp.name,
  );
}

/** Checks an extern value against an import's type. */
function matchImport(
  imp: Import,
  value: ExternValue,
  info: ModuleInfo,
  registry: TypeRegistry,
): void {
  const d = imp.desc;
  const ids = info.typeIds;
  switch (d.kind) {
    case 'func':
      if (!(value instanceof WasmFunction))
        throw incompatible(imp, 'expected a function');
      if (!registry.isSubtype(value.typeId, ids[d.typeIndex]!))
        throw incompatible(imp, 'function type mismatch');
      return;
    case 'table': {
      if (!(value instanceof Table))
        throw incompatible(imp, 'expected a table');
      const t = d.type;
      const elem = canonValType(t.elemType, ids) as CanonRefType;
      if (!registry.isValEqual(value.elemType, elem))
        throw incompatible(imp, 'table element type mismatch');
      if (value.addressType !== t.addressType)
        throw incompatible(imp, 'table address type mismatch');
      if (!limitsMatch(value.size, value.declaredMax, t.limits))
        throw incompatible(imp, 'table limits mismatch');
      return;
    }
    case 'memory': {
      if (!(value instanceof Memory))
        throw incompatible(imp, 'expected a memory');
      const t = d.type;
      if (value.addressType !== t.addressType || value.shared !== t.shared) {
        throw incompatible(imp, 'memory type mismatch');
      }
      if (value.pageSizeLog2 !== (t.pageSizeLog2 ?? 16))
        throw incompatible(imp, 'memory page size mismatch');
      if (!limitsMatch(value.pages, value.declaredMax, t.limits))
        throw incompatible(imp, 'memory limits mismatch');
      return;
    }
    case 'global': {
      if (!(value instanceof Global))
        throw incompatible(imp, 'expected a global');
      const t = canonValType(d.type.valType, ids);
      if (value.mutable !== d.type.mutable)
        throw incompatible(imp, 'global mutability mismatch');
      const ok = d.type.mutable
        ? registry.isValEqual(value.type, t)
        : registry.isValSubtype(value.type, t);
      if (!ok) throw incompatible(imp, 'global type mismatch');
      return;
    }
    case 'tag':
      if (!(value instanceof Tag)) throw incompatible(imp, 'expected a tag');
      if (value.typeId !== ids[d.type.typeIndex])
        throw incompatible(imp, 'tag type mismatch');
      return;
  }
}

/**
 * Instantiates a module: resolves and checks imports, allocates, applies
 * element and data segments, runs the start function.
 * @throws {LinkError} when an import is missing or does not match.
 * @throws {Trap} when a segment is out of bounds or the start function traps.
 */
export function instantiate(
  info: ModuleInfo,
  code: (CompiledFunc | null)[],
  resolve: ImportResolver,
  machine: Machine,
  limits: AllocationLimits,
): Instance {
  const registry = machine.registry;
  const module = info.module;
  const inst = new Instance(info, code);
  inst.caller = limits.caller ?? null;
  const ids = info.typeIds;

  for (const imp of module.imports) {
    const value = resolve(imp.module, imp.name);
    if (value === undefined)
      throw new LinkError('unknown import', imp.module, imp.name);
    matchImport(imp, value, info, registry);
    if (value instanceof WasmFunction) inst.funcs.push(value);
    else if (value instanceof Table) inst.tables.push(value);
    else if (value instanceof Memory) inst.memories.push(value);
    else if (value instanceof Global) inst.globals.push(value);
    else inst.tags.push(value);
  }

  module.functions.forEach((f, i) => {
    inst.funcs.push(
      new WasmFunction(
        ids[f.typeIndex]!,
        registry,
        inst,
        info.importedFuncs + i,
        null,
      ),
    );
  });
  for (const t of module.tags)
    inst.tags.push(new Tag(ids[t.type.typeIndex]!, registry));
  for (const g of module.globals) {
    const global = new Global(
      canonValType(g.type.valType, ids),
      g.type.mutable,
    );
    global.ref = writeGlobal(
      global.type,
      global.bits,
      evalConst(g.init, inst, registry),
    );
    inst.globals.push(global);
  }
  for (const m of module.memories) {
    const max = m.limits.max === null ? null : u64(m.limits.max);
    const log2 = m.pageSizeLog2 ?? 16;
    const engineMax = Math.floor(
      (limits.maxMemoryPages * pageSize) / 2 ** log2,
    );
    inst.memories.push(
      new Memory(u64(m.limits.min), max, engineMax, {
        shared: m.shared,
        addressType: m.addressType,
        pageSizeLog2: log2,
      }),
    );
  }
  for (const t of module.tables) {
    const elemType = canonValType(t.type.elemType, ids) as CanonRefType;
    const init = t.init === null ? null : evalConst(t.init, inst, registry);
    const max = t.type.limits.max === null ? null : u64(t.type.limits.max);
    if (u64(t.type.limits.min) > limits.maxTableSize)
      throw new Trap('outOfMemory');
    inst.tables.push(
      new Table(
        u64(t.type.limits.min),
        max,
        limits.maxTableSize,
        elemType,
        init,
        t.type.addressType,
      ),
    );
  }
  for (const e of module.exports) {
    const space =
      e.kind === 'func'
        ? inst.funcs
        : e.kind === 'table'
          ? inst.tables
          : e.kind === 'memory'
            ? inst.memories
            : e.kind === 'global'
              ? inst.globals
              : inst.tags;
    inst.exports.set(e.name, space[e.index]!);
  }

  // Element segments, then data segments, in order; a failing one stops
  // instantiation with the effects of the earlier ones kept.
  for (const seg of module.elements) {
    inst.elems.push(seg.init.map((expr) => evalConst(expr, inst, registry)));
  }
  module.elements.forEach((seg, i) => {
    const mode = seg.mode;
    if (mode.kind === 'active') {
      const table = inst.tables[mode.table]!;
      const offset = Number(
        BigInt.asUintN(
          64,
          BigInt(evalConst(mode.offset, inst, registry) as number | bigint),
        ),
      );
      const items = inst.elems[i]!;
      if (offset + items.length > table.size)
        throw new Trap('tableOutOfBounds');
      for (let k = 0; k < items.length; k++)
        table.elements[offset + k] = items[k];
      inst.elems[i] = null;
    } else if (mode.kind === 'declarative') {
      inst.elems[i] = null;
    }
  });
  for (const seg of module.datas) inst.datas.push(seg.bytes);
  module.datas.forEach((seg, i) => {
    const mode = seg.mode;
    if (mode.kind !== 'active') return;
    const mem = inst.memories[mode.memory]!;
    const raw = evalConst(mode.offset, inst, registry) as number | bigint;
    const offset =
      typeof raw === 'bigint' ? Number(BigInt.asUintN(64, raw)) : raw >>> 0;
    if (offset + seg.bytes.length > mem.byteLength)
      throw new Trap('memoryOutOfBounds');
    mem.bytes.set(seg.bytes, offset);
    inst.datas[i] = null;
  });

  if (module.start !== null) machine.invoke(inst.funcs[module.start]!, []);
  return inst;
}
