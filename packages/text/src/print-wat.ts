// The printer: Module -> WAT. Its output parses back (with `parseWat`) to
// a module that encodes to the same bytes.
// https://webassembly.github.io/spec/core/text/modules.html

import {
  type BlockType,
  type Catch,
  type CompositeType,
  type ConstExpr,
  type FieldType,
  type Func,
  type HeapType,
  type Instr,
  type InstrDef,
  type Limits,
  type MemArg,
  type Module,
  type NameSection,
  type RefType,
  type StorageType,
  type SubType,
  type ValType,
  formatHeapType,
  formatValType,
  instrByName,
} from '@tswasm/ir';
import { quoteBytes, quoteString } from './strings.js';

/** Options of `printWat`. */
export interface PrintOptions {
  /** Print instructions as folded S-expressions (default: flat). */
  readonly folded?: boolean;
  /**
   * Decodes a function body held as bytes (a decoded binary module), e.g.
   * `decodeFunctionBody` of `@tswasm/decoder`.
   */
  readonly decodeBody?: (func: Func, index: number) => readonly Instr[];
}

const idPattern = /^[0-9A-Za-z!#$%&'*+\-./:<=>?@\\^_`|~]+$/;

/** `$name` for indices that have a usable, unique name. */
class Names {
  private readonly names = new Map<number, string>();
  constructor(map: ReadonlyMap<number, string> | undefined) {
    if (map === undefined) return;
    const seen = new Set<string>();
    for (const [index, name] of map) {
      if (!idPattern.test(name) || seen.has(name)) continue;
      seen.add(name);
      this.names.set(index, name);
    }
  }
  /** The index as `$name` or a number. */
  ref(index: number): string {
    const name = this.names.get(index);
    return name === undefined ? String(index) : `$${name}`;
  }
  /** ` $name` after a definition's keyword, or nothing. */
  def(index: number): string {
    const name = this.names.get(index);
    return name === undefined ? '' : ` $${name}`;
  }
}

const sectionKeywords: Readonly<Record<number, string>> = {
  1: 'type',
  2: 'import',
  3: 'func',
  4: 'table',
  5: 'memory',
  6: 'global',
  7: 'export',
  8: 'start',
  9: 'elem',
  10: 'code',
  11: 'data',
  12: 'datacount',
  13: 'tag',
};

// Numbers

/** An f32 from raw bits, exactly: hex float, `inf` or `nan:0x…`. */
export function formatF32(bits: number): string {
  const sign = bits >>> 31 === 1 ? '-' : '';
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff)
    return mantissa === 0
      ? `${sign}inf`
      : `${sign}nan:0x${mantissa.toString(16)}`;
  if (exponent === 0 && mantissa === 0) return `${sign}0x0p+0`;
  // 23 mantissa bits as 6 hex digits (shifted left by one).
  const digits = (mantissa << 1).toString(16).padStart(6, '0');
  return exponent === 0
    ? `${sign}0x0.${digits}p-126`
    : `${sign}0x1.${digits}p${exponent - 127 >= 0 ? '+' : ''}${exponent - 127}`;
}

/** An f64 from raw bits, exactly. */
export function formatF64(bits: bigint): string {
  const sign = bits >> 63n === 1n ? '-' : '';
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const mantissa = bits & 0xfffffffffffffn;
  if (exponent === 0x7ff)
    return mantissa === 0n
      ? `${sign}inf`
      : `${sign}nan:0x${mantissa.toString(16)}`;
  if (exponent === 0 && mantissa === 0n) return `${sign}0x0p+0`;
  const digits = mantissa.toString(16).padStart(13, '0');
  return exponent === 0
    ? `${sign}0x0.${digits}p-1022`
    : `${sign}0x1.${digits}p${exponent - 1023 >= 0 ? '+' : ''}${exponent - 1023}`;
}

function formatV128(bytes: Uint8Array): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, 16);
  const lanes: string[] = [];
  for (let i = 0; i < 4; i++)
    lanes.push('0x' + view.getUint32(i * 4, true).toString(16));
  return `i32x4 ${lanes.join(' ')}`;
}

