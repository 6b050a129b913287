// The per-function checker: the spec appendix's validation algorithm, one
// instruction at a time, with an operand stack and a control stack. It is
// the validator's hot loop, and the engine's compiler drives it too, so it
// is one file: the dispatch over instructions stays in one place.
// https://webassembly.github.io/spec/core/appendix/algorithm.html

import {
  type BlockType,
  type Catch,
  type FieldType,
  type FuncType,
  type HeapType,
  type Instr,
  type InstrDef,
  type MemArg,
  type RefType,
  type StorageType,
  type ValType,
  formatValType,
  instrByName,
} from '@tswasm/ir';
import type {
  BlockInfo,
  BlockKind,
  ConstExprOptions,
  FuncCheckerOptions,
  FuncInfo,
} from './func-info.js';
import {
  extendedConstOps,
  formatTypes,
  laneCount,
  simpleById,
  unpacked,
} from './instr-signatures.js';
import {
  type ModuleContext,
  type StackType,
  botHeapType,
  isDefaultable,
} from './module-context.js';
import {
  heapTypeFeatureError,
  storageTypeFeatureError,
} from './type-features.js';
import { ValidationError } from './validation-error.js';
import { DecodeError } from '@tswasm/decoder';

interface Frame {
  /** Opening instruction; `else`/`catch`/`catch_all` replace `if`/`try`. */
  op: string;
  params: readonly ValType[];
  results: readonly ValType[];
  height: number;
  unreachable: boolean;
  initHeight: number;
  info: BlockInfo;
}

const i32: ValType = 'i32';
const i64: ValType = 'i64';
const exnRefNonNull: RefType = {
  kind: 'ref',
  nullable: false,
  heapType: 'exn',
};
const exnRef: RefType = { kind: 'ref', nullable: true, heapType: 'exn' };
const anyRef: RefType = { kind: 'ref', nullable: true, heapType: 'any' };
const eqRef: RefType = { kind: 'ref', nullable: true, heapType: 'eq' };
const arrayRef: RefType = { kind: 'ref', nullable: true, heapType: 'array' };
const i31Ref: RefType = { kind: 'ref', nullable: true, heapType: 'i31' };
const i31RefNonNull: RefType = {
  kind: 'ref',
  nullable: false,
  heapType: 'i31',
};
const funcRef: RefType = { kind: 'ref', nullable: true, heapType: 'func' };
const externRef: RefType = { kind: 'ref', nullable: true, heapType: 'extern' };
const noTypes: readonly ValType[] = [];
/** An implementation limit, as engines have one: 50000 in the JS API. */
const maxLocals = 50000;
// Stands in for the blocks of a checker that does not record them.
const scratchBlock: BlockInfo = {
  kind: 'block',
  params: noTypes,
  results: noTypes,
  height: 0,
  instrIndex: -1,
  offset: null,
  elseIndex: -1,
  handlerIndices: [],
  endIndex: -1,
};

/**
 * Checks one function body (or constant expression) one instruction at a
 * time, in a single pass, following the spec appendix's algorithm.
 *
 * Feed it every instruction of the body in order with {@link step}, the
 * final `end` included (a body from text has none: call {@link finish},
 * which checks the implicit one), then read {@link info}. Between steps a
 * compiler can read the state: {@link height} (operand stack height after
 * the last instruction), {@link isUnreachable}, {@link peek} (the type of a
 * value on the stack), {@link currentBlock} and {@link lastBlock} (the
 * block the last instruction opened or closed).
 *
 * A compiler reads what it needs *before* stepping an instruction that
 * consumes it: `peek()` gives the type `drop` or `select` is about to pop,
 * `labelBlock(l)` the target of a branch (its `kind` says whether the label
 * is the block's start, for `loop`, or its end; its `height` and types give
 * the stack adjustment), `height` the current stack height. After stepping
 * `block`/`loop`/`if`/`try_table`, `lastBlock` is the block just opened;
 * after `else`/`end`, the block just switched or closed. Values are counted
 * one per value whatever their type; a compiler that gives `v128` two slots
 * scales by the types it sees.
 *
 * @example
 * ```ts
 * const ctx = createModuleContext(module);            // once per module
 * const checker = new FuncChecker(ctx, funcIndex);    // per function
 * const reader = new InstrReader(body.bytes, { offset: body.offset });
 * while (!reader.done) {
 *   const instr = reader.next();
 *   // ... inspect checker.peek() / checker.labelBlock(...) here ...
 *   checker.step(instr);
 *   // ... emit code; checker.height is the stack height after instr ...
 * }
 * const { maxStackHeight, blocks, localTypes } = checker.info();
 * ```
 *
 * @throws {ValidationError} from `step`/`finish` at the first rule broken,
 * with the function index, the instruction's index and byte offset (or,
 * for an instruction from text, its span).
 * @see https://webassembly.github.io/spec/core/valid/instructions.html
 */
export class FuncChecker {
  /** The module's context. */
  readonly ctx: ModuleContext;
  /** The function's index, or -1 for a constant expression. */
  readonly funcIndex: number;
  /** The function's type (for a constant expression, `[] -> [t]`). */
  readonly type: FuncType;
  /** Parameters, then declared locals, in local index order. */
  readonly localTypes: ValType[];
  /** Every block, in opening order; `blocks[0]` is the body. */
  readonly blocks: BlockInfo[] = [];
  // The operand stack is `vals[0..sp)`; entries above `sp` are stale.
  private readonly vals: StackType[] = [];
  private sp = 0;
  // The control stack is `ctrls[0..depth)`; frames above are kept for reuse.
  private readonly ctrls: Frame[] = [];
  private depth = 0;
  private readonly recordBlocks: boolean;
  /** 1 for initialised locals; `null` when every local is defaultable. */
  private readonly localInit: Uint8Array | null;
  private readonly initStack: number[] = [];
  private readonly constExpr: ConstExprOptions | null;
  private maxHeight = 0;
  private instrIndex = -1;
  private offset: number | null = null;
  /** The instruction being checked, for its span (where it has one). */
  private current: Instr | null = null;
  private op = '';
  private done = false;
  /** The block opened or closed by the last instruction, if any. */
  lastBlock: BlockInfo | null = null;

