// Module-level rules: types, imports, definitions, exports, start, segments,
// then every function body.
// https://webassembly.github.io/spec/core/valid/modules.html

import {
  type ConstExpr,
  type FeatureOptions,
  type FieldType,
  type HeapType,
  type Limits,
  type MemoryType,
  type Module,
  type StorageType,
  type SubType,
  type TableType,
  type U64,
  type ValType,
  resolveFeatures,
} from '@tswasm/ir';
import {
  type MutableInstr,
  InstrReader,
  decodeFunctionBody,
} from '@tswasm/decoder';
import { canonicaliseGroup } from './canonical-types.js';
import { FuncChecker } from './func-checker.js';
import type { FuncCheckerOptions, FuncInfo } from './func-info.js';
import { ModuleContext, isDefaultable } from './module-context.js';
import { ValidationError } from './validation-error.js';

/** Options of {@link validateModule} and {@link createModuleContext}. */
export interface ValidateOptions {
  /** Proposals to switch on or off, over `defaultFeatures`. */
  readonly features?: FeatureOptions;
}

function fail(message: string): never {
  throw new ValidationError(message);
}

/**
 * Validates a module: everything {@link createModuleContext} checks, then
 * every function body.
 * @throws {ValidationError} at the first rule the module breaks.
 * @throws {DecodeError} (from `@tswasm/decoder`) if a binary function body
 * is malformed: bodies are decoded only now.
 * @see https://webassembly.github.io/spec/core/valid/modules.html
 */
export function validateModule(
  module: Module,
  options: ValidateOptions = {},
): void {
  const ctx = createModuleContext(module, options);
  const count = ctx.importedFuncCount + module.functions.length;
  for (let funcIndex = ctx.importedFuncCount; funcIndex < count; funcIndex++) {
    validateFunction(ctx, funcIndex, { recordBlocks: false });
  }
}

/**
 * Checks the body of defined function `funcIndex` (imports included in the
 * numbering) in one pass, reading a binary body straight from its bytes.
 * The engine can call this lazily, per function, after
 * {@link createModuleContext}; to see each instruction as it is checked,
 * drive a {@link FuncChecker} instead.
 * @throws {ValidationError} if the body is invalid.
 * @throws {DecodeError} (from `@tswasm/decoder`) if a binary body is
 * malformed.
 */
export function validateFunction(
  ctx: ModuleContext,
  funcIndex: number,
  options: FuncCheckerOptions = {},
): FuncInfo {
  const func = ctx.module.functions[funcIndex - ctx.importedFuncCount];
  if (func === undefined) fail(`unknown function ${funcIndex}`);
  const checker = new FuncChecker(ctx, funcIndex, options);
  const body = func.body;
  if (body.kind === 'instrs') {
    for (const instr of body.instrs) checker.step(instr);
    return checker.finish();
  }
  try {
    const reader = new InstrReader(body.bytes, {
      offset: body.offset,
      features: ctx.features,
    });
    // One instruction object for the whole body: the checker keeps nothing
    // of it, so nothing is allocated per instruction.
    const instr: MutableInstr = { op: '', args: [null, null], offset: 0 };
    while (!reader.done) {
      const def = reader.nextInto(instr);
      checker.step(instr, def);
    }
    if (!checker.isDone) checker.fail('unexpected end of function body');
  } catch (error) {
    // A body whose structure is broken (a missing or misplaced `end` or
    // `else`, trailing bytes) is malformed, which decoding reports first.
    if (error instanceof ValidationError) {
      decodeFunctionBody(func, { features: ctx.features });
    }
    throw error;
  }
  return checker.info();
}

/**
 * Builds the validation context of a module and checks everything but the
 * function bodies: type definitions (canonicalising rec groups), imports,
 * tables, memories, globals, tags, exports, the start function, element and
 * data segments.
 * @throws {ValidationError} at the first rule the module breaks.
 */
