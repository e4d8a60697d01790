// The graphs the panel benchmarks lay out: recorded results (test/browser/fixtures), optionally
// with groups opened, turned into the panel's view model and layout input.
import type { GraphView, ResultEvent } from '../../src/protocol';
import { loadFixture, revive } from '../../test/browser/fixture';
import { shownGraph, type Expansion } from '../../webview/graph/merge';
import { buildModel, layoutInput, type GraphModel } from '../../webview/graph/model';
import type { LayoutInput } from '../../webview/graph/layout';

export interface BenchGraph {
  name: string;
  /** Value nodes and groups shown (what a user counts), and items laid out (with op nodes). */
  shown: number;
  model: GraphModel;
  input: LayoutInput;
}

/** `fixture` with the groups in `open` opened in order (each must be in the recorded groupViews). */
export function benchGraph(fixture: string, open: number[] = [], name = fixture): BenchGraph {
  const f = revive(loadFixture(fixture));
  const result = f.messages.find((m): m is { type: 'result'; runId: number; event: ResultEvent } => m.type === 'result');
  if (!result) throw new Error(`${fixture}: no result`);
  const expansions: Expansion[] = open.map((group) => ({ group, view: f.groupViews[group] as GraphView }));
  const model = buildModel(shownGraph(result.event.graph, expansions));
  const shown = model.items.filter((i) => i.kind === 'value' || i.kind === 'group').length;
  return { name, shown, model, input: layoutInput(model) };
}

/** The graphs compared: ~100, ~370 and ~1,000 value nodes, and the moons graph with groups opened. */
export const BENCH_GRAPHS: [fixture: string, open: number[], name: string][] = [
  ['mlp-100', [], 'MLP(3,[4,4,1]), 1 sample'],
  ['mlp-300', [], 'MLP(3,[4,4,1]), 4 samples'],
  ['mlp-1000', [], 'MLP(3,[8,8,1]), 4 samples'],
  ['moons-100k', [1, 5], 'moons 98k, "scores" + one sample opened'],
];
