// A notebook's kernel: cells run one after another in one process and keep what they declare, as
// a REPL does; each cell has the limits, Stop and errors of a run; a restart loses the state.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { ResultEvent, RunEvent } from '../../../src/protocol';
import { Kernel } from '../../../src/runner/kernel';
import { RUN_PROCESS } from '../../helpers/run';

const LIMITS = { timeMs: 60_000, memoryMb: 512 };
const kernels: Kernel[] = [];
after(() => kernels.forEach((k) => k.dispose()));

function newKernel(limits = LIMITS): Kernel {
  const kernel = new Kernel(RUN_PROCESS, limits);
  kernels.push(kernel);
  return kernel;
}

interface CellOutcome {
  status: string;
  execution: number;
  restarted: boolean;
  events: RunEvent[];
  value: string | undefined;
  logs: string[];
  result: ResultEvent | undefined;
  error: Extract<RunEvent, { type: 'error' }> | undefined;
  stopped: Extract<RunEvent, { type: 'stopped' }> | undefined;
}

async function cell(kernel: Kernel, source: string, options: { number?: number; stopAfterMs?: number } = {}): Promise<CellOutcome> {
  const events: RunEvent[] = [];
  const run = await kernel.run({ fileName: `/tmp/kernel-test.ipynb#cell${options.number ?? 1}`, source }, (e) => events.push(e));
  if (options.stopAfterMs !== undefined) setTimeout(() => run.stop(), options.stopAfterMs);
  const status = await run.done;
  const find = <T extends RunEvent['type']>(type: T) => events.find((e) => e.type === type) as Extract<RunEvent, { type: T }> | undefined;
  return {
    status,
    execution: run.execution,
    restarted: run.restarted,
    events,
    value: find('cellValue')?.text,
    logs: events.flatMap((e) => (e.type === 'log' ? e.lines.map((l) => l.text) : [])),
    result: find('result'),
    error: find('error'),
    stopped: find('stopped'),
  };
}

