// What if (issue 15 §3): the result's graph with a leaf's value changed, forward and backward
// recomputed in the run's process (the user's code does not run again), the graph put back after.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GraphView } from '../../../src/protocol';
import { run } from '../../helpers/run';

const SEED = `import { Value } from 'gradlens';
const a = new Value(2);
const b = new Value(3);
const c = a.mul(b);
const d = c.add(a);
d.backward();
`;

const numbers = (view: GraphView): Record<string, [number | null, number | null]> => Object.fromEntries(view.nodes.map((n) => [n.label, [n.data, n.grad]]));

describe('what if', () => {
  it("a = 5: c, d and every gradient as the engine computes them; the run's values back after", async () => {
    const r = await run(SEED, { keep: true });
    try {
      const id = (label: string): number => r.result!.graph.nodes.find((n) => n.label === label)!.id;
      const view = (await r.handle.whatIf([[id('a'), 5]], []))!;
      assert.deepEqual(numbers(view.graph), { a: [5, 4], b: [3, 5], c: [15, 1], d: [20, 1] });
      assert.equal(view.graph.structure, r.result!.graph.structure);
      const both = (await r.handle.whatIf([[id('a'), 5], [id('b'), -1]], []))!;
      assert.deepEqual(numbers(both.graph), { a: [5, 0], b: [-1, 5], c: [-5, 1], d: [0, 1] });
      const none = (await r.handle.whatIf([], []))!;
      assert.deepEqual(numbers(none.graph), { a: [2, 4], b: [3, 2], c: [6, 1], d: [8, 1] }, 'the recorded graph is intact');
      const inner = (await r.handle.whatIf([[id('c'), 100]], []))!;
      assert.deepEqual(numbers(inner.graph), { a: [2, 4], b: [3, 2], c: [6, 1], d: [8, 1] }, 'only leaves can be changed');
    } finally {
      r.handle.dispose();
    }
  });
});
