// Inputs for the text-format fuzzer: the spec suite's .wast files split
// into their top-level commands, mutated token by token (truncation,
// deletion, duplication, swaps, parentheses added or removed, random
// characters, odd numeric literals), plus hand-made deep nestings.

import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { specSuiteDir } from './corpus.mjs';

/** A seeded PRNG (mulberry32), shared by the text and validation fuzzers. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** One of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }
}

/** A top-level form of a .wast file. */
export interface TextSeed {
  readonly name: string;
  readonly text: string;
}

function* wastFiles(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir).sort()) {
    if (entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* wastFiles(path);
    else if (entry.endsWith('.wast') || entry.endsWith('.wat')) yield path;
  }
}

/** The top-level parenthesised forms of a script (comments and strings respected). */
export function topLevelForms(source: string): string[] {
  const forms: string[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === ';' && source[i + 1] === ';') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '(' && source[i + 1] === ';') {
      let nest = 0;
      do {
        if (source.startsWith('(;', i)) {
          nest++;
          i += 2;
        } else if (source.startsWith(';)', i)) {
          nest--;
          i += 2;
        } else i++;
      } while (nest > 0 && i < source.length);
      i--;
    } else if (c === '"') {
      for (i++; i < source.length && source[i] !== '"'; i++)
        if (source[i] === '\\') i++;
    } else if (c === '(') {
      if (depth++ === 0) start = i;
    } else if (c === ')') {
      if (--depth === 0 && start >= 0) forms.push(source.slice(start, i + 1));
      if (depth < 0) depth = 0;
    }
  }
  return forms;
}

/** The spec suite's .wast files, whole. */
export function loadTextFiles(): TextSeed[] {
  return [...wastFiles(specSuiteDir)].map((path) => ({
    name: relative(specSuiteDir, path),
    text: readFileSync(path, 'utf8'),
  }));
}

/** Every top-level form of every .wast file of the spec suite (or `[]` without the suite). */
export function loadTextSeeds(): TextSeed[] {
  const seeds: TextSeed[] = [];
  for (const path of wastFiles(specSuiteDir)) {
    const file = relative(specSuiteDir, path);
    topLevelForms(readFileSync(path, 'utf8')).forEach((text, i) =>
      seeds.push({ name: `${file}#${i}`, text }),
    );
  }
  return seeds;
}

const tokenPattern = /\(|\)|"(?:[^"\\]|\\.)*"?|;;[^\n]*|\(;|;\)|[^\s()";]+/g;

/** Token ranges `[start, end)` of a text. */
function tokens(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of text.matchAll(tokenPattern))
    out.push([m.index, m.index + m[0].length]);
  return out;
}

const oddLiterals = [
  '0x',
  '0x_1',
  '1__0',
  '_1',
  '1_',
  '-',
  '+',
  '0x1p',
  '0x1p+',
  '1e',
  '1e+',
  '1e99999',
  '-1e-99999',
  '0x1.fffffffffffffffffp1023',
  '0x1p-1075',
  '4294967296',
  '-2147483649',
  '18446744073709551616',
  '-9223372036854775809',
  'nan:0x0',
  'nan:0x800000',
  'nan:0x10000000000000',
  '-nan:0x1',
  'nan:',
  'inf:0x1',
  'infinity',
  '0x8000_0000',
  '0.',
  '.5',
  '00',
  '0o7',
  '$',
  '$$',
  '$"x"',
  '$x',
  'offset=',
  'align=3',
  'offset=0x1_0000_0000_0000_0000',
  'align=0',
  '"\\u{110000}"',
  '"\\u{d800}"',
  '"\\x"',
  '"\\',
  '"\u0000"',
  '"\n"',
  '(;',
  ';)',
  ';;',
  '(@',
  '(@a',
  '(@"x"',
  'i32.const',
  'block',
  'end',
  'then',
  'else',
  'module',
  'binary',
  'quote',
  'func',
  'param',
  'result',
  'local',
  'type',
  'import',
  'export',
  'rec',
  'sub',
  'final',
  'ref',
  'null',
  'struct',
  'array',
  'field',
  'mut',
  'v128.const',
  'i8x16',
];

const oddChars = [
  '(',
  ')',
  '"',
  ';',
  '\\',
  '\0',
  '\u00ff',
  '\u{1f600}',
  '\ud800',
  '\t',
  '\r',
  '\n',
  '\u2028',
  '$',
  '@',
  '=',
  ' ',
];

