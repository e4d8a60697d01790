// A file's `// gradlens: pace N steps/s`: the run makes at most N backward() calls a second, so its
// live chart can be watched, and Stop still ends it at once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { paceOf, pacer } from '../../../src/runner/pace';
import { run } from '../../helpers/run';

const LOOP = (steps: number) => `// gradlens: pace 50 steps/s
import { Value } from 'gradlens';
const w = new Value(1);
for (let i = 0; i < ${steps}; i++) {
  const loss = w.mul(w);
  loss.backward();
}
`;

describe('pace', () => {
  it('is read from a line comment only', () => {
    assert.equal(paceOf('// gradlens: pace 50 steps/s — slowed down\nconst x = 1;'), 50);
    assert.equal(paceOf('const x = 1;\n  //gradlens: pace 2.5 steps/s'), 2.5);
    assert.equal(paceOf('const s = "// gradlens: pace 50 steps/s";'), null, 'not inside a string');
    assert.equal(paceOf('// gradlens: pace 0 steps/s'), null);
    assert.equal(paceOf('// a comment'), null);
  });

  it('waits out the rest of each step, and not at all once the run is stopped', () => {
    let t = 0;
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const step = pacer(1000, flag, () => t);
    const started = performance.now();
    t = 0.2; // the step took 0.2 ms of its 1 ms
    step();
    const waited = performance.now() - started;
    assert.ok(waited >= 0.5, `waited ${waited} ms`);
    Atomics.store(flag, 0, 1);
    const pacedAfterStop = pacer(1, flag, () => 0);
    const before = performance.now();
    pacedAfterStop();
    assert.ok(performance.now() - before < 500, 'a stopped run does not wait a second');
  });

  it('slows a training loop to the pace, reporting every step', async () => {
    const r = await run(LOOP(25));
    assert.equal(r.status, 'completed', r.why);
    assert.equal(r.losses.length, 25);
    assert.ok(r.result!.timings.runMs >= 24 * 20 * 0.9, `25 steps at 50/s took ${r.result!.timings.runMs} ms`);
  });

  it('is Stopped at once, keeping the last step', async () => {
    let stopAsked = 0;
    const r = await run(LOOP(1e6), {
      onEvent: (e, handle) => {
        if (e.type === 'loss' && stopAsked === 0) {
          stopAsked = performance.now();
          handle.stop();
        }
      },
    });
    assert.equal(r.status, 'stopped');
    assert.ok(r.result!.partial, 'the last finished step is kept');
    // Bounded for a busy machine: an unheard Stop would run to the time limit (20 s here).
    assert.ok(performance.now() - stopAsked < 5000, `stopped after ${performance.now() - stopAsked} ms`);
  });

  it('is ignored when the request asks for full speed (the CLI)', async () => {
    const r = await run(LOOP(200), { fullSpeed: true });
    assert.equal(r.status, 'completed', r.why);
    assert.ok(r.result!.timings.runMs < 200 * 20 * 0.5, `${r.result!.timings.runMs} ms`);
  });
});
