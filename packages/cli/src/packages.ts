// The packages the subcommands drive, loaded when a subcommand first needs
// one. Loading lazily keeps `tswasm objdump` from paying for the engine, and
// lets each subcommand say plainly which piece is missing from a partial
// build instead of failing at start-up.

import type * as decoder from '@tswasm/decoder';
import type * as engine from '@tswasm/engine';
import type * as text from '@tswasm/text';
import type * as validator from '@tswasm/validator';
import type * as wasiNode from '@tswasm/wasi/node';
import type * as wast from '@tswasm/wast';
import { CliError } from './diagnostics.js';

type Exports = Record<string, unknown>;

/** Loads `name` and checks that it provides `needed`. */
async function load(
  name: string,
  importer: () => Promise<unknown>,
  needed: readonly string[],
): Promise<Exports> {
  let exports: Exports;
  try {
    exports = (await importer()) as Exports;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (
      code === 'ERR_MODULE_NOT_FOUND' ||
      code === 'ERR_PACKAGE_PATH_NOT_EXPORTED'
    ) {
      throw new CliError(`${name} is not installed or not built`, {
        cause: error,
      });
    }
    throw error;
  }
  const missing = needed.filter((key) => exports[key] === undefined);
  if (missing.length > 0) {
    throw new CliError(
      `this build of ${name} does not provide ${missing.join(', ')}`,
    );
  }
  return exports;
}

type Decoder = typeof decoder;
type Validator = typeof validator;
type Wast = typeof wast;
type Text = typeof text;
type EngineApi = typeof engine;
type WasiNode = typeof wasiNode;

/** `@tswasm/decoder`, checked to provide `needed`. */
export async function loadDecoder(
  needed: readonly (keyof Decoder)[],
): Promise<Decoder> {
  return (await load(
    '@tswasm/decoder',
    () => import('@tswasm/decoder'),
    needed,
  )) as unknown as Decoder;
}

/** `@tswasm/validator`, checked to provide `needed`. */
export async function loadValidator(
  needed: readonly (keyof Validator)[],
): Promise<Validator> {
  return (await load(
    '@tswasm/validator',
    () => import('@tswasm/validator'),
    needed,
  )) as unknown as Validator;
}

/** `@tswasm/text`, checked to provide `needed`. */
export async function loadText(needed: readonly (keyof Text)[]): Promise<Text> {
  return (await load(
    '@tswasm/text',
    () => import('@tswasm/text'),
    needed,
  )) as unknown as Text;
}

/** `@tswasm/engine`, checked to provide `needed`. */
export async function loadEngine(
  needed: readonly (keyof EngineApi)[],
): Promise<EngineApi> {
  return (await load(
    '@tswasm/engine',
    () => import('@tswasm/engine'),
    needed,
  )) as unknown as EngineApi;
}

/** `@tswasm/wasi/node` (WASI with the Node filesystem), checked to provide `needed`. */
export async function loadWasiNode(
  needed: readonly (keyof WasiNode)[],
): Promise<WasiNode> {
  return (await load(
    '@tswasm/wasi/node',
    () => import('@tswasm/wasi/node'),
    needed,
  )) as unknown as WasiNode;
}

/** `@tswasm/wast`, checked to provide `needed`. */
export async function loadWast(needed: readonly (keyof Wast)[]): Promise<Wast> {
  return (await load(
    '@tswasm/wast',
    () => import('@tswasm/wast'),
    needed,
  )) as unknown as Wast;
}
