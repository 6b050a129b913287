// Instructions, flat and folded, with immediates read in text order and
// stored in the instruction table's binary order.
// https://webassembly.github.io/spec/core/text/instructions.html

import {
  type BlockType,
  type Catch,
  type Immediate,
  type ImmediateKind,
  type InstrDef,
  type Instr,
  type MemArg,
  type RefType,
  type Span,
  type U64,
  type ValType,
  instructions,
} from '@tswasm/ir';
import { type ByteWriter, writeInstrRow } from '@tswasm/encoder';
import { IndexSpace, ParserContext } from './context.js';
import { type Cursor, type LineIndex, branchHintName } from './cursor.js';
import { TokenKind } from './lexer.js';
import { parseFloatLiteral, parseIntLiteral, parseNat } from './numbers.js';
import { decodeStringLiteral } from './strings.js';

/** Keyword -> rows, derived from the instruction table. */
const byKeyword: Map<string, InstrDef[]> = new Map();
for (const def of instructions) {
  const list = byKeyword.get(def.text);
  if (list === undefined) byKeyword.set(def.text, [def]);
  else list.push(def);
}

function rowNamed(name: string): InstrDef {
  const def = instructions.find((d) => d.name === name);
  if (def === undefined) throw new Error(`internal: no instruction ${name}`);
  return def;
}
const endDef = rowNamed('end');
const elseDef = rowNamed('else');
const ifDef = rowNamed('if');
const tryDef = rowNamed('try');
const catchDef = rowNamed('catch');
const catchAllDef = rowNamed('catch_all');
const delegateDef = rowNamed('delegate');
const selectDef = rowNamed('select');
const selectTypedDef = rowNamed('select.typed');

const noArgs: readonly Immediate[] = [];
/**
 * Shared argument lists `[n]` of small numbers (indices, small constants):
 * instructions are immutable, so equal ones can share theirs.
 */
const oneArgs: (readonly Immediate[] | undefined)[] = new Array<
  readonly Immediate[] | undefined
>(1024);

/**
 * An instruction read from text. Its `span` (where its keyword starts) is
 * worked out from the offset when read, so parsing pays for no line
 * lookups; the fields are private, so the object compares equal to
 * `{ op, args }`.
 */
class TextInstr implements Instr {
  readonly op: string;
  readonly args: readonly Immediate[];
  readonly #lines: LineIndex;
  readonly #offset: number;
  constructor(
    op: string,
    args: readonly Immediate[],
    lines: LineIndex,
    offset: number,
  ) {
    this.op = op;
    this.args = args;
    this.#lines = lines;
    this.#offset = offset;
  }
  /** Where the instruction's keyword starts in the source. */
  get span(): Span {
    return this.#lines.spanAt(this.#offset);
  }
}

/**
 * What each interned word (see `TokenStream.words`) is, found on first
 * use: its instruction rows, `terminator`, or `null` for anything else.
 */
const terminator = 'terminator';
const rowsByWord: (readonly InstrDef[] | typeof terminator | null)[] = [];

function rowsOfWord(
  word: string,
): readonly InstrDef[] | typeof terminator | null {
  if (terminators.has(word)) return terminator;
  return byKeyword.get(word) ?? null;
}

/** Keywords whose immediates `parseImmediates` reads by a rule of their own. */
const specialText: ReadonlySet<string> = new Set([
  'select',
  'ref.test',
  'ref.cast',
  'br_table',
  'call_indirect',
  'return_call_indirect',
  'memory.init',
  'table.init',
  'memory.copy',
  'table.copy',
  'br_on_cast',
  'br_on_cast_fail',
  'data.drop',
]);
/** 1 for the rows of `specialText`, by row id. */
const specialRows = new Uint8Array(instructions.length);
for (const def of instructions)
  if (specialText.has(def.text)) specialRows[def.id] = 1;

/** Keywords that end an instruction sequence in the flat syntax. */
const terminators: ReadonlySet<string> = new Set([
  'end',
  'else',
  'catch',
  'catch_all',
  'delegate',
]);

const v128Shapes: Readonly<Record<string, readonly [number, 'i' | 'f']>> = {
  i8x16: [8, 'i'],
  i16x8: [16, 'i'],
  i32x4: [32, 'i'],
  i64x2: [64, 'i'],
  f32x4: [32, 'f'],
  f64x2: [64, 'f'],
};

/** What the instruction reader does when a body or operand list ends. */
const Step = {
  /** A sequence up to `)`, a terminator or the end of input (the root). */
  sequence: 0,
  /** One folded instruction (the root). */
  oneFolded: 1,
  /** The body of a flat `block`, `loop`, `if`, `try` or `try_table`. */
  flatBody: 2,
  /** The `else` branch of a flat `if`. */
  flatElse: 3,
  /** A `catch`/`catch_all` body of a flat `try`. */
  flatHandler: 4,
  /** The operands of a folded plain instruction. */
  operands: 5,
  /** The condition operands of a folded `if`, up to `(then`. */
  condition: 6,
  /** `(then ...)` of a folded `if`. */
  foldedThen: 7,
  /** `(else ...)` of a folded `if`. */
  foldedElse: 8,
  /** `(do ...)` or a handler of a folded `try`. */
  foldedTry: 9,
  /** The body of a folded `block`, `loop` or `try_table`. */
  foldedBody: 10,
} as const;
type Step = (typeof Step)[keyof typeof Step];