// Deeply nested blocks (compilers emit hundreds for a br_table dispatch)
// would make most of the text indentation: it stops growing at `maxIndent`
// levels. Folded text indents every operand too, so it goes on to
// `maxFoldedIndent` (deep expressions would make it quadratic in size).
const maxIndent = 12;
const maxFoldedIndent = 64;
const indents: string[] = Array.from({ length: maxFoldedIndent + 1 }, (_, i) =>
  '  '.repeat(i),
);

/** Two spaces a level, up to `max` levels. */
function indentation(depth: number, max: number = maxIndent): string {
  return indents[Math.max(0, Math.min(depth, max))]!;
}

/** Prints one module. */
class Printer {
  private readonly out: string[] = [];
  private readonly module: Module;
  private readonly folded: boolean;
  private readonly types: Names;
  private readonly funcs: Names;
  private readonly tables: Names;
  private readonly memories: Names;
  private readonly globals: Names;
  private readonly tags: Names;
  private readonly elems: Names;
  private readonly datas: Names;
  private locals: Names = new Names(undefined);
  private readonly typeDefs: readonly SubType[];

  constructor(module: Module, folded: boolean) {
    this.module = module;
    this.folded = folded;
    this.typeDefs = module.types.flatMap((g) => g.types);
    const names: NameSection = module.names ?? {};
    this.types = new Names(names.types);
    this.funcs = new Names(names.functions);
    this.tables = new Names(names.tables);
    this.memories = new Names(names.memories);
    this.globals = new Names(names.globals);
    this.tags = new Names(names.tags);
    this.elems = new Names(names.elements);
    this.datas = new Names(names.datas);
  }

  line(indent: number, text: string): void {
    this.out.push(indentation(indent) + text);
  }

  text(): string {
    return this.out.join('\n') + '\n';
  }

  // Types

  heapType(heapType: HeapType): string {
    return typeof heapType === 'number'
      ? this.types.ref(heapType)
      : formatHeapType(heapType);
  }

  refType(type: RefType): string {
    if (type.nullable && typeof type.heapType === 'string')
      return formatValType(type);
    return `(ref ${type.nullable ? 'null ' : ''}${this.heapType(type.heapType)})`;
  }

  valType(type: ValType): string {
    return typeof type === 'string' ? type : this.refType(type);
  }

  storageType(type: StorageType): string {
    return typeof type === 'string' ? type : this.refType(type);
  }

  fieldType(field: FieldType): string {
    const storage = this.storageType(field.storage);
    return field.mutable ? `(mut ${storage})` : storage;
  }

  composite(type: CompositeType): string {
    switch (type.kind) {
      case 'func':
        return `(func${this.signature(type.params, type.results)})`;
      case 'struct':
        return `(struct${type.fields.map((f) => ` (field ${this.fieldType(f)})`).join('')})`;
      case 'array':
        return `(array ${this.fieldType(type.element)})`;
    }
  }

  signature(params: readonly ValType[], results: readonly ValType[]): string {
    let text = '';
    if (params.length > 0)
      text += ` (param ${params.map((t) => this.valType(t)).join(' ')})`;
    if (results.length > 0)
      text += ` (result ${results.map((t) => this.valType(t)).join(' ')})`;
    return text;
  }

  subType(index: number, sub: SubType): string {
    const composite = this.composite(sub.composite);
    const body =
      sub.final && sub.supertypes.length === 0
        ? composite
        : `(sub${sub.final ? ' final' : ''}${sub.supertypes.map((s) => ' ' + this.types.ref(s)).join('')} ${composite})`;
    return `(type${this.types.def(index)} ${body})`;
  }

  typeUse(typeIndex: number): string {
    return `(type ${this.types.ref(typeIndex)})`;
  }

  limits(limits: Limits): string {
    return limits.max === null
      ? String(limits.min)
      : `${String(limits.min)} ${String(limits.max)}`;
  }

  // Module