export function createModuleContext(
  module: Module,
  options: ValidateOptions = {},
): ModuleContext {
  const ctx = new ModuleContext(module, resolveFeatures(options.features));
  checkTypes(ctx);
  fillIndexSpaces(ctx);
  checkImportsAndDefinitions(ctx);
  checkExports(ctx);
  checkStart(ctx);
  checkSegments(ctx);
  return ctx;
}

// Types

function checkHeapType(
  ctx: ModuleContext,
  heapType: HeapType,
  limit: number,
): void {
  if (typeof heapType === 'number' && heapType >= limit)
    fail(`unknown type ${heapType}`);
}

function checkStorageType(
  ctx: ModuleContext,
  type: StorageType,
  limit: number,
): void {
  if (typeof type === 'object') checkHeapType(ctx, type.heapType, limit);
}

function checkTypeRefs(ctx: ModuleContext, type: SubType, limit: number): void {
  const composite = type.composite;
  switch (composite.kind) {
    case 'func':
      for (const t of composite.params) checkStorageType(ctx, t, limit);
      for (const t of composite.results) checkStorageType(ctx, t, limit);
      break;
    case 'struct':
      for (const f of composite.fields) checkStorageType(ctx, f.storage, limit);
      break;
    case 'array':
      checkStorageType(ctx, composite.element.storage, limit);
      break;
  }
}

function checkTypes(ctx: ModuleContext): void {
  for (const group of ctx.module.types) {
    const start = ctx.types.length;
    ctx.types.push(...group.types);
    const end = ctx.types.length;
    for (let i = start; i < end; i++) {
      const type = ctx.types[i]!;
      checkTypeRefs(ctx, type, end);
      if (type.supertypes.length > 1)
        fail(`sub type ${i} has too many supertypes`);
      for (const s of type.supertypes) {
        if (s >= i)
          fail(
            `unknown type ${s}: supertypes must be defined before their subtypes`,
          );
      }
    }
    canonicaliseGroup(ctx.types, start, end, ctx.canonicalIds);
    for (let i = start; i < end; i++) {
      const type = ctx.types[i]!;
      const s = type.supertypes[0];
      if (s !== undefined && !matchesSuper(ctx, type, ctx.types[s]!)) {
        fail(`sub type ${i} does not match super type ${s}`);
      }
    }
  }
}

function matchesSuper(ctx: ModuleContext, sub: SubType, sup: SubType): boolean {
  if (sup.final) return false;
  const a = sub.composite;
  const b = sup.composite;
  if (a.kind === 'func' && b.kind === 'func') {
    return (
      a.params.length === b.params.length &&
      a.results.length === b.results.length &&
      a.params.every((t, i) => ctx.isSubtype(b.params[i]!, t)) &&
      a.results.every((t, i) => ctx.isSubtype(t, b.results[i]!))
    );
  }
  if (a.kind === 'struct' && b.kind === 'struct') {
    return (
      a.fields.length >= b.fields.length &&
      b.fields.every((f, i) => matchesField(ctx, a.fields[i]!, f))
    );
  }
  if (a.kind === 'array' && b.kind === 'array') {
    return matchesField(ctx, a.element, b.element);
  }
  return false;
}

function matchesStorage(
  ctx: ModuleContext,
  a: StorageType,
  b: StorageType,
): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return ctx.isSubtype(a, b);
}

function matchesField(ctx: ModuleContext, a: FieldType, b: FieldType): boolean {
  if (a.mutable !== b.mutable) return false;
  if (!matchesStorage(ctx, a.storage, b.storage)) return false;
  return !a.mutable || matchesStorage(ctx, b.storage, a.storage);
}

// Index spaces