/** An open block or folded instruction of the instruction reader. */
interface Frame {
  step: Step;
  readonly word: string;
  /** Token of the instruction's keyword. */
  readonly at: number;
  /** The block's label (flat blocks, and a folded `if` until its `then`). */
  readonly label: string | null;
  /** A folded plain instruction's row and immediates, emitted after its operands. */
  row: InstrDef | null;
  args: readonly Immediate[];
  /** A folded `if`'s block type. */
  blockType: BlockType;
  /** Index in the output of an `else`, to drop it when its branch is empty. */
  elseIndex: number;
  /** Handlers of a `try` so far; -1 after `catch_all`. */
  handlers: number;
  /** For `Step.oneFolded`: the instruction was started. */
  started: boolean;
}

function newFrame(
  step: Step,
  word: string,
  at: number,
  label: string | null,
): Frame {
  return {
    step,
    word,
    at,
    label,
    row: null,
    args: noArgs,
    blockType: null,
    elseIndex: -1,
    handlers: 0,
    started: false,
  };
}

/** What a type use gave: the type index and the parameter names. */
export interface TypeUse {
  readonly typeIndex: number;
  readonly paramNames: readonly (string | null)[];
  /** Offsets of the parameters' names, for duplicate errors. */
  readonly paramOffsets: readonly number[];
}

/** A branch hint on one instruction of a function body. */
export interface BranchHint {
  /** Index of the hinted `if` or `br_if` in the body's instructions. */
  readonly instrIndex: number;
  /** 0: likely not taken, 1: likely taken. */
  readonly value: number;
}

/** Parses instructions; the module parser builds on it. */
export class InstrParser extends ParserContext {
  /** Labels of the enclosing blocks, innermost last. */
  protected labels: (string | null)[] = [];
  /** The locals of the function being parsed, if any. */
  protected locals: IndexSpace = new IndexSpace('local');
  /** True once an instruction needs the data count section. */
  usesDataCount = false;
  /** Whether instructions carry their `span` (not needed when only encoding). */
  protected spans = true;
  /** Branch hints of the function body being parsed; null outside bodies. */
  protected bodyHints: BranchHint[] | null = null;
  /** Token positions of the branch hint annotations taken by an instruction. */
  protected readonly takenHints: Set<number> = new Set();

  /**
   * Where instructions are encoded as they are read (a function body of
   * `watToWasm`); `null` to collect them in the `out` arrays.
   */
  protected sink: ByteWriter | null = null;
  /** The row of the instruction `parseImmediates` read last. */
  private row: InstrDef = endDef;

  /**
   * Emits instruction `def` with `args` whose keyword is token `at` (a
   * folded block's `end` is at its closing paren): into `out`, or encoded
   * into the sink.
   */
  private emit(
    out: Instr[],
    def: InstrDef,
    args: readonly Immediate[],
    at: number,
  ): void {
    const sink = this.sink;
    if (sink !== null) writeInstrRow(sink, def, args);
    else if (!this.spans) out.push({ op: def.name, args });
    else {
      const cursor: Cursor = this.cursor;
      out.push(
        new TextInstr(def.name, args, cursor.lineIndex(), cursor.offset(at)),
      );
    }
  }

  /** Where the next instruction goes: an index in `out` or the sink. */
  private mark(out: Instr[]): number {
    return this.sink !== null ? this.sink.byteLength : out.length;
  }

  /** Drops the `else` emitted at `mark` if nothing followed it. */
  private dropEmptyElse(out: Instr[], mark: number): void {
    const sink = this.sink;
    if (sink !== null) {
      if (sink.byteLength === mark + 1) sink.truncate(mark);
    } else if (out.length === mark + 1) out.pop();
  }

  // Type uses

  /**
   * `(type x)? (param ...)* (result ...)*`, resolving to a type index (an
   * implicit type is appended when there is no `(type x)`).
   */
  parseTypeUse(allowNames: boolean): TypeUse {
    const cursor: Cursor = this.cursor;
    let explicit: number | null = null;
    const typeAt = cursor.pos;
    if (cursor.eatSexpr('type')) {
      explicit = this.parseIndex(this.types);
      cursor.expectRParen();
    }
    const params: ValType[] = [];
    const results: ValType[] = [];
    const paramNames: (string | null)[] = [];
    const paramOffsets: number[] = [];
    let inline = false;
    while (cursor.atSexpr('param')) {
      inline = true;
      cursor.pos += 2;
      if (cursor.kindAt() === TokenKind.id) {
        if (!allowNames) cursor.fail('unexpected token');
        paramOffsets.push(cursor.offset());
        paramNames.push(cursor.eatId());
        params.push(this.parseValType());
      } else {
        while (cursor.kindAt() !== TokenKind.rparen) {
          params.push(this.parseValType());
          paramNames.push(null);
          paramOffsets.push(0);
        }
      }
      cursor.expectRParen();
    }
    while (cursor.atSexpr('result')) {
      inline = true;
      cursor.pos += 2;
      while (cursor.kindAt() !== TokenKind.rparen)
        results.push(this.parseValType());
      cursor.expectRParen();
    }
    if (cursor.atSexpr('param') || cursor.atSexpr('type'))
      cursor.fail('unexpected token', cursor.pos + 1);
    if (explicit === null) {
      return {
        typeIndex: this.implicitFuncType(params, results),
        paramNames,
        paramOffsets,
      };
    }
    if (inline) {
      if (explicit >= this.typeDefs.length) cursor.fail('unknown type', typeAt);
      const def = this.typeDefs[explicit];
      const composite = def?.composite;
      if (
        composite?.kind !== 'func' ||
        !sameTypes(composite.params, params) ||
        !sameTypes(composite.results, results)
      ) {
        cursor.fail('inline function type', typeAt);
      }
    }
    return { typeIndex: explicit, paramNames, paramOffsets };
  }

