// State shared by the module and instruction parsers: index spaces with
// their symbolic names, the type section, and value types.
// https://webassembly.github.io/spec/core/text/modules.html#indices

import type {
  AbsHeapType,
  Features,
  FuncType,
  HeapType,
  NameSection,
  RecGroup,
  RefType,
  SubType,
  ValType,
} from '@tswasm/ir';
import { type Cursor } from './cursor.js';
import { TokenKind } from './lexer.js';
import { parseNat, parseU32Text } from './numbers.js';
import { decodeStringLiteral, decodeUtf8 } from './strings.js';

/** One index space with its `$names`. */
export class IndexSpace {
  readonly names: Map<string, number> = new Map();
  count = 0;
  /** The space's name in messages: `func`, `local`, ... */
  readonly kind: string;
  constructor(kind: string) {
    this.kind = kind;
  }
}

/** The number and vector types by keyword. */
const numericTypes: ReadonlyMap<string, ValType> = new Map<string, ValType>(
  (['i32', 'i64', 'f32', 'f64', 'v128'] as const).map((t) => [t, t]),
);

const absHeapTypes: ReadonlySet<string> = new Set<AbsHeapType>([
  'func',
  'nofunc',
  'extern',
  'noextern',
  'any',
  'eq',
  'i31',
  'struct',
  'array',
  'none',
  'exn',
  'noexn',
]);

const shortRefTypes: ReadonlyMap<string, RefType> = new Map(
  (
    [
      ['funcref', 'func'],
      ['externref', 'extern'],
      ['anyref', 'any'],
      ['eqref', 'eq'],
      ['i31ref', 'i31'],
      ['structref', 'struct'],
      ['arrayref', 'array'],
      ['nullref', 'none'],
      ['nullfuncref', 'nofunc'],
      ['nullexternref', 'noextern'],
      ['exnref', 'exn'],
      ['nullexnref', 'noexn'],
    ] as const
  ).map(([name, heapType]) => [
    name,
    { kind: 'ref', nullable: true, heapType },
  ]),
);

const typeKeywords: ReadonlySet<string> = new Set([
  'i32',
  'i64',
  'f32',
  'f64',
  'v128',
  'i8',
  'i16',
  'ref',
  'null',
  'mut',
  'func',
  'extern',
  'any',
  'eq',
  'i31',
  'struct',
  'array',
  'none',
  'nofunc',
  'noextern',
  'exn',
  'noexn',
  'param',
  'result',
  'type',
  'local',
  'field',
  'sub',
  'final',
  'rec',
  'shared',
  'offset',
  'item',
  'declare',
  'import',
  'export',
  'table',
  'memory',
  'global',
  'tag',
  'elem',
  'data',
  'start',
  'then',
  'else',
  'end',
  'do',
  'module',
]);

/**
 * Keywords the grammar knows; anything else where a type is expected is an
 * unknown operator (e.g. the obsolete `anyfunc`).
 */
function knownKeyword(word: string): boolean {
  return typeKeywords.has(word) || word.includes('.') || word.includes('=');
}

/** A function type's key for finding an identical implicit type. */
export function funcTypeKey(
  params: readonly ValType[],
  results: readonly ValType[],
): string {
  let key = '';
  for (const p of params) key += valTypeKey(p) + ',';
  key += '->';
  for (const r of results) key += valTypeKey(r) + ',';
  return key;
}

function valTypeKey(type: ValType): string {
  if (typeof type === 'string') return type;
  return `${type.nullable ? 'null ' : ''}${String(type.heapType)}`;
}

/** The names of an index space by index: `names` turned around. */
function byIndex(names: ReadonlyMap<string, number>): Map<number, string> {
  const map = new Map<number, string>();
  for (const [name, index] of names) map.set(index, name);
  return map;
}

/** `byIndex` of each inner map. */
function byIndexEach(
  names: ReadonlyMap<number, ReadonlyMap<string, number>>,
): Map<number, Map<number, string>> {
  const map = new Map<number, Map<number, string>>();
  for (const [index, inner] of names) map.set(index, byIndex(inner));
  return map;
}

const nameAnnotationsOf = new WeakMap<Cursor, Map<number, string> | null>();

/**
 * The names of the `(@name "...")` annotations of a source, by the token
 * position right after each; `null` when there are none. One that does not
 * hold exactly one UTF-8 string names nothing.
 * https://github.com/WebAssembly/annotations/blob/main/proposals/annotations/Overview.md
 */
function nameAnnotations(cursor: Cursor): Map<number, string> | null {
  // A script's modules share its cursor: read its annotations once.
  const cached = nameAnnotationsOf.get(cursor);
  if (cached !== undefined) return cached;
  let found: Map<number, string> | null = null;
  for (const annotation of cursor.annotations) {
    if (annotation.name !== 'name') continue;
    const [token, extra] = annotation.tokens;
    if (token?.kind !== TokenKind.string || extra !== undefined) continue;
    const bytes = decodeStringLiteral(token.image);
    if (typeof bytes === 'string') continue;
    const text = decodeUtf8(bytes);
    if (text === null) continue;
    (found ??= new Map()).set(annotation.position, text);
  }
  nameAnnotationsOf.set(cursor, found);
  return found;
}

