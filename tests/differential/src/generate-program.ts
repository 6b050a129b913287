// A generator of small random valid programs, as WAT: numeric expression
// trees over i32/i64/f32/f64 with edge constants, memory loads and stores at
// addresses in and out of bounds, blocks, bounded loops, br_if, br_table,
// direct and indirect calls. Every program terminates: loops count with
// locals nothing else writes, and functions only call functions defined
// before them.
//
// NaN bits: the spec leaves the sign and payload of a NaN produced by
// arithmetic nondeterministic, so each expression records whether its NaN
// bits are determined ("exact"). Inexact floats are made canonical before
// they reach memory, a local, a call argument or a reinterpretation, so only
// a function's result can carry an undetermined NaN, and only there does the
// comparison look at NaN-ness alone.

import {
  type Bits,
  type NumType,
  edgeBits,
  floatLiteral,
} from './edge-values.js';
import { Random } from './random.js';

/** An exported entry point: its parameters and result are the raw bits of the inner function's. */
export interface GeneratedExport {
  readonly name: string;
  /** The inner function's parameter types (the export takes their bits as i32/i64). */
  readonly params: readonly NumType[];
  /** The inner function's result type (the export returns its bits as i32/i64). */
  readonly result: NumType;
  /** Whether a NaN result has determined bits. */
  readonly exact: boolean;
}

export interface GeneratedProgram {
  readonly seed: number;
  readonly wat: string;
  readonly exports: readonly GeneratedExport[];
}

interface Expr {
  readonly text: string;
  /** NaN bits determined (always true for integers). */
  readonly exact: boolean;
}

interface FuncSig {
  readonly params: readonly NumType[];
  readonly result: NumType;
  exact: boolean;
}

const numTypes: readonly NumType[] = ['i32', 'i64', 'f32', 'f64'];
const sameSig = (a: FuncSig, b: FuncSig): boolean =>
  a.result === b.result &&
  a.params.length === b.params.length &&
  a.params.every((p, i) => p === b.params[i]);
const bitsType = (t: NumType): 'i32' | 'i64' =>
  t === 'i32' || t === 'f32' ? 'i32' : 'i64';
const isFloat = (t: NumType): t is 'f32' | 'f64' => t === 'f32' || t === 'f64';

const memoryPages = 1;
const maxMemoryPages = 2;
const tableSize = 12;

function constant(type: NumType, bits: Bits): string {
  switch (type) {
    case 'i32':
      return `(i32.const ${Number(bits) | 0})`;
    case 'i64':
      return `(i64.const ${BigInt.asIntN(64, BigInt(bits))})`;
    case 'f32':
    case 'f64':
      return `(${type}.const ${floatLiteral(type, bits)})`;
  }
}

/** Generates one function body at a time. */
class FuncGen {
  private readonly random: Random;
  private readonly sigs: readonly FuncSig[];
  private readonly self: number;
  /** Locals other than loop counters: params first. */
  private readonly locals: { type: NumType }[] = [];
  private readonly counters: number[] = [];
  private readonly scratch = new Set<NumType>();
  private labelCount = 0;
  private loopDepth = 0;
  private callsLeft = 2;
  private statementsLeft = 24;

  constructor(random: Random, sigs: readonly FuncSig[], self: number) {
    this.random = random;
    this.sigs = sigs;
    this.self = self;
    for (const p of sigs[self]!.params) this.locals.push({ type: p });
    const extra = random.below(4);
    for (let i = 0; i < extra; i++)
      this.locals.push({ type: random.pick(numTypes) });
  }

  /** The function's text; sets `exact` of its signature. */
  emit(): string {
    const sig = this.sigs[this.self]!;
    const statements: string[] = [];
    const count = this.random.below(4);
    for (let i = 0; i < count; i++) statements.push(this.statement(0));
    const result = this.expr(sig.result, 0);
    sig.exact = result.exact;
    const localDecls: string[] = [];
    for (let i = sig.params.length; i < this.locals.length; i++)
      localDecls.push(`(local ${this.locals[i]!.type})`);
    for (let i = 0; i < this.counters.length; i++)
      localDecls.push('(local i32)');
    for (const t of this.scratch) localDecls.push(`(local $scratch_${t} ${t})`);
    const params =
      sig.params.length === 0 ? '' : ` (param ${sig.params.join(' ')})`;
    return (
      `  (func $f${this.self} (type $t${this.self})${params} (result ${sig.result})\n` +
      `    ${localDecls.join(' ')}\n` +
      statements.map((s) => `    ${s}\n`).join('') +
      `    ${result.text})`
    );
  }

