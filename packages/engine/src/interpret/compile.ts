// Compiles a validated function body to interpreter code.
//
// The code is register-like: every operand is a word offset from the frame
// pointer. Operand stack heights are static, so each stack entry has a
// canonical place; `local.get` and constants are not copied there until
// needed (an entry may stand for a local or a constant), and an
// instruction's result is written straight into a local when `local.set`
// follows it. Control instructions put every entry in its canonical place.
// Peepholes: i32/i64 operations with a constant operand take it as an
// immediate, an i32 comparison followed by `br_if` or `if` becomes one
// compare-and-branch, immutable globals with constant initialisers are
// constants, constants used inside loops live in frame slots set once at
// entry, and struct/array accesses to common field types get instructions
// of their own. Those that rewrite the code just emitted hold only in
// straight-line code: none reaches back across a label (`label()`).

import type {
  BlockType,
  Catch,
  Func,
  HeapType,
  InstrDef,
  MemArg,
  ValType,
} from '@tswasm/ir';
import { instrByName } from '@tswasm/ir';
import { type BodyInstr, readBody } from './body-reader.js';
import type { CatchClause, CompiledFunc, Handler } from './compiled-func.js';
import type { ModuleInfo } from './module-info.js';
import type { CanonHeapType } from '../runtime/type-registry.js';
import { Op } from './ops.js';

/** Stack entry kinds: number (2 words), reference (2 words), vector (4 words). */
const N = 0;
const R = 1;
const V = 2;

const CONST = -1;

function words(kind: number): number {
  return kind === V ? 4 : 2;
}

/** The stack entry kind of a value type. */
export function kindOf(type: ValType): number {
  if (type === 'v128') return V;
  return typeof type === 'object' ? R : N;
}

interface Ctrl {
  readonly kind: 'block' | 'loop' | 'if' | 'try' | 'legacyTry' | 'func';
  /** Stack length (entries) below the block's parameters. */
  readonly entries: number;
  /** Height in words below the block's parameters. */
  readonly base: number;
  readonly params: readonly number[];
  readonly results: readonly number[];
  /** Loop: the pc of its start. */
  readonly labelPc: number;
  /** Code indices to patch with the end's pc. */
  readonly fixups: number[];
  /** `if`: the code index of the false branch's target. */
  elseFixup: number;
  unreachable: boolean;
  handler: Handler | null;
  /** The pc where the block starts. */
  startPc: number;
  /** Legacy `try`: the frame slot holding the caught exception (for `rethrow`). */
  exnSlot: number;
  /** Loop with checks: the code indices of their costs, and the instruction count at its start. */
  costAt?: number[];
  countAt?: number;
}

/** The checks compiled code makes at function entry and loop heads. */
export interface Checks {
  /** Charges fuel. */
  readonly fuel: boolean;
  /** Checks the interrupt flag and counts down to the next clock reading. */
  readonly interrupt: boolean;
}

/** Compiles function `funcIndex` of the module (an index into the function index space). */
export function compileFunction(
  info: ModuleInfo,
  funcIndex: number,
  checks: Checks,
): CompiledFunc {
  const func: Func = info.module.functions[funcIndex - info.importedFuncs]!;
  return new Compiler(info, funcIndex, func, checks).compile();
}

class Compiler {
  readonly info: ModuleInfo;
  readonly funcIndex: number;
  readonly func: Func;
  readonly checks: Checks;
  readonly code: number[] = [];
  readonly offsets: number[] = [];
  readonly handlers: Handler[] = [];
  /** Word offset of each local. */
  readonly localOffsets: number[] = [];
  readonly localKinds: number[] = [];
  paramWords = 0;
  localsWords = 0;
  maxHeight = 0;
  // The operand stack: kind, canonical position, current location, constant words.
  readonly kinds: number[] = [];
  readonly pos: number[] = [];
  readonly locs: number[] = [];
  readonly cLo: number[] = [];
  readonly cHi: number[] = [];
  readonly ctrls: Ctrl[] = [];
  /** Code index of the destination operand of the last instruction, if its result is the top entry. */
  patchable = -1;
  offset = -1;
  body: BodyInstr[] = [];
  /** Frame slots of constants used as operands in loops, by `lo,hi`; set at function entry. */
  readonly constSlots: Map<string, number> = new Map<string, number>();
  /** Loops enclosing the instruction being compiled. */
  loops = 0;
  /** Instructions compiled so far (for fuel costs). */
  count = 0;
  readonly hiddenSlots: number[] = [];

  constructor(info: ModuleInfo, funcIndex: number, func: Func, checks: Checks) {
    this.info = info;
    this.funcIndex = funcIndex;
    this.func = func;
    this.checks = checks;
  }

  compile(): CompiledFunc {
    const type = this.info.funcType(this.funcIndex);
    let w = 0;
    for (const p of type.params) {
      const k = kindOf(p);
      this.localOffsets.push(w);
      this.localKinds.push(k);
      w += words(k);
    }
    this.paramWords = w;
    for (const group of this.func.locals) {
      const k = kindOf(group.type);
      for (let i = 0; i < group.count; i++) {
        this.localOffsets.push(w);
        this.localKinds.push(k);
        w += words(k);
      }
    }
    // A frame slot per legacy `try`, for the exception its catch rethrows.
    this.body = readBody(this.func);
    for (const instr of this.body) {
      if (instr.def.name === 'try') {
        this.hiddenSlots.push(w);
        w += 2;
      }
    }
    w = this.allocateConstSlots(w);
    this.localsWords = w;
    this.maxHeight = w;
    this.ctrls.push({
      kind: 'func',
      entries: 0,
      base: w,
      params: [],
      results: type.results.map(kindOf),
      labelPc: 0,
      fixups: [],
      elseFixup: -1,
      unreachable: false,
      handler: null,
      startPc: 0,
      exnSlot: -1,
    });
    // Entry checks trap at the function's first instruction.
    this.offset = this.body[0]?.offset ?? -1;
    const costAt = this.emitChecks();
    for (const [key, slot] of this.constSlots) {
      const [lo, hi] = key.split(',').map(Number) as [number, number];
      this.emit(Op.const64, slot, lo, hi);
    }
    for (const instr of this.body) {
      this.offset = instr.offset;
      this.instr(instr);
      this.count++;
      if (this.ctrls.length === 0) break;
    }
    for (const at of costAt) this.code[at] = this.count;
    return {
      code: Int32Array.from(this.code),
      paramWords: this.paramWords,
      localsWords: this.localsWords,
      frameWords: this.maxHeight + 4,
      offsets: Int32Array.from(this.offsets),
      handlers: this.handlers,
    };
  }

