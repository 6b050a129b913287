// Modules: the fields of `(module ...)`, in two passes. The first gives
// every symbolic name its index (imports come first in each index space)
// and reads the type definitions; the second reads the fields in order, so
// implicit types from type uses are appended in the order they appear.
// https://webassembly.github.io/spec/core/text/modules.html

import type {
  AddressType,
  CompositeType,
  ConstExpr,
  CustomSection,
  DataSegment,
  ElemMode,
  ElemSegment,
  Export,
  ExternKind,
  FieldType,
  Func,
  FuncBody,
  Global,
  GlobalType,
  Import,
  Instr,
  Limits,
  LocalGroup,
  MemoryType,
  Module,
  RefType,
  SectionId,
  StorageType,
  SubType,
  Table,
  TableType,
  Tag,
  U64,
  ValType,
} from '@tswasm/ir';
import { ByteWriter, EncodeError } from '@tswasm/encoder';
import { IndexSpace } from './context.js';
import { type Cursor, branchHintName } from './cursor.js';
import { type Token, TokenKind } from './lexer.js';
import { type BranchHint, InstrParser } from './instr-parser.js';
import { parseNat } from './numbers.js';
import { decodeUtf8 } from './strings.js';

/** The branch hints of one function. */
export interface FuncBranchHints {
  /** The function's index, imports included. */
  readonly funcIndex: number;
  /** In instruction order. */
  readonly hints: readonly BranchHint[];
}

interface Field {
  readonly kind: string;
  /** Token index of the field's `(`. */
  readonly start: number;
}

const externNames: Readonly<Record<string, string>> = {
  func: 'function',
  table: 'table',
  memory: 'memory',
  global: 'global',
  tag: 'tag',
};

const sectionOrder: readonly SectionId[] = [
  1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11,
];
const sectionNames: Readonly<Record<string, SectionId>> = {
  type: 1,
  import: 2,
  func: 3,
  table: 4,
  memory: 5,
  tag: 13,
  global: 6,
  export: 7,
  start: 8,
  elem: 9,
  datacount: 12,
  code: 10,
  data: 11,
};

function mergeLocals(types: readonly ValType[]): LocalGroup[] {
  const groups: { count: number; type: ValType }[] = [];
  for (const type of types) {
    const last = groups[groups.length - 1];
    if (
      last !== undefined &&
      (last.type === type ||
        (typeof last.type === 'object' &&
          typeof type === 'object' &&
          last.type.nullable === type.nullable &&
          last.type.heapType === type.heapType))
    ) {
      last.count++;
    } else groups.push({ count: 1, type });
  }
  return groups;
}

