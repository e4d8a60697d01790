// `node dist/cli.js --gradcheck FILE`: each leaf's gradient against a central difference of the
// recorded graph, one line each in the documented form, and an exit status a script can use.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { scratchDir, writeFiles } from '../../helpers/run';

const CLI = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const LINE = /^gradcheck (\S+) analytic (\S+) numeric (\S+) relerr (\S+) (ok|MISMATCH)$/;

function gradcheck(source: string): { status: number | null; lines: Array<{ label: string; analytic: number; numeric: number; relerr: number; ok: boolean }>; stderr: string } {
  const dir = scratchDir();
  writeFiles(dir, { 'check.ts': source });
  const out = spawnSync(process.execPath, [CLI, '--gradcheck', join(dir, 'check.ts')], { encoding: 'utf8', timeout: 60_000 });
  const lines = out.stdout.split('\n').filter((l) => l.startsWith('gradcheck ')).map((l) => {
    const m = LINE.exec(l);
    assert.ok(m, `a line in the documented form: ${JSON.stringify(l)}`);
    return { label: m[1], analytic: Number(m[2]), numeric: Number(m[3]), relerr: Number(m[4]), ok: m[5] === 'ok' };
  });
  return { status: out.status, lines, stderr: out.stderr };
}

describe('--gradcheck', () => {
  it("checks each named Value of micrograd's neuron: ok lines, exit 0", () => {
    const r = gradcheck(`import { Value } from 'gradlens';
const x1 = new Value(2); const x2 = new Value(0);
const w1 = new Value(-3); const w2 = new Value(1);
const b = new Value(6.8813735870195432);
const o = (x1 * w1 + x2 * w2 + b).tanh();
o.backward();
`);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.lines.map((l) => l.label).sort(), ['b', 'w1', 'w2', 'x1', 'x2']);
    const w1 = r.lines.find((l) => l.label === 'w1')!;
    assert.ok(Math.abs(w1.analytic - 1) < 1e-6 && Math.abs(w1.numeric - 1) < 1e-6, JSON.stringify(w1));
    assert.ok(r.lines.every((l) => l.ok && l.relerr < 1e-6));
  });

  it('checks a tensor model at the point of its last backward(), after the optimizer moved it', () => {
    const r = gradcheck(`import { torch } from 'gradlens';
torch.manualSeed(0);
const model = new torch.nn.Sequential(new torch.nn.Linear(3, 5), new torch.nn.Tanh(), new torch.nn.Linear(5, 2));
const X = torch.randn(8, 3);
const y = torch.tensor([0, 1, 1, 0, 1, 0, 0, 1]);
const opt = new torch.optim.SGD(model.parameters(), 0.5);
for (let i = 0; i < 5; i++) {
  opt.zeroGrad();
  const loss = new torch.nn.CrossEntropyLoss().call(model.call(X), y);
  loss.backward();
  opt.step();
}
`);
    assert.equal(r.status, 0, r.stderr + JSON.stringify(r.lines));
    assert.equal(r.lines.length, 4, 'one line per parameter tensor');
    assert.ok(r.lines.every((l) => /\.(weight|bias)$/.test(l.label) && l.ok), JSON.stringify(r.lines));
  });

  it('says MISMATCH and exits 1 when a gradient is not the derivative (two backward() calls added up)', () => {
    const r = gradcheck(`import { Value } from 'gradlens';
const a = new Value(3);
const loss = a * a;
loss.backward();
loss.backward();
`);
    assert.equal(r.status, 1);
    const [a] = r.lines;
    assert.equal(a.label, 'a');
    assert.equal(a.analytic, 12);
    assert.ok(Math.abs(a.numeric - 6) < 1e-6);
    assert.equal(a.ok, false);
  });
});