  // Emission

  /** Emits the checks of a function entry or loop head; returns the code indices of their costs. */
  emitChecks(): number[] {
    const costAt: number[] = [];
    if (this.checks.fuel) costAt.push(this.emit(Op.fuel, 1) + 1);
    if (this.checks.interrupt) costAt.push(this.emit(Op.interrupt, 1) + 1);
    return costAt;
  }

  emit(...words: number[]): number {
    const at = this.code.length;
    this.offsets.push(at, this.offset);
    for (const w of words) this.code.push(w | 0);
    this.patchable = -1;
    this.lastCompare = null;
    return at;
  }

  /**
   * The pc of the next instruction, made a label: a branch target where
   * control joins. Peepholes that rewrite or take back the code before it
   * (a result written straight into a local, a comparison fused into a
   * branch) are valid only in straight-line code, so none reaches across.
   */
  label(): number {
    this.patchable = -1;
    this.lastCompare = null;
    return this.code.length;
  }

  get height(): number {
    const n = this.kinds.length;
    return n === 0
      ? this.ctrls[0]!.base
      : this.pos[n - 1]! + words(this.kinds[n - 1]!);
  }

  push(kind: number, loc = -2): number {
    const p = this.height;
    this.kinds.push(kind);
    this.pos.push(p);
    this.locs.push(loc === -2 ? p : loc);
    this.cLo.push(0);
    this.cHi.push(0);
    const top = p + words(kind);
    if (top > this.maxHeight) this.maxHeight = top;
    return p;
  }

  pushConst(lo: number, hi: number): void {
    this.push(N, CONST);
    const n = this.kinds.length - 1;
    this.cLo[n] = lo | 0;
    this.cHi[n] = hi | 0;
  }

  popEntry(): void {
    this.kinds.pop();
    this.pos.pop();
    this.locs.pop();
    this.cLo.pop();
    this.cHi.pop();
  }

  /** Moves entry `i` to its canonical place. */
  materialize(i: number): void {
    const loc = this.locs[i]!;
    const p = this.pos[i]!;
    if (loc === p) return;
    if (loc === CONST) this.emit(Op.const64, p, this.cLo[i]!, this.cHi[i]!);
    else this.emitMove(this.kinds[i]!, p, loc);
    this.locs[i] = p;
  }

  emitMove(kind: number, dst: number, src: number): void {
    if (dst === src) return;
    this.emit(
      kind === N ? Op.mov : kind === R ? Op.movRef : Op.mov128,
      dst,
      src,
    );
  }

  flush(): void {
    for (let i = 0; i < this.kinds.length; i++) this.materialize(i);
  }

  /**
   * Pops the top entry and returns where it is: constants are materialized,
   * or inside loops read from their frame slot.
   */
  pop(): number {
    const n = this.kinds.length - 1;
    if (this.locs[n] === CONST) {
      const slot =
        this.loops > 0
          ? this.constSlots.get(`${this.cLo[n]!},${this.cHi[n]!}`)
          : undefined;
      if (slot !== undefined) {
        this.popEntry();
        return slot;
      }
      this.materialize(n);
    }
    const loc = this.locs[n]!;
    this.popEntry();
    return loc;
  }

  /** Pops `count` entries; returns their locations bottom first. */
  popN(count: number): number[] {
    const out = new Array<number>(count);
    for (let i = count - 1; i >= 0; i--) out[i] = this.pop();
    return out;
  }

  /** Materializes the top `count` entries and pops them; returns the base position. */
  popCanonical(count: number): number {
    const n = this.kinds.length;
    for (let i = n - count; i < n; i++) this.materialize(i);
    const base = count === 0 ? this.height : this.pos[n - count]!;
    for (let i = 0; i < count; i++) this.popEntry();
    return base;
  }

  // Control

  get top(): Ctrl {
    return this.ctrls[this.ctrls.length - 1]!;
  }

  blockSig(bt: BlockType): { params: number[]; results: number[] } {
    if (bt === null) return { params: [], results: [] };
    if (typeof bt === 'object' && 'typeIndex' in bt) {
      const t = this.info.typeAt(bt.typeIndex);
      return { params: t.params.map(kindOf), results: t.results.map(kindOf) };
    }
    return { params: [], results: [kindOf(bt)] };
  }

  pushCtrl(kind: Ctrl['kind'], bt: BlockType, labelPc = -1): Ctrl {
    const { params, results } = this.blockSig(bt);
    const entries = this.kinds.length - params.length;
    const ctrl: Ctrl = {
      kind,
      entries,
      // The canonical place of the first parameter, or the height.
      base: params.length === 0 ? this.height : this.pos[entries]!,
      params,
      results,
      labelPc,
      fixups: [],
      elseFixup: -1,
      unreachable: false,
      handler: null,
      startPc: this.code.length,
      exnSlot: -1,
    };
    this.ctrls.push(ctrl);
    return ctrl;
  }