  // Local indices: params and locals, then counters, then scratch locals.
  private counterIndex(i: number): number {
    return this.locals.length + this.counters[i]!;
  }

  /** A named local for canonicalising `type` values (declared last, so indices stay put). */
  private scratchLocal(type: NumType): string {
    this.scratch.add(type);
    return `$scratch_${type}`;
  }

  private label(): string {
    return `$L${this.labelCount++}`;
  }

  /** `e` with an undetermined NaN replaced by the canonical one. */
  private canonical(type: NumType, e: Expr): Expr {
    if (e.exact || !isFloat(type)) return e;
    const t = this.scratchLocal(type);
    return {
      text: `(select (${type}.const nan) (local.tee ${t} ${e.text}) (${type}.ne (local.get ${t}) (local.get ${t})))`,
      exact: true,
    };
  }

  // Statements

  private statement(depth: number): string {
    this.statementsLeft--;
    const r = this.random;
    const deep = depth >= 3 || this.statementsLeft <= 0;
    const roll = r.below(deep ? 4 : 9);
    switch (roll) {
      case 0:
        return this.store(depth);
      case 1:
      case 2: {
        const writable = this.locals.length;
        if (writable === 0) return this.store(depth);
        const index = r.below(writable);
        const type = this.locals[index]!.type;
        return `(local.set ${index} ${this.canonical(type, this.expr(type, depth + 1)).text})`;
      }
      case 3:
        return `(drop ${this.expr(r.pick(numTypes), depth + 1).text})`;
      case 4:
        return `(if ${this.condition(depth)} (then ${this.statements(depth)}) (else ${this.statements(depth)}))`;
      case 5:
        if (this.loopDepth < 2) return this.loop(depth);
        return this.store(depth);
      case 6: {
        const l = this.label();
        return `(block ${l} ${this.statements(depth)} (br_if ${l} ${this.condition(depth)}) ${this.statements(depth)})`;
      }
      case 7: {
        if (r.chance(0.2))
          return `(if ${this.condition(depth)} (then unreachable))`;
        if (r.chance(0.2))
          return `(drop (memory.grow (i32.const ${r.below(2)})))`;
        if (r.chance(0.4)) {
          const type = r.pick(numTypes);
          return `(global.set $g_${type} ${this.canonical(type, this.expr(type, depth + 1)).text})`;
        }
        // Bulk memory: out-of-bounds ranges trap before writing anything.
        const length = r.chance(0.8)
          ? `(i32.const ${r.pick([0, 1, 3, 8, 17, 0x100, 0x10000])})`
          : this.expr('i32', depth + 1).text;
        return r.chance(0.5)
          ? `(memory.fill ${this.address(depth)} ${this.expr('i32', depth + 1).text} ${length})`
          : `(memory.copy ${this.address(depth)} ${this.address(depth)} ${length})`;
      }
      default:
        return this.brTableStatement(depth);
    }
  }

