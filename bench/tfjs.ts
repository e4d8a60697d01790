// TensorFlow.js (tfjs-core + the pure-JS CPU backend) for W4's comparison. tfjs-core defines its
// gradients only in ES-module files (the `@tensorflow/tfjs` package bundles them in; Node cannot
// load them as they are), so they are bundled here once into CommonJS with esbuild. tfjs keeps
// its engine and registries on globalThis, so that copy registers into the same engine.
import { buildSync } from 'esbuild';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs-core';

export async function loadTfjs(): Promise<typeof TF> {
  const tf: typeof TF = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  const gradients = join(tmpdir(), 'gradlens-bench-tfjs-gradients.cjs');
  buildSync({
    entryPoints: [require.resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js')],
    outfile: gradients,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'error',
  });
  await import(gradients);
  tf.enableProdMode(); // fewer checks, and no "install tfjs-node" banner
  await tf.setBackend('cpu');
  return tf;
}
