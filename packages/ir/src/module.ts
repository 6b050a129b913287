// The module structure.
// https://webassembly.github.io/spec/core/syntax/modules.html

import type { Instr } from './instr.js';
import type {
  ExternKind,
  GlobalType,
  MemoryType,
  RecGroup,
  RefType,
  TableType,
  TagType,
  ValType,
} from './types.js';

/**
 * A constant expression: the instructions before the final `end` (which is
 * not included).
 */
export type ConstExpr = readonly Instr[];

/** What an import brings in. */
export type ImportDesc =
  | { readonly kind: 'func'; readonly typeIndex: number }
  | { readonly kind: 'table'; readonly type: TableType }
  | { readonly kind: 'memory'; readonly type: MemoryType }
  | { readonly kind: 'global'; readonly type: GlobalType }
  | { readonly kind: 'tag'; readonly type: TagType };

/** An import. */
export interface Import {
  readonly module: string;
  readonly name: string;
  readonly desc: ImportDesc;
}

/** An export. `index` is in the index space of `kind`. */
export interface Export {
  readonly name: string;
  readonly kind: ExternKind;
  readonly index: number;
}

/** A run of `count` locals of one type, as the binary format groups them. */
export interface LocalGroup {
  readonly count: number;
  readonly type: ValType;
}

/**
 * A function body. Binary modules keep it as the bytes of the original
 * module (`bytes` spans the instructions including the final `end`, after
 * the locals; `offset` is the offset of `bytes[0]` in the module), decoded
 * only when asked. Modules built from text or by hand hold instructions
 * (without the final `end`).
 */
export type FuncBody =
  | {
      readonly kind: 'bytes';
      readonly bytes: Uint8Array;
      /** Byte offset of `bytes[0]` in the module binary. 0-based. */
      readonly offset: number;
    }
  | { readonly kind: 'instrs'; readonly instrs: readonly Instr[] };

/** A function defined by the module. */
export interface Func {
  readonly typeIndex: number;
  readonly locals: readonly LocalGroup[];
  readonly body: FuncBody;
  /** Byte offset of the function's entry (its size field) in the code section. */
  readonly offset?: number;
}

/** A table defined by the module, with its initialiser (`null`: null refs). */
export interface Table {
  readonly type: TableType;
  readonly init: ConstExpr | null;
}

/** A global defined by the module. */
export interface Global {
  readonly type: GlobalType;
  readonly init: ConstExpr;
}

/** A tag defined by the module. */
export interface Tag {
  readonly type: TagType;
}

/** Where an element segment goes. */
export type ElemMode =
  | { readonly kind: 'passive' }
  | { readonly kind: 'declarative' }
  | {
      readonly kind: 'active';
      readonly table: number;
      readonly offset: ConstExpr;
    };

/**
 * An element segment. Every item is a constant expression; `ref.func x`
 * stands for a plain function index.
 */
export interface ElemSegment {
  readonly mode: ElemMode;
  readonly type: RefType;
  readonly init: readonly ConstExpr[];
  /**
   * The binary encoding's flags (0-7) where it came from a binary, so that
   * encoding gives back the same bytes; the encoder picks the smallest
   * encoding where this is absent or does not fit.
   */
  readonly encoding?: number;
}

/** Where a data segment goes. */
export type DataMode =
  | { readonly kind: 'passive' }
  | {
      readonly kind: 'active';
      readonly memory: number;
      readonly offset: ConstExpr;
    };

/** A data segment. */
export interface DataSegment {
  readonly mode: DataMode;
  readonly bytes: Uint8Array;
  /** The binary encoding's flags (0-2), kept as for element segments. */
  readonly encoding?: number;
}

/** Binary section ids. */
export const SectionId = {
  custom: 0,
  type: 1,
  import: 2,
  function: 3,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  start: 8,
  element: 9,
  code: 10,
  data: 11,
  dataCount: 12,
  tag: 13,
} as const;

/** A binary section id. */
export type SectionId = (typeof SectionId)[keyof typeof SectionId];

/**
 * A custom section. `after` is the id of the last non-custom section before
 * it (0 when it comes before them all), so it can be written back in place.
 */
export interface CustomSection {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly after: SectionId;
}

/** Names from the `name` custom section, all optional. */
export interface NameSection {
  readonly module?: string;
  readonly functions?: ReadonlyMap<number, string>;
  readonly locals?: ReadonlyMap<number, ReadonlyMap<number, string>>;
  readonly labels?: ReadonlyMap<number, ReadonlyMap<number, string>>;
  readonly types?: ReadonlyMap<number, string>;
  readonly tables?: ReadonlyMap<number, string>;
  readonly memories?: ReadonlyMap<number, string>;
  readonly globals?: ReadonlyMap<number, string>;
  readonly elements?: ReadonlyMap<number, string>;
  readonly datas?: ReadonlyMap<number, string>;
  readonly fields?: ReadonlyMap<number, ReadonlyMap<number, string>>;
  readonly tags?: ReadonlyMap<number, string>;
}

/**
 * A WebAssembly module. Index spaces (functions, tables, memories, globals,
 * tags) start with the imports of that kind, then the definitions.
 */
export interface Module {
  readonly types: readonly RecGroup[];
  readonly imports: readonly Import[];
  readonly functions: readonly Func[];
  readonly tables: readonly Table[];
  readonly memories: readonly MemoryType[];
  readonly globals: readonly Global[];
  readonly tags: readonly Tag[];
  readonly exports: readonly Export[];
  readonly start: number | null;
  readonly elements: readonly ElemSegment[];
  readonly datas: readonly DataSegment[];
  /**
   * The data count section's value, or `null` when the module has none.
   * The encoder writes one whenever a function uses `memory.init` or
   * `data.drop`, and whenever this is not `null`.
   */
  readonly dataCount: number | null;
  /** Custom sections in their order, `name` included. */
  readonly customs: readonly CustomSection[];
  /**
   * Debug names: a decoded module's `name` section (if well-formed; the
   * section's bytes also stay in `customs`), or a text module's `$id`s and
   * `@name` annotations. `null` when there are none. The encoder writes
   * `customs` only, never this.
   */
  readonly names: NameSection | null;
}

/** An empty module, to build on with spread syntax. */
export function emptyModule(): Module {
  return {
    types: [],
    imports: [],
    functions: [],
    tables: [],
    memories: [],
    globals: [],
    tags: [],
    exports: [],
    start: null,
    elements: [],
    datas: [],
    dataCount: null,
    customs: [],
    names: null,
  };
}