  private statements(depth: number): string {
    const n = 1 + this.random.below(2);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.statement(depth + 1));
    return out.join(' ');
  }

  private loop(depth: number): string {
    const counter = this.counters.length;
    this.counters.push(counter);
    const c = this.counterIndex(counter);
    const l = this.label();
    const trips = 1 + this.random.below(this.loopDepth === 0 ? 12 : 4);
    this.loopDepth++;
    const body = this.statements(depth);
    this.loopDepth--;
    return (
      `(local.set ${c} (i32.const 0)) ` +
      `(loop ${l} ${body} (local.set ${c} (i32.add (local.get ${c}) (i32.const 1))) ` +
      `(br_if ${l} (i32.lt_u (local.get ${c}) (i32.const ${trips}))))`
    );
  }

  private brTableStatement(depth: number): string {
    const n = 1 + this.random.below(3);
    const labels = Array.from({ length: n + 1 }, () => this.label());
    const targets = Array.from({ length: 1 + this.random.below(4) }, () =>
      this.random.pick(labels),
    );
    let inner = `(br_table ${targets.join(' ')} ${this.random.pick(labels)} ${this.index(depth)})`;
    for (let i = 0; i <= n; i++) {
      inner = `(block ${labels[i]} ${inner}) ${i < n ? this.statement(depth + 1) : ''}`;
    }
    return inner;
  }

  private store(depth: number): string {
    const r = this.random;
    const type = r.pick(numTypes);
    const width = r.pick(storeWidths[type]);
    const value = this.canonical(type, this.expr(type, depth + 1));
    return `(${type}.store${width.suffix} ${this.memarg(width.bytes)} ${this.address(depth)} ${value.text})`;
  }

  private memarg(bytes: number): string {
    const r = this.random;
    const offset = r.chance(0.9)
      ? 0
      : r.pick([1, 8, 0xfff0, 0xffff, 0x10000, 0x7fffffff, 0xffffffff]);
    const align = r.chance(0.7)
      ? ''
      : ` align=${r.pick([1, 2, 4, 8].filter((a) => a <= bytes))}`;
    return `${offset === 0 ? '' : `offset=${offset}`}${align}`;
  }

  private address(depth: number): string {
    const r = this.random;
    const roll = r.below(10);
    if (roll < 7) return `(i32.const ${r.below(256)})`;
    if (roll < 8.5)
      return `(i32.const ${r.pick([0xfff0, 0xfff8, 0xfffc, 0xfffd, 0xffff, 0x10000, 0x1fff8, 0x20000, -1, -8])})`;
    if (roll < 9)
      return `(i32.and ${this.expr('i32', depth + 1).text} (i32.const 0xffff))`;
    return this.expr('i32', depth + 1).text;
  }

  private condition(depth: number): string {
    return this.expr('i32', depth + 1).text;
  }

  private index(depth: number): string {
    return this.random.chance(0.5)
      ? `(i32.const ${this.random.pick([0, 1, 2, 3, 4, -1, 0x7fffffff])})`
      : this.expr('i32', depth + 1).text;
  }

  // Expressions

  expr(type: NumType, depth: number): Expr {
    const r = this.random;
    if (depth >= 5 || r.chance(depth * 0.12)) return this.leaf(type);
    const roll = r.below(20);
    if (roll < 8) return this.numeric(type, depth);
    if (roll < 10) return this.conversion(type, depth);
    if (roll < 12) return this.load(type, depth);
    switch (roll) {
      case 12: {
        const a = this.expr(type, depth + 1);
        const b = this.expr(type, depth + 1);
        return {
          text: `(select ${a.text} ${b.text} ${this.condition(depth)})`,
          exact: a.exact && b.exact,
        };
      }
      case 13: {
        const a = this.expr(type, depth + 1);
        const b = this.expr(type, depth + 1);
        return {
          text: `(if (result ${type}) ${this.condition(depth)} (then ${a.text}) (else ${b.text}))`,
          exact: a.exact && b.exact,
        };
      }
      case 14: {
        // A value through br_if: taken or not, both leave a value.
        const l = this.label();
        const a = this.expr(type, depth + 1);
        const b = this.expr(type, depth + 1);
        const pre =
          this.statementsLeft > 0 && r.chance(0.5)
            ? this.statement(depth + 1)
            : '';
        return {
          text: `(block ${l} (result ${type}) ${pre} (drop (br_if ${l} ${a.text} ${this.condition(depth)})) ${b.text})`,
          exact: a.exact && b.exact,
        };
      }
      case 15:
        return this.brTableExpr(type, depth);
      case 16:
      case 17:
        return this.call(type, depth);
      case 18: {
        // A local written, then read back.
        const candidates = this.locals
          .map((l, i) => [l, i] as const)
          .filter(([l]) => l.type === type);
        if (candidates.length === 0) return this.numeric(type, depth);
        const [, index] = r.pick(candidates);
        return {
          text: `(local.tee ${index} ${this.canonical(type, this.expr(type, depth + 1)).text})`,
          exact: true,
        };
      }
      default:
        if (type === 'i32')
          return {
            text: r.chance(0.5)
              ? '(memory.size)'
              : `(memory.grow (i32.const ${r.below(2)}))`,
            exact: true,
          };
        return this.numeric(type, depth);
    }
  }

  private leaf(type: NumType): Expr {
    const r = this.random;
    // Globals hold only determined bits: float writes are made canonical.
    if (r.chance(0.1)) return { text: `(global.get $g_${type})`, exact: true };
    const candidates = this.locals
      .map((l, i) => [l, i] as const)
      .filter(([l]) => l.type === type);
    if (candidates.length > 0 && r.chance(0.5))
      return { text: `(local.get ${r.pick(candidates)[1]})`, exact: true };
    return { text: constant(type, edgeBits(type, r)), exact: true };
  }

  private brTableExpr(type: NumType, depth: number): Expr {
    // (block $out (result T) (block $l1 (block $l0 (br_table ...)) (br $out v0)) (br $out v1)):
    // the br_table picks which value leaves $out.
    const n = 1 + this.random.below(3);
    const out = this.label();
    const labels = Array.from({ length: n }, () => this.label());
    const targets = Array.from({ length: 1 + this.random.below(4) }, () =>
      this.random.pick(labels),
    );
    const values = Array.from({ length: n }, () => this.expr(type, depth + 1));
    let inner = `(br_table ${targets.join(' ')} ${this.random.pick(labels)} ${this.index(depth)})`;
    for (let i = 0; i < n; i++)
      inner = `(block ${labels[i]} ${inner}) (br ${out} ${values[i]!.text})`;
    return {
      text: `(block ${out} (result ${type}) ${inner})`,
      exact: values.every((v) => v.exact),
    };
  }

  private call(type: NumType, depth: number): Expr {
    const r = this.random;
    const callees = this.sigs
      .slice(0, this.self)
      .map((s, i) => [s, i] as const)
      .filter(([s]) => s.result === type);
    if (callees.length === 0 || this.callsLeft <= 0 || this.loopDepth > 0)
      return this.numeric(type, depth);
    this.callsLeft--;
    const [sig, index] = r.pick(callees);
    const args = sig.params
      .map((p) => this.canonical(p, this.expr(p, depth + 1)).text)
      .join(' ');
    if (r.chance(0.6))
      return { text: `(call $f${index} ${args})`, exact: sig.exact };
    // Indirect, through a constant slot: the table holds function i at i
    // and null after the last function. Slots of this function and later
    // ones are never used, so there is no recursion.
    const roll = r.below(10);
    const slot =
      roll < 6
        ? index
        : roll < 8
          ? r.below(this.self)
          : roll < 9
            ? this.sigs.length + r.below(tableSize - this.sigs.length)
            : tableSize + r.below(3);
    const target = this.sigs[slot];
    const matches =
      slot < this.self && target !== undefined && sameSig(target, sig);
    // A slot of another type traps on both sides, so its exactness does not matter.
    return {
      text: `(call_indirect (type $t${index}) ${args} (i32.const ${slot}))`,
      exact: matches ? target.exact : true,
    };
  }

  private load(type: NumType, depth: number): Expr {
    const width = this.random.pick(loadWidths[type]);
    return {
      text: `(${type}.load${width.suffix} ${this.memarg(width.bytes)} ${this.address(depth)})`,
      exact: true,
    };
  }

  private numeric(type: NumType, depth: number): Expr {
    const r = this.random;
    if (type === 'i32' && r.chance(0.3)) {
      // Comparisons and tests produce i32 from any type.
      const operand = r.pick(numTypes);
      const op = r.pick(isFloat(operand) ? floatCompare : intCompare);
      if (op === 'eqz' && isFloat(operand)) return this.numeric(type, depth);
      if (op === 'eqz')
        return {
          text: `(${operand}.eqz ${this.expr(operand, depth + 1).text})`,
          exact: true,
        };
      return {
        text: `(${operand}.${op} ${this.expr(operand, depth + 1).text} ${this.expr(operand, depth + 1).text})`,
        exact: true,
      };
    }
    if (isFloat(type)) {
      if (r.chance(0.35)) {
        const op = r.pick(floatUnary);
        const a = this.expr(type, depth + 1);
        const bitwise = op === 'abs' || op === 'neg';
        return { text: `(${type}.${op} ${a.text})`, exact: bitwise && a.exact };
      }
      const op = r.pick(floatBinary);
      const a = this.expr(type, depth + 1);
      let b = this.expr(type, depth + 1);
      // The sign of an undetermined NaN is undetermined too, and copysign
      // moves it into a result that need not be a NaN.
      if (op === 'copysign') b = this.canonical(type, b);
      return {
        text: `(${type}.${op} ${a.text} ${b.text})`,
        exact: op === 'copysign' && a.exact,
      };
    }
    if (r.chance(0.25)) {
      const ops =
        type === 'i32'
          ? ['clz', 'ctz', 'popcnt', 'extend8_s', 'extend16_s']
          : ['clz', 'ctz', 'popcnt', 'extend8_s', 'extend16_s', 'extend32_s'];
      return {
        text: `(${type}.${r.pick(ops)} ${this.expr(type, depth + 1).text})`,
        exact: true,
      };
    }
    const op = r.pick(intBinary);
    return {
      text: `(${type}.${op} ${this.expr(type, depth + 1).text} ${this.expr(type, depth + 1).text})`,
      exact: true,
    };
  }

  private conversion(type: NumType, depth: number): Expr {
    const r = this.random;
    const options = conversions.filter((c) => c.to === type);
    const c = r.pick(options);
    let a = this.expr(c.from, depth + 1);
    if (c.op.startsWith('reinterpret')) a = this.canonical(c.from, a);
    // Float-to-float conversions of a NaN give an undetermined NaN.
    return {
      text: `(${type}.${c.op} ${a.text})`,
      exact: c.op !== 'demote_f64' && c.op !== 'promote_f32',
    };
  }
}

