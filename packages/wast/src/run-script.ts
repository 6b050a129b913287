// Runs the commands of a WAST script against an engine adapter.
// https://github.com/WebAssembly/spec/tree/main/interpreter#scripts

import {
  type FeatureOptions,
  type Features,
  type Span,
  resolveFeatures,
} from '@tswasm/ir';
import type {
  Action,
  Command,
  Expected,
  Script,
  ScriptModule,
} from '@tswasm/text';
import type {
  ActionOutcome,
  CompileOutcome,
  EngineAdapter,
  Failure,
  FailureKind,
} from './adapter.js';
import { errorMessage, moduleBytes, parseScript } from './frontend.js';
import {
  type CommandResult,
  type CommandStatus,
  type ScriptResult,
  scriptResult,
} from './result.js';
import { spectestBytes } from './spectest.js';
import { formatValues, matchesExpected } from './values.js';

/** Options of `runScript` and `runWast`. */
export interface RunOptions {
  /** The file name in locations; defaults to the script's own. */
  readonly filename?: string;
  /** Features for parsing quoted modules and for `spectest`. */
  readonly features?: FeatureOptions;
  /**
   * Check that each expected failure's message starts with the script's
   * text. Defaults to the adapter's `specMessages`.
   */
  readonly matchMessages?: boolean;
  /** Register the `spectest` host module first (the default). */
  readonly spectest?: boolean;
}

/**
 * Runs every command of `script` against `adapter` and reports each one.
 * Never throws: whatever goes wrong is a failed command with a reason.
 */
export function runScript<M, I>(
  script: Script,
  adapter: EngineAdapter<M, I>,
  options: RunOptions = {},
): ScriptResult {
  return new ScriptRunner(script, adapter, options).run();
}

/**
 * Parses `source` as a WAST script and runs it. A script that does not
 * parse is one failure, with the parse error as the result's `error`.
 */
export function runWast<M, I>(
  source: string,
  adapter: EngineAdapter<M, I>,
  options: RunOptions = {},
): ScriptResult {
  const filename = options.filename ?? null;
  let script: Script;
  try {
    script = parseScript(source, {
      ...(filename !== null ? { filename } : {}),
      ...(options.features !== undefined ? { features: options.features } : {}),
    });
  } catch (error) {
    return scriptResult(filename, [], errorMessage(error));
  }
  return runScript(script, adapter, options);
}

/** A command's verdict before its location is attached. */
interface Verdict {
  readonly status: CommandStatus;
  readonly reason: string | null;
}

const pass: Verdict = { status: 'passed', reason: null };
const fail = (reason: string): Verdict => ({ status: 'failed', reason });

/** What an id or "the latest module" refers to. */
type Slot<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string };

class ScriptRunner<M, I> {
  private readonly script: Script;
  private readonly adapter: EngineAdapter<M, I>;
  private readonly filename: string;
  private readonly features: Features;
  private readonly matchMessages: boolean;
  private readonly useSpectest: boolean;

  private readonly registry = new Map<string, I>();
  private readonly instances = new Map<string, Slot<I>>();
  private readonly definitions = new Map<string, Slot<M>>();
  private current: Slot<I> = { ok: false, reason: 'no module yet' };
  private lastDefinition: Slot<M> = { ok: false, reason: 'no module yet' };

  constructor(
    script: Script,
    adapter: EngineAdapter<M, I>,
    options: RunOptions,
  ) {
    this.script = script;
    this.adapter = adapter;
    this.filename = options.filename ?? script.filename ?? '<script>';
    this.features = resolveFeatures(options.features);
    this.matchMessages = options.matchMessages ?? adapter.specMessages;
    this.useSpectest = options.spectest ?? true;
  }

  run(): ScriptResult {
    if (this.useSpectest) {
      try {
        this.registerSpectest();
      } catch {
        // Without spectest, the modules importing it fail to link, each
        // with its own reason.
      }
    }
    const results: CommandResult[] = [];
    for (const command of this.script.commands) {
      let verdict: Verdict;
      try {
        verdict = this.runCommand(command);
      } catch (error) {
        verdict = fail(`internal: ${errorMessage(error)}`);
      }
      results.push({
        kind: command.kind,
        ...verdict,
        location: this.locate(command.span),
        line: command.span.line,
        column: command.span.column,
      });
    }
    return scriptResult(this.filename, results);
  }

  private locate(span: Span): string {
    return `${this.filename}:${span.line}:${span.column}`;
  }

  private registerSpectest(): void {
    if (this.adapter.spectest !== undefined) {
      const instance = this.adapter.spectest();
      if (instance.ok) this.registry.set('spectest', instance.instance);
      return;
    }
    // The optional exports need features the engine may lack; without them
    // the scripts that do not use them still link.
    const variants = [
      { table64: this.features.memory64, sharedMemory: this.features.threads },
      {},
    ];
    for (const variant of variants) {
      const compiled = this.adapter.compile(spectestBytes(variant));
      if (!compiled.ok) continue;
      const instance = this.adapter.instantiate(compiled.module, new Map());
      if (!instance.ok) continue;
      this.registry.set('spectest', instance.instance);
      return;
    }
  }