function fillIndexSpaces(ctx: ModuleContext): void {
  const module = ctx.module;
  for (const imp of module.imports) {
    const desc = imp.desc;
    switch (desc.kind) {
      case 'func':
        ctx.funcTypeIndices.push(desc.typeIndex);
        ctx.importedFuncCount++;
        break;
      case 'table':
        ctx.tables.push(desc.type);
        break;
      case 'memory':
        ctx.memories.push(desc.type);
        break;
      case 'global':
        ctx.globals.push(desc.type);
        ctx.importedGlobalCount++;
        break;
      case 'tag':
        ctx.tagTypeIndices.push(desc.type.typeIndex);
        break;
    }
  }
  for (const func of module.functions) ctx.funcTypeIndices.push(func.typeIndex);
  for (const table of module.tables) ctx.tables.push(table.type);
  for (const memory of module.memories) ctx.memories.push(memory);
  for (const global of module.globals) ctx.globals.push(global.type);
  for (const tag of module.tags) ctx.tagTypeIndices.push(tag.type.typeIndex);
  for (const elem of module.elements) ctx.elemTypes.push(elem.type);

  // C.refs: functions named outside function bodies.
  const declare = (expr: ConstExpr): void => {
    for (const instr of expr) {
      if (instr.op === 'ref.func')
        ctx.declaredFuncs.add(instr.args[0] as number);
    }
  };
  for (const exp of module.exports) {
    if (exp.kind === 'func') ctx.declaredFuncs.add(exp.index);
  }
  for (const global of module.globals) declare(global.init);
  for (const table of module.tables)
    if (table.init !== null) declare(table.init);
  for (const elem of module.elements) {
    for (const item of elem.init) declare(item);
    if (elem.mode.kind === 'active') declare(elem.mode.offset);
  }
  for (const data of module.datas) {
    if (data.mode.kind === 'active') declare(data.mode.offset);
  }
}

// Imports and definitions

function big(value: U64): bigint {
  return typeof value === 'bigint' ? value : BigInt(value);
}

function checkLimits(limits: Limits, bound: bigint, what: string): void {
  if (
    big(limits.min) > bound ||
    (limits.max !== null && big(limits.max) > bound)
  ) {
    fail(what);
  }
  if (limits.max !== null && big(limits.min) > big(limits.max)) {
    fail('size minimum must not be greater than maximum');
  }
}

function checkMemoryType(ctx: ModuleContext, type: MemoryType): void {
  const log2 = type.pageSizeLog2 ?? 16;
  if (log2 !== 16 && (log2 !== 0 || !ctx.features.customPageSizes)) {
    fail(`invalid custom page size: 2^${log2}`);
  }
  if (type.addressType === 'i64' && !ctx.features.memory64)
    fail('memory64 is not enabled');
  const bits = type.addressType === 'i64' ? 64n : 32n;
  // Limits are u32 (u64) numbers, and no memory exceeds the address space.
  const pageBound = (1n << bits) >> BigInt(log2);
  const bound = pageBound < 1n << bits ? pageBound : (1n << bits) - 1n;
  const pages = bound === 65536n ? '65536 pages (4GiB)' : `${bound} pages`;
  checkLimits(type.limits, bound, `memory size must be at most ${pages}`);
  if (type.shared && type.limits.max === null)
    fail('shared memory must have maximum');
}

function checkTableType(ctx: ModuleContext, type: TableType): void {
  checkValType(ctx, type.elemType);
  const bound =
    type.addressType === 'i64' ? (1n << 64n) - 1n : (1n << 32n) - 1n;
  checkLimits(type.limits, bound, `table size must be at most ${bound}`);
}

function checkValType(ctx: ModuleContext, type: ValType): void {
  checkStorageType(ctx, type, ctx.types.length);
}

function checkFuncTypeIndex(ctx: ModuleContext, typeIndex: number): void {
  if (ctx.funcTypeAt(typeIndex) === undefined)
    fail(`unknown type ${typeIndex}`);
}

function checkTagType(ctx: ModuleContext, typeIndex: number): void {
  const type = ctx.funcTypeAt(typeIndex);
  if (type === undefined) fail(`unknown type ${typeIndex}`);
  if (type.results.length > 0)
    fail(`non-empty tag result type: type ${typeIndex}`);
}

/**
 * Checks a constant expression of type `type` that may read globals below
 * `globalLimit`.
 */