  /** A block type: nothing, one `(result t)`, or a type use. */
  parseBlockType(): BlockType {
    const cursor: Cursor = this.cursor;
    const head = cursor.sexprHead();
    if (head !== 'type' && head !== 'param' && head !== 'result') return null;
    if (head === 'result') {
      // `(result t)` alone is a value type; anything more is a type use.
      const save = cursor.pos;
      cursor.pos += 2;
      if (cursor.kindAt() === TokenKind.rparen) {
        cursor.pos++;
        if (cursor.sexprHead() !== 'result') return null;
      } else {
        const type = this.parseValType();
        if (cursor.kindAt() === TokenKind.rparen) {
          cursor.pos++;
          if (cursor.sexprHead() !== 'result') return type;
        }
      }
      cursor.pos = save;
    }
    const use = this.parseTypeUse(false);
    // A type [] -> [t?] is written in its short form, as wat2wasm does.
    const composite = this.typeDefs[use.typeIndex]?.composite;
    if (
      composite?.kind === 'func' &&
      composite.params.length === 0 &&
      composite.results.length <= 1
    ) {
      return composite.results[0] ?? null;
    }
    return { typeIndex: use.typeIndex };
  }

  // Labels

  private pushLabel(): void {
    this.labels.push(this.cursor.eatId());
  }

  /** A label: a relative depth, or a `$name` resolved to one. */
  parseLabel(): number {
    const cursor: Cursor = this.cursor;
    if (cursor.kindAt() === TokenKind.id) {
      const name = cursor.idName();
      const labels = this.labels;
      for (let i = labels.length - 1; i >= 0; i--) {
        if (labels[i] === name) {
          cursor.pos++;
          return labels.length - 1 - i;
        }
      }
      return cursor.fail('unknown label');
    }
    return this.parseU32();
  }

  /** `end $l?` (and `else $l?`): the name must match the block's label. */
  private checkEndLabel(label: string | null): void {
    const cursor: Cursor = this.cursor;
    if (cursor.kindAt() !== TokenKind.id) return;
    if (cursor.idName() !== label) cursor.fail('mismatching label');
    cursor.pos++;
  }

  // Instruction sequences

  /** Instructions up to `)` or a flat block's terminator keyword. */
  parseInstrs(out: Instr[]): void {
    this.run(out, Step.sequence);
  }

  /** A folded instruction `(op ...)`, operands first. */
  parseFolded(out: Instr[]): void {
    this.run(out, Step.oneFolded);
  }

  /**
   * Reads instructions with an explicit stack of open blocks and folded
   * instructions (no recursion, so nesting is bounded by memory only).
   * `root` is `Step.sequence` (a sequence up to its end) or
   * `Step.oneFolded` (one folded instruction).
   */
  private run(
    out: Instr[],
    root: typeof Step.sequence | typeof Step.oneFolded,
  ): void {
    const cursor: Cursor = this.cursor;
    const tokens = cursor.tokens;
    const stack: Frame[] = [newFrame(root, '', 0, null)];
    for (;;) {
      const frame = stack[stack.length - 1]!;
      const step = frame.step;
      const kind = tokens.kind(cursor.pos);
      if (step === Step.oneFolded) {
        if (frame.started) return;
        frame.started = true;
        this.startFolded(out, stack);
        continue;
      }
      if (step === Step.operands || step === Step.condition) {
        // Folded operands (of an `if`: up to `(then`).
        if (kind === TokenKind.lparen) {
          if (step === Step.operands) {
            this.startFolded(out, stack);
            continue;
          }
          const head = cursor.sexprHead();
          if (head !== 'then' && head !== 'else') {
            this.startFolded(out, stack);
            continue;
          }
        }
      } else if (kind === TokenKind.lparen) {
        this.startFolded(out, stack);
        continue;
      } else if (kind === TokenKind.keyword) {
        if (!this.atTerminator()) {
          this.startFlat(out, stack);
          continue;
        }
      } else if (kind !== TokenKind.rparen && kind !== -1) {
        cursor.fail(
          kind === TokenKind.atom || kind === TokenKind.id
            ? 'unknown operator'
            : 'unexpected token',
        );
      }
      // The sequence or operand list of `frame` has ended.
      if (this.finish(out, frame)) {
        stack.pop();
        if (stack.length === 0) return;
      }
    }
  }

