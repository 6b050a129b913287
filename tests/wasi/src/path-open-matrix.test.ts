// path_open with every combination of oflags, lookup flag, access rights and
// fdflags, on every kind of target, against what Linux's open(2) does with the
// same flags on the same files (node:fs on a host directory). Both backends
// must agree with the kernel: errno, what kind of fd, and the files afterwards.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  Errno,
  FdFlags,
  FileType,
  MemoryFileSystem,
  MemoryOutput,
  OFlags,
  Rights,
  RIGHTS_ALL,
  WASI,
} from '@tswasm/wasi';
import type { FileSystem } from '@tswasm/wasi';
import { NodeFileSystem } from '@tswasm/wasi/node';
import { makeGuest } from './guest.js';
import { Session } from './session.js';

const isLinux = process.platform === 'linux';

const ERRNO_BY_CODE: Record<string, number> = {
  ENOENT: Errno.noent,
  EEXIST: Errno.exist,
  ENOTDIR: Errno.notdir,
  EISDIR: Errno.isdir,
  ELOOP: Errno.loop,
  EINVAL: Errno.inval,
};

const TARGETS = [
  'missing',
  'file',
  'dir',
  'link-file',
  'link-dir',
  'dangling',
  'file/',
  'dir/',
  'missing/',
];
const ACCESS = {
  read: { rights: Rights.fdRead, flags: fs.constants.O_RDONLY },
  write: { rights: Rights.fdWrite, flags: fs.constants.O_WRONLY },
  readWrite: {
    rights: Rights.fdRead | Rights.fdWrite,
    flags: fs.constants.O_RDWR,
  },
} as const;

function fixture(dir: string): void {
  fs.writeFileSync(path.join(dir, 'file'), 'contents');
  fs.mkdirSync(path.join(dir, 'dir'));
  fs.symlinkSync('file', path.join(dir, 'link-file'));
  fs.symlinkSync('dir', path.join(dir, 'link-dir'));
  fs.symlinkSync('target', path.join(dir, 'dangling'));
}

/** What is in the directory afterwards: name, type, size. */
function snapshot(list: () => [string, string, number][]): string {
  return list()
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([n, t, s]) => `${n}:${t}:${s}`)
    .join(' ');
}

function hostSnapshot(dir: string): string {
  return snapshot(() =>
    fs.readdirSync(dir).map((name) => {
      const st = fs.lstatSync(path.join(dir, name));
      const type = st.isSymbolicLink()
        ? 'link'
        : st.isDirectory()
          ? 'dir'
          : 'file';
      return [name, type, type === 'file' ? st.size : 0];
    }),
  );
}

interface Case {
  target: string;
  oflags: number;
  follow: boolean;
  access: keyof typeof ACCESS;
  append: boolean;
}

const cases: Case[] = [];
for (const target of TARGETS) {
  for (let oflags = 0; oflags < 16; oflags++) {
    for (const follow of [true, false]) {
      for (const access of Object.keys(ACCESS) as (keyof typeof ACCESS)[]) {
        // fdflags do not change what open does; both values are covered.
        cases.push({
          target,
          oflags,
          follow,
          access,
          append: cases.length % 2 === 1,
        });
      }
    }
  }
}

type Outcome = [errno: number, kind: string, after: string];

/** Linux: errno (0 on success), the fd's type, and the case's directory afterwards. */
function onLinux(c: Case, dir: string): Outcome {
  const k = fs.constants;
  let flags = ACCESS[c.access].flags;
  if (c.oflags & OFlags.creat) flags |= k.O_CREAT;
  if (c.oflags & OFlags.directory) flags |= k.O_DIRECTORY;
  if (c.oflags & OFlags.excl) flags |= k.O_EXCL;
  if (c.oflags & OFlags.trunc) flags |= k.O_TRUNC;
  if (!c.follow) flags |= k.O_NOFOLLOW;
  if (c.append) flags |= k.O_APPEND;
  let errno = 0;
  let kind = '-';
  try {
    const fd = fs.openSync(path.join(dir, c.target), flags, 0o644);
    kind = fs.fstatSync(fd).isDirectory() ? 'dir' : 'file';
    fs.closeSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    errno = ERRNO_BY_CODE[code] ?? -1;
  }
  return [errno, kind, hostSnapshot(dir)];
}