  /** Resets the operand stack to `ctrl`'s entries plus `kinds`, all canonical. */
  resetStack(ctrl: Ctrl, kinds: readonly number[]): void {
    while (this.kinds.length > ctrl.entries) this.popEntry();
    for (const k of kinds) this.push(k);
  }

  labelArity(ctrl: Ctrl): readonly number[] {
    return ctrl.kind === 'loop' ? ctrl.params : ctrl.results;
  }

  /** Emits the moves of a branch's values to `ctrl`'s label (without popping them). */
  branchMoves(ctrl: Ctrl): void {
    const arity = this.labelArity(ctrl);
    const n = this.kinds.length;
    let dst = ctrl.base;
    for (let i = n - arity.length; i < n; i++) {
      const kind = this.kinds[i]!;
      const loc = this.locs[i]!;
      if (loc === CONST) this.emit(Op.const64, dst, this.cLo[i]!, this.cHi[i]!);
      else this.emitMove(kind, dst, loc);
      dst += words(kind);
    }
  }

  needsMoves(ctrl: Ctrl): boolean {
    const arity = this.labelArity(ctrl);
    const n = this.kinds.length;
    let dst = ctrl.base;
    for (let i = n - arity.length; i < n; i++) {
      if (this.locs[i] !== dst) return true;
      dst += words(this.kinds[i]!);
    }
    return false;
  }

  /** Emits a jump to `ctrl`'s label: the word at the returned index gets the target. */
  jumpTo(ctrl: Ctrl, at: number): void {
    if (ctrl.kind === 'loop') this.code[at] = ctrl.labelPc;
    else ctrl.fixups.push(at);
  }

  /** An unconditional branch to label `depth`, values in place. */
  br(depth: number): void {
    const ctrl = this.ctrls[this.ctrls.length - 1 - depth]!;
    if (ctrl.kind === 'func') {
      this.ret();
      return;
    }
    this.branchMoves(ctrl);
    const at = this.emit(Op.br, 0);
    this.jumpTo(ctrl, at + 1);
  }

  ret(): void {
    const results = this.ctrls[0]!.results;
    if (results.length === 1 && results[0] === N) {
      const n = this.kinds.length - 1;
      if (this.locs[n] === CONST) this.materialize(n);
      this.emit(Op.return1, this.locs[n]!);
      return;
    }
    let w = 0;
    let hasRef = 0;
    for (const k of results) {
      w += words(k);
      if (k !== N) hasRef = 1;
    }
    const src = this.popCanonical(results.length);
    for (const k of results) this.push(k);
    this.emit(Op.return, src, w, hasRef);
  }

  setUnreachable(): void {
    this.top.unreachable = true;
    this.resetStack(this.top, []);
  }

  /** Skips the instructions of unreachable code up to the block's `else` or `end`. */
  skipping = 0;