  /** The rows of the instruction keyword at the current token. */
  private lookup(): readonly InstrDef[] {
    const cursor: Cursor = this.cursor;
    const rows = this.rowsAt();
    if (rows === null || rows === terminator) {
      const word = cursor.imageAt();
      return cursor.fail(
        isGrammarKeyword(word) || rows === terminator
          ? 'unexpected token'
          : `unknown operator ${word}`,
      );
    }
    const feature = rows[0]!.feature;
    if (feature !== null && !this.features[feature])
      cursor.fail('unknown operator');
    return rows;
  }

  /** What the keyword at the cursor is, cached by its interned word. */
  private rowsAt(): readonly InstrDef[] | typeof terminator | null {
    const tokens = this.cursor.tokens;
    const pos = this.cursor.pos;
    const w = tokens.word(pos);
    if (w < 0) return rowsOfWord(tokens.image(pos));
    let rows = rowsByWord[w];
    if (rows === undefined)
      rows = rowsByWord[w] = rowsOfWord(tokens.image(pos));
    return rows;
  }

  /** True if the keyword at the cursor ends a flat sequence (`end`, `else`, ...). */
  private atTerminator(): boolean {
    return this.rowsAt() === terminator;
  }

  /** One flat instruction; a block pushes a frame for its body. */
  private startFlat(out: Instr[], stack: Frame[]): void {
    const cursor: Cursor = this.cursor;
    const defs = this.lookup();
    const word = defs[0]!.text;
    const at = cursor.pos;
    if (word === 'if' || word === 'br_if') this.takeBranchHint(at, out.length);
    cursor.pos++;
    switch (word) {
      case 'block':
      case 'loop':
      case 'if':
      case 'try': {
        const label = cursor.kindAt() === TokenKind.id ? cursor.idName() : null;
        this.pushLabel();
        this.emit(out, defs[0]!, [this.parseBlockType()], at);
        stack.push(newFrame(Step.flatBody, word, at, label));
        return;
      }
      case 'try_table': {
        const label = cursor.kindAt() === TokenKind.id ? cursor.idName() : null;
        cursor.eatId();
        const blockType = this.parseBlockType();
        const catches = this.parseCatchClauses();
        this.labels.push(label);
        this.emit(out, defs[0]!, [blockType, catches], at);
        stack.push(newFrame(Step.flatBody, word, at, label));
        return;
      }
      default: {
        const args = this.parseImmediates(word, defs);
        this.emit(out, this.row, args, at);
      }
    }
  }

  /** `(op ...)`: pushes the frame that reads its operands or body. */
  private startFolded(out: Instr[], stack: Frame[]): void {
    const cursor: Cursor = this.cursor;
    cursor.pos++;
    if (cursor.kindAt() !== TokenKind.keyword) cursor.fail('unexpected token');
    const defs = this.lookup();
    const word = defs[0]!.text;
    const at = cursor.pos;
    cursor.pos++;
    switch (word) {
      case 'block':
      case 'loop':
        this.pushLabel();
        this.emit(out, defs[0]!, [this.parseBlockType()], at);
        stack.push(newFrame(Step.foldedBody, word, at, null));
        return;
      case 'if': {
        // The condition is evaluated outside the `if`: its label is
        // pushed once the condition is read.
        const label = cursor.eatId();
        const frame = newFrame(Step.condition, word, at, label);
        frame.blockType = this.parseBlockType();
        stack.push(frame);
        return;
      }
      case 'try':
        this.pushLabel();
        this.emit(out, tryDef, [this.parseBlockType()], at);
        if (!cursor.eatSexpr('do')) cursor.fail('unexpected token');
        stack.push(newFrame(Step.foldedTry, word, at, null));
        return;
      case 'try_table': {
        const label = cursor.eatId();
        const blockType = this.parseBlockType();
        const catches = this.parseCatchClauses();
        this.labels.push(label);
        this.emit(out, defs[0]!, [blockType, catches], at);
        stack.push(newFrame(Step.foldedBody, word, at, null));
        return;
      }
      default: {
        const frame = newFrame(Step.operands, word, at, null);
        frame.args = this.parseImmediates(word, defs);
        frame.row = this.row;
        stack.push(frame);
      }
    }
  }