/** Runs every case in its own directory `cN` of one preopen. */
async function onWasi(
  preopen: FileSystem,
  after: (dir: string) => string,
): Promise<Outcome[]> {
  const wasi = new WASI({
    preopens: { '/': preopen },
    stdout: new MemoryOutput(),
  });
  const s = new Session(await makeGuest(wasi));
  return cases.map((c, i) => {
    const r = s.open(`c${i}/${c.target}`, {
      oflags: c.oflags,
      follow: c.follow,
      rights: ACCESS[c.access].rights | Rights.fdReaddir,
      inheriting: RIGHTS_ALL,
      fdflags: c.append ? FdFlags.append : 0,
    });
    const kind =
      r.errno === 0
        ? s.fdstat(r.fd).filetype === FileType.directory
          ? 'dir'
          : 'file'
        : '-';
    if (r.errno === 0) s.g.call('fd_close', r.fd);
    return [r.errno, kind, after(`c${i}`)];
  });
}

const MEMORY_FIXTURE = {
  file: 'contents',
  dir: {},
  'link-file': { symlink: 'file' },
  'link-dir': { symlink: 'dir' },
  dangling: { symlink: 'target' },
};

function memoryBackend(): Promise<Outcome[]> {
  const memory = new MemoryFileSystem(
    Object.fromEntries(
      cases.map((_, i) => [`c${i}`, structuredClone(MEMORY_FIXTURE)]),
    ),
  );
  return onWasi(memory, (dir) =>
    snapshot(() =>
      memory.list(dir).map((name) => {
        const st = memory.lstat([dir, name]);
        const type =
          st.filetype === FileType.symbolicLink
            ? 'link'
            : st.filetype === FileType.directory
              ? 'dir'
              : 'file';
        return [name, type, type === 'file' ? Number(st.size) : 0];
      }),
    ),
  );
}

function nodeBackend(work: string): Promise<Outcome[]> {
  const root = fs.mkdtempSync(path.join(work, 'node-'));
  cases.forEach((_, i) => {
    fs.mkdirSync(path.join(root, `c${i}`));
    fixture(path.join(root, `c${i}`));
  });
  return onWasi(new NodeFileSystem(root), (dir) =>
    hostSnapshot(path.join(root, dir)),
  );
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tswasm-wasi-open-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function linuxOutcomes(): Outcome[] {
  const root = fs.mkdtempSync(path.join(work, 'linux-'));
  return cases.map((c, i) => {
    const dir = path.join(root, `c${i}`);
    fs.mkdirSync(dir);
    fixture(dir);
    return onLinux(c, dir);
  });
}

// The reference is Linux's open(2); elsewhere its flags mean other things.
describe.skipIf(!isLinux)(
  `path_open: ${cases.length} combinations of oflags, lookup flags, rights and fdflags against Linux open(2)`,
  () => {
    const expected = isLinux ? linuxOutcomes() : [];
    for (const backend of ['memory', 'node'] as const) {
      it(`agrees with the kernel on the ${backend} backend`, async () => {
        const actual =
          backend === 'memory'
            ? await memoryBackend()
            : await nodeBackend(work);
        const differences = cases.flatMap((c, i) =>
          JSON.stringify(expected[i]) === JSON.stringify(actual[i])
            ? []
            : [
                `${JSON.stringify(c)}: linux ${JSON.stringify(expected[i])}, ours ${JSON.stringify(actual[i])}`,
              ],
        );
        expect(differences.slice(0, 20)).toEqual([]);
      });
    }
  },
);
