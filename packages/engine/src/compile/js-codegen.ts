// Generates JavaScript source for one validated function: structured control
// becomes labelled blocks and loops, operand stack entries and locals become
// JS variables, memory accesses go through a DataView over the memory's
// buffer. Values: i32 as int32 numbers, i64 as two int32 numbers (its low
// and high halves, see js-i64.ts), f64 as numbers, f32 as numbers that keep a
// NaN's bits (see js-runtime.ts). Calls pass and return an i64 as a bigint.
// A function using anything else returns `null` and stays on the
// interpreter.

import type { BlockType, FuncType, MemArg, ValType } from '@tswasm/ir';
import { type BodyInstr, readBody } from '../interpret/body-reader.js';
import type { ModuleInfo } from '../interpret/module-info.js';
import { i64Loads, i64Ops, i64Stores } from './js-i64.js';
import { type NumType, OperandStack, isNum } from './js-stack.js';
import { binaryOps, nanBlindOps, quietF32Ops, unaryOps } from './js-ops.js';
import { f32FromBits, f64FromBits } from './js-runtime.js';

/** A JS literal for `x` (NaN payloads are not kept). */
function floatLiteral(x: number): string {
  if (x !== x) return 'NaN';
  if (Object.is(x, -0)) return '-0';
  return x === Infinity
    ? 'Infinity'
    : x === -Infinity
      ? '-Infinity'
      : String(x);
}

/**
 * The interrupt checks generated code makes at function entry and loop
 * heads: read the host's flag `R.P[0]`, count the instructions of the
 * function or loop body down in `R.K[0]` (`R.poll()` reads the clock when
 * it goes negative), or both.
 */
export interface JsChecks {
  /** Whether the host gave a flag. */
  readonly flag: boolean;
  /** Whether there is a time limit. */
  readonly clock: boolean;
}

/** The JS tier's source for one function, with what its factory needs. */
export interface JsFuncSource {
  /** The body of a factory `(R, G, T, F, mem) => function`. */
  readonly source: string;
}

interface Ctrl {
  readonly kind: 'block' | 'loop' | 'if' | 'func';
  readonly label: string;
  /** Stack height below the block's parameters. */
  readonly base: number;
  readonly params: readonly NumType[];
  readonly results: readonly NumType[];
  /** Whether the `if` has seen its `else`. */
  hasElse: boolean;
  /** Loop with checks: the line of its check, and the instruction count at its start. */
  checkAt?: number;
  countAt?: number;
}

/** Whether f32 `bits` are a signalling NaN. */
function isSignalling(bits: number): boolean {
  return (bits & 0x7fc00000) === 0x7f800000 && (bits & 0x3fffff) !== 0;
}

/** Thrown while generating when the function uses something not covered. */
class Unsupported extends Error {}

const loads: Record<string, [string, number]> = {
  'i32.load': ['dv.getInt32(A, true)', 4],
  'f64.load': ['dv.getFloat64(A, true)', 8],
  'i32.load8_s': ['dv.getInt8(A)', 1],
  'i32.load8_u': ['dv.getUint8(A)', 1],
  'i32.load16_s': ['dv.getInt16(A, true)', 2],
  'i32.load16_u': ['dv.getUint16(A, true)', 2],
};

const stores: Record<string, [string, number]> = {
  'i32.store': ['dv.setInt32(A, V, true)', 4],
  'f64.store': ['dv.setFloat64(A, V, true)', 8],
  'i32.store8': ['dv.setInt8(A, V)', 1],
  'i32.store16': ['dv.setInt16(A, V, true)', 2],
};

/**
 * Generates the JS tier's source for defined function `funcIndex`, or returns
 * `null` when the function uses an instruction or type the tier does not
 * cover.
 */
