// The few types of VS Code's notebook renderer API this renderer uses (the API of
// @types/vscode-notebook-renderer 1.72, which VS Code ^1.100 provides), declared here rather than
// added as a dependency for five interfaces.

export interface Disposable {
  dispose(): void;
}

export type RendererEvent<T> = (listener: (e: T) => unknown) => Disposable;

/** One output item of a cell: here, a CellOutput under CELL_OUTPUT_MIME. */
export interface OutputItem {
  /** Unique per output; the same id when an output is replaced in place. */
  readonly id: string;
  readonly mime: string;
  json(): unknown;
  text(): string;
}

export interface RendererApi {
  renderOutputItem(item: OutputItem, element: HTMLElement, signal?: AbortSignal): void | Promise<void>;
  /** An output went (no id: every output this renderer drew). */
  disposeOutputItem?(id?: string): void;
}

export interface RendererContext<TState = unknown> {
  getState(): TState | undefined;
  setState(state: TState): void;
  /** Present when the manifest asks for messaging ("requiresMessaging": "optional"), and the host can take messages. */
  postMessage?(message: unknown): void;
  onDidReceiveMessage?: RendererEvent<unknown>;
  readonly workspace: { readonly isTrusted: boolean };
}

export type ActivationFunction<TState = unknown> = (context: RendererContext<TState>) => RendererApi;
