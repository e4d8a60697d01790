// A user clicks "Train this model" above a long training loop, sees the lens turn into
// "Stop training (step N, loss X)", clicks it, and training stops.

import { resolve } from 'node:path';
import { scenario } from '../lib';

export default scenario({
  name: 'train-codelens',
  title: 'the "Train this model" CodeLens trains with live progress, and its Stop lens stops it',
  workspace: resolve(__dirname, '..', 'workspaces', 'training'),
  readyFile: 'long-training.ts',
  async run(wb) {
    await wb.openFile('long-training.ts');
    const train = await wb.codeLens('Train this model');
    await wb.screenshot('lens');
    await train.click();
    const stop = await wb.codeLens(/Stop training \(step \d+, loss [\d.]+\)/, { timeoutMs: 30_000 });
    await wb.screenshot('training');
    await stop.click();
    await wb.codeLens('Train this model', { timeoutMs: 10_000 });
    await wb.screenshot('stopped');
  },
});