  // Commands

  private runCommand(command: Command): Verdict {
    switch (command.kind) {
      case 'module':
        return this.defineModule(command.module, command.definition);
      case 'module_instance':
        return this.instantiateDefinition(command.instance, command.module);
      case 'register': {
        const instance = this.instance(command.module);
        if (!instance.ok) return fail(instance.reason);
        this.registry.set(command.name, instance.value);
        return pass;
      }
      case 'action':
        return this.expectValues(this.perform(command.action), null);
      case 'assert_return':
        return this.expectValues(
          this.perform(command.action),
          command.expected,
        );
      case 'assert_trap':
        if (isAction(command.action)) {
          return this.expectFailure(
            this.perform(command.action),
            'trap',
            command.message,
          );
        }
        return this.expectInstantiationFailure(
          command.action,
          'trap',
          command.message,
        );
      case 'assert_exhaustion':
        return this.expectFailure(
          this.perform(command.action),
          'exhaustion',
          command.message,
        );
      case 'assert_exception':
        return this.expectFailure(
          this.perform(command.action),
          'exception',
          null,
        );
      case 'assert_unlinkable':
        return this.expectInstantiationFailure(
          command.module,
          'link',
          command.message,
        );
      case 'assert_uninstantiable':
        return this.expectInstantiationFailure(
          command.module,
          'trap',
          command.message,
        );
      case 'assert_invalid':
        return this.expectRejection(command.module, 'invalid', command.message);
      case 'assert_malformed':
        return this.expectRejection(
          command.module,
          'malformed',
          command.message,
        );
      case 'assert_invalid_custom':
      case 'assert_malformed_custom':
        return this.expectRejection(command.module, 'custom', command.message);
    }
  }

  /** `(module ...)`: compiles, and unless a definition, instantiates. */
  private defineModule(module: ScriptModule, definition: boolean): Verdict {
    const compiled = this.compile(module);
    const where = `module at ${this.locate(module.span)}`;
    if (!compiled.ok) {
      const reason = `${where} did not compile: ${compiled.reason}`;
      this.bindDefinition(module.id, { ok: false, reason });
      if (!definition) this.bindInstance(module.id, { ok: false, reason });
      return fail(compiled.reason);
    }
    this.bindDefinition(module.id, { ok: true, value: compiled.value });
    if (definition) return pass;
    return this.instantiate(compiled.value, module.id, where);
  }

  /** `(module instance $i? $m?)` */
  private instantiateDefinition(
    id: string | null,
    moduleId: string | null,
  ): Verdict {
    const definition =
      moduleId === null
        ? this.lastDefinition
        : (this.definitions.get(moduleId) ?? {
            ok: false as const,
            reason: `unknown module ${moduleId}`,
          });
    if (!definition.ok) {
      this.bindInstance(id, definition);
      return fail(definition.reason);
    }
    return this.instantiate(
      definition.value,
      id,
      `instance ${id ?? ''}`.trim(),
    );
  }

  private instantiate(module: M, id: string | null, where: string): Verdict {
    const outcome = this.adapter.instantiate(module, this.registry);
    if (!outcome.ok) {
      this.bindInstance(id, {
        ok: false,
        reason: `${where} did not instantiate: ${outcome.message}`,
      });
      return failureVerdict(
        outcome,
        `instantiation failed (${outcome.kind}): ${outcome.message}`,
      );
    }
    this.bindInstance(id, { ok: true, value: outcome.instance });
    return pass;
  }

  private bindInstance(id: string | null, slot: Slot<I>): void {
    this.current = slot;
    if (id !== null) this.instances.set(id, slot);
  }

  private bindDefinition(id: string | null, slot: Slot<M>): void {
    this.lastDefinition = slot;
    if (id !== null) this.definitions.set(id, slot);
  }

  private instance(id: string | null): Slot<I> {
    if (id === null) return this.current;
    return (
      this.instances.get(id) ?? { ok: false, reason: `unknown module ${id}` }
    );
  }

  private compile(module: ScriptModule): Slot<M> {
    const bytes = moduleBytes(module, this.parseOptions());
    if (!bytes.ok) return { ok: false, reason: bytes.description };
    const compiled = this.adapter.compile(bytes.bytes);
    if (!compiled.ok) {
      return { ok: false, reason: `${compiled.kind}: ${compiled.message}` };
    }
    return { ok: true, value: compiled.module };
  }

  private parseOptions(): { filename: string; features: FeatureOptions } {
    return { filename: this.filename, features: this.features };
  }