  /**
   * Goes on after the body or operands of `frame` ended. Returns true when
   * the frame is done; false when it reads another body (`else`, `catch`).
   */
  private finish(out: Instr[], frame: Frame): boolean {
    const cursor: Cursor = this.cursor;
    switch (frame.step) {
      case Step.flatBody:
        if (frame.word === 'if' && cursor.eatKeyword('else')) {
          const elseAt = cursor.pos - 1;
          this.checkEndLabel(frame.label);
          frame.elseIndex = this.mark(out);
          this.emit(out, elseDef, noArgs, elseAt);
          frame.step = Step.flatElse;
          return false;
        }
        if (frame.word === 'try') return this.flatHandler(out, frame);
        return this.endFlat(out, frame);
      case Step.flatElse:
        // An empty `else` is left out, as the binary format allows.
        this.dropEmptyElse(out, frame.elseIndex);
        return this.endFlat(out, frame);
      case Step.flatHandler:
        return this.flatHandler(out, frame);
      case Step.condition:
        this.labels.push(frame.label);
        this.takeBranchHint(frame.at, out.length);
        this.emit(out, ifDef, [frame.blockType], frame.at);
        if (!cursor.eatSexpr('then')) cursor.fail('unexpected token');
        frame.step = Step.foldedThen;
        return false;
      case Step.foldedThen:
        cursor.expectRParen();
        if (cursor.eatSexpr('else')) {
          frame.elseIndex = this.mark(out);
          this.emit(out, elseDef, noArgs, cursor.pos - 1);
          frame.step = Step.foldedElse;
          return false;
        }
        return this.endFolded(out);
      case Step.foldedElse:
        this.dropEmptyElse(out, frame.elseIndex);
        cursor.expectRParen();
        return this.endFolded(out);
      case Step.foldedTry:
        cursor.expectRParen();
        return this.foldedHandler(out, frame);
      case Step.foldedBody:
        return this.endFolded(out);
      case Step.operands: {
        if (frame.word === 'br_if') this.takeBranchHint(frame.at, out.length);
        this.emit(out, frame.row!, frame.args, frame.at);
        cursor.expectRParen();
        return true;
      }
      case Step.sequence:
      case Step.oneFolded:
        return true;
    }
  }

  /** `end $l?` of a flat block. */
  private endFlat(out: Instr[], frame: Frame): true {
    const cursor: Cursor = this.cursor;
    cursor.expectKeyword('end');
    this.emit(out, endDef, noArgs, cursor.pos - 1);
    this.checkEndLabel(frame.label);
    this.labels.pop();
    return true;
  }

  /** The `)` of a folded block, which stands for its `end`. */
  private endFolded(out: Instr[]): true {
    const cursor: Cursor = this.cursor;
    cursor.expectRParen();
    this.emit(out, endDef, noArgs, cursor.pos - 1);
    this.labels.pop();
    return true;
  }

  /** `catch x`, `catch_all`, `delegate l` or `end` after a flat `try` body or handler. */
  private flatHandler(out: Instr[], frame: Frame): boolean {
    const cursor: Cursor = this.cursor;
    const handlers = frame.handlers;
    if (handlers > 0 && cursor.isKeyword('delegate'))
      cursor.fail('unexpected token');
    if (
      handlers < 0 &&
      (cursor.isKeyword('catch') || cursor.isKeyword('catch_all'))
    )
      cursor.fail('unexpected token');
    frame.handlers = cursor.isKeyword('catch_all') ? -1 : handlers + 1;
    frame.step = Step.flatHandler;
    if (cursor.eatKeyword('catch')) {
      const at = cursor.pos - 1;
      this.emit(out, catchDef, [this.parseIndex(this.tags)], at);
      return false;
    }
    if (cursor.eatKeyword('catch_all')) {
      this.emit(out, catchAllDef, noArgs, cursor.pos - 1);
      return false;
    }
    if (cursor.eatKeyword('delegate')) {
      const at = cursor.pos - 1;
      this.labels.pop();
      this.emit(out, delegateDef, [this.parseLabel()], at);
      return true;
    }
    return this.endFlat(out, frame);
  }

  /** `(catch x ...)`, `(catch_all ...)`, `(delegate l)` or `)` after a folded `try`'s `(do ...)` or a handler. */
  private foldedHandler(out: Instr[], frame: Frame): boolean {
    const cursor: Cursor = this.cursor;
    const handlers = frame.handlers;
    if (handlers !== 0 && cursor.atSexpr('delegate'))
      cursor.fail('unexpected token');
    if (
      handlers < 0 &&
      (cursor.atSexpr('catch') || cursor.atSexpr('catch_all'))
    )
      cursor.fail('unexpected token');
    frame.handlers = cursor.atSexpr('catch_all') ? -1 : handlers + 1;
    if (cursor.eatSexpr('catch')) {
      const at = cursor.pos - 1;
      this.emit(out, catchDef, [this.parseIndex(this.tags)], at);
      return false;
    }
    if (cursor.eatSexpr('catch_all')) {
      this.emit(out, catchAllDef, noArgs, cursor.pos - 1);
      return false;
    }
    if (cursor.eatSexpr('delegate')) {
      const at = cursor.pos - 1;
      this.labels.pop();
      this.emit(out, delegateDef, [this.parseLabel()], at);
      cursor.expectRParen();
      cursor.expectRParen();
      return true;
    }
    return this.endFolded(out);
  }

  /** `(catch x l)`, `(catch_ref x l)`, `(catch_all l)`, `(catch_all_ref l)`. */
  private parseCatchClauses(): Catch[] {
    const cursor: Cursor = this.cursor;
    const catches: Catch[] = [];
    for (;;) {
      const head = cursor.sexprHead();
      if (head === 'catch' || head === 'catch_ref') {
        cursor.pos += 2;
        const tag = this.parseIndex(this.tags);
        catches.push({ kind: head, tag, label: this.parseLabel() });
      } else if (head === 'catch_all' || head === 'catch_all_ref') {
        cursor.pos += 2;
        catches.push({ kind: head, label: this.parseLabel() });
      } else return catches;
      cursor.expectRParen();
    }
  }

