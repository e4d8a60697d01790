// The messages between the extension host (run.ts) and a run's process (run-process.ts), over
// Node's IPC channel with structured-clone serialization, so typed arrays cross as they are.

import type { RunEvent, RunRequest } from '../protocol';
import type { RequestedStop } from './stop';
import type { TrainingLoop } from './training-loops';
import type { ExpandRequest, GradcheckRequest, ScrubRequest, WhatIfRequest, WorkerMessage } from './worker-protocol';

export type HostToProcess =
  | { type: 'run'; request: RunRequest }
  | { type: 'stop'; reason: RequestedStop }
  /** Where the training loops of a document are (for the CodeLens): the compiler lives here. */
  | { type: 'findLoops'; requestId: number; source: string; fileName: string }
  | ExpandRequest
  | ScrubRequest
  | GradcheckRequest
  | WhatIfRequest;

export type ProcessToHost =
  /** Started and warmed up (compiler loaded, worker online): a run now starts at once. */
  | { type: 'ready' }
  | { type: 'loops'; requestId: number; loops: TrainingLoop[] }
  /** Grew past the run's memory limit: the host stops the run (and kills it if it does not stop). */
  | { type: 'over-memory-limit'; growthMb: number }
  | RunEvent
  | Exclude<WorkerMessage, RunEvent | { type: 'finished'; runMs: number; exportMs: number }>
  | { type: 'finished' };

/** The argument a run's process is started with: its worker's heap limit (MB). */
export const HEAP_ARG = '--gradlens-heap-mb=';
