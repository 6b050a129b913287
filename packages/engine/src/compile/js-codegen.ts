// Generates JavaScript source for one validated function: structured control
// becomes labelled blocks and loops, operand stack entries and locals become
// JS variables, memory accesses go through a DataView over the memory's
// buffer. Values: i32 as int32 numbers, i64 as signed 64-bit bigints, f32 and
// f64 as numbers. A function using anything else returns `null` and stays on
// the interpreter.

import type { BlockType, FuncType, MemArg, ValType } from '@tswasm/ir';
import { type BodyInstr, readBody } from '../interpret/body-reader.js';
import type { ModuleInfo } from '../interpret/module-info.js';
import { binaryOps, unaryOps } from './js-ops.js';
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

/** The JS tier's source for one function, with what its factory needs. */
export interface JsFuncSource {
  /** The body of a factory `(R, G, T, F, mem) => function`. */
  readonly source: string;
}

type NumType = 'i32' | 'i64' | 'f32' | 'f64';

function isNum(t: ValType): t is NumType {
  return t === 'i32' || t === 'i64' || t === 'f32' || t === 'f64';
}

function zero(t: NumType): string {
  return t === 'i64' ? '0n' : '0';
}

interface Ctrl {
  readonly kind: 'block' | 'loop' | 'if' | 'func';
  readonly label: string;
  /** Stack height below the block's parameters. */
  readonly base: number;
  readonly params: number;
  readonly results: number;
  /** Whether the `if` has seen its `else`. */
  hasElse: boolean;
}

/** Thrown while generating when the function uses something not covered. */
class Unsupported extends Error {}

const loads: Record<string, [string, number]> = {
  'i32.load': ['dv.getInt32(A, true)', 4],
  'i64.load': ['dv.getBigInt64(A, true)', 8],
  'f32.load': ['dv.getFloat32(A, true)', 4],
  'f64.load': ['dv.getFloat64(A, true)', 8],
  'i32.load8_s': ['dv.getInt8(A)', 1],
  'i32.load8_u': ['dv.getUint8(A)', 1],
  'i32.load16_s': ['dv.getInt16(A, true)', 2],
  'i32.load16_u': ['dv.getUint16(A, true)', 2],
  'i64.load8_s': ['BigInt(dv.getInt8(A))', 1],
  'i64.load8_u': ['BigInt(dv.getUint8(A))', 1],
  'i64.load16_s': ['BigInt(dv.getInt16(A, true))', 2],
  'i64.load16_u': ['BigInt(dv.getUint16(A, true))', 2],
  'i64.load32_s': ['BigInt(dv.getInt32(A, true))', 4],
  'i64.load32_u': ['BigInt(dv.getUint32(A, true))', 4],
};

const stores: Record<string, [string, number]> = {
  'i32.store': ['dv.setInt32(A, V, true)', 4],
  'i64.store': ['dv.setBigInt64(A, V, true)', 8],
  'f32.store': ['dv.setFloat32(A, V, true)', 4],
  'f64.store': ['dv.setFloat64(A, V, true)', 8],
  'i32.store8': ['dv.setInt8(A, V)', 1],
  'i32.store16': ['dv.setInt16(A, V, true)', 2],
  'i64.store8': ['dv.setInt8(A, Number(BigInt.asIntN(8, V)))', 1],
  'i64.store16': ['dv.setInt16(A, Number(BigInt.asIntN(16, V)), true)', 2],
  'i64.store32': ['dv.setInt32(A, Number(BigInt.asIntN(32, V)), true)', 4],
};

/**
 * Generates the JS tier's source for defined function `funcIndex`, or returns
 * `null` when the function uses an instruction or type the tier does not
 * cover.
 */
