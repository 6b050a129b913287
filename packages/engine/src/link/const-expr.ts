// Evaluates constant expressions (global initialisers, segment offsets and
// element items), in the raw value encoding of the interpreter's host
// boundary.
// https://webassembly.github.io/spec/core/valid/instructions.html#constant-expressions

import { type ConstExpr, f64FromBits } from '@tswasm/ir';
import type { Instance } from '../runtime/instance.js';
import {
  ExternI31,
  HostAnyRef,
  WasmArray,
  WasmStruct,
  defaultFieldValue,
} from '../runtime/objects.js';
import type {
  CanonStorageType,
  TypeRegistry,
} from '../runtime/type-registry.js';

/** Converts a raw value to a GC field value. */
function toField(v: unknown, type: CanonStorageType): unknown {
  if (type === 'f64') return f64FromBits(v as bigint);
  if (type === 'i8') return (v as number) & 0xff;
  if (type === 'i16') return (v as number) & 0xffff;
  return v;
}

/** The value of `expr` in `instance` (whose globals so far are initialised). */
export function evalConst(
  expr: ConstExpr,
  instance: Instance,
  registry: TypeRegistry,
): unknown {
  const stack: unknown[] = [];
  const typeIds = instance.info.typeIds;
  for (const instr of expr) {
    const a = instr.args;
    switch (instr.op) {
      case 'i32.const':
        stack.push(a[0]);
        break;
      case 'f32.const':
        stack.push((a[0] as number) | 0);
        break;
      case 'i64.const':
        stack.push(BigInt.asIntN(64, a[0] as bigint));
        break;
      case 'f64.const':
        stack.push(BigInt.asUintN(64, a[0] as bigint));
        break;
      case 'v128.const':
        stack.push((a[0] as Uint8Array).slice());
        break;
      case 'global.get': {
        const g = instance.globals[a[0] as number]!;
        stack.push(readGlobal(g.type, g.bits, g.ref));
        break;
      }
      case 'ref.null':
        stack.push(null);
        break;
      case 'ref.func':
        stack.push(instance.funcs[a[0] as number]!);
        break;
      case 'i32.add':
      case 'i32.sub':
      case 'i32.mul': {
        const y = stack.pop() as number;
        const x = stack.pop() as number;
        stack.push(
          instr.op === 'i32.add'
            ? (x + y) | 0
            : instr.op === 'i32.sub'
              ? (x - y) | 0
              : Math.imul(x, y),
        );
        break;
      }
      case 'i64.add':
      case 'i64.sub':
      case 'i64.mul': {
        const y = stack.pop() as bigint;
        const x = stack.pop() as bigint;
        const r =
          instr.op === 'i64.add'
            ? x + y
            : instr.op === 'i64.sub'
              ? x - y
              : x * y;
        stack.push(BigInt.asIntN(64, r));
        break;
      }
      case 'ref.i31':
        stack.push(((stack.pop() as number) << 1) >> 1);
        break;
      case 'any.convert_extern': {
        const r = stack.pop();
        stack.push(
          r === null
            ? null
            : r instanceof ExternI31
              ? r.value
              : r instanceof WasmStruct || r instanceof WasmArray
                ? r
                : new HostAnyRef(r),
        );
        break;
      }
      case 'extern.convert_any': {
        const r = stack.pop();
        stack.push(
          r instanceof HostAnyRef
            ? r.value
            : typeof r === 'number'
              ? new ExternI31(r)
              : r,
        );
        break;
      }
      case 'struct.new':
      case 'struct.new_default': {
        const id = typeIds[a[0] as number]!;
        const fields = registry.types[id]!.fields;
        const values: unknown[] = [];
        if (instr.op === 'struct.new') {
          const raw = stack.splice(stack.length - fields.length, fields.length);
          fields.forEach((f, i) => values.push(toField(raw[i], f.storage)));
        } else {
          for (const f of fields) values.push(defaultFieldValue(f.storage));
        }
        stack.push(new WasmStruct(id, values));
        break;
      }
      case 'array.new':
      case 'array.new_default':
      case 'array.new_fixed': {
        const id = typeIds[a[0] as number]!;
        const type = registry.types[id]!.fields[0]!.storage;
        let values: unknown[];
        if (instr.op === 'array.new_fixed') {
          const n = a[1] as number;
          values = stack
            .splice(stack.length - n, n)
            .map((v) => toField(v, type));
        } else {
          const n = (stack.pop() as number) >>> 0;
          const v =
            instr.op === 'array.new'
              ? toField(stack.pop(), type)
              : defaultFieldValue(type);
          values = new Array<unknown>(n).fill(v);
        }
        stack.push(new WasmArray(id, values));
        break;
      }
      default:
        throw new Error(`internal: ${instr.op} in a constant expression`);
    }
  }
  return stack[stack.length - 1];
}

/** A global's value in the raw encoding. */
export function readGlobal(
  type: unknown,
  bits: Int32Array,
  ref: unknown,
): unknown {
  switch (type) {
    case 'i32':
      return bits[0]!;
    case 'f32':
      return bits[0]! >>> 0;
    case 'i64':
      return (BigInt(bits[1]!) << 32n) | BigInt(bits[0]! >>> 0);
    case 'f64':
      return (BigInt(bits[1]! >>> 0) << 32n) | BigInt(bits[0]! >>> 0);
    case 'v128':
      return new Uint8Array(bits.buffer.slice(0, 16));
    default:
      return ref;
  }
}

/** Sets a global from a raw value. */
export function writeGlobal(
  type: unknown,
  bits: Int32Array,
  value: unknown,
): unknown {
  switch (type) {
    case 'i32':
    case 'f32':
      bits[0] = Number(value) | 0;
      bits[1] = 0;
      return null;
    case 'i64':
    case 'f64': {
      const v = BigInt.asUintN(64, value as bigint);
      bits[0] = Number(v & 0xffffffffn) | 0;
      bits[1] = Number(v >> 32n) | 0;
      return null;
    }
    case 'v128':
      new Uint8Array(bits.buffer).set(value as Uint8Array);
      return null;
    default:
      return value;
  }
}