  /**
   * A checker for function `funcIndex` (imports included) of `ctx`'s
   * module, or, with `constExpr`, for a constant expression.
   * @throws {ValidationError} if the function's type or locals are invalid.
   */
  constructor(
    ctx: ModuleContext,
    funcIndex: number,
    options: FuncCheckerOptions = {},
  ) {
    this.ctx = ctx;
    this.funcIndex = funcIndex;
    const constExpr = options.constExpr ?? null;
    this.constExpr = constExpr;
    this.recordBlocks = options.recordBlocks ?? true;
    let localInit: Uint8Array | null = null;
    if (constExpr !== null) {
      this.type = {
        kind: 'func',
        params: noTypes,
        results: [constExpr.resultType],
      };
      this.localTypes = [];
    } else {
      const type = ctx.funcTypeOf(funcIndex);
      if (type === undefined) this.fail(`unknown function ${funcIndex}`);
      this.type = type;
      const func = ctx.module.functions[funcIndex - ctx.importedFuncCount];
      if (func === undefined)
        throw new Error(`internal: function ${funcIndex} is imported`);
      const params = type.params;
      let count = params.length;
      for (const group of func.locals) count += group.count;
      if (count > maxLocals) this.fail(`too many locals: ${count}`);
      const localTypes = new Array<ValType>(count);
      for (let i = 0; i < params.length; i++) localTypes[i] = params[i]!;
      let next = params.length;
      for (const group of func.locals) {
        const local = group.type;
        if (!isDefaultable(local)) {
          localInit ??= new Uint8Array(count).fill(1);
          localInit.fill(0, next, next + group.count);
        }
        for (let i = 0; i < group.count; i++) localTypes[next++] = local;
      }
      this.localTypes = localTypes;
    }
    this.localInit = localInit;
    this.pushCtrl(
      constExpr === null ? 'func' : 'const',
      noTypes,
      this.type.results,
      -1,
    );
  }

  // Reading the state

  /** Operand stack height, in values. */
  get height(): number {
    return this.sp;
  }

  /** True when the rest of the current block is unreachable. */
  get isUnreachable(): boolean {
    return this.ctrls[this.depth - 1]?.unreachable ?? true;
  }

  /** True once the body's final `end` has been checked. */
  get isDone(): boolean {
    return this.done;
  }

  /**
   * The innermost open block, or `null` once done (without `recordBlocks`,
   * a shared placeholder for every block but the body).
   */
  get currentBlock(): BlockInfo | null {
    return this.ctrls[this.depth - 1]?.info ?? null;
  }

  /** The type of the value `depth` places below the top of the stack (0: top). */
  peek(depth = 0): StackType | undefined {
    return depth < this.sp ? this.vals[this.sp - 1 - depth] : undefined;
  }

  /** The block that label `depth` (0: innermost) refers to. */
  labelBlock(depth: number): BlockInfo | undefined {
    return depth >= 0 && depth < this.depth
      ? this.ctrls[this.depth - 1 - depth]?.info
      : undefined;
  }

  /** The result of checking, once {@link isDone}. */
  info(): FuncInfo {
    return {
      funcIndex: this.funcIndex,
      type: this.type,
      localTypes: this.localTypes,
      maxStackHeight: this.maxHeight,
      blocks: this.blocks,
      instrCount: this.instrIndex + 1,
    };
  }

  /**
   * Checks the implicit final `end` of a body that has none (from text, or
   * a constant expression) and returns the result.
   */
  finish(): FuncInfo {
    if (!this.done) this.step({ op: 'end', args: [] });
    return this.info();
  }

  // Errors

  /** Throws a {@link ValidationError} at the current instruction. */
  fail(message: string): never {
    throw new ValidationError(message, {
      funcIndex: this.funcIndex < 0 ? null : this.funcIndex,
      offset: this.offset,
      instrIndex: this.instrIndex < 0 ? null : this.instrIndex,
      span: this.current?.span ?? null,
    });
  }

  private mismatch(
    expected: readonly StackType[],
    actual: readonly StackType[],
  ): never {
    this.fail(
      `type mismatch: instruction requires ${formatTypes(expected)} but stack has ${formatTypes(actual)} (${this.op})`,
    );
  }

  // The operand stack

  private top(): Frame {
    return this.ctrls[this.depth - 1]!;
  }

  private push(type: StackType): void {
    this.vals[this.sp++] = type;
    if (this.sp > this.maxHeight) this.maxHeight = this.sp;
  }

  private pushAll(types: readonly StackType[]): void {
    const vals = this.vals;
    let sp = this.sp;
    for (let i = 0; i < types.length; i++) vals[sp++] = types[i]!;
    this.sp = sp;
    if (sp > this.maxHeight) this.maxHeight = sp;
  }

  private pop(): StackType {
    const frame = this.top();
    if (this.sp === frame.height) {
      if (frame.unreachable) return 'bot';
      this.fail(
        `type mismatch: instruction requires a value but stack has [] (${this.op})`,
      );
    }
    return this.vals[--this.sp]!;
  }

  private popExpect(expected: ValType): StackType {
    const frame = this.top();
    if (this.sp === frame.height) {
      if (frame.unreachable) return 'bot';
      this.mismatch([expected], []);
    }
    const actual = this.vals[this.sp - 1]!;
    if (actual !== expected && !this.ctx.isSubtype(actual, expected)) {
      this.mismatch([expected], [actual]);
    }
    this.sp--;
    return actual;
  }

