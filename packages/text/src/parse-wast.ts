// WAST scripts: modules, actions and assertions of the spec test suite.
// https://github.com/WebAssembly/spec/tree/main/interpreter#scripts

import {
  type AbsHeapType,
  type Features,
  resolveFeatures,
  retainShapes,
} from '@tswasm/ir';
import { Cursor } from './cursor.js';
import { InstrParser } from './instr-parser.js';
import { TokenKind } from './lexer.js';
import { ParseError } from './parse-error.js';
import { type ParseOptions, parseModuleFields } from './parse-wat.js';
import { shapeSource } from './shapes.js';
import type {
  Action,
  Command,
  Expected,
  ExpectedNumber,
  Script,
  ScriptModule,
  ScriptValue,
} from './script.js';
import { decodeUtf8Lossless } from './strings.js';

const refKinds: ReadonlySet<string> = new Set([
  'func',
  'extern',
  'any',
  'eq',
  'i31',
  'struct',
  'array',
  'exn',
  'null',
]);

const laneShapes: Readonly<Record<string, readonly [number, 'i' | 'f']>> = {
  i8x16: [8, 'i'],
  i16x8: [16, 'i'],
  i32x4: [32, 'i'],
  i64x2: [64, 'i'],
  f32x4: [32, 'f'],
  f64x2: [64, 'f'],
};

class ScriptParser {
  private readonly cursor: Cursor;
  private readonly features: Features;
  /** Reads constants (numbers, v128 lanes, heap types). */
  private readonly values: InstrParser;

  constructor(cursor: Cursor, features: Features) {
    this.cursor = cursor;
    this.features = features;
    this.values = new InstrParser(cursor, features);
  }

  parseScript(filename: string | null): Script {
    const cursor: Cursor = this.cursor;
    const commands: Command[] = [];
    // A script may also be one module's fields alone.
    const head = cursor.sexprHead();
    if (head !== null && isModuleField(head)) {
      const span = cursor.spanAt(cursor.offset());
      const module = parseModuleFields(cursor, this.features);
      if (!cursor.atEnd()) cursor.fail('unexpected token');
      commands.push({
        kind: 'module',
        module: { kind: 'text', module, id: null, span },
        definition: false,
        span,
      });
      return { filename, commands };
    }
    while (!cursor.atEnd()) commands.push(this.parseCommand());
    return { filename, commands };
  }

  private parseCommand(): Command {
    const cursor: Cursor = this.cursor;
    const span = cursor.spanAt(cursor.offset());
    const head = cursor.sexprHead();
    if (head === null) return cursor.fail('unexpected token');
    if (head === 'module') {
      if (cursor.peek(2)?.image === 'instance') {
        cursor.pos += 3;
        const instance = cursor.eatId();
        const module = cursor.eatId();
        cursor.expectRParen();
        return { kind: 'module_instance', instance, module, span };
      }
      const definition = cursor.peek(2)?.image === 'definition';
      return { kind: 'module', module: this.parseModule(), definition, span };
    }
    cursor.pos += 2;
    let command: Command;
    switch (head) {
      case 'register': {
        const name = cursor.expectName();
        command = { kind: 'register', name, module: cursor.eatId(), span };
        break;
      }
      case 'invoke':
      case 'get':
        cursor.pos -= 2;
        return { kind: 'action', action: this.parseAction(), span };
      case 'assert_return': {
        const action = this.parseAction();
        const expected: Expected[] = [];
        while (cursor.kindAt() === TokenKind.lparen)
          expected.push(this.parseExpected());
        command = { kind: head, action, expected, span };
        break;
      }
      case 'assert_trap': {
        const action = cursor.atSexpr('module')
          ? this.parseModule()
          : this.parseAction();
        command = { kind: head, action, message: cursor.expectName(), span };
        break;
      }
      case 'assert_exhaustion': {
        const action = this.parseAction();
        command = { kind: head, action, message: cursor.expectName(), span };
        break;
      }
      case 'assert_exception':
        command = { kind: head, action: this.parseAction(), span };
        break;
      case 'assert_invalid':
      case 'assert_malformed':
      case 'assert_unlinkable':
      case 'assert_uninstantiable':
      case 'assert_invalid_custom':
      case 'assert_malformed_custom': {
        const module = head.endsWith('_custom')
          ? this.parseCustomModule()
          : this.parseModule();
        command = { kind: head, module, message: cursor.expectName(), span };
        break;
      }
      default:
        return cursor.fail('unexpected token', cursor.pos - 1);
    }
    cursor.expectRParen();
    return command;
  }

