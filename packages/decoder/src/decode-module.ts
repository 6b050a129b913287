// The module: header, then sections in their order, custom sections
// anywhere.
// https://webassembly.github.io/spec/core/binary/modules.html

import {
  type CustomSection,
  type DataSegment,
  type ElemSegment,
  type Export,
  type FeatureOptions,
  type Func,
  type Global,
  type Import,
  type Instr,
  type MemoryType,
  type Module,
  type NameSection,
  type RecGroup,
  type Table,
  type Tag,
  SectionId,
  resolveFeatures,
  retainShapes,
  shapeModuleBytes,
} from '@tswasm/ir';
import { DecodeError } from './decode-error.js';
import { USES_DATA_COUNT, readExpr } from './expr.js';
import { InstrReader } from './instr-reader.js';
import { Reader, unexpectedEndOfSection } from './reader.js';
import { readCodeSection } from './sections/code.js';
import type { DecodeContext } from './sections/context.js';
import {
  readFunctionSection,
  readGlobalSection,
  readMemorySection,
  readTableSection,
  readTagSection,
  readTypeSection,
} from './sections/definitions.js';
import {
  readExportSection,
  readImportSection,
} from './sections/imports-exports.js';
import { decodeNameSection } from './sections/names.js';
import { readDataSection, readElementSection } from './sections/segments.js';

/** Options of {@link decodeModule}. */
export interface DecodeOptions {
  /** Features whose encodings decode; merged over the defaults (Wasm 3.0). */
  readonly features?: FeatureOptions;
  /**
   * Decode every function body while decoding the module (they are still
   * returned as bytes), so that every malformation is reported now: bodies
   * are otherwise only checked when something decodes them.
   */
  readonly eagerBodies?: boolean;
}

/**
 * The position of each non-custom section id in the required order (tags
 * come between memories and globals, data count before code).
 */
const sectionOrder: readonly number[] = (() => {
  const order = [
    SectionId.type,
    SectionId.import,
    SectionId.function,
    SectionId.table,
    SectionId.memory,
    SectionId.tag,
    SectionId.global,
    SectionId.export,
    SectionId.start,
    SectionId.element,
    SectionId.dataCount,
    SectionId.code,
    SectionId.data,
  ];
  const positions: number[] = [];
  order.forEach((id, i) => (positions[id] = i + 1));
  return positions;
})();

const magic = [0x00, 0x61, 0x73, 0x6d];

/**
 * Decodes a binary module. Function bodies stay byte ranges of `bytes`
 * until something decodes them (`decodeFunctionBody`, `InstrReader`), unless
 * `eagerBodies` is set; constant expressions are always decoded.
 * @throws {DecodeError} if `bytes` is not a well-formed module; its message
 *   follows the spec test suite and its `offset` locates the fault
 * @see https://webassembly.github.io/spec/core/binary/modules.html
 */
export function decodeModule(
  bytes: Uint8Array,
  options?: DecodeOptions,
): Module {
  retainShapes('decoder', shapeDecode);
  try {
    return decode(bytes, options);
  } catch (error) {
    if (error instanceof DecodeError) throw error;
    // A bug must not surface as a TypeError/RangeError on bad input.
    throw new DecodeError('internal decoder error', 0, { cause: error });
  }
}

/**
 * The objects of `shapeModule` decoded in every mode (see retainShapes in @tswasm/ir): lazily,
 * eagerly, and each body to instructions as `decodeFunctionBody` does.
 */
function shapeDecode(): readonly unknown[] {
  const kept: unknown[] = [];
  const module = decode(shapeModuleBytes());
  kept.push(module, decode(shapeModuleBytes(), { eagerBodies: true }));
  for (const func of module.functions) {
    if (func.body.kind !== 'bytes') continue;
    const ir = new InstrReader(func.body.bytes, { offset: func.body.offset });
    const instrs: Instr[] = [];
    readExpr(ir, instrs);
    kept.push(ir, instrs);
  }
  return kept;
}

