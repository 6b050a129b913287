import { Errno, Signal } from '../constants.js';
import type { WasiContext } from '../wasi-context.js';
import { syscall } from '../wasi-context.js';
import { WasiExit } from '../wasi-exit.js';

/** Signals whose default action is to do nothing. */
const IGNORED: ReadonlySet<number> = new Set([
  Signal.chld,
  Signal.cont,
  Signal.urg,
  Signal.winch,
]);
/** Signals whose default action is to stop the process, which has no meaning here. */
const STOPPING: ReadonlySet<number> = new Set([
  Signal.stop,
  Signal.tstp,
  Signal.ttin,
  Signal.ttou,
]);

/** `proc_exit`, `proc_raise` and the `sock_*` functions. */
export function procSockCalls(
  ctx: WasiContext,
): Record<string, (...args: never[]) => number> {
  const { fds } = ctx;
  /** No fd here is a socket: `badf` for a closed fd, `notsock` for any other. */
  const notSocket = (fdNumber: number) => {
    fds.get(fdNumber);
    return Errno.notsock;
  };
  return {
    proc_exit: (code: number): never => {
      throw new WasiExit(code >>> 0);
    },
    proc_raise: syscall((signal: number) => {
      if (signal < 0 || signal > Signal.sys) return Errno.inval;
      if (signal === Signal.none || IGNORED.has(signal)) return Errno.success;
      if (STOPPING.has(signal)) return Errno.notsup;
      // Terminated by a signal: the shell's status is 128 + its number.
      throw new WasiExit(128 + signal);
    }),
    // The other parameters go unread: no fd here can be a socket.
    sock_accept: syscall((fdNumber: number) => notSocket(fdNumber)),
    sock_recv: syscall((fdNumber: number) => notSocket(fdNumber)),
    sock_send: syscall((fdNumber: number) => notSocket(fdNumber)),
    sock_shutdown: syscall((fdNumber: number, how: number) => {
      fds.get(fdNumber);
      if ((how & ~3) !== 0) return Errno.inval;
      return Errno.notsock;
    }),
  };
}
