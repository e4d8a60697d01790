// The CodeLens' loop finder: exactly the top-level loops whose body calls .backward().
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findTrainingLoops } from '../../../src/runner/training-loops';

describe('findTrainingLoops', () => {
  it('finds for, for-of, while and do loops that call backward(), and no others', () => {
    const source = `import { Value } from 'gradlens';
const w = new Value(1);
for (let i = 0; i < 10; i++) {
  const loss = w.mul(w);
  loss.backward();
}
for (const x of [1, 2]) console.log(x);
let k = 0;
while (k++ < 3) w.mul(k).backward();
do { w.pow(2).backward(); } while (false);
outer: for (const epoch of [1]) { for (const b of [1]) { w.add(b).backward(); } }
// for (;;) { loss.backward(); }
const s = "while (true) { x.backward() }";
function train() { for (;;) { w.backward(); } }
for (let i = 0; i < 2; i++) { const later = () => w.backward(); }
`;
    const loops = findTrainingLoops(source, 'train.ts');
    assert.deepEqual(loops.map((l) => [l.line, l.kind]), [[2, 'For'], [8, 'While'], [9, 'Do'], [10, 'ForOf']]);
    const first = loops[0];
    assert.equal(source.slice(first.start, first.end), source.split('\n').slice(2, 6).join('\n'));
    assert.ok(source.slice(loops[3].start).startsWith('outer:'), 'a labelled loop starts at its label');
  });

  it('reads JavaScript too, and tolerates syntax errors elsewhere', () => {
    const loops = findTrainingLoops('for (const x of xs) { opt.zeroGrad(); loss(x).backward(); }\nconst broken = ;\n', 'train.js');
    assert.equal(loops.length, 1);
  });
});
