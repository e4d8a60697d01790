// A grouped graph's views say exactly how an opened group joins the rest: the panel's shown graph
// (merge.ts), built from the worker's views alone, has every edge of the engine's graph between
// the right shown parts, with the right counts — for ops with one and two inputs, abs, max and
// min, a node used twice, groups opened in either order, inside each other, and answered before
// or after the other group's inside was made.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Tensor, Value, forwardOrder, inputsOf, tensor, tracing, type SourceLoc } from '../../../src/engine';
import type { GraphView } from '../../../src/protocol';
import { GraphExport } from '../../../src/runner/graph-view';
import { Runtime } from '../../../src/runner/runtime';
import { closedGroupHolding, groupKey, nodeKey, shownGraph, type Expansion } from '../../../webview/graph/merge';
import { groupSteps } from '../../../webview/graph/backward-steps';

const statement = (line: number): SourceLoc => ({ line, col: 0, endLine: line, endCol: 80 });

/** Three statements: parameters, a long chain of mixed ops that uses them (x twice), a loss. */
function build(): { root: Value | Tensor; runtime: Runtime } {
  const runtime = new Runtime([], new Int32Array(1));
  tracing.loc = statement(1);
  const w = Array.from({ length: 30 }, (_, i) => new Value(0.1 * (i - 15), { label: `w${i}` }));
  const t = tensor([[1, -2], [3, 0.5]], { requiresGrad: true, label: 't' });
  tracing.loc = statement(2);
  let h = new Value(0.5, { label: 'x' });
  const x = h;
  for (let i = 0; i < 120; i++) {
    h = h.mul(w[i % 30]).add(x).tanh(); // two inputs, x reused at every step, one input
    if (i % 3 === 0) h = h.abs().add(w[(i + 7) % 30].mul(w[(i + 7) % 30])); // abs; w·w uses a node twice
  }
  const peak = t.abs().max().add(t.min());
  tracing.loc = statement(3);
  const loss = h.mul(h).add(peak.item()).relu().add(w[0]);
  runtime.bind('hidden', h, 0);
  loss.backward();
  tracing.loc = null;
  return { root: loss, runtime };
}

type Node = Value | Tensor;

/** Where each node is drawn when `opened` groups are open, from the worker's full membership (every group opened). */
function expectedEdges(exported: GraphExport, opened: Set<number>): Map<string, number> {
  const partOf = new Map<number, string>();
  const visit = (view: GraphView, shownAs: string | null): void => {
    for (const n of view.nodes) partOf.set(n.id, shownAs ?? nodeKey(n.id));
    for (const g of view.groups) visit(exported.view(g.id), shownAs ?? (opened.has(g.id) ? null : groupKey(g.id)));
  };
  visit(exported.view(), null);
  const order = exported.order as Node[];
  const ids = new Map(order.map((n, i) => [n, i]));
  const edges = new Map<string, number>();
  order.forEach((node, to) => {
    for (const input of inputsOf(node)) {
      const a = partOf.get(ids.get(input)!)!;
      const b = partOf.get(to)!;
      if (a !== b) edges.set(`${a}>${b}`, (edges.get(`${a}>${b}`) ?? 0) + 1);
    }
  });
  return edges;
}

function shownEdges(base: GraphView, expansions: Expansion[]): Map<string, number> {
  const shown = shownGraph(base, expansions);
  return new Map(shown.edges.filter((e) => !e.portLink).map((e) => [`${e.from}>${e.to}`, e.count]));
}

