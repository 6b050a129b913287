// Module -> binary, canonically: sections in the spec's order, empty ones
// left out, every LEB128 as short as it can be, custom sections back where
// `after` says they were.
// https://webassembly.github.io/spec/core/binary/modules.html

import {
  type CustomSection,
  type Func,
  type Module,
  SectionId,
} from '@tswasm/ir';
import { at } from './encode-error.js';
import { encodeNameSection } from './encode-name-section.js';
import { hasDataIndex, writeExpr } from './instrs.js';
import { writeDataSegment, writeElemSegment } from './segments.js';
import {
  writeGlobalType,
  writeMemoryType,
  writeRecGroup,
  writeTableType,
  writeTagType,
  writeValType,
} from './types.js';
import { ByteWriter } from './writer.js';

/** Options of `encodeModule`. */
export interface EncodeOptions {
  /** Write the module's custom sections (the default); `false` drops them. */
  readonly customSections?: boolean;
  /**
   * Also write `module.names` (a text module's `$id`s) as a `name` section,
   * the last section, as `wat2wasm --debug-names` does; not when `customs`
   * already holds a `name` section. Off by default.
   */
  readonly debugNames?: boolean;
}

/** Non-custom section ids in the order the binary format prescribes. */
const sectionOrder: readonly SectionId[] = [
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

/** 1-based position of a section id in `sectionOrder`; 0 for custom. */
const positionOf: ReadonlyMap<number, number> = new Map(
  sectionOrder.map((id, i) => [id, i + 1]),
);

const externKindCodes = {
  func: 0,
  table: 1,
  memory: 2,
  global: 3,
  tag: 4,
} as const;

const magicAndVersion = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
]);

/** Writes a section with its id and size, unless `skip`. */
function section(
  w: ByteWriter,
  id: SectionId,
  skip: boolean,
  write: () => void,
): void {
  if (skip) return;
  w.byte(id);
  w.sized(write);
}

/** Writes `items` as a vector, each inside `at([field, i])`. */
function vector<T>(
  w: ByteWriter,
  field: string,
  items: readonly T[],
  write: (item: T) => void,
): void {
  w.u32(items.length);
  for (let i = 0; i < items.length; i++) at([field, i], () => write(items[i]!));
}

function needsDataCount(module: Module): boolean {
  if (module.dataCount !== null) return true;
  return module.functions.some(
    (func) => func.body.kind === 'instrs' && hasDataIndex(func.body.instrs),
  );
}

function writeCode(w: ByteWriter, func: Func): void {
  w.sized(() => {
    w.u32(func.locals.length);
    for (const group of func.locals) {
      w.u32(group.count);
      writeValType(w, group.type);
    }
    const body = func.body;
    if (body.kind === 'bytes') {
      w.bytes(body.bytes);
    } else {
      at(['body'], () => writeExpr(w, body.instrs));
    }
  });
}

/**
 * Encodes a module as a canonical binary: sections in the spec's order,
 * empty sections omitted (unless a custom section's `after` names one), the
 * shortest LEB128s, custom sections placed by their `after`. Function bodies kept as bytes are copied as they are;
 * bodies of instructions are encoded from the instruction table. A data
 * count section is written when `dataCount` is not `null` or when an
 * instruction body uses a data index.
 * @throws {EncodeError} when the module cannot be written (an unknown
 *   instruction, a malformed immediate, an integer out of range); its
 *   `path` says where.
 * @see https://webassembly.github.io/spec/core/binary/modules.html
 */
