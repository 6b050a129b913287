// Module-level rules: types, imports, definitions, exports, start, segments,
// then every function body.
// https://webassembly.github.io/spec/core/valid/modules.html

import {
  type ConstExpr,
  type FeatureOptions,
  type Features,
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
  retainShapes,
  shapeModuleBytes,
} from '@tswasm/ir';
import {
  type MutableInstr,
  InstrReader,
  decodeFunctionBody,
  decodeModule,
} from '@tswasm/decoder';
import { canonicaliseGroup } from './canonical-types.js';
import { FuncChecker } from './func-checker.js';
import type { FuncCheckerOptions, FuncInfo } from './func-info.js';
import { ModuleContext, isDefaultable } from './module-context.js';
import { storageTypeFeatureError } from './type-features.js';
import {
  type ValidationLocation,
  ValidationError,
} from './validation-error.js';

/** Options of {@link validateModule} and {@link createModuleContext}. */
export interface ValidateOptions {
  /** Proposals to switch on or off, over `defaultFeatures`. */
  readonly features?: FeatureOptions;
}

function fail(message: string, location?: ValidationLocation): never {
  throw new ValidationError(message, location);
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
  return checkFunction(ctx, funcIndex, options).info();
}

/** `validateFunction`, giving the checker that checked the body. */
function checkFunction(
  ctx: ModuleContext,
  funcIndex: number,
  options: FuncCheckerOptions,
): FuncChecker {
  const func = ctx.module.functions[funcIndex - ctx.importedFuncCount];
  if (func === undefined) fail(`unknown function ${funcIndex}`);
  const checker = new FuncChecker(ctx, funcIndex, options);
  const body = func.body;
  if (body.kind === 'instrs') {
    for (const instr of body.instrs) checker.step(instr);
    checker.finish();
    return checker;
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
  return checker;
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
  retainShapes('validator', shapeValidate);
  return buildModuleContext(module, resolveFeatures(options.features));
}

/** What {@link createModuleContext} does once the shapes are kept. */
function buildModuleContext(module: Module, features: Features): ModuleContext {
  const ctx = new ModuleContext(module, features);
  checkTypes(ctx);
  fillIndexSpaces(ctx);
  checkImportsAndDefinitions(ctx);
  checkExports(ctx);
  checkStart(ctx);
  checkSegments(ctx);
  return ctx;
}

/**
 * The objects of `shapeModule` validated with and without `recordBlocks`
 * (see retainShapes in @tswasm/ir): its context and the checkers of its function.
 */
function shapeValidate(): readonly unknown[] {
  const ctx = buildModuleContext(
    decodeModule(shapeModuleBytes()),
    resolveFeatures({}),
  );
  const kept: unknown[] = [ctx];
  const count = ctx.importedFuncCount + ctx.module.functions.length;
  for (const recordBlocks of [false, true]) {
    for (let i = ctx.importedFuncCount; i < count; i++) {
      kept.push(checkFunction(ctx, i, { recordBlocks }));
    }
  }
  return kept;
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

/**
 * Rejects `type`, spelled out in `where`, if it belongs to a proposal that
 * is off.
 */
function checkTypeFeatures(
  ctx: ModuleContext,
  type: StorageType,
  where: string,
  location?: ValidationLocation,
): void {
  const message = storageTypeFeatureError(ctx.features, type);
  if (message !== null) fail(`${message} in ${where}`, location);
}

function checkSubTypeFeatures(
  ctx: ModuleContext,
  type: SubType,
  index: number,
): void {
  const features = ctx.features;
  const where = `type ${index}`;
  if (!features.gc && (!type.final || type.supertypes.length > 0))
    fail(`sub types require the gc feature: ${where}`);
  const composite = type.composite;
  switch (composite.kind) {
    case 'func':
      for (const t of composite.params) checkTypeFeatures(ctx, t, where);
      for (const t of composite.results) checkTypeFeatures(ctx, t, where);
      if (composite.results.length > 1 && !features.multiValue) {
        fail(
          `invalid result arity: multiple results require the multiValue feature: ${where}`,
        );
      }
      break;
    case 'struct':
    case 'array': {
      if (!features.gc)
        fail(`${composite.kind} types require the gc feature: ${where}`);
      const fields =
        composite.kind === 'struct' ? composite.fields : [composite.element];
      for (const f of fields) checkTypeFeatures(ctx, f.storage, where);
      break;
    }
  }
}

function checkTypes(ctx: ModuleContext): void {
  for (const group of ctx.module.types) {
    const start = ctx.types.length;
    // One push per type: spreading a rec group of a million types into
    // the arguments of `push` would overflow the JS stack.
    for (const type of group.types) ctx.types.push(type);
    const end = ctx.types.length;
    if ((end - start > 1 || group.explicit === true) && !ctx.features.gc) {
      fail(`rec groups require the gc feature: rec group at type ${start}`);
    }
    for (let i = start; i < end; i++) {
      const type = ctx.types[i]!;
      checkTypeRefs(ctx, type, end);
      checkSubTypeFeatures(ctx, type, i);
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

function checkMemoryType(
  ctx: ModuleContext,
  type: MemoryType,
  where: string,
): void {
  const features = ctx.features;
  if (type.pageSizeLog2 !== null && !features.customPageSizes)
    fail(`custom page sizes require the customPageSizes feature: ${where}`);
  const log2 = type.pageSizeLog2 ?? 16;
  if (log2 !== 16 && log2 !== 0) fail(`invalid custom page size: 2^${log2}`);
  if (type.addressType === 'i64' && !features.memory64)
    fail(`64-bit memories require the memory64 feature: ${where}`);
  if (type.shared && !features.threads)
    fail(`shared memories require the threads feature: ${where}`);
  const bits = type.addressType === 'i64' ? 64n : 32n;
  // Limits are u32 (u64) numbers, and no memory exceeds the address space.
  const pageBound = (1n << bits) >> BigInt(log2);
  const bound = pageBound < 1n << bits ? pageBound : (1n << bits) - 1n;
  const pages = bound === 65536n ? '65536 pages (4GiB)' : `${bound} pages`;
  checkLimits(type.limits, bound, `memory size must be at most ${pages}`);
  if (type.shared && type.limits.max === null)
    fail('shared memory must have maximum');
}

function checkTableType(
  ctx: ModuleContext,
  type: TableType,
  where: string,
): void {
  checkValType(ctx, type.elemType);
  // MVP tables hold funcref; other element types came with reference-types.
  const elemType = type.elemType;
  if (!elemType.nullable || elemType.heapType !== 'func')
    checkTypeFeatures(ctx, elemType, where);
  if (type.addressType === 'i64' && !ctx.features.memory64)
    fail(`64-bit tables require the memory64 feature: ${where}`);
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

function checkTagType(
  ctx: ModuleContext,
  typeIndex: number,
  where: string,
): void {
  const features = ctx.features;
  if (!features.exceptions && !features.legacyExceptions)
    fail(`tags require the exceptions feature: ${where}`);
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
  const features = ctx.features;
  module.imports.forEach((imp, i) => {
    const desc = imp.desc;
    const where = `import ${i}`;
    switch (desc.kind) {
      case 'func':
        checkFuncTypeIndex(ctx, desc.typeIndex);
        break;
      case 'table':
        checkTableType(ctx, desc.type, where);
        break;
      case 'memory':
        checkMemoryType(ctx, desc.type, where);
        break;
      case 'global':
        checkValType(ctx, desc.type.valType);
        checkTypeFeatures(ctx, desc.type.valType, where);
        if (desc.type.mutable && !features.mutableGlobals)
          fail(`mutable globals cannot be imported: ${where}`);
        break;
      case 'tag':
        checkTagType(ctx, desc.type.typeIndex, where);
        break;
    }
  });
  module.functions.forEach((func, i) => {
    const funcIndex = ctx.importedFuncCount + i;
    checkFuncTypeIndex(ctx, func.typeIndex);
    func.locals.forEach((group) => {
      checkValType(ctx, group.type);
      checkTypeFeatures(
        ctx,
        group.type,
        `the locals of function ${funcIndex}`,
        {
          funcIndex,
          offset: func.offset ?? null,
        },
      );
    });
  });
  module.tables.forEach((table, i) => {
    const where = `table ${ctx.tables.length - module.tables.length + i}`;
    checkTableType(ctx, table.type, where);
    if (table.init !== null && !features.functionReferences && !features.gc)
      fail(
        `table initialisers require the functionReferences feature: ${where}`,
      );
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
  });
  if (ctx.tables.length > 1 && !features.referenceTypes)
    fail('multiple tables');
  module.memories.forEach((memory, i) => {
    const index = ctx.memories.length - module.memories.length + i;
    checkMemoryType(ctx, memory, `memory ${index}`);
  });
  if (ctx.memories.length > 1 && !features.multiMemory)
    fail('multiple memories');
  module.globals.forEach((global, i) => {
    checkValType(ctx, global.type.valType);
    checkTypeFeatures(
      ctx,
      global.type.valType,
      `global ${ctx.importedGlobalCount + i}`,
    );
    checkConstExpr(
      ctx,
      global.init,
      global.type.valType,
      ctx.importedGlobalCount + i,
    );
  });
  module.tags.forEach((tag, i) => {
    const index = ctx.tagTypeIndices.length - module.tags.length + i;
    checkTagType(ctx, tag.type.typeIndex, `tag ${index}`);
  });
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
    if (
      exp.kind === 'global' &&
      ctx.globals[exp.index]!.mutable &&
      !ctx.features.mutableGlobals
    ) {
      fail(`mutable globals cannot be exported: global ${exp.index}`);
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
  ctx.module.elements.forEach((elem, i) => {
    checkValType(ctx, elem.type);
    // Segments of function indices have type `(ref func)` since WebAssembly
    // 3.0 and funcref before; other element types came with reference-types.
    if (elem.type.heapType !== 'func')
      checkTypeFeatures(ctx, elem.type, `elem segment ${i}`);
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
  });
  for (const data of ctx.module.datas) {
    if (data.mode.kind === 'active') {
      const memory = ctx.memories[data.mode.memory];
      if (memory === undefined) fail(`unknown memory ${data.mode.memory}`);
      checkConstExpr(ctx, data.mode.offset, memory.addressType, globalCount);
    }
  }
}
