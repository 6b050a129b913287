// Interrupting running code: the host's interrupt flag and the wall-clock
// time limit. Both tiers check at function entry and at every loop head
// (where fuel is charged): they read the flag there, and count down a
// budget of instructions whose exhaustion makes them read the clock. The
// budget adapts so that the clock is read about once a millisecond, on
// fast and slow code alike, which makes reading it cost nothing measurable.
// Host functions are checked after they return (they may have set the
// flag, and their time counts).
//
// Checks read the flag with a plain load, and `poll()` confirms it with
// `Atomics.load`: V8 neither caches typed array loads across loop
// iterations nor inlines `Atomics.load`, which would cost a builtin call at
// every check (3x on call-heavy code). The tests stop a loop from a worker
// on both tiers, so a JIT that starts hoisting the load would show.

import { trap } from '../runtime/trap.js';

/** What a host may set to stop running code. */
export interface InterruptOptions {
  /** Element 0 non-zero: the next check traps with "interrupted". */
  readonly flag: Int32Array | undefined;
  /** Wall-clock milliseconds a call from the host may run; `undefined` for no limit. */
  readonly timeLimitMs: number | undefined;
}

/** Instructions between clock readings: the first guess and the bounds. */
const firstBudget = 1 << 12;
const minBudget = 1 << 8;
const maxBudget = 1 << 24;
/** The budget when there is no clock to read. */
const noBudget = 1 << 30;
/** Milliseconds between clock readings outside which the budget changes (aiming at 1). */
const minGapMs = 0.5;
const maxGapMs = 2;

function now(): number {
  return performance.now();
}

/** The interrupt state of one engine, shared by both tiers. */
export class Interrupter {
  /** The host's flag, or one that stays 0 when the host gave none. */
  readonly flag: Int32Array;
  /** Whether the host gave a flag (else checks need not read it). */
  readonly hasFlag: boolean;
  /** The time limit of a call from the host, ms; `Infinity` for none. */
  readonly timeLimitMs: number;
  /** Whether calls from the host run under a time limit. */
  readonly isTimed: boolean;
  /**
   * Element 0: instructions left until the clock is read again. Checks
   * subtract the cost of the code they guard and call `poll()` when it
   * goes negative (or when the flag is set).
   */
  readonly countdown: Int32Array = new Int32Array([noBudget]);
  /** `performance.now()` at which running code traps; `Infinity` outside a timed call. */
  deadline: number = Infinity;
  /** Whether a call from the host is running under the time limit. */
  timing = false;
  private budget = firstBudget;
  private lastRead = 0;

  constructor(options: InterruptOptions) {
    this.hasFlag = options.flag !== undefined;
    this.flag = options.flag ?? new Int32Array(1);
    this.timeLimitMs = options.timeLimitMs ?? Infinity;
    this.isTimed = this.timeLimitMs !== Infinity;
  }

  /** Starts the clock of a call from the host. */
  start(): void {
    const t = now();
    this.deadline = t + this.timeLimitMs;
    this.lastRead = t;
    this.countdown[0] = this.budget;
    this.timing = true;
  }

  /** Stops the clock: code runs without a deadline until the next `start()`. */
  stop(): void {
    this.deadline = Infinity;
    this.countdown[0] = noBudget;
    this.timing = false;
  }

  /**
   * Called when a host function returns: it may have set the flag, and
   * under a time limit the time it took counts, which the countdown does
   * not see.
   * @throws {Trap} "interrupted" when the flag is set or the deadline has passed.
   */
  afterHost(): void {
    if (Atomics.load(this.flag, 0) !== 0) trap('interrupted');
    if (this.isTimed && now() >= this.deadline)
      trap('interrupted', '(time limit exceeded)');
  }

  /**
   * Called by a check whose countdown ran out or that saw the flag set.
   * @throws {Trap} "interrupted" when the flag is set or the deadline has passed.
   */
  poll(): void {
    if (Atomics.load(this.flag, 0) !== 0) trap('interrupted');
    if (this.deadline === Infinity) {
      this.countdown[0] = noBudget;
      return;
    }
    const t = now();
    if (t >= this.deadline) trap('interrupted', '(time limit exceeded)');
    const gap = t - this.lastRead;
    if (gap < minGapMs) this.budget = Math.min(this.budget * 2, maxBudget);
    else if (gap > maxGapMs)
      this.budget = Math.max(Math.floor(this.budget / gap), minBudget);
    this.lastRead = t;
    this.countdown[0] = this.budget;
  }
}
