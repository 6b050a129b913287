// Small module builders for the unit tests (not exported by the package).

import {
  type CompositeType,
  type Immediate,
  type Instr,
  type Module,
  type SubType,
  type ValType,
  emptyModule,
} from '@tswasm/ir';

/** An instruction. */
export function op(name: string, ...args: Immediate[]): Instr {
  return { op: name, args };
}

/** A final sub type without supertypes. */
export function sub(
  composite: CompositeType,
  supertypes: readonly number[] = [],
  final = true,
): SubType {
  return { final, supertypes, composite };
}

/** A function type. */
export function funcType(
  params: readonly ValType[] = [],
  results: readonly ValType[] = [],
): CompositeType {
  return { kind: 'func', params, results };
}

/** Options of {@link funcModule}. */
export interface FuncModuleOptions {
  readonly params?: readonly ValType[];
  readonly results?: readonly ValType[];
  readonly locals?: readonly ValType[];
  /** Types defined before the function's own type (which comes last). */
  readonly types?: readonly SubType[];
  readonly module?: Partial<Module>;
}

/**
 * A module with one function of the given body; its type is the last type
 * of the module, after `options.types`.
 */
export function funcModule(
  body: readonly Instr[],
  options: FuncModuleOptions = {},
): Module {
  const types = [
    ...(options.types ?? []),
    sub(funcType(options.params, options.results)),
  ];
  return {
    ...emptyModule(),
    ...options.module,
    types: types.map((t) => ({ types: [t] })),
    functions: [
      {
        typeIndex: types.length - 1,
        locals: (options.locals ?? []).map((type) => ({ count: 1, type })),
        body: { kind: 'instrs', instrs: body },
      },
    ],
  };
}
