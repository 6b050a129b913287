// Hostile guests: random paths built from `..`, `.`, links and absolute parts,
// and random arguments to every function. The host must only ever see errnos
// (or a WasiExit from proc_exit/proc_raise), and nothing outside the preopen
// may change.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OFlags, RIGHTS_ALL } from '@tswasm/wasi';
import { COMBINATIONS, makeSandbox, SECRET } from './backends.js';
import type { Sandbox } from './backends.js';
import { SIGNATURES } from './guest.js';
import { Session, WRITE } from './session.js';

/** A small deterministic generator (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PARTS = [
  '..',
  '.',
  '',
  'a',
  'b',
  'dir',
  'up',
  'out',
  'abs',
  'loop',
  'outside',
  'secret.txt',
  'sandbox',
  '/',
  'x\u00e9',
];

describe.each(COMBINATIONS)(
  'hostile guests on the %s backend on %s',
  (kind, _engineName, engine) => {
    let box: Sandbox;
    beforeEach(async () => {
      box = await makeSandbox(kind, {
        engine,
        tree: {
          dir: { a: 'a' },
          up: { symlink: '..' },
          out: { symlink: '../outside' },
          loop: { symlink: 'loop/loop' },
        },
      });
    });
    afterEach(() => {
      expect(box.hostList('outside')).toEqual(['dir', 'secret.txt']);
      expect(box.hostList('outside/dir')).toEqual([]);
      expect(box.hostRead('outside/secret.txt')).toBe(SECRET);
      box.cleanup();
    });

    it('random paths through every path function stay inside', () => {
      const next = random(kind === 'memory' ? 1 : 2);
      const pick = <T>(list: readonly T[]): T =>
        list[Math.floor(next() * list.length)] as T;
      const randomPath = () =>
        Array.from({ length: 1 + Math.floor(next() * 5) }, () =>
          pick(PARTS),
        ).join(pick(['/', '/', '//']));
      const s = new Session(box.guest);
      let successes = 0;
      for (let i = 0; i < 1500; i++) {
        const p = randomPath();
        const q = randomPath();
        const op = Math.floor(next() * 9);
        let result: number;
        switch (op) {
          case 0:
            result = s.open(p, {
              oflags: Math.floor(next() * 16),
              rights: WRITE,
              inheriting: RIGHTS_ALL,
            }).errno;
            break;
          case 1:
            result = s.mkdir(p);
            break;
          case 2:
            result = s.rmdir(p);
            break;
          case 3:
            result = s.unlink(p);
            break;
          case 4:
            result = s.rename(p, q);
            break;
          case 5:
            result = s.link(p, q, next() < 0.5);
            break;
          case 6:
            result = s.symlink(q, p);
            break;
          case 7:
            result = s.stat(p, next() < 0.5).errno;
            break;
          default: {
            const r = s.open(p, {
              oflags: OFlags.creat | OFlags.trunc,
              rights: WRITE,
            });
            result = r.errno;
            if (r.errno === 0) s.write(r.fd, 'written by the guest');
          }
        }
        expect(typeof result).toBe('number');
        if (result === 0) successes++;
        // Close whatever the guest opened, so the fd table does not fill up.
        for (let fd = 5; fd < 40; fd++) box.guest.call('fd_close', fd);
      }
      // Many calls succeed inside the sandbox: the walk does not just refuse.
      expect(successes).toBeGreaterThan(50);
    });

    it('random arguments to every function give errnos, never host errors', () => {
      const next = random(kind === 'memory' ? 3 : 4);
      const g = box.guest;
      const memoryBytes = g.memory.buffer.byteLength;
      const i32 = () => {
        const r = next();
        // Mostly small numbers and in-memory pointers, sometimes anything.
        if (r < 0.4) return Math.floor(next() * 16);
        if (r < 0.8) return Math.floor(next() * memoryBytes);
        return (next() * 2 ** 32) | 0;
      };
      const i64 = () =>
        next() < 0.5
          ? BigInt(Math.floor(next() * 100))
          : BigInt.asIntN(64, BigInt(Math.floor(next() * 2 ** 52)) << 12n);
      for (const [name, params] of Object.entries(SIGNATURES)) {
        for (let i = 0; i < 150; i++) {
          const args = params.map((p) => (p === 'i64' ? i64() : i32()));
          // Keep poll_oneoff from sleeping on random clock subscriptions.
          if (name === 'poll_oneoff') g.bytes(0, 65536).fill(0);
          try {
            const result = g.call(name, ...args);
            expect([name, typeof result]).toEqual([name, 'number']);
          } catch (error) {
            expect([name, (error as Error).name]).toEqual([name, 'WasiExit']);
          }
        }
      }
    });
  },
);