const storeWidths: Record<
  NumType,
  readonly { suffix: string; bytes: number }[]
> = {
  i32: [
    { suffix: '', bytes: 4 },
    { suffix: '8', bytes: 1 },
    { suffix: '16', bytes: 2 },
  ],
  i64: [
    { suffix: '', bytes: 8 },
    { suffix: '8', bytes: 1 },
    { suffix: '16', bytes: 2 },
    { suffix: '32', bytes: 4 },
  ],
  f32: [{ suffix: '', bytes: 4 }],
  f64: [{ suffix: '', bytes: 8 }],
};

const loadWidths: Record<
  NumType,
  readonly { suffix: string; bytes: number }[]
> = {
  i32: [
    { suffix: '', bytes: 4 },
    { suffix: '8_s', bytes: 1 },
    { suffix: '8_u', bytes: 1 },
    { suffix: '16_s', bytes: 2 },
    { suffix: '16_u', bytes: 2 },
  ],
  i64: [
    { suffix: '', bytes: 8 },
    { suffix: '8_s', bytes: 1 },
    { suffix: '8_u', bytes: 1 },
    { suffix: '16_s', bytes: 2 },
    { suffix: '16_u', bytes: 2 },
    { suffix: '32_s', bytes: 4 },
    { suffix: '32_u', bytes: 4 },
  ],
  f32: [{ suffix: '', bytes: 4 }],
  f64: [{ suffix: '', bytes: 8 }],
};

