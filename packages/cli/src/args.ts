// The command line: a small parser for the option shapes tswasm takes
// (`--name`, `--name=value`, `--name value`, `-o value`, `-d`, `--`), and the
// feature flags every subcommand shares.

import {
  type Feature,
  type FeatureOptions,
  allFeatures,
  defaultFeatures,
  everyFeature,
  mvpFeatures,
} from '@tswasm/ir';

/** A command-line mistake: printed with a hint to `--help`, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** One option a command accepts. */
export interface OptionSpec {
  /** The long name, without `--`. */
  readonly name: string;
  /** A one-letter alias, without `-`. */
  readonly short?: string;
  /** Takes a value (`--name VALUE`); shown as this placeholder in `--help`. */
  readonly value?: string;
  /** May be given more than once; values are collected in order. */
  readonly multiple?: boolean;
  readonly description: string;
}

/** What a command accepts. */
export interface CommandSpec {
  readonly name: string;
  /** The synopsis after `tswasm NAME`, e.g. `[options] FILE`. */
  readonly usage: string;
  readonly summary: string;
  readonly options: readonly OptionSpec[];
  /** Takes feature flags (`--enable-*`, `--disable-*`, `--features=`). */
  readonly features: boolean;
  /**
   * Stop reading options at the first operand: the rest belong to the
   * program being run (`tswasm run FILE ARGS...`).
   */
  readonly stopAtFirstOperand?: boolean;
  /** Extra paragraphs for `--help`. */
  readonly notes?: string;
}

/** Parsed arguments: option values by long name, then operands in order. */
export interface ParsedArgs {
  /** `--help` or `-h` was given; nothing else is checked then. */
  readonly help: boolean;
  readonly flags: ReadonlySet<string>;
  readonly values: ReadonlyMap<string, readonly string[]>;
  readonly operands: readonly string[];
  readonly features: FeatureOptions;
}

