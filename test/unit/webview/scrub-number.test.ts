// The what-if field's arithmetic and its requests: a drag's step scales with the value, steps
// add up without float noise, and one request is out at a time with the newest value waiting.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LatestOnly, dragStep, keyStep, stepped } from '../../../webview/scrub-number';

describe('scrub number', () => {
  it('steps by a hundredth of the order of magnitude (0.01 around 0)', () => {
    assert.deepEqual([2, -3, 0.5, 300, 6.88, 0, 1e-15].map(dragStep), [0.01, 0.01, 0.001, 1, 0.01, 0.01, 0.01]);
    assert.equal(keyStep(2), 0.1);
    assert.equal(keyStep(300), 10);
  });

  it('adds steps without float noise, rounded to the step', () => {
    assert.equal(stepped(2, 0.01, 3), 2.03);
    assert.equal(stepped(2, 0.1, -1), 1.9);
    assert.equal(stepped(0.1, 0.1, 2), 0.3);
    assert.equal(stepped(6.8813735870195432, 0.01, 10), 6.9813735870195432, 'the start\'s precision kept');
    assert.equal(stepped(5e-12, 1e-14, 3), 5.03e-12);
    assert.equal(stepped(3.6, 1, -1), 2.6);
    assert.equal(stepped(300, 1, -450), -150);
    assert.equal(stepped(2, 0.001, 7), 2.007);
  });

  it('one request in flight; the newest waiting value replaces older ones; an answer sends it', () => {
    const sent: Array<number | null> = [];
    const requests = new LatestOnly<number | null>((v) => sent.push(v), 60_000);
    requests.push(1);
    requests.push(2);
    requests.push(3);
    assert.deepEqual(sent, [1]);
    assert.equal(requests.idle, false);
    requests.answered();
    assert.deepEqual(sent, [1, 3]);
    requests.push(null); // Reset waits its turn too
    requests.answered();
    assert.deepEqual(sent, [1, 3, null]);
    requests.answered();
    assert.equal(requests.idle, true);
    requests.dispose();
  });

  it('an answer that never comes frees the way after the timeout', async () => {
    const sent: number[] = [];
    const requests = new LatestOnly<number>((v) => sent.push(v), 20);
    requests.push(1);
    requests.push(2);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.deepEqual(sent, [1, 2]);
    requests.dispose();
  });
});