const intBinary = [
  'add',
  'sub',
  'mul',
  'div_s',
  'div_u',
  'rem_s',
  'rem_u',
  'and',
  'or',
  'xor',
  'shl',
  'shr_s',
  'shr_u',
  'rotl',
  'rotr',
] as const;
const intCompare = [
  'eqz',
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
] as const;
const floatCompare = ['eq', 'ne', 'lt', 'gt', 'le', 'ge'] as const;
const floatUnary = [
  'abs',
  'neg',
  'ceil',
  'floor',
  'trunc',
  'nearest',
  'sqrt',
] as const;
const floatBinary = [
  'add',
  'sub',
  'mul',
  'div',
  'min',
  'max',
  'copysign',
] as const;

/** Conversions `to.op from`; reinterpretations and int-from-float results are exact. */
const conversions: readonly { to: NumType; op: string; from: NumType }[] = [
  { to: 'i32', op: 'wrap_i64', from: 'i64' },
  ...(['s', 'u'] as const).flatMap((s) =>
    (['f32', 'f64'] as const).flatMap((f) =>
      (['i32', 'i64'] as const).flatMap((i) => [
        { to: i, op: `trunc_${f}_${s}`, from: f },
        { to: i, op: `trunc_sat_${f}_${s}`, from: f },
        { to: f, op: `convert_${i}_${s}`, from: i },
      ]),
    ),
  ),
  { to: 'i64', op: 'extend_i32_s', from: 'i32' },
  { to: 'i64', op: 'extend_i32_u', from: 'i32' },
  { to: 'f32', op: 'demote_f64', from: 'f64' },
  { to: 'f64', op: 'promote_f32', from: 'f32' },
  { to: 'i32', op: 'reinterpret_f32', from: 'f32' },
  { to: 'i64', op: 'reinterpret_f64', from: 'f64' },
  { to: 'f32', op: 'reinterpret_i32', from: 'i32' },
  { to: 'f64', op: 'reinterpret_i64', from: 'i64' },
];

