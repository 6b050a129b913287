// `tswasm objdump`: what a binary holds, in the shape of wabt's wasm-objdump.

import {
  type CompositeType,
  type ConstExpr,
  type Instr,
  type Limits,
  type Module,
  type SubType,
  type TableType,
  countImports,
  flattenTypes,
  funcTypeAt,
  formatValType,
} from '@tswasm/ir';
import { hex } from '../diagnostics.js';
import { funcNames } from '../func-names.js';
import {
  type NameLookup,
  formatConstExpr,
  formatInstr,
} from './format-instr.js';
import { readSectionHeaders, sectionNames } from './section-headers.js';

/** What to print. */
export interface ObjdumpOptions {
  /** The file name in the first line. */
  readonly name: string;
  /** Every defined function's instructions (with offsets), to disassemble. */
  readonly bodies: readonly (readonly Instr[])[] | null;
}

const hex8 = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
const hex6 = (n: number): string => n.toString(16).padStart(6, '0');

function formatComposite(type: CompositeType): string {
  switch (type.kind) {
    case 'func':
      return `(${type.params.map(formatValType).join(', ')}) -> ${
        type.results.length === 1
          ? formatValType(type.results[0]!)
          : `(${type.results.map(formatValType).join(', ')})`
      }`;
    case 'struct':
      return `struct {${type.fields
        .map((f) => `${f.mutable ? 'mut ' : ''}${formatValType(f.storage)}`)
        .join(', ')}}`;
    case 'array':
      return `array ${type.element.mutable ? 'mut ' : ''}${formatValType(type.element.storage)}`;
  }
}

function formatSubType(type: SubType): string {
  const supers =
    type.supertypes.length > 0 ? ` sub ${type.supertypes.join(' ')}` : '';
  const open = type.final ? '' : ' (open)';
  return `${formatComposite(type.composite)}${supers}${open}`;
}

function formatLimits(limits: Limits, unit: string): string {
  const max = limits.max === null ? '' : ` max=${limits.max}`;
  return `${unit}: initial=${limits.min}${max}`;
}

function formatTableType(type: TableType): string {
  const address = type.addressType === 'i64' ? ' i64' : '';
  return `type=${formatValType(type.elemType)}${address} ${formatLimits(type.limits, 'elements')}`;
}

function hexdump(bytes: Uint8Array, base: number, lines: string[]): void {
  for (let at = 0; at < bytes.length; at += 16) {
    const row = bytes.subarray(at, at + 16);
    let hexText = '';
    for (let i = 0; i < 16; i += 2) {
      const pair = Array.from(row.subarray(i, i + 2), (b) =>
        b.toString(16).padStart(2, '0'),
      ).join('');
      hexText += pair.padEnd(4) + ' ';
    }
    const ascii = Array.from(row, (b) =>
      b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.',
    ).join('');
    lines.push(
      `  - ${(base + at).toString(16).padStart(7, '0')}: ${hexText} ${ascii}`,
    );
  }
}

/** The memory address a constant offset expression gives, where it is one `*.const`. */
function constOffset(expr: ConstExpr): number {
  const only = expr.length === 1 ? expr[0] : undefined;
  if (only?.op === 'i32.const') return Number(only.args[0]);
  if (only?.op === 'i64.const') return Number(only.args[0]);
  return 0;
}