describe('a notebook kernel', () => {
  it('keeps what a cell declares for the cells after it, and counts executions', async () => {
    const k = newKernel();
    const first = await cell(k, "import { Value } from 'gradlens';\nconst a = new Value(2);\nconst b = new Value(3);");
    assert.equal(first.status, 'completed');
    assert.equal(first.result?.rootReason, 'none', 'a lone leaf is no graph');
    assert.ok(first.result?.bindings.some((b) => b.name === 'a' && b.data === 2), 'bindings for hovers');
    const second = await cell(k, 'const c = a * b + a;\nc');
    assert.equal(second.execution, 2);
    assert.match(second.value ?? '', /data=8/);
    assert.equal(second.result?.graph.totalNodes, 4);
    assert.equal(second.result?.graph.nodes.find((n) => n.id === second.result?.graph.root)?.grad, 0, 'no backward() that the user did not call');
    const third = await cell(k, 'c.backward();\nconsole.log(a.grad, b.grad);\na.grad');
    assert.deepEqual(third.logs, ['4 2']);
    assert.equal(third.value, '4');
    assert.equal(third.result?.rootReason, 'backward');
  });

  it("redefines a cell's const when it runs again, and functions see the newest value", async () => {
    const k = newKernel();
    await cell(k, 'const scale = 2;\nfunction scaled(x: number) { return x * scale; }\nclass Box { v = scale }');
    assert.equal((await cell(k, 'scaled(5)')).value, '10');
    const again = await cell(k, 'const scale = 7;\nscale');
    assert.equal(again.status, 'completed', again.error?.message);
    assert.equal((await cell(k, 'scaled(5) + new Box().v')).value, '42');
    const destructured = await cell(k, 'const { p, q: [r = 3] } = { p: 1, q: [] as number[] };\nlet [s, ...rest] = [4, 5, 6];\np + r + s + rest.length');
    assert.equal(destructured.value, '10');
  });

  it('a function run again reaches the functions that call it; enums, namespaces and `module` carry too', async () => {
    const k = newKernel();
    await cell(k, 'function f() { return 1; }\nfunction g() { return f() * 10; }\nenum Color { Red, Green }\nconst module = { w: 5 };');
    assert.equal((await cell(k, 'g()')).value, '10');
    await cell(k, 'function f() { return 2; }');
    assert.equal((await cell(k, 'g() + Color.Green + module.w')).value, '26', 'g calls the new f');
  });

  it("keeps a built-in's name local to the cell that declares it: the kernel's own clock goes on", async () => {
    const k = newKernel({ timeMs: 10_000, memoryMb: 512 });
    const shadow = await cell(k, 'const performance = { best: 0.9 };\nperformance.best');
    assert.equal(shadow.status, 'completed', shadow.error?.message ?? shadow.stopped?.message);
    assert.equal(shadow.value, '0.9');
    assert.equal((await cell(k, 'typeof performance.now')).value, "'function'");
  });

  it('says where a cell failed, in that cell, and the kernel goes on', async () => {
    const k = newKernel();
    await cell(k, 'function explode(): number { throw new Error("boom"); }', { number: 2 });
    const failed = await cell(k, 'const x = 1;\nexplode();', { number: 3 });
    assert.equal(failed.status, 'failed');
    assert.equal(failed.error?.message, 'boom');
    // The throw is in cell 2's function: its line there.
    assert.equal(failed.error?.file, '/tmp/kernel-test.ipynb#cell2');
    assert.equal(failed.error?.line, 0);
    const syntax = await cell(k, 'const y = ;', { number: 4 });
    assert.equal(syntax.error?.kind, 'syntax');
    assert.equal((await cell(k, 'x + 1')).value, '2', 'what ran before the failure stays');
  });

  it('interrupts a while(true) cell and keeps the state', async () => {
    const k = newKernel();
    await cell(k, 'let counter = 41;');
    const spinning = await cell(k, 'let i = 0;\nwhile (true) { i++; }', { stopAfterMs: 300 });
    assert.equal(spinning.status, 'stopped');
    assert.equal(spinning.stopped?.reason, 'user');
    const next = await cell(k, 'counter + 1');
    assert.equal(next.value, '42');
    assert.equal(next.restarted, false);
    assert.ok(Number((await cell(k, 'i')).value) > 0, 'the loop ran, and its counter is still there');
  });

  it('Stop of a cell awaiting in a loop ends that loop: its output never reaches a later cell', async () => {
    const k = newKernel();
    const loop = await cell(k, "for (let i = 0; ; i++) {\n  console.log('loop', i);\n  await new Promise((r) => setTimeout(r, 300));\n}", { stopAfterMs: 150 });
    assert.equal(loop.stopped?.reason, 'user');
    const later = await cell(k, 'await new Promise((r) => setTimeout(r, 1000));\n1');
    assert.equal(later.value, '1');
    assert.deepEqual(later.logs, [], 'no line of the stopped loop');
  });

  it('each cell has the time limit of a run', async () => {
    const k = newKernel({ timeMs: 400, memoryMb: 512 });
    const slow = await cell(k, 'while (true) {}');
    assert.equal(slow.stopped?.reason, 'time-limit');
    assert.equal((await cell(k, '1 + 1')).value, '2');
  });

  it("a cell that allocates without end is stopped at the kernel's memory limit; Restart frees it", async () => {
    const k = newKernel({ timeMs: 60_000, memoryMb: 200 });
    await cell(k, 'const before = 7;');
    const hog = await cell(k, 'const hoard: Float64Array[] = [];\nwhile (true) hoard.push(new Float64Array(1 << 20).fill(1));');
    assert.equal(hog.status, 'stopped');
    assert.equal(hog.stopped?.reason, 'memory-limit');
    assert.match(hog.stopped?.message ?? '', /Restart the kernel/);
    await k.restart();
    const next = await cell(k, 'typeof before');
    assert.equal(next.status, 'completed');
    assert.equal(next.value, "'undefined'", 'a new session');
  });

  it('a cell awaiting a promise that never settles ends at its time limit, and Stop reaches it', async () => {
    const k = newKernel({ timeMs: 500, memoryMb: 512 });
    const waiting = await cell(k, 'await new Promise(() => {});');
    assert.equal(waiting.stopped?.reason, 'time-limit');
    const k2 = newKernel();
    const stopped = await cell(k2, 'await new Promise((resolve) => setTimeout(resolve, 30_000));', { stopAfterMs: 300 });
    assert.equal(stopped.stopped?.reason, 'user');
    assert.equal((await cell(k2, '6 * 7')).value, '42');
  });

  it('queues cells asked for while one runs: each starts when the one before it is done, in order', async () => {
    const k = newKernel();
    const started: number[] = [];
    const ask = (n: number, source: string) => k.run({ fileName: `/tmp/q.ipynb#cell${n}`, source }, () => {}, undefined, async () => void started.push(n));
    // Asked for at once, as two Run Cell clicks are: the second must not start until the first is done.
    const [first, second] = await Promise.all([ask(1, 'let t = 0;\nfor (let i = 0; i < 3e6; i++) t += i;'), ask(2, 't')]);
    assert.deepEqual(started, [1, 2]);
    assert.deepEqual([await first.done, await second.done], ['completed', 'completed']);
    assert.deepEqual([first.execution, second.execution], [1, 2]);
  });

  it('a cell queued when the kernel restarts does not run in the new session, and says so', async () => {
    const k = newKernel();
    const events: RunEvent[] = [];
    const running = k.run({ fileName: '/tmp/r.ipynb#cell1', source: 'while (true) {}' }, () => {});
    const queued = k.run({ fileName: '/tmp/r.ipynb#cell2', source: 'console.log("ran")' }, (e) => events.push(e));
    await running;
    await k.restart();
    const late = await queued;
    assert.equal(await late.done, 'stopped');
    assert.equal(late.execution, 0);
    assert.deepEqual(events.map((e) => e.type === 'stopped' && e.message), ['The kernel was restarted before this cell ran: run it again.']);
  });

  it('restart loses every value, and the next cell starts a new session', async () => {
    const k = newKernel();
    await cell(k, 'const kept = 5;');
    const before = k.session;
    await k.restart();
    assert.notEqual(k.session, before);
    const after = await cell(k, 'kept');
    assert.equal(after.status, 'failed');
    assert.match(after.error?.message ?? '', /kept is not defined/);
    assert.equal(after.execution, 1, 'execution order starts again');
  });

  it('trains in a cell: losses stream, the graph is the last step, a group opens after later cells ran', async () => {
    const k = newKernel();
    await cell(k, "import { nn, Value, manualSeed } from 'gradlens';\nmanualSeed(0);\nconst mlp = new nn.MLP(2, [16, 16, 1]);\nconst xs = [[2, 3], [3, -1], [0.5, 1], [1, 1]];\nconst ys = [1, -1, -1, 1];");
    const train = await cell(k, [
      'for (let step = 0; step < 10; step++) {',
      '  const preds = xs.map((x) => mlp.forward(x) as Value);',
      '  let loss = new Value(0);',
      '  preds.forEach((p, i) => { loss = loss.add(p.sub(ys[i]).pow(2)); });',
      '  mlp.zeroGrad();',
      '  loss.backward();',
      '  for (const p of mlp.parameters()) p.data -= 0.01 * p.grad;',
      '}',
    ].join('\n'));
    assert.equal(train.status, 'completed', train.error?.message);
    const losses = train.events.flatMap((e) => (e.type === 'loss' ? [...e.values] : []));
    assert.equal(losses.length, 10);
    assert.ok(losses[9] < losses[0], `the loss falls: ${losses[0]} -> ${losses[9]}`);
    const graph = train.result!.graph;
    assert.equal(train.result!.rootReason, 'backward');
    assert.ok(graph.groups.length > 0, `a graph of ${graph.totalNodes} nodes comes grouped`);
    await cell(k, 'const later = 1;');
    const group = graph.groups[0];
    const view = await k.expand(k.session, train.execution, group.id);
    assert.equal(view?.scope, group.id);
    assert.ok((view?.nodes.length ?? 0) + (view?.groups.length ?? 0) > 0);
    assert.equal(await k.expand('another-session', train.execution, group.id), null);
  });
});