describe('a group\'s view wires its inside into the graph exactly', () => {
  const fresh = (): GraphExport => {
    const { root, runtime } = build();
    return new GraphExport(root, runtime, 20, 0, forwardOrder(root));
  };

  it('groups by statement, then splits the chain; every border edge comes with its part inside', () => {
    const exported = fresh();
    const base = exported.view();
    assert.deepEqual(base.groups.map((g) => g.loc?.line), [2, 1, 3]);
    assert.equal(base.border, undefined);
    const chain = exported.view(chainOf(base));
    assert.ok(chain.groups.length > 1, 'the chain is split into runs');
    const into = chain.border!.filter((e) => e.into).reduce((n, e) => n + e.count, 0);
    const out = chain.border!.filter((e) => !e.into).reduce((n, e) => n + e.count, 0);
    assert.ok(into > 30 && out > 0);
    assert.ok(chain.outsideInputs!.every((n) => !chain.nodes.some((m) => m.id === n.id)));
  });

  const orders: Array<[string, (e: GraphExport, base: GraphView) => Expansion[]]> = [
    ['the chain alone', (e, base) => [open(e, chainOf(base))]],
    ['the parameters, then the chain', (e, base) => [open(e, paramsOf(base)), open(e, chainOf(base))]],
    ['the chain (answered first), then the parameters', (e, base) => {
      const chain = open(e, chainOf(base));
      return [chain, open(e, paramsOf(base))];
    }],
    ['the parameters (answered before the chain was made), then the chain', (e, base) => {
      const params = open(e, paramsOf(base));
      return [params, open(e, chainOf(base))];
    }],
    ['both answered again after both were made (a live view)', (e, base) => {
      open(e, paramsOf(base));
      open(e, chainOf(base));
      return [open(e, paramsOf(base)), open(e, chainOf(base))];
    }],
    ['the chain, a run inside it, and the parameters', (e, base) => {
      const chain = open(e, chainOf(base));
      return [chain, open(e, chain.view.groups[2].id), open(e, paramsOf(base))];
    }],
    ['runs inside the chain and inside the parameters, all answered again (a live view: each has seen inside the others)', (e, base) => {
      const run = open(e, chainOf(base)).view.groups[2].id;
      open(e, run);
      const paramRuns = open(e, paramsOf(base)).view.groups.map((g) => g.id);
      paramRuns.forEach((g) => open(e, g));
      return [open(e, chainOf(base)), open(e, run), open(e, paramsOf(base)), ...paramRuns.map((g) => open(e, g))];
    }],
    ['the parameters, a run inside the chain answered before its neighbour was opened, and that neighbour', (e, base) => {
      const params = open(e, paramsOf(base));
      const chain = open(e, chainOf(base));
      const run = open(e, chain.view.groups[3].id);
      return [params, chain, run, open(e, chain.view.groups[2].id)];
    }],
  ];
  for (const [name, opening] of orders) {
    it(`every edge between the right parts, with its count: ${name}`, () => {
      const exported = fresh();
      const base = exported.view();
      const expansions = opening(exported, base);
      const expected = expectedEdges(exported, new Set(expansions.map((x) => x.group)));
      assert.deepEqual(sorted(shownEdges(base, expansions)), sorted(expected));
    });
  }

  // A dense border is sent by group outside (BORDER_DETAIL): past 0 bundles every border is; past
  // 10, the chain's and the parameters' are, and some of their runs' (others are node by node).
  for (const [name, opening] of orders) for (const detail of [0, 10]) {
    it(`a border by group past ${detail} bundles draws every edge once, into the opened group's port: ${name}`, () => {
      const { root, runtime } = build();
      const exported = new GraphExport(root, runtime, 20, 0, forwardOrder(root), detail);
      const base = exported.view();
      const expansions = opening(exported, base);
      const opened = new Set(expansions.map((x) => x.group));
      const expected = expectedEdges(exported, opened);
      const shown = shownEdges(base, expansions);
      const total = (edges: Map<string, number>): number => [...edges.values()].reduce((a, b) => a + b, 0);
      assert.equal(total(shown), total(expected), 'no edge lost, none drawn twice');
      const ports = new Set(shownGraph(base, expansions).ports.keys());
      const shownParts = new Set([...expected.keys()].flatMap((k) => k.split('>')));
      for (const key of shown.keys()) {
        for (const end of key.split('>')) assert.ok(shownParts.has(end) || ports.has(end), `${key}: ${end} is a part shown or an opened group's port`);
      }
    });
  }

  it('finds the closed group holding a bound variable\'s node, level by level, until it is shown', () => {
    const exported = fresh();
    const base = exported.view();
    const hidden = base.holders!.find((h) => h.groups[0] === chainOf(base))!;
    const expansions: Expansion[] = [];
    const opened: number[] = [];
    for (let group = closedGroupHolding(shownGraph(base), hidden.node); group; group = closedGroupHolding(shownGraph(base, expansions), hidden.node)) {
      opened.push(group.id);
      expansions.push(open(exported, group.id));
    }
    assert.equal(opened[0], chainOf(base));
    assert.ok(shownGraph(base, expansions).nodes.has(hidden.node), `shown after opening ${opened.join(', ')}`);
  });

  it('steps backward() inside an opened run with the engine\'s numbers', () => {
    const exported = fresh();
    const base = exported.view();
    const chain = exported.view(chainOf(base));
    const run = exported.view(chain.groups[40].id);
    const steps = groupSteps(run)!;
    const order = exported.order as Node[];
    assert.deepEqual(steps.map((s) => s.node.id), run.nodes.filter((n) => n.op !== '').map((n) => n.id).sort((a, b) => b - a));
    for (const step of steps) {
      assert.equal(step.grad, (order[step.node.id] as Value).grad, 'its grad when its turn comes: the engine\'s');
      for (const c of step.contributions) {
        assert.notEqual(c.local, null, `${step.node.op}: a local derivative from the inputs' numbers`);
        if (c.total !== null) assert.ok(run.nodes.some((n) => n.id === c.input.id), 'a total is known only for the group\'s own nodes');
      }
    }
    // An input used only inside the run: its last contribution brings it to the engine's grad.
    const last = new Map<number, number>();
    for (const s of steps) for (const c of s.contributions) if (c.total !== null) last.set(c.input.id, c.total);
    assert.ok(last.size > 0);
    for (const [id, total] of last) assert.ok(Math.abs(total - (order[id] as Value).grad) < 1e-12, `#${id}: ${total}`);
  });
});

const chainOf = (base: GraphView): number => base.groups.find((g) => g.loc?.line === 2)!.id;
const paramsOf = (base: GraphView): number => base.groups.find((g) => g.loc?.line === 1)!.id;

function open(exported: GraphExport, group: number): Expansion {
  return { group, view: exported.view(group) };
}

function sorted(edges: Map<string, number>): Array<[string, number]> {
  return [...edges].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}
