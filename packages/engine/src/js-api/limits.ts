// The JS API's implementation limits: the exact bounds every embedding of
// the `WebAssembly` namespace enforces, beyond what the core spec checks.
// Modules over a compile-time limit are rejected with a `CompileError`;
// memories and tables over a runtime limit cannot be made or grown.
// https://webassembly.github.io/spec/js-api/#limits

import { InstrReader, type MutableInstr } from '@tswasm/decoder';
import type {
  ConstExpr,
  FeatureOptions,
  Instr,
  Module,
  SubType,
} from '@tswasm/ir';

/** Compile-time limits of the JS API, each a largest allowed value. */
export interface JsApiLimits {
  /** Size of the module binary, in bytes. */
  readonly moduleSize: number;
  /** Types defined in the type section (rec groups flattened). */
  readonly types: number;
  readonly recGroups: number;
  /** Types in one rec group. */
  readonly recGroupSize: number;
  /** Depth of a subtype hierarchy; a type without supertype has depth 0. */
  readonly subtypeDepth: number;
  /** Defined functions. */
  readonly functions: number;
  readonly imports: number;
  readonly exports: number;
  /** Defined globals. */
  readonly globals: number;
  /** Defined tags. */
  readonly tags: number;
  readonly dataSegments: number;
  /** Tables, imported ones included. */
  readonly tables: number;
  /** Minimum size of a table, in elements. */
  readonly tableSize: number;
  /** Entries of one element segment. */
  readonly tableInitEntries: number;
  /** Memories, imported ones included. */
  readonly memories: number;
  /** Minimum or maximum of a 64-bit memory, in 64 KiB pages. */
  readonly memory64Pages: number;
  /** Parameters of a function (or block) type. */
  readonly params: number;
  /** Results of a function (or block) type. */
  readonly results: number;
  /** Size of a function body, locals declarations included, in bytes. */
  readonly functionBodySize: number;
  /** Locals of a function, its parameters included. */
  readonly locals: number;
  readonly structFields: number;
  /** Operands of one `array.new_fixed`. */
  readonly arrayNewFixed: number;
}

/** The compile-time limits the JS API specifies. */
export const jsApiLimits: JsApiLimits = {
  moduleSize: 1_073_741_824,
  types: 1_000_000,
  recGroups: 1_000_000,
  recGroupSize: 1_000_000,
  subtypeDepth: 63,
  functions: 1_000_000,
  imports: 1_000_000,
  exports: 1_000_000,
  globals: 1_000_000,
  tags: 1_000_000,
  dataSegments: 100_000,
  tables: 100_000,
  tableSize: 10_000_000,
  tableInitEntries: 10_000_000,
  memories: 100,
  memory64Pages: 2 ** 37 - 1,
  params: 1_000,
  results: 1_000,
  functionBodySize: 7_654_321,
  locals: 50_000,
  structFields: 10_000,
  arrayNewFixed: 10_000,
};

/** Runtime limits of the JS API on memories and tables. */
export const jsApiRuntimeLimits: {
  /** Elements of a table. */
  readonly tableSize: number;
  /** Pages of a 32-bit memory. */
  readonly memory32Pages: number;
  /** Pages of a 64-bit memory. */
  readonly memory64Pages: number;
} = {
  tableSize: 10_000_000,
  memory32Pages: 65_536,
  memory64Pages: 262_144,
};

function exceeded(
  what: string,
  actual: number | bigint,
  limit: number,
): string {
  return `implementation limit exceeded: ${what} (${actual} > ${limit})`;
}

/** Message for a module binary larger than the limit, or `null`. */
export function checkModuleSize(
  bytes: Uint8Array,
  limits: JsApiLimits = jsApiLimits,
): string | null {
  return bytes.length > limits.moduleSize
    ? exceeded('module size in bytes', bytes.length, limits.moduleSize)
    : null;
}

/** The u32 LEB128 at `offset` of `bytes`, or -1 where there is none. */
function readU32(bytes: Uint8Array, offset: number): number {
  let result = 0;
  for (let i = 0; i < 5; i++) {
    const byte = bytes[offset + i];
    if (byte === undefined) return -1;
    result += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return result;
  }
  return -1;
}