/** The parser state of one module. */
export class ParserContext {
  readonly cursor: Cursor;
  readonly features: Features;
  readonly types: IndexSpace = new IndexSpace('type');
  readonly funcs: IndexSpace = new IndexSpace('func');
  readonly tables: IndexSpace = new IndexSpace('table');
  readonly memories: IndexSpace = new IndexSpace('memory');
  readonly globals: IndexSpace = new IndexSpace('global');
  readonly tags: IndexSpace = new IndexSpace('tag');
  readonly elems: IndexSpace = new IndexSpace('elem');
  readonly datas: IndexSpace = new IndexSpace('data');
  /** Every type definition so far (explicit ones, then implicit ones). */
  readonly typeDefs: SubType[] = [];
  readonly recGroups: RecGroup[] = [];
  /** Field names of struct types, by type index. */
  readonly fieldNames: Map<number, Map<string, number>> = new Map();
  /**
   * The names of locals (params first) by function index, for the
   * functions that name one.
   */
  readonly localNames: Map<number, ReadonlyMap<string, number>> = new Map();
  /** The module's `$id`, from `(module $id ...)`. */
  moduleName: string | null = null;
  /** When false, `nameSection` gives `null` without looking. */
  keepNames = true;
  /** `nameAnnotations` of the source; `null` when it has none. */
  private readonly annotatedNames: Map<number, string> | null;
  /** Names from `@name` annotations of definitions, by index space. */
  private readonly annotatedSpaces: Map<IndexSpace, Map<number, string>> =
    new Map();
  /** Token position of the first field, where `@name` names the module. */
  private readonly firstField: number;
  /** Function types usable for an implicit type use, by `funcTypeKey`. */
  private readonly funcTypeIndex: Map<string, number> = new Map();

  /** `cursor` is at the module's first field (after `(module $id?`). */
  constructor(cursor: Cursor, features: Features) {
    this.cursor = cursor;
    this.features = features;
    this.firstField = cursor.pos;
    this.annotatedNames =
      cursor.annotations.length === 0 ? null : nameAnnotations(cursor);
  }

  /**
   * The `name` section of the module's `$id`s and `@name` annotations (which
   * win), built from the index spaces once they are complete; `null` when
   * the module has neither (or when `keepNames` is off). Labels are left
   * out: their ids are dropped as the body is parsed, and wabt writes no
   * label names either.
   */
  nameSection(): NameSection | null {
    if (!this.keepNames) return null;
    const names: { -readonly [K in keyof NameSection]: NameSection[K] } = {};
    let found = false;
    // A `@name` annotation wins over the `$id`.
    const moduleName =
      this.annotatedNames?.get(this.firstField) ?? this.moduleName;
    if (moduleName !== null) {
      names.module = moduleName;
      found = true;
    }
    const spaces = [
      ['functions', this.funcs],
      ['types', this.types],
      ['tables', this.tables],
      ['memories', this.memories],
      ['globals', this.globals],
      ['elements', this.elems],
      ['datas', this.datas],
      ['tags', this.tags],
    ] as const;
    for (const [key, space] of spaces) {
      const annotated = this.annotatedSpaces.get(space);
      if (space.names.size === 0 && annotated === undefined) continue;
      const map = byIndex(space.names);
      if (annotated !== undefined)
        for (const [index, text] of annotated) map.set(index, text);
      names[key] = map;
      found = true;
    }
    if (this.localNames.size > 0) {
      names.locals = byIndexEach(this.localNames);
      found = true;
    }
    if (this.fieldNames.size > 0) {
      names.fields = byIndexEach(this.fieldNames);
      found = true;
    }
    return found ? names : null;
  }

  /** Gives `name` (if any) the next index of `space`. */
  define(space: IndexSpace, name: string | null, at: number): number {
    const index = space.count++;
    if (name !== null) {
      if (space.names.has(name))
        this.cursor.fail(`duplicate ${space.kind}`, at);
      space.names.set(name, index);
    }
    if (this.annotatedNames !== null) this.annotate(space, name, at, index);
    return index;
  }

  /**
   * Takes the name of a `@name` annotation right after the keyword (and
   * `$id`) of a module-level definition. Those of locals, fields and labels
   * are not kept.
   */
  private annotate(
    space: IndexSpace,
    name: string | null,
    at: number,
    index: number,
  ): void {
    if (space.kind === 'local') return;
    const text = this.annotatedNames!.get(name === null ? at : at + 1);
    if (text === undefined) return;
    let names = this.annotatedSpaces.get(space);
    if (names === undefined) {
      names = new Map();
      this.annotatedSpaces.set(space, names);
    }
    names.set(index, text);
  }

  /** True if the current token can be an index (number or `$id`). */
  atIndex(): boolean {
    const kind = this.cursor.kindAt();
    if (kind === TokenKind.id) return true;
    if (kind !== TokenKind.atom) return false;
    const c = this.cursor.tokens.firstChar(this.cursor.pos);
    return c >= 0x30 && c <= 0x39;
  }

