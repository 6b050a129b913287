// Names to show for functions: the name section's, else the name of an
// export or import of the function.

import type { Module } from '@tswasm/ir';

/** A function's display name by index (imports included), if it has one. */
export function funcNames(
  module: Module,
): (funcIndex: number) => string | undefined {
  const names = new Map<number, string>();
  let index = 0;
  for (const imp of module.imports) {
    if (imp.desc.kind === 'func')
      names.set(index++, `${imp.module}.${imp.name}`);
  }
  for (const exp of module.exports) {
    if (exp.kind === 'func' && !names.has(exp.index))
      names.set(exp.index, exp.name);
  }
  for (const [i, name] of module.names?.functions ?? []) names.set(i, name);
  return (funcIndex) => names.get(funcIndex);
}