  print(decodeBody: PrintOptions['decodeBody']): string {
    const m = this.module;
    this.line(
      0,
      m.names?.module !== undefined && idPattern.test(m.names.module)
        ? `(module $${m.names.module}`
        : '(module',
    );
    const customs = m.customs;
    const printCustoms = (after: number): void => {
      for (const custom of customs) {
        if (custom.after !== after) continue;
        const place =
          after === 0 ? '(before first)' : `(after ${sectionKeywords[after]})`;
        this.line(
          1,
          `(@custom ${quoteString(custom.name)} ${place} ${quoteBytes(custom.bytes)})`,
        );
      }
    };
    printCustoms(0);
    let typeIndex = 0;
    for (const group of m.types) {
      if (group.types.length === 1 && group.explicit !== true) {
        this.line(1, this.subType(typeIndex, group.types[0]!));
        typeIndex++;
      } else {
        this.line(1, '(rec');
        for (const sub of group.types)
          this.line(2, this.subType(typeIndex++, sub));
        this.line(1, ')');
      }
    }
    printCustoms(1);
    const counts = { func: 0, table: 0, memory: 0, global: 0, tag: 0 };
    for (const imp of m.imports) {
      const desc = imp.desc;
      const index = counts[desc.kind]++;
      let text: string;
      switch (desc.kind) {
        case 'func':
          text = `(func${this.funcs.def(index)} ${this.typeUse(desc.typeIndex)})`;
          break;
        case 'table':
          text = `(table${this.tables.def(index)} ${desc.type.addressType === 'i64' ? 'i64 ' : ''}${this.limits(desc.type.limits)} ${this.refType(desc.type.elemType)})`;
          break;
        case 'memory':
          text = `(memory${this.memories.def(index)} ${this.memoryType(desc.type)})`;
          break;
        case 'global':
          text = `(global${this.globals.def(index)} ${this.globalType(desc.type.valType, desc.type.mutable)})`;
          break;
        case 'tag':
          text = `(tag${this.tags.def(index)} ${this.typeUse(desc.type.typeIndex)})`;
          break;
      }
      this.line(
        1,
        `(import ${quoteString(imp.module)} ${quoteString(imp.name)} ${text})`,
      );
    }
    printCustoms(2);
    printCustoms(3);
    for (const table of m.tables) {
      const index = counts.table++;
      const type = table.type;
      const head = `(table${this.tables.def(index)} ${type.addressType === 'i64' ? 'i64 ' : ''}${this.limits(type.limits)} ${this.refType(type.elemType)}`;
      if (table.init === null) this.line(1, head + ')');
      else {
        this.line(1, head);
        this.expr(2, table.init);
        this.line(1, ')');
      }
    }
    printCustoms(4);
    for (const memory of m.memories) {
      const index = counts.memory++;
      this.line(
        1,
        `(memory${this.memories.def(index)} ${this.memoryType(memory)})`,
      );
    }
    printCustoms(5);
    for (const tag of m.tags) {
      const index = counts.tag++;
      this.line(
        1,
        `(tag${this.tags.def(index)} ${this.typeUse(tag.type.typeIndex)})`,
      );
    }
    printCustoms(13);
    for (const global of m.globals) {
      const index = counts.global++;
      this.line(
        1,
        `(global${this.globals.def(index)} ${this.globalType(global.type.valType, global.type.mutable)}`,
      );
      this.expr(2, global.init);
      this.line(1, ')');
    }
    printCustoms(6);
    for (const exp of m.exports) {
      const names = {
        func: this.funcs,
        table: this.tables,
        memory: this.memories,
        global: this.globals,
        tag: this.tags,
      }[exp.kind];
      this.line(
        1,
        `(export ${quoteString(exp.name)} (${exp.kind} ${names.ref(exp.index)}))`,
      );
    }
    printCustoms(7);
    if (m.start !== null) this.line(1, `(start ${this.funcs.ref(m.start)})`);
    printCustoms(8);
    m.elements.forEach((elem, i) => this.elem(i, elem));
    printCustoms(9);
    printCustoms(12);
    m.functions.forEach((func, i) => {
      const instrs =
        func.body.kind === 'instrs'
          ? func.body.instrs
          : decodeBody !== undefined
            ? decodeBody(func, i)
            : null;
      if (instrs === null)
        throw new Error(
          'printWat: function bodies are bytes; pass the decodeBody option',
        );
      this.func(counts.func++, func, instrs);
    });
    printCustoms(10);
    m.datas.forEach((data, i) => {
      let head = `(data${this.datas.def(i)}`;
      if (data.mode.kind === 'active') {
        this.line(
          1,
          `${head} (memory ${this.memories.ref(data.mode.memory)}) (offset`,
        );
        this.expr(2, data.mode.offset);
        head = '  )';
      }
      this.line(1, `${head} ${quoteBytes(data.bytes)})`);
    });
    printCustoms(11);
    this.line(0, ')');
    return this.text();
  }