  /** Consumes an index of `space`, numeric or symbolic. */
  parseIndex(space: IndexSpace): number {
    const cursor: Cursor = this.cursor;
    const kind = cursor.kindAt();
    if (kind === TokenKind.id) {
      const index = space.names.get(cursor.idName());
      if (index === undefined) cursor.fail(`unknown ${space.kind}`);
      cursor.pos++;
      return index;
    }
    if (kind === TokenKind.atom) {
      let value = cursor.tokens.smallNat(cursor.pos);
      if (value < 0) {
        const text = parseU32Text(cursor.imageAt());
        if (text === null) cursor.fail('unknown operator');
        value = text;
      }
      cursor.pos++;
      return value;
    }
    if (kind === -1) return cursor.fail('unexpected end of input');
    return cursor.fail('unexpected token');
  }

  /** Consumes an index if one is next. */
  parseOptionalIndex(space: IndexSpace): number | null {
    return this.atIndex() ? this.parseIndex(space) : null;
  }

  /** Consumes a u32 literal. */
  parseU32(): number {
    const cursor: Cursor = this.cursor;
    if (cursor.kindAt() !== TokenKind.atom)
      return cursor.fail('unexpected token');
    const small = cursor.tokens.smallNat(cursor.pos);
    if (small >= 0) {
      cursor.pos++;
      return small;
    }
    const image = cursor.imageAt();
    const value = parseU32Text(image);
    if (value === null)
      cursor.fail(
        parseNat(image) === null ? 'unknown operator' : 'constant out of range',
      );
    cursor.pos++;
    return value;
  }

  // Types

  /** A heap type: an abstract one or a type index. */
  parseHeapType(): HeapType {
    const cursor: Cursor = this.cursor;
    const kind = cursor.kindAt();
    if (kind === TokenKind.keyword) {
      const image = cursor.imageAt();
      if (absHeapTypes.has(image)) {
        cursor.pos++;
        return image as AbsHeapType;
      }
    }
    if (kind === TokenKind.id || kind === TokenKind.atom) {
      return this.parseIndex(this.types);
    }
    return cursor.fail('unexpected token');
  }

  /** True if a value type starts here. */
  atValType(): boolean {
    const cursor: Cursor = this.cursor;
    if (cursor.kindAt() === TokenKind.keyword) {
      const w = cursor.imageAt();
      return (
        w === 'i32' ||
        w === 'i64' ||
        w === 'f32' ||
        w === 'f64' ||
        w === 'v128' ||
        shortRefTypes.has(w)
      );
    }
    return cursor.atSexpr('ref');
  }

  /** A reference type: `(ref null? ht)` or a short form like `funcref`. */
  parseRefType(): RefType {
    const cursor: Cursor = this.cursor;
    if (cursor.kindAt() === TokenKind.keyword) {
      const image = cursor.imageAt();
      const short = shortRefTypes.get(image);
      if (short === undefined) {
        cursor.fail(
          knownKeyword(image)
            ? 'unexpected token'
            : `unknown operator ${image}`,
        );
      }
      cursor.pos++;
      return short;
    }
    if (!cursor.eatSexpr('ref')) cursor.fail('unexpected token');
    const nullable = cursor.eatKeyword('null');
    const heapType = this.parseHeapType();
    cursor.expectRParen();
    return { kind: 'ref', nullable, heapType };
  }

  /** A value type. */
  parseValType(): ValType {
    const cursor: Cursor = this.cursor;
    if (cursor.kindAt() === TokenKind.keyword) {
      const type = numericTypes.get(cursor.imageAt());
      if (type !== undefined) {
        cursor.pos++;
        return type;
      }
    }
    return this.parseRefType();
  }

  /** Adds a type definition (explicit, or implicit from a type use). */
  addTypeDef(sub: SubType): number {
    const index = this.typeDefs.length;
    this.typeDefs.push(sub);
    return index;
  }

  /** Registers the types of a rec group, making their func types reusable. */
  addRecGroup(group: RecGroup): void {
    this.recGroups.push(group);
    const only = group.types[0];
    if (
      group.types.length === 1 &&
      only !== undefined &&
      only.final &&
      only.supertypes.length === 0
    ) {
      const composite = only.composite;
      if (composite.kind === 'func') {
        const key = funcTypeKey(composite.params, composite.results);
        if (!this.funcTypeIndex.has(key))
          this.funcTypeIndex.set(key, this.typeDefs.length - 1);
      }
    }
  }

  /**
   * The index of the first type equal to `[params] -> [results]`, appending
   * a new type definition when there is none (type use abbreviation).
   */
  implicitFuncType(
    params: readonly ValType[],
    results: readonly ValType[],
  ): number {
    const key = funcTypeKey(params, results);
    const found = this.funcTypeIndex.get(key);
    if (found !== undefined) return found;
    const composite: FuncType = { kind: 'func', params, results };
    const sub: SubType = { final: true, supertypes: [], composite };
    this.addTypeDef(sub);
    this.addRecGroup({ types: [sub] });
    return this.typeDefs.length - 1;
  }
}
