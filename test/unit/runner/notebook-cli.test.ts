// `node dist/cli.js NOTEBOOK.ipynb`: the notebook top to bottom in one kernel, as Run All does —
// the shipped tutorial with PyTorch's numbers, and a failing cell named, ending the run with 1.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { scratchDir } from '../../helpers/run';

const ROOT = resolve(__dirname, '..', '..', '..');
const cli = (file: string) => spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), file], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

describe('the CLI on a notebook', () => {
  it('runs the tutorial top to bottom with the numbers PyTorch gives', () => {
    const { status, stdout, stderr } = cli('examples/tutorial.ipynb');
    assert.equal(status, 0, stdout + stderr);
    assert.match(stdout, /a\.grad = 4, b\.grad = 2/); // torch: d = a*b + a at a=2, b=3
    assert.match(stdout, /o = 0\.7071, w1\.grad = 1\.0000, w2\.grad = 0\.0000/); // micrograd's neuron
    assert.match(stdout, /weight\.grad \[ \[ 1, 2 \] \]\s+bias\.grad \[ 1 \]/); // ∂(xWᵀ + b)/∂W = x
    assert.match(stdout, /= Tensor\(shape=\[3\], \[0,1,1\]\)/); // relu's gradient at -1, 0.5, 2
    const epochs = [...stdout.matchAll(/epoch (\d+): loss ([\d.]+)/g)].map((m) => Number(m[2]));
    assert.equal(epochs.length, 6);
    assert.ok(epochs[5] < epochs[0] / 100, `XOR is learned: ${epochs.join(' → ')}`);
    assert.match(stdout, /loss: 500 backward\(\) calls/);
  });

  it('stops at the first failing cell, names it and exits 1', () => {
    const dir = scratchDir();
    const file = join(dir, 'broken.ipynb');
    const cell = (type: string, source: string) => ({ cell_type: type, metadata: {}, source, ...(type === 'code' ? { outputs: [], execution_count: null } : {}) });
    writeFileSync(file, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell('markdown', '# title'), cell('code', 'const q = 5;'), cell('code', 'const r = q +\n  missing;'), cell('code', 'console.log("never")')] }));
    const { status, stdout } = cli(file);
    assert.equal(status, 1);
    assert.match(stdout, /broken\.ipynb#cell3:2:3: missing is not defined/);
    assert.match(stdout, /cell 3 failed: the notebook stops here/);
    assert.doesNotMatch(stdout, /never/);
  });

  it('says when a file is not a notebook', () => {
    const dir = scratchDir();
    const file = join(dir, 'not.ipynb');
    writeFileSync(file, '{"cells": 3}');
    const { status, stderr, stdout } = cli(file);
    assert.equal(status, 1);
    assert.match(stdout, /not\.ipynb: not a notebook: it has no "cells" list/);
    assert.equal(stderr, '', 'a message, not a stack trace');
  });
});
