// A run executes in a process of its own: what user code can do to it (fatal allocations, endless
// native calls, signals) ends that process only, the limits count everything it allocates, Stop
// reaches it however it is busy, and the next run starts fresh. The host is this test process:
// it must survive every case.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { Runner } from '../../../src/runner/run';
import { RUN_PROCESS, run, scratchDir, writeFiles } from '../../helpers/run';

const SMALL = { timeMs: 60_000, memoryMb: 256 };
const HEALTHY = `import { Value } from 'gradlens';\nconst a = new Value(2);\nconst b = a.mul(3);\nb.backward();\n`;

async function nextRunWorks(runner?: Runner): Promise<void> {
  const after = await run(HEALTHY, { runner });
  assert.equal(after.status, 'completed', JSON.stringify(after.error ?? after.stopped));
  assert.equal(after.result!.bindings.find((b) => b.name === 'a')!.grad, 3);
}

describe('a run cannot hurt the process that started it', () => {
  it('new Array(1e9).fill(0) — a fatal allocation inside a native call — ends with a clear message', async () => {
    const r = await run(`const xs = new Array(1e9).fill(0);\nconsole.log(xs.length);\n`, { limits: SMALL });
    assert.equal(r.status, 'stopped');
    assert.equal(r.stopped!.reason, 'memory-limit');
    assert.match(r.stopped!.message, /ran out of memory and was ended.*256 MB/);
    await nextRunWorks();
  });

  it('new Array(1e8).fill(0), which ignores a thread\'s termination, is ended at the memory limit', async () => {
    const r = await run(`const xs = new Array(1e8).fill(0);\nconsole.log(xs.length);\n`, { limits: SMALL });
    assert.equal(r.stopped!.reason, 'memory-limit');
  });

  it('tensors count against the memory limit (their data lives outside the JavaScript heap)', async () => {
    const r = await run(`import { torch } from 'gradlens';\nconst big = torch.ones(1e8);\nconsole.log(big.shape);\n`, { limits: SMALL });
    assert.equal(r.stopped!.reason, 'memory-limit');
    assert.deepEqual(r.logs, []);
  });

  it('a training run that outgrows the memory limit keeps its last finished step', async () => {
    const source = `import { Value } from 'gradlens';
const w = new Value(1);
const hoard: Float64Array[] = [];
for (let i = 0; ; i++) {
  w.grad = 0;
  const loss = w.mul(w);
  loss.backward();
  w.data -= 0.01 * w.grad;
  hoard.push(new Float64Array(1e6));
}
`;
    const r = await run(source, { limits: SMALL });
    assert.equal(r.stopped!.reason, 'memory-limit');
    assert.ok(r.result?.partial, 'the last step is kept');
    assert.ok(r.result!.graph.nodes.some((n) => n.label === 'loss'));
  });

  it('the time limit and Stop end a run stuck in a native call (a catastrophic regex)', async () => {
    const regex = `const evil = /^(a+)+$/;\nconsole.log(evil.test('a'.repeat(40) + '!'));\n`;
    const timed = await run(regex, { limits: { timeMs: 500, memoryMb: 256 } });
    assert.equal(timed.stopped!.reason, 'time-limit');
    const stopped = await run(regex, { onHandle: (h) => setTimeout(() => h.stop(), 300) });
    assert.equal(stopped.stopped!.reason, 'user');
    assert.equal(stopped.status, 'stopped');
    await nextRunWorks();
  });

  it('a process killed from inside (a signal) is reported as a crash; the next run starts fresh', async () => {
    const runner = new Runner(RUN_PROCESS);
    for (const line of [`process.kill(process.pid, 'SIGKILL');`, `process.kill(process.pid, 'SIGSEGV');`]) {
      const r = await run(`console.log('before');\n${line}\nawait new Promise((r) => setTimeout(r, 5000));\n`, { runner });
      assert.equal(r.status, 'stopped');
      assert.equal(r.stopped!.reason, 'crashed', r.stopped!.message);
      assert.match(r.stopped!.message, /ended unexpectedly \(signal SIG(KILL|SEGV)\)/);
      await nextRunWorks(runner);
    }
    runner.dispose();
  });

  it('a run process that cannot start says why in Node\'s own words (a file missing from the package)', async () => {
    const runner = new Runner(join(scratchDir(), 'missing', 'run-process.js'));
    try {
      const r = await run(HEALTHY, { runner });
      assert.equal(r.stopped?.reason, 'crashed');
      assert.match(r.stopped!.message, /exit code 1\): Error: Cannot find module .*run-process\.js/);
    } finally {
      runner.dispose();
    }
  });

  it('finds training loops in a run\'s process (the editor never loads the parser), also while a run goes', async () => {
    const runner = new Runner(RUN_PROCESS);
    const source = `import { Value } from 'gradlens';\nconst w = new Value(1);\nfor (let i = 0; i < 3; i++) { w.mul(w).backward(); }\n`;
    try {
      const idle = await runner.findTrainingLoops(source, 'loops.ts', SMALL);
      assert.deepEqual(idle.map((l) => [l.line, l.kind]), [[2, 'For']]);
      let during: unknown = null;
      await run(`import { Value } from 'gradlens';\nconst w = new Value(1);\nfor (;;) { w.mul(w).backward(); }\n`, {
        runner,
        onEvent: (e, h) => {
          if (e.type !== 'loss' || during) return;
          during = 'asked';
          void runner.findTrainingLoops(source, 'loops.ts', SMALL).then((loops) => {
            during = loops;
            h.stop();
          });
        },
      });
      assert.deepEqual((during as { line: number }[]).map((l) => l.line), [2]);
    } finally {
      runner.dispose();
    }
  });

  it("a program sees an empty process.env, not the editor's", async () => {
    process.env.GRADLENS_TEST_SECRET = 'host only';
    try {
      const r = await run(`console.log(JSON.stringify(Object.keys(process.env)));\n${HEALTHY}`);
      assert.equal(r.status, 'completed', r.why);
      assert.deepEqual(r.logs, ['[]']);
    } finally {
      delete process.env.GRADLENS_TEST_SECRET;
    }
  });

  it('Stop ends a fast training loop, however many runs came before', async () => {
    const runner = new Runner(RUN_PROCESS);
    const loop = `import { Value } from 'gradlens';\nconst w = new Value(0.5);\nwhile (true) { w.grad = 0; const loss = w.mul(w).tanh(); loss.backward(); w.data -= 0.01 * w.grad; }\n`;
    for (let i = 0; i < 3; i++) {
      let steps = 0;
      const r = await run(loop, { runner, onEvent: (e, h) => e.type === 'loss' && (steps += e.values.length) > 5000 && h.stop() });
      assert.equal(r.stopped!.reason, 'user');
      assert.ok(r.result?.partial, `run ${i}: keeps its last step`);
    }
    runner.dispose();
  });

  it('Stop on a graph of over 150k nodes per step keeps the partial result (its export gets its own time)', async () => {
    const source = `import { Value } from 'gradlens';
const w = new Value(0.001);
while (true) {
  w.grad = 0;
  let loss = new Value(0);
  for (let i = 0; i < 80000; i++) loss = loss.add(w.mul(i % 7));
  loss.backward();
}
`;
    const r = await run(source, { onEvent: (e, h) => e.type === 'loss' && h.stop() });
    assert.equal(r.stopped!.reason, 'user');
    assert.ok(r.result, 'a partial result');
    assert.ok(r.result!.graph.totalNodes > 150_000, `${r.result!.graph.totalNodes} nodes`);
  });

  it('a run after a spare was warmed starts without waiting for its process', async () => {
    const runner = new Runner(RUN_PROCESS);
    await runner.prewarm({ timeMs: 20_000, memoryMb: 512 });
    const r = await run(HEALTHY, { runner });
    assert.equal(r.result!.timings.startMs, 0);
    runner.dispose();
  });
});