  /** Checks that the top of the stack matches `types` without popping. */
  private checkTop(types: readonly StackType[]): void {
    const vals = this.vals;
    const frame = this.top();
    const n = types.length;
    const top = this.sp;
    for (let i = 0; i < n; i++) {
      const index = top - n + i;
      if (index < frame.height) {
        if (frame.unreachable) continue;
        this.mismatch(types, vals.slice(frame.height, top));
      }
      const actual = vals[index]!;
      const expected = types[i]!;
      if (actual !== expected && !this.ctx.isSubtype(actual, expected)) {
        this.mismatch(types, vals.slice(Math.max(frame.height, top - n), top));
      }
    }
  }

  private popAll(types: readonly StackType[]): void {
    const n = types.length;
    if (n === 0) return;
    this.checkTop(types);
    const height = this.top().height;
    this.sp = this.sp - n > height ? this.sp - n : height;
  }

  /** Pops `count` values of type `type`, without building a list of them. */
  private popRepeated(type: ValType, count: number): void {
    const frame = this.top();
    const available = this.sp - frame.height;
    if (count > available && !frame.unreachable) {
      this.mismatch(
        new Array<ValType>(Math.min(count, available + 1)).fill(type),
        this.vals.slice(frame.height, this.sp),
      );
    }
    const n = Math.min(count, available);
    for (let i = this.sp - n; i < this.sp; i++) {
      const actual = this.vals[i]!;
      if (actual !== type && !this.ctx.isSubtype(actual, type)) {
        this.mismatch([type], [actual]);
      }
    }
    this.sp -= n;
  }

  private popRef(): RefType | 'bot' {
    const actual = this.pop();
    if (actual !== 'bot' && typeof actual !== 'object') {
      this.fail(
        `type mismatch: instruction requires a reference but stack has [${formatValType(actual)}] (${this.op})`,
      );
    }
    return actual;
  }

  // The control stack

  private pushCtrl(
    op: string,
    params: readonly ValType[],
    results: readonly ValType[],
    instrIndex: number,
  ): void {
    const height = this.sp;
    let info: BlockInfo;
    if (this.recordBlocks || this.depth === 0) {
      info = {
        kind: op as BlockKind,
        params,
        results,
        height,
        instrIndex,
        offset: this.offset,
        elseIndex: -1,
        handlerIndices: [],
        endIndex: -1,
      };
      this.blocks.push(info);
    } else {
      info = scratchBlock;
    }
    this.enter(op, params, results, info);
  }

  /** Pushes a control frame, reusing a stale one where there is one. */
  private enter(
    op: string,
    params: readonly ValType[],
    results: readonly ValType[],
    info: BlockInfo,
  ): void {
    const frame = this.ctrls[this.depth];
    if (frame === undefined) {
      this.ctrls.push({
        op,
        params,
        results,
        height: this.sp,
        unreachable: false,
        initHeight: this.initStack.length,
        info,
      });
    } else {
      frame.op = op;
      frame.params = params;
      frame.results = results;
      frame.height = this.sp;
      frame.unreachable = false;
      frame.initHeight = this.initStack.length;
      frame.info = info;
    }
    this.depth++;
    this.pushAll(params);
  }

  /** Pops the innermost frame; it stays valid until the next push. */
  private popCtrl(): Frame {
    if (this.depth === 0) this.fail('unexpected end');
    const frame = this.top();
    this.popAll(frame.results);
    if (this.sp !== frame.height) {
      this.fail(
        `type mismatch: block requires ${formatTypes(frame.results)} but stack has ${formatTypes(this.vals.slice(frame.height, this.sp))}`,
      );
    }
    this.depth--;
    const init = this.initStack;
    if (init.length > frame.initHeight) {
      const localInit = this.localInit!;
      while (init.length > frame.initHeight) localInit[init.pop()!] = 0;
    }
    return frame;
  }

  private setUnreachable(): void {
    const frame = this.top();
    this.sp = frame.height;
    frame.unreachable = true;
  }

  private label(depth: number): Frame {
    const frame =
      depth >= 0 && depth < this.depth
        ? this.ctrls[this.depth - 1 - depth]
        : undefined;
    if (frame === undefined) this.fail(`unknown label ${depth}`);
    return frame;
  }

  private labelTypes(frame: Frame): readonly ValType[] {
    return frame.op === 'loop' ? frame.params : frame.results;
  }

  // Context lookups

  private blockType(blockType: BlockType): FuncType {
    if (blockType === null)
      return { kind: 'func', params: noTypes, results: noTypes };
    if (typeof blockType === 'object' && 'typeIndex' in blockType) {
      // Before multi-value, a block type was empty or one value type.
      if (!this.ctx.features.multiValue) {
        this.fail(
          `invalid result arity: block type ${blockType.typeIndex} requires the multiValue feature`,
        );
      }
      return this.funcType(blockType.typeIndex);
    }
    this.checkValType(blockType);
    return { kind: 'func', params: noTypes, results: [blockType] };
  }

  private funcType(typeIndex: number): FuncType {
    const sub = this.ctx.types[typeIndex];
    if (sub === undefined) this.fail(`unknown type ${typeIndex}`);
    if (sub.composite.kind !== 'func') {
      this.fail(`type mismatch: type ${typeIndex} is not a function type`);
    }
    return sub.composite;
  }

  /** Checks the heap type of `(ref null? heapType)`, written in an immediate. */
  private checkHeapType(heapType: HeapType, nullable: boolean): void {
    if (
      typeof heapType === 'number' &&
      this.ctx.types[heapType] === undefined
    ) {
      this.fail(`unknown type ${heapType}`);
    }
    const message = heapTypeFeatureError(this.ctx.features, heapType, nullable);
    if (message !== null) this.fail(message);
  }