function checkTypes(module: Module, limits: JsApiLimits): string | null {
  const groups = module.types;
  if (groups.length > limits.recGroups)
    return exceeded('rec groups', groups.length, limits.recGroups);
  const types: SubType[] = [];
  for (const group of groups) {
    if (group.types.length > limits.recGroupSize) {
      return exceeded(
        `types in the rec group at type ${types.length}`,
        group.types.length,
        limits.recGroupSize,
      );
    }
    for (const type of group.types) types.push(type);
    if (types.length > limits.types)
      return exceeded('types', types.length, limits.types);
  }
  const depths = new Array<number>(types.length);
  for (let i = 0; i < types.length; i++) {
    const type = types[i]!;
    const s = type.supertypes[0];
    // Supertypes come first in a valid module; others are left to validation.
    const depth = s !== undefined && s < i ? depths[s]! + 1 : 0;
    depths[i] = depth;
    if (depth > limits.subtypeDepth)
      return exceeded(`subtype depth of type ${i}`, depth, limits.subtypeDepth);
    const composite = type.composite;
    if (composite.kind === 'func') {
      if (composite.params.length > limits.params) {
        return exceeded(
          `parameters of type ${i}`,
          composite.params.length,
          limits.params,
        );
      }
      if (composite.results.length > limits.results) {
        return exceeded(
          `results of type ${i}`,
          composite.results.length,
          limits.results,
        );
      }
    } else if (
      composite.kind === 'struct' &&
      composite.fields.length > limits.structFields
    ) {
      return exceeded(
        `fields of struct type ${i}`,
        composite.fields.length,
        limits.structFields,
      );
    }
  }
  return null;
}

function checkCounts(module: Module, limits: JsApiLimits): string | null {
  let tables = module.tables.length;
  let memories = module.memories.length;
  for (const imp of module.imports) {
    if (imp.desc.kind === 'table') tables++;
    else if (imp.desc.kind === 'memory') memories++;
  }
  const counts: readonly (readonly [string, number, number])[] = [
    ['functions', module.functions.length, limits.functions],
    ['imports', module.imports.length, limits.imports],
    ['exports', module.exports.length, limits.exports],
    ['globals', module.globals.length, limits.globals],
    ['tags', module.tags.length, limits.tags],
    ['data segments', module.datas.length, limits.dataSegments],
    ['tables', tables, limits.tables],
    ['memories', memories, limits.memories],
  ];
  for (const [what, count, limit] of counts) {
    if (count > limit) return exceeded(what, count, limit);
  }
  return null;
}

function checkTablesAndMemories(
  module: Module,
  limits: JsApiLimits,
): string | null {
  const tableTypes = [
    ...module.imports.flatMap((i) =>
      i.desc.kind === 'table' ? [i.desc.type] : [],
    ),
    ...module.tables.map((t) => t.type),
  ];
  for (const [i, type] of tableTypes.entries()) {
    if (type.limits.min > limits.tableSize) {
      return exceeded(
        `minimum size of table ${i}`,
        type.limits.min,
        limits.tableSize,
      );
    }
  }
  for (const [i, elem] of module.elements.entries()) {
    if (elem.init.length > limits.tableInitEntries) {
      return exceeded(
        `entries of elem segment ${i}`,
        elem.init.length,
        limits.tableInitEntries,
      );
    }
  }
  const memoryTypes = [
    ...module.imports.flatMap((i) =>
      i.desc.kind === 'memory' ? [i.desc.type] : [],
    ),
    ...module.memories,
  ];
  for (const [i, type] of memoryTypes.entries()) {
    if (type.addressType !== 'i64') continue;
    const { min, max } = type.limits;
    for (const [bound, pages] of [
      ['minimum', min],
      ['maximum', max],
    ] as const) {
      if (pages !== null && pages > limits.memory64Pages) {
        return exceeded(
          `${bound} pages of 64-bit memory ${i}`,
          pages,
          limits.memory64Pages,
        );
      }
    }
  }
  return null;
}