function decode(bytes: Uint8Array, options?: DecodeOptions): Module {
  const features = resolveFeatures(options?.features);
  const eagerBodies = options?.eagerBodies ?? false;
  const r = new Reader(bytes);
  r.eofMessage = 'unexpected end';
  readHeader(r);
  const ir = InstrReader.over(r, options?.features ?? features);
  const ctx: DecodeContext = { r, ir, features };

  let types: RecGroup[] = [];
  let imports: Import[] = [];
  let functionTypes: number[] = [];
  let tables: Table[] = [];
  let memories: MemoryType[] = [];
  let globals: Global[] = [];
  let tags: Tag[] = [];
  let exports: Export[] = [];
  let start: number | null = null;
  let elements: ElemSegment[] = [];
  let datas: DataSegment[] = [];
  let dataCount: number | null = null;
  let functions: Func[] = [];
  let codeFlags = 0;
  const customs: CustomSection[] = [];
  let names: NameSection | null = null;
  let lastId: SectionId = 0;
  let lastOrder = 0;

  while (r.pos < r.end) {
    const idPos = r.pos;
    const id = r.u8();
    const hasTags = features.exceptions || features.legacyExceptions;
    if (id > 13 || (id === SectionId.tag && !hasTags)) {
      r.fail('malformed section id', idPos);
    }
    r.eofMessage = unexpectedEndOfSection;
    const size = r.len32();
    const contentStart = r.pos;
    const end = contentStart + size;
    if (id === SectionId.custom) {
      const name = r.name();
      if (r.pos > end) r.fail(unexpectedEndOfSection, end);
      const content = r.slice(r.pos, end);
      customs.push({ name, bytes: content, after: lastId });
      if (name === 'name' && names === null) names = decodeNameSection(content);
      r.pos = end;
      continue;
    }
    const order = sectionOrder[id]!;
    if (order <= lastOrder) {
      r.fail('unexpected content after last section', idPos);
    }
    lastOrder = order;
    lastId = id as SectionId;
    switch (id as SectionId) {
      case SectionId.type:
        types = readTypeSection(ctx);
        break;
      case SectionId.import:
        imports = readImportSection(ctx);
        break;
      case SectionId.function:
        functionTypes = readFunctionSection(ctx);
        break;
      case SectionId.table:
        tables = readTableSection(ctx);
        break;
      case SectionId.memory:
        memories = readMemorySection(ctx);
        break;
      case SectionId.tag:
        tags = readTagSection(ctx);
        break;
      case SectionId.global:
        globals = readGlobalSection(ctx);
        break;
      case SectionId.export:
        exports = readExportSection(ctx);
        break;
      case SectionId.start:
        start = r.u32();
        break;
      case SectionId.element:
        elements = readElementSection(ctx);
        break;
      case SectionId.dataCount:
        dataCount = r.u32();
        break;
      case SectionId.code: {
        const code = readCodeSection(ctx, functionTypes, eagerBodies);
        functions = code.functions;
        codeFlags = code.flags;
        break;
      }
      case SectionId.data:
        datas = readDataSection(ctx);
        break;
      case SectionId.custom:
        break;
    }
    if (r.pos !== end) r.fail('section size mismatch', contentStart);
  }

  if (functionTypes.length !== functions.length) {
    r.fail('function and code section have inconsistent lengths', r.end);
  }
  if (dataCount !== null && dataCount !== datas.length) {
    r.fail('data count and data section have inconsistent lengths', r.end);
  }
  if (dataCount === null && (codeFlags & USES_DATA_COUNT) !== 0) {
    r.fail('data count section required', r.end);
  }

  return {
    types,
    imports,
    functions,
    tables,
    memories,
    globals,
    tags,
    exports,
    start,
    elements,
    datas,
    dataCount,
    customs,
    names,
  };
}

const version = [0x01, 0x00, 0x00, 0x00];

/** The magic and the version, each read as a whole word first. */
function readHeader(r: Reader): void {
  for (const [expected, message, at] of [
    [magic, 'magic header not detected', 0],
    [version, 'unknown binary version', 4],
  ] as const) {
    const word = r.take(4);
    for (let i = 0; i < 4; i++) {
      if (word[i] !== expected[i]) r.fail(message, at);
    }
  }
}
