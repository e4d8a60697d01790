// Keyboard navigation between nodes: left goes to an input, right to a consumer (the one nearest
// vertically), up and down to the neighbour in the same column. Pure, on the model and its layout.

import type { LayoutResult } from './layout';
import type { GraphModel } from './model';

export type Direction = 'left' | 'right' | 'up' | 'down';

export interface Placed {
  model: GraphModel;
  layout: Pick<LayoutResult, 'x' | 'y' | 'layer'>;
}

const columns = new WeakMap<object, Map<number, number[]>>();

/** Item indices per layer, top to bottom. */
function columnsOf({ model, layout }: Placed): Map<number, number[]> {
  let byLayer = columns.get(layout);
  if (!byLayer) {
    byLayer = new Map();
    model.items.forEach((_, i) => {
      const l = layout.layer[i];
      if (!byLayer!.has(l)) byLayer!.set(l, []);
      byLayer!.get(l)!.push(i);
    });
    for (const column of byLayer.values()) column.sort((a, b) => layout.y[a] - layout.y[b]);
    columns.set(layout, byLayer);
  }
  return byLayer;
}

export function neighbour(placed: Placed, key: string | null, direction: Direction): string | null {
  const { model, layout } = placed;
  if (key === null || !model.index.has(key)) return model.index.has(model.rootKey) ? model.rootKey : model.items[0]?.key ?? null;
  const at = model.index.get(key)!;
  if (direction === 'left' || direction === 'right') {
    const ends = model.links
      .filter((l) => (direction === 'left' ? l.to === key : l.from === key))
      .map((l) => model.index.get(direction === 'left' ? l.from : l.to)!);
    if (ends.length === 0) return key;
    ends.sort((a, b) => Math.abs(layout.y[a] - layout.y[at]) - Math.abs(layout.y[b] - layout.y[at]) || a - b);
    return model.items[ends[0]].key;
  }
  const column = columnsOf(placed).get(layout.layer[at]) ?? [];
  const i = column.indexOf(at);
  const next = column[direction === 'up' ? i - 1 : i + 1];
  return next === undefined ? key : model.items[next].key;
}
