// Index spaces of a module: imports first, then definitions.

import type { Module } from './module.js';
import type { ExternKind, FuncType, SubType } from './types.js';

/** The module's type index space: its rec groups' types, flattened. */
export function flattenTypes(module: Module): SubType[] {
  const types: SubType[] = [];
  // A loop, not push(...): a rec group may hold more types than a call takes arguments.
  for (const group of module.types)
    for (const type of group.types) types.push(type);
  return types;
}

/** How many imports of each kind the module has. */
export function countImports(module: Module): Record<ExternKind, number> {
  const counts: Record<ExternKind, number> = {
    func: 0,
    table: 0,
    memory: 0,
    global: 0,
    tag: 0,
  };
  for (const imp of module.imports) counts[imp.desc.kind]++;
  return counts;
}

/**
 * The type index of every function in the function index space (imports,
 * then definitions).
 */
export function functionTypeIndices(module: Module): number[] {
  const indices: number[] = [];
  for (const imp of module.imports) {
    if (imp.desc.kind === 'func') indices.push(imp.desc.typeIndex);
  }
  for (const func of module.functions) indices.push(func.typeIndex);
  return indices;
}

/**
 * The function type at `typeIndex`, or `undefined` when the index is out of
 * range or names a struct or array type.
 */
export function funcTypeAt(
  types: readonly SubType[],
  typeIndex: number,
): FuncType | undefined {
  const composite = types[typeIndex]?.composite;
  return composite?.kind === 'func' ? composite : undefined;
}
