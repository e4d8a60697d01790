// What the panel keeps across hide/show and reloads (vscode.setState; the host's panel serializer
// restores the page, which reads it back): the current run and its result, the groups opened, the
// loss points, the selection and the view settings. Plain JSON: typed arrays become arrays, and
// long loss curves are thinned to MAX_SAVED_POINTS. A result, its opened groups and its selection
// belong to one run: a new run starts without them (startRun), and a saved state that pairs a run
// with another run's result is read without that result (readState).

import type { ResultEvent, RunError, RunStartedMessage } from '../src/protocol';
import type { Expansion } from './graph/merge';
import type { View } from './graph/viewport';

export const STATE_VERSION = 1;
const MAX_SAVED_POINTS = 20_000;

export interface RunState {
  runId: number;
  title: string;
  mode: RunStartedMessage['mode'];
  /** Whether the graph comes while it trains (false: only at its end); absent in older saved states. */
  live?: boolean;
  /** interrupted: the page was reloaded while the run was going; what became of it is unknown. */
  status: 'running' | 'completed' | 'failed' | 'stopped' | 'interrupted';
  error: RunError | null;
  stoppedMessage: string | null;
}

export interface SavedLoss {
  steps: number[];
  values: number[];
  times: number[];
  metrics: { names: string[]; steps: number[]; values: number[] };
}

export interface PanelState {
  version: number;
  run: RunState | null;
  result: { runId: number; event: ResultEvent } | null;
  expansions: Expansion[];
  loss: SavedLoss;
  selection: string | null;
  ui: { tab: number; logScale: boolean; smoothing: number; view: View | null };
}

export function emptyState(): PanelState {
  return {
    version: STATE_VERSION,
    run: null,
    result: null,
    expansions: [],
    loss: { steps: [], values: [], times: [], metrics: { names: [], steps: [], values: [] } },
    selection: null,
    ui: { tab: 0, logScale: false, smoothing: 0.6, view: null },
  };
}

/** A saved state, if it is one this version understands, holding nothing of another run. */
export function readState(saved: unknown): PanelState | null {
  if (!saved || typeof saved !== 'object' || (saved as PanelState).version !== STATE_VERSION) return null;
  const state = { ...emptyState(), ...(saved as PanelState) };
  if (state.result && state.run && state.result.runId !== state.run.runId) state.result = null;
  if (!state.result) {
    state.expansions = [];
    state.selection = null;
  }
  // A run that was going when the page went away: the page cannot know whether it still is.
  if (state.run?.status === 'running') state.run = { ...state.run, status: 'interrupted' };
  return state;
}

/** The state for a new run: its header, and no result, opened group or selection of an earlier run. */
export function startRun(state: PanelState, run: Pick<RunState, 'runId' | 'title' | 'mode' | 'live'>): PanelState {
  return {
    ...state,
    run: { ...run, status: 'running', error: null, stoppedMessage: null },
    result: null,
    expansions: [],
    selection: null,
    loss: emptyState().loss,
  };
}

/** Every `k`-th point (and the last) when there are too many to save. */
export function thin(loss: SavedLoss, max = MAX_SAVED_POINTS): SavedLoss {
  const n = loss.steps.length;
  if (n <= max) return loss;
  const k = Math.ceil(n / max);
  const keep = (_: number, i: number): boolean => i % k === 0 || i === n - 1;
  return { ...loss, steps: loss.steps.filter(keep), values: loss.values.filter(keep), times: loss.times.filter(keep) };
}

/** JSON-safe copy: typed arrays as arrays, non-finite numbers kept (as strings) and restored. */
export function toPlain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => {
    if (ArrayBuffer.isView(v)) return Array.from(v as Float64Array);
    if (typeof v === 'number' && !Number.isFinite(v)) return { nonFinite: String(v) };
    return v;
  })) as T;
}

export function fromPlain<T>(value: T): T {
  if (value === undefined || value === null) return value;
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => {
    if (v && typeof v === 'object' && 'nonFinite' in v && Object.keys(v).length === 1) return Number((v as { nonFinite: string }).nonFinite);
    return v;
  }) as T;
}