export function generateJsFunction(
  info: ModuleInfo,
  funcIndex: number,
  checks: JsChecks | null = null,
): JsFuncSource | null {
  try {
    // Which f32 locals may hold a signalling NaN: from none, until what
    // `local.set` and `local.tee` store agrees, else all of them.
    let signalling = new Set<number>();
    for (let pass = 0; pass < 4; pass++) {
      const generator = new Generator(info, funcIndex, signalling, checks);
      const source = generator.generate();
      if (generator.signalling.size === signalling.size) return source;
      signalling = generator.signalling;
    }
    return new Generator(info, funcIndex, null, checks).generate();
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}

class Generator {
  readonly info: ModuleInfo;
  readonly funcIndex: number;
  readonly type: FuncType;
  readonly out: string[] = [];
  readonly ctrls: Ctrl[] = [];
  readonly localTypes: NumType[] = [];
  labels = 0;
  /** Nesting depth of blocks inside unreachable code being skipped. */
  skipping = -1;
  usesMemory = false;
  /** Variables keeping an `if`'s parameters for its else branch. */
  readonly saved: string[] = [];
  readonly stack: OperandStack = new OperandStack(this.out);
  /** f32 locals taken to hold signalling NaNs; `null`: all of them. */
  readonly assumed: ReadonlySet<number> | null;
  /** Defined f32 locals that `local.set` or `local.tee` may give a signalling NaN. */
  readonly signalling: Set<number>;
  /** Interrupt checks to make; `null` for none. */
  readonly checks: JsChecks | null;
  /** Instructions generated so far (for the costs of checks). */
  count = 0;

  constructor(
    info: ModuleInfo,
    funcIndex: number,
    assumed: ReadonlySet<number> | null,
    checks: JsChecks | null,
  ) {
    this.info = info;
    this.funcIndex = funcIndex;
    this.type = info.funcType(funcIndex);
    this.assumed = assumed;
    this.signalling = new Set(assumed);
    this.checks = checks;
  }

  numTypes(types: readonly ValType[]): NumType[] {
    return types.map((t) => {
      if (!isNum(t)) throw new Unsupported();
      return t;
    });
  }

  generate(): JsFuncSource {
    const func =
      this.info.module.functions[this.funcIndex - this.info.importedFuncs]!;
    const params = this.numTypes(this.type.params);
    const results = this.numTypes(this.type.results);
    this.localTypes.push(...params);
    for (const group of func.locals) {
      if (!isNum(group.type)) throw new Unsupported();
      for (let i = 0; i < group.count; i++) this.localTypes.push(group.type);
    }
    const body = readBody(func);
    // Known before generating, so that views are refreshed after every call.
    this.usesMemory = body.some(
      (i) => i.def.immediates[0] === 'memarg' || i.def.name === 'memory.grow',
    );
    this.ctrls.push({
      kind: 'func',
      label: '',
      base: 0,
      params: [],
      results,
      hasElse: false,
    });
    const entryCheck = this.reserveCheck();
    for (const instr of body) {
      this.instr(instr);
      this.count++;
      if (this.ctrls.length === 0) break;
    }
    this.fillCheck(entryCheck, this.count);
    const head: string[] = [];
    // An i64 parameter arrives as a bigint `p<i>`.
    const paramNames = params.map((t, i) => (t === 'i64' ? `p${i}` : `l${i}`));
    params.forEach((t, i) => {
      if (t === 'i64') head.push(`let l${i} = R.split(p${i}), m${i} = W[0];`);
    });
    for (let i = params.length; i < this.localTypes.length; i++)
      head.push(
        this.localTypes[i] === 'i64'
          ? `let l${i} = 0, m${i} = 0;`
          : `let l${i} = 0;`,
      );
    for (let i = 0; i < this.stack.maxHeight; i++)
      head.push(this.stack.usesI64 ? `let s${i}, t${i} = 0;` : `let s${i};`);
    if (this.stack.usesI64) head.push('let tmp = 0;');
    for (const name of this.saved) head.push(`let ${name} = 0;`);
    if (this.usesMemory) {
      if (this.info.module.memories.length + this.importedMemories() === 0)
        throw new Unsupported();
      head.push('let dv = mem.view, len = mem.buffer.byteLength, A = 0;');
    }
    const name = `f${this.funcIndex}`;
    const funcName = this.info.module.names?.functions?.get(this.funcIndex);
    const nameArg =
      funcName === undefined ? '' : `, ${JSON.stringify(funcName)}`;
    const source =
      'const W = R.W;\n' +
      (this.checks === null ? '' : 'const K = R.K, P = R.P;\n') +
      `return function ${name}(${paramNames.join(', ')}) {\n` +
      head.join('\n') +
      '\n' +
      '\ntry {\n' +
      this.out.join('\n') +
      // Traps record the JS-tier frames they leave (byte offsets unknown).
      `\n} catch (e) { if (e instanceof R.Trap) R.leave(e, ${this.funcIndex}${nameArg}); throw e; }\n};`;
    return { source };
  }

  importedMemories(): number {
    return this.info.module.imports.filter((i) => i.desc.kind === 'memory')
      .length;
  }

  // Locals and the stack

  /** Whether local `index` never holds an f32 signalling NaN. */
  isQuietLocal(index: number): boolean {
    return (
      this.localTypes[index] === 'f32' &&
      index >= this.type.params.length &&
      this.assumed !== null &&
      !this.assumed.has(index)
    );
  }

  /** Notes what `local.set` or `local.tee` of the top entry stores in `index`. */
  setLocal(index: number): void {
    if (this.localTypes[index] === 'f32' && !this.stack.isQuiet())
      this.signalling.add(index);
  }

  emit(line: string): void {
    this.out.push(line);
  }

  /** Reserves the line of an interrupt check; -1 when there are none. */
  reserveCheck(): number {
    if (this.checks === null) return -1;
    this.out.push('');
    return this.out.length - 1;
  }

  /** Writes the check at `line` for code of `cost` instructions. */
  fillCheck(line: number, cost: number): void {
    const checks = this.checks;
    if (checks === null || line < 0) return;
    const conditions: string[] = [];
    if (checks.clock) conditions.push(`(K[0] -= ${Math.max(1, cost)}) < 0`);
    if (checks.flag) conditions.push('P[0] !== 0');
    if (conditions.length > 0)
      this.out[line] = `if (${conditions.join(' || ')}) R.poll();`;
  }

  blockSig(bt: BlockType): { params: NumType[]; results: NumType[] } {
    if (bt === null) return { params: [], results: [] };
    if (typeof bt === 'object' && 'typeIndex' in bt) {
      const t = this.info.typeAt(bt.typeIndex);
      return {
        params: this.numTypes(t.params),
        results: this.numTypes(t.results),
      };
    }
    if (!isNum(bt)) throw new Unsupported();
    return { params: [], results: [bt] };
  }

  pushCtrl(kind: Ctrl['kind'], bt: BlockType): Ctrl {
    const { params, results } = this.blockSig(bt);
    const ctrl: Ctrl = {
      kind,
      label: `L${this.labels++}`,
      base: this.stack.height - params.length,
      params,
      results,
      hasElse: false,
    };
    this.ctrls.push(ctrl);
    return ctrl;
  }

  /** Moves the top `n` entries to the stack heights starting at `base`. */
  moveTop(n: number, base: number): void {
    const from = this.stack.height - n;
    for (let h = from; h < this.stack.height; h++) this.stack.exact(h);
    if (from === base) return;
    for (let i = 0; i < n; i++) {
      this.emit(`s${base + i} = s${from + i};`);
      if (this.stack.typeAt(from + i) === 'i64')
        this.emit(`t${base + i} = t${from + i};`);
    }
  }

  /** Code that branches to the label `depth` levels out. */
  branch(depth: number): void {
    const target = this.ctrls[this.ctrls.length - 1 - depth]!;
    if (target.kind === 'func') {
      this.ret();
      return;
    }
    if (target.kind === 'loop') {
      this.moveTop(target.params.length, target.base);
      this.emit(`continue ${target.label};`);
    } else {
      this.moveTop(target.results.length, target.base);
      this.emit(`break ${target.label};`);
    }
  }

  ret(): void {
    const n = this.type.results.length;
    const from = this.stack.height - n;
    for (let h = from; h < this.stack.height; h++) this.stack.exact(h);
    if (n === 0) this.emit('return;');
    else if (n === 1) this.emit(`return ${this.stack.valueAt(from)};`);
    else {
      const vals: string[] = [];
      for (let i = 0; i < n; i++) vals.push(this.stack.valueAt(from + i));
      // A trailing `null` keeps the array's numbers boxed (NaN payloads).
      this.emit(`return [${vals.join(', ')}, null];`);
    }
  }

  /** The rest of the current block is unreachable: skip it. */
  setUnreachable(): void {
    this.skipping = 0;
  }

  refreshMemory(): void {
    if (this.usesMemory)
      this.emit('dv = mem.view; len = mem.buffer.byteLength;');
  }

  // Instructions

  instr(instr: BodyInstr): void {
    const def = instr.def;
    const name = def.name;
    const a = instr.args;
    if (this.skipping >= 0) {
      switch (name) {
        case 'block':
        case 'loop':
        case 'if':
          this.skipping++;
          return;
        case 'else':
          if (this.skipping > 0) return;
          break;
        case 'end':
          if (this.skipping > 0) {
            this.skipping--;
            return;
          }
          break;
        default:
          return;
      }
      this.skipping = -1;
      // Reachable again: the stack is the block's as at its start.
      const top = this.ctrls[this.ctrls.length - 1]!;
      this.stack.set(top.base, name === 'else' ? top.params : top.results);
      if (name === 'end') {
        this.endBlock(true);
        return;
      }
      this.elseBranch(true);
      return;
    }
    switch (name) {
      case 'nop':
        return;
      case 'unreachable':
        this.emit("R.trap('unreachable');");
        this.setUnreachable();
        return;
      case 'block': {
        const c = this.pushCtrl('block', a[0] as BlockType);
        this.emit(`${c.label}: {`);
        return;
      }
      case 'loop': {
        const c = this.pushCtrl('loop', a[0] as BlockType);
        // Branches back give the parameters other values.
        for (let h = c.base; h < this.stack.height; h++) this.stack.exact(h);
        this.stack.forgetFrom(c.base);
        this.emit(`${c.label}: for (;;) {`);
        // Each iteration pays for the loop body's instructions (set at its end).
        c.checkAt = this.reserveCheck();
        c.countAt = this.count;
        return;
      }
      case 'if': {
        const cond = this.stack.pop();
        const c = this.pushCtrl('if', a[0] as BlockType);
        // The else branch starts from the parameters the then branch may overwrite.
        for (let i = 0; i < c.params.length; i++) {
          this.stack.exact(c.base + i);
          this.saved.push(`${c.label}p${i}`);
          this.emit(`${c.label}p${i} = s${c.base + i};`);
          if (c.params[i] === 'i64') {
            this.saved.push(`${c.label}q${i}`);
            this.emit(`${c.label}q${i} = t${c.base + i};`);
          }
        }
        this.emit(`${c.label}: { if (${cond} !== 0) {`);
        return;
      }
      case 'else':
        this.elseBranch(false);
        return;
      case 'end':
        this.endBlock(false);
        return;
      case 'br':
        this.branch(a[0] as number);
        this.setUnreachable();
        return;
      case 'br_if': {
        const cond = this.stack.pop();
        this.emit(`if (${cond} !== 0) {`);
        this.branch(a[0] as number);
        this.emit('}');
        return;
      }
      case 'br_table': {
        const labels = a[0] as readonly number[];
        const def0 = a[1] as number;
        const idx = this.stack.pop();
        this.emit(`switch (${idx}) {`);
        labels.forEach((l, i) => {
          this.emit(`case ${i}: {`);
          this.branch(l);
          this.emit('}');
        });
        this.emit('default: {');
        this.branch(def0);
        this.emit('}}');
        this.setUnreachable();
        return;
      }
      case 'return':
        this.ret();
        this.setUnreachable();
        return;
      case 'call': {
        const f = a[0] as number;
        const t = this.info.funcType(f);
        this.call(`F[${f}]`, t);
        return;
      }
      case 'call_indirect': {
        const typeIndex = a[0] as number;
        const table = a[1] as number;
        if (this.info.tableIs64[table]) throw new Unsupported();
        const t = this.info.typeAt(typeIndex);
        const idx = this.stack.pop();
        this.call(
          `R.indirect(T[${table}], ${idx}, ${this.info.typeIds[typeIndex]!})`,
          t,
        );
        return;
      }
      case 'drop':
        this.stack.pop();
        return;
      case 'select':
      case 'select.typed': {
        if (name === 'select.typed') {
          const types = a[0] as readonly ValType[];
          this.numTypes(types);
        }
        const cond = this.stack.pop();
        const quiet = this.stack.isQuiet(0) && this.stack.isQuiet(1);
        const type = this.stack.typeAt(this.stack.height - 1);
        const b = this.stack.pop();
        const x = this.stack.pop();
        const d = this.stack.push(type, quiet);
        this.emit(`${d} = ${cond} !== 0 ? ${x} : ${b};`);
        if (type === 'i64') {
          const h = this.stack.height - 1;
          this.emit(`t${h} = ${cond} !== 0 ? t${h} : t${h + 1};`);
        }
        return;
      }
      case 'local.get': {
        const i = a[0] as number;
        const type = this.localTypes[i]!;
        const d = this.stack.push(type, this.isQuietLocal(i));
        this.emit(`${d} = l${i};`);
        if (type === 'i64') this.emit(`t${this.stack.height - 1} = m${i};`);
        return;
      }
      case 'local.set':
      case 'local.tee': {
        const i = a[0] as number;
        this.setLocal(i);
        this.stack.exact(this.stack.height - 1);
        this.emit(`l${i} = s${this.stack.height - 1};`);
        if (this.localTypes[i] === 'i64')
          this.emit(`m${i} = t${this.stack.height - 1};`);
        if (name === 'local.set') this.stack.pop();
        return;
      }
      case 'global.get': {
        const g = a[0] as number;
        const t = this.info.globalType(g);
        if (!isNum(t)) throw new Unsupported();
        if (t === 'f32') {
          // A Float32Array makes a signalling NaN quiet.
          this.stack.pushRead(
            `$d = G[${g}][0];`,
            (d) =>
              `${d} = G[${g}][0]; if (${d} !== ${d}) ${d} = R.getF32Global(G[${g}]);`,
          );
          return;
        }
        const d = this.stack.push(t);
        this.emit(`${d} = G[${g}][0];`);
        // An i64 global is viewed as two int32s.
        if (t === 'i64') this.emit(`t${this.stack.height - 1} = G[${g}][1];`);
        return;
      }
      case 'global.set': {
        const g = a[0] as number;
        const t = this.info.globalType(g);
        if (!isNum(t)) throw new Unsupported();
        if (t === 'i64') this.emit(`G[${g}][1] = t${this.stack.height - 1};`);
        const quiet = this.stack.isQuiet();
        const v = this.stack.pop();
        this.emit(
          t === 'f32' && !quiet
            ? `if (${v} === ${v}) G[${g}][0] = ${v}; else R.setF32Global(G[${g}], ${v});`
            : `G[${g}][0] = ${v};`,
        );
        return;
      }
      case 'i32.const': {
        const d = this.stack.push('i32');
        this.emit(`${d} = ${a[0] as number};`);
        return;
      }
      case 'i64.const': {
        const value = BigInt.asIntN(64, a[0] as bigint);
        const d = this.stack.push('i64');
        this.stack.slots[this.stack.height - 1]!.constant = value;
        this.emit(
          `${d} = ${BigInt.asIntN(32, value)}; t${this.stack.height - 1} = ${BigInt.asIntN(32, value >> 32n)};`,
        );
        return;
      }
      case 'f32.const': {
        const d = this.stack.push('f32', !isSignalling(a[0] as number));
        const x = f32FromBits(a[0] as number);
        // A NaN keeps its payload only through the bits (no literal has one).
        this.emit(
          `${d} = ${x !== x ? `R.f32(${a[0] as number})` : floatLiteral(x)};`,
        );
        return;
      }
      case 'f64.const': {
        const d = this.stack.push('f64');
        const bits = BigInt.asUintN(64, a[0] as bigint);
        const x = f64FromBits(bits);
        this.emit(`${d} = ${x !== x ? `R.f64(${bits}n)` : floatLiteral(x)};`);
        return;
      }
      case 'memory.size': {
        if ((a[0] as number) !== 0 || this.info.memoryIs64[0])
          throw new Unsupported();
        const d = this.stack.push('i32');
        this.emit(`${d} = mem.pages;`);
        return;
      }
      case 'memory.grow': {
        if ((a[0] as number) !== 0 || this.info.memoryIs64[0])
          throw new Unsupported();
        const delta = this.stack.pop();
        const d = this.stack.push('i32');
        this.emit(`${d} = mem.grow(${delta} >>> 0);`);
        this.refreshMemory();
        return;
      }
      case 'memory.fill':
      case 'memory.copy': {
        if (
          (a as readonly number[]).some((m) => m !== 0) ||
          this.info.memoryIs64[0]
        )
          throw new Unsupported();
        const n = this.stack.pop();
        const x = this.stack.pop();
        const d = this.stack.pop();
        this.emit(
          `R.${name === 'memory.fill' ? 'fill' : 'copy'}(mem, ${d}, ${x}, ${n});`,
        );
        return;
      }
      default:
        break;
    }
    if (name === 'f32.load') {
      const address = this.address(a[0] as MemArg, this.stack.pop(), 4);
      // DataView's float32 accessors make a signalling NaN quiet: a NaN is
      // read again as bits.
      this.stack.pushRead(
        `${address} $d = dv.getFloat32(A, true);`,
        (d) =>
          `${address} ${d} = dv.getFloat32(A, true); if (${d} !== ${d}) ${d} = R.f32(dv.getInt32(A, true));`,
      );
      return;
    }
    if (name === 'f32.store') {
      const quiet = this.stack.isQuiet();
      const v = this.stack.pop();
      const address = this.address(a[0] as MemArg, this.stack.pop(), 4);
      this.emit(
        quiet
          ? `${address} dv.setFloat32(A, ${v}, true);`
          : `${address} if (${v} === ${v}) dv.setFloat32(A, ${v}, true); else dv.setInt32(A, R.f32Bits(${v}), true);`,
      );
      return;
    }
    const i64Load = i64Loads[name];
    if (i64Load !== undefined) {
      const address = this.address(
        a[0] as MemArg,
        this.stack.pop(),
        i64Load[1],
      );
      const d = this.stack.push('i64');
      this.emit(`${address} ${i64Load[0](d, `t${this.stack.height - 1}`)}`);
      return;
    }
    const i64Store = i64Stores[name];
    if (i64Store !== undefined) {
      const h = `t${this.stack.height - 1}`;
      const v = this.stack.pop();
      const address = this.address(
        a[0] as MemArg,
        this.stack.pop(),
        i64Store[1],
      );
      this.emit(`${address} ${i64Store[0](v, h)}`);
      return;
    }
    const load = loads[name];
    if (load !== undefined) {
      const addr = this.stack.pop();
      const d = this.stack.push(def.results![0] as NumType);
      this.emit(
        `${this.address(a[0] as MemArg, addr, load[1])} ${d} = ${load[0]};`,
      );
      return;
    }
    const store = stores[name];
    if (store !== undefined) {
      const v = this.stack.pop();
      const addr = this.stack.pop();
      this.emit(
        `${this.address(a[0] as MemArg, addr, store[1])} ${store[0].replace('V', v)};`,
      );
      return;
    }
    const blind = nanBlindOps.has(name);
    const i64Op = i64Ops[name];
    if (i64Op !== undefined) {
      const binary = def.params!.length === 2;
      const y = binary ? this.stack.height - 1 : -1;
      const yConstant = binary ? this.stack.slots[y]!.constant : null;
      if (binary) this.stack.pop();
      const x = this.stack.height - 1;
      if (blind) this.stack.popBlind();
      else this.stack.pop();
      const d = this.stack.push(
        def.results![0] as NumType,
        quietF32Ops.has(name),
      );
      this.emit(
        i64Op({
          dl: d,
          dh: `t${x}`,
          xl: `s${x}`,
          xh: `t${x}`,
          yl: `s${y}`,
          yh: `t${y}`,
          y: yConstant,
        }),
      );
      return;
    }
    const unary = unaryOps[name];
    if (unary !== undefined) {
      const quiet =
        quietF32Ops.has(name) ||
        ((name === 'f32.abs' || name === 'f32.neg') && this.stack.isQuiet());
      const x = blind ? this.stack.popBlind() : this.stack.pop();
      const d = this.stack.push(def.results![0] as NumType, quiet);
      this.emit(`${d} = ${unary.replace(/\$a/g, x)};`);
      return;
    }
    const binary = binaryOps[name];
    if (binary !== undefined) {
      const copysign = name === 'f32.copysign';
      const quiet =
        quietF32Ops.has(name) || (copysign && this.stack.isQuiet(1));
      const y = blind || copysign ? this.stack.popBlind() : this.stack.pop();
      const x = blind ? this.stack.popBlind() : this.stack.pop();
      const d = this.stack.push(def.results![0] as NumType, quiet);
      this.emit(`${d} = ${binary.replace(/\$a/g, x).replace(/\$b/g, y)};`);
      return;
    }
    throw new Unsupported();
  }

  /** Sets `A` to the effective address; traps when `size` bytes there are out of bounds. */
  address(memarg: MemArg, addr: string, size: number): string {
    if (memarg.memory !== 0 || this.info.memoryIs64[0]) throw new Unsupported();
    const offset = Number(memarg.offset);
    return `A = (${addr} >>> 0) + ${offset}; if (A + ${size} > len) R.trap('memoryOutOfBounds');`;
  }

  call(callee: string, t: FuncType): void {
    this.numTypes(t.params);
    this.numTypes(t.results);
    const args: string[] = [];
    for (let i = 0; i < t.params.length; i++) {
      args.unshift(this.stack.valueAt(this.stack.height - 1));
      this.stack.pop();
    }
    const expr = `${callee}(${args.join(', ')})`;
    const results = this.numTypes(t.results);
    if (results.length === 0) this.emit(`${expr};`);
    else if (results.length === 1) this.pushResult(results[0]!, expr);
    else {
      this.emit(`{ const r = ${expr};`);
      results.forEach((type, i) => this.pushResult(type, `r[${i}]`));
      this.emit('}');
    }
    this.refreshMemory();
  }

  /** Pushes value `expr` of a call (an i64 comes as a bigint). */
  pushResult(type: NumType, expr: string): void {
    const d = this.stack.push(type);
    if (type === 'i64')
      this.emit(`${d} = R.split(${expr}); t${this.stack.height - 1} = W[0];`);
    else this.emit(`${d} = ${expr};`);
  }

  elseBranch(fromUnreachable: boolean): void {
    const c = this.ctrls[this.ctrls.length - 1]!;
    if (!fromUnreachable) this.moveTop(c.results.length, c.base);
    this.emit(`break ${c.label}; } else {`);
    c.params.forEach((type, i) => {
      this.emit(`s${c.base + i} = ${c.label}p${i};`);
      if (type === 'i64') this.emit(`t${c.base + i} = ${c.label}q${i};`);
    });
    c.hasElse = true;
    this.stack.set(c.base, c.params);
  }

  endBlock(fromUnreachable: boolean): void {
    const c = this.ctrls.pop()!;
    if (c.kind === 'func') {
      if (!fromUnreachable) this.ret();
      return;
    }
    if (!fromUnreachable) this.moveTop(c.results.length, c.base);
    if (c.checkAt !== undefined)
      this.fillCheck(c.checkAt, this.count - c.countAt!);
    if (c.kind === 'loop') this.emit(`break ${c.label}; }`);
    else if (c.kind === 'if') this.emit('} }');
    else this.emit('}');
    this.stack.set(c.base, c.results);
  }
}
