// Reading inputs and writing outputs, with `-` for stdin and stdout, and the
// streams and environment a command runs with.

import { readFile, writeFile } from 'node:fs/promises';
import { UsageError } from './args.js';
import { CliError, type Source, type Style } from './diagnostics.js';

/** A writable stream, as much of one as the commands use. */
export interface Output {
  write(chunk: string | Uint8Array): boolean;
  readonly isTTY?: boolean;
}

/** The world a command runs in. Tests and embedders may pass their own. */
export interface Io {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: NodeJS.ProcessEnv;
  /** Styling for reports on stderr. */
  readonly style: Style;
}

/**
 * An error that happened while working on one input, so that its report can
 * name the input and quote its text.
 */
export class InputFailure extends Error {
  override readonly name = 'InputFailure';
  readonly source: Source;
  constructor(source: Source, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.source = source;
  }
}

/** Runs `work`, tagging anything it throws with `source`. */
export async function withSource<T>(
  source: Source,
  work: () => T | Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    // Already located, or not about the input at all.
    if (
      error instanceof InputFailure ||
      error instanceof UsageError ||
      error instanceof CliError
    ) {
      throw error;
    }
    throw new InputFailure(source, error);
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) {
    chunks.push(
      typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk,
    );
  }
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/** Reads a file, or stdin for `-`. */
export async function readInput(io: Io, path: string): Promise<Uint8Array> {
  if (path === '-') return readStream(io.stdin);
  try {
    const buffer = await readFile(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${describeFsError(error)}`, {
      cause: error,
    });
  }
}

/** Writes a file, or stdout for `-`. */
export async function writeOutput(
  io: Io,
  path: string,
  data: Uint8Array | string,
): Promise<void> {
  if (path === '-') {
    io.stdout.write(data);
    return;
  }
  try {
    await writeFile(path, data);
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${describeFsError(error)}`, {
      cause: error,
    });
  }
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** True when `bytes` start with the binary format's magic number `\0asm`. */
export function isBinaryModule(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x00 &&
    bytes[1] === 0x61 &&
    bytes[2] === 0x73 &&
    bytes[3] === 0x6d
  );
}

/** The name an input is reported under. */
export function sourceName(path: string): string {
  return path === '-' ? '<stdin>' : path;
}
