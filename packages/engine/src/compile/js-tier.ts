// The JS tier: compiles each defined function, on its first call, to a JS
// function made with `new Function`, when the code generator covers all of
// it; every other function runs on the interpreter. Both tiers call each
// other through raw-value entries, the way the interpreter calls hosts.

import type { Machine } from '../interpret/machine.js';
import type { ModuleInfo } from '../interpret/module-info.js';
import type { Instance } from '../runtime/instance.js';
import {
  type HostImpl,
  type JsCallable,
  type Memory,
  WasmException,
  type WasmFunction,
} from '../runtime/objects.js';
import { Trap } from '../runtime/trap.js';
import type { CanonValType } from '../runtime/type-registry.js';
import { type JsChecks, generateJsFunction } from './js-codegen.js';
import {
  type JsRuntime,
  f32Bits,
  f32FromBits,
  f64BitsUnsigned,
  f64FromBits,
  makeRuntime,
} from './js-runtime.js';

type Factory = (
  R: JsRuntime,
  G: readonly unknown[],
  T: Instance['tables'],
  F: JsCallable[],
  mem: Memory | null,
) => JsCallable;

/**
 * An array that keeps numbers boxed: V8 quiets signalling NaNs stored in an
 * array of unboxed doubles.
 */
export function boxedArray(length: number): unknown[] {
  return new Array<unknown>(length).fill(null);
}

/** A raw value (the interpreter's encoding) in the JS tier's encoding. */
function toJs(raw: unknown, type: CanonValType): unknown {
  if (type === 'f32') return f32FromBits(raw as number);
  if (type === 'f64') return f64FromBits(raw as bigint);
  return raw;
}

/** A JS-tier value in the raw encoding. */
function toRawValue(value: unknown, type: CanonValType): unknown {
  if (type === 'f32') return f32Bits(value as number);
  if (type === 'f64') return f64BitsUnsigned(value as number);
  return value;
}

/** A global's bits viewed as its type, so generated code reads `G[i][0]` (and `G[i][1]`). */
function globalView(bits: Int32Array, type: CanonValType): unknown {
  if (type === 'i32') return bits;
  if (type === 'f32') return new Float32Array(bits.buffer, bits.byteOffset, 1);
  if (type === 'f64') return new Float64Array(bits.buffer, bits.byteOffset, 1);
  // An i64 as its two int32 halves, low first.
  if (type === 'i64') return bits;
  // Other globals are not read by JS-tier code.
  return null;
}

/** The JS tier of one engine. */
export class JsTier {
  readonly machine: Machine;
  readonly runtime: JsRuntime;
  /** Factories of a module's defined functions; `null` where the interpreter runs it. */
  readonly factories: WeakMap<ModuleInfo, (Factory | null | undefined)[]> =
    new WeakMap();
  /** Per instance: the callee table `F` and global views `G`. */
  readonly contexts: WeakMap<
    Instance,
    { F: JsCallable[]; G: readonly unknown[] }
  > = new WeakMap();

  readonly codes: WeakMap<WasmFunction, JsCallable | null> = new WeakMap();
  /** The interrupt checks generated code makes; `null` for none. */
  readonly checks: JsChecks | null;

  constructor(machine: Machine) {
    this.machine = machine;
    const interrupter = machine.interrupter;
    this.runtime = makeRuntime(
      machine.registry,
      (fn) => this.callableOf(fn),
      interrupter,
    );
    this.checks =
      interrupter === null
        ? null
        : { flag: interrupter.hasFlag, clock: interrupter.isTimed };
  }