describe('the runner adds no names a program could collide with', () => {
  // (`require` and `exports` stay reserved, as TypeScript reserves them in a module: TS2441.)
  it('report, graph and the module wrapper\'s own names are free for top-level declarations', async () => {
    const source = `import { Value } from 'gradlens';
const report = { epochs: 3 };
const graph = 'mine';
const module = 1, __filename = 'f', __dirname = 'd';
const __gl = 5;
const a = new Value(2);
const b = a.mul(a);
console.log(report.epochs, graph, module, __filename, __dirname, __gl);
b.backward();
`;
    const r = await run(source);
    assert.equal(r.status, 'completed', r.why);
    assert.deepEqual(r.logs, ['3 mine 1 f d 5']);
  });

  it('report() stays available as a global where the program does not shadow it', async () => {
    const r = await run(`import { Value } from 'gradlens';\nconst a = new Value(1);\nfor (let i = 0; i < 3; i++) { a.mul(a).backward(); report('acc', i / 2); }\n`);
    assert.equal(r.status, 'completed', r.why);
    assert.ok(r.events.some((e) => e.type === 'metric'));
  });
});

describe('the review\'s findings', () => {
  it('after a user function returns, nodes made later on the calling line carry that line', async () => {
    const source = `import { Value } from 'gradlens';
function square(v: Value): Value {
  const s = v.mul(v);
  return s;
}
const x = new Value(3);
const y = square(x).add(1);
y.backward();
`;
    const r = await run(source);
    const add = r.result!.graph.nodes.find((n) => n.op === 'add')!;
    assert.equal(add.loc!.line, 6);
    assert.equal(r.result!.graph.nodes.find((n) => n.op === 'mul')!.loc!.line, 2);
  });

  it('destructured declarations are labelled and bound for hover', async () => {
    const source = `import { Value } from 'gradlens';
const { X, y } = { X: new Value(2), y: new Value(5) };
const [first, [second]] = [new Value(1), [new Value(4)]];
const out = X.mul(y).add(first).add(second);
out.backward();
`;
    const r = await run(source);
    const bound = (name: string) => r.result!.bindings.find((b) => b.name === name)!;
    assert.equal(bound('X').grad, 5);
    assert.equal(bound('y').grad, 2);
    assert.equal(bound('second').grad, 1);
    assert.deepEqual(bound('y').loc, { line: 1, col: 11, endLine: 1, endCol: 12 });
    const labels = r.result!.graph.nodes.map((n) => n.label);
    for (const name of ['X', 'y', 'first', 'second']) assert.ok(labels.includes(name), labels.join(','));
  });

  it('group labels match the statement by position, not by line only', async () => {
    const source = `import { Value } from 'gradlens';
const xs = Array.from({ length: 60 }, (_, i) => new Value(i / 60));
const p = xs.reduce((s, v) => s.add(v.mul(v)), new Value(0)); const q = xs.reduce((s, v) => s.add(v.tanh()), new Value(0));
const loss = p.add(q);
loss.backward();
`;
    const r = await run(source, { nodeBudget: 60 });
    const labels = r.result!.graph.groups.map((g) => g.label);
    assert.ok(labels.includes('p') && labels.includes('q'), labels.join(', '));
  });

  it('selecting just a variable\'s name inside its declaration computes that variable', async () => {
    const source = `import { Value } from 'gradlens';
const a = new Value(2);
const loss = a.mul(a).add(a);
console.log('after');
`;
    const start = source.indexOf('loss');
    const r = await run(source, { mode: 'selection', range: { start, end: start + 4 } });
    assert.equal(r.status, 'completed', r.why);
    const root = r.result!.graph.nodes.find((n) => n.id === r.result!.graph.root)!;
    assert.equal(root.label, 'loss');
    assert.equal(root.data, 6);
    assert.equal(r.result!.bindings.find((b) => b.name === 'a')!.grad, 5);
    assert.deepEqual(r.logs, []);
  });

  it('imported workspace files use the editor\'s unsaved text', async () => {
    const dir = scratchDir();
    writeFiles(dir, { 'scale.ts': 'export const scale = 1;\n' });
    const source = `import { Value } from 'gradlens';\nimport { scale } from './scale';\nconst a = new Value(2);\nconst b = a.mul(scale);\nb.backward();\n`;
    const r = await run(source, { fileName: join(dir, 'main.ts'), unsaved: { [join(dir, 'scale.ts')]: 'export const scale = 7;\n' } });
    assert.equal(r.result!.bindings.find((b) => b.name === 'a')!.grad, 7);
  });

  it('process.exit(3) ends the run as stopped, not completed', async () => {
    const r = await run(`console.log('before');\nprocess.exit(3);\n`);
    assert.equal(r.status, 'stopped');
    assert.match(r.stopped!.message, /process\.exit\(3\)/);
  });

  it('throwing a non-Error shows what was thrown, at its line', async () => {
    const r = await run(`const n = 1;\nthrow { code: 42, why: 'no' };\n`);
    assert.equal(r.status, 'failed');
    assert.equal(r.error!.message, "Uncaught { code: 42, why: 'no' }");
    assert.equal(r.error!.line, 1);
    const text = await run(`throw 'boom';\n`);
    assert.equal(text.error!.message, "Uncaught 'boom'");
  });

  it('cli.js --help prints its usage and exits 0; an unknown option is an error', () => {
    const cli = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
    const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^usage: node dist\/cli\.js \[--gradcheck\] FILE\.ts/);
    const bad = spawnSync(process.execPath, [cli, '--frobnicate'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown option --frobnicate/);
  });
});
