import type { WasiContext } from '../wasi-context.js';
import { syscall } from '../wasi-context.js';

/** `args_*` and `environ_*`: NUL-terminated UTF-8 strings and pointers to them. */
export function argsEnvironCalls(
  ctx: WasiContext,
): Record<string, (...args: never[]) => number> {
  const sizes = (list: readonly Uint8Array[]) =>
    syscall((countPtr: number, bufSizePtr: number) => {
      ctx.mem.setU32(countPtr >>> 0, list.length);
      ctx.mem.setU32(
        bufSizePtr >>> 0,
        list.reduce((n, s) => n + s.length, 0),
      );
    });
  const get = (list: readonly Uint8Array[]) =>
    syscall((pointersPtr: number, bufPtr: number) => {
      let pointers = pointersPtr >>> 0;
      let buf = bufPtr >>> 0;
      for (const item of list) {
        ctx.mem.setU32(pointers, buf);
        ctx.mem.bytes(buf, item.length).set(item);
        pointers += 4;
        buf += item.length;
      }
    });
  return {
    args_sizes_get: sizes(ctx.args),
    args_get: get(ctx.args),
    environ_sizes_get: sizes(ctx.env),
    environ_get: get(ctx.env),
  };
}
