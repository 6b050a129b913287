// The README's examples run here, so they cannot rot: every ```ts block whose
// info string says `test` is run from the repository root, and what it
// prints with console.log must equal the ```text block right after it.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSnippet } from './testing/snippets.js';
import { repoRoot, tswasm } from './testing/tswasm.js';

interface Snippet {
  readonly line: number;
  readonly code: string;
  readonly expected: string | null;
}

function snippets(markdown: string): Snippet[] {
  const found: Snippet[] = [];
  const fence = /^```(\S*)(.*)\n([\s\S]*?)^```\n/gm;
  let last: { snippet: Omit<Snippet, 'expected'>; end: number } | null = null;
  for (const match of markdown.matchAll(fence)) {
    const [whole, lang, info, body] = match as unknown as [
      string,
      string,
      string,
      string,
    ];
    const line = markdown.slice(0, match.index).split('\n').length;
    if (lang === 'text' && last !== null) {
      // Output belongs to the code block just before it (prose between is fine).
      found.push({ ...last.snippet, expected: body });
      last = null;
      continue;
    }
    if (last !== null) found.push({ ...last.snippet, expected: null });
    last = null;
    if (lang === 'ts' && /\btest\b/.test(info)) {
      last = {
        snippet: { line, code: body },
        end: match.index + whole.length,
      };
    }
  }
  if (last !== null) found.push({ ...last.snippet, expected: null });
  return found;
}

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const all = snippets(readme);

describe('README.md', () => {
  it('has tested examples', () => {
    expect(all.length).toBeGreaterThanOrEqual(8);
  });

  for (const snippet of all) {
    it(`runs the example at line ${snippet.line}`, async () => {
      const printed = await runSnippet(
        snippet.code,
        `readme-${snippet.line}.ts`,
      );
      if (snippet.expected !== null) {
        expect(printed.join('\n') + '\n').toBe(snippet.expected);
      }
    });
  }
});

/** `$ tswasm ...` sessions of ```console blocks, with their expected output. */
function sessions(
  markdown: string,
): { line: number; args: string[]; expected: string }[] {
  const found: { line: number; args: string[]; expected: string }[] = [];
  for (const match of markdown.matchAll(/^```console\n([\s\S]*?)^```\n/gm)) {
    const first = markdown.slice(0, match.index).split('\n').length + 1;
    const lines = match[1]!.split('\n').slice(0, -1);
    lines.forEach((text, i) => {
      if (!text.startsWith('$ tswasm ')) return;
      let end = i + 1;
      while (end < lines.length && !lines[end]!.startsWith('$ ')) end++;
      found.push({
        line: first + i,
        args: text.slice('$ tswasm '.length).split(' '),
        expected: lines
          .slice(i + 1, end)
          .map((l) => `${l}\n`)
          .join(''),
      });
    });
  }
  return found;
}

describe('README.md command sessions', () => {
  const all = sessions(readme);

  it('has some', () => {
    expect(all.length).toBeGreaterThanOrEqual(5);
  });

  for (const session of all) {
    it(`runs tswasm ${session.args.join(' ')} (line ${session.line})`, () => {
      const result = tswasm(session.args);
      expect(result.stdout + result.stderr).toBe(session.expected);
    });
  }
});

describe('README.md proposals table', () => {
  it('lists every feature with its flag and default', async () => {
    const { allFeatures, defaultFeatures } = await import('@tswasm/ir');
    const { featureFlagName } = await import('./args.js');
    const rows = readme
      .split('\n')
      .filter((line) => line.startsWith('|'))
      .map((line) =>
        line
          .split('|')
          .slice(2, -1)
          .map((cell) => cell.trim()),
      );
    for (const feature of allFeatures) {
      expect(rows).toContainEqual([
        `\`${feature}\``,
        `\`${featureFlagName(feature)}\``,
        defaultFeatures[feature] ? 'on' : 'off',
      ]);
    }
  });
});
