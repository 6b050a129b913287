// A module instance: the index spaces of one instantiation.
// https://webassembly.github.io/spec/core/exec/runtime.html#module-instances

import type { ModuleInfo } from '../interpret/module-info.js';
import type { CompiledFunc } from '../interpret/compiled-func.js';
import type { WasmValue } from '../values.js';
import type { Global, Memory, Table, Tag, WasmFunction } from './objects.js';

/** An extern value: what imports and exports are. */
export type ExternValue = WasmFunction | Memory | Table | Global | Tag;

/** The run-time state of one instantiated module. */
export class Instance {
  readonly info: ModuleInfo;
  readonly funcs: WasmFunction[] = [];
  readonly tables: Table[] = [];
  readonly memories: Memory[] = [];
  readonly globals: Global[] = [];
  readonly tags: Tag[] = [];
  /** Element segments' references; `null` once dropped. */
  readonly elems: (unknown[] | null)[] = [];
  /** Data segments' bytes; `null` once dropped. */
  readonly datas: (Uint8Array | null)[] = [];
  /** The exports by name. */
  readonly exports: Map<string, ExternValue> = new Map();
  /** Compiled code of the defined functions, shared by instances of one module. */
  readonly code: (CompiledFunc | null)[];
  constructor(info: ModuleInfo, code: (CompiledFunc | null)[]) {
    this.info = info;
    this.code = code;
  }

  /** @internal Set by the engine that made the instance. */
  caller:
    ((fn: WasmFunction, args: readonly WasmValue[]) => WasmValue[]) | null =
    null;

  /**
   * Calls the exported function `name` with exact values.
   * @throws {Error} when there is no such exported function.
   * @throws {Trap} when execution traps.
   */
  invoke(name: string, args: readonly WasmValue[] = []): WasmValue[] {
    const f = this.exports.get(name);
    if (
      f === undefined ||
      !('typeId' in f) ||
      !('host' in f) ||
      this.caller === null
    ) {
      throw new Error(`no exported function ${name}`);
    }
    return this.caller(f, args);
  }

  /** The name of function `index` from the name section, if any. */
  funcName(index: number): string | undefined {
    return this.info.module.names?.functions?.get(index);
  }
}