/** Prints the sections, their details, and optionally a disassembly. */
export function objdump(
  bytes: Uint8Array,
  module: Module,
  options: ObjdumpOptions,
): string {
  const lines: string[] = [];
  const version = new DataView(bytes.buffer, bytes.byteOffset).getUint32(
    4,
    true,
  );
  lines.push(`${options.name}:\tfile format wasm ${hex(version)}`, '');

  // Sections
  lines.push('Sections:', '');
  for (const header of readSectionHeaders(bytes)) {
    const name = (sectionNames[header.id] ?? `Unknown(${header.id})`).padStart(
      9,
    );
    const extra =
      header.customName !== null
        ? ` ${JSON.stringify(header.customName)}`
        : header.count !== null
          ? ` count: ${header.count}`
          : module.start !== null && header.id === 8
            ? ` start: ${module.start}`
            : '';
    lines.push(
      `${name} start=${hex8(header.start)} end=${hex8(header.start + header.size)} (size=${hex8(header.size)})${extra}`,
    );
  }

  // Details
  const importCounts = countImports(module);
  const funcName = funcNames(module);
  const lookup: NameLookup = { func: funcName };
  const nameOf = (index: number): string => {
    const name = funcName(index);
    return name === undefined ? '' : ` <${name}>`;
  };
  const types = flattenTypes(module);

  lines.push('', 'Section Details:', '');
  const section = (title: string, count: number): boolean => {
    if (count === 0) return false;
    lines.push(`${title}[${count}]:`);
    return true;
  };

  if (section('Type', types.length)) {
    types.forEach((type, i) =>
      lines.push(` - type[${i}] ${formatSubType(type)}`),
    );
  }
  if (section('Import', module.imports.length)) {
    const next = { func: 0, table: 0, memory: 0, global: 0, tag: 0 };
    for (const imp of module.imports) {
      const index = next[imp.desc.kind]++;
      const from = `<- ${imp.module}.${imp.name}`;
      switch (imp.desc.kind) {
        case 'func':
          lines.push(
            ` - func[${index}] sig=${imp.desc.typeIndex}${nameOf(index)} ${from}`,
          );
          break;
        case 'table':
          lines.push(
            ` - table[${index}] ${formatTableType(imp.desc.type)} ${from}`,
          );
          break;
        case 'memory':
          lines.push(
            ` - memory[${index}] ${formatLimits(imp.desc.type.limits, 'pages')} ${from}`,
          );
          break;
        case 'global':
          lines.push(
            ` - global[${index}] ${formatValType(imp.desc.type.valType)} mutable=${imp.desc.type.mutable ? 1 : 0} ${from}`,
          );
          break;
        case 'tag':
          lines.push(` - tag[${index}] sig=${imp.desc.type.typeIndex} ${from}`);
          break;
      }
    }
  }
  if (section('Function', module.functions.length)) {
    module.functions.forEach((func, i) => {
      const index = importCounts.func + i;
      lines.push(` - func[${index}] sig=${func.typeIndex}${nameOf(index)}`);
    });
  }
  if (section('Table', module.tables.length)) {
    module.tables.forEach((table, i) =>
      lines.push(
        ` - table[${importCounts.table + i}] ${formatTableType(table.type)}`,
      ),
    );
  }
  if (section('Memory', module.memories.length)) {
    module.memories.forEach((memory, i) => {
      const flags = `${memory.addressType === 'i64' ? ' i64' : ''}${memory.shared ? ' shared' : ''}`;
      const pageSize =
        memory.pageSizeLog2 === null
          ? ''
          : ` pagesize=${2 ** memory.pageSizeLog2}`;
      lines.push(
        ` - memory[${importCounts.memory + i}]${flags} ${formatLimits(memory.limits, 'pages')}${pageSize}`,
      );
    });
  }
  if (section('Tag', module.tags.length)) {
    module.tags.forEach((tag, i) =>
      lines.push(` - tag[${importCounts.tag + i}] sig=${tag.type.typeIndex}`),
    );
  }
  if (section('Global', module.globals.length)) {
    module.globals.forEach((global, i) =>
      lines.push(
        ` - global[${importCounts.global + i}] ${formatValType(global.type.valType)} mutable=${global.type.mutable ? 1 : 0} - init ${formatConstExpr(global.init)}`,
      ),
    );
  }
  if (section('Export', module.exports.length)) {
    for (const exp of module.exports) {
      const label = exp.kind === 'func' ? nameOf(exp.index) : '';
      lines.push(
        ` - ${exp.kind}[${exp.index}]${label} -> ${JSON.stringify(exp.name)}`,
      );
    }
  }
  if (module.start !== null) {
    lines.push(
      'Start:',
      ` - start function: ${module.start}${nameOf(module.start)}`,
    );
  }
  if (section('Elem', module.elements.length)) {
    module.elements.forEach((elem, i) => {
      const mode =
        elem.mode.kind === 'active'
          ? `table=${elem.mode.table} - init ${formatConstExpr(elem.mode.offset)}`
          : elem.mode.kind;
      lines.push(
        ` - segment[${i}] ${mode} type=${formatValType(elem.type)} count=${elem.init.length}`,
      );
      elem.init.forEach((item, j) => {
        const only = item.length === 1 ? item[0] : undefined;
        const text =
          only?.op === 'ref.func'
            ? `func[${Number(only.args[0])}]${nameOf(Number(only.args[0]))}`
            : formatConstExpr(item);
        lines.push(`  - elem[${j}] = ${text}`);
      });
    });
  }
  if (module.dataCount !== null) {
    lines.push('DataCount:', ` - data count: ${module.dataCount}`);
  }
  if (section('Code', module.functions.length)) {
    module.functions.forEach((func, i) => {
      const index = importCounts.func + i;
      const size =
        func.body.kind === 'bytes' ? ` size=${func.body.bytes.length}` : '';
      lines.push(` - func[${index}]${size}${nameOf(index)}`);
    });
  }
  if (section('Data', module.datas.length)) {
    module.datas.forEach((data, i) => {
      const mode =
        data.mode.kind === 'active'
          ? `memory=${data.mode.memory} size=${data.bytes.length} - init ${formatConstExpr(data.mode.offset)}`
          : `passive size=${data.bytes.length}`;
      lines.push(` - segment[${i}] ${mode}`);
      const base =
        data.mode.kind === 'active' ? constOffset(data.mode.offset) : 0;
      hexdump(data.bytes, base, lines);
    });
  }
  if (section('Custom', module.customs.length)) {
    for (const custom of module.customs) {
      lines.push(
        ` - name: ${JSON.stringify(custom.name)} size=${custom.bytes.length}`,
      );
    }
  }

  if (options.bodies !== null) {
    lines.push('', 'Code Disassembly:', '');
    disassemble(bytes, module, options.bodies, lookup, lines);
  }
  return lines.join('\n') + '\n';
}