function toU64(value: bigint): U64 {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/** Parses the fields of one module. */
export class ModuleParser extends InstrParser {
  private readonly imports: Import[] = [];
  private readonly functions: Func[] = [];
  private readonly tableDefs: Table[] = [];
  private readonly memoryDefs: MemoryType[] = [];
  private readonly globalDefs: Global[] = [];
  private readonly tagDefs: Tag[] = [];
  private readonly exports: Export[] = [];
  private readonly elements: ElemSegment[] = [];
  private readonly datas_: DataSegment[] = [];
  private start: number | null = null;
  /** Branch hints by function index, in the order the functions appear. */
  readonly branchHints: FuncBranchHints[] = [];
  /** Token ranges `[start, end)` of the `(func ...)` fields. */
  private readonly funcRanges: [number, number][] = [];
  /**
   * When set, each function body is encoded as soon as it is parsed, so
   * that its instructions never outlive the function (`watToWasm`).
   */
  encodeBodies = false;
  /** The writer of encoded bodies, reused from one function to the next. */
  private bodyWriter: ByteWriter | null = null;
  /** True once a function body names a data segment. */
  private bodiesUseData = false;
  private readonly counts: Record<ExternKind, number> = {
    func: 0,
    table: 0,
    memory: 0,
    global: 0,
    tag: 0,
  };

  /**
   * Reads module fields from the cursor up to (not including) the closing
   * `)` of the module or the end of input.
   */
  parseModule(): Module {
    const cursor: Cursor = this.cursor;
    // Instructions that are only encoded need no spans.
    this.spans = !this.encodeBodies;
    const firstField = cursor.pos;
    const fields = this.scanFields();
    const end = cursor.pos;
    this.parseTypes(fields);
    for (const field of fields) {
      cursor.pos = field.start + 2;
      this.parseField(field.kind);
    }
    cursor.pos = end;
    this.checkBranchHints(firstField, end);
    const customs = this.customSections(fields, firstField, end);
    return {
      types: this.recGroups,
      imports: this.imports,
      functions: this.functions,
      tables: this.tableDefs,
      memories: this.memoryDefs,
      globals: this.globalDefs,
      tags: this.tagDefs,
      exports: this.exports,
      start: this.start,
      elements: this.elements,
      datas: this.datas_,
      // Encoded bodies no longer show their data indices to the encoder.
      dataCount:
        this.encodeBodies && this.bodiesUseData ? this.datas_.length : null,
      customs,
      names: this.nameSection(),
    };
  }

  // First pass

  private spaceOf(kind: string): IndexSpace {
    switch (kind) {
      case 'func':
        return this.funcs;
      case 'table':
        return this.tables;
      case 'memory':
        return this.memories;
      case 'global':
        return this.globals;
      case 'tag':
        return this.tags;
      default:
        return this.cursor.fail('unexpected token');
    }
  }

  private scanFields(): Field[] {
    const cursor: Cursor = this.cursor;
    const fields: Field[] = [];
    let firstDefinition: string | null = null;
    while (cursor.kindAt() === TokenKind.lparen) {
      const start = cursor.pos;
      const kind = cursor.sexprHead();
      if (kind === null) {
        cursor.fail(
          cursor.kindAt(1) === TokenKind.atom
            ? 'unknown operator'
            : 'unexpected token',
          start + 1,
        );
      }
      cursor.pos += 2;
      switch (kind) {
        case 'type': {
          const at = cursor.pos;
          this.define(this.types, cursor.eatId(), at);
          break;
        }
        case 'rec':
          while (cursor.eatSexpr('type')) {
            const at = cursor.pos;
            this.define(this.types, cursor.eatId(), at);
            cursor.skipToClose();
          }
          break;
        case 'import': {
          if (firstDefinition !== null)
            cursor.fail(`import after ${firstDefinition}`, start);
          if (cursor.isString()) cursor.pos++;
          if (cursor.isString()) cursor.pos++;
          if (cursor.kindAt() !== TokenKind.lparen)
            cursor.fail('unexpected token');
          const descKind = cursor.peek(1);
          if (
            descKind?.kind !== TokenKind.keyword ||
            externNames[descKind.image] === undefined
          ) {
            cursor.fail('unexpected token', cursor.pos + 1);
          }
          cursor.pos += 2;
          const at = cursor.pos;
          this.define(this.spaceOf(descKind.image), cursor.eatId(), at);
          break;
        }
        case 'func':
        case 'table':
        case 'memory':
        case 'global':
        case 'tag': {
          const at = cursor.pos;
          const id = cursor.eatId();
          while (cursor.atSexpr('export')) {
            cursor.pos += 2;
            cursor.skipToClose();
          }
          const isImport = cursor.atSexpr('import');
          if (isImport && firstDefinition !== null)
            cursor.fail(`import after ${firstDefinition}`, start);
          if (!isImport) firstDefinition ??= externNames[kind]!;
          this.define(this.spaceOf(kind), id, at);
          if (!isImport && (kind === 'table' || kind === 'memory')) {
            // Inline `(elem ...)` and `(data ...)` define unnamed segments.
            const inner = kind === 'table' ? 'elem' : 'data';
            while (cursor.kindAt() !== TokenKind.rparen && !cursor.atEnd()) {
              if (cursor.atSexpr(inner)) {
                this.define(
                  kind === 'table' ? this.elems : this.datas,
                  null,
                  cursor.pos,
                );
              }
              if (cursor.kindAt() === TokenKind.lparen) {
                cursor.pos++;
                cursor.skipToClose();
              } else cursor.pos++;
            }
          }
          break;
        }
        case 'elem': {
          const at = cursor.pos;
          this.define(this.elems, cursor.eatId(), at);
          break;
        }
        case 'data': {
          const at = cursor.pos;
          this.define(this.datas, cursor.eatId(), at);
          break;
        }
        case 'export':
        case 'start':
          break;
        default:
          cursor.fail('unexpected token', start + 1);
      }
      fields.push({ kind, start });
      cursor.pos = start + 1;
      cursor.skipToClose();
    }
    if (!cursor.atEnd() && cursor.kindAt() !== TokenKind.rparen)
      cursor.fail('unexpected token');
    return fields;
  }

  // Types

  private parseTypes(fields: readonly Field[]): void {
    const cursor: Cursor = this.cursor;
    for (const field of fields) {
      if (field.kind === 'type') {
        cursor.pos = field.start + 2;
        cursor.eatId();
        const sub = this.parseSubType(this.typeDefs.length);
        cursor.expectRParen();
        this.addTypeDef(sub);
        this.addRecGroup({ types: [sub] });
      } else if (field.kind === 'rec') {
        cursor.pos = field.start + 2;
        const types: SubType[] = [];
        while (cursor.eatSexpr('type')) {
          cursor.eatId();
          const sub = this.parseSubType(this.typeDefs.length);
          cursor.expectRParen();
          this.addTypeDef(sub);
          types.push(sub);
        }
        cursor.expectRParen();
        this.addRecGroup({ types, explicit: true });
      }
    }
  }

  private parseSubType(typeIndex: number): SubType {
    const cursor: Cursor = this.cursor;
    if (!cursor.eatSexpr('sub')) {
      return {
        final: true,
        supertypes: [],
        composite: this.parseCompositeType(typeIndex),
      };
    }
    const final = cursor.eatKeyword('final');
    const supertypes: number[] = [];
    while (this.atIndex()) supertypes.push(this.parseIndex(this.types));
    const composite = this.parseCompositeType(typeIndex);
    cursor.expectRParen();
    return { final, supertypes, composite };
  }

  private parseCompositeType(typeIndex: number): CompositeType {
    const cursor: Cursor = this.cursor;
    const head = cursor.sexprHead();
    cursor.expectLParen();
    cursor.pos++;
    let composite: CompositeType;
    switch (head) {
      case 'func': {
        const params: ValType[] = [];
        const results: ValType[] = [];
        while (cursor.eatSexpr('param')) {
          if (cursor.eatId() !== null) params.push(this.parseValType());
          else
            while (cursor.kindAt() !== TokenKind.rparen)
              params.push(this.parseValType());
          cursor.expectRParen();
        }
        while (cursor.eatSexpr('result')) {
          while (cursor.kindAt() !== TokenKind.rparen)
            results.push(this.parseValType());
          cursor.expectRParen();
        }
        composite = { kind: 'func', params, results };
        break;
      }
      case 'struct': {
        const fields: FieldType[] = [];
        const names = new Map<string, number>();
        while (cursor.eatSexpr('field')) {
          const at = cursor.pos;
          const id = cursor.eatId();
          if (id !== null) {
            if (names.has(id)) cursor.fail('duplicate field', at);
            names.set(id, fields.length);
            fields.push(this.parseFieldType());
          } else {
            while (cursor.kindAt() !== TokenKind.rparen)
              fields.push(this.parseFieldType());
          }
          cursor.expectRParen();
        }
        if (names.size > 0) this.fieldNames.set(typeIndex, names);
        composite = { kind: 'struct', fields };
        break;
      }
      case 'array': {
        let element: FieldType;
        if (cursor.eatSexpr('field')) {
          element = this.parseFieldType();
          cursor.expectRParen();
        } else element = this.parseFieldType();
        composite = { kind: 'array', element };
        break;
      }
      default:
        return cursor.fail('unexpected token', cursor.pos - 1);
    }
    cursor.expectRParen();
    return composite;
  }

  private parseStorageType(): StorageType {
    const cursor: Cursor = this.cursor;
    if (cursor.eatKeyword('i8')) return 'i8';
    if (cursor.eatKeyword('i16')) return 'i16';
    return this.parseValType();
  }

  private parseFieldType(): FieldType {
    const cursor: Cursor = this.cursor;
    if (cursor.eatSexpr('mut')) {
      const storage = this.parseStorageType();
      cursor.expectRParen();
      return { storage, mutable: true };
    }
    return { storage: this.parseStorageType(), mutable: false };
  }

  // Second pass

  private parseField(kind: string): void {
    switch (kind) {
      case 'type':
      case 'rec':
        return;
      case 'import':
        return this.parseImport();
      case 'func':
        return this.parseFunc();
      case 'table':
        return this.parseTable();
      case 'memory':
        return this.parseMemory();
      case 'global':
        return this.parseGlobal();
      case 'tag':
        return this.parseTag();
      case 'export':
        return this.parseExport();
      case 'start':
        return this.parseStart();
      case 'elem':
        return this.parseElem();
      case 'data':
        return this.parseData();
    }
  }

  /** Next index of `kind` (imports and definitions share one counter, imports coming first). */
  private nextIndex(kind: ExternKind): number {
    return this.counts[kind]++;
  }

  /** `(export "name")*` of an inline definition. */
  private parseInlineExports(kind: ExternKind, index: number): void {
    const cursor: Cursor = this.cursor;
    while (cursor.eatSexpr('export')) {
      this.exports.push({ name: cursor.expectName(), kind, index });
      cursor.expectRParen();
    }
  }

  /** `(import "m" "n")` of an inline definition, or `null`. */
  private parseInlineImport(): { module: string; name: string } | null {
    const cursor: Cursor = this.cursor;
    if (!cursor.eatSexpr('import')) return null;
    const module = cursor.expectName();
    const name = cursor.expectName();
    cursor.expectRParen();
    return { module, name };
  }

  private parseImport(): void {
    const cursor: Cursor = this.cursor;
    const module = cursor.expectName();
    const name = cursor.expectName();
    cursor.expectLParen();
    const kind = cursor.peek()!.image as ExternKind;
    cursor.pos++;
    cursor.eatId();
    this.nextIndex(kind);
    this.imports.push({ module, name, desc: this.parseImportDesc(kind) });
    cursor.expectRParen();
    cursor.expectRParen();
  }

  private parseImportDesc(kind: ExternKind): Import['desc'] {
    switch (kind) {
      case 'func':
        return { kind, typeIndex: this.parseTypeUse(true).typeIndex };
      case 'table':
        return { kind, type: this.parseTableType() };
      case 'memory':
        return { kind, type: this.parseMemoryType() };
      case 'global':
        return { kind, type: this.parseGlobalType() };
      case 'tag':
        return { kind, type: { typeIndex: this.parseTypeUse(true).typeIndex } };
    }
  }

  private parseFunc(): void {
    const cursor: Cursor = this.cursor;
    const fieldStart = cursor.pos - 2;
    cursor.eatId();
    const index = this.nextIndex('func');
    this.parseInlineExports('func', index);
    const imported = this.parseInlineImport();
    if (imported !== null) {
      const typeIndex = this.parseTypeUse(true).typeIndex;
      this.imports.push({ ...imported, desc: { kind: 'func', typeIndex } });
      cursor.expectRParen();
      return;
    }
    const use = this.parseTypeUse(true);
    const locals = new IndexSpace('local');
    this.locals = locals;
    const composite = this.typeDefs[use.typeIndex]?.composite;
    const paramCount =
      composite?.kind === 'func'
        ? composite.params.length
        : use.paramNames.length;
    for (let i = 0; i < paramCount; i++) {
      const name = use.paramNames[i] ?? null;
      if (name !== null && locals.names.has(name))
        cursor.failAt('duplicate local', use.paramOffsets[i]!);
      this.define(locals, name, cursor.pos);
    }
    const localTypes: ValType[] = [];
    while (cursor.eatSexpr('local')) {
      const at = cursor.pos;
      const id = cursor.eatId();
      if (id !== null) {
        this.define(locals, id, at);
        localTypes.push(this.parseValType());
      } else {
        while (cursor.kindAt() !== TokenKind.rparen) {
          this.define(locals, null, at);
          localTypes.push(this.parseValType());
        }
      }
      cursor.expectRParen();
    }
    if (locals.names.size > 0) this.localNames.set(index, locals.names);
    const hints: BranchHint[] = [];
    this.bodyHints = hints;
    this.usesDataCount = false;
    const body = this.parseBody();
    if (this.usesDataCount) this.bodiesUseData = true;
    this.bodyHints = null;
    cursor.expectRParen();
    this.funcRanges.push([fieldStart, cursor.pos]);
    if (hints.length > 0) this.branchHints.push({ funcIndex: index, hints });
    this.functions.push({
      typeIndex: use.typeIndex,
      locals: mergeLocals(localTypes),
      body,
    });
  }

  /**
   * A function's instructions, encoded as they are read when
   * `encodeBodies` is set (and no branch hints need their positions);
   * as instructions when they cannot be encoded, so that the encoder
   * reports the problem with its path in the module.
   */
  private parseBody(): FuncBody {
    const cursor: Cursor = this.cursor;
    const start = cursor.pos;
    if (this.encodeBodies && cursor.branchHints.size === 0) {
      const sink = (this.bodyWriter ??= new ByteWriter(1 << 16));
      sink.truncate(0);
      this.sink = sink;
      this.labels = [];
      try {
        this.parseInstrs([]);
        sink.byte(0x0b);
        return { kind: 'bytes', bytes: sink.finish(), offset: 0 };
      } catch (error) {
        if (!(error instanceof EncodeError)) throw error;
        cursor.pos = start;
      } finally {
        this.sink = null;
      }
    }
    this.labels = [];
    const instrs: Instr[] = [];
    this.parseInstrs(instrs);
    return { kind: 'instrs', instrs };
  }

  /** `i32`/`i64` before limits (memory64, table64). */
  private parseAddressType(): AddressType {
    const cursor: Cursor = this.cursor;
    if (cursor.eatKeyword('i64')) return 'i64';
    cursor.eatKeyword('i32');
    return 'i32';
  }

  private parseLimitValue(): U64 {
    const cursor: Cursor = this.cursor;
    const t = cursor.peek();
    if (t?.kind !== TokenKind.atom) return cursor.fail('unexpected token');
    const value = parseNat(t.image);
    if (value === null) return cursor.fail('unknown operator');
    // Limits are u64 in the text format; validation checks the range.
    if (value >= 1n << 64n) cursor.fail('i64 constant out of range');
    cursor.pos++;
    return toU64(value);
  }

  private parseLimits(): Limits {
    const min = this.parseLimitValue();
    const max =
      this.cursor.kindAt() === TokenKind.atom ? this.parseLimitValue() : null;
    return { min, max };
  }

  private parseTableType(): TableType {
    const addressType = this.parseAddressType();
    const limits = this.parseLimits();
    return { addressType, limits, elemType: this.parseRefType() };
  }

  private parseMemoryType(): MemoryType {
    const cursor: Cursor = this.cursor;
    const addressType = this.parseAddressType();
    const limits = this.parseLimits();
    const shared = cursor.eatKeyword('shared');
    return { addressType, limits, shared, pageSizeLog2: this.parsePageSize() };
  }

  private parsePageSize(): number | null {
    const cursor: Cursor = this.cursor;
    if (!cursor.eatSexpr('pagesize')) return null;
    const at = cursor.pos;
    const size = this.parseU32();
    if (size === 0 || (size & (size - 1)) !== 0)
      cursor.fail('invalid custom page size', at);
    cursor.expectRParen();
    return 31 - Math.clz32(size);
  }

  private parseGlobalType(): GlobalType {
    const cursor: Cursor = this.cursor;
    if (cursor.eatSexpr('mut')) {
      const valType = this.parseValType();
      cursor.expectRParen();
      return { valType, mutable: true };
    }
    return { valType: this.parseValType(), mutable: false };
  }

  /** Instructions up to the closing paren, as a constant expression. */
  private parseExpr(): ConstExpr {
    this.labels = [];
    const instrs: Instr[] = [];
    this.parseInstrs(instrs);
    return instrs;
  }

  private parseTable(): void {
    const cursor: Cursor = this.cursor;
    cursor.eatId();
    const index = this.nextIndex('table');
    this.parseInlineExports('table', index);
    const imported = this.parseInlineImport();
    if (imported !== null) {
      this.imports.push({
        ...imported,
        desc: { kind: 'table', type: this.parseTableType() },
      });
      cursor.expectRParen();
      return;
    }
    const addressType = this.parseAddressType();
    if (cursor.kindAt() === TokenKind.keyword || cursor.atSexpr('ref')) {
      // `(table reftype (elem ...))`
      const elemType = this.parseRefType();
      if (!cursor.eatSexpr('elem')) cursor.fail('unexpected token');
      const indices = cursor.kindAt() !== TokenKind.lparen;
      const init = this.parseElemList(elemType, true);
      cursor.expectRParen();
      const count = init.length;
      this.tableDefs.push({
        type: { addressType, limits: { min: count, max: count }, elemType },
        init: null,
      });
      this.elements.push({
        mode: {
          kind: 'active',
          table: index,
          offset: [zeroConst(addressType)],
        },
        // Function indices make a segment of `(ref func)`, as `func x*` does.
        type: indices && elemType.heapType === 'func' ? refFunc : elemType,
        init,
      });
      cursor.expectRParen();
      return;
    }
    const limits = this.parseLimits();
    const elemType = this.parseRefType();
    const init = cursor.kindAt() === TokenKind.rparen ? null : this.parseExpr();
    this.tableDefs.push({ type: { addressType, limits, elemType }, init });
    cursor.expectRParen();
  }

  private parseMemory(): void {
    const cursor: Cursor = this.cursor;
    cursor.eatId();
    const index = this.nextIndex('memory');
    this.parseInlineExports('memory', index);
    const imported = this.parseInlineImport();
    if (imported !== null) {
      this.imports.push({
        ...imported,
        desc: { kind: 'memory', type: this.parseMemoryType() },
      });
      cursor.expectRParen();
      return;
    }
    const save = cursor.pos;
    const addressType = this.parseAddressType();
    const pageSizeLog2 = this.parsePageSize();
    if (cursor.eatSexpr('data')) {
      let length = 0;
      const chunks: Uint8Array[] = [];
      while (cursor.isString()) {
        const bytes = cursor.expectBytes();
        chunks.push(bytes);
        length += bytes.length;
      }
      cursor.expectRParen();
      const pageSize = 2 ** (pageSizeLog2 ?? 16);
      const pages = Math.ceil(length / pageSize);
      this.memoryDefs.push({
        addressType,
        limits: { min: pages, max: pages },
        shared: false,
        pageSizeLog2,
      });
      this.datas_.push({
        mode: {
          kind: 'active',
          memory: index,
          offset: [zeroConst(addressType)],
        },
        bytes: concat(chunks, length),
      });
    } else {
      cursor.pos = save;
      this.memoryDefs.push(this.parseMemoryType());
    }
    cursor.expectRParen();
  }

  private parseGlobal(): void {
    const cursor: Cursor = this.cursor;
    cursor.eatId();
    const index = this.nextIndex('global');
    this.parseInlineExports('global', index);
    const imported = this.parseInlineImport();
    if (imported !== null) {
      this.imports.push({
        ...imported,
        desc: { kind: 'global', type: this.parseGlobalType() },
      });
      cursor.expectRParen();
      return;
    }
    const type = this.parseGlobalType();
    this.globalDefs.push({ type, init: this.parseExpr() });
    cursor.expectRParen();
  }

  private parseTag(): void {
    const cursor: Cursor = this.cursor;
    cursor.eatId();
    const index = this.nextIndex('tag');
    this.parseInlineExports('tag', index);
    const imported = this.parseInlineImport();
    const typeIndex = this.parseTypeUse(true).typeIndex;
    if (imported !== null) {
      this.imports.push({
        ...imported,
        desc: { kind: 'tag', type: { typeIndex } },
      });
    } else this.tagDefs.push({ type: { typeIndex } });
    cursor.expectRParen();
  }

  private parseExport(): void {
    const cursor: Cursor = this.cursor;
    const name = cursor.expectName();
    cursor.expectLParen();
    const t = cursor.peek();
    const kind = t?.image as ExternKind;
    if (t?.kind !== TokenKind.keyword || externNames[kind] === undefined)
      cursor.fail('unexpected token');
    cursor.pos++;
    const index = this.parseIndex(this.spaceOf(kind));
    cursor.expectRParen();
    cursor.expectRParen();
    this.exports.push({ name, kind, index });
  }

  private parseStart(): void {
    const cursor: Cursor = this.cursor;
    if (this.start !== null)
      cursor.fail('multiple start sections', cursor.pos - 2);
    this.start = this.parseIndex(this.funcs);
    cursor.expectRParen();
  }

  /** An offset: `(offset instr*)` or one folded instruction. */
  private parseOffset(): ConstExpr {
    const cursor: Cursor = this.cursor;
    if (cursor.eatSexpr('offset')) {
      const expr = this.parseExpr();
      cursor.expectRParen();
      return expr;
    }
    this.labels = [];
    const instrs: Instr[] = [];
    if (cursor.kindAt() !== TokenKind.lparen) cursor.fail('unexpected token');
    this.parseFolded(instrs);
    return instrs;
  }

  /**
   * An element list: `func? funcidx*` or `reftype elemexpr*`; with `bare`
   * (inline in a table) the element type is already given.
   */
  private parseElemList(type: RefType | null, bare: boolean): ConstExpr[] {
    const cursor: Cursor = this.cursor;
    const init: ConstExpr[] = [];
    const funcs = bare ? cursor.kindAt() !== TokenKind.lparen : true;
    if (funcs && (bare || type === null)) {
      while (this.atIndex())
        init.push([{ op: 'ref.func', args: [this.parseIndex(this.funcs)] }]);
      return init;
    }
    while (cursor.kindAt() === TokenKind.lparen) {
      this.labels = [];
      if (cursor.eatSexpr('item')) {
        init.push(this.parseExpr());
        cursor.expectRParen();
      } else {
        const instrs: Instr[] = [];
        this.parseFolded(instrs);
        init.push(instrs);
      }
    }
    return init;
  }

  private parseElem(): void {
    const cursor: Cursor = this.cursor;
    cursor.eatId();
    let mode: ElemMode = { kind: 'passive' };
    if (cursor.eatKeyword('declare')) {
      mode = { kind: 'declarative' };
    } else {
      let table: number | null = null;
      if (cursor.eatSexpr('table')) {
        table = this.parseIndex(this.tables);
        cursor.expectRParen();
      } else if (this.atIndex() && cursor.kindAt(1) === TokenKind.lparen) {
        // Legacy `(elem 0 (offset) ...)`: a bare table index.
        table = this.parseIndex(this.tables);
      }
      const head = cursor.sexprHead();
      if (
        table !== null ||
        (cursor.kindAt() === TokenKind.lparen && head !== 'ref')
      ) {
        mode = {
          kind: 'active',
          table: table ?? 0,
          offset: this.parseOffset(),
        };
      }
    }
    let type: RefType | null = null;
    let init: ConstExpr[];
    if (cursor.eatKeyword('func')) {
      init = this.parseElemList(null, false);
    } else if (this.atValType()) {
      type = this.parseRefType();
      init = this.parseElemList(type, false);
    } else {
      init = this.parseElemList(null, false);
    }
    cursor.expectRParen();
    // `func x*` (and the legacy bare `x*`) is `(ref func) (ref.func x)*`.
    this.elements.push({ mode, type: type ?? refFunc, init });
  }

  private parseData(): void {
    const cursor: Cursor = this.cursor;
    cursor.eatId();
    let memory: number | null = null;
    if (cursor.eatSexpr('memory')) {
      memory = this.parseIndex(this.memories);
      cursor.expectRParen();
    } else if (this.atIndex() && cursor.kindAt(1) === TokenKind.lparen) {
      // Legacy `(data 0 (offset) ...)`: a bare memory index.
      memory = this.parseIndex(this.memories);
    }
    let offset: ConstExpr | null = null;
    if (memory !== null || cursor.kindAt() === TokenKind.lparen)
      offset = this.parseOffset();
    const chunks: Uint8Array[] = [];
    let length = 0;
    while (cursor.isString()) {
      const bytes = cursor.expectBytes();
      chunks.push(bytes);
      length += bytes.length;
    }
    cursor.expectRParen();
    this.datas_.push({
      mode:
        offset === null
          ? { kind: 'passive' }
          : { kind: 'active', memory: memory ?? 0, offset },
      bytes: concat(chunks, length),
    });
  }

  // Annotations

  /** Branch hint annotations left over: outside functions or before other instructions. */
  private checkBranchHints(first: number, end: number): void {
    const cursor: Cursor = this.cursor;
    for (const hint of cursor.branchHints.values()) {
      const at = hint.position;
      if (at < first || at > end || this.takenHints.has(at)) continue;
      const inFunc = this.funcRanges.some(
        ([start, stop]) => at > start && at < stop,
      );
      const problem = inFunc ? 'invalid target' : 'not in a function';
      cursor.failAt(`@${branchHintName} annotation: ${problem}`, hint.offset);
    }
  }

  /** Custom sections from `(@custom "name" (place)? "bytes"*)` between the fields. */
  private customSections(
    fields: readonly Field[],
    first: number,
    end: number,
  ): CustomSection[] {
    const cursor: Cursor = this.cursor;
    const customs: CustomSection[] = [];
    const boundaries = new Set<number>(fields.map((f) => f.start));
    boundaries.add(end);
    boundaries.add(first);
    let moduleNames = 0;
    for (const annotation of cursor.annotations) {
      if (annotation.position < first || annotation.position > end) continue;
      if (annotation.name === 'name') {
        this.checkNameAnnotation(annotation.position, annotation.offset, first);
        if (annotation.position === first && moduleNames++ > 0) {
          cursor.failAt('@name annotation: multiple module', annotation.offset);
        }
        continue;
      }
      if (!boundaries.has(annotation.position)) {
        cursor.failAt('misplaced @custom annotation', annotation.offset);
      }
      customs.push(this.parseCustom(annotation.tokens, annotation.offset));
    }
    return customs;
  }

  /** `(@name "...")` goes right after `module` or a definition's keyword (and `$id`). */
  private checkNameAnnotation(
    position: number,
    offset: number,
    first: number,
  ): void {
    if (position === first) return;
    const tokens = this.cursor.tokens;
    let before = position - 1;
    if (tokens.kind(before) === TokenKind.id) before--;
    if (
      before >= 0 &&
      tokens.kind(before) === TokenKind.keyword &&
      nameable.has(tokens.image(before))
    )
      return;
    this.cursor.failAt('misplaced @name annotation', offset);
  }

  private parseCustom(tokens: readonly Token[], offset: number): CustomSection {
    const cursor: Cursor = this.cursor;
    const fail = (message: string): never =>
      cursor.failAt(`@custom annotation: ${message}`, offset);
    const name = tokens[0];
    if (name?.kind !== TokenKind.string) return fail('missing section name');
    // Read the annotation with the cursor over its tokens, appended for a moment.
    const saved = cursor.pos;
    const all = cursor.tokens;
    const start = all.length;
    for (const t of tokens) all.pushToken(t);
    cursor.pos = start;
    try {
      const nameBytes = cursor.expectBytes();
      const sectionName = decodeUtf8(nameBytes);
      if (sectionName === null) return fail('malformed UTF-8 encoding');
      let after: SectionId = 11;
      if (cursor.kindAt() === TokenKind.lparen) {
        cursor.pos++;
        const where = cursor.peek();
        if (
          where?.kind !== TokenKind.keyword ||
          (where.image !== 'before' && where.image !== 'after')
        ) {
          return fail('malformed placement');
        }
        const place = cursor.peek(1);
        if (place?.kind !== TokenKind.keyword)
          return fail('malformed section kind');
        cursor.pos += 2;
        if (place.image === 'first') after = 0;
        else if (place.image === 'last') after = 11;
        else {
          const id = sectionNames[place.image];
          if (id === undefined) return fail('malformed section kind');
          if (where.image === 'after') after = id;
          else {
            const i = sectionOrder.indexOf(id);
            after = i <= 0 ? 0 : sectionOrder[i - 1]!;
          }
        }
        if (cursor.kindAt() !== TokenKind.rparen)
          return fail('unexpected token');
        cursor.pos++;
      }
      const chunks: Uint8Array[] = [];
      let length = 0;
      while (cursor.pos < all.length) {
        if (!cursor.isString()) return fail('unexpected token');
        const bytes = cursor.expectBytes();
        chunks.push(bytes);
        length += bytes.length;
      }
      return { name: sectionName, bytes: concat(chunks, length), after };
    } finally {
      all.length = start;
      cursor.pos = saved;
    }
  }
}

/** Keywords after which (and their `$id`) a `@name` annotation may stand. */
const nameable: ReadonlySet<string> = new Set([
  'func',
  'table',
  'memory',
  'global',
  'tag',
  'type',
  'elem',
  'data',
  'local',
  'param',
  'field',
  'block',
  'loop',
  'if',
  'try',
  'try_table',
]);

const refFunc: RefType = { kind: 'ref', nullable: false, heapType: 'func' };

function zeroConst(addressType: AddressType): Instr {
  return addressType === 'i64'
    ? { op: 'i64.const', args: [0n] }
    : { op: 'i32.const', args: [0] };
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