  /**
   * Takes the branch hint written before the keyword at token `at` (or
   * before its `(`) for the instruction about to be `out[instrIndex]`.
   * @see https://github.com/WebAssembly/branch-hinting
   */
  private takeBranchHint(at: number, instrIndex: number): void {
    const cursor: Cursor = this.cursor;
    const hints = cursor.branchHints;
    if (hints.size === 0) return;
    let hint = hints.get(at);
    if (cursor.tokens.kind(at - 1) === TokenKind.lparen) {
      const outer = hints.get(at - 1);
      if (outer !== undefined && hint !== undefined) {
        cursor.failAt(
          `@${branchHintName} annotation: duplicate annotation`,
          hint.offset,
        );
      }
      hint ??= outer;
    }
    if (hint === undefined || this.bodyHints === null) return;
    const token = hint.tokens[0];
    const bytes =
      token?.kind === TokenKind.string
        ? decodeStringLiteral(token.image)
        : null;
    if (
      hint.tokens.length !== 1 ||
      !(bytes instanceof Uint8Array) ||
      bytes.length !== 1 ||
      bytes[0]! > 1
    ) {
      cursor.failAt(
        `@${branchHintName} annotation: malformed hint`,
        hint.offset,
      );
    }
    this.takenHints.add(hint.position);
    this.bodyHints.push({ instrIndex, value: bytes[0]! });
  }

  // Immediates

  /**
   * A plain instruction's immediates, read in text order and returned in
   * the table's; its row (one of `defs`) is left in `this.row`.
   */
  private parseImmediates(
    word: string,
    defs: readonly InstrDef[],
  ): readonly Immediate[] {
    const cursor: Cursor = this.cursor;
    let def = defs[0]!;
    const kinds = def.immediates;
    if (kinds.length === 0 && defs.length === 1) {
      if (def === endDef || def === elseDef)
        cursor.fail('unexpected token', cursor.pos - 1);
      this.row = def;
      return noArgs;
    }
    if (specialRows[def.id] === 1) {
      switch (word) {
        case 'select': {
          if (!cursor.atSexpr('result')) {
            this.row = selectDef;
            return noArgs;
          }
          const types: ValType[] = [];
          while (cursor.eatSexpr('result')) {
            while (cursor.kindAt() !== TokenKind.rparen)
              types.push(this.parseValType());
            cursor.expectRParen();
          }
          this.row = selectTypedDef;
          return [types];
        }
        case 'ref.test':
        case 'ref.cast': {
          const type = this.parseRefType();
          def = defs.find((d) => d.name.endsWith('.null') === type.nullable)!;
          this.row = def;
          return [type.heapType];
        }
        case 'br_table': {
          const labels: number[] = [];
          while (this.atIndex()) labels.push(this.parseLabel());
          const last = labels.pop();
          if (last === undefined) return cursor.fail('unexpected token');
          return this.rowArgs(def, [labels, last]);
        }
        case 'call_indirect':
        case 'return_call_indirect': {
          const table = this.parseOptionalIndex(this.tables) ?? 0;
          const use = this.parseTypeUse(false);
          return this.rowArgs(def, [use.typeIndex, table]);
        }
        case 'memory.init':
        case 'table.init': {
          const isMemory = word === 'memory.init';
          const first = isMemory ? this.memories : this.tables;
          const second = isMemory ? this.datas : this.elems;
          if (isMemory) this.usesDataCount = true;
          // One index is the segment; two are the memory (table) and segment.
          const save = cursor.pos;
          cursor.pos++;
          const two = this.atIndex();
          cursor.pos = save;
          const target = two ? this.parseIndex(first) : 0;
          return this.rowArgs(def, [this.parseIndex(second), target]);
        }
        case 'memory.copy':
        case 'table.copy': {
          const space = word === 'memory.copy' ? this.memories : this.tables;
          if (!this.atIndex()) return this.rowArgs(def, [0, 0]);
          const dst = this.parseIndex(space);
          return this.rowArgs(def, [dst, this.parseIndex(space)]);
        }
        case 'br_on_cast':
        case 'br_on_cast_fail': {
          const label = this.parseLabel();
          const from = this.parseRefType();
          const to = this.parseRefType();
          const flags = (from.nullable ? 1 : 0) | (to.nullable ? 2 : 0);
          return this.rowArgs(def, [flags, label, from.heapType, to.heapType]);
        }
        case 'data.drop':
          this.usesDataCount = true;
          break;
      }
    }
    if (kinds.length === 1) {
      const value = this.parseImmediate(kinds[0]!, def, 0);
      const shared =
        typeof value === 'number' && value >= 0 && value < oneArgs.length
          ? (oneArgs[value] ??= [value])
          : [value];
      this.row = def;
      return shared;
    }
    const args: Immediate[] = [];
    let typeIndex = 0;
    for (const kind of kinds) {
      const value = this.parseImmediate(kind, def, typeIndex);
      if (kind === 'type') typeIndex = value as number;
      args.push(value);
    }
    this.row = def;
    return args;
  }