  /**
   * The raw-value entry of `fn` on the JS tier (the interpreter calls it as
   * it calls a host function), or `null` when `fn` runs on the interpreter.
   */
  entryOf(fn: WasmFunction): HostImpl | null {
    if (fn.jsEntry !== undefined) return fn.jsEntry;
    const code = fn.host === null ? this.compiled(fn) : null;
    if (code === null) {
      fn.jsEntry = null;
      return null;
    }
    const params = fn.params;
    const results = fn.results;
    const m = this.machine;
    const entry = (raw: unknown[]): unknown => {
      const args = boxedArray(params.length);
      for (let i = 0; i < params.length; i++)
        args[i] = toJs(raw[i], params[i]!);
      let out: unknown;
      try {
        out = code(...args);
      } catch (e) {
        if (e instanceof RangeError && e !== m.passThrough)
          throw new Trap(
            /stack/i.test(e.message) ? 'callStackExhausted' : 'outOfMemory',
            { cause: e },
          );
        throw e;
      }
      if (results.length === 1) return toRawValue(out, results[0]!);
      if (results.length === 0) return undefined;
      const values = out as unknown[];
      return results.map((t, i) => toRawValue(values[i], t));
    };
    fn.jsEntry = entry;
    return entry;
  }

  /** How JS-tier code calls `fn`: directly when compiled, else through the machine. */
  callableOf(fn: WasmFunction): JsCallable {
    if (fn.jsCallable !== undefined) return fn.jsCallable;
    const code = fn.host === null ? this.compiled(fn) : null;
    if (code !== null) {
      fn.jsCallable = code;
      return code;
    }
    const m = this.machine;
    const params = fn.params;
    const results = fn.results;
    const isHost = fn.host !== null;
    const call: JsCallable = (...args: unknown[]): unknown => {
      const raw = args.map((a, i) => toRawValue(a, params[i]!));
      let out: unknown[];
      try {
        out = m.invoke(fn, raw);
      } catch (e) {
        if (isHost && !(e instanceof Trap) && !(e instanceof WasmException))
          m.passThrough = e;
        throw e;
      }
      if (results.length === 1) return toJs(out[0], results[0]!);
      if (results.length === 0) return undefined;
      const values = boxedArray(results.length);
      for (let i = 0; i < results.length; i++)
        values[i] = toJs(out[i], results[i]!);
      return values;
    };
    fn.jsCallable = call;
    return call;
  }

  /** The JS function of defined function `fn`, compiling it on first use; `null` if not covered. */
  compiled(fn: WasmFunction): JsCallable | null {
    let code = this.codes.get(fn);
    if (code === undefined) {
      code = this.compile(fn);
      this.codes.set(fn, code);
    }
    return code;
  }

  private compile(fn: WasmFunction): JsCallable | null {
    const inst = fn.instance;
    if (inst === null) return null;
    const info = inst.info;
    const defined = fn.index - info.importedFuncs;
    let factories = this.factories.get(info);
    if (factories === undefined) {
      factories = [];
      this.factories.set(info, factories);
    }
    let factory = factories[defined];
    if (factory === undefined) {
      factory = null;
      const generated = generateJsFunction(info, fn.index, this.checks);
      if (generated !== null) {
        try {
          // eslint-disable-next-line @typescript-eslint/no-implied-eval -- this tier is code generation
          factory = new Function(
            'R',
            'G',
            'T',
            'F',
            'mem',
            generated.source,
          ) as Factory;
        } catch {
          // Code generation is not allowed here (CSP: EvalError), or V8
          // refuses the source (a parser limit): the interpreter runs it.
        }
      }
      factories[defined] = factory;
    }
    if (factory === null) return null;
    const ctx = this.contextOf(inst);
    return factory(
      this.runtime,
      ctx.G,
      inst.tables,
      ctx.F,
      inst.memories[0] ?? null,
    );
  }

  contextOf(inst: Instance): { F: JsCallable[]; G: readonly unknown[] } {
    let ctx = this.contexts.get(inst);
    if (ctx !== undefined) return ctx;
    const F: JsCallable[] = inst.funcs.map((fn, k) => {
      const stub = (...args: unknown[]): unknown => {
        const c = this.callableOf(fn);
        F[k] = c;
        return c(...args);
      };
      return stub;
    });
    const G = inst.globals.map((g) => globalView(g.bits, g.type));
    ctx = { F, G };
    this.contexts.set(inst, ctx);
    return ctx;
  }
}