  instr(instr: BodyInstr): void {
    const def = instr.def;
    const name = def.name;
    if (this.top.unreachable) {
      if (
        name === 'block' ||
        name === 'loop' ||
        name === 'if' ||
        name === 'try_table' ||
        name === 'try'
      ) {
        this.skipping++;
        return;
      }
      if (this.skipping > 0) {
        if (name === 'end') this.skipping--;
        return;
      }
      if (
        name !== 'end' &&
        name !== 'else' &&
        name !== 'catch' &&
        name !== 'catch_all' &&
        name !== 'delegate'
      )
        return;
    }
    // Numeric and memory instructions with a fixed signature skip the switch.
    if (
      def.params !== null &&
      def.id !== nopId &&
      (def.immediates.length === 0 || def.immediates[0] === 'memarg')
    ) {
      this.generic(instr);
      return;
    }
    const a = instr.args;
    switch (name) {
      case 'nop':
        return;
      case 'unreachable':
        this.emit(Op.unreachable);
        this.setUnreachable();
        return;
      case 'block': {
        this.flush();
        this.pushCtrl('block', a[0] as BlockType);
        return;
      }
      case 'loop': {
        this.flush();
        const ctrl = this.pushCtrl('loop', a[0] as BlockType, this.label());
        this.loops++;
        // Each iteration pays for the loop body's instructions (set at its end).
        ctrl.costAt = this.emitChecks();
        ctrl.countAt = this.count;
        return;
      }
      case 'if': {
        const fused = this.takeCompare();
        const cond = fused === null ? this.pop() : -1;
        this.flush();
        const ctrl = this.pushCtrl('if', a[0] as BlockType);
        if (fused === null) {
          const at = this.emit(Op.brUnless, cond, 0);
          ctrl.elseFixup = at + 2;
        } else {
          // Jump to the else branch when the comparison is false.
          const at = this.emitCompareBranch(fused, true);
          ctrl.elseFixup = at;
        }
        return;
      }
      case 'else': {
        const ctrl = this.top;
        if (!ctrl.unreachable) {
          this.popCanonicalResults(ctrl);
          const at = this.emit(Op.br, 0);
          ctrl.fixups.push(at + 1);
        }
        this.code[ctrl.elseFixup] = this.label();
        ctrl.elseFixup = -1;
        ctrl.unreachable = false;
        this.resetStack(ctrl, ctrl.params);
        return;
      }
      case 'end': {
        const ctrl = this.top;
        if (ctrl.kind === 'func') {
          if (!ctrl.unreachable) this.ret();
          const pc = this.label();
          for (const at of ctrl.fixups) this.code[at] = pc;
          if (ctrl.fixups.length > 0) this.emitReturnStub();
          this.ctrls.pop();
          return;
        }
        if (!ctrl.unreachable) this.popCanonicalResults(ctrl);
        if (ctrl.kind === 'loop') this.loops--;
        if (ctrl.costAt !== undefined)
          for (const at of ctrl.costAt)
            this.code[at] = Math.max(1, this.count - ctrl.countAt!);
        // Every end is a label: the other arm of an `if`, or a branch, may
        // reach it with values that the code before it did not make.
        const pc = this.label();
        if (ctrl.elseFixup >= 0) this.code[ctrl.elseFixup] = pc;
        for (const at of ctrl.fixups) this.code[at] = pc;
        if (ctrl.handler !== null && ctrl.handler.end < 0)
          ctrl.handler.end = pc;
        this.ctrls.pop();
        this.resetStack(ctrl, ctrl.results);
        return;
      }
      case 'br':
        this.br(a[0] as number);
        this.setUnreachable();
        return;
      case 'br_if': {
        const fused = this.takeCompare();
        if (fused !== null) {
          this.brIfCompare(a[0] as number, fused);
          return;
        }
        const cond = this.pop();
        this.brIf(a[0] as number, Op.brIf, cond);
        return;
      }
      case 'br_table':
        this.brTable(a[0] as readonly number[], a[1] as number);
        this.setUnreachable();
        return;
      case 'return':
        this.ret();
        this.setUnreachable();
        return;
      case 'call': {
        const f = a[0] as number;
        const t = this.info.funcType(f);
        const base = this.popCanonical(t.params.length);
        this.emit(Op.call, f, base);
        for (const r of t.results) this.push(kindOf(r));
        return;
      }
      case 'return_call': {
        const f = a[0] as number;
        const t = this.info.funcType(f);
        const base = this.popCanonical(t.params.length);
        this.emit(Op.returnCall, f, base, sumWords(t.params));
        this.setUnreachable();
        return;
      }
      case 'call_indirect':
      case 'return_call_indirect': {
        const typeIndex = a[0] as number;
        const table = a[1] as number;
        const t = this.info.typeAt(typeIndex);
        const idx = this.pop();
        const base = this.popCanonical(t.params.length);
        if (name === 'call_indirect') {
          this.emit(
            Op.callIndirect,
            this.info.typeIds[typeIndex]!,
            table,
            base,
            idx,
          );
          for (const r of t.results) this.push(kindOf(r));
        } else {
          this.emit(
            Op.returnCallIndirect,
            this.info.typeIds[typeIndex]!,
            table,
            base,
            idx,
            sumWords(t.params),
          );
          this.setUnreachable();
        }
        return;
      }
      case 'call_ref':
      case 'return_call_ref': {
        const typeIndex = a[0] as number;
        const t = this.info.typeAt(typeIndex);
        const ref = this.pop();
        const base = this.popCanonical(t.params.length);
        if (name === 'call_ref') {
          this.emit(Op.callRef, ref, base);
          for (const r of t.results) this.push(kindOf(r));
        } else {
          this.emit(Op.returnCallRef, ref, base, sumWords(t.params));
          this.setUnreachable();
        }
        return;
      }
      case 'throw': {
        const tag = a[0] as number;
        const t = this.info.tagType(tag);
        const base = this.popCanonical(t.params.length);
        this.emit(def.id, tag, base);
        this.setUnreachable();
        return;
      }
      case 'throw_ref': {
        const ref = this.pop();
        this.emit(def.id, ref);
        this.setUnreachable();
        return;
      }
      case 'try_table':
        this.tryTable(a[0] as BlockType, a[1] as readonly Catch[]);
        return;
      case 'try': {
        this.flush();
        // A jump to the next instruction, so that the region starts after
        // every enclosing block's start (see `delegate`).
        const at = this.emit(Op.br, 0);
        this.code[at + 1] = this.label();
        const ctrl = this.pushCtrl('legacyTry', a[0] as BlockType);
        const handler: Handler = {
          start: this.code.length,
          end: -1,
          catches: [],
          delegate: -1,
        };
        this.handlers.push(handler);
        ctrl.handler = handler;
        ctrl.exnSlot = this.hiddenSlots.shift()!;
        return;
      }
      case 'catch':
      case 'catch_all': {
        const ctrl = this.top;
        const handler = ctrl.handler!;
        if (!ctrl.unreachable) {
          this.popCanonicalResults(ctrl);
          const at = this.emit(Op.br, 0);
          ctrl.fixups.push(at + 1);
        }
        if (handler.end < 0) handler.end = this.code.length;
        const params =
          name === 'catch'
            ? this.info.tagType(a[0] as number).params.map(kindOf)
            : [];
        this.resetStack(ctrl, params);
        (handler.catches as CatchClause[]).push({
          tag: name === 'catch' ? (a[0] as number) : -1,
          withRef: false,
          base: ctrl.base,
          target: this.label(),
          exnSlot: ctrl.exnSlot,
        });
        ctrl.unreachable = false;
        return;
      }
      case 'delegate': {
        const ctrl = this.top;
        const handler = ctrl.handler!;
        handler.end = this.code.length;
        const target = this.ctrls[this.ctrls.length - 2 - (a[0] as number)]!;
        handler.delegate =
          target.kind === 'func'
            ? -2
            : target.kind === 'legacyTry'
              ? target.handler!.start
              : target.startPc;
        ctrl.handler = null;
        this.instr({
          def: instrByName('end')!,
          args: [],
          offset: instr.offset,
        });
        return;
      }
      case 'rethrow': {
        const ctrl = this.ctrls[this.ctrls.length - 1 - (a[0] as number)]!;
        this.emit(instrByName('throw_ref')!.id, ctrl.exnSlot);
        this.setUnreachable();
        return;
      }
      case 'drop':
        this.popEntry();
        this.patchable = -1;
        return;
      case 'select':
      case 'select.typed': {
        const cond = this.pop();
        const kind = this.kinds[this.kinds.length - 1]!;
        const b = this.pop();
        const x = this.pop();
        const dst = this.push(kind);
        this.emit(
          kind === N ? Op.select : kind === R ? Op.selectRef : Op.select128,
          dst,
          x,
          b,
          cond,
        );
        if (kind === N) this.patchable = this.code.length - 4;
        return;
      }
      case 'local.get': {
        const l = a[0] as number;
        this.push(this.localKinds[l]!, this.localOffsets[l]);
        this.patchable = -1;
        return;
      }
      case 'local.set':
      case 'local.tee':
        this.localSet(a[0] as number, name === 'local.tee');
        return;
      case 'global.get': {
        const g = a[0] as number;
        if (this.constGlobal(g)) return;
        const kind = kindOf(this.info.globalType(g));
        const dst = this.push(kind);
        this.emit(
          kind === N
            ? Op.globalGet
            : kind === R
              ? Op.globalGetRef
              : Op.globalGet128,
          dst,
          g,
        );
        if (kind === N) this.patchable = this.code.length - 2;
        return;
      }
      case 'global.set': {
        const g = a[0] as number;
        const kind = kindOf(this.info.globalType(g));
        const src = this.pop();
        this.emit(
          kind === N
            ? Op.globalSet
            : kind === R
              ? Op.globalSetRef
              : Op.globalSet128,
          src,
          g,
        );
        return;
      }
      case 'i32.const':
        this.pushConst(a[0] as number, (a[0] as number) < 0 ? -1 : 0);
        return;
      case 'f32.const':
        this.pushConst(a[0] as number, 0);
        return;
      case 'i64.const':
      case 'f64.const': {
        const v = BigInt.asUintN(64, a[0] as bigint);
        this.pushConst(Number(v & 0xffffffffn), Number(v >> 32n));
        return;
      }
      case 'ref.null': {
        const dst = this.push(R);
        this.emit(def.id, dst);
        return;
      }
      case 'ref.func': {
        const dst = this.push(R);
        this.emit(def.id, dst, a[0] as number);
        return;
      }
      case 'br_on_null':
      case 'br_on_non_null': {
        // The reference stays on the stack; it is dropped on the null path.
        const n = this.kinds.length - 1;
        this.materialize(n);
        const ref = this.locs[n]!;
        const depth = a[0] as number;
        if (name === 'br_on_null') {
          this.popEntry();
          this.brIf(depth, Op.brOnNull, ref);
          this.push(R);
        } else {
          this.brIf(depth, Op.brOnNonNull, ref);
          this.popEntry();
        }
        return;
      }
      case 'br_on_cast':
      case 'br_on_cast_fail': {
        const n = this.kinds.length - 1;
        this.materialize(n);
        const ref = this.locs[n]!;
        const flags = a[0] as number;
        const target = this.info.canonHeap(a[3] as HeapType);
        const nullable = (flags & 2) !== 0 ? 1 : 0;
        this.brIfCast(
          a[1] as number,
          name === 'br_on_cast' ? Op.brOnCast : Op.brOnCastFail,
          ref,
          target,
          nullable,
        );
        return;
      }
      case 'memory.size': {
        const dst = this.push(N);
        this.emit(def.id, dst, a[0] as number);
        return;
      }
      case 'memory.grow': {
        const delta = this.pop();
        const dst = this.push(N);
        this.emit(def.id, dst, delta, a[0] as number);
        return;
      }
      default:
        this.generic(instr);
    }
  }

