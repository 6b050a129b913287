import {
  ClockId,
  Errno,
  EventType,
  Rights,
  SubclockFlags,
} from '../constants.js';
import type { ErrnoValue } from '../constants.js';
import { fail, FsError } from '../fs/file-system.js';
import type { WasiContext } from '../wasi-context.js';
import { syscall } from '../wasi-context.js';

/** Resolution reported for the wall clock (Date.now), in nanoseconds. */
const REALTIME_RESOLUTION_NS = 1_000_000n;
/** Resolution reported for the other clocks (performance.now), in nanoseconds. */
const RESOLUTION_NS = 1000n;
const SUBSCRIPTION_SIZE = 48;
const EVENT_SIZE = 32;

/** The current time of clock `id`, in nanoseconds; `inval` for an unknown id. */
export function clockNow(ctx: WasiContext, id: number): bigint {
  switch (id) {
    case ClockId.realtime:
      return ctx.clocks.realtimeNs();
    case ClockId.monotonic:
      return ctx.clocks.monotonicNs();
    case ClockId.processCputimeId:
    case ClockId.threadCputimeId:
      return ctx.clocks.cpuTimeNs();
    default:
      return fail(Errno.inval);
  }
}

/** Blocks the thread for `ns` nanoseconds. */
function sleep(ns: bigint): void {
  if (ns <= 0n) return;
  const ms = Number(ns / 1_000_000n);
  try {
    if (ms > 0)
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  } catch {
    // Atomics.wait is not allowed here (a browser's main thread): spin.
  }
  const end = performance.now() + Number(ns % 1_000_000n) / 1e6;
  while (performance.now() < end) {
    // Spin out the sub-millisecond remainder.
  }
}

interface Ready {
  userdata: bigint;
  error: ErrnoValue;
  type: number;
  nbytes: bigint;
}

/** `clock_*`, `random_get`, `sched_yield` and `poll_oneoff`. */
export function clockPollCalls(
  ctx: WasiContext,
): Record<string, (...args: never[]) => number> {
  const mem = ctx.mem;
  return {
    clock_res_get: syscall((id: number, resultPtr: number) => {
      clockNow(ctx, id);
      mem.setU64(
        resultPtr >>> 0,
        id === ClockId.realtime ? REALTIME_RESOLUTION_NS : RESOLUTION_NS,
      );
    }),
    clock_time_get: syscall(
      (id: number, _precision: bigint, resultPtr: number) => {
        mem.setU64(resultPtr >>> 0, clockNow(ctx, id));
      },
    ),
    random_get: syscall((bufPtr: number, bufLen: number) => {
      const buf = mem.bytes(bufPtr >>> 0, bufLen >>> 0);
      // getRandomValues fills at most 65536 bytes per call and not shared memory.
      for (let offset = 0; offset < buf.length; offset += 65536) {
        const chunk = new Uint8Array(Math.min(65536, buf.length - offset));
        crypto.getRandomValues(chunk);
        buf.set(chunk, offset);
      }
    }),
    sched_yield: syscall(() => {}),
    poll_oneoff: syscall(
      (inPtr: number, outPtr: number, count: number, neventsPtr: number) => {
        const n = count >>> 0;
        if (n === 0) return Errno.inval;
        const inBase = inPtr >>> 0;
        const outBase = outPtr >>> 0;
        mem.bytes(inBase, n * SUBSCRIPTION_SIZE);
        mem.bytes(outBase, n * EVENT_SIZE);
        const ready: Ready[] = [];
        const timers: { userdata: bigint; deadline: bigint }[] = [];
        for (let i = 0; i < n; i++) {
          const sub = inBase + i * SUBSCRIPTION_SIZE;
          const userdata = mem.u64(sub);
          const tag = mem.u8(sub + 8);
          if (tag === EventType.clock) {
            const id = mem.u32(sub + 16);
            const timeout = mem.u64(sub + 24);
            const flags = mem.u16(sub + 40);
            let now: bigint;
            try {
              now = clockNow(ctx, id);
            } catch {
              ready.push({
                userdata,
                error: Errno.inval,
                type: tag,
                nbytes: 0n,
              });
              continue;
            }
            const delay =
              (flags & SubclockFlags.subscriptionClockAbstime) !== 0
                ? timeout - now
                : timeout;
            timers.push({
              userdata,
              deadline: ctx.clocks.monotonicNs() + delay,
            });
          } else if (tag === EventType.fdRead || tag === EventType.fdWrite) {
            ready.push(pollFd(ctx, userdata, tag, mem.u32(sub + 16)));
          } else {
            return Errno.inval;
          }
        }
        if (ready.length === 0 && timers.length > 0) {
          const first = timers.reduce((a, b) =>
            a.deadline < b.deadline ? a : b,
          );
          sleep(first.deadline - ctx.clocks.monotonicNs());
        }
        if (ready.length === 0 || timers.length > 0) {
          const now = ctx.clocks.monotonicNs();
          for (const timer of timers) {
            if (timer.deadline <= now) {
              ready.push({
                userdata: timer.userdata,
                error: Errno.success,
                type: EventType.clock,
                nbytes: 0n,
              });
            }
          }
        }
        ready.forEach((event, i) => {
          const at = outBase + i * EVENT_SIZE;
          mem.bytes(at, EVENT_SIZE).fill(0);
          mem.setU64(at, event.userdata);
          mem.setU16(at + 8, event.error);
          mem.setU8(at + 10, event.type);
          mem.setU64(at + 16, event.nbytes);
        });
        mem.setU32(neventsPtr >>> 0, ready.length);
        return Errno.success;
      },
    ),
  };
}

function pollFd(
  ctx: WasiContext,
  userdata: bigint,
  type: number,
  fdNumber: number,
): Ready {
  try {
    const fd = ctx.fds.withRights(fdNumber, Rights.pollFdReadwrite);
    let nbytes = 0n;
    if (fd.kind === 'file' && type === EventType.fdRead) {
      const size = fd.handle.stat().size;
      nbytes = size > fd.position ? size - fd.position : 0n;
    } else if (fd.kind === 'directory') {
      return { userdata, error: Errno.badf, type, nbytes };
    } else if (fd.kind === 'stream') {
      const ok =
        type === EventType.fdRead ? fd.input !== null : fd.output !== null;
      if (!ok) return { userdata, error: Errno.badf, type, nbytes };
    }
    return { userdata, error: Errno.success, type, nbytes };
  } catch (error) {
    return {
      userdata,
      error: error instanceof FsError ? error.errno : Errno.io,
      type,
      nbytes: 0n,
    };
  }
}