  memoryType(type: Module['memories'][number]): string {
    let text = `${type.addressType === 'i64' ? 'i64 ' : ''}${this.limits(type.limits)}`;
    if (type.shared) text += ' shared';
    if (type.pageSizeLog2 !== null)
      text += ` (pagesize ${2 ** type.pageSizeLog2})`;
    return text;
  }

  globalType(type: ValType, mutable: boolean): string {
    return mutable ? `(mut ${this.valType(type)})` : this.valType(type);
  }

  elem(index: number, elem: Module['elements'][number]): void {
    let head = `(elem${this.elems.def(index)}`;
    const mode = elem.mode;
    if (mode.kind === 'declarative') head += ' declare';
    if (mode.kind === 'active') {
      this.line(1, `${head} (table ${this.tables.ref(mode.table)}) (offset`);
      this.expr(2, mode.offset);
      head = '  )';
    }
    const type = elem.type;
    const indices =
      !type.nullable &&
      type.heapType === 'func' &&
      elem.init.every((e) => e.length === 1 && e[0]!.op === 'ref.func');
    if (indices) {
      const list = elem.init
        .map((e) => ' ' + this.funcs.ref(e[0]!.args[0] as number))
        .join('');
      this.line(1, `${head} func${list})`);
      return;
    }
    this.line(1, `${head} ${this.refType(type)}`);
    for (const item of elem.init) {
      this.line(2, '(item');
      this.expr(3, item);
      this.line(2, ')');
    }
    this.line(1, ')');
  }

  func(index: number, func: Func, instrs: readonly Instr[]): void {
    const composite = this.typeDefs[func.typeIndex]?.composite;
    this.locals = new Names(this.module.names?.locals?.get(index));
    let signature = '';
    if (composite?.kind === 'func') {
      // Unnamed parameters share one `(param ...)`; named ones get their own.
      let unnamed: string[] = [];
      composite.params.forEach((type, i) => {
        const name = this.locals.def(i);
        if (name === '') {
          unnamed.push(this.valType(type));
          return;
        }
        if (unnamed.length > 0) signature += ` (param ${unnamed.join(' ')})`;
        unnamed = [];
        signature += ` (param${name} ${this.valType(type)})`;
      });
      if (unnamed.length > 0) signature += ` (param ${unnamed.join(' ')})`;
      signature += this.signature([], composite.results);
    }
    this.line(
      1,
      `(func${this.funcs.def(index)} ${this.typeUse(func.typeIndex)}${signature}`,
    );
    let localIndex = composite?.kind === 'func' ? composite.params.length : 0;
    for (const group of func.locals) {
      for (let i = 0; i < group.count; i++) {
        this.line(
          2,
          `(local${this.locals.def(localIndex++)} ${this.valType(group.type)})`,
        );
      }
    }
    this.expr(2, instrs);
    this.line(1, ')');
  }

  // Instructions

  /** Prints instructions (a body or a constant expression). */
  expr(indent: number, instrs: ConstExpr): void {
    if (this.folded) this.foldedSequence(indent, instrs, 0, instrs.length);
    else this.flat(indent, instrs);
  }

