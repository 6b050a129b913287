// `tswasm run --invoke`: command-line arguments as wasm values by the
// function's parameter types, and results back as text. Values follow the JS
// API: i32, f32, f64 as `number`, i64 as `bigint`.

import { type ValType, formatValType } from '@tswasm/ir';
import { UsageError } from '../args.js';

function parseInteger(text: string, bits: 32 | 64): bigint {
  const negative = text.startsWith('-');
  const digits = text.replace(/^[-+]/, '').replaceAll('_', '');
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(digits)) {
    throw new UsageError(`'${text}' is not an integer`);
  }
  const magnitude = BigInt(digits);
  const value = negative ? -magnitude : magnitude;
  // Signed or unsigned, as the text format accepts either.
  if (value < -(1n << BigInt(bits - 1)) || value >= 1n << BigInt(bits)) {
    throw new UsageError(`'${text}' does not fit in i${bits}`);
  }
  return value;
}

function parseFloat(text: string): number {
  const lower = text.toLowerCase().replaceAll('_', '');
  if (/^[-+]?nan$/.test(lower)) return NaN;
  if (/^[-+]?inf(inity)?$/.test(lower)) {
    return lower.startsWith('-') ? -Infinity : Infinity;
  }
  const value = Number(lower);
  if (lower.trim() === '' || Number.isNaN(value)) {
    throw new UsageError(`'${text}' is not a number`);
  }
  return value;
}

/** Parses one argument for a parameter of `type`. */
export function parseValue(text: string, type: ValType): unknown {
  switch (type) {
    case 'i32':
      return Number(BigInt.asIntN(32, parseInteger(text, 32)));
    case 'i64':
      return BigInt.asIntN(64, parseInteger(text, 64));
    case 'f32':
      return Math.fround(parseFloat(text));
    case 'f64':
      return parseFloat(text);
    case 'v128':
      throw new UsageError('cannot pass a v128 argument from the command line');
    default:
      if (typeof type === 'object' && type.nullable && text === 'null') {
        return null;
      }
      throw new UsageError(
        `cannot pass an argument of type ${formatValType(type)} from the command line`,
      );
  }
}

/** Formats one result of `type`. */
export function formatValue(value: unknown, type: ValType): string {
  if (value === null) return 'null';
  switch (type) {
    case 'i32':
    case 'i64':
    case 'f32':
    case 'f64':
      if (typeof value !== 'number' && typeof value !== 'bigint') {
        throw new Error(`internal: a ${type} result is a ${typeof value}`);
      }
      return Object.is(value, -0) ? '-0' : String(value);
    case 'v128':
      if (value instanceof Uint8Array) {
        return `0x${Array.from(value)
          .reverse()
          .map((b) => b.toString(16).padStart(2, '0'))
          .join('')}`;
      }
      return '<v128>';
    default:
      return typeof value === 'function'
        ? '<funcref>'
        : `<${formatValType(type)}>`;
  }
}
