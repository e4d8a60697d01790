// A scenario: one thing a person does in a real VS Code, told as steps on a Workbench. Put one per
// file in test/e2e/scenarios/<name>.scenario.ts as its default export; test/e2e/run.ts finds it.
// Each scenario gets its own code-server (fresh user data) and browser, and the workbench already
// open on `workspace` (with a first screenshot, 01-workbench.png).

import type { Workbench } from './workbench';

export interface Scenario {
  /** Folder name for its screenshots: test-results/e2e/<name>/. */
  name: string;
  /** What a person would say it checks. */
  title: string;
  /** The folder to open (default: examples/). */
  workspace?: string;
  /** A file the explorer shows once the workbench is ready (default: any row). */
  readyFile?: string;
  /** User settings on top of the defaults. */
  settings?: Record<string, unknown>;
  /** Keep Workspace Trust on (the workbench then asks whether to trust the folder). */
  workspaceTrust?: boolean;
  /** Install GradLens from a packaged .vsix (this builds one) instead of loading the repository. */
  fromVsix?: boolean;
  /** The whole scenario's limit (default 3 minutes). */
  timeoutMs?: number;
  run(workbench: Workbench): Promise<void>;
}

export function scenario(definition: Scenario): Scenario {
  return definition;
}