  /**
   * One immediate of `def` in text form (`typeIndex`: the type a `field`
   * index refers to).
   */
  private parseImmediate(
    kind: ImmediateKind,
    def: InstrDef,
    typeIndex: number,
  ): Immediate {
    const cursor: Cursor = this.cursor;
    switch (kind) {
      case 'blockType':
        return this.parseBlockType();
      case 'label':
        return this.parseLabel();
      case 'func':
        return this.parseIndex(this.funcs);
      case 'type':
        return this.parseIndex(this.types);
      case 'table':
        return this.parseOptionalIndex(this.tables) ?? 0;
      case 'memory':
        return this.parseOptionalIndex(this.memories) ?? 0;
      case 'local':
        return this.parseIndex(this.locals);
      case 'global':
        return this.parseIndex(this.globals);
      case 'elem':
        return this.parseIndex(this.elems);
      case 'data':
        this.usesDataCount = true;
        return this.parseIndex(this.datas);
      case 'tag':
        return this.parseIndex(this.tags);
      case 'field':
        return this.parseFieldIndex(typeIndex);
      case 'u32':
        return this.parseU32();
      case 'lane': {
        const lane =
          cursor.kindAt() === TokenKind.atom
            ? parseNat(cursor.imageAt())
            : null;
        if (lane === null) cursor.fail('unexpected token');
        if (lane > 255n) cursor.fail('i8 constant out of range');
        cursor.pos++;
        return Number(lane);
      }
      case 'memarg':
        return this.parseMemArg(def, def.immediates.includes('lane'));
      case 'i32':
        return this.parseI32();
      case 'i64':
        return this.parseI64();
      case 'f32':
        return Number(this.parseFloat(32));
      case 'f64':
        return this.parseFloat(64);
      case 'v128':
        return this.parseV128();
      case 'shuffle': {
        const lanes = new Uint8Array(16);
        let count = 0;
        while (this.atLaneLiteral(count)) count++;
        if (count !== 16) cursor.fail('invalid lane length');
        for (let i = 0; i < 16; i++) {
          const lane = parseNat(cursor.imageAt());
          if (lane === null || lane > 255n)
            cursor.fail('i8 constant out of range');
          lanes[i] = Number(lane);
          cursor.pos++;
        }
        return lanes;
      }
      case 'heapType':
        return this.parseHeapType();
      case 'zero':
        return 0;
      case 'labels':
      case 'valTypes':
      case 'castFlags':
      case 'catches':
        throw new Error(`internal: ${kind} of ${def.name} needs its own rule`);
    }
  }

  /** `args` of `def`, the instruction just read. */
  private rowArgs(
    def: InstrDef,
    args: readonly Immediate[],
  ): readonly Immediate[] {
    this.row = def;
    return args;
  }

  /** A struct field: its index, or its name in type `typeIndex`. */
  private parseFieldIndex(typeIndex: number): number {
    const cursor: Cursor = this.cursor;
    if (cursor.kindAt() === TokenKind.id) {
      const index = this.fieldNames.get(typeIndex)?.get(cursor.idName());
      if (index === undefined) cursor.fail('unknown field');
      cursor.pos++;
      return index;
    }
    return this.parseU32();
  }

  /** `memory? offset=n? align=n?` (memory first; then a lane may follow). */
  private parseMemArg(def: InstrDef, hasLane: boolean): MemArg {
    const cursor: Cursor = this.cursor;
    let memory = 0;
    if (cursor.kindAt() === TokenKind.id) {
      memory = this.parseIndex(this.memories);
    } else if (this.atIndex()) {
      // With a lane after it, a lone number is the lane.
      if (
        !hasLane ||
        cursor.kindAt(1) === TokenKind.atom ||
        cursor.keywordPrefixAt('offset=', 1) ||
        cursor.keywordPrefixAt('align=', 1)
      ) {
        memory = this.parseIndex(this.memories);
      }
    }
    let offset: U64 = 0;
    let align = def.align ?? 0;
    if (cursor.keywordPrefixAt('offset=')) {
      const small = cursor.tokens.smallNat(cursor.pos, 7);
      if (small >= 0) offset = small;
      else {
        const value = parseNat(cursor.imageAt().slice(7));
        if (value === null) cursor.fail('unknown operator');
        if (value >= 1n << 64n) cursor.fail('i64 constant out of range');
        offset =
          value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
      }
      cursor.pos++;
    }
    if (cursor.keywordPrefixAt('align=')) {
      const small = cursor.tokens.smallNat(cursor.pos, 6);
      if (small > 0 && (small & (small - 1)) === 0) {
        align = 31 - Math.clz32(small);
      } else {
        const value = parseNat(cursor.imageAt().slice(6));
        if (value === null) cursor.fail('unknown operator');
        if (value === 0n || (value & (value - 1n)) !== 0n)
          cursor.fail('alignment must be a power of two');
        align = value.toString(2).length - 1;
      }
      cursor.pos++;
    }
    return { align, offset, memory };
  }