export function generateJsFunction(
  info: ModuleInfo,
  funcIndex: number,
): JsFuncSource | null {
  try {
    return new Generator(info, funcIndex).generate();
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
  height = 0;
  maxHeight = 0;
  labels = 0;
  /** Nesting depth of blocks inside unreachable code being skipped. */
  skipping = -1;
  usesMemory = false;
  /** Variables keeping an `if`'s parameters for its else branch. */
  readonly saved: string[] = [];

  constructor(info: ModuleInfo, funcIndex: number) {
    this.info = info;
    this.funcIndex = funcIndex;
    this.type = info.funcType(funcIndex);
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
      params: 0,
      results: results.length,
      hasElse: false,
    });
    for (const instr of body) {
      this.instr(instr);
      if (this.ctrls.length === 0) break;
    }
    const head: string[] = [];
    const paramNames = params.map((_, i) => `l${i}`);
    for (let i = params.length; i < this.localTypes.length; i++)
      head.push(`let l${i} = ${zero(this.localTypes[i]!)};`);
    for (let i = 0; i < this.maxHeight; i++) head.push(`let s${i};`);
    for (const name of this.saved) head.push(`let ${name};`);
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

  // Stack

  push(): string {
    const name = `s${this.height++}`;
    if (this.height > this.maxHeight) this.maxHeight = this.height;
    return name;
  }

  pop(): string {
    return `s${--this.height}`;
  }

  emit(line: string): void {
    this.out.push(line);
  }

  blockSig(bt: BlockType): { params: number; results: number } {
    if (bt === null) return { params: 0, results: 0 };
    if (typeof bt === 'object' && 'typeIndex' in bt) {
      const t = this.info.typeAt(bt.typeIndex);
      this.numTypes(t.params);
      this.numTypes(t.results);
      return { params: t.params.length, results: t.results.length };
    }
    if (!isNum(bt)) throw new Unsupported();
    return { params: 0, results: 1 };
  }

  pushCtrl(kind: Ctrl['kind'], bt: BlockType): Ctrl {
    const { params, results } = this.blockSig(bt);
    const ctrl: Ctrl = {
      kind,
      label: `L${this.labels++}`,
      base: this.height - params,
      params,
      results,
      hasElse: false,
    };
    this.ctrls.push(ctrl);
    return ctrl;
  }

  /** Moves the top `n` entries to the stack heights starting at `base`. */
  moveTop(n: number, base: number): void {
    const from = this.height - n;
    if (from === base) return;
    for (let i = 0; i < n; i++) this.emit(`s${base + i} = s${from + i};`);
  }

  /** Code that branches to the label `depth` levels out. */
  branch(depth: number): void {
    const target = this.ctrls[this.ctrls.length - 1 - depth]!;
    if (target.kind === 'func') {
      this.ret();
      return;
    }
    if (target.kind === 'loop') {
      this.moveTop(target.params, target.base);
      this.emit(`continue ${target.label};`);
    } else {
      this.moveTop(target.results, target.base);
      this.emit(`break ${target.label};`);
    }
  }

  ret(): void {
    const n = this.type.results.length;
    const from = this.height - n;
    if (n === 0) this.emit('return;');
    else if (n === 1) this.emit(`return s${from};`);
    else {
      const vals: string[] = [];
      for (let i = 0; i < n; i++) vals.push(`s${from + i}`);
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
      this.height = top.base + (name === 'else' ? top.params : top.results);
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
        this.emit(`${c.label}: for (;;) {`);
        return;
      }
      case 'if': {
        const cond = this.pop();
        const c = this.pushCtrl('if', a[0] as BlockType);
        // The else branch starts from the parameters the then branch may overwrite.
        for (let i = 0; i < c.params; i++) {
          this.saved.push(`${c.label}p${i}`);
          this.emit(`${c.label}p${i} = s${c.base + i};`);
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
        const cond = this.pop();
        this.emit(`if (${cond} !== 0) {`);
        this.branch(a[0] as number);
        this.emit('}');
        return;
      }
      case 'br_table': {
        const labels = a[0] as readonly number[];
        const def0 = a[1] as number;
        const idx = this.pop();
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
        const idx = this.pop();
        this.call(
          `R.indirect(T[${table}], ${idx}, ${this.info.typeIds[typeIndex]!})`,
          t,
        );
        return;
      }
      case 'drop':
        this.pop();
        return;
      case 'select':
      case 'select.typed': {
        if (name === 'select.typed') {
          const types = a[0] as readonly ValType[];
          this.numTypes(types);
        }
        const cond = this.pop();
        const b = this.pop();
        const x = this.pop();
        const d = this.push();
        this.emit(`${d} = ${cond} !== 0 ? ${x} : ${b};`);
        return;
      }
      case 'local.get': {
        const d = this.push();
        this.emit(`${d} = l${a[0] as number};`);
        return;
      }
      case 'local.set':
        this.emit(`l${a[0] as number} = ${this.pop()};`);
        return;
      case 'local.tee':
        this.emit(`l${a[0] as number} = s${this.height - 1};`);
        return;
      case 'global.get': {
        const g = a[0] as number;
        const t = this.info.globalType(g);
        if (!isNum(t)) throw new Unsupported();
        const d = this.push();
        this.emit(`${d} = G[${g}][0];`);
        return;
      }
      case 'global.set': {
        const g = a[0] as number;
        const t = this.info.globalType(g);
        if (!isNum(t)) throw new Unsupported();
        this.emit(`G[${g}][0] = ${this.pop()};`);
        return;
      }
      case 'i32.const': {
        const d = this.push();
        this.emit(`${d} = ${a[0] as number};`);
        return;
      }
      case 'i64.const': {
        const d = this.push();
        this.emit(`${d} = ${BigInt.asIntN(64, a[0] as bigint)}n;`);
        return;
      }
      case 'f32.const': {
        const d = this.push();
        const x = f32FromBits(a[0] as number);
        // A NaN keeps its payload only through the bits (no literal has one).
        this.emit(
          `${d} = ${x !== x ? `R.f32(${a[0] as number})` : floatLiteral(x)};`,
        );
        return;
      }
      case 'f64.const': {
        const d = this.push();
        const bits = BigInt.asUintN(64, a[0] as bigint);
        const x = f64FromBits(bits);
        this.emit(`${d} = ${x !== x ? `R.f64(${bits}n)` : floatLiteral(x)};`);
        return;
      }
      case 'memory.size': {
        if ((a[0] as number) !== 0 || this.info.memoryIs64[0])
          throw new Unsupported();
        const d = this.push();
        this.emit(`${d} = mem.pages;`);
        return;
      }
      case 'memory.grow': {
        if ((a[0] as number) !== 0 || this.info.memoryIs64[0])
          throw new Unsupported();
        const delta = this.pop();
        const d = this.push();
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
        const n = this.pop();
        const x = this.pop();
        const d = this.pop();
        this.emit(
          `R.${name === 'memory.fill' ? 'fill' : 'copy'}(mem, ${d}, ${x}, ${n});`,
        );
        return;
      }
      default:
        break;
    }
    const load = loads[name];
    if (load !== undefined) {
      const addr = this.pop();
      const d = this.push();
      this.emit(
        `${this.address(a[0] as MemArg, addr, load[1])} ${d} = ${load[0]};`,
      );
      return;
    }
    const store = stores[name];
    if (store !== undefined) {
      const v = this.pop();
      const addr = this.pop();
      this.emit(
        `${this.address(a[0] as MemArg, addr, store[1])} ${store[0].replace('V', v)};`,
      );
      return;
    }
    const unary = unaryOps[name];
    if (unary !== undefined) {
      const x = this.pop();
      const d = this.push();
      this.emit(`${d} = ${unary.replace(/\$a/g, x)};`);
      return;
    }
    const binary = binaryOps[name];
    if (binary !== undefined) {
      const y = this.pop();
      const x = this.pop();
      const d = this.push();
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
    for (let i = 0; i < t.params.length; i++) args.unshift(this.pop());
    const expr = `${callee}(${args.join(', ')})`;
    const n = t.results.length;
    if (n === 0) this.emit(`${expr};`);
    else if (n === 1) this.emit(`${this.push()} = ${expr};`);
    else {
      this.emit(`{ const r = ${expr};`);
      for (let i = 0; i < n; i++) this.emit(`${this.push()} = r[${i}];`);
      this.emit('}');
    }
    this.refreshMemory();
  }

  elseBranch(fromUnreachable: boolean): void {
    const c = this.ctrls[this.ctrls.length - 1]!;
    if (!fromUnreachable) this.moveTop(c.results, c.base);
    this.emit(`break ${c.label}; } else {`);
    for (let i = 0; i < c.params; i++)
      this.emit(`s${c.base + i} = ${c.label}p${i};`);
    c.hasElse = true;
    this.height = c.base + c.params;
  }

  endBlock(fromUnreachable: boolean): void {
    const c = this.ctrls.pop()!;
    if (c.kind === 'func') {
      if (!fromUnreachable) this.ret();
      return;
    }
    if (!fromUnreachable) this.moveTop(c.results, c.base);
    if (c.kind === 'loop') this.emit(`break ${c.label}; }`);
    else if (c.kind === 'if') this.emit('} }');
    else this.emit('}');
    this.height = c.base + c.results;
  }
}
