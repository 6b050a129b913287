// One round trip: decode -> encode -> decode, with the checks every
// input must pass, and counts per group for the summary.

import { DecodeError, decodeFunctionBody, decodeModule } from '@tswasm/decoder';
import { encodeModule } from '@tswasm/encoder';
import type { FeatureOptions, Func, Module } from '@tswasm/ir';
import { firstDifference } from './compare-modules.js';
import type { CorpusModule } from './corpus.js';
import { type DiffClass, explainDifferences } from './explain-diff.js';

/** How one input fared. */
export type Outcome =
  | { readonly kind: 'rejected' } // the decoder does not accept it
  | { readonly kind: 'identical'; readonly bodyClasses: readonly DiffClass[] }
  | {
      readonly kind: 'equal';
      readonly classes: readonly DiffClass[];
      readonly bodyClasses: readonly DiffClass[];
    }
  | { readonly kind: 'failing'; readonly reason: string };

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The module with every body decoded to instructions. */
function withInstrBodies(module: Module, features: FeatureOptions): Module {
  return {
    ...module,
    functions: module.functions.map((func): Func => ({
      ...func,
      body: { kind: 'instrs', instrs: decodeFunctionBody(func, { features }) },
    })),
  };
}

/**
 * Decodes `input`, encodes it, and checks: the bytes are identical, or
 * every difference comes from a non-canonical input; decoding the output
 * gives back the same module (byte offsets aside); encoding is a fixed
 * point. Then does the same with every body decoded to instructions, which
 * exercises the instruction encoder on the whole input.
 */
export function roundTrip(input: CorpusModule): Outcome {
  const features = input.features;
  let module: Module;
  try {
    module = decodeModule(input.bytes, { features, eagerBodies: true });
  } catch (error) {
    if (error instanceof DecodeError) return { kind: 'rejected' };
    return { kind: 'failing', reason: `decoder threw ${String(error)}` };
  }
  try {
    const output = encodeModule(module);
    const identical = sameBytes(output, input.bytes);
    let classes: readonly DiffClass[] = [];
    if (!identical) {
      const explanation = explainDifferences(input.bytes, output);
      if (explanation.unexplained !== null) {
        return {
          kind: 'failing',
          reason: `unexplained difference: ${explanation.unexplained}`,
        };
      }
      classes = [...explanation.classes];
    }
    const again = decodeModule(output, { features, eagerBodies: true });
    const difference = firstDifference(module, again);
    if (difference !== null)
      return {
        kind: 'failing',
        reason: `decode(encode(m)) differs: ${difference}`,
      };
    if (!sameBytes(encodeModule(again), output)) {
      return { kind: 'failing', reason: 'encoding is not a fixed point' };
    }

    // Bodies as instructions: the same module must come back.
    const instrModule = withInstrBodies(module, features);
    const instrOutput = encodeModule(instrModule);
    let bodyClasses: readonly DiffClass[] = [];
    if (!sameBytes(instrOutput, output)) {
      const explanation = explainDifferences(output, instrOutput);
      if (explanation.unexplained !== null) {
        return {
          kind: 'failing',
          reason: `instruction bodies: unexplained difference: ${explanation.unexplained}`,
        };
      }
      bodyClasses = [...explanation.classes];
    }
    const instrAgain = withInstrBodies(
      decodeModule(instrOutput, { features, eagerBodies: true }),
      features,
    );
    const instrDifference = firstDifference(instrModule, instrAgain);
    if (instrDifference !== null) {
      return {
        kind: 'failing',
        reason: `instruction bodies: decode(encode(m)) differs: ${instrDifference}`,
      };
    }
    return identical
      ? { kind: 'identical', bodyClasses }
      : { kind: 'equal', classes, bodyClasses };
  } catch (error) {
    return {
      kind: 'failing',
      reason: `threw ${error instanceof Error ? error.stack : String(error)}`,
    };
  }
}

/** Counts per group. */
export interface Tally {
  identical: number;
  equal: number;
  failing: number;
  rejected: number;
}

/** Counts outcomes per group and remembers an example of each class. */
export class Summary {
  readonly groups = new Map<string, Tally>();
  readonly classes = new Map<string, { count: number; example: string }>();
  readonly failures: string[] = [];
  /** Rejected by the decoder though not in an `assert_malformed`. */
  readonly unexpectedlyRejected: string[] = [];
  /** Accepted by the decoder though in an `assert_malformed`. */
  readonly unexpectedlyAccepted: string[] = [];

  add(input: CorpusModule, outcome: Outcome): void {
    const malformed = input.context === 'assert_malformed';
    if (outcome.kind === 'rejected' && !malformed)
      this.unexpectedlyRejected.push(input.name);
    if (outcome.kind !== 'rejected' && malformed)
      this.unexpectedlyAccepted.push(input.name);
    let tally = this.groups.get(input.group);
    if (tally === undefined) {
      tally = { identical: 0, equal: 0, failing: 0, rejected: 0 };
      this.groups.set(input.group, tally);
    }
    tally[outcome.kind]++;
    if (outcome.kind === 'failing')
      this.failures.push(`${input.name}: ${outcome.reason}`);
    if (outcome.kind === 'equal')
      for (const c of outcome.classes) this.note(c, input.name);
    if (outcome.kind === 'equal' || outcome.kind === 'identical') {
      for (const c of outcome.bodyClasses)
        this.note(`${c} (in function bodies)`, input.name);
    }
  }

  /** Every input whose bytes changed, with why (printed with ROUNDTRIP_VERBOSE=1). */
  readonly changed: string[] = [];

  private note(key: string, name: string): void {
    this.changed.push(`${name}: ${key}`);
    const entry = this.classes.get(key);
    if (entry === undefined) this.classes.set(key, { count: 1, example: name });
    else entry.count++;
  }

  /** A printable table. */
  format(title: string): string {
    const lines = [
      `${title}: identical / equal after re-encode / failing / not accepted by the decoder`,
    ];
    const total: Tally = { identical: 0, equal: 0, failing: 0, rejected: 0 };
    for (const [group, t] of [...this.groups].sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      lines.push(
        `  ${group.padEnd(32)} ${t.identical} / ${t.equal} / ${t.failing} / ${t.rejected}`,
      );
      total.identical += t.identical;
      total.equal += t.equal;
      total.failing += t.failing;
      total.rejected += t.rejected;
    }
    lines.push(
      `  ${'total'.padEnd(32)} ${total.identical} / ${total.equal} / ${total.failing} / ${total.rejected}`,
    );
    if (this.classes.size > 0) lines.push('  why re-encoded bytes differ:');
    for (const [c, { count, example }] of this.classes)
      lines.push(`    ${c}: ${count} (e.g. ${example})`);
    if (process.env.ROUNDTRIP_VERBOSE === '1') {
      for (const change of this.changed) lines.push(`    ${change}`);
    }
    for (const failure of this.failures.slice(0, 20))
      lines.push(`  FAIL ${failure}`);
    lines.push(
      `  rejected outside assert_malformed: ${this.unexpectedlyRejected.length}`,
    );
    for (const name of this.unexpectedlyRejected.slice(0, 40))
      lines.push(`    ${name}`);
    lines.push(
      `  accepted in assert_malformed: ${this.unexpectedlyAccepted.length}`,
    );
    for (const name of this.unexpectedlyAccepted.slice(0, 40))
      lines.push(`    ${name}`);
    return lines.join('\n');
  }
}
