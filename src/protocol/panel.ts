// Messages between the extension host and the GradLens panel (webview), as one discriminated
// union per direction. Both sides are type-checked against this file.

import type { GraphView } from './graph';
import type { BoundaryEvent, GradcheckAnswer, HealthEvent, LiveEvent, StepView, WhatIfView, LogEvent, LossEvent, MetricEvent, ResultEvent, RunError, StoppedEvent } from './run';

// ---- host -> panel -------------------------------------------------------------------------

/** A run started: clear the chart, show "running". */
export interface RunStartedMessage {
  type: 'runStarted';
  runId: number;
  title: string;
  mode: 'selection' | 'file' | 'train';
  /** Whether the graph comes while the run trains (the gradlens.graph.live setting); absent: not said. */
  live?: boolean;
}

export interface LossMessage {
  type: 'loss';
  runId: number;
  event: LossEvent;
}

export interface MetricMessage {
  type: 'metric';
  runId: number;
  event: MetricEvent;
}

/** The run's console output (also in the GradLens output channel), batched like losses. */
export interface LogMessage {
  type: 'log';
  runId: number;
  event: LogEvent;
}

/** Training health samples (per parameter group), batched like losses. */
export interface HealthMessage {
  type: 'health';
  runId: number;
  event: HealthEvent;
}

/** A decision boundary (plotDecisionBoundary) of the run's model. */
export interface BoundaryMessage {
  type: 'boundary';
  runId: number;
  event: BoundaryEvent;
}

/** The graph of the latest finished step, while the run trains. */
export interface LiveMessage {
  type: 'live';
  runId: number;
  event: LiveEvent;
}

export interface ResultMessage {
  type: 'result';
  runId: number;
  event: ResultEvent;
}

export interface RunEndedMessage {
  type: 'runEnded';
  runId: number;
  status: 'completed' | 'failed' | 'stopped';
  error: RunError | null;
  stopped: StoppedEvent | null;
}

/** The inside of a group the panel asked to expand. */
export interface GroupViewMessage {
  type: 'groupView';
  runId: number;
  group: number;
  view: GraphView;
}

/** The graph at a recorded step (the scrubber asked for `step`); null: it cannot be shown. */
export interface StepViewMessage {
  type: 'stepView';
  runId: number;
  step: number;
  view: StepView | null;
}

/** The answer to a gradient check the panel asked for (nodeId null: every leaf); null: it cannot be done. */
export interface GradcheckMessage {
  type: 'gradcheckResult';
  runId: number;
  nodeId: number | null;
  answer: GradcheckAnswer | null;
}

/** The answer to a what-if (`serial`: which request); null: it cannot be recomputed. */
export interface WhatIfMessage {
  type: 'whatIfView';
  runId: number;
  serial: number;
  view: WhatIfView | null;
}

/** Select a node (from "Show in graph" in a hover). */
export interface SelectNodeMessage {
  type: 'selectNode';
  runId: number;
  nodeId: number;
}

/** The settings the panel follows (sent when it is ready and when they change). */
export interface SettingsMessage {
  type: 'settings';
  /** gradlens.numberPrecision: digits after the decimal point. */
  numberPrecision: number;
}

/** The editor's cursor moved in the file of run `runId`: mark what `line` made (null: the cursor left it). */
export interface CursorMessage {
  type: 'cursor';
  runId: number;
  line: number | null;
}

/** Answer to a ping (used by tests to check the panel is alive, and what it shows). */
export interface PongMessage {
  type: 'pong';
  nonce: number;
  shown: PanelShown;
}

/** What the page shows: the graph's run, which step (live or scrubbed) and its root's numbers. */
export interface PanelShown {
  runId: number | null;
  liveStep: number | null;
  scrubStep: number | null;
  root: { label: string; data: number | null; grad: number | null } | null;
}

export type HostToPanel =
  | RunStartedMessage
  | LossMessage
  | MetricMessage
  | LogMessage
  | HealthMessage
  | BoundaryMessage
  | LiveMessage
  | ResultMessage
  | RunEndedMessage
  | GroupViewMessage
  | StepViewMessage
  | GradcheckMessage
  | WhatIfMessage
  | SelectNodeMessage
  | CursorMessage
  | SettingsMessage
  | { type: 'ping'; nonce: number };

// ---- panel -> host -------------------------------------------------------------------------

export type PanelToHost =
  /** The page loaded; `page`: which load of it (the host may load the page again). */
  | { type: 'ready'; page: number }
  | PongMessage
  | { type: 'stop' }
  | { type: 'expandGroup'; runId: number; group: number }
  /** The graph with these leaves' values ([node id, value]), recomputed in the run's process; `serial` comes back with the answer. */
  | { type: 'whatIf'; runId: number; serial: number; values: Array<[number, number]>; scopes: number[] }
  /** Check a leaf's gradient (null: every leaf's) against a central difference, in the run's process. */
  | { type: 'gradcheck'; runId: number; nodeId: number | null }
  /** The graph at a recorded step, with the insides of the groups open (`scopes`). */
  | { type: 'scrub'; runId: number; step: number; scopes: number[] }
  /** Reveal the source of a node in the editor. */
  | { type: 'revealNode'; runId: number; nodeId: number; file: string | null; line: number; col: number; endLine: number; endCol: number }
  | { type: 'runExample' };