/** The flag spelling of a feature: `saturatingFloatToInt` -> `saturating-float-to-int`. */
export function featureFlagName(feature: Feature): string {
  return feature.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

const featureByFlag = new Map<string, Feature>(
  allFeatures.map((feature) => [featureFlagName(feature), feature]),
);

/**
 * Applies a `--features=` list over `features`: `all`, `mvp` or `default`
 * reset every flag; `name` or `+name` turns one on, `-name` turns it off.
 */
function applyFeatureList(list: string, features: FeatureOptions): void {
  for (const raw of list.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const base =
      item === 'all'
        ? everyFeature
        : item === 'mvp'
          ? mvpFeatures
          : item === 'default'
            ? defaultFeatures
            : null;
    if (base !== null) {
      Object.assign(features, base);
      continue;
    }
    const on = !item.startsWith('-');
    const name = item.replace(/^[-+]/, '');
    const feature = featureByFlag.get(name);
    if (feature === undefined) {
      throw new UsageError(`unknown feature '${name}' in --features`);
    }
    features[feature] = on;
  }
}

/** Parses `argv` (without the command name) for `spec`. */
export function parseArgs(
  spec: CommandSpec,
  argv: readonly string[],
): ParsedArgs {
  const flags = new Set<string>();
  const values = new Map<string, string[]>();
  const operands: string[] = [];
  const features: FeatureOptions = {};
  const byLong = new Map(spec.options.map((o) => [o.name, o]));
  const byShort = new Map(
    spec.options.flatMap((o) =>
      o.short === undefined ? [] : [[o.short, o] as const],
    ),
  );

  const set = (option: OptionSpec, value: string | undefined): void => {
    if (option.value === undefined) {
      flags.add(option.name);
      return;
    }
    if (value === undefined) {
      throw new UsageError(`option --${option.name} needs a value`);
    }
    const list = values.get(option.name) ?? [];
    if (list.length > 0 && option.multiple !== true) {
      throw new UsageError(`option --${option.name} given more than once`);
    }
    list.push(value);
    values.set(option.name, list);
  };

  let i = 0;
  while (i < argv.length) {
    const arg = argv[i++]!;
    if (arg === '--') {
      operands.push(...argv.slice(i));
      break;
    }
    if (arg === '--help' || arg === '-h') {
      return { help: true, flags, values, operands, features };
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const inline = eq < 0 ? undefined : arg.slice(eq + 1);
      if (spec.features && featureOption(name, inline, features)) continue;
      const option = byLong.get(name);
      if (option === undefined) throw new UsageError(`unknown option ${arg}`);
      if (option.value === undefined && inline !== undefined) {
        throw new UsageError(`option --${name} takes no value`);
      }
      set(
        option,
        option.value === undefined ? undefined : (inline ?? argv[i++]),
      );
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') {
      // Clustered short flags (`-dx`); a value-taking one ends the cluster.
      for (let j = 1; j < arg.length; j++) {
        const option = byShort.get(arg[j]!);
        if (option === undefined) {
          throw new UsageError(`unknown option -${arg[j]!}`);
        }
        if (option.value !== undefined) {
          const rest = arg.slice(j + 1);
          set(option, rest !== '' ? rest : argv[i++]);
          break;
        }
        set(option, undefined);
      }
      continue;
    }
    operands.push(arg);
    if (spec.stopAtFirstOperand === true) {
      operands.push(...argv.slice(i));
      break;
    }
  }
  return { help: false, flags, values, operands, features };
}

/** Handles `--enable-X`, `--disable-X` and `--features=LIST`; false if `name` is none of them. */
function featureOption(
  name: string,
  inline: string | undefined,
  features: FeatureOptions,
): boolean {
  if (name === 'features') {
    if (inline === undefined) {
      throw new UsageError('option --features needs a value: --features=LIST');
    }
    applyFeatureList(inline, features);
    return true;
  }
  const match = /^(enable|disable)-(.+)$/.exec(name);
  if (match === null) return false;
  const on = match[1] === 'enable';
  if (inline !== undefined) {
    throw new UsageError(`option --${name} takes no value`);
  }
  if (match[2] === 'all') {
    Object.assign(features, on ? everyFeature : mvpFeatures);
    return true;
  }
  const feature = featureByFlag.get(match[2]!);
  if (feature === undefined) {
    throw new UsageError(`unknown feature '${match[2]!}' in --${name}`);
  }
  features[feature] = on;
  return true;
}

/** The single value of a value-taking option, if given. */
export function optionValue(
  args: ParsedArgs,
  name: string,
): string | undefined {
  return args.values.get(name)?.[0];
}

/** Every value of a repeatable option, in order. */
export function optionValues(
  args: ParsedArgs,
  name: string,
): readonly string[] {
  return args.values.get(name) ?? [];
}

/** Checks the number of operands; throws a UsageError naming what is missing. */
export function expectOperands(
  args: ParsedArgs,
  min: number,
  max: number,
  what: string,
): void {
  if (args.operands.length < min) throw new UsageError(`missing ${what}`);
  if (args.operands.length > max) {
    throw new UsageError(`unexpected argument '${args.operands[max]!}'`);
  }
}

/** `--help` text for a command. */
export function formatHelp(spec: CommandSpec): string {
  const lines = [
    `Usage: tswasm ${spec.name} ${spec.usage}`,
    '',
    wrap(spec.summary, 80),
    '',
    'Options:',
  ];
  const rows: (readonly [string, string])[] = spec.options.map((o) => [
    `${o.short === undefined ? '    ' : `-${o.short}, `}--${o.name}${o.value === undefined ? '' : ` ${o.value}`}`,
    o.description,
  ]);
  if (spec.features) {
    rows.push(
      ['    --enable-FEATURE', 'turn a proposal on (see below)'],
      ['    --disable-FEATURE', 'turn a proposal off'],
      ['    --enable-all', 'turn every proposal on'],
      ['    --features=LIST', 'e.g. mvp,+simd or threads,-gc'],
    );
  }
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  for (const [left, right] of rows) {
    lines.push(`  ${left.padEnd(width)}${right}`);
  }
  if (spec.features) lines.push('', featureHelp());
  if (spec.notes !== undefined) lines.push('', spec.notes);
  return lines.join('\n') + '\n';
}

/** Breaks `text` into lines of at most `width` characters, at spaces. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines.join('\n');
}

function featureHelp(): string {
  const names = allFeatures.map(
    (f) => `${featureFlagName(f)}${defaultFeatures[f] ? ' (on)' : ''}`,
  );
  const lines = ['Features (on by default where marked):'];
  let line = ' ';
  for (const name of names) {
    if (line.length + name.length > 76) {
      lines.push(line);
      line = ' ';
    }
    line += ` ${name}`;
  }
  lines.push(line);
  return lines.join('\n');
}
