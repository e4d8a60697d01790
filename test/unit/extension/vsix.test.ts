// The VSIX has every file the installed extension loads or opens: the bundles package.json names
// (the extension, the notebook renderer), the run's process and its worker, the walkthrough's
// pages, and the examples and tutorial notebook it opens. (.vscodeignore lists what goes in.)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';

const REPO = resolve(__dirname, '..', '..', '..');

interface Manifest {
  main: string;
  contributes: {
    notebookRenderer?: Array<{ entrypoint: string }>;
    walkthroughs?: Array<{ steps: Array<{ description: string; media: { markdown?: string } }> }>;
  };
}

describe('the VSIX', () => {
  let files: Set<string>;
  const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Manifest;
  const strip = (path: string): string => path.replace(/^\.\//, '');
  before(() => {
    // What `npm run package` packs (vsce lists through `npm list`: a few seconds).
    const vsce = join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');
    files = new Set(execFileSync(process.execPath, [vsce, 'ls'], { cwd: REPO, encoding: 'utf8', timeout: 300_000 }).split('\n').filter(Boolean));
  });

  it('has the bundles package.json names, and the run process with its worker', () => {
    const wanted = [manifest.main, ...(manifest.contributes.notebookRenderer ?? []).map((r) => r.entrypoint), 'dist/run-process.js', 'dist/worker.js', 'dist/webview.js'];
    assert.ok(wanted.length >= 5);
    for (const file of wanted.map(strip)) assert.ok(files.has(file), `${file} is in the VSIX`);
  });

  it('has what the walkthrough shows and opens: its pages, every example, the tutorial notebook', () => {
    const steps = manifest.contributes.walkthroughs!.flatMap((w) => w.steps);
    for (const step of steps) assert.ok(files.has(step.media.markdown!), `${step.media.markdown} is in the VSIX`);
    const opened = steps.flatMap((s) => [...decodeURIComponent(s.description).matchAll(/"([\w-]+\.ts)"/g)].map((m) => `examples/${m[1]}`));
    assert.ok(opened.length > 0);
    for (const file of [...opened, 'examples/tutorial.ipynb']) assert.ok(files.has(file), `${file} is in the VSIX`);
  });
});