  emitReturnStub(): void {
    // Branches to the function's label land here with results in place.
    const results = this.ctrls[0]!.results;
    let w = 0;
    let hasRef = 0;
    for (const k of results) {
      w += words(k);
      if (k !== N) hasRef = 1;
    }
    this.emit(Op.return, this.ctrls[0]!.base, w, hasRef);
  }

  popCanonicalResults(ctrl: Ctrl): void {
    const n = this.kinds.length;
    for (let i = n - ctrl.results.length; i < n; i++) this.materialize(i);
  }

  brIf(depth: number, op: number, cond: number): void {
    const ctrl = this.ctrls[this.ctrls.length - 1 - depth]!;
    if (ctrl.kind !== 'func' && !this.needsMoves(ctrl)) {
      const at = this.emit(op, cond, 0);
      this.jumpTo(ctrl, at + 2);
      return;
    }
    // Taken: move the values, then jump; not taken: skip over.
    const inverse =
      op === Op.brIf
        ? Op.brUnless
        : op === Op.brOnNull
          ? Op.brOnNonNull
          : Op.brOnNull;
    const at = this.emit(inverse, cond, 0);
    const saved = this.snapshot();
    if (ctrl.kind === 'func') this.ret();
    else {
      this.branchMoves(ctrl);
      const j = this.emit(Op.br, 0);
      this.jumpTo(ctrl, j + 1);
    }
    this.restore(saved);
    this.code[at + 2] = this.label();
  }

  brIfCast(
    depth: number,
    op: number,
    ref: number,
    target: CanonHeapType,
    nullable: number,
  ): void {
    const ctrl = this.ctrls[this.ctrls.length - 1 - depth]!;
    const heap = this.info.heapCode(target);
    if (ctrl.kind !== 'func' && !this.needsMoves(ctrl)) {
      const at = this.emit(op, ref, heap, nullable, 0);
      this.jumpTo(ctrl, at + 4);
      return;
    }
    const inverse = op === Op.brOnCast ? Op.brOnCastFail : Op.brOnCast;
    const at = this.emit(inverse, ref, heap, nullable, 0);
    const saved = this.snapshot();
    if (ctrl.kind === 'func') this.ret();
    else {
      this.branchMoves(ctrl);
      const j = this.emit(Op.br, 0);
      this.jumpTo(ctrl, j + 1);
    }
    this.restore(saved);
    this.code[at + 4] = this.label();
  }

  snapshot(): number[][] {
    return [
      this.kinds.slice(),
      this.pos.slice(),
      this.locs.slice(),
      this.cLo.slice(),
      this.cHi.slice(),
    ];
  }

  restore(s: number[][]): void {
    const arrays = [this.kinds, this.pos, this.locs, this.cLo, this.cHi];
    arrays.forEach((arr, i) => {
      arr.length = 0;
      for (const entry of s[i]!) arr.push(entry);
    });
  }