function dataString(random: Random): string {
  let s = '';
  const n = 16 + random.below(48);
  for (let i = 0; i < n; i++)
    s += `\\${random.below(256).toString(16).padStart(2, '0')}`;
  return s;
}

/**
 * The program of `seed`: 2-7 functions, each exported through a wrapper over
 * raw bits, a memory, a table, and a mutable global of each type (their bits
 * exported by `globals`).
 */
export function generateProgram(seed: number): GeneratedProgram {
  const random = new Random(seed);
  const count = 2 + random.below(6);
  const sigs: FuncSig[] = [];
  for (let i = 0; i < count; i++) {
    const params = Array.from({ length: random.below(4) }, () =>
      random.pick(numTypes),
    );
    sigs.push({ params, result: random.pick(numTypes), exact: true });
  }
  const funcs = sigs.map((_, i) => new FuncGen(random, sigs, i).emit());
  const types = sigs.map(
    (s, i) =>
      `  (type $t${i} (func${s.params.length ? ` (param ${s.params.join(' ')})` : ''} (result ${s.result})))`,
  );
  const exports: GeneratedExport[] = [];
  const wrappers = sigs.map((s, i) => {
    const name = `e${i}`;
    exports.push({ name, params: s.params, result: s.result, exact: s.exact });
    const params = s.params.map(bitsType);
    const args = s.params.map((p, k) =>
      isFloat(p)
        ? `(${p}.reinterpret_${bitsType(p)} (local.get ${k}))`
        : `(local.get ${k})`,
    );
    let body = `(call $f${i} ${args.join(' ')})`;
    if (isFloat(s.result))
      body = `(${bitsType(s.result)}.reinterpret_${s.result} ${body})`;
    return `  (func (export "${name}")${params.length ? ` (param ${params.join(' ')})` : ''} (result ${bitsType(s.result)}) ${body})`;
  });
  // Table slots: function i at i, the rest null.
  const elems = sigs.map((_, i) => `$f${i}`).join(' ');
  const wat = [
    '(module',
    ...types,
    `  (memory (export "mem") ${memoryPages} ${maxMemoryPages})`,
    `  (table ${tableSize} funcref)`,
    ...numTypes.map(
      (t) =>
        `  (global $g_${t} (mut ${t}) ${constant(t, edgeBits(t, random))})`,
    ),
    `  (func (export "globals") (result i32 i64 i32 i64) (global.get $g_i32) (global.get $g_i64) ` +
      `(i32.reinterpret_f32 (global.get $g_f32)) (i64.reinterpret_f64 (global.get $g_f64)))`,
    `  (elem (i32.const 0) func ${elems})`,
    `  (data (i32.const ${random.below(200)}) "${dataString(random)}")`,
    `  (data (i32.const ${0xffc0 + random.below(32)}) "${dataString(random).slice(0, 3 * 16)}")`,
    ...funcs,
    ...wrappers,
    ')',
  ].join('\n');
  return { seed, wat, exports };
}