/** A mutated copy of `text`: one to three edits; `applied` names them. */
export function mutateText(
  text: string,
  random: Random,
  other: string,
): { text: string; applied: string[] } {
  const applied: string[] = [];
  const edits = random.below(2) === 0 ? 1 : 1 + random.below(3);
  for (let e = 0; e < edits; e++) {
    const toks = tokens(text);
    const at = random.below(text.length + 1);
    const tok =
      toks.length > 0 ? random.pick(toks) : ([0, 0] as [number, number]);
    const kind = random.below(12);
    switch (kind) {
      case 0:
        text = text.slice(0, at);
        applied.push('truncate');
        break;
      case 1:
        text = text.slice(0, tok[0]) + text.slice(tok[1]);
        applied.push('delete-token');
        break;
      case 2:
        text =
          text.slice(0, tok[1]) +
          ' ' +
          text.slice(tok[0], tok[1]) +
          text.slice(tok[1]);
        applied.push('duplicate-token');
        break;
      case 3: {
        const n = 1 + random.below(3);
        text =
          text.slice(0, at) +
          random.pick(['(', ')']).repeat(n) +
          text.slice(at);
        applied.push('insert-paren');
        break;
      }
      case 4: {
        const parens = toks.filter(
          ([s, en]) => en - s === 1 && (text[s] === '(' || text[s] === ')'),
        );
        if (parens.length > 0) {
          const [s] = random.pick(parens);
          text = text.slice(0, s) + text.slice(s + 1);
        }
        applied.push('delete-paren');
        break;
      }
      case 5: {
        let junk = '';
        const n = 1 + random.below(4);
        for (let i = 0; i < n; i++)
          junk +=
            random.below(3) === 0
              ? String.fromCharCode(random.below(0x80))
              : random.pick(oddChars);
        text = text.slice(0, at) + junk + text.slice(at);
        applied.push('random-chars');
        break;
      }
      case 6:
      case 7:
        text =
          text.slice(0, tok[0]) + random.pick(oddLiterals) + text.slice(tok[1]);
        applied.push('replace-token');
        break;
      case 8: {
        const otherToks = tokens(other);
        if (otherToks.length > 0) {
          const [s, en] = random.pick(otherToks);
          text =
            text.slice(0, tok[0]) + other.slice(s, en) + text.slice(tok[1]);
        }
        applied.push('borrow-token');
        break;
      }
      case 9: {
        const b = toks.length > 0 ? random.pick(toks) : tok;
        const [x, y] = tok[0] <= b[0] ? [tok, b] : [b, tok];
        if (x[1] <= y[0])
          text =
            text.slice(0, x[0]) +
            text.slice(y[0], y[1]) +
            text.slice(x[1], y[0]) +
            text.slice(x[0], x[1]) +
            text.slice(y[1]);
        applied.push('swap-tokens');
        break;
      }
      case 10: {
        // A whole parenthesised subtree duplicated or dropped.
        const opens = toks.filter(([s]) => text[s] === '(');
        if (opens.length > 0) {
          const [s] = random.pick(opens);
          const end = matchingParen(text, s);
          if (end > s) {
            const sub = text.slice(s, end + 1);
            text =
              random.below(2) === 0
                ? text.slice(0, s) + text.slice(end + 1)
                : text.slice(0, end + 1) + ' ' + sub + text.slice(end + 1);
          }
        }
        applied.push('subtree');
        break;
      }
      default: {
        const pos = random.below(text.length);
        text =
          text.slice(0, pos) +
          String.fromCharCode(random.below(0x10000)) +
          text.slice(pos + 1);
        applied.push('replace-char');
        break;
      }
    }
  }
  return { text, applied };
}

/** The index of the parenthesis closing the one at `open`, or -1. */
function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++)
        if (text[i] === '\\') i++;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Deeply nested inputs, each `depth` levels deep. */
export function deepInputs(
  depth: number,
): { name: string; text: string; wast: boolean }[] {
  const r = (s: string): string => s.repeat(depth);
  return [
    { name: `${depth} open parens`, text: r('('), wast: true },
    { name: `${depth} nested empty lists`, text: r('(') + r(')'), wast: true },
    {
      name: `${depth} nested folded blocks`,
      text: `(module (func ${r('(block ')}${r(')')}))`,
      wast: false,
    },
    {
      name: `${depth} nested flat blocks`,
      text: `(module (func ${r('block ')}${r('end ')}))`,
      wast: false,
    },
    {
      name: `${depth} nested folded i32.add`,
      text: `(module (func (result i32) ${r('(i32.add (i32.const 1) ')}(i32.const 0)${r(')')}))`,
      wast: false,
    },
    {
      name: `${depth} nested ifs`,
      text: `(module (func ${r('(if (i32.const 1) (then ')}${r('))')}))`,
      wast: false,
    },
    {
      name: `${depth} nested block comments`,
      text: `(module ${r('(;')}${r(';)')})`,
      wast: true,
    },
    {
      name: `${depth} nested unclosed block comments`,
      text: `(module ${r('(;')}`,
      wast: true,
    },
    {
      name: `${depth} nested parens in a type`,
      text: `(module (type (func (param ${r('(')}`,
      wast: false,
    },
    {
      name: `${depth} nested assert_return args`,
      text: `(assert_return (invoke "f" ${r('(')}))`,
      wast: true,
    },
  ];
}
