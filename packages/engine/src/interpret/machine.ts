// The interpreter: one dispatch loop over compiled code, with an explicit
// frame stack, so wasm calls never recurse on the JS stack.
//
// This file is long on purpose: the dispatch loop is one function so that
// V8 keeps the machine state in registers and compiles the `switch` to a
// jump table. Rare instructions (tables, bulk memory, GC, SIMD, atomics)
// live in misc.ts and are called from the loop's default case.

import type {
  HostImpl,
  Memory,
  WasmArray,
  WasmFunction,
  WasmStruct,
} from '../runtime/objects.js';
import { Global, Table, WasmException } from '../runtime/objects.js';
import type { Instance } from '../runtime/instance.js';
import { Trap, type WasmStackFrame, trap } from '../runtime/trap.js';
import type { TypeRegistry } from '../runtime/type-registry.js';
import { compileFunction } from './compile.js';
import { type CompiledFunc, offsetAt } from './compiled-func.js';
import { Interrupter } from './interrupt.js';
import { execMisc, refTest } from './misc.js';
import {
  ctz32,
  divrem64,
  i64ToF32,
  i64ToF64,
  mulhu,
  nearest,
  popcnt32,
  quiet,
  shift64,
  truncate,
} from './numeric.js';
import { readRaw, writeRaw } from './raw-values.js';

/** Limits of a machine. */
export interface MachineLimits {
  /** Maximum number of nested wasm frames. */
  readonly maxCallDepth: number;
  /** Instruction budget; `undefined` for none. */
  readonly fuel: number | undefined;
  /** The host's interrupt flag (element 0 non-zero: trap); `undefined` for none. */
  readonly interrupt: Int32Array | undefined;
  /** Wall-clock milliseconds a call from the host may run; `undefined` for no limit. */
  readonly timeLimitMs: number | undefined;
}

const maxStackWords = 1 << 24;

/** Stands in for the interrupt flag and countdown of a machine without them. */
const noFlag = new Int32Array(1);

/** The value and frame stacks shared by every invocation on one engine. */
export class Machine {
  buffer: ArrayBuffer;
  I: Int32Array;
  F32: Float32Array;
  F64: Float64Array;
  refs: unknown[];
  /** Frame stack: (return pc, fp) pairs. */
  frames: Int32Array;
  frameFuncs: (WasmFunction | null)[] = [];
  /** Frame stack pointer (in words of `frames`) at the last switch to the host. */
  fsp = 0;
  /** First free word of the value stack at the last switch to the host. */
  top = 0;
  readonly maxCallDepth: number;
  readonly fuelEnabled: boolean;
  /** Remaining fuel. */
  fuel: number;
  /** The interrupt flag and time limit; `null` when the host set neither (code has no checks). */
  readonly interrupter: Interrupter | null;
  readonly registry: TypeRegistry;
  /** A host exception on its way out, not to be turned into a trap. */
  passThrough: unknown = undefined;
  /** Whether the memory of the atomic access being run is shared. */
  sharedAccess = false;
  /** The lane immediate of the SIMD lane access being run. */
  laneImmediate = 0;
  /**
   * The JS tier, when on: a defined function's raw-value entry, or `null`
   * when the interpreter runs it. Such entries are called as hosts are.
   */
  jsEntry: ((fn: WasmFunction) => HostImpl | null) | null = null;

  constructor(registry: TypeRegistry, limits: MachineLimits) {
    this.registry = registry;
    this.maxCallDepth = limits.maxCallDepth;
    this.fuelEnabled = limits.fuel !== undefined;
    this.fuel = limits.fuel ?? Infinity;
    this.interrupter =
      limits.interrupt === undefined && limits.timeLimitMs === undefined
        ? null
        : new Interrupter({
            flag: limits.interrupt,
            timeLimitMs: limits.timeLimitMs,
          });
    this.buffer = new ArrayBuffer(1 << 16);
    this.I = new Int32Array(this.buffer);
    this.F32 = new Float32Array(this.buffer);
    this.F64 = new Float64Array(this.buffer);
    this.refs = new Array<unknown>(this.I.length).fill(null);
    this.frames = new Int32Array(
      Math.min(2 * (this.maxCallDepth + 2), 1 << 12),
    );
  }

  /** Makes room for `words` words of value stack. */
  ensureStack(words: number): void {
    if (words <= this.I.length) return;
    if (words > maxStackWords) trap('callStackExhausted');
    let size = this.I.length;
    while (size < words) size *= 2;
    const next = new ArrayBuffer(size * 4);
    new Int32Array(next).set(this.I);
    this.buffer = next;
    this.I = new Int32Array(next);
    this.F32 = new Float32Array(next);
    this.F64 = new Float64Array(next);
    const refs = this.refs;
    for (let i = refs.length; i < size; i++) refs.push(null);
  }

  /** Makes room for `words` words of frame stack, up to the call depth limit. */
  ensureFrames(words: number): void {
    if (words <= this.frames.length) return;
    if (words > 2 * (this.maxCallDepth + 2)) trap('callStackExhausted');
    const next = new Int32Array(
      Math.min(this.frames.length * 2, 2 * (this.maxCallDepth + 2)),
    );
    next.set(this.frames);
    this.frames = next;
  }

  /** The compiled code of a defined function, compiling it on first use. */
  codeOf(fn: WasmFunction): CompiledFunc {
    let cf = fn.compiled;
    if (cf !== null) return cf;
    const inst = fn.instance!;
    const defined = fn.index - inst.info.importedFuncs;
    cf = inst.code[defined] ?? null;
    if (cf === null) {
      cf = compileFunction(inst.info, fn.index, {
        fuel: this.fuelEnabled,
        interrupt: this.interrupter !== null,
      });
      inst.code[defined] = cf;
    }
    fn.compiled = cf;
    return cf;
  }

  /**
   * Calls `fn` with arguments in the raw encoding (i32: number, i64: bigint,
   * f32: raw bits as number, f64: raw bits as bigint, v128: Uint8Array,
   * references as they are); returns the results in the same encoding.
   */
  invoke(fn: WasmFunction, args: readonly unknown[]): unknown[] {
    const interrupter = this.interrupter;
    if (interrupter === null || !interrupter.isTimed || interrupter.timing)
      return this.enter(fn, args);
    // A call from the host starts the clock; calls back into wasm from
    // its host functions run under the same deadline.
    interrupter.start();
    try {
      return this.enter(fn, args);
    } finally {
      interrupter.stop();
    }
  }

  private enter(fn: WasmFunction, args: readonly unknown[]): unknown[] {
    if (fn.host !== null) {
      const results = callHostRaw(fn, args, fn.host);
      this.interrupter?.afterHost();
      return results;
    }
    const js = this.jsEntry !== null ? this.jsEntry(fn) : null;
    if (js !== null) return callHostRaw(fn, args, js);
    const base = (this.top + 1) & ~1;
    let w = base;
    const savedTop = this.top;
    const savedFsp = this.fsp;
    try {
      this.ensureStack(base + 64 + 4 * args.length);
      for (let i = 0; i < fn.params.length; i++)
        w = writeRaw(this, w, fn.params[i]!, args[i]);
      run(this, fn, base);
      const out: unknown[] = [];
      w = base;
      for (const t of fn.results) {
        out.push(readRaw(this, w, t));
        w += t === 'v128' ? 4 : 2;
      }
      return out;
    } finally {
      this.top = savedTop;
      this.fsp = savedFsp;
    }
  }
}

/** Calls a host function with raw values. */
function callHostRaw(
  fn: WasmFunction,
  args: readonly unknown[],
  impl: HostImpl,
): unknown[] {
  const result = impl(args as unknown[]);
  const n = fn.results.length;
  if (n === 0) return [];
  if (n === 1) return [result];
  return result as unknown[];
}

/** Calls host function `fn` with its arguments at word `base`; writes its results there. */
function callHost(
  m: Machine,
  fn: WasmFunction,
  base: number,
  impl: HostImpl,
): void {
  const args: unknown[] = [];
  let w = base;
  for (const t of fn.params) {
    args.push(readRaw(m, w, t));
    w += t === 'v128' ? 4 : 2;
  }
  let results: unknown[];
  try {
    results = callHostRaw(fn, args, impl);
  } catch (e) {
    if (!(e instanceof Trap) && !(e instanceof WasmException))
      m.passThrough = e;
    throw e;
  }
  m.ensureStack(base + 4 * fn.results.length + 4);
  w = base;
  for (let i = 0; i < fn.results.length; i++)
    w = writeRaw(m, w, fn.results[i]!, results[i]);
}

/** Fills in a trap's location and wasm stack trace. */
function locate(
  e: Trap,
  m: Machine,
  fn: WasmFunction,
  pc: number,
  fsp: number,
  entryFsp: number,
): void {
  if (e.funcIndex >= 0) return;
  const stack: WasmStackFrame[] = [];
  let f: WasmFunction | null = fn;
  let p = pc;
  let s = fsp;
  for (;;) {
    if (f !== null && f.instance !== null) {
      const cf = f.compiled;
      const offset = cf !== null ? offsetAt(cf, p) : -1;
      const name = f.instance.funcName(f.index);
      stack.push(
        name === undefined
          ? { funcIndex: f.index, offset }
          : { funcIndex: f.index, offset, name },
      );
    }
    if (s <= entryFsp) break;
    s -= 2;
    p = m.frames[s]! - 1;
    if (p < 0) break;
    f = m.frameFuncs[s >> 1] ?? null;
  }
  e.funcIndex = stack[0]?.funcIndex ?? -1;
  e.offset = stack[0]?.offset ?? -1;
  e.wasmStack = stack;
}