/** `offset: bytes | instruction` lines for every function body. */
function disassemble(
  bytes: Uint8Array,
  module: Module,
  bodies: readonly (readonly Instr[])[],
  names: NameLookup,
  lines: string[],
): void {
  const importedFuncs = countImports(module).func;
  const types = flattenTypes(module);
  module.functions.forEach((func, i) => {
    const index = importedFuncs + i;
    const range = func.body;
    const name = names.func(index);
    const start = range.kind === 'bytes' ? range.offset : (func.offset ?? 0);
    lines.push(
      `${hex6(start)} func[${index}]${name === undefined ? '' : ` <${name}>`}:`,
    );
    // Locals are numbered after the parameters.
    let local = funcTypeAt(types, func.typeIndex)?.params.length ?? 0;
    for (const group of func.locals) {
      const last = local + group.count - 1;
      const which = group.count === 1 ? `${local}` : `${local}..${last}`;
      lines.push(
        ` ${' '.repeat(6)}  ${''.padEnd(27)}| local[${which}] type=${formatValType(group.type)}`,
      );
      local += group.count;
    }
    const instrs = bodies[i] ?? [];
    const end =
      range.kind === 'bytes' ? range.offset + range.bytes.length : null;
    let depth = 0;
    instrs.forEach((instr, k) => {
      if (
        instr.op === 'end' ||
        instr.op === 'else' ||
        instr.op.startsWith('catch') ||
        instr.op === 'delegate'
      ) {
        depth = Math.max(0, depth - 1);
      }
      const next =
        instrs[k + 1]?.offset ?? (end === null ? undefined : end - 1);
      lines.push(
        disassemblyLine(
          bytes,
          instr.offset,
          next,
          depth,
          formatInstr(instr, names),
        ),
      );
      if (
        ['block', 'loop', 'if', 'try', 'try_table', 'else'].includes(
          instr.op,
        ) ||
        instr.op.startsWith('catch')
      ) {
        depth++;
      }
    });
    if (end !== null) {
      lines.push(disassemblyLine(bytes, end - 1, end, 0, 'end'));
    }
  });
}

function disassemblyLine(
  bytes: Uint8Array,
  offset: number | undefined,
  next: number | undefined,
  depth: number,
  text: string,
): string {
  const at = offset === undefined ? ' '.repeat(6) : hex6(offset);
  let raw = '';
  if (offset !== undefined && next !== undefined && next > offset) {
    const shown = bytes.subarray(offset, Math.min(next, offset + 9));
    raw = Array.from(shown, (b) => b.toString(16).padStart(2, '0')).join(' ');
    if (next - offset > 9) raw += ' ..';
  }
  return ` ${at}: ${raw.padEnd(27)}| ${'  '.repeat(depth)}${text}`;
}
