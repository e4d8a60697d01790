// The one handle a webview has on its host: postMessage and a place to keep state across
// hide/show and reloads. Typed with the panel protocol.

import type { PanelToHost } from '../src/protocol';

interface VsCodeApi<State> {
  postMessage(message: PanelToHost): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<State>(): VsCodeApi<State>;

export function vscodeApi<State>(): VsCodeApi<State> {
  return acquireVsCodeApi<State>();
}