export function encodeModule(
  module: Module,
  options: EncodeOptions = {},
): Uint8Array {
  const customs = options.customSections === false ? [] : module.customs;
  const w = new ByteWriter(estimateSize(module));
  w.bytes(magicAndVersion);

  // Custom sections, stably sorted by where they go.
  const pending = customs
    .map((custom, index) => ({
      custom,
      index,
      position: positionOf.get(custom.after) ?? 0,
    }))
    .sort((a, b) => a.position - b.position || a.index - b.index);
  let next = 0;
  /** Writes the custom sections that go before the section at `position`. */
  const flushCustoms = (position: number): void => {
    while (next < pending.length && pending[next]!.position < position) {
      const { custom, index } = pending[next++]!;
      at(['customs', index], () => writeCustom(w, custom));
    }
  };

  const dataCount = needsDataCount(module)
    ? (module.dataCount ?? module.datas.length)
    : null;
  const definedFuncs = module.functions;
  // An empty section is still written when a custom section follows it, so
  // that decoding gives back the same `after`.
  const anchors = new Set(customs.map((custom) => custom.after));
  const empty = (id: SectionId, length: number): boolean =>
    length === 0 && !anchors.has(id);

  for (const id of sectionOrder) {
    flushCustoms(positionOf.get(id)!);
    switch (id) {
      case SectionId.type:
        section(w, id, empty(id, module.types.length), () =>
          vector(w, 'types', module.types, (group) => writeRecGroup(w, group)),
        );
        break;
      case SectionId.import:
        section(w, id, empty(id, module.imports.length), () =>
          vector(w, 'imports', module.imports, (imp) => {
            w.name(imp.module);
            w.name(imp.name);
            const desc = imp.desc;
            w.byte(externKindCodes[desc.kind]);
            switch (desc.kind) {
              case 'func':
                w.u32(desc.typeIndex);
                break;
              case 'table':
                writeTableType(w, desc.type);
                break;
              case 'memory':
                writeMemoryType(w, desc.type);
                break;
              case 'global':
                writeGlobalType(w, desc.type);
                break;
              case 'tag':
                writeTagType(w, desc.type);
                break;
            }
          }),
        );
        break;
      case SectionId.function:
        section(w, id, empty(id, definedFuncs.length), () =>
          vector(w, 'functions', definedFuncs, (func) => w.u32(func.typeIndex)),
        );
        break;
      case SectionId.table:
        section(w, id, empty(id, module.tables.length), () =>
          vector(w, 'tables', module.tables, (table) => {
            if (table.init === null) {
              writeTableType(w, table.type);
            } else {
              // 0x40 0x00: a table with an initialiser (function references).
              w.byte(0x40);
              w.byte(0x00);
              writeTableType(w, table.type);
              at(['init'], () => writeExpr(w, table.init!));
            }
          }),
        );
        break;
      case SectionId.memory:
        section(w, id, empty(id, module.memories.length), () =>
          vector(w, 'memories', module.memories, (memory) =>
            writeMemoryType(w, memory),
          ),
        );
        break;
      case SectionId.tag:
        section(w, id, empty(id, module.tags.length), () =>
          vector(w, 'tags', module.tags, (tag) => writeTagType(w, tag.type)),
        );
        break;
      case SectionId.global:
        section(w, id, empty(id, module.globals.length), () =>
          vector(w, 'globals', module.globals, (global) => {
            writeGlobalType(w, global.type);
            at(['init'], () => writeExpr(w, global.init));
          }),
        );
        break;
      case SectionId.export:
        section(w, id, empty(id, module.exports.length), () =>
          vector(w, 'exports', module.exports, (exp) => {
            w.name(exp.name);
            w.byte(externKindCodes[exp.kind]);
            w.u32(exp.index);
          }),
        );
        break;
      case SectionId.start: {
        const start = module.start;
        section(w, id, start === null, () =>
          at(['start'], () => w.u32(start!)),
        );
        break;
      }
      case SectionId.element:
        section(w, id, empty(id, module.elements.length), () =>
          vector(w, 'elements', module.elements, (segment) =>
            writeElemSegment(w, segment),
          ),
        );
        break;
      case SectionId.dataCount:
        section(w, id, dataCount === null, () =>
          at(['dataCount'], () => w.u32(dataCount!)),
        );
        break;
      case SectionId.code:
        section(w, id, empty(id, definedFuncs.length), () =>
          vector(w, 'functions', definedFuncs, (func) => writeCode(w, func)),
        );
        break;
      case SectionId.data:
        section(w, id, empty(id, module.datas.length), () =>
          vector(w, 'datas', module.datas, (segment) =>
            writeDataSegment(w, segment),
          ),
        );
        break;
      case SectionId.custom:
        throw new Error('internal: custom sections are not in sectionOrder');
    }
  }
  flushCustoms(Infinity);
  const names = module.names;
  if (
    options.debugNames === true &&
    names !== null &&
    !customs.some((custom) => custom.name === 'name')
  ) {
    w.byte(SectionId.custom);
    w.sized(() => {
      w.name('name');
      at(['names'], () => w.bytes(encodeNameSection(names)));
    });
  }
  return w.finish();
}

function writeCustom(w: ByteWriter, custom: CustomSection): void {
  w.byte(SectionId.custom);
  w.sized(() => {
    w.name(custom.name);
    w.bytes(custom.bytes);
  });
}

/** A first guess at the binary's size, so that large modules copy less. */
function estimateSize(module: Module): number {
  let size = 64;
  for (const func of module.functions) {
    size += func.body.kind === 'bytes' ? func.body.bytes.length + 8 : 64;
  }
  for (const segment of module.datas) size += segment.bytes.length + 8;
  for (const custom of module.customs)
    size += custom.bytes.length + custom.name.length + 8;
  return size;
}