  /**
   * A module of `assert_*_custom`: a text module whose annotations are
   * rejected is kept as quoted source, for the runner to reject in turn.
   */
  private parseCustomModule(): ScriptModule {
    const cursor: Cursor = this.cursor;
    const start = cursor.pos;
    try {
      return this.parseModule();
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      cursor.pos = start;
      const span = cursor.spanAt(cursor.offset());
      let depth = 0;
      let end = start;
      for (; end < cursor.tokens.length; end++) {
        const kind = cursor.tokens.kind(end);
        if (kind === TokenKind.lparen) depth++;
        else if (kind === TokenKind.rparen && --depth === 0) break;
      }
      if (end >= cursor.tokens.length) throw error;
      const source = cursor.source.slice(
        cursor.offset(start),
        cursor.offset(end) + 1,
      );
      cursor.pos = end + 1;
      return { kind: 'quote', source, id: null, span };
    }
  }

  /** `(module definition? $id? ...)` in text, `binary` or `quote` form. */
  private parseModule(): ScriptModule {
    const cursor: Cursor = this.cursor;
    const span = cursor.spanAt(cursor.offset());
    if (!cursor.eatSexpr('module')) cursor.fail('unexpected token');
    cursor.eatKeyword('definition');
    const id = cursor.eatId();
    let result: ScriptModule;
    if (cursor.eatKeyword('binary') || cursor.isKeyword('quote')) {
      const quote = cursor.eatKeyword('quote');
      const chunks: Uint8Array[] = [];
      let length = 0;
      while (cursor.isString()) {
        const bytes = cursor.expectBytes();
        chunks.push(bytes);
        length += bytes.length;
      }
      const bytes = new Uint8Array(length);
      let at = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, at);
        at += chunk.length;
      }
      result = quote
        ? { kind: 'quote', source: decodeUtf8Lossless(bytes), id, span }
        : { kind: 'binary', bytes, id, span };
    } else {
      const module = parseModuleFields(cursor, this.features, id);
      result = { kind: 'text', module, id, span };
    }
    cursor.expectRParen();
    return result;
  }

  private parseAction(): Action {
    const cursor: Cursor = this.cursor;
    const span = cursor.spanAt(cursor.offset());
    if (cursor.eatSexpr('invoke')) {
      const module = cursor.eatId();
      const name = cursor.expectName();
      const args: ScriptValue[] = [];
      while (cursor.kindAt() === TokenKind.lparen) args.push(this.parseValue());
      cursor.expectRParen();
      return { kind: 'invoke', module, name, args, span };
    }
    if (cursor.eatSexpr('get')) {
      const module = cursor.eatId();
      const name = cursor.expectName();
      cursor.expectRParen();
      return { kind: 'get', module, name, span };
    }
    return cursor.fail('unexpected token');
  }

  /** `(t.const ...)`, `(ref.null ht)`, `(ref.extern n)`, `(ref.host n)`. */
  private parseValue(): ScriptValue {
    const cursor: Cursor = this.cursor;
    const head = cursor.sexprHead();
    cursor.expectLParen();
    cursor.pos++;
    let value: ScriptValue;
    switch (head) {
      case 'i32.const':
        value = { type: 'i32', value: this.values.parseI32() };
        break;
      case 'i64.const':
        value = { type: 'i64', value: this.values.parseI64() };
        break;
      case 'f32.const':
        value = { type: 'f32', bits: Number(this.values.parseFloat(32)) };
        break;
      case 'f64.const':
        value = { type: 'f64', bits: this.values.parseFloat(64) };
        break;
      case 'v128.const':
        value = { type: 'v128', bytes: this.values.parseV128() };
        break;
      case 'ref.null':
        value = { type: 'ref.null', heapType: this.values.parseHeapType() };
        break;
      case 'ref.extern':
      case 'ref.host':
        value = { type: head, value: this.values.parseU32() };
        break;
      default:
        return cursor.fail('unexpected token', cursor.pos - 1);
    }
    cursor.expectRParen();
    return value;
  }

  private parseExpected(): Expected {
    const cursor: Cursor = this.cursor;
    const head = cursor.sexprHead();
    if (head === 'either') {
      cursor.pos += 2;
      const options: Expected[] = [];
      while (cursor.kindAt() === TokenKind.lparen)
        options.push(this.parseExpected());
      cursor.expectRParen();
      return { type: 'either', options };
    }
    if (
      head !== null &&
      head.startsWith('ref.') &&
      refKinds.has(head.slice(4))
    ) {
      const next = cursor.peek(2);
      if (next?.kind === TokenKind.rparen) {
        cursor.pos += 3;
        return {
          type: 'ref.kind',
          kind: head.slice(4) as AbsHeapType & Expected['type'],
        };
      }
    }
    if (head === 'f32.const' || head === 'f64.const') {
      const image = cursor.peek(2)?.image;
      if (image === 'nan:canonical' || image === 'nan:arithmetic') {
        cursor.pos += 3;
        cursor.expectRParen();
        return {
          type: head === 'f32.const' ? 'f32' : 'f64',
          nan: image.slice(4) as 'canonical' | 'arithmetic',
        };
      }
    }
    if (head === 'v128.const') {
      const shape = cursor.peek(2)?.image ?? '';
      const lanesInfo = laneShapes[shape];
      if (lanesInfo !== undefined && lanesInfo[1] === 'f') {
        // Float lanes may be NaN patterns.
        const save = cursor.pos;
        cursor.pos += 3;
        const lanes: ExpectedNumber[] = [];
        let patterns = false;
        const bits = lanesInfo[0] as 32 | 64;
        while (
          cursor.kindAt() === TokenKind.atom ||
          cursor.kindAt() === TokenKind.keyword
        ) {
          const image = cursor.peek()!.image;
          if (image === 'nan:canonical' || image === 'nan:arithmetic') {
            patterns = true;
            cursor.pos++;
            lanes.push({
              type: bits === 32 ? 'f32' : 'f64',
              nan: image.slice(4) as 'canonical' | 'arithmetic',
            });
          } else if (bits === 32) {
            lanes.push({
              type: 'f32',
              bits: Number(this.values.parseFloat(32)),
            });
          } else lanes.push({ type: 'f64', bits: this.values.parseFloat(64) });
        }
        if (patterns) {
          if (lanes.length !== 128 / bits)
            cursor.fail('wrong number of lane literals');
          cursor.expectRParen();
          return {
            type: 'v128.lanes',
            shape: shape as 'f32x4' | 'f64x2',
            lanes,
          };
        }
        cursor.pos = save;
      }
    }
    return this.parseValue();
  }
}