function checkFunctions(
  bytes: Uint8Array,
  module: Module,
  limits: JsApiLimits,
): string | null {
  const types = module.types.flatMap((g) => g.types);
  let imported = 0;
  for (const imp of module.imports) if (imp.desc.kind === 'func') imported++;
  for (const [i, func] of module.functions.entries()) {
    const funcIndex = imported + i;
    if (func.offset !== undefined) {
      const size = readU32(bytes, func.offset);
      if (size > limits.functionBodySize) {
        return exceeded(
          `body size in bytes of function ${funcIndex}`,
          size,
          limits.functionBodySize,
        );
      }
    }
    const composite = types[func.typeIndex]?.composite;
    let locals = composite?.kind === 'func' ? composite.params.length : 0;
    for (const group of func.locals) locals += group.count;
    if (locals > limits.locals) {
      return exceeded(`locals of function ${funcIndex}`, locals, limits.locals);
    }
  }
  return null;
}

/**
 * Checks a decoded module (`bytes` is its binary) against the compile-time
 * limits that need no look at function bodies: everything but
 * `arrayNewFixed`, which {@link checkBodyLimits} checks once the module is
 * valid. Safe on modules not yet validated.
 * @returns a message naming the first limit exceeded, or `null`.
 */
export function checkModuleLimits(
  bytes: Uint8Array,
  module: Module,
  limits: JsApiLimits = jsApiLimits,
): string | null {
  return (
    checkTypes(module, limits) ??
    checkCounts(module, limits) ??
    checkTablesAndMemories(module, limits) ??
    checkFunctions(bytes, module, limits)
  );
}

function checkInstrs(
  expr: readonly Instr[],
  where: string,
  limit: number,
): string | null {
  for (const instr of expr) {
    if (instr.op !== 'array.new_fixed') continue;
    const count = instr.args[1] as number;
    if (count > limit)
      return exceeded(`operands of array.new_fixed in ${where}`, count, limit);
  }
  return null;
}

/**
 * Checks the operand counts of `array.new_fixed` in a valid module's
 * function bodies and constant expressions. Without array types there can
 * be none, and nothing is read.
 * @returns a message naming the limit, or `null`.
 */
export function checkBodyLimits(
  module: Module,
  features: FeatureOptions,
  limits: JsApiLimits = jsApiLimits,
): string | null {
  const hasArrays = module.types.some((g) =>
    g.types.some((t) => t.composite.kind === 'array'),
  );
  if (!hasArrays) return null;
  const limit = limits.arrayNewFixed;
  const exprs: [ConstExpr, string][] = [
    ...module.globals.map((g, i): [ConstExpr, string] => [
      g.init,
      `the initialiser of defined global ${i}`,
    ]),
    ...module.tables.flatMap((t, i): [ConstExpr, string][] =>
      t.init === null
        ? []
        : [[t.init, `the initialiser of defined table ${i}`]],
    ),
    ...module.elements.flatMap((e, i) =>
      e.init.map((item): [ConstExpr, string] => [item, `elem segment ${i}`]),
    ),
  ];
  for (const [expr, where] of exprs) {
    const message = checkInstrs(expr, where, limit);
    if (message !== null) return message;
  }
  let imported = 0;
  for (const imp of module.imports) if (imp.desc.kind === 'func') imported++;
  const instr: MutableInstr = { op: '', args: [null, null], offset: 0 };
  for (const [i, func] of module.functions.entries()) {
    const body = func.body;
    const where = `function ${imported + i}`;
    if (body.kind === 'instrs') {
      const message = checkInstrs(body.instrs, where, limit);
      if (message !== null) return message;
      continue;
    }
    const reader = new InstrReader(body.bytes, {
      offset: body.offset,
      features,
    });
    while (!reader.done) {
      reader.nextInto(instr);
      if (instr.op === 'array.new_fixed' && (instr.args[1] as number) > limit)
        return exceeded(
          `operands of array.new_fixed in ${where}`,
          instr.args[1] as number,
          limit,
        );
    }
  }
  return null;
}