  blockType(type: BlockType): string {
    if (type === null) return '';
    if (typeof type === 'object' && 'typeIndex' in type)
      return ' ' + this.typeUse(type.typeIndex);
    return ` (result ${this.valType(type)})`;
  }

  private flat(indent: number, instrs: readonly Instr[]): void {
    let depth = indent;
    for (const instr of instrs) {
      switch (instr.op) {
        case 'end':
          depth--;
          this.line(depth, 'end');
          break;
        case 'else':
        case 'catch':
        case 'catch_all':
          this.line(depth - 1, this.plain(instr));
          break;
        case 'delegate':
          depth--;
          this.line(depth, this.plain(instr));
          break;
        case 'block':
        case 'loop':
        case 'if':
        case 'try':
        case 'try_table':
          this.line(depth, this.plain(instr));
          depth++;
          break;
        default:
          this.line(depth, this.plain(instr));
      }
    }
  }

  /** An instruction with its immediates in text order, flat. */
  plain(instr: Instr): string {
    const def = instrByName(instr.op);
    if (def === undefined)
      throw new Error(`printWat: unknown instruction ${instr.op}`);
    const imm = this.immediates(def, instr.args);
    return imm === '' ? def.text : `${def.text} ${imm}`;
  }

  private immediates(def: InstrDef, args: Instr['args']): string {
    const a = args;
    switch (def.name) {
      case 'block':
      case 'loop':
      case 'if':
      case 'try':
        return this.blockType(a[0] as BlockType).trimStart();
      case 'try_table': {
        const catches = (a[1] as readonly Catch[]).map((c) =>
          c.kind === 'catch' || c.kind === 'catch_ref'
            ? `(${c.kind} ${this.tags.ref(c.tag)} ${c.label})`
            : `(${c.kind} ${c.label})`,
        );
        return [this.blockType(a[0] as BlockType).trimStart(), ...catches]
          .filter((s) => s !== '')
          .join(' ');
      }
      case 'br_table':
        return [...(a[0] as readonly number[]), a[1] as number].join(' ');
      // Index 0 of a table or memory is left out where the text allows it.
      case 'call_indirect':
      case 'return_call_indirect':
        return `${this.optional(this.tables, a[1] as number)}${this.typeUse(a[0] as number)}`;
      case 'memory.init':
        return `${this.optional(this.memories, a[1] as number)}${this.datas.ref(a[0] as number)}`;
      case 'table.init':
        return `${this.optional(this.tables, a[1] as number)}${this.elems.ref(a[0] as number)}`;
      case 'memory.copy':
        if (a[0] === 0 && a[1] === 0) return '';
        return `${this.memories.ref(a[0] as number)} ${this.memories.ref(a[1] as number)}`;
      case 'table.copy':
        if (a[0] === 0 && a[1] === 0) return '';
        return `${this.tables.ref(a[0] as number)} ${this.tables.ref(a[1] as number)}`;
      case 'select.typed':
        return `(result${(a[0] as readonly ValType[]).map((t) => ' ' + this.valType(t)).join('')})`;
      case 'ref.test':
      case 'ref.cast':
        return this.refType({
          kind: 'ref',
          nullable: false,
          heapType: a[0] as HeapType,
        });
      case 'ref.test.null':
      case 'ref.cast.null':
        return this.refType({
          kind: 'ref',
          nullable: true,
          heapType: a[0] as HeapType,
        });
      case 'br_on_cast':
      case 'br_on_cast_fail': {
        const flags = a[0] as number;
        const from = this.refType({
          kind: 'ref',
          nullable: (flags & 1) !== 0,
          heapType: a[2] as HeapType,
        });
        const to = this.refType({
          kind: 'ref',
          nullable: (flags & 2) !== 0,
          heapType: a[3] as HeapType,
        });
        return `${a[1] as number} ${from} ${to}`;
      }
    }
    const parts: string[] = [];
    def.immediates.forEach((kind, i) => {
      const arg = a[i];
      switch (kind) {
        case 'label':
        case 'u32':
        case 'lane':
        case 'field':
          parts.push((arg as number).toString());
          break;
        case 'func':
          parts.push(this.funcs.ref(arg as number));
          break;
        case 'type':
          parts.push(this.types.ref(arg as number));
          break;
        case 'table':
          parts.push(this.optional(this.tables, arg as number).trimEnd());
          break;
        case 'memory':
          parts.push(this.optional(this.memories, arg as number).trimEnd());
          break;
        case 'local':
          parts.push(this.locals.ref(arg as number));
          break;
        case 'global':
          parts.push(this.globals.ref(arg as number));
          break;
        case 'elem':
          parts.push(this.elems.ref(arg as number));
          break;
        case 'data':
          parts.push(this.datas.ref(arg as number));
          break;
        case 'tag':
          parts.push(this.tags.ref(arg as number));
          break;
        case 'memarg':
          parts.push(this.memArg(def, arg as MemArg));
          break;
        case 'i32':
          parts.push((arg as number).toString());
          break;
        case 'i64':
          parts.push((arg as bigint).toString());
          break;
        case 'f32':
          parts.push(formatF32(arg as number));
          break;
        case 'f64':
          parts.push(formatF64(arg as bigint));
          break;
        case 'v128':
          parts.push(formatV128(arg as Uint8Array));
          break;
        case 'shuffle':
          parts.push([...(arg as Uint8Array)].join(' '));
          break;
        case 'heapType':
          parts.push(this.heapType(arg as HeapType));
          break;
        case 'blockType':
        case 'labels':
        case 'valTypes':
        case 'castFlags':
        case 'catches':
        case 'zero':
          break;
      }
    });
    return parts.filter((p) => p !== '').join(' ');
  }