  // Constants

  private atomImage(): string {
    const cursor: Cursor = this.cursor;
    const kind = cursor.kindAt();
    if (kind !== TokenKind.atom && kind !== TokenKind.keyword) {
      return cursor.fail('unexpected token');
    }
    const image = cursor.imageAt();
    // NaN patterns belong to scripts' expected results only.
    if (image === 'nan:canonical' || image === 'nan:arithmetic')
      cursor.fail('unexpected token');
    return image;
  }

  parseI32(): number {
    const cursor: Cursor = this.cursor;
    if (cursor.kindAt() === TokenKind.atom) {
      const small = cursor.tokens.smallInt(cursor.pos);
      if (small === small) {
        cursor.pos++;
        return small;
      }
    }
    const image = this.atomImage();
    const value = parseIntLiteral(image, 32);
    if (value === 'syntax') cursor.fail('unknown operator');
    if (value === 'range') cursor.fail('constant out of range');
    cursor.pos++;
    return Number(BigInt.asIntN(32, value));
  }

  parseI64(): bigint {
    const cursor: Cursor = this.cursor;
    const value = parseIntLiteral(this.atomImage(), 64);
    if (value === 'syntax') cursor.fail('unknown operator');
    if (value === 'range') cursor.fail('constant out of range');
    cursor.pos++;
    return BigInt.asIntN(64, value);
  }

  /** A float literal's raw bits. */
  parseFloat(bits: 32 | 64): bigint {
    const cursor: Cursor = this.cursor;
    const image = this.atomImage();
    const value = parseFloatLiteral(image, bits);
    if (value === 'syntax') cursor.fail('unknown operator');
    if (value === 'range') cursor.fail('constant out of range');
    cursor.pos++;
    return value;
  }

  /** True if the token `ahead` on can be a lane: a number, `inf` or `nan`. */
  atLaneLiteral(ahead: number): boolean {
    const cursor: Cursor = this.cursor;
    if (cursor.kindAt(ahead) === TokenKind.atom) return true;
    return (
      cursor.keywordAt('inf', ahead) || cursor.keywordPrefixAt('nan', ahead)
    );
  }

  /** `shape lane*` of `v128.const`, as 16 little-endian bytes. */
  parseV128(): Uint8Array {
    const cursor: Cursor = this.cursor;
    const shape =
      cursor.kindAt() === TokenKind.keyword
        ? v128Shapes[cursor.imageAt()]
        : undefined;
    if (shape === undefined) return cursor.fail('unexpected token');
    cursor.pos++;
    const [laneBits, laneKind] = shape;
    const count = 128 / laneBits;
    let given = 0;
    while (this.atLaneLiteral(given)) given++;
    if (given !== count) cursor.fail('wrong number of lane literals');
    const bytes = new Uint8Array(16);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < count; i++) {
      const k = cursor.kindAt();
      if (k !== TokenKind.atom && k !== TokenKind.keyword)
        cursor.fail('wrong number of lane literals');
      const image = cursor.imageAt();
      if (laneKind === 'f') {
        const value = this.parseFloat(laneBits as 32 | 64);
        if (laneBits === 32) view.setUint32(i * 4, Number(value), true);
        else view.setBigUint64(i * 8, value, true);
        continue;
      }
      const value = parseIntLiteral(image, laneBits);
      if (value === 'syntax') cursor.fail('unknown operator');
      if (value === 'range') cursor.fail('constant out of range');
      cursor.pos++;
      switch (laneBits) {
        case 8:
          view.setUint8(i, Number(value));
          break;
        case 16:
          view.setUint16(i * 2, Number(value), true);
          break;
        case 32:
          view.setUint32(i * 4, Number(value), true);
          break;
        default:
          view.setBigUint64(i * 8, value, true);
      }
    }
    if (cursor.kindAt() === TokenKind.atom)
      cursor.fail('wrong number of lane literals');
    return bytes;
  }
}

/** Keywords of the grammar that are not instructions. */
const grammarKeywords: ReadonlySet<string> = new Set([
  'module',
  'type',
  'rec',
  'sub',
  'final',
  'func',
  'struct',
  'array',
  'field',
  'mut',
  'param',
  'result',
  'local',
  'import',
  'export',
  'table',
  'memory',
  'global',
  'tag',
  'elem',
  'data',
  'start',
  'offset',
  'item',
  'declare',
  'then',
  'do',
  'ref',
  'null',
  'shared',
  'pagesize',
  'catch_ref',
  'catch_all_ref',
  'i32',
  'i64',
  'f32',
  'f64',
  'v128',
  'i8',
  'i16',
]);

function isGrammarKeyword(word: string): boolean {
  return grammarKeywords.has(word);
}

function sameTypes(a: readonly ValType[], b: readonly ValType[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (typeof x === 'string' || typeof y === 'string') {
      if (x !== y) return false;
    } else if (x.nullable !== y.nullable || x.heapType !== y.heapType)
      return false;
  }
  return true;
}

export type { RefType };
