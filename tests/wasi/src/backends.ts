// The two filesystem backends, each holding a sandbox directory (the preopen)
// next to an `outside` directory the guest must never reach.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MemoryFileSystem, MemoryOutput, WASI } from '@tswasm/wasi';
import type { FileSystem, MemoryTree, WasiLimits } from '@tswasm/wasi';
import { NodeFileSystem } from '@tswasm/wasi/node';
import { ENGINES, makeGuest } from './guest.js';
import type { Engine, Guest } from './guest.js';

export type BackendKind = 'memory' | 'node';
export const BACKENDS: readonly BackendKind[] = ['memory', 'node'];

/** Every backend on every engine, as [backend, engine name, engine]. */
export const COMBINATIONS: readonly (readonly [BackendKind, string, Engine])[] =
  BACKENDS.flatMap((kind) =>
    ENGINES.map((engine) => [kind, engine.name, engine] as const),
  );

/** In a symbolic link target, stands for the absolute path of the `outside` directory. */
export const OUTSIDE = '@OUTSIDE@';

/** A secret outside the sandbox, next to it. */
export const SECRET = 'top secret';

/** A sandbox and the state of the world around it. */
export interface Sandbox {
  kind: BackendKind;
  wasi: WASI;
  guest: Guest;
  stdout: MemoryOutput;
  /** Reads a file relative to the sandbox's parent (so `outside/secret.txt` works), or null. */
  hostRead(relative: string): string | null;
  /** Whether a path relative to the sandbox's parent exists (not following a final symlink). */
  hostExists(relative: string): boolean;
  /** Names in the directory, relative to the sandbox's parent. */
  hostList(relative: string): string[];
  cleanup(): void;
}

export interface SandboxOptions {
  /** Contents of the sandbox; `{ symlink }` values become symbolic links. */
  tree?: MemoryTree;
  limits?: WasiLimits;
  engine?: Engine;
  /** Extra preopens: guest name to a subdirectory of the sandbox's parent. */
  extraPreopens?: Record<string, string>;
}

function withOutside(tree: MemoryTree, outside: string): MemoryTree {
  const out: MemoryTree = {};
  for (const [name, value] of Object.entries(tree)) {
    if (typeof value === 'string' || value instanceof Uint8Array)
      out[name] = value;
    else if ('symlink' in value && typeof value.symlink === 'string') {
      out[name] = { symlink: value.symlink.replace(OUTSIDE, outside) };
    } else out[name] = withOutside(value as MemoryTree, outside);
  }
  return out;
}

function writeTree(dir: string, tree: MemoryTree): void {
  for (const [name, value] of Object.entries(tree)) {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    if (typeof value === 'string' || value instanceof Uint8Array)
      fs.writeFileSync(p, value);
    else if ('symlink' in value && typeof value.symlink === 'string')
      fs.symlinkSync(value.symlink, p);
    else {
      fs.mkdirSync(p, { recursive: true });
      writeTree(p, value as MemoryTree);
    }
  }
}

/** The host side of a sandbox: what to preopen, and views of the files around it. */
export interface World {
  /** Preopens (guest name to source) and the `fs` option, for a WASI. */
  preopens: Record<string, FileSystem | string>;
  fs: FileSystem | undefined;
  /** Reads a file relative to the sandbox's parent (so `outside/secret.txt` works), or null. */
  hostRead: (relative: string) => string | null;
  /** Whether a path relative to the sandbox's parent exists (not following a final symlink). */
  hostExists: (relative: string) => boolean;
  /** Names in the directory, relative to the sandbox's parent. */
  hostList: (relative: string) => string[];
  cleanup: () => void;
}

/**
 * A directory `sandbox` holding `options.tree`, preopened as `guestName`,
 * next to a directory `outside` that must stay out of reach.
 */
export function makeWorld(
  kind: BackendKind,
  options: SandboxOptions = {},
  guestName = '/sandbox',
): World {
  const tree: MemoryTree = {
    sandbox: options.tree ?? {},
    outside: { 'secret.txt': SECRET, dir: {} },
  };
  const work =
    kind === 'node'
      ? fs.mkdtempSync(path.join(os.tmpdir(), 'tswasm-wasi-sandbox-'))
      : '';
  const sandboxTree = withOutside(
    tree,
    kind === 'node' ? path.join(work, 'outside') : '/outside',
  );
  if (kind === 'memory') {
    const memory = new MemoryFileSystem(sandboxTree);
    const preopens: Record<string, FileSystem | string> = {
      [guestName]: 'sandbox',
    };
    for (const [name, dir] of Object.entries(options.extraPreopens ?? {})) {
      preopens[name] = dir;
    }
    return {
      preopens,
      fs: memory,
      hostRead: (p) => {
        try {
          return memory.readTextFile(p);
        } catch {
          return null;
        }
      },
      hostExists: (p) => memory.exists(p),
      hostList: (p) => memory.list(p),
      cleanup: () => {},
    };
  }
  writeTree(work, sandboxTree);
  const preopens: Record<string, FileSystem | string> = {
    [guestName]: new NodeFileSystem(path.join(work, 'sandbox')),
  };
  for (const [name, dir] of Object.entries(options.extraPreopens ?? {})) {
    preopens[name] = new NodeFileSystem(path.join(work, dir));
  }
  return {
    preopens,
    fs: undefined,
    hostRead: (p) => {
      try {
        return fs.readFileSync(path.join(work, p), 'utf8');
      } catch {
        return null;
      }
    },
    hostExists: (p) => {
      try {
        fs.lstatSync(path.join(work, p));
        return true;
      } catch {
        return false;
      }
    },
    hostList: (p) => fs.readdirSync(path.join(work, p)).sort(),
    cleanup: () => fs.rmSync(work, { recursive: true, force: true }),
  };
}

/** A WASI whose preopen `/sandbox` (fd 3) holds `tree`, on the given backend, with the forwarding guest. */
export async function makeSandbox(
  kind: BackendKind,
  options: SandboxOptions = {},
): Promise<Sandbox> {
  const world = makeWorld(kind, options);
  const stdout = new MemoryOutput();
  const wasi = new WASI({
    args: ['guest'],
    preopens: world.preopens,
    stdout,
    ...(world.fs !== undefined ? { fs: world.fs } : {}),
    ...(options.limits !== undefined ? { limits: options.limits } : {}),
  });
  const guest = await makeGuest(wasi, options.engine);
  return {
    kind,
    wasi,
    guest,
    stdout,
    hostRead: world.hostRead,
    hostExists: world.hostExists,
    hostList: world.hostList,
    cleanup: world.cleanup,
  };
}