function checkConstExpr(
  ctx: ModuleContext,
  expr: ConstExpr,
  type: ValType,
  globalLimit: number,
): void {
  const checker = new FuncChecker(ctx, -1, {
    constExpr: { resultType: type, globalLimit },
    recordBlocks: false,
  });
  for (const instr of expr) checker.step(instr);
  checker.finish();
}

function checkImportsAndDefinitions(ctx: ModuleContext): void {
  const module = ctx.module;
  for (const imp of module.imports) {
    const desc = imp.desc;
    switch (desc.kind) {
      case 'func':
        checkFuncTypeIndex(ctx, desc.typeIndex);
        break;
      case 'table':
        checkTableType(ctx, desc.type);
        break;
      case 'memory':
        checkMemoryType(ctx, desc.type);
        break;
      case 'global':
        checkValType(ctx, desc.type.valType);
        break;
      case 'tag':
        checkTagType(ctx, desc.type.typeIndex);
        break;
    }
  }
  for (const func of module.functions) {
    checkFuncTypeIndex(ctx, func.typeIndex);
    for (const group of func.locals) checkValType(ctx, group.type);
  }
  for (const table of module.tables) {
    checkTableType(ctx, table.type);
    if (table.init !== null) {
      checkConstExpr(
        ctx,
        table.init,
        table.type.elemType,
        ctx.importedGlobalCount,
      );
    } else if (!isDefaultable(table.type.elemType)) {
      fail(
        'type mismatch: a table of non-nullable references needs an initialiser',
      );
    }
  }
  if (ctx.tables.length > 1 && !ctx.features.referenceTypes)
    fail('multiple tables');
  for (const memory of module.memories) checkMemoryType(ctx, memory);
  if (ctx.memories.length > 1 && !ctx.features.multiMemory)
    fail('multiple memories');
  module.globals.forEach((global, i) => {
    checkValType(ctx, global.type.valType);
    checkConstExpr(
      ctx,
      global.init,
      global.type.valType,
      ctx.importedGlobalCount + i,
    );
  });
  for (const tag of module.tags) checkTagType(ctx, tag.type.typeIndex);
}

// Exports and start

function checkExports(ctx: ModuleContext): void {
  const names = new Set<string>();
  for (const exp of ctx.module.exports) {
    if (names.has(exp.name)) fail(`duplicate export name "${exp.name}"`);
    names.add(exp.name);
    const count = {
      func: ctx.funcTypeIndices.length,
      table: ctx.tables.length,
      memory: ctx.memories.length,
      global: ctx.globals.length,
      tag: ctx.tagTypeIndices.length,
    }[exp.kind];
    if (exp.index >= count) {
      fail(
        `unknown ${exp.kind === 'func' ? 'function' : exp.kind} ${exp.index}`,
      );
    }
  }
}

function checkStart(ctx: ModuleContext): void {
  const start = ctx.module.start;
  if (start === null) return;
  const type = ctx.funcTypeOf(start);
  if (type === undefined) fail(`unknown function ${start}`);
  if (type.params.length > 0 || type.results.length > 0) {
    fail(`start function must have type [] -> []: function ${start}`);
  }
}

// Segments

function checkSegments(ctx: ModuleContext): void {
  const globalCount = ctx.globals.length;
  for (const elem of ctx.module.elements) {
    checkValType(ctx, elem.type);
    if (elem.mode.kind === 'active') {
      const table = ctx.tables[elem.mode.table];
      if (table === undefined) fail(`unknown table ${elem.mode.table}`);
      checkConstExpr(ctx, elem.mode.offset, table.addressType, globalCount);
      if (!ctx.isSubtype(elem.type, table.elemType)) {
        fail('type mismatch: element segment does not fit its table');
      }
    }
    for (const item of elem.init)
      checkConstExpr(ctx, item, elem.type, globalCount);
  }
  for (const data of ctx.module.datas) {
    if (data.mode.kind === 'active') {
      const memory = ctx.memories[data.mode.memory];
      if (memory === undefined) fail(`unknown memory ${data.mode.memory}`);
      checkConstExpr(ctx, data.mode.offset, memory.addressType, globalCount);
    }
  }
}