  private checkValType(type: ValType): void {
    if (typeof type === 'object') {
      this.checkHeapType(type.heapType, type.nullable);
    } else {
      const message = storageTypeFeatureError(this.ctx.features, type);
      if (message !== null) this.fail(message);
    }
  }

  private structFields(typeIndex: number): readonly FieldType[] {
    const sub = this.ctx.types[typeIndex];
    if (sub === undefined) this.fail(`unknown type ${typeIndex}`);
    if (sub.composite.kind !== 'struct') {
      this.fail(`type mismatch: type ${typeIndex} is not a struct type`);
    }
    return sub.composite.fields;
  }

  private structField(typeIndex: number, fieldIndex: number): FieldType {
    const field = this.structFields(typeIndex)[fieldIndex];
    if (field === undefined) this.fail(`unknown field ${fieldIndex}`);
    return field;
  }

  private arrayElement(typeIndex: number): FieldType {
    const sub = this.ctx.types[typeIndex];
    if (sub === undefined) this.fail(`unknown type ${typeIndex}`);
    if (sub.composite.kind !== 'array') {
      this.fail(`type mismatch: type ${typeIndex} is not an array type`);
    }
    return sub.composite.element;
  }

  private memoryAddr(memory: number): ValType {
    const type = this.ctx.memories[memory];
    if (type === undefined) this.fail(`unknown memory ${memory}`);
    return type.addressType;
  }

  private tableType(table: number): { elemType: RefType; addr: ValType } {
    const type = this.ctx.tables[table];
    if (type === undefined) this.fail(`unknown table ${table}`);
    return { elemType: type.elemType, addr: type.addressType };
  }

  private elemType(elem: number): RefType {
    const type = this.ctx.elemTypes[elem];
    if (type === undefined) this.fail(`unknown elem segment ${elem}`);
    return type;
  }

  private checkData(data: number): void {
    if (data >= this.ctx.module.datas.length)
      this.fail(`unknown data segment ${data}`);
    // A binary needs the data count section before the code that names a
    // segment (a rule of the binary format); modules built from text or by
    // hand get one when encoded.
    if (this.ctx.dataCount === null && this.offset !== null) {
      throw new DecodeError('data count section required', this.offset);
    }
  }

  private tagType(tag: number): FuncType {
    const typeIndex = this.ctx.tagTypeIndices[tag];
    if (typeIndex === undefined) this.fail(`unknown tag ${tag}`);
    return this.funcType(typeIndex);
  }

  private global(index: number): { valType: ValType; mutable: boolean } {
    const type = this.ctx.globals[index];
    if (type === undefined) this.fail(`unknown global ${index}`);
    return type;
  }

  private local(index: number): ValType {
    const type = this.localTypes[index];
    if (type === undefined) this.fail(`unknown local ${index}`);
    return type;
  }

  private memarg(memarg: MemArg, def: InstrDef, exact: boolean): ValType {
    const addr = this.memoryAddr(memarg.memory);
    const natural = def.align ?? 0;
    if (exact ? memarg.align !== natural : memarg.align > natural) {
      this.fail(
        exact
          ? `alignment must be exactly natural: ${def.name} has 2^${natural}, not 2^${memarg.align}`
          : `alignment must not be larger than natural: ${def.name} allows 2^${natural}, not 2^${memarg.align}`,
      );
    }
    const offset = memarg.offset;
    if (
      addr === 'i32' &&
      (typeof offset === 'number' ? offset > 0xffffffff : offset > 0xffffffffn)
    ) {
      this.fail(
        `offset out of range: ${String(memarg.offset)} for a 32-bit memory`,
      );
    }
    return addr;
  }

  private checkLane(lane: number, count: number): void {
    if (lane >= count)
      this.fail(`invalid lane index: ${lane} must be below ${count}`);
  }

  // Instructions

  /**
   * Checks one instruction and updates the stacks. `def`, the
   * instruction's row of the table, saves a lookup by name where the caller
   * has it (as a decoder does).
   * @throws {ValidationError} if the instruction is not valid here.
   */
  step(instr: Instr, def?: InstrDef): void {
    this.instrIndex++;
    this.offset = instr.offset ?? null;
    this.current = instr;
    const op = instr.op;
    this.op = op;
    this.lastBlock = null;
    if (this.done)
      this.fail(`operators remaining after end of function: ${op}`);
    if (this.constExpr !== null) this.checkConstant(instr);
    const row = def ?? instrByName(op);
    if (row === undefined) this.fail(`unknown operator ${op}`);
    // Element segments spell plain function indices as `ref.func`.
    if (
      this.ctx.enabledInstrs[row.id] === 0 &&
      (this.constExpr === null || op !== 'ref.func')
    ) {
      this.fail(
        `unknown operator ${op}: proposal ${row.feature ?? ''} is not enabled`,
      );
    }

    const simple = simpleById[row.id];
    if (simple !== undefined) {
      let params = simple.params32;
      let results = simple.results32;
      if (simple.memory) {
        const def = simple.def;
        const exact = def.prefix === 0xfe;
        if (this.memarg(instr.args[0] as MemArg, def, exact) === 'i64') {
          params = simple.params64;
          results = simple.results64;
        }
        if (simple.check === 'lane') {
          this.checkLane(instr.args[1] as number, laneCount(op));
        }
      } else if (simple.check !== null) {
        const arg = instr.args[0];
        if (simple.check === 'lane')
          this.checkLane(arg as number, laneCount(op));
        else if (simple.check === 'shuffle') {
          for (const lane of arg as Uint8Array) this.checkLane(lane, 32);
        } else if (simple.check === 'data') this.checkData(arg as number);
        else this.elemType(arg as number);
      }
      // Fast paths for the common shapes; the general path below reports
      // errors with the whole signature.
      const nParams = params.length;
      if (results.length === 1) {
        if (nParams === 0) {
          this.push(results[0]!);
          return;
        }
        if (nParams === 1) {
          this.popExpect(params[0]!);
          this.push(results[0]!);
          return;
        }
        const sp = this.sp;
        if (nParams === 2 && sp - this.top().height >= 2) {
          const vals = this.vals;
          if (vals[sp - 2] === params[0] && vals[sp - 1] === params[1]) {
            vals[sp - 2] = results[0]!;
            this.sp = sp - 1;
            return;
          }
        }
      }
      this.popAll(params);
      this.pushAll(results);
      return;
    }
    this.special(instr);
  }

