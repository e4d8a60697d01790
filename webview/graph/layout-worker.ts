// The layout thread: receives the graph's sizes and edges, answers with positions and routes.
// Started from a Blob URL by layout-client.ts (bundled on its own and embedded as text).

import { layout, type LayoutInput, type LayoutOptions, type LayoutResult } from './layout';

export interface LayoutRequest {
  id: number;
  input: LayoutInput;
  options?: Partial<LayoutOptions>;
}

export interface LayoutAnswer {
  id: number;
  result: LayoutResult;
}

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<LayoutRequest>) => void) | null;
  postMessage(message: LayoutAnswer, transfer: Transferable[]): void;
};

scope.onmessage = (event) => {
  const { id, input, options } = event.data;
  const result = layout(input, options);
  const { x, y, layer, routeStart, route, reversed } = result;
  scope.postMessage({ id, result }, [x.buffer, y.buffer, layer.buffer, routeStart.buffer, route.buffer, reversed.buffer]);
};