  /** `index ` unless it is 0 (which the text may leave out). */
  private optional(names: Names, index: number): string {
    return index === 0 ? '' : `${names.ref(index)} `;
  }

  private memArg(def: InstrDef, memarg: MemArg): string {
    const parts: string[] = [];
    if (memarg.memory !== 0) parts.push(this.memories.ref(memarg.memory));
    if (memarg.offset !== 0 && memarg.offset !== 0n)
      parts.push(`offset=${String(memarg.offset)}`);
    if (memarg.align !== def.align)
      parts.push(`align=${String(1n << BigInt(memarg.align))}`);
    return parts.join(' ');
  }

  // Folded instructions

  /**
   * Prints instrs[start, end) folded: structured instructions as
   * `(block ...)`, `(if (then ...) (else ...))`, ...; plain ones as
   * `(op ...)` with their operands nested where each operand is one
   * expression with one result. Builds the expression tree in one pass
   * and prints it with an explicit stack, so any nesting depth works.
   */
  private foldedSequence(
    indent: number,
    instrs: readonly Instr[],
    start: number,
    end: number,
  ): void {
    this.printFolded(indent, this.foldedTree(instrs, start, end));
  }

  /** The folded expressions of instrs[start, end). */
  private foldedTree(
    instrs: readonly Instr[],
    start: number,
    end: number,
  ): FoldedNode[] {
    const roots: FoldedNode[] = [];
    const open: OpenBlock[] = [];
    let exprs = roots;
    const close = (block: OpenBlock): void => {
      if (block.section === null) block.node.children = exprs;
      else block.section.children = exprs;
      exprs = block.outer;
      exprs.push(block.node);
    };
    for (let i = start; i < end; i++) {
      const instr = instrs[i]!;
      const op = instr.op;
      const head = `(${this.plain(instr)}`;
      switch (op) {
        case 'block':
        case 'loop':
        case 'if':
        case 'try':
        case 'try_table': {
          const node = foldedNode(head, false, -1);
          let section: FoldedNode | null = null;
          if (op === 'if' || op === 'try') {
            section = foldedNode(op === 'if' ? '(then' : '(do', false, -1);
            node.children.push(section);
          }
          open.push({ op, node, section, outer: exprs });
          exprs = [];
          continue;
        }
      }
      const block = open[open.length - 1];
      if (block !== undefined) {
        const section = block.section;
        if (
          (op === 'else' && block.op === 'if' && section?.head === '(then') ||
          ((op === 'catch' || op === 'catch_all') && block.op === 'try')
        ) {
          // The next branch or handler of this block.
          section!.children = exprs;
          const next = foldedNode(op === 'else' ? '(else' : head, false, -1);
          block.node.children.push(next);
          block.section = next;
          exprs = [];
          continue;
        }
        if (op === 'end' || op === 'delegate') {
          open.pop();
          close(block);
          if (op === 'delegate' && block.op === 'try')
            block.node.children.push(foldedNode(head, true, 0));
          continue;
        }
      }
      const [params, results] = arity(instr);
      let operands: FoldedNode[] = [];
      if (params > 0 && exprs.length >= params) {
        let single = true;
        for (let k = exprs.length - params; k < exprs.length; k++)
          if (exprs[k]!.results !== 1) single = false;
        if (single) operands = exprs.splice(exprs.length - params, params);
      }
      const node = foldedNode(head, true, results);
      node.children = operands;
      exprs.push(node);
    }
    // Blocks left open (no `end` in the IR) end with the sequence.
    while (open.length > 0) close(open.pop()!);
    return roots;
  }