  brTable(labels: readonly number[], defaultLabel: number): void {
    const idx = this.pop();
    const all = [...labels, defaultLabel];
    const at = this.emit(Op.brTable, idx, labels.length, ...all.map(() => 0));
    const stubs: [number, number][] = [];
    all.forEach((depth, i) => {
      const ctrl = this.ctrls[this.ctrls.length - 1 - depth]!;
      if (ctrl.kind !== 'func' && !this.needsMoves(ctrl))
        this.jumpTo(ctrl, at + 3 + i);
      else stubs.push([i, depth]);
    });
    for (const [i, depth] of stubs) {
      this.code[at + 3 + i] = this.label();
      const saved = this.snapshot();
      this.br(depth);
      this.restore(saved);
    }
  }

  tryTable(bt: BlockType, catches: readonly Catch[]): void {
    this.flush();
    // Stubs for each catch: a jump to the clause's label, with the payload
    // already in the label's place.
    const skip = this.emit(Op.br, 0);
    const clauses: CatchClause[] = [];
    for (const c of catches) {
      const ctrl = this.ctrls[this.ctrls.length - 1 - c.label]!;
      const tag = c.kind === 'catch' || c.kind === 'catch_ref' ? c.tag : -1;
      const withRef = c.kind === 'catch_ref' || c.kind === 'catch_all_ref';
      const target = this.label();
      if (ctrl.kind === 'func') {
        const results = ctrl.results;
        let w = 0;
        let hasRef = 0;
        for (const k of results) {
          w += words(k);
          if (k !== N) hasRef = 1;
        }
        this.emit(Op.return, ctrl.base, w, hasRef);
      } else {
        const j = this.emit(Op.br, 0);
        this.jumpTo(ctrl, j + 1);
      }
      clauses.push({ tag, withRef, base: ctrl.base, target, exnSlot: -1 });
    }
    this.code[skip + 1] = this.label();
    const ctrl = this.pushCtrl('try', bt);
    const handler: Handler = {
      start: this.code.length,
      end: -1,
      catches: clauses,
      delegate: -1,
    };
    this.handlers.push(handler);
    ctrl.handler = handler;
  }

  localSet(l: number, tee: boolean): void {
    const off = this.localOffsets[l]!;
    const kind = this.localKinds[l]!;
    const n = this.kinds.length - 1;
    const loc = this.locs[n]!;
    // Entries standing for this local must be copied out first.
    let aliased = false;
    for (let i = 0; i < n; i++) if (this.locs[i] === off) aliased = true;
    if (loc === off) {
      if (!tee) this.popEntry();
      return;
    }
    if (this.patchable >= 0 && !aliased && loc === this.pos[n]) {
      this.code[this.patchable] = off;
      this.patchable = -1;
      this.popEntry();
      if (tee) this.push(kind, off);
      return;
    }
    if (aliased)
      for (let i = 0; i < n; i++) if (this.locs[i] === off) this.materialize(i);
    if (loc === CONST) {
      this.emit(Op.const64, off, this.cLo[n]!, this.cHi[n]!);
      if (!tee) this.popEntry();
      return;
    }
    this.emitMove(kind, off, loc);
    this.popEntry();
    if (tee) this.push(kind, off);
  }

  /** Instructions with a fixed signature, and the rest that the misc handler runs. */
  generic(instr: BodyInstr): void {
    const def = instr.def;
    const a = instr.args;
    if (
      this.fusedI32(def.name) ||
      this.fusedI64(def.name) ||
      this.fastGc(def.name, a)
    )
      return;
    const sig = this.info.signature(def, a);
    const operands = this.popN(sig.params.length);
    const results = sig.results;
    let dst = -1;
    for (let i = 0; i < results.length; i++) {
      const p = this.push(results[i]!);
      if (i === 0) dst = p;
    }
    const imms = this.immediates(def, a);
    const memarg = def.immediates[0] === 'memarg' ? (a[0] as MemArg) : null;
    const slow =
      memarg !== null &&
      (memarg.memory !== 0 ||
        this.info.memory64(memarg.memory) ||
        typeof memarg.offset !== 'number' ||
        memarg.offset > 0xffffffff);
    // Instructions with a variable number of operands say how many.
    const count =
      def.name === 'struct.new' || def.name === 'array.new_fixed'
        ? [operands.length]
        : [];
    if (slow) this.emit(Op.memSlow, def.id, dst, ...operands, ...imms);
    else this.emit(def.id, dst, ...count, ...operands, ...imms);
    if (results.length === 1 && results[0] === N && sig.pure) {
      // The destination operand sits right after the opcode.
      const start =
        this.code.length - (2 + operands.length + imms.length) - (slow ? 1 : 0);
      this.patchable = start + (slow ? 2 : 1);
    }
  }

  /**
   * Pushes the value of an immutable global defined with a constant
   * initialiser as a constant (the same in every instance); false for others.
   */
  constGlobal(g: number): boolean {
    const module = this.info.module;
    const defined = g - (this.info.globalTypes.length - module.globals.length);
    const global = module.globals[defined];
    if (
      defined < 0 ||
      global === undefined ||
      global.type.mutable ||
      global.init.length !== 1
    )
      return false;
    const init = global.init[0]!;
    const v = init.args[0];
    switch (init.op) {
      case 'i32.const':
        this.pushConst(v as number, (v as number) < 0 ? -1 : 0);
        return true;
      case 'f32.const':
        this.pushConst(v as number, 0);
        return true;
      case 'i64.const':
      case 'f64.const': {
        const x = BigInt.asUintN(64, v as bigint);
        this.pushConst(Number(x & 0xffffffffn), Number(x >> 32n));
        return true;
      }
      default:
        return false;
    }
  }