/** Runs `entry` with its arguments at word `base` until it returns. */
export function run(m: Machine, entry: WasmFunction, base: number): void {
  const entryFsp = m.fsp;
  const registry = m.registry;
  const jsEntry = m.jsEntry;
  let I = m.I;
  let F32 = m.F32;
  let F = m.F64;
  let refs = m.refs;
  let fuel = m.fuel;
  // Unused unless the code has interrupt checks (when `m.interrupter` is set).
  const interrupter = m.interrupter;
  const flag = interrupter?.flag ?? noFlag;
  const countdown = interrupter?.countdown ?? noFlag;
  let fn = entry;
  let cf = m.codeOf(fn);
  let c = cf.code;
  let pc = 0;
  let fp = base;
  let inst: Instance = fn.instance!;
  let funcs: WasmFunction[] = inst.funcs;
  let globals: Global[] = inst.globals;
  let mem: Memory | null = inst.memories[0] ?? null;
  let dv: DataView = mem !== null ? mem.view : new DataView(new ArrayBuffer(0));
  let memLen = mem !== null ? mem.byteLength : 0;
  let fsp = entryFsp;
  m.ensureFrames(fsp + 4);
  m.frames[fsp] = -1;
  m.frames[fsp + 1] = 0;
  m.frameFuncs[fsp >> 1] = null;
  fsp += 2;
  m.ensureStack(fp + cf.frameWords);
  I = m.I;
  F32 = m.F32;
  F = m.F64;
  refs = m.refs;
  for (let i = fp + cf.paramWords, e = fp + cf.localsWords; i < e; i++) {
    I[i] = 0;
    refs[i] = null;
  }
  let frames = m.frames;
  const frameFuncs = m.frameFuncs;
  let callee: WasmFunction = fn;
  let nfp = 0;
  // Tail calls: the argument words to move; -1 for an ordinary call.
  let tail = -1;
  let rpc = 0;
  for (;;) {
    try {
      for (;;) {
        leave: {
          enter: {
            switch (c[pc]!) {
              // Control
              case 0 /* unreachable */:
                throw new Trap('unreachable');
              case 12 /* br */:
                pc = c[pc + 1]!;
                continue;
              case 13 /* br_if */:
                pc = I[fp + c[pc + 1]!] !== 0 ? c[pc + 2]! : pc + 3;
                continue;
              case 1003 /* brUnless */:
                pc = I[fp + c[pc + 1]!] === 0 ? c[pc + 2]! : pc + 3;
                continue;
              case 14 /* br_table */: {
                const i = I[fp + c[pc + 1]!]! >>> 0;
                const n = c[pc + 2]!;
                pc = c[pc + 3 + (i < n ? i : n)]!;
                continue;
              }
              case 1004 /* fuel */:
                fuel -= c[pc + 1]!;
                if (fuel < 0) {
                  fuel = 0;
                  trap('outOfFuel');
                }
                pc += 2;
                continue;
              case 1013 /* interrupt */: {
                const left = countdown[0]! - c[pc + 1]!;
                countdown[0] = left;
                if (left < 0 || flag[0] !== 0) interrupter!.poll();
                pc += 2;
                continue;
              }
              case 15 /* return */: {
                const src = fp + c[pc + 1]!;
                const n = c[pc + 2]!;
                if (src !== fp) {
                  for (let i = 0; i < n; i++) I[fp + i] = I[src + i]!;
                  if (c[pc + 3] !== 0)
                    for (let i = 0; i < n; i++) refs[fp + i] = refs[src + i];
                }
                break leave;
              }
              case 1005 /* return1 */: {
                const src = fp + c[pc + 1]!;
                I[fp] = I[src]!;
                I[fp + 1] = I[src + 1]!;
                break leave;
              }
              case 16 /* call */:
                callee = funcs[c[pc + 1]!]!;
                nfp = fp + c[pc + 2]!;
                rpc = pc + 3;
                tail = -1;
                break enter;
              case 18 /* return_call */:
                callee = funcs[c[pc + 1]!]!;
                nfp = fp + c[pc + 2]!;
                tail = c[pc + 3]!;
                break enter;
              case 17 /* call_indirect */:
              case 19 /* return_call_indirect */: {
                const table = inst.tables[c[pc + 2]!]!;
                const i = I[fp + c[pc + 4]!]! >>> 0;
                if (i >= table.elements.length) trap('undefinedElement');
                const f = table.elements[i] as WasmFunction | null;
                if (f === null) trap('uninitializedElement', String(i));
                const t = c[pc + 1]!;
                if (f.typeId !== t && !registry.isSubtype(f.typeId, t))
                  trap('indirectCallTypeMismatch');
                callee = f;
                nfp = fp + c[pc + 3]!;
                if (c[pc] === 17 /* call_indirect */) {
                  rpc = pc + 5;
                  tail = -1;
                } else tail = c[pc + 5]!;
                break enter;
              }
              case 20 /* call_ref */:
              case 21 /* return_call_ref */: {
                const f = refs[fp + c[pc + 1]!] as WasmFunction | null;
                if (f === null) trap('nullFunctionReference');
                callee = f;
                nfp = fp + c[pc + 2]!;
                if (c[pc] === 20 /* call_ref */) {
                  rpc = pc + 3;
                  tail = -1;
                } else tail = c[pc + 3]!;
                break enter;
              }
              case 8 /* throw */: {
                const tag = inst.tags[c[pc + 1]!]!;
                const src = fp + c[pc + 2]!;
                let n = 0;
                for (const t of tag.params) n += t === 'v128' ? 4 : 2;
                // Wasm exceptions are not Errors: a throw captures no JS stack.
                // eslint-disable-next-line @typescript-eslint/only-throw-error
                throw new WasmException(
                  tag,
                  I.slice(src, src + n),
                  refs.slice(src, src + n),
                );
              }
              case 10 /* throw_ref */: {
                const exn = refs[fp + c[pc + 1]!];
                if (exn === null) trap('nullExceptionReference');
                // eslint-disable-next-line @typescript-eslint/only-throw-error
                throw exn;
              }
              case 197 /* br_on_null */:
                pc = refs[fp + c[pc + 1]!] === null ? c[pc + 2]! : pc + 3;
                continue;
              case 198 /* br_on_non_null */:
                pc = refs[fp + c[pc + 1]!] !== null ? c[pc + 2]! : pc + 3;
                continue;
              case 223 /* br_on_cast */:
                pc = refTest(m, refs[fp + c[pc + 1]!], c[pc + 2]!, c[pc + 3]!)
                  ? c[pc + 4]!
                  : pc + 5;
                continue;
              case 224 /* br_on_cast_fail */:
                pc = refTest(m, refs[fp + c[pc + 1]!], c[pc + 2]!, c[pc + 3]!)
                  ? pc + 5
                  : c[pc + 4]!;
                continue;

              // i32 operations with an immediate: [op, dst, a, imm]
              case 1100 /* i32.add imm */:
                I[fp + c[pc + 1]!] = (I[fp + c[pc + 2]!]! + c[pc + 3]!) | 0;
                pc += 4;
                continue;
              case 1101 /* i32.sub imm */:
                I[fp + c[pc + 1]!] = (I[fp + c[pc + 2]!]! - c[pc + 3]!) | 0;
                pc += 4;
                continue;
              case 1102 /* i32.mul imm */:
                I[fp + c[pc + 1]!] = Math.imul(I[fp + c[pc + 2]!]!, c[pc + 3]!);
                pc += 4;
                continue;
              case 1103 /* i32.and imm */:
                I[fp + c[pc + 1]!] = I[fp + c[pc + 2]!]! & c[pc + 3]!;
                pc += 4;
                continue;
              case 1104 /* i32.or imm */:
                I[fp + c[pc + 1]!] = I[fp + c[pc + 2]!]! | c[pc + 3]!;
                pc += 4;
                continue;
              case 1105 /* i32.xor imm */:
                I[fp + c[pc + 1]!] = I[fp + c[pc + 2]!]! ^ c[pc + 3]!;
                pc += 4;
                continue;
              case 1106 /* i32.shl imm */:
                I[fp + c[pc + 1]!] = I[fp + c[pc + 2]!]! << c[pc + 3]!;
                pc += 4;
                continue;
              case 1107 /* i32.shr_s imm */:
                I[fp + c[pc + 1]!] = I[fp + c[pc + 2]!]! >> c[pc + 3]!;
                pc += 4;
                continue;
              case 1108 /* i32.shr_u imm */:
                I[fp + c[pc + 1]!] = I[fp + c[pc + 2]!]! >>> c[pc + 3]!;
                pc += 4;
                continue;
              case 1109 /* i32.eq imm */:
                I[fp + c[pc + 1]!] = I[fp + c[pc + 2]!]! === c[pc + 3]! ? 1 : 0;
                pc += 4;
                continue;
              case 1110 /* i32.ne imm */:
                I[fp + c[pc + 1]!] = I[fp + c[pc + 2]!]! !== c[pc + 3]! ? 1 : 0;
                pc += 4;
                continue;
              case 1111 /* i32.lt_s imm */:
                I[fp + c[pc + 1]!] = I[fp + c[pc + 2]!]! < c[pc + 3]! ? 1 : 0;
                pc += 4;
                continue;
              case 1112 /* i32.lt_u imm */:
                I[fp + c[pc + 1]!] =
                  I[fp + c[pc + 2]!]! >>> 0 < c[pc + 3]! >>> 0 ? 1 : 0;
                pc += 4;
                continue;
              case 1113 /* i32.gt_s imm */:
                I[fp + c[pc + 1]!] = I[fp + c[pc + 2]!]! > c[pc + 3]! ? 1 : 0;
                pc += 4;
                continue;
              case 1114 /* i32.gt_u imm */:
                I[fp + c[pc + 1]!] =
                  I[fp + c[pc + 2]!]! >>> 0 > c[pc + 3]! >>> 0 ? 1 : 0;
                pc += 4;
                continue;
              case 1115 /* i32.le_s imm */:
                I[fp + c[pc + 1]!] = I[fp + c[pc + 2]!]! <= c[pc + 3]! ? 1 : 0;
                pc += 4;
                continue;
              case 1116 /* i32.le_u imm */:
                I[fp + c[pc + 1]!] =
                  I[fp + c[pc + 2]!]! >>> 0 <= c[pc + 3]! >>> 0 ? 1 : 0;
                pc += 4;
                continue;
              case 1117 /* i32.ge_s imm */:
                I[fp + c[pc + 1]!] = I[fp + c[pc + 2]!]! >= c[pc + 3]! ? 1 : 0;
                pc += 4;
                continue;
              case 1118 /* i32.ge_u imm */:
                I[fp + c[pc + 1]!] =
                  I[fp + c[pc + 2]!]! >>> 0 >= c[pc + 3]! >>> 0 ? 1 : 0;
                pc += 4;
                continue;
              // i64 operations with an immediate: [op, dst, a, lo, hi]
              case 1140 /* i64.add imm */: {
                const a = fp + c[pc + 2]!;
                const d = fp + c[pc + 1]!;
                const al = I[a]!;
                const lo = (al + c[pc + 3]!) | 0;
                I[d + 1] =
                  (I[a + 1]! + c[pc + 4]! + (lo >>> 0 < al >>> 0 ? 1 : 0)) | 0;
                I[d] = lo;
                pc += 5;
                continue;
              }
              case 1141 /* i64.sub imm */: {
                const a = fp + c[pc + 2]!;
                const d = fp + c[pc + 1]!;
                const al = I[a]!;
                const bl = c[pc + 3]!;
                I[d + 1] =
                  (I[a + 1]! - c[pc + 4]! - (al >>> 0 < bl >>> 0 ? 1 : 0)) | 0;
                I[d] = (al - bl) | 0;
                pc += 5;
                continue;
              }
              case 1142 /* i64.mul imm */: {
                const a = fp + c[pc + 2]!;
                const d = fp + c[pc + 1]!;
                const al = I[a]!;
                const ah = I[a + 1]!;
                const bl = c[pc + 3]!;
                const bh = c[pc + 4]!;
                I[d + 1] =
                  (mulhu(al, bl) + Math.imul(al, bh) + Math.imul(ah, bl)) | 0;
                I[d] = Math.imul(al, bl);
                pc += 5;
                continue;
              }
              case 1143 /* i64.and imm */: {
                const a = fp + c[pc + 2]!;
                const d = fp + c[pc + 1]!;
                I[d] = I[a]! & c[pc + 3]!;
                I[d + 1] = I[a + 1]! & c[pc + 4]!;
                pc += 5;
                continue;
              }
              case 1144 /* i64.or imm */: {
                const a = fp + c[pc + 2]!;
                const d = fp + c[pc + 1]!;
                I[d] = I[a]! | c[pc + 3]!;
                I[d + 1] = I[a + 1]! | c[pc + 4]!;
                pc += 5;
                continue;
              }
              case 1145 /* i64.xor imm */: {
                const a = fp + c[pc + 2]!;
                const d = fp + c[pc + 1]!;
                I[d] = I[a]! ^ c[pc + 3]!;
                I[d + 1] = I[a + 1]! ^ c[pc + 4]!;
                pc += 5;
                continue;
              }
              case 1146 /* i64.shl imm */: {
                shift64(I, fp + c[pc + 1]!, fp + c[pc + 2]!, c[pc + 3]!, 0);
                pc += 5;
                continue;
              }
              case 1147 /* i64.shr_s imm */: {
                shift64(I, fp + c[pc + 1]!, fp + c[pc + 2]!, c[pc + 3]!, 1);
                pc += 5;
                continue;
              }
              case 1148 /* i64.shr_u imm */: {
                shift64(I, fp + c[pc + 1]!, fp + c[pc + 2]!, c[pc + 3]!, 2);
                pc += 5;
                continue;
              }
              case 1149 /* i64.rotl imm */: {
                shift64(I, fp + c[pc + 1]!, fp + c[pc + 2]!, c[pc + 3]!, 3);
                pc += 5;
                continue;
              }
              case 1150 /* i64.rotr imm */: {
                shift64(I, fp + c[pc + 1]!, fp + c[pc + 2]!, c[pc + 3]!, 4);
                pc += 5;
                continue;
              }
              case 1151 /* i64.eq imm */: {
                const a = fp + c[pc + 2]!;
                I[fp + c[pc + 1]!] =
                  I[a] === c[pc + 3] && I[a + 1] === c[pc + 4] ? 1 : 0;
                pc += 5;
                continue;
              }
              case 1152 /* i64.ne imm */: {
                const a = fp + c[pc + 2]!;
                I[fp + c[pc + 1]!] =
                  I[a] !== c[pc + 3] || I[a + 1] !== c[pc + 4] ? 1 : 0;
                pc += 5;
                continue;
              }
              // Compare and branch: [op, a, b, target], [op, a, imm, target]
              case 1120 /* br_if i32.eq */:
                pc =
                  I[fp + c[pc + 1]!]! === I[fp + c[pc + 2]!]!
                    ? c[pc + 3]!
                    : pc + 4;
                continue;
              case 1121 /* br_if i32.ne */:
                pc =
                  I[fp + c[pc + 1]!]! !== I[fp + c[pc + 2]!]!
                    ? c[pc + 3]!
                    : pc + 4;
                continue;
              case 1122 /* br_if i32.lt_s */:
                pc =
                  I[fp + c[pc + 1]!]! < I[fp + c[pc + 2]!]!
                    ? c[pc + 3]!
                    : pc + 4;
                continue;
              case 1123 /* br_if i32.lt_u */:
                pc =
                  I[fp + c[pc + 1]!]! >>> 0 < I[fp + c[pc + 2]!]! >>> 0
                    ? c[pc + 3]!
                    : pc + 4;
                continue;
              case 1124 /* br_if i32.gt_s */:
                pc =
                  I[fp + c[pc + 1]!]! > I[fp + c[pc + 2]!]!
                    ? c[pc + 3]!
                    : pc + 4;
                continue;
              case 1125 /* br_if i32.gt_u */:
                pc =
                  I[fp + c[pc + 1]!]! >>> 0 > I[fp + c[pc + 2]!]! >>> 0
                    ? c[pc + 3]!
                    : pc + 4;
                continue;
              case 1126 /* br_if i32.le_s */:
                pc =
                  I[fp + c[pc + 1]!]! <= I[fp + c[pc + 2]!]!
                    ? c[pc + 3]!
                    : pc + 4;
                continue;
              case 1127 /* br_if i32.le_u */:
                pc =
                  I[fp + c[pc + 1]!]! >>> 0 <= I[fp + c[pc + 2]!]! >>> 0
                    ? c[pc + 3]!
                    : pc + 4;
                continue;
              case 1128 /* br_if i32.ge_s */:
                pc =
                  I[fp + c[pc + 1]!]! >= I[fp + c[pc + 2]!]!
                    ? c[pc + 3]!
                    : pc + 4;
                continue;
              case 1129 /* br_if i32.ge_u */:
                pc =
                  I[fp + c[pc + 1]!]! >>> 0 >= I[fp + c[pc + 2]!]! >>> 0
                    ? c[pc + 3]!
                    : pc + 4;
                continue;
              case 1130 /* br_if i32.eq imm */:
                pc = I[fp + c[pc + 1]!]! === c[pc + 2]! ? c[pc + 3]! : pc + 4;
                continue;
              case 1131 /* br_if i32.ne imm */:
                pc = I[fp + c[pc + 1]!]! !== c[pc + 2]! ? c[pc + 3]! : pc + 4;
                continue;
              case 1132 /* br_if i32.lt_s imm */:
                pc = I[fp + c[pc + 1]!]! < c[pc + 2]! ? c[pc + 3]! : pc + 4;
                continue;
              case 1133 /* br_if i32.lt_u imm */:
                pc =
                  I[fp + c[pc + 1]!]! >>> 0 < c[pc + 2]! >>> 0
                    ? c[pc + 3]!
                    : pc + 4;
                continue;
              case 1134 /* br_if i32.gt_s imm */:
                pc = I[fp + c[pc + 1]!]! > c[pc + 2]! ? c[pc + 3]! : pc + 4;
                continue;
              case 1135 /* br_if i32.gt_u imm */:
                pc =
                  I[fp + c[pc + 1]!]! >>> 0 > c[pc + 2]! >>> 0
                    ? c[pc + 3]!
                    : pc + 4;
                continue;
              case 1136 /* br_if i32.le_s imm */:
                pc = I[fp + c[pc + 1]!]! <= c[pc + 2]! ? c[pc + 3]! : pc + 4;
                continue;
              case 1137 /* br_if i32.le_u imm */:
                pc =
                  I[fp + c[pc + 1]!]! >>> 0 <= c[pc + 2]! >>> 0
                    ? c[pc + 3]!
                    : pc + 4;
                continue;
              case 1138 /* br_if i32.ge_s imm */:
                pc = I[fp + c[pc + 1]!]! >= c[pc + 2]! ? c[pc + 3]! : pc + 4;
                continue;
              case 1139 /* br_if i32.ge_u imm */:
                pc =
                  I[fp + c[pc + 1]!]! >>> 0 >= c[pc + 2]! >>> 0
                    ? c[pc + 3]!
                    : pc + 4;
                continue;

              // GC field accesses (i32/f32 bits, f64, references)
              case 1160 /* struct.get i32 */:
              case 1161 /* struct.get f64 */:
              case 1162 /* struct.get ref */: {
                const s = refs[fp + c[pc + 2]!] as WasmStruct | null;
                if (s === null) trap('nullStructureReference');
                const v = s.fields[c[pc + 3]!];
                const d = fp + c[pc + 1]!;
                if (c[pc] === 1160) I[d] = v as number;
                else if (c[pc] === 1161) F[d >> 1] = v as number;
                else refs[d] = v;
                pc += 4;
                continue;
              }
              case 1163 /* struct.set i32 */:
              case 1164 /* struct.set f64 */:
              case 1165 /* struct.set ref */: {
                const s = refs[fp + c[pc + 1]!] as WasmStruct | null;
                if (s === null) trap('nullStructureReference');
                const w = fp + c[pc + 2]!;
                s.fields[c[pc + 3]!] =
                  c[pc] === 1163 ? I[w] : c[pc] === 1164 ? F[w >> 1] : refs[w];
                pc += 4;
                continue;
              }
              case 1166 /* array.get i32 */:
              case 1167 /* array.get f64 */:
              case 1168 /* array.get ref */: {
                const arr = refs[fp + c[pc + 2]!] as WasmArray | null;
                if (arr === null) trap('nullArrayReference');
                const i = I[fp + c[pc + 3]!]! >>> 0;
                if (i >= arr.elements.length) trap('arrayOutOfBounds');
                const v = arr.elements[i];
                const d = fp + c[pc + 1]!;
                if (c[pc] === 1166) I[d] = v as number;
                else if (c[pc] === 1167) F[d >> 1] = v as number;
                else refs[d] = v;
                pc += 4;
                continue;
              }
              case 1169 /* array.set i32 */:
              case 1170 /* array.set f64 */:
              case 1171 /* array.set ref */: {
                const arr = refs[fp + c[pc + 1]!] as WasmArray | null;
                if (arr === null) trap('nullArrayReference');
                const i = I[fp + c[pc + 2]!]! >>> 0;
                if (i >= arr.elements.length) trap('arrayOutOfBounds');
                const w = fp + c[pc + 3]!;
                arr.elements[i] =
                  c[pc] === 1169 ? I[w] : c[pc] === 1170 ? F[w >> 1] : refs[w];
                pc += 4;
                continue;
              }
              case 1172 /* array.len */: {
                const arr = refs[fp + c[pc + 2]!] as WasmArray | null;
                if (arr === null) trap('nullArrayReference');
                I[fp + c[pc + 1]!] = arr.elements.length;
                pc += 3;
                continue;
              }

              // Moves, constants, variables
              case 1000 /* mov */: {
                const s = fp + c[pc + 2]!;
                const d = fp + c[pc + 1]!;
                I[d] = I[s]!;
                I[d + 1] = I[s + 1]!;
                pc += 3;
                continue;
              }
              case 1001 /* movRef */:
                refs[fp + c[pc + 1]!] = refs[fp + c[pc + 2]!];
                pc += 3;
                continue;
              case 1002 /* mov128 */: {
                const s = fp + c[pc + 2]!;
                const d = fp + c[pc + 1]!;
                I[d] = I[s]!;
                I[d + 1] = I[s + 1]!;
                I[d + 2] = I[s + 2]!;
                I[d + 3] = I[s + 3]!;
                pc += 3;
                continue;
              }
              case 61 /* i64.const */: {
                const d = fp + c[pc + 1]!;
                I[d] = c[pc + 2]!;
                I[d + 1] = c[pc + 3]!;
                pc += 4;
                continue;
              }
              case 26 /* select */: {
                const s =
                  I[fp + c[pc + 4]!] !== 0 ? fp + c[pc + 2]! : fp + c[pc + 3]!;
                const d = fp + c[pc + 1]!;
                I[d] = I[s]!;
                I[d + 1] = I[s + 1]!;
                pc += 5;
                continue;
              }
              case 1010 /* selectRef */:
                refs[fp + c[pc + 1]!] =
                  refs[
                    I[fp + c[pc + 4]!] !== 0 ? fp + c[pc + 2]! : fp + c[pc + 3]!
                  ];
                pc += 5;
                continue;
              case 1011 /* select128 */: {
                const s =
                  I[fp + c[pc + 4]!] !== 0 ? fp + c[pc + 2]! : fp + c[pc + 3]!;
                const d = fp + c[pc + 1]!;
                for (let i = 0; i < 4; i++) I[d + i] = I[s + i]!;
                pc += 5;
                continue;
              }
              case 31 /* global.get */: {
                const g = globals[c[pc + 2]!]!.bits;
                const d = fp + c[pc + 1]!;
                I[d] = g[0]!;
                I[d + 1] = g[1]!;
                pc += 3;
                continue;
              }
              case 32 /* global.set */: {
                const g = globals[c[pc + 2]!]!.bits;
                const s = fp + c[pc + 1]!;
                g[0] = I[s]!;
                g[1] = I[s + 1]!;
                pc += 3;
                continue;
              }
              case 1006 /* globalGetRef */:
                refs[fp + c[pc + 1]!] = globals[c[pc + 2]!]!.ref;
                pc += 3;
                continue;
              case 1007 /* globalSetRef */:
                globals[c[pc + 2]!]!.ref = refs[fp + c[pc + 1]!];
                pc += 3;
                continue;
              case 1008 /* globalGet128 */: {
                const g = globals[c[pc + 2]!]!.bits;
                const d = fp + c[pc + 1]!;
                for (let i = 0; i < 4; i++) I[d + i] = g[i]!;
                pc += 3;
                continue;
              }
              case 1009 /* globalSet128 */: {
                const g = globals[c[pc + 2]!]!.bits;
                const s = fp + c[pc + 1]!;
                for (let i = 0; i < 4; i++) g[i] = I[s + i]!;
                pc += 3;
                continue;
              }
              case 192 /* ref.null */:
                refs[fp + c[pc + 1]!] = null;
                pc += 2;
                continue;
              case 194 /* ref.func */:
                refs[fp + c[pc + 1]!] = funcs[c[pc + 2]!];
                pc += 3;
                continue;
              case 193 /* ref.is_null */:
                I[fp + c[pc + 1]!] = refs[fp + c[pc + 2]!] === null ? 1 : 0;
                pc += 3;
                continue;

              // Memory (memory 0, 32-bit addresses): [op, dst, addr, offset, memory, offsetHi]
              case 35 /* i32.load */: {
                const ea = (I[fp + c[pc + 2]!]! >>> 0) + (c[pc + 3]! >>> 0);
                if (ea + 4 > memLen) trap('memoryOutOfBounds');
                I[fp + c[pc + 1]!] = dv.getInt32(ea, true);
                pc += 6;
                continue;
              }
              case 37 /* f32.load */: {
                const ea = (I[fp + c[pc + 2]!]! >>> 0) + (c[pc + 3]! >>> 0);
                if (ea + 4 > memLen) trap('memoryOutOfBounds');
                I[fp + c[pc + 1]!] = dv.getInt32(ea, true);
                pc += 6;
                continue;
              }
              case 36 /* i64.load */:
              case 38 /* f64.load */: {
                const ea = (I[fp + c[pc + 2]!]! >>> 0) + (c[pc + 3]! >>> 0);
                if (ea + 8 > memLen) trap('memoryOutOfBounds');
                const d = fp + c[pc + 1]!;
                I[d] = dv.getInt32(ea, true);
                I[d + 1] = dv.getInt32(ea + 4, true);
                pc += 6;
                continue;
              }
              case 39 /* i32.load8_s */: {
                const ea = (I[fp + c[pc + 2]!]! >>> 0) + (c[pc + 3]! >>> 0);
                if (ea + 1 > memLen) trap('memoryOutOfBounds');
                I[fp + c[pc + 1]!] = dv.getInt8(ea);
                pc += 6;
                continue;
              }
              case 40 /* i32.load8_u */: {
                const ea = (I[fp + c[pc + 2]!]! >>> 0) + (c[pc + 3]! >>> 0);
                if (ea + 1 > memLen) trap('memoryOutOfBounds');
                I[fp + c[pc + 1]!] = dv.getUint8(ea);
                pc += 6;
                continue;
              }
              case 41 /* i32.load16_s */: {
                const ea = (I[fp + c[pc + 2]!]! >>> 0) + (c[pc + 3]! >>> 0);
                if (ea + 2 > memLen) trap('memoryOutOfBounds');
                I[fp + c[pc + 1]!] = dv.getInt16(ea, true);
                pc += 6;
                continue;
              }
              case 42 /* i32.load16_u */: {
                const ea = (I[fp + c[pc + 2]!]! >>> 0) + (c[pc + 3]! >>> 0);
                if (ea + 2 > memLen) trap('memoryOutOfBounds');
                I[fp + c[pc + 1]!] = dv.getUint16(ea, true);
                pc += 6;
                continue;
              }
              case 43 /* i64.load8_s */:
              case 44 /* i64.load8_u */:
              case 45 /* i64.load16_s */:
              case 46 /* i64.load16_u */:
              case 47 /* i64.load32_s */:
              case 48 /* i64.load32_u */: {
                const op = c[pc]!;
                const size =
                  op <= 44 /* i64.load8_u */
                    ? 1
                    : op <= 46 /* i64.load16_u */
                      ? 2
                      : 4;
                const ea = (I[fp + c[pc + 2]!]! >>> 0) + (c[pc + 3]! >>> 0);
                if (ea + size > memLen) trap('memoryOutOfBounds');
                let v: number;
                switch (op) {
                  case 43 /* i64.load8_s */:
                    v = dv.getInt8(ea);
                    break;
                  case 44 /* i64.load8_u */:
                    v = dv.getUint8(ea);
                    break;
                  case 45 /* i64.load16_s */:
                    v = dv.getInt16(ea, true);
                    break;
                  case 46 /* i64.load16_u */:
                    v = dv.getUint16(ea, true);
                    break;
                  case 47 /* i64.load32_s */:
                    v = dv.getInt32(ea, true);
                    break;
                  default:
                    v = dv.getInt32(ea, true);
                }
                const d = fp + c[pc + 1]!;
                I[d] = v;
                I[d + 1] =
                  op === 44 /* i64.load8_u */ ||
                  op === 46 /* i64.load16_u */ ||
                  op === 48 /* i64.load32_u */
                    ? 0
                    : v >> 31;
                pc += 6;
                continue;
              }
              // Stores: [op, -1, addr, value, offset, memory, offsetHi]
              case 49 /* i32.store */:
              case 51 /* f32.store */: {
                const ea = (I[fp + c[pc + 2]!]! >>> 0) + (c[pc + 4]! >>> 0);
                if (ea + 4 > memLen) trap('memoryOutOfBounds');
                dv.setInt32(ea, I[fp + c[pc + 3]!]!, true);
                pc += 7;
                continue;
              }
              case 50 /* i64.store */:
              case 52 /* f64.store */: {
                const ea = (I[fp + c[pc + 2]!]! >>> 0) + (c[pc + 4]! >>> 0);
                if (ea + 8 > memLen) trap('memoryOutOfBounds');
                const s = fp + c[pc + 3]!;
                dv.setInt32(ea, I[s]!, true);
                dv.setInt32(ea + 4, I[s + 1]!, true);
                pc += 7;
                continue;
              }
              case 53 /* i32.store8 */:
              case 55 /* i64.store8 */: {
                const ea = (I[fp + c[pc + 2]!]! >>> 0) + (c[pc + 4]! >>> 0);
                if (ea + 1 > memLen) trap('memoryOutOfBounds');
                dv.setInt8(ea, I[fp + c[pc + 3]!]!);
                pc += 7;
                continue;
              }
              case 54 /* i32.store16 */:
              case 56 /* i64.store16 */: {
                const ea = (I[fp + c[pc + 2]!]! >>> 0) + (c[pc + 4]! >>> 0);
                if (ea + 2 > memLen) trap('memoryOutOfBounds');
                dv.setInt16(ea, I[fp + c[pc + 3]!]!, true);
                pc += 7;
                continue;
              }
              case 57 /* i64.store32 */: {
                const ea = (I[fp + c[pc + 2]!]! >>> 0) + (c[pc + 4]! >>> 0);
                if (ea + 4 > memLen) trap('memoryOutOfBounds');
                dv.setInt32(ea, I[fp + c[pc + 3]!]!, true);
                pc += 7;
                continue;
              }
              case 58 /* memory.size */: {
                const mm = inst.memories[c[pc + 2]!]!;
                const d = fp + c[pc + 1]!;
                I[d] = mm.pages;
                I[d + 1] = 0;
                pc += 3;
                continue;
              }
              case 59 /* memory.grow */: {
                const mm = inst.memories[c[pc + 3]!]!;
                const s = fp + c[pc + 2]!;
                const d = fp + c[pc + 1]!;
                const is64 = mm.addressType === 'i64';
                const delta = is64
                  ? I[s + 1] !== 0
                    ? -1
                    : I[s]! >>> 0
                  : I[s]! >>> 0;
                const r = mm.grow(delta);
                I[d] = r;
                I[d + 1] = is64 && r < 0 ? -1 : 0;
                if (mem !== null) {
                  dv = mem.view;
                  memLen = mem.byteLength;
                }
                pc += 4;
                continue;
              }

              // i32 numerics: [op, dst, a] and [op, dst, a, b]
              case 64 /* i32.eqz */:
                I[fp + c[pc + 1]!] = I[fp + c[pc + 2]!] === 0 ? 1 : 0;
                pc += 3;
                continue;
              case 65 /* i32.eq */:
                I[fp + c[pc + 1]!] =
                  I[fp + c[pc + 2]!] === I[fp + c[pc + 3]!] ? 1 : 0;
                pc += 4;
                continue;
              case 66 /* i32.ne */:
                I[fp + c[pc + 1]!] =
                  I[fp + c[pc + 2]!] !== I[fp + c[pc + 3]!] ? 1 : 0;
                pc += 4;
                continue;
              case 67 /* i32.lt_s */:
                I[fp + c[pc + 1]!] =
                  I[fp + c[pc + 2]!]! < I[fp + c[pc + 3]!]! ? 1 : 0;
                pc += 4;
                continue;
              case 68 /* i32.lt_u */:
                I[fp + c[pc + 1]!] =
                  I[fp + c[pc + 2]!]! >>> 0 < I[fp + c[pc + 3]!]! >>> 0 ? 1 : 0;
                pc += 4;
                continue;
              case 69 /* i32.gt_s */:
                I[fp + c[pc + 1]!] =
                  I[fp + c[pc + 2]!]! > I[fp + c[pc + 3]!]! ? 1 : 0;
                pc += 4;
                continue;
              case 70 /* i32.gt_u */:
                I[fp + c[pc + 1]!] =
                  I[fp + c[pc + 2]!]! >>> 0 > I[fp + c[pc + 3]!]! >>> 0 ? 1 : 0;
                pc += 4;
                continue;
              case 71 /* i32.le_s */:
                I[fp + c[pc + 1]!] =
                  I[fp + c[pc + 2]!]! <= I[fp + c[pc + 3]!]! ? 1 : 0;
                pc += 4;
                continue;
              case 72 /* i32.le_u */:
                I[fp + c[pc + 1]!] =
                  I[fp + c[pc + 2]!]! >>> 0 <= I[fp + c[pc + 3]!]! >>> 0
                    ? 1
                    : 0;
                pc += 4;
                continue;
              case 73 /* i32.ge_s */:
                I[fp + c[pc + 1]!] =
                  I[fp + c[pc + 2]!]! >= I[fp + c[pc + 3]!]! ? 1 : 0;
                pc += 4;
                continue;
              case 74 /* i32.ge_u */:
                I[fp + c[pc + 1]!] =
                  I[fp + c[pc + 2]!]! >>> 0 >= I[fp + c[pc + 3]!]! >>> 0
                    ? 1
                    : 0;
                pc += 4;
                continue;
              case 98 /* i32.clz */:
                I[fp + c[pc + 1]!] = Math.clz32(I[fp + c[pc + 2]!]!);
                pc += 3;
                continue;
              case 99 /* i32.ctz */:
                I[fp + c[pc + 1]!] = ctz32(I[fp + c[pc + 2]!]!);
                pc += 3;
                continue;
              case 100 /* i32.popcnt */:
                I[fp + c[pc + 1]!] = popcnt32(I[fp + c[pc + 2]!]!);
                pc += 3;
                continue;
              case 101 /* i32.add */:
                I[fp + c[pc + 1]!] =
                  (I[fp + c[pc + 2]!]! + I[fp + c[pc + 3]!]!) | 0;
                pc += 4;
                continue;
              case 102 /* i32.sub */:
                I[fp + c[pc + 1]!] =
                  (I[fp + c[pc + 2]!]! - I[fp + c[pc + 3]!]!) | 0;
                pc += 4;
                continue;
              case 103 /* i32.mul */:
                I[fp + c[pc + 1]!] = Math.imul(
                  I[fp + c[pc + 2]!]!,
                  I[fp + c[pc + 3]!]!,
                );
                pc += 4;
                continue;
              case 104 /* i32.div_s */: {
                const x = I[fp + c[pc + 2]!]!;
                const y = I[fp + c[pc + 3]!]!;
                if (y === 0) trap('divideByZero');
                if (x === -2147483648 && y === -1) trap('integerOverflow');
                I[fp + c[pc + 1]!] = (x / y) | 0;
                pc += 4;
                continue;
              }
              case 105 /* i32.div_u */: {
                const y = I[fp + c[pc + 3]!]! >>> 0;
                if (y === 0) trap('divideByZero');
                I[fp + c[pc + 1]!] = ((I[fp + c[pc + 2]!]! >>> 0) / y) | 0;
                pc += 4;
                continue;
              }
              case 106 /* i32.rem_s */: {
                const y = I[fp + c[pc + 3]!]!;
                if (y === 0) trap('divideByZero');
                I[fp + c[pc + 1]!] = (I[fp + c[pc + 2]!]! % y) | 0;
                pc += 4;
                continue;
              }
              case 107 /* i32.rem_u */: {
                const y = I[fp + c[pc + 3]!]! >>> 0;
                if (y === 0) trap('divideByZero');
                I[fp + c[pc + 1]!] = ((I[fp + c[pc + 2]!]! >>> 0) % y) | 0;
                pc += 4;
                continue;
              }
              case 108 /* i32.and */:
                I[fp + c[pc + 1]!] = I[fp + c[pc + 2]!]! & I[fp + c[pc + 3]!]!;
                pc += 4;
                continue;
              case 109 /* i32.or */:
                I[fp + c[pc + 1]!] = I[fp + c[pc + 2]!]! | I[fp + c[pc + 3]!]!;
                pc += 4;
                continue;
              case 110 /* i32.xor */:
                I[fp + c[pc + 1]!] = I[fp + c[pc + 2]!]! ^ I[fp + c[pc + 3]!]!;
                pc += 4;
                continue;
              case 111 /* i32.shl */:
                I[fp + c[pc + 1]!] = I[fp + c[pc + 2]!]! << I[fp + c[pc + 3]!]!;
                pc += 4;
                continue;
              case 112 /* i32.shr_s */:
                I[fp + c[pc + 1]!] = I[fp + c[pc + 2]!]! >> I[fp + c[pc + 3]!]!;
                pc += 4;
                continue;
              case 113 /* i32.shr_u */:
                I[fp + c[pc + 1]!] =
                  I[fp + c[pc + 2]!]! >>> I[fp + c[pc + 3]!]!;
                pc += 4;
                continue;
              case 114 /* i32.rotl */: {
                const x = I[fp + c[pc + 2]!]!;
                const s = I[fp + c[pc + 3]!]! & 31;
                I[fp + c[pc + 1]!] = (x << s) | (x >>> ((32 - s) & 31));
                pc += 4;
                continue;
              }
              case 115 /* i32.rotr */: {
                const x = I[fp + c[pc + 2]!]!;
                const s = I[fp + c[pc + 3]!]! & 31;
                I[fp + c[pc + 1]!] = (x >>> s) | (x << ((32 - s) & 31));
                pc += 4;
                continue;
              }

              // i64 numerics, on halves
              case 75 /* i64.eqz */: {
                const a = fp + c[pc + 2]!;
                I[fp + c[pc + 1]!] = (I[a]! | I[a + 1]!) === 0 ? 1 : 0;
                pc += 3;
                continue;
              }
              case 76 /* i64.eq */: {
                const a = fp + c[pc + 2]!;
                const b = fp + c[pc + 3]!;
                I[fp + c[pc + 1]!] =
                  I[a] === I[b] && I[a + 1] === I[b + 1] ? 1 : 0;
                pc += 4;
                continue;
              }
              case 77 /* i64.ne */: {
                const a = fp + c[pc + 2]!;
                const b = fp + c[pc + 3]!;
                I[fp + c[pc + 1]!] =
                  I[a] !== I[b] || I[a + 1] !== I[b + 1] ? 1 : 0;
                pc += 4;
                continue;
              }
              case 78 /* i64.lt_s */:
              case 79 /* i64.lt_u */:
              case 80 /* i64.gt_s */:
              case 81 /* i64.gt_u */:
              case 82 /* i64.le_s */:
              case 83 /* i64.le_u */:
              case 84 /* i64.ge_s */:
              case 85 /* i64.ge_u */: {
                const op = c[pc]!;
                const a = fp + c[pc + 2]!;
                const b = fp + c[pc + 3]!;
                const signed = (op - 78) /* i64.lt_s */ % 2 === 0;
                const ah = signed ? I[a + 1]! : I[a + 1]! >>> 0;
                const bh = signed ? I[b + 1]! : I[b + 1]! >>> 0;
                // -1, 0, 1 as a < b, a = b, a > b
                const cmp =
                  ah < bh
                    ? -1
                    : ah > bh
                      ? 1
                      : I[a]! >>> 0 < I[b]! >>> 0
                        ? -1
                        : I[a] === I[b]
                          ? 0
                          : 1;
                let r: boolean;
                if (op <= 79 /* i64.lt_u */) r = cmp < 0;
                else if (op <= 81 /* i64.gt_u */) r = cmp > 0;
                else if (op <= 83 /* i64.le_u */) r = cmp <= 0;
                else r = cmp >= 0;
                I[fp + c[pc + 1]!] = r ? 1 : 0;
                pc += 4;
                continue;
              }
              case 116 /* i64.clz */: {
                const a = fp + c[pc + 2]!;
                const d = fp + c[pc + 1]!;
                const hi = I[a + 1]!;
                I[d] = hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(I[a]!);
                I[d + 1] = 0;
                pc += 3;
                continue;
              }
              case 117 /* i64.ctz */: {
                const a = fp + c[pc + 2]!;
                const d = fp + c[pc + 1]!;
                const lo = I[a]!;
                I[d] = lo !== 0 ? ctz32(lo) : 32 + ctz32(I[a + 1]!);
                I[d + 1] = 0;
                pc += 3;
                continue;
              }
              case 118 /* i64.popcnt */: {
                const a = fp + c[pc + 2]!;
                const d = fp + c[pc + 1]!;
                I[d] = popcnt32(I[a]!) + popcnt32(I[a + 1]!);
                I[d + 1] = 0;
                pc += 3;
                continue;
              }
              case 119 /* i64.add */: {
                const a = fp + c[pc + 2]!;
                const b = fp + c[pc + 3]!;
                const d = fp + c[pc + 1]!;
                const al = I[a]!;
                const lo = (al + I[b]!) | 0;
                I[d + 1] =
                  (I[a + 1]! + I[b + 1]! + (lo >>> 0 < al >>> 0 ? 1 : 0)) | 0;
                I[d] = lo;
                pc += 4;
                continue;
              }
              case 120 /* i64.sub */: {
                const a = fp + c[pc + 2]!;
                const b = fp + c[pc + 3]!;
                const d = fp + c[pc + 1]!;
                const al = I[a]!;
                const bl = I[b]!;
                I[d + 1] =
                  (I[a + 1]! - I[b + 1]! - (al >>> 0 < bl >>> 0 ? 1 : 0)) | 0;
                I[d] = (al - bl) | 0;
                pc += 4;
                continue;
              }
              case 121 /* i64.mul */: {
                const a = fp + c[pc + 2]!;
                const b = fp + c[pc + 3]!;
                const d = fp + c[pc + 1]!;
                const al = I[a]!;
                const ah = I[a + 1]!;
                const bl = I[b]!;
                const bh = I[b + 1]!;
                I[d + 1] =
                  (mulhu(al, bl) + Math.imul(al, bh) + Math.imul(ah, bl)) | 0;
                I[d] = Math.imul(al, bl);
                pc += 4;
                continue;
              }
              case 122 /* i64.div_s */:
              case 123 /* i64.div_u */:
              case 124 /* i64.rem_s */:
              case 125 /* i64.rem_u */:
                divrem64(
                  I,
                  fp + c[pc + 1]!,
                  fp + c[pc + 2]!,
                  fp + c[pc + 3]!,
                  c[pc]! - 122 /* i64.div_s */,
                );
                pc += 4;
                continue;
              case 126 /* i64.and */: {
                const a = fp + c[pc + 2]!;
                const b = fp + c[pc + 3]!;
                const d = fp + c[pc + 1]!;
                I[d] = I[a]! & I[b]!;
                I[d + 1] = I[a + 1]! & I[b + 1]!;
                pc += 4;
                continue;
              }
              case 127 /* i64.or */: {
                const a = fp + c[pc + 2]!;
                const b = fp + c[pc + 3]!;
                const d = fp + c[pc + 1]!;
                I[d] = I[a]! | I[b]!;
                I[d + 1] = I[a + 1]! | I[b + 1]!;
                pc += 4;
                continue;
              }
              case 128 /* i64.xor */: {
                const a = fp + c[pc + 2]!;
                const b = fp + c[pc + 3]!;
                const d = fp + c[pc + 1]!;
                I[d] = I[a]! ^ I[b]!;
                I[d + 1] = I[a + 1]! ^ I[b + 1]!;
                pc += 4;
                continue;
              }
              case 129 /* i64.shl */:
              case 130 /* i64.shr_s */:
              case 131 /* i64.shr_u */:
              case 132 /* i64.rotl */:
              case 133 /* i64.rotr */:
                shift64(
                  I,
                  fp + c[pc + 1]!,
                  fp + c[pc + 2]!,
                  I[fp + c[pc + 3]!]!,
                  c[pc]! - 129 /* i64.shl */,
                );
                pc += 4;
                continue;

              // f32 numerics: values through Float32Array, sign operations on bits
              case 86 /* f32.eq */:
                I[fp + c[pc + 1]!] =
                  F32[fp + c[pc + 2]!] === F32[fp + c[pc + 3]!] ? 1 : 0;
                pc += 4;
                continue;
              case 87 /* f32.ne */:
                I[fp + c[pc + 1]!] =
                  F32[fp + c[pc + 2]!] !== F32[fp + c[pc + 3]!] ? 1 : 0;
                pc += 4;
                continue;
              case 88 /* f32.lt */:
                I[fp + c[pc + 1]!] =
                  F32[fp + c[pc + 2]!]! < F32[fp + c[pc + 3]!]! ? 1 : 0;
                pc += 4;
                continue;
              case 89 /* f32.gt */:
                I[fp + c[pc + 1]!] =
                  F32[fp + c[pc + 2]!]! > F32[fp + c[pc + 3]!]! ? 1 : 0;
                pc += 4;
                continue;
              case 90 /* f32.le */:
                I[fp + c[pc + 1]!] =
                  F32[fp + c[pc + 2]!]! <= F32[fp + c[pc + 3]!]! ? 1 : 0;
                pc += 4;
                continue;
              case 91 /* f32.ge */:
                I[fp + c[pc + 1]!] =
                  F32[fp + c[pc + 2]!]! >= F32[fp + c[pc + 3]!]! ? 1 : 0;
                pc += 4;
                continue;
              case 134 /* f32.abs */:
                I[fp + c[pc + 1]!] = I[fp + c[pc + 2]!]! & 0x7fffffff;
                pc += 3;
                continue;
              case 135 /* f32.neg */:
                I[fp + c[pc + 1]!] = I[fp + c[pc + 2]!]! ^ -0x80000000;
                pc += 3;
                continue;
              case 136 /* f32.ceil */:
                F32[fp + c[pc + 1]!] = Math.ceil(F32[fp + c[pc + 2]!]!);
                pc += 3;
                continue;
              case 137 /* f32.floor */:
                F32[fp + c[pc + 1]!] = Math.floor(F32[fp + c[pc + 2]!]!);
                pc += 3;
                continue;
              case 138 /* f32.trunc */:
                F32[fp + c[pc + 1]!] = Math.trunc(F32[fp + c[pc + 2]!]!);
                pc += 3;
                continue;
              case 139 /* f32.nearest */:
                F32[fp + c[pc + 1]!] = nearest(F32[fp + c[pc + 2]!]!);
                pc += 3;
                continue;
              case 140 /* f32.sqrt */:
                F32[fp + c[pc + 1]!] = Math.sqrt(F32[fp + c[pc + 2]!]!);
                pc += 3;
                continue;
              case 141 /* f32.add */:
                F32[fp + c[pc + 1]!] =
                  F32[fp + c[pc + 2]!]! + F32[fp + c[pc + 3]!]!;
                pc += 4;
                continue;
              case 142 /* f32.sub */:
                F32[fp + c[pc + 1]!] =
                  F32[fp + c[pc + 2]!]! - F32[fp + c[pc + 3]!]!;
                pc += 4;
                continue;
              case 143 /* f32.mul */:
                F32[fp + c[pc + 1]!] =
                  F32[fp + c[pc + 2]!]! * F32[fp + c[pc + 3]!]!;
                pc += 4;
                continue;
              case 144 /* f32.div */:
                F32[fp + c[pc + 1]!] =
                  F32[fp + c[pc + 2]!]! / F32[fp + c[pc + 3]!]!;
                pc += 4;
                continue;
              case 145 /* f32.min */:
                F32[fp + c[pc + 1]!] = Math.min(
                  F32[fp + c[pc + 2]!]!,
                  F32[fp + c[pc + 3]!]!,
                );
                pc += 4;
                continue;
              case 146 /* f32.max */:
                F32[fp + c[pc + 1]!] = Math.max(
                  F32[fp + c[pc + 2]!]!,
                  F32[fp + c[pc + 3]!]!,
                );
                pc += 4;
                continue;
              case 147 /* f32.copysign */:
                I[fp + c[pc + 1]!] =
                  (I[fp + c[pc + 2]!]! & 0x7fffffff) |
                  (I[fp + c[pc + 3]!]! & -0x80000000);
                pc += 4;
                continue;

              // f64 numerics: value at F[word >> 1], sign in the high word
              case 92 /* f64.eq */:
                I[fp + c[pc + 1]!] =
                  F[(fp + c[pc + 2]!) >> 1] === F[(fp + c[pc + 3]!) >> 1]
                    ? 1
                    : 0;
                pc += 4;
                continue;
              case 93 /* f64.ne */:
                I[fp + c[pc + 1]!] =
                  F[(fp + c[pc + 2]!) >> 1] !== F[(fp + c[pc + 3]!) >> 1]
                    ? 1
                    : 0;
                pc += 4;
                continue;
              case 94 /* f64.lt */:
                I[fp + c[pc + 1]!] =
                  F[(fp + c[pc + 2]!) >> 1]! < F[(fp + c[pc + 3]!) >> 1]!
                    ? 1
                    : 0;
                pc += 4;
                continue;
              case 95 /* f64.gt */:
                I[fp + c[pc + 1]!] =
                  F[(fp + c[pc + 2]!) >> 1]! > F[(fp + c[pc + 3]!) >> 1]!
                    ? 1
                    : 0;
                pc += 4;
                continue;
              case 96 /* f64.le */:
                I[fp + c[pc + 1]!] =
                  F[(fp + c[pc + 2]!) >> 1]! <= F[(fp + c[pc + 3]!) >> 1]!
                    ? 1
                    : 0;
                pc += 4;
                continue;
              case 97 /* f64.ge */:
                I[fp + c[pc + 1]!] =
                  F[(fp + c[pc + 2]!) >> 1]! >= F[(fp + c[pc + 3]!) >> 1]!
                    ? 1
                    : 0;
                pc += 4;
                continue;
              case 148 /* f64.abs */: {
                const a = fp + c[pc + 2]!;
                const d = fp + c[pc + 1]!;
                I[d] = I[a]!;
                I[d + 1] = I[a + 1]! & 0x7fffffff;
                pc += 3;
                continue;
              }
              case 149 /* f64.neg */: {
                const a = fp + c[pc + 2]!;
                const d = fp + c[pc + 1]!;
                I[d] = I[a]!;
                I[d + 1] = I[a + 1]! ^ -0x80000000;
                pc += 3;
                continue;
              }
              case 150 /* f64.ceil */:
                F[(fp + c[pc + 1]!) >> 1] = quiet(
                  Math.ceil(F[(fp + c[pc + 2]!) >> 1]!),
                );
                pc += 3;
                continue;
              case 151 /* f64.floor */:
                F[(fp + c[pc + 1]!) >> 1] = quiet(
                  Math.floor(F[(fp + c[pc + 2]!) >> 1]!),
                );
                pc += 3;
                continue;
              case 152 /* f64.trunc */:
                F[(fp + c[pc + 1]!) >> 1] = quiet(
                  Math.trunc(F[(fp + c[pc + 2]!) >> 1]!),
                );
                pc += 3;
                continue;
              case 153 /* f64.nearest */:
                F[(fp + c[pc + 1]!) >> 1] = quiet(
                  nearest(F[(fp + c[pc + 2]!) >> 1]!),
                );
                pc += 3;
                continue;
              case 154 /* f64.sqrt */:
                F[(fp + c[pc + 1]!) >> 1] = Math.sqrt(
                  F[(fp + c[pc + 2]!) >> 1]!,
                );
                pc += 3;
                continue;
              case 155 /* f64.add */:
                F[(fp + c[pc + 1]!) >> 1] =
                  F[(fp + c[pc + 2]!) >> 1]! + F[(fp + c[pc + 3]!) >> 1]!;
                pc += 4;
                continue;
              case 156 /* f64.sub */:
                F[(fp + c[pc + 1]!) >> 1] =
                  F[(fp + c[pc + 2]!) >> 1]! - F[(fp + c[pc + 3]!) >> 1]!;
                pc += 4;
                continue;
              case 157 /* f64.mul */:
                F[(fp + c[pc + 1]!) >> 1] =
                  F[(fp + c[pc + 2]!) >> 1]! * F[(fp + c[pc + 3]!) >> 1]!;
                pc += 4;
                continue;
              case 158 /* f64.div */:
                F[(fp + c[pc + 1]!) >> 1] =
                  F[(fp + c[pc + 2]!) >> 1]! / F[(fp + c[pc + 3]!) >> 1]!;
                pc += 4;
                continue;
              case 159 /* f64.min */:
                F[(fp + c[pc + 1]!) >> 1] = Math.min(
                  F[(fp + c[pc + 2]!) >> 1]!,
                  F[(fp + c[pc + 3]!) >> 1]!,
                );
                pc += 4;
                continue;
              case 160 /* f64.max */:
                F[(fp + c[pc + 1]!) >> 1] = Math.max(
                  F[(fp + c[pc + 2]!) >> 1]!,
                  F[(fp + c[pc + 3]!) >> 1]!,
                );
                pc += 4;
                continue;
              case 161 /* f64.copysign */: {
                const a = fp + c[pc + 2]!;
                const d = fp + c[pc + 1]!;
                const sign = I[fp + c[pc + 3]! + 1]! & -0x80000000;
                I[d] = I[a]!;
                I[d + 1] = (I[a + 1]! & 0x7fffffff) | sign;
                pc += 4;
                continue;
              }

              // Conversions
              case 162 /* i32.wrap_i64 */:
              case 183 /* i32.reinterpret_f32 */:
              case 185 /* f32.reinterpret_i32 */:
                I[fp + c[pc + 1]!] = I[fp + c[pc + 2]!]!;
                pc += 3;
                continue;
              case 184 /* i64.reinterpret_f64 */:
              case 186 /* f64.reinterpret_i64 */: {
                const a = fp + c[pc + 2]!;
                const d = fp + c[pc + 1]!;
                I[d] = I[a]!;
                I[d + 1] = I[a + 1]!;
                pc += 3;
                continue;
              }
              case 163 /* i32.trunc_f32_s */:
                truncate(
                  I,
                  fp + c[pc + 1]!,
                  F32[fp + c[pc + 2]!]!,
                  32,
                  true,
                  false,
                );
                pc += 3;
                continue;
              case 164 /* i32.trunc_f32_u */:
                truncate(
                  I,
                  fp + c[pc + 1]!,
                  F32[fp + c[pc + 2]!]!,
                  32,
                  false,
                  false,
                );
                pc += 3;
                continue;
              case 165 /* i32.trunc_f64_s */:
                truncate(
                  I,
                  fp + c[pc + 1]!,
                  F[(fp + c[pc + 2]!) >> 1]!,
                  32,
                  true,
                  false,
                );
                pc += 3;
                continue;
              case 166 /* i32.trunc_f64_u */:
                truncate(
                  I,
                  fp + c[pc + 1]!,
                  F[(fp + c[pc + 2]!) >> 1]!,
                  32,
                  false,
                  false,
                );
                pc += 3;
                continue;
              case 169 /* i64.trunc_f32_s */:
                truncate(
                  I,
                  fp + c[pc + 1]!,
                  F32[fp + c[pc + 2]!]!,
                  64,
                  true,
                  false,
                );
                pc += 3;
                continue;
              case 170 /* i64.trunc_f32_u */:
                truncate(
                  I,
                  fp + c[pc + 1]!,
                  F32[fp + c[pc + 2]!]!,
                  64,
                  false,
                  false,
                );
                pc += 3;
                continue;
              case 171 /* i64.trunc_f64_s */:
                truncate(
                  I,
                  fp + c[pc + 1]!,
                  F[(fp + c[pc + 2]!) >> 1]!,
                  64,
                  true,
                  false,
                );
                pc += 3;
                continue;
              case 172 /* i64.trunc_f64_u */:
                truncate(
                  I,
                  fp + c[pc + 1]!,
                  F[(fp + c[pc + 2]!) >> 1]!,
                  64,
                  false,
                  false,
                );
                pc += 3;
                continue;
              case 167 /* i64.extend_i32_s */: {
                const v = I[fp + c[pc + 2]!]!;
                const d = fp + c[pc + 1]!;
                I[d] = v;
                I[d + 1] = v >> 31;
                pc += 3;
                continue;
              }
              case 168 /* i64.extend_i32_u */: {
                const d = fp + c[pc + 1]!;
                I[d] = I[fp + c[pc + 2]!]!;
                I[d + 1] = 0;
                pc += 3;
                continue;
              }
              case 173 /* f32.convert_i32_s */:
                F32[fp + c[pc + 1]!] = I[fp + c[pc + 2]!]!;
                pc += 3;
                continue;
              case 174 /* f32.convert_i32_u */:
                F32[fp + c[pc + 1]!] = I[fp + c[pc + 2]!]! >>> 0;
                pc += 3;
                continue;
              case 175 /* f32.convert_i64_s */:
                F32[fp + c[pc + 1]!] = i64ToF32(I, fp + c[pc + 2]!, true);
                pc += 3;
                continue;
              case 176 /* f32.convert_i64_u */:
                F32[fp + c[pc + 1]!] = i64ToF32(I, fp + c[pc + 2]!, false);
                pc += 3;
                continue;
              case 177 /* f32.demote_f64 */:
                F32[fp + c[pc + 1]!] = F[(fp + c[pc + 2]!) >> 1]!;
                pc += 3;
                continue;
              case 178 /* f64.convert_i32_s */:
                F[(fp + c[pc + 1]!) >> 1] = I[fp + c[pc + 2]!]!;
                pc += 3;
                continue;
              case 179 /* f64.convert_i32_u */:
                F[(fp + c[pc + 1]!) >> 1] = I[fp + c[pc + 2]!]! >>> 0;
                pc += 3;
                continue;
              case 180 /* f64.convert_i64_s */:
                F[(fp + c[pc + 1]!) >> 1] = i64ToF64(I, fp + c[pc + 2]!, true);
                pc += 3;
                continue;
              case 181 /* f64.convert_i64_u */:
                F[(fp + c[pc + 1]!) >> 1] = i64ToF64(I, fp + c[pc + 2]!, false);
                pc += 3;
                continue;
              case 182 /* f64.promote_f32 */:
                F[(fp + c[pc + 1]!) >> 1] = F32[fp + c[pc + 2]!]!;
                pc += 3;
                continue;
              case 187 /* i32.extend8_s */:
                I[fp + c[pc + 1]!] = (I[fp + c[pc + 2]!]! << 24) >> 24;
                pc += 3;
                continue;
              case 188 /* i32.extend16_s */:
                I[fp + c[pc + 1]!] = (I[fp + c[pc + 2]!]! << 16) >> 16;
                pc += 3;
                continue;
              case 189 /* i64.extend8_s */:
              case 190 /* i64.extend16_s */:
              case 191 /* i64.extend32_s */: {
                const op = c[pc]!;
                const x = I[fp + c[pc + 2]!]!;
                const v =
                  op === 189 /* i64.extend8_s */
                    ? (x << 24) >> 24
                    : op === 190 /* i64.extend16_s */
                      ? (x << 16) >> 16
                      : x;
                const d = fp + c[pc + 1]!;
                I[d] = v;
                I[d + 1] = v >> 31;
                pc += 3;
                continue;
              }
              case 230 /* i32.trunc_sat_f32_s */:
                truncate(
                  I,
                  fp + c[pc + 1]!,
                  F32[fp + c[pc + 2]!]!,
                  32,
                  true,
                  true,
                );
                pc += 3;
                continue;
              case 231 /* i32.trunc_sat_f32_u */:
                truncate(
                  I,
                  fp + c[pc + 1]!,
                  F32[fp + c[pc + 2]!]!,
                  32,
                  false,
                  true,
                );
                pc += 3;
                continue;
              case 232 /* i32.trunc_sat_f64_s */:
                truncate(
                  I,
                  fp + c[pc + 1]!,
                  F[(fp + c[pc + 2]!) >> 1]!,
                  32,
                  true,
                  true,
                );
                pc += 3;
                continue;
              case 233 /* i32.trunc_sat_f64_u */:
                truncate(
                  I,
                  fp + c[pc + 1]!,
                  F[(fp + c[pc + 2]!) >> 1]!,
                  32,
                  false,
                  true,
                );
                pc += 3;
                continue;
              case 234 /* i64.trunc_sat_f32_s */:
                truncate(
                  I,
                  fp + c[pc + 1]!,
                  F32[fp + c[pc + 2]!]!,
                  64,
                  true,
                  true,
                );
                pc += 3;
                continue;
              case 235 /* i64.trunc_sat_f32_u */:
                truncate(
                  I,
                  fp + c[pc + 1]!,
                  F32[fp + c[pc + 2]!]!,
                  64,
                  false,
                  true,
                );
                pc += 3;
                continue;
              case 236 /* i64.trunc_sat_f64_s */:
                truncate(
                  I,
                  fp + c[pc + 1]!,
                  F[(fp + c[pc + 2]!) >> 1]!,
                  64,
                  true,
                  true,
                );
                pc += 3;
                continue;
              case 237 /* i64.trunc_sat_f64_u */:
                truncate(
                  I,
                  fp + c[pc + 1]!,
                  F[(fp + c[pc + 2]!) >> 1]!,
                  64,
                  false,
                  true,
                );
                pc += 3;
                continue;

              default:
                m.fsp = fsp;
                m.top = fp + cf.frameWords;
                pc = execMisc(m, inst, c, pc, fp);
                I = m.I;
                F32 = m.F32;
                F = m.F64;
                refs = m.refs;
                if (mem !== null) {
                  dv = mem.view;
                  memLen = mem.byteLength;
                }
                continue;
            }
          }
          // Enter `callee` with its arguments at `nfp`.
          const hostImpl =
            callee.host ?? (jsEntry !== null ? jsEntry(callee) : null);
          if (hostImpl !== null) {
            m.fsp = fsp;
            m.top =
              nfp + 4 * (callee.params.length + callee.results.length) + 4;
            m.fuel = fuel;
            callHost(m, callee, nfp, hostImpl);
            if (interrupter !== null && callee.host !== null)
              interrupter.afterHost();
            fuel = m.fuel;
            frames = m.frames;
            I = m.I;
            F32 = m.F32;
            F = m.F64;
            refs = m.refs;
            if (mem !== null) {
              dv = mem.view;
              memLen = mem.byteLength;
            }
            if (tail < 0) {
              pc = rpc;
              continue;
            }
            // A tail call to the host: its results are the caller's.
            const n = resultWords(callee);
            for (let i = 0; i < n; i++) {
              I[fp + i] = I[nfp + i]!;
              refs[fp + i] = refs[nfp + i];
            }
            break leave;
          }
          const ccf = callee.compiled ?? m.codeOf(callee);
          if (tail >= 0) {
            // Move the arguments down over the caller's frame.
            for (let i = 0; i < tail; i++) {
              I[fp + i] = I[nfp + i]!;
              refs[fp + i] = refs[nfp + i];
            }
            nfp = fp;
          } else {
            if (fsp >= frames.length) {
              if (fsp >= 2 * m.maxCallDepth) trap('callStackExhausted');
              m.ensureFrames(fsp + 2);
              frames = m.frames;
            }
            frames[fsp] = rpc;
            frames[fsp + 1] = fp;
            frameFuncs[fsp >> 1] = fn;
            fsp += 2;
          }
          fn = callee;
          cf = ccf;
          c = ccf.code;
          pc = 0;
          fp = nfp;
          if (fp + ccf.frameWords > I.length) {
            m.ensureStack(fp + ccf.frameWords);
            I = m.I;
            F32 = m.F32;
            F = m.F64;
            refs = m.refs;
          }
          for (
            let i = fp + ccf.paramWords, e = fp + ccf.localsWords;
            i < e;
            i++
          ) {
            I[i] = 0;
            refs[i] = null;
          }
          if (callee.instance !== inst) {
            inst = callee.instance!;
            funcs = inst.funcs;
            globals = inst.globals;
            mem = inst.memories[0] ?? null;
            if (mem !== null) {
              dv = mem.view;
              memLen = mem.byteLength;
            }
          }
          continue;
        }
        // Return to the caller; results are at `fp`.
        fsp -= 2;
        const ret = frames[fsp]!;
        if (ret < 0) {
          m.fuel = fuel;
          m.fsp = entryFsp;
          return;
        }
        pc = ret;
        fp = frames[fsp + 1]!;
        fn = frameFuncs[fsp >> 1]!;
        cf = fn.compiled!;
        c = cf.code;
        if (fn.instance !== inst) {
          inst = fn.instance!;
          funcs = inst.funcs;
          globals = inst.globals;
          mem = inst.memories[0] ?? null;
          if (mem !== null) {
            dv = mem.view;
            memLen = mem.byteLength;
          }
        }
      }
    } catch (e) {
      m.fuel = fuel;
      I = m.I;
      refs = m.refs;
      if (e instanceof WasmException && e !== m.passThrough) {
        // Find a handler, innermost frame first.
        let p = pc;
        for (;;) {
          const h = findCatch(fn, p, e);
          if (h !== null) {
            const [target, base, withRef, exnSlot] = h;
            if (exnSlot >= 0) refs[fp + exnSlot] = e;
            // catch_all and catch_all_ref take no payload.
            const payload = h[4] ? e.words.length : 0;
            for (let i = 0; i < payload; i++) {
              I[fp + base + i] = e.words[i]!;
              refs[fp + base + i] = e.refs[i];
            }
            if (withRef) refs[fp + base + payload] = e;
            pc = target;
            break;
          }
          fsp -= 2;
          const ret = m.frames[fsp]!;
          if (ret < 0) {
            m.fsp = entryFsp;
            throw e;
          }
          p = ret - 1;
          fp = m.frames[fsp + 1]!;
          fn = m.frameFuncs[fsp >> 1]!;
        }
        cf = fn.compiled!;
        c = cf.code;
        inst = fn.instance!;
        funcs = inst.funcs;
        globals = inst.globals;
        mem = inst.memories[0] ?? null;
        if (mem !== null) {
          dv = mem.view;
          memLen = mem.byteLength;
        }
        F32 = m.F32;
        F = m.F64;
        frames = m.frames;
        continue;
      }
      m.fsp = entryFsp;
      if (e === m.passThrough) throw e;
      let t: Trap;
      if (e instanceof Trap) t = e;
      else if (e instanceof RangeError) {
        // The JS stack (deep host and wasm nesting) or an allocation ran out.
        t = new Trap(
          /stack/i.test(e.message) ? 'callStackExhausted' : 'outOfMemory',
          { cause: e },
        );
      } else throw e;
      locate(t, m, fn, pc, fsp, entryFsp + 2);
      throw t;
    }
  }
}

/** The catch clause of `fn` at `pc` that takes `exn`: [target pc, base, with ref]. */
function findCatch(
  fn: WasmFunction,
  pc: number,
  exn: WasmException,
): [number, number, boolean, number, boolean] | null {
  const cf = fn.compiled;
  if (cf === null) return null;
  const handlers = cf.handlers;
  let limit = Infinity;
  for (let i = handlers.length - 1; i >= 0; i--) {
    const h = handlers[i]!;
    if (pc < h.start || pc >= h.end || h.start > limit) continue;
    if (h.delegate !== -1) {
      if (h.delegate === -2) return null;
      limit = h.delegate;
      continue;
    }
    for (const clause of h.catches) {
      if (clause.tag < 0 || fn.instance!.tags[clause.tag] === exn.tag) {
        return [
          clause.target,
          clause.base,
          clause.withRef,
          clause.exnSlot,
          clause.tag >= 0,
        ];
      }
    }
  }
  return null;
}

void Global;
void Table;

/** Words taken by a function's results. */
function resultWords(fn: WasmFunction): number {
  let w = 0;
  for (const t of fn.results) w += t === 'v128' ? 4 : 2;
  return w;
}