  private checkConstant(instr: Instr): void {
    const def = instrByName(instr.op);
    if (def === undefined || instr.op === 'end') return;
    const options = this.constExpr!;
    if (
      !def.constant ||
      (extendedConstOps.has(def.name) && !this.ctx.features.extendedConst)
    ) {
      this.fail(`constant expression required: ${def.name} is not constant`);
    }
    if (def.name === 'global.get') {
      const index = instr.args[0] as number;
      const global = this.global(index);
      if (index >= options.globalLimit) this.fail(`unknown global ${index}`);
      if (global.mutable) {
        this.fail(`constant expression required: global ${index} is mutable`);
      }
    }
  }

  private special(instr: Instr): void {
    const op = instr.op;
    const args = instr.args;
    const ctx = this.ctx;
    // The most frequent instructions first: V8 tests string cases in order.
    switch (op) {
      // Variables
      case 'local.get': {
        const index = args[0] as number;
        const type = this.local(index);
        if (this.localInit !== null && this.localInit[index] === 0) {
          this.fail(`uninitialized local ${index}`);
        }
        this.push(type);
        return;
      }
      case 'local.set':
      case 'local.tee': {
        const index = args[0] as number;
        const type = this.local(index);
        this.popExpect(type);
        if (this.localInit !== null && this.localInit[index] === 0) {
          this.localInit[index] = 1;
          this.initStack.push(index);
        }
        if (op === 'local.tee') this.push(type);
        return;
      }
      case 'global.get':
        this.push(this.global(args[0] as number).valType);
        return;
      case 'global.set': {
        const global = this.global(args[0] as number);
        if (!global.mutable) this.fail(`immutable global ${args[0] as number}`);
        this.popExpect(global.valType);
        return;
      }

      // Control
      case 'unreachable':
        this.setUnreachable();
        return;
      case 'block':
      case 'loop':
      case 'if':
      case 'try': {
        const type = this.blockType(args[0] as BlockType);
        if (op === 'if') this.popExpect(i32);
        this.popAll(type.params);
        this.pushCtrl(op, type.params, type.results, this.instrIndex);
        this.lastBlock = this.top().info;
        return;
      }
      case 'try_table': {
        const type = this.blockType(args[0] as BlockType);
        this.popAll(type.params);
        for (const clause of args[1] as readonly Catch[])
          this.checkCatch(clause);
        this.pushCtrl(op, type.params, type.results, this.instrIndex);
        this.lastBlock = this.top().info;
        return;
      }
      case 'else': {
        const frame = this.depth > 0 ? this.top() : undefined;
        if (frame?.op !== 'if') this.fail('else without matching if');
        this.popCtrl();
        this.reopen(frame, 'else', frame.params);
        frame.info.elseIndex = this.instrIndex;
        this.lastBlock = frame.info;
        return;
      }
      case 'catch':
      case 'catch_all': {
        const frame = this.depth > 0 ? this.top() : undefined;
        if (frame?.op !== 'try' && frame?.op !== 'catch') {
          this.fail(`${op} without matching try`);
        }
        const params =
          op === 'catch' ? this.tagType(args[0] as number).params : noTypes;
        this.popCtrl();
        this.reopen(frame, op, params);
        frame.info.handlerIndices.push(this.instrIndex);
        this.lastBlock = frame.info;
        return;
      }
      case 'delegate': {
        const frame = this.depth > 0 ? this.top() : undefined;
        if (frame?.op !== 'try') this.fail('delegate without matching try');
        this.popCtrl();
        this.label(args[0] as number);
        frame.info.handlerIndices.push(this.instrIndex);
        frame.info.endIndex = this.instrIndex;
        this.pushAll(frame.results);
        this.lastBlock = frame.info;
        return;
      }
      case 'end': {
        const frame = this.depth > 0 ? this.top() : undefined;
        if (frame === undefined) this.fail('unexpected end');
        if (frame.op === 'if') {
          // An `if` without `else`: the missing branch passes its params on.
          this.popCtrl();
          this.reopen(frame, 'else', frame.params);
        }
        this.popCtrl();
        frame.info.endIndex = this.instrIndex;
        this.lastBlock = frame.info;
        if (this.depth === 0) this.done = true;
        else this.pushAll(frame.results);
        return;
      }
      case 'br': {
        this.popAll(this.labelTypes(this.label(args[0] as number)));
        this.setUnreachable();
        return;
      }
      case 'br_if': {
        const types = this.labelTypes(this.label(args[0] as number));
        this.popExpect(i32);
        this.popAll(types);
        this.pushAll(types);
        return;
      }
      case 'br_table': {
        this.popExpect(i32);
        const defaultTypes = this.labelTypes(this.label(args[1] as number));
        const arity = defaultTypes.length;
        for (const depth of args[0] as readonly number[]) {
          const types = this.labelTypes(this.label(depth));
          if (types.length !== arity) {
            this.fail(
              `type mismatch: br_table targets have different arities (${types.length} and ${arity})`,
            );
          }
          this.checkTop(types);
        }
        this.popAll(defaultTypes);
        this.setUnreachable();
        return;
      }
      case 'return':
        this.popAll(this.type.results);
        this.setUnreachable();
        return;
      case 'throw':
        this.popAll(this.tagType(args[0] as number).params);
        this.setUnreachable();
        return;
      case 'throw_ref':
        this.popExpect(exnRef);
        this.setUnreachable();
        return;
      case 'rethrow': {
        const frame = this.label(args[0] as number);
        if (frame.op !== 'catch' && frame.op !== 'catch_all') {
          this.fail(`invalid rethrow label ${args[0] as number}`);
        }
        this.setUnreachable();
        return;
      }
      case 'call': {
        const type = ctx.funcTypeOf(args[0] as number);
        if (type === undefined)
          this.fail(`unknown function ${args[0] as number}`);
        this.popAll(type.params);
        this.pushAll(type.results);
        return;
      }
      case 'return_call': {
        const type = ctx.funcTypeOf(args[0] as number);
        if (type === undefined)
          this.fail(`unknown function ${args[0] as number}`);
        this.tailCall(type);
        return;
      }
      case 'call_indirect':
      case 'return_call_indirect': {
        const table = this.tableType(args[1] as number);
        const type = this.funcType(args[0] as number);
        if (!ctx.isSubtype(table.elemType, funcRef)) {
          this.fail(
            `type mismatch: ${op} needs a table of function references`,
          );
        }
        this.popExpect(table.addr);
        if (op === 'call_indirect') {
          this.popAll(type.params);
          this.pushAll(type.results);
        } else this.tailCall(type);
        return;
      }
      case 'call_ref':
      case 'return_call_ref': {
        const typeIndex = args[0] as number;
        const type = this.funcType(typeIndex);
        this.popExpect({ kind: 'ref', nullable: true, heapType: typeIndex });
        if (op === 'call_ref') {
          this.popAll(type.params);
          this.pushAll(type.results);
        } else this.tailCall(type);
        return;
      }

      // Parametric
      case 'drop':
        this.pop();
        return;
      case 'select': {
        this.popExpect(i32);
        const t1 = this.pop();
        const t2 = this.pop();
        if (typeof t1 === 'object' || typeof t2 === 'object') {
          this.fail(
            'type mismatch: select without a type needs numeric or vector operands',
          );
        }
        if (t1 !== t2 && t1 !== 'bot' && t2 !== 'bot') {
          this.mismatch([t1, t1], [t2, t1]);
        }
        this.push(t1 === 'bot' ? t2 : t1);
        return;
      }
      case 'select.typed': {
        const types = args[0] as readonly ValType[];
        if (types.length !== 1) this.fail('invalid result arity');
        const type = types[0]!;
        this.checkValType(type);
        this.popExpect(i32);
        this.popAll([type, type]);
        this.push(type);
        return;
      }

      // Tables
      case 'table.get': {
        const table = this.tableType(args[0] as number);
        this.popExpect(table.addr);
        this.push(table.elemType);
        return;
      }
      case 'table.set': {
        const table = this.tableType(args[0] as number);
        this.popAll([table.addr, table.elemType]);
        return;
      }
      case 'table.size':
        this.push(this.tableType(args[0] as number).addr);
        return;
      case 'table.grow': {
        const table = this.tableType(args[0] as number);
        this.popAll([table.elemType, table.addr]);
        this.push(table.addr);
        return;
      }
      case 'table.fill': {
        const table = this.tableType(args[0] as number);
        this.popAll([table.addr, table.elemType, table.addr]);
        return;
      }
      case 'table.copy': {
        const dst = this.tableType(args[0] as number);
        const src = this.tableType(args[1] as number);
        if (!ctx.isSubtype(src.elemType, dst.elemType)) {
          this.fail(
            `type mismatch: cannot copy ${formatValType(src.elemType)} into a table of ${formatValType(dst.elemType)}`,
          );
        }
        const n = dst.addr === 'i64' && src.addr === 'i64' ? i64 : i32;
        this.popAll([dst.addr, src.addr, n]);
        return;
      }
      case 'table.init': {
        const table = this.tableType(args[1] as number);
        const elem = this.elemType(args[0] as number);
        if (!ctx.isSubtype(elem, table.elemType)) {
          this.fail(
            `type mismatch: cannot initialise a table of ${formatValType(table.elemType)} from ${formatValType(elem)}`,
          );
        }
        this.popAll([table.addr, i32, i32]);
        return;
      }

      // Memory
      case 'memory.size':
        this.push(this.memoryAddr(args[0] as number));
        return;
      case 'memory.grow': {
        const addr = this.memoryAddr(args[0] as number);
        this.popExpect(addr);
        this.push(addr);
        return;
      }
      case 'memory.fill': {
        const addr = this.memoryAddr(args[0] as number);
        this.popAll([addr, i32, addr]);
        return;
      }
      case 'memory.copy': {
        const dst = this.memoryAddr(args[0] as number);
        const src = this.memoryAddr(args[1] as number);
        this.popAll([dst, src, dst === 'i64' && src === 'i64' ? i64 : i32]);
        return;
      }
      case 'memory.init': {
        const addr = this.memoryAddr(args[1] as number);
        this.checkData(args[0] as number);
        this.popAll([addr, i32, i32]);
        return;
      }

      // References
      case 'ref.null': {
        const heapType = args[0] as HeapType;
        this.checkHeapType(heapType, true);
        this.push({ kind: 'ref', nullable: true, heapType });
        return;
      }
      case 'ref.is_null':
        this.popRef();
        this.push(i32);
        return;
      case 'ref.func': {
        const index = args[0] as number;
        const typeIndex = ctx.funcTypeIndices[index];
        if (typeIndex === undefined) this.fail(`unknown function ${index}`);
        if (this.constExpr === null && !ctx.declaredFuncs.has(index)) {
          this.fail(`undeclared function reference ${index}`);
        }
        this.push({ kind: 'ref', nullable: false, heapType: typeIndex });
        return;
      }
      case 'ref.eq':
        this.popAll([eqRef, eqRef]);
        this.push(i32);
        return;
      case 'ref.as_non_null': {
        const ref = this.popRef();
        this.push(
          ref === 'bot' ? this.botRef(false) : { ...ref, nullable: false },
        );
        return;
      }
      case 'br_on_null': {
        const ref = this.popRef();
        const types = this.labelTypes(this.label(args[0] as number));
        this.popAll(types);
        this.pushAll(types);
        this.push(
          ref === 'bot' ? this.botRef(false) : { ...ref, nullable: false },
        );
        return;
      }
      case 'br_on_non_null': {
        const types = this.labelTypes(this.label(args[0] as number));
        const last = types[types.length - 1];
        if (last === undefined || typeof last !== 'object') {
          this.fail(
            'type mismatch: br_on_non_null needs a label whose last type is a reference',
          );
        }
        const ref = this.popRef();
        const nonNull: RefType =
          ref === 'bot' ? this.botRef(false) : { ...ref, nullable: false };
        if (!ctx.isSubtype(nonNull, last)) this.mismatch([last], [nonNull]);
        const rest = types.slice(0, -1);
        this.popAll(rest);
        this.pushAll(rest);
        return;
      }

      // GC: structs
      case 'struct.new':
      case 'struct.new_default': {
        const typeIndex = args[0] as number;
        const fields = this.structFields(typeIndex);
        if (op === 'struct.new')
          this.popAll(fields.map((f) => unpacked(f.storage)));
        else {
          for (const field of fields) {
            if (!isDefaultable(unpacked(field.storage))) {
              this.fail(
                `type mismatch: field type ${formatValType(field.storage)} has no default value`,
              );
            }
          }
        }
        this.push({ kind: 'ref', nullable: false, heapType: typeIndex });
        return;
      }
      case 'struct.get':
      case 'struct.get_s':
      case 'struct.get_u': {
        const typeIndex = args[0] as number;
        const field = this.structField(typeIndex, args[1] as number);
        this.checkPacked(field.storage, op !== 'struct.get');
        this.popExpect({ kind: 'ref', nullable: true, heapType: typeIndex });
        this.push(unpacked(field.storage));
        return;
      }
      case 'struct.set': {
        const typeIndex = args[0] as number;
        const field = this.structField(typeIndex, args[1] as number);
        if (!field.mutable)
          this.fail(
            `immutable field ${args[1] as number} of type ${typeIndex}`,
          );
        this.popAll([
          { kind: 'ref', nullable: true, heapType: typeIndex },
          unpacked(field.storage),
        ]);
        return;
      }

      // GC: arrays
      case 'array.new':
      case 'array.new_default':
      case 'array.new_fixed':
      case 'array.new_data':
      case 'array.new_elem': {
        const typeIndex = args[0] as number;
        const element = this.arrayElement(typeIndex);
        const type = unpacked(element.storage);
        if (op === 'array.new') this.popAll([type, i32]);
        else if (op === 'array.new_default') {
          if (!isDefaultable(type)) {
            this.fail(
              `type mismatch: array type ${typeIndex} has no default value`,
            );
          }
          this.popExpect(i32);
        } else if (op === 'array.new_fixed') {
          this.popRepeated(type, args[1] as number);
        } else if (op === 'array.new_data') {
          this.checkNumericArray(element.storage, typeIndex);
          this.checkData(args[1] as number);
          this.popAll([i32, i32]);
        } else {
          const elem = this.elemType(args[1] as number);
          if (!ctx.isSubtype(elem, type)) this.mismatch([type], [elem]);
          this.popAll([i32, i32]);
        }
        this.push({ kind: 'ref', nullable: false, heapType: typeIndex });
        return;
      }
      case 'array.get':
      case 'array.get_s':
      case 'array.get_u': {
        const typeIndex = args[0] as number;
        const element = this.arrayElement(typeIndex);
        this.checkPacked(element.storage, op !== 'array.get');
        this.popAll([
          { kind: 'ref', nullable: true, heapType: typeIndex },
          i32,
        ]);
        this.push(unpacked(element.storage));
        return;
      }
      case 'array.set': {
        const typeIndex = args[0] as number;
        const element = this.mutableArray(typeIndex);
        this.popAll([
          { kind: 'ref', nullable: true, heapType: typeIndex },
          i32,
          unpacked(element.storage),
        ]);
        return;
      }
      case 'array.len':
        this.popExpect(arrayRef);
        this.push(i32);
        return;
      case 'array.fill': {
        const typeIndex = args[0] as number;
        const element = this.mutableArray(typeIndex);
        this.popAll([
          { kind: 'ref', nullable: true, heapType: typeIndex },
          i32,
          unpacked(element.storage),
          i32,
        ]);
        return;
      }
      case 'array.copy': {
        const dst = args[0] as number;
        const src = args[1] as number;
        const dstElement = this.mutableArray(dst);
        const srcElement = this.arrayElement(src);
        if (!this.storageSubtype(srcElement.storage, dstElement.storage)) {
          this.fail(
            `array types do not match: cannot copy array ${src} into array ${dst}`,
          );
        }
        this.popAll([
          { kind: 'ref', nullable: true, heapType: dst },
          i32,
          { kind: 'ref', nullable: true, heapType: src },
          i32,
          i32,
        ]);
        return;
      }
      case 'array.init_data':
      case 'array.init_elem': {
        const typeIndex = args[0] as number;
        const element = this.mutableArray(typeIndex);
        if (op === 'array.init_data') {
          this.checkNumericArray(element.storage, typeIndex);
          this.checkData(args[1] as number);
        } else {
          const elem = this.elemType(args[1] as number);
          const type = unpacked(element.storage);
          if (!ctx.isSubtype(elem, type)) this.mismatch([type], [elem]);
        }
        this.popAll([
          { kind: 'ref', nullable: true, heapType: typeIndex },
          i32,
          i32,
          i32,
        ]);
        return;
      }

      // GC: casts and conversions
      case 'ref.test':
      case 'ref.test.null':
      case 'ref.cast':
      case 'ref.cast.null': {
        const heapType = args[0] as HeapType;
        const nullable = op.endsWith('.null');
        this.checkHeapType(heapType, nullable);
        const ref = this.popRef();
        if (ref !== 'bot' && !this.sameHierarchy(ref.heapType, heapType)) {
          this.mismatch([this.topRef(heapType)], [ref]);
        }
        this.push(
          op.startsWith('ref.test') ? i32 : { kind: 'ref', nullable, heapType },
        );
        return;
      }
      case 'br_on_cast':
      case 'br_on_cast_fail': {
        const flags = args[0] as number;
        const rt1: RefType = {
          kind: 'ref',
          nullable: (flags & 1) !== 0,
          heapType: args[2] as HeapType,
        };
        const rt2: RefType = {
          kind: 'ref',
          nullable: (flags & 2) !== 0,
          heapType: args[3] as HeapType,
        };
        this.checkValType(rt1);
        this.checkValType(rt2);
        if (!ctx.isSubtype(rt2, rt1)) {
          this.fail(
            `type mismatch: ${formatValType(rt2)} is not a subtype of ${formatValType(rt1)}`,
          );
        }
        const types = this.labelTypes(this.label(args[1] as number));
        const last = types[types.length - 1];
        if (last === undefined || typeof last !== 'object') {
          this.fail(
            `type mismatch: ${op} needs a label whose last type is a reference`,
          );
        }
        const diff: RefType = {
          ...rt1,
          nullable: rt1.nullable && !rt2.nullable,
        };
        const branchType = op === 'br_on_cast' ? rt2 : diff;
        if (!ctx.isSubtype(branchType, last))
          this.mismatch([last], [branchType]);
        this.popExpect(rt1);
        const rest = types.slice(0, -1);
        this.popAll(rest);
        this.pushAll(rest);
        this.push(op === 'br_on_cast' ? diff : rt2);
        return;
      }
      case 'any.convert_extern':
      case 'extern.convert_any': {
        const from = op === 'any.convert_extern' ? externRef : anyRef;
        const actual = this.popExpect(from);
        const nullable =
          actual === 'bot' ? false : (actual as RefType).nullable;
        this.push({
          kind: 'ref',
          nullable,
          heapType: op === 'any.convert_extern' ? 'any' : 'extern',
        });
        return;
      }
      case 'ref.i31':
        this.popExpect(i32);
        this.push(i31RefNonNull);
        return;
      case 'i31.get_s':
      case 'i31.get_u':
        this.popExpect(i31Ref);
        this.push(i32);
        return;
      default: {
        const def = instrByName(op);
        if (def === undefined) this.fail(`unknown operator ${op}`);
        throw new Error(`internal: no validation rule for ${op}`);
      }
    }
  }