  /** The comparison just emitted, if its result is the top entry and nothing followed it. */
  lastCompare: Compare | null = null;

  /**
   * `i32` binary operations with a constant right operand take it as an
   * immediate; comparisons are remembered so that a following branch can
   * take them over.
   */
  fusedI32(name: string): boolean {
    if (!name.startsWith('i32.')) return false;
    const op = name.slice(4);
    const n = this.kinds.length;
    if (op === 'eqz') {
      const x = this.pop();
      const dst = this.push(N);
      const start = this.emit(instrByName('i32.eqz')!.id, dst, x);
      this.patchable = start + 1;
      this.lastCompare = {
        start,
        end: this.code.length,
        cmp: -1,
        a: x,
        b: 0,
        imm: false,
      };
      return true;
    }
    const immIndex = immOps.indexOf(op);
    const cmpIndex = compareOps.indexOf(op);
    if (immIndex < 0) return false;
    const bConst = this.locs[n - 1] === CONST;
    if (!bConst && cmpIndex < 0) return false;
    if (bConst) {
      const imm = this.cLo[n - 1]!;
      this.popEntry();
      const x = this.pop();
      const dst = this.push(N);
      const start = this.emit(Op.i32Imm + immIndex, dst, x, imm);
      this.patchable = start + 1;
      if (cmpIndex >= 0)
        this.lastCompare = {
          start,
          end: this.code.length,
          cmp: cmpIndex,
          a: x,
          b: imm,
          imm: true,
        };
      return true;
    }
    const y = this.pop();
    const x = this.pop();
    const dst = this.push(N);
    const start = this.emit(instrByName(name)!.id, dst, x, y);
    this.patchable = start + 1;
    this.lastCompare = {
      start,
      end: this.code.length,
      cmp: cmpIndex,
      a: x,
      b: y,
      imm: false,
    };
    return true;
  }

  /**
   * Gives a frame slot to each constant (up to 32) that a loop uses as an
   * operand other than an immediate, so that iterations do not write it
   * again. Returns the next free word.
   */
  allocateConstSlots(w: number): number {
    let depth = 0;
    const loopAt: number[] = [];
    const body = this.body;
    for (let i = 0; i < body.length && this.constSlots.size < 32; i++) {
      const name = body[i]!.def.name;
      if (
        name === 'block' ||
        name === 'if' ||
        name === 'try' ||
        name === 'try_table' ||
        name === 'loop'
      ) {
        loopAt.push(name === 'loop' ? 1 : 0);
        depth += name === 'loop' ? 1 : 0;
        continue;
      }
      if (name === 'end' || name === 'delegate') {
        depth -= loopAt.pop() ?? 0;
        continue;
      }
      if (depth === 0 || !/^(i32|i64|f32|f64)\.const$/.test(name)) continue;
      // Constants that become immediates or go straight to a local need no slot.
      const next = body[i + 1]?.def.name ?? '';
      const nextOp = next.slice(4);
      if (next === 'local.set' || next === 'local.tee') continue;
      if (
        name === 'i32.const' &&
        next.startsWith('i32.') &&
        immOps.includes(nextOp)
      )
        continue;
      if (
        name === 'i64.const' &&
        next.startsWith('i64.') &&
        i64ImmOps.includes(nextOp)
      )
        continue;
      const v = body[i]!.args[0]!;
      let lo: number;
      let hi: number;
      if (typeof v === 'bigint') {
        const x = BigInt.asUintN(64, v);
        lo = Number(x & 0xffffffffn) | 0;
        hi = Number(x >> 32n) | 0;
      } else {
        lo = (v as number) | 0;
        hi = name === 'i32.const' && lo < 0 ? -1 : 0;
      }
      const key = `${lo},${hi}`;
      if (!this.constSlots.has(key)) {
        this.constSlots.set(key, w);
        w += 2;
      }
    }
    return w;
  }

  /** `i64` operations with a constant right operand take it as an immediate. */
  fusedI64(name: string): boolean {
    if (!name.startsWith('i64.')) return false;
    const k = i64ImmOps.indexOf(name.slice(4));
    const n = this.kinds.length;
    if (k < 0 || this.locs[n - 1] !== CONST) return false;
    const lo = this.cLo[n - 1]!;
    const hi = this.cHi[n - 1]!;
    this.popEntry();
    const x = this.pop();
    const dst = this.push(N);
    const start = this.emit(Op.i64Imm + k, dst, x, lo, hi);
    this.patchable = start + 1;
    return true;
  }

  /**
   * Struct and array accesses to i32, f32, f64 and reference fields get
   * instructions of their own (the others run in misc.ts).
   */
  fastGc(name: string, a: readonly unknown[]): boolean {
    const group = gcFast[name];
    if (group === undefined) return false;
    const isArrayLen = name === 'array.len';
    const typeIndex = isArrayLen ? -1 : (a[0] as number);
    const field = name.startsWith('struct.') ? (a[1] as number) : 0;
    let variant = 0;
    if (!isArrayLen) {
      const storage = this.info.fieldStorage(typeIndex, field);
      if (storage === 'i32' || storage === 'f32') variant = 0;
      else if (storage === 'f64') variant = 1;
      else if (storage !== null && typeof storage === 'object') variant = 2;
      else return false;
    }
    const op = Op.gcFast + group * 3 + variant;
    switch (name) {
      case 'struct.get': {
        const ref = this.pop();
        const dst = this.push(variant === 2 ? R : N);
        this.emit(op, dst, ref, field);
        return true;
      }
      case 'struct.set': {
        const value = this.pop();
        const ref = this.pop();
        this.emit(op, ref, value, field);
        return true;
      }
      case 'array.get': {
        const index = this.pop();
        const ref = this.pop();
        const dst = this.push(variant === 2 ? R : N);
        this.emit(op, dst, ref, index);
        return true;
      }
      case 'array.set': {
        const value = this.pop();
        const index = this.pop();
        const ref = this.pop();
        this.emit(op, ref, index, value);
        return true;
      }
      default: {
        const ref = this.pop();
        const dst = this.push(N);
        this.emit(op, dst, ref);
        return true;
      }
    }
  }

