/// <reference types="node" />
// The official spec test suite through the text parser: every script
// parses, every `assert_malformed (module quote ...)` is rejected with the
// suite's message, every other text module assembles and decodes.

import { decodeModule } from '@tswasm/decoder';
import { encodeModule } from '@tswasm/encoder';
import type { Module } from '@tswasm/ir';
import { describe, expect, it } from 'vitest';
import { ParseError } from './parse-error.js';
import { parseWat } from './parse-wat.js';
import { parseWast } from './parse-wast.js';
import type { Command, ScriptModule } from './script.js';
import {
  featuresFor,
  parsedSuite,
  readSuiteFile,
  suiteFiles,
  unsupportedFiles,
} from './suite.test.util.js';

/**
 * `assert_malformed` quote modules the parser accepts, by `file:line`, with
 * the reason. Each is checked to still be accepted.
 */
const acceptedMalformed: ReadonlyMap<string, string> = new Map([
  ...[83, 87, 91].map((line): [string, string] => [
    `proposals/threads/memory.wast:${line}`,
    'the threads proposal predates Wasm 3.0, whose memory.wast makes the ' +
      'same limits well-formed (assert_invalid "memory size"); we follow 3.0',
  ]),
]);

/** Text modules that do not encode, by `file:line`, with the reason (none so far). */
const unencodable: ReadonlyMap<string, string> = new Map<string, string>();

/** Every module of a command, with the command's kind. */
function modulesOf(command: Command): ScriptModule[] {
  switch (command.kind) {
    case 'module':
      return [command.module];
    case 'assert_trap':
      return 'kind' in command.action &&
        command.action.kind !== 'invoke' &&
        command.action.kind !== 'get'
        ? [command.action]
        : [];
    case 'assert_invalid':
    case 'assert_malformed':
    case 'assert_unlinkable':
    case 'assert_uninstantiable':
    case 'assert_invalid_custom':
    case 'assert_malformed_custom':
      return [command.module];
    default:
      return [];
  }
}

describe('the spec test suite', () => {
  it('parses every .wast file as a script', () => {
    const files = suiteFiles();
    expect(files.length).toBeGreaterThanOrEqual(288);
    const scripts = parsedSuite();
    let modules = 0;
    let commands = 0;
    for (const script of scripts.values()) {
      commands += script.commands.length;
      for (const command of script.commands)
        modules += modulesOf(command).length;
    }
    for (const file of unsupportedFiles.keys()) {
      expect(
        () => parseWast(readSuiteFile(file), { features: featuresFor(file) }),
        `${file} is listed as unsupported but parses`,
      ).toThrow(ParseError);
    }
    console.log(
      `spec suite: ${scripts.size}/${files.length} files parse ` +
        `(${unsupportedFiles.size} unsupported), ${commands} commands, ${modules} module definitions`,
    );
    expect(scripts.size + unsupportedFiles.size).toBe(files.length);
  });

  it('rejects every assert_malformed quote module with the suite message', () => {
    let total = 0;
    let rejected = 0;
    let matching = 0;
    const wrong: string[] = [];
    const accepted: string[] = [];
    for (const [file, script] of parsedSuite()) {
      for (const command of script.commands) {
        if (
          command.kind !== 'assert_malformed' &&
          command.kind !== 'assert_malformed_custom'
        )
          continue;
        if (command.module.kind !== 'quote') continue;
        total++;
        const where = `${file}:${command.span.line}`;
        try {
          parseWat(command.module.source, { features: featuresFor(file) });
          accepted.push(where);
        } catch (error) {
          expect(error).toBeInstanceOf(ParseError);
          rejected++;
          const message = (error as ParseError).message;
          if (message.startsWith(command.message)) matching++;
          else
            wrong.push(
              `${where}: expected "${command.message}", got "${message}"`,
            );
        }
      }
    }
    console.log(
      `assert_malformed quote: ${total} modules, ${rejected} rejected, ` +
        `${matching} with the expected message`,
    );
    expect(wrong).toEqual([]);
    expect(accepted.sort()).toEqual([...acceptedMalformed.keys()].sort());
  });

  it('assembles every other text module, and the decoder accepts the bytes', () => {
    let assembled = 0;
    let decoded = 0;
    const failures: string[] = [];
    const failed: string[] = [];
    for (const [file, script] of parsedSuite()) {
      const features = featuresFor(file);
      for (const command of script.commands) {
        if (
          command.kind === 'assert_malformed' ||
          command.kind === 'assert_malformed_custom'
        )
          continue;
        for (const scriptModule of modulesOf(command)) {
          let module: Module;
          if (scriptModule.kind === 'text') module = scriptModule.module;
          else if (scriptModule.kind === 'quote') {
            // A text module of assert_invalid_custom whose annotations the parser rejects.
            if (command.kind === 'assert_invalid_custom') {
              expect(() => parseWat(scriptModule.source, { features })).toThrow(
                ParseError,
              );
              continue;
            }
            module = parseWat(scriptModule.source, { features });
          } else continue;
          const where = `${file}:${scriptModule.span.line}`;
          let bytes: Uint8Array;
          try {
            bytes = encodeModule(module);
            assembled++;
          } catch (error) {
            failed.push(where);
            if (!unencodable.has(where))
              failures.push(`${where}: ${String(error)}`);
            continue;
          }
          try {
            decodeModule(bytes, { features, eagerBodies: true });
            decoded++;
          } catch (error) {
            failures.push(`${where}: decode: ${String(error)}`);
          }
        }
      }
    }
    console.log(
      `text modules: ${assembled} assembled, ${decoded} decoded; ${failed.length} known unencodable`,
    );
    expect(failures).toEqual([]);
    expect(failed.sort()).toEqual([...unencodable.keys()].sort());
  });
});