  /**
   * Prints folded expressions at `indent`: each node's head, its children
   * one level deeper, then its `)` (on the last line for a plain
   * instruction, on a line of its own for a block or a branch).
   */
  private printFolded(indent: number, roots: readonly FoldedNode[]): void {
    const out = this.out;
    const stack: { node: FoldedNode; depth: number; next: number }[] = [];
    for (let r = roots.length - 1; r >= 0; r--)
      stack.push({ node: roots[r]!, depth: indent, next: 0 });
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const { node, depth } = top;
      if (top.next === 0) {
        if (node.inline && node.children.length === 0) {
          out.push(indentation(depth, maxFoldedIndent) + node.head + ')');
          stack.pop();
          continue;
        }
        out.push(indentation(depth, maxFoldedIndent) + node.head);
      }
      if (top.next < node.children.length) {
        stack.push({
          node: node.children[top.next]!,
          depth: depth + 1,
          next: 0,
        });
        top.next++;
        continue;
      }
      if (node.inline) out[out.length - 1] += ')';
      else out.push(indentation(depth, maxFoldedIndent) + ')');
      stack.pop();
    }
  }
}

/** A folded expression: `head`, its children one level in, and `)`. */
interface FoldedNode {
  readonly head: string;
  children: FoldedNode[];
  /** `)` ends the last line (plain instructions), else it has a line of its own. */
  readonly inline: boolean;
  /** Values it leaves on the stack; -1 when unknown. */
  readonly results: number;
}

function foldedNode(
  head: string,
  inline: boolean,
  results: number,
): FoldedNode {
  return { head, children: [], inline, results };
}

/** A block being read by `foldedTree`. */
interface OpenBlock {
  readonly op: string;
  readonly node: FoldedNode;
  /** The branch or handler being read (`(then`, `(else`, `(do`, `(catch ...`). */
  section: FoldedNode | null;
  /** The expressions around the block. */
  readonly outer: FoldedNode[];
}

/** Operand and result counts where they are fixed; results -1 when unknown. */
function arity(instr: Instr): [number, number] {
  switch (instr.op) {
    case 'local.get':
    case 'global.get':
    case 'ref.null':
    case 'ref.func':
      return [0, 1];
    case 'local.set':
    case 'global.set':
    case 'drop':
      return [1, 0];
    case 'local.tee':
      return [1, 1];
  }
  const def = instrByName(instr.op);
  if (def === undefined || def.params === null || def.results === null)
    return [0, -1];
  return [def.params.length, def.results.length];
}

/**
 * Prints a module in the text format. Names come from the module's name
 * section where they are valid identifiers; custom sections are printed as
 * `@custom` annotations, so the output parses back to a module that
 * encodes to the same bytes.
 * @see https://webassembly.github.io/spec/core/text/modules.html
 */
export function printWat(module: Module, options: PrintOptions = {}): string {
  return new Printer(module, options.folded ?? false).print(options.decodeBody);
}