  private perform(action: Action): ActionOutcome {
    const instance = this.instance(action.module);
    if (!instance.ok)
      return { ok: false, kind: 'error', message: instance.reason };
    return action.kind === 'invoke'
      ? this.adapter.invoke(instance.value, action.name, action.args)
      : this.adapter.get(instance.value, action.name);
  }

  // Expectations

  private expectValues(
    outcome: ActionOutcome,
    expected: readonly Expected[] | null,
  ): Verdict {
    if (!outcome.ok) {
      return failureVerdict(outcome, `${outcome.kind}: ${outcome.message}`);
    }
    if (expected === null) return pass;
    const ok =
      outcome.values.length === expected.length &&
      expected.every((value, i) => {
        const actual = outcome.values[i];
        return actual !== undefined && matchesExpected(value, actual);
      });
    return ok
      ? pass
      : fail(
          `expected ${formatValues(expected)}, got ${formatValues(outcome.values)}`,
        );
  }

  private expectFailure(
    outcome: ActionOutcome,
    kind: FailureKind,
    message: string | null,
  ): Verdict {
    if (outcome.ok) {
      return fail(
        `expected ${describe(kind, message)}, got ${formatValues(outcome.values)}`,
      );
    }
    return this.checkFailure(outcome, kind, message);
  }

  private checkFailure(
    outcome: Failure,
    kind: FailureKind,
    message: string | null,
  ): Verdict {
    if (outcome.kind === 'unsupported') {
      return { status: 'unsupported', reason: outcome.message };
    }
    if (outcome.kind !== kind) {
      return fail(
        `expected ${describe(kind, message)}, got ${outcome.kind}: ${outcome.message}`,
      );
    }
    if (!this.messageMatches(outcome.message, message)) {
      return fail(
        `expected ${describe(kind, message)}, got message "${outcome.message}"`,
      );
    }
    return pass;
  }

  private messageMatches(actual: string, expected: string | null): boolean {
    return (
      !this.matchMessages || expected === null || actual.startsWith(expected)
    );
  }

  /** `assert_trap`/`assert_unlinkable`/`assert_uninstantiable` of a module. */
  private expectInstantiationFailure(
    module: ScriptModule,
    kind: FailureKind,
    message: string,
  ): Verdict {
    const compiled = this.compile(module);
    if (!compiled.ok)
      return fail(
        `expected ${describe(kind, message)}, but ${compiled.reason}`,
      );
    const outcome = this.adapter.instantiate(compiled.value, this.registry);
    if (outcome.ok)
      return fail(`expected ${describe(kind, message)}, but it instantiated`);
    return this.checkFailure(outcome, kind, message);
  }

  /** `assert_invalid`, `assert_malformed` and their `_custom` forms. */
  private expectRejection(
    module: ScriptModule,
    kind: 'invalid' | 'malformed' | 'custom',
    message: string,
  ): Verdict {
    const expected = `${kind === 'custom' ? 'rejected' : kind} module "${message}"`;
    const bytes = moduleBytes(module, this.parseOptions());
    if (!bytes.ok) {
      // Quoted text that does not parse is malformed text.
      if (bytes.parse && (kind === 'malformed' || kind === 'custom')) {
        return this.messageMatches(bytes.message, message) || kind === 'custom'
          ? pass
          : fail(`expected ${expected}, got "${bytes.message}"`);
      }
      return fail(`expected ${expected}, got ${bytes.description}`);
    }
    if (module.kind === 'quote' && kind === 'malformed') {
      return fail(`expected ${expected}, but the text parsed`);
    }
    const compiled: CompileOutcome<M> = this.adapter.compile(bytes.bytes);
    if (compiled.ok && kind === 'custom') {
      // Engines may ignore custom sections they do not know, so an engine
      // accepting this module is not wrong, merely not checking.
      return {
        status: 'unsupported',
        reason: `expected ${expected}, but the engine does not check this custom section`,
      };
    }
    if (compiled.ok) return fail(`expected ${expected}, but it compiled`);
    if (kind === 'custom') return pass;
    if (compiled.kind !== kind && compiled.kind !== 'unclassified') {
      return fail(
        `expected ${expected}, got ${compiled.kind}: ${compiled.message}`,
      );
    }
    if (!this.messageMatches(compiled.message, message)) {
      return fail(`expected ${expected}, got "${compiled.message}"`);
    }
    return pass;
  }
}

function isAction(value: Action | ScriptModule): value is Action {
  return value.kind === 'invoke' || value.kind === 'get';
}

function describe(kind: FailureKind, message: string | null): string {
  return message === null ? kind : `${kind} "${message}"`;
}

function failureVerdict(outcome: Failure, reason: string): Verdict {
  return outcome.kind === 'unsupported'
    ? { status: 'unsupported', reason: outcome.message }
    : fail(reason);
}
