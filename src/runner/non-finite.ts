// Where a NaN or an infinity came from, in the user's terms: which of *their* variables went
// non-finite first, at which training step, what kind of operation can do that, and — when the
// loss had been growing step after step — the likely cause. The graph says which node; this says
// why, for the warning at the user's line (run-controller.ts shows it; the wording lives here).

import type { SourceLoc } from '../engine';

/** The losses a run reported, kept small: the first one and the last few finite ones. */
export class LossWatch {
  private first: { step: number; value: number } | null = null;
  private readonly recent: { step: number; value: number }[] = [];
  /** backward() calls seen. */
  count = 0;
  /** The first step whose loss was NaN or infinite. */
  firstBad: { step: number; value: number } | null = null;

  onLoss(step: number, value: number): void {
    this.count++;
    if (this.firstBad) return;
    if (!Number.isFinite(value)) {
      this.firstBad = { step, value };
      return;
    }
    this.first ??= { step, value };
    this.recent.push({ step, value });
    if (this.recent.length > RECENT) this.recent.shift();
  }

  /** The loss grew by orders of magnitude before it went non-finite: from where to where. */
  growth(): { from: { step: number; value: number }; to: { step: number; value: number } } | null {
    if (!this.firstBad || !this.first || this.recent.length < 3) return null;
    const to = this.recent[this.recent.length - 1];
    const from = Math.abs(this.first.value) > 0 ? this.first : this.recent[0];
    return Math.abs(to.value) >= GROWTH * Math.abs(from.value) ? { from, to } : null;
  }
}

const RECENT = 32;
/** "Orders of magnitude": the loss at least this many times its start. */
const GROWTH = 1000;

/** What an operation does to make a NaN or an infinity, for the ops that can. */
const CAUSES: Record<string, string> = {
  log: 'the log of a value ≤ 0',
  div: 'a division by zero (or of two infinities)',
  sqrt: 'the square root of a negative number',
  pow: 'a power past float64’s range (~1.8e308), an overflow',
  exp: 'exp of a number above ~709, an overflow',
  mul: 'a product past float64’s range (~1.8e308), an overflow',
  matmul: 'a product past float64’s range (~1.8e308), an overflow',
};

export interface NonFiniteFacts {
  /** The user's variable the first non-finite value belongs to (or its own label). */
  name: string | null;
  op: string;
  /** NaN, or ±Infinity. */
  isNaN: boolean;
  /** Every value was finite; its gradient was not (gradients flow backwards from the loss). */
  inGradient: boolean;
  loc: SourceLoc | null;
}

const show = (x: number): string => String(Number(x.toPrecision(3)));

export function describeNonFinite(facts: NonFiniteFacts, losses: LossWatch): string {
  const what = facts.isNaN ? 'NaN' : 'infinite';
  if (facts.inGradient) {
    return `The gradient of ${facts.name ? `\`${facts.name}\`` : 'a value'} became ${what} here, though every value was finite: a local derivative that is infinite at this point (e.g. sqrt or log at 0, pow with a negative exponent at 0).`;
  }
  const who = facts.name ? `\`${facts.name}\`` : 'A value';
  const growth = losses.growth();
  const grew = growth
    ? ` Before that the loss grew from ${show(growth.from.value)} at step ${growth.from.step} to ${show(growth.to.value)} at step ${growth.to.step}: when every step makes the loss larger, the learning rate is usually too high.`
    : '';
  if (facts.op === '') {
    // A leaf: nothing here computed it; an update (or the data) did.
    const lossWent = losses.firstBad && losses.count > 1 ? `; the loss first went ${Number.isNaN(losses.firstBad.value) ? 'NaN' : 'infinite'} at step ${losses.firstBad.step}` : '';
    return `${who} is ${what}: a parameter or input that was already ${what} when this step used it (an update made it so, or the data)${lossWent}.${grew}`;
  }
  // A step number only means something in a run of several steps.
  const when = losses.firstBad && losses.count > 1 ? ` at step ${losses.firstBad.step} (the ${ordinal(losses.firstBad.step)} backward())` : '';
  const cause = CAUSES[facts.op] ?? null;
  const how = cause ? `: ${cause}` : '';
  return `${who} became ${what} here${when}${how}. Everything computed from it is ${what} too.${grew}`;
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}
