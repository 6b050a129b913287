import type { Features } from '@tswasm/ir';
import type { InstrReader } from '../instr-reader.js';
import type { Reader } from '../reader.js';

/** What the section decoders share: the cursor over the whole module. */
export interface DecodeContext {
  readonly r: Reader;
  /** Reads instructions from `r` (constant expressions, eager bodies). */
  readonly ir: InstrReader;
  readonly features: Features;
}