function isModuleField(head: string): boolean {
  switch (head) {
    case 'type':
    case 'rec':
    case 'import':
    case 'func':
    case 'table':
    case 'memory':
    case 'global':
    case 'tag':
    case 'export':
    case 'start':
    case 'elem':
    case 'data':
      return true;
    default:
      return false;
  }
}

/**
 * Parses a WAST script. Text modules are parsed; `binary` and `quote`
 * modules are kept as bytes and source for the runner.
 * @throws {ParseError} if the script (or a text module in it) is malformed.
 * @see https://github.com/WebAssembly/spec/tree/main/interpreter#scripts
 */
export function parseWast(source: string, options: ParseOptions = {}): Script {
  retainShapes('text script', () => {
    const cursor = new Cursor(shapeScript, null);
    const parser = new ScriptParser(cursor, resolveFeatures({}));
    return [cursor, parser, parser.parseScript(null)];
  });
  const filename = options.filename ?? null;
  const cursor = new Cursor(source, filename);
  try {
    return new ScriptParser(
      cursor,
      resolveFeatures(options.features),
    ).parseScript(filename);
  } catch (error) {
    return cursor.rethrow(error);
  } finally {
    cursor.release();
  }
}

/** A small script for `retainShapes`. */
const shapeScript = `${shapeSource}
(register "m" $m)
(assert_return (invoke $m "f" (i32.const 0)) (i32.const 1))
(assert_trap (invoke "f" (i32.const 1)) "unreachable")
(assert_invalid (module (func (result i32))) "type mismatch")
(assert_malformed (module quote "(func)") "unexpected token")
(module binary "\\00asm" "\\01\\00\\00\\00")`;
