// A recorded run as the panel receives it (make-fixtures.ts writes them), and the conversion of
// its JSON back into what postMessage delivers (typed arrays for loss and metric columns).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphView, HostToPanel, StepView } from '../../src/protocol';

export interface Fixture {
  name: string;
  messages: HostToPanel[];
  /** The host's answers to expandGroup, by group id. */
  groupViews: Record<number, GraphView>;
  /** Answers to the scrubber, by step (recorded runs of TRAINED programs). */
  stepViews?: Record<number, StepView>;
}

/** The recorded JSON; non-finite numbers stay encoded as { nonFinite } until the page revives them. */
export function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as Fixture;
}

/** What a recording writes — JSON has no typed arrays and no NaN or ±Infinity: arrays, and { nonFinite: "NaN" }. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => {
    if (ArrayBuffer.isView(v)) return Array.from(v as Float64Array, (x) => (Number.isFinite(x) ? x : { nonFinite: String(x) }));
    if (typeof v === 'number' && !Number.isFinite(v)) return { nonFinite: String(v) };
    return v;
  })) as T;
}

/** NaN and ±Infinity back from { nonFinite: "NaN" } (for code that reads fixtures in Node). */
export function revive<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) =>
    v !== null && typeof v === 'object' && 'nonFinite' in v && Object.keys(v).length === 1 ? Number((v as { nonFinite: string }).nonFinite) : v,
  ) as T;
}
