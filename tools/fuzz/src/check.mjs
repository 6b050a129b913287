// What every input must satisfy: decoding (bodies included) either
// succeeds or throws a DecodeError whose offset lies within the input,
// quickly; and a module that decodes can be encoded, and the encoding
// decodes again and is a fixed point of decode -> encode.

import { DecodeError, decodeModule } from '@tswasm/decoder';
import { encodeModule } from '@tswasm/encoder';
import { everyFeature } from '@tswasm/ir';

/** Longest a single input may take, in milliseconds. */
export const timeLimitMs = 1000;

function sameBytes(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function describe(error) {
  return error instanceof Error
    ? `${error.name}: ${error.message}`
    : String(error);
}

/**
 * Checks one input.
 * @param {Uint8Array} bytes
 * @param {import('@tswasm/ir').FeatureOptions} [features] every feature by default
 * @returns {{ outcome: 'decoded' | 'rejected', failure: string | null, ms: number }}
 */
export function checkInput(bytes, features = everyFeature) {
  const start = performance.now();
  const elapsed = () => performance.now() - start;
  const result = (outcome, failure) => {
    const ms = elapsed();
    if (failure === null && ms > timeLimitMs)
      failure = `took ${ms.toFixed(0)} ms`;
    return { outcome, failure, ms };
  };
  let module;
  try {
    module = decodeModule(bytes, { features, eagerBodies: true });
  } catch (error) {
    if (!(error instanceof DecodeError))
      return result('rejected', `decodeModule threw ${describe(error)}`);
    const { offset } = error;
    if (!Number.isInteger(offset) || offset < 0 || offset > bytes.length) {
      return result(
        'rejected',
        `DecodeError offset ${offset} outside [0, ${bytes.length}] (${error.message})`,
      );
    }
    if (error.message === 'internal decoder error') {
      return result(
        'rejected',
        `internal decoder error: ${describe(error.cause)}`,
      );
    }
    return result('rejected', null);
  }
  let encoded;
  try {
    encoded = encodeModule(module);
  } catch (error) {
    return result('decoded', `encodeModule threw ${describe(error)}`);
  }
  let again;
  try {
    again = decodeModule(encoded, { features, eagerBodies: true });
  } catch (error) {
    return result(
      'decoded',
      `decoding the re-encoded module threw ${describe(error)}`,
    );
  }
  try {
    if (!sameBytes(encodeModule(again), encoded)) {
      return result('decoded', 'encoding is not a fixed point');
    }
  } catch (error) {
    return result('decoded', `encoding again threw ${describe(error)}`);
  }
  return result('decoded', null);
}

/** Lowercase hex of `bytes`. */
export function toHex(bytes) {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}