  private reopen(frame: Frame, op: string, params: readonly ValType[]): void {
    this.enter(op, params, frame.results, frame.info);
  }

  private botRef(nullable: boolean): RefType {
    return { kind: 'ref', nullable, heapType: botHeapType };
  }

  private topRef(heapType: HeapType): RefType {
    return { kind: 'ref', nullable: true, heapType: this.ctx.topOf(heapType) };
  }

  private sameHierarchy(a: HeapType, b: HeapType): boolean {
    const ta = this.ctx.topOf(a);
    return ta === botHeapType || ta === this.ctx.topOf(b);
  }

  private tailCall(type: FuncType): void {
    const results = this.type.results;
    if (
      type.results.length !== results.length ||
      !type.results.every((t, i) => this.ctx.isSubtype(t, results[i]!))
    ) {
      this.fail(
        `type mismatch: tail call returns ${formatTypes(type.results)} but the function returns ${formatTypes(results)}`,
      );
    }
    this.popAll(type.params);
    this.setUnreachable();
  }

  private checkCatch(clause: Catch): void {
    const frame = this.label(clause.label);
    const labelTypes = this.labelTypes(frame);
    let types: readonly ValType[];
    switch (clause.kind) {
      case 'catch':
        types = this.tagType(clause.tag).params;
        break;
      case 'catch_ref':
        types = [...this.tagType(clause.tag).params, exnRefNonNull];
        break;
      case 'catch_all':
        types = noTypes;
        break;
      case 'catch_all_ref':
        types = [exnRefNonNull];
        break;
    }
    if (
      types.length !== labelTypes.length ||
      !types.every((t, i) => this.ctx.isSubtype(t, labelTypes[i]!))
    ) {
      this.fail(
        `type mismatch: ${clause.kind} gives ${formatTypes(types)} but label ${clause.label} needs ${formatTypes(labelTypes)}`,
      );
    }
  }

  private checkPacked(storage: StorageType, signed: boolean): void {
    const packed = storage === 'i8' || storage === 'i16';
    if (packed !== signed) {
      this.fail(
        packed
          ? `type mismatch: packed field needs ${this.op}_s or ${this.op}_u`
          : `type mismatch: ${this.op} needs a packed field`,
      );
    }
  }

  private checkNumericArray(storage: StorageType, typeIndex: number): void {
    if (typeof storage === 'object') {
      this.fail(`array type is not numeric or vector: type ${typeIndex}`);
    }
  }

  private mutableArray(typeIndex: number): FieldType {
    const element = this.arrayElement(typeIndex);
    if (!element.mutable) this.fail(`immutable array: type ${typeIndex}`);
    return element;
  }

  private storageSubtype(a: StorageType, b: StorageType): boolean {
    if (typeof a === 'string' || typeof b === 'string') return a === b;
    return this.ctx.isSubtype(a, b);
  }
}
