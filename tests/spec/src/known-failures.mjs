// known-failures.json: the one list of what does not pass yet, per engine
// and file. A file that passes everything is absent. The tests fail on any
// command that fails without being listed (a regression) and on any listed
// command that now passes (so the list only shrinks); `node
// tests/spec/src/report.mjs --update` rewrites the list from a fresh run.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { directoryOf } from './suite.mjs';

export const knownFailuresPath = fileURLToPath(
  new URL('../known-failures.json', import.meta.url),
);

/**
 * Why whole directories fail, added to their entries' reasons.
 * @type {Record<string, string>}
 */
export const directoryReasons = {
  'proposals/custom-descriptors':
    'custom descriptors proposal: not implemented (no feature flag)',
};

/**
 * @typedef {{ error: string } | { lines: string, count: number, reason: string }} Entry
 * @typedef {Record<string, Record<string, Entry>>} KnownFailures by engine
 *   (`tswasm`: our engine's interpreter tier, `tswasm-js`: its JS tier,
 *   `v8`: the runner's self-check), then by file
 */

/** @returns {KnownFailures} */
export function loadKnownFailures() {
  const known = { tswasm: {}, v8: {} };
  if (!existsSync(knownFailuresPath)) return known;
  const json = JSON.parse(readFileSync(knownFailuresPath, 'utf8'));
  for (const [key, value] of Object.entries(json)) {
    if (!key.startsWith('$')) known[key] = value;
  }
  return known;
}

/** Writes the list, engines and files sorted. */
export function saveKnownFailures(known) {
  const json = {
    $comment:
      'Spec commands that do not pass yet, by engine and file (lines of the .wast). ' +
      'Regenerate with: node tests/spec/src/report.mjs --engine both --update',
  };
  for (const engine of Object.keys(known).sort()) {
    json[engine] = Object.fromEntries(
      Object.keys(known[engine])
        .sort()
        .map((file) => [file, known[engine][file]]),
    );
  }
  writeFileSync(knownFailuresPath, `${JSON.stringify(json, null, 2)}\n`);
}

/** The lines (1-based) of a file's commands that did not pass. */
export function failingLines(result) {
  return [...new Set(result.problems.map((problem) => problem.line))].sort(
    (a, b) => a - b,
  );
}

/** `1-3,7` from `[1, 2, 3, 7]`. */
export function formatRanges(lines) {
  const parts = [];
  for (let i = 0; i < lines.length;) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j] + 1) j++;
    parts.push(i === j ? `${lines[i]}` : `${lines[i]}-${lines[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** `[1, 2, 3, 7]` from `1-3,7`. */
export function parseRanges(text) {
  if (text === '') return [];
  return text.split(',').flatMap((part) => {
    const [from, to = from] = part.split('-').map(Number);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
}

/** The entry a result gets in the list, or `null` if everything passed. */
export function entryFor(result) {
  const prefix = directoryReasons[directoryOf(result.file)];
  const withPrefix = (reason) =>
    prefix === undefined ? reason : `${prefix}; ${reason}`;
  if (result.error !== null) return { error: withPrefix(result.error) };
  const lines = failingLines(result);
  if (lines.length === 0) return null;
  const first = result.problems[0];
  return {
    lines: formatRanges(lines),
    count: result.problems.length,
    reason: withPrefix(
      `first: ${first.line}: ${first.kind}: ${first.reason ?? first.status}`,
    ),
  };
}

/**
 * What differs between a result and its entry: regressions first, then
 * listed failures that now pass. Empty when the result is as listed.
 * @param {import('./worker.mjs').SpecResult} result
 * @param {Entry | undefined} entry
 * @returns {string[]}
 */
export function compareWithKnown(result, entry) {
  const problems = [];
  const update =
    'run `node tests/spec/src/report.mjs --engine both --update` to shrink the list';
  if (result.error !== null) {
    if (entry === undefined || !('error' in entry)) {
      problems.push(`regression: the file no longer runs: ${result.error}`);
    }
    return problems;
  }
  if (entry !== undefined && 'error' in entry) {
    problems.push(`the file now runs (listed as: ${entry.error}); ${update}`);
    return problems;
  }
  const listed = new Set(entry === undefined ? [] : parseRanges(entry.lines));
  const failing = new Set(failingLines(result));
  const regressions = result.problems.filter(
    (problem) => !listed.has(problem.line),
  );
  for (const problem of regressions.slice(0, 20)) {
    problems.push(
      `regression: ${result.file}:${problem.line}:${problem.column}: ${problem.kind} ${problem.status}: ${problem.reason}`,
    );
  }
  if (regressions.length > 20)
    problems.push(`... and ${regressions.length - 20} more regressions`);
  const fixed = [...listed].filter((line) => !failing.has(line));
  if (fixed.length > 0) {
    problems.push(
      `listed as failing but now pass: lines ${formatRanges(fixed)}; ${update}`,
    );
  }
  return problems;
}