  /** Takes back the comparison that produced the top entry, if it can fuse with a branch. */
  takeCompare(): Compare | null {
    const c = this.lastCompare;
    const n = this.kinds.length - 1;
    if (
      c === null ||
      c.end !== this.code.length ||
      n < 0 ||
      this.locs[n] !== this.pos[n]
    )
      return null;
    if (this.code[c.start + 1] !== this.pos[n]) return null;
    this.code.length = c.start;
    while (
      this.offsets.length > 0 &&
      this.offsets[this.offsets.length - 2]! >= c.start
    )
      this.offsets.length -= 2;
    this.popEntry();
    this.lastCompare = null;
    return c;
  }

  /**
   * Emits a branch taken when `c` holds (or, with `invert`, when it does not);
   * returns the index of its target word.
   */
  emitCompareBranch(c: Compare, invert: boolean): number {
    if (c.cmp < 0) {
      const at = this.emit(invert ? Op.brIf : Op.brUnless, c.a, 0);
      return at + 2;
    }
    const k = invert ? inverseCompare[c.cmp]! : c.cmp;
    const at = this.emit((c.imm ? Op.brCmpImm : Op.brCmp) + k, c.a, c.b, 0);
    return at + 3;
  }

  brIfCompare(depth: number, c: Compare): void {
    const ctrl = this.ctrls[this.ctrls.length - 1 - depth]!;
    if (ctrl.kind !== 'func' && !this.needsMoves(ctrl)) {
      this.jumpTo(ctrl, this.emitCompareBranch(c, false));
      return;
    }
    const skip = this.emitCompareBranch(c, true);
    const saved = this.snapshot();
    if (ctrl.kind === 'func') this.ret();
    else {
      this.branchMoves(ctrl);
      const j = this.emit(Op.br, 0);
      this.jumpTo(ctrl, j + 1);
    }
    this.restore(saved);
    this.code[skip] = this.label();
  }

  immediates(def: InstrDef, a: readonly unknown[]): number[] {
    const out: number[] = [];
    def.immediates.forEach((kind, i) => {
      const v = a[i];
      switch (kind) {
        case 'memarg': {
          const m = v as MemArg;
          const off =
            typeof m.offset === 'bigint' ? m.offset : BigInt(m.offset);
          out.push(Number(off & 0xffffffffn), m.memory, Number(off >> 32n));
          break;
        }
        case 'v128':
        case 'shuffle': {
          const b = v as Uint8Array;
          for (let j = 0; j < 16; j += 4) {
            out.push(
              b[j]! | (b[j + 1]! << 8) | (b[j + 2]! << 16) | (b[j + 3]! << 24),
            );
          }
          break;
        }
        case 'heapType':
          out.push(this.info.heapCode(this.info.canonHeap(v as HeapType)));
          break;
        case 'type':
          out.push(this.info.typeIds[v as number]!, v as number);
          break;
        case 'castFlags':
        case 'valTypes':
        case 'catches':
        case 'blockType':
        case 'labels':
        case 'label':
          break;
        case 'i64': {
          const x = BigInt.asUintN(64, v as bigint);
          out.push(Number(x & 0xffffffffn), Number(x >> 32n));
          break;
        }
        case 'f64': {
          const x = v as bigint;
          out.push(Number(x & 0xffffffffn), Number(x >> 32n));
          break;
        }
        case 'func':
        case 'table':
        case 'memory':
        case 'local':
        case 'global':
        case 'elem':
        case 'data':
        case 'tag':
        case 'field':
        case 'u32':
        case 'i32':
        case 'f32':
        case 'lane':
        case 'zero':
          out.push(v as number);
          break;
      }
    });
    return out;
  }
}

/** A comparison that a branch may take over: `cmp` indexes `compareOps` (-1: eqz). */
interface Compare {
  readonly start: number;
  readonly end: number;
  readonly cmp: number;
  readonly a: number;
  readonly b: number;
  readonly imm: boolean;
}

/** i32 operations with an immediate variant, in the order of their opcodes. */
const immOps = [
  'add',
  'sub',
  'mul',
  'and',
  'or',
  'xor',
  'shl',
  'shr_s',
  'shr_u',
  'eq',
  'ne',
  'lt_s',
  'lt_u',
  'gt_s',
  'gt_u',
  'le_s',
  'le_u',
  'ge_s',
  'ge_u',
];
const nopId = instrByName('nop')!.id;

/** GC accesses with instructions of their own: `Op.gcFast + 3 * group + variant` (i32/f32, f64, ref). */
const gcFast: Readonly<Record<string, number>> = {
  'struct.get': 0,
  'struct.set': 1,
  'array.get': 2,
  'array.set': 3,
  'array.len': 4,
};

/** i64 operations with an immediate variant, in the order of their opcodes. */
const i64ImmOps = [
  'add',
  'sub',
  'mul',
  'and',
  'or',
  'xor',
  'shl',
  'shr_s',
  'shr_u',
  'rotl',
  'rotr',
  'eq',
  'ne',
];
/** i32 comparisons, in the order of the compare-and-branch opcodes. */
const compareOps = [
  'eq',
  'ne',
  'lt_s',
  'lt_u',
  'gt_s',
  'gt_u',
  'le_s',
  'le_u',
  'ge_s',
  'ge_u',
];
/** The comparison that is true exactly when `compareOps[i]` is false. */
const inverseCompare = [1, 0, 8, 9, 6, 7, 4, 5, 2, 3];

function sumWords(types: readonly ValType[]): number {
  let w = 0;
  for (const t of types) w += words(kindOf(t));
  return w;
}
