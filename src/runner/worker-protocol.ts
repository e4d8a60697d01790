// What the host hands a run's worker, and the messages they exchange besides RunEvents.

import type { GraphView, RunEvent } from '../protocol';
import type { Site } from './instrument';

export interface CompiledModule {
  js: string;
  /** How this module's relative imports resolve: specifier -> absolute file name. */
  deps: Record<string, string>;
}

export interface WorkerInput {
  mainFile: string;
  modules: Record<string, CompiledModule>;
  sites: Site[];
  /** Int32Array[1]: 0 while running; a StopCode once the host wants the run to end. */
  stopFlag: SharedArrayBuffer;
  regionIsExpression: boolean;
  nodeBudget: number;
  /** For the message of a run stopped at its time limit. */
  timeLimitMs: number;
}

/** Host -> worker, once the run is over: the inside of one group of the graph. */
export interface ExpandRequest {
  type: 'expand';
  requestId: number;
  group: number;
}

/** Worker -> host: RunEvents, the answer to an ExpandRequest, and the end of the run. */
export type WorkerMessage =
  | RunEvent
  | { type: 'view'; requestId: number; view: GraphView }
  | { type: 'finished'; runMs: number; exportMs: number };
