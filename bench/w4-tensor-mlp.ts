// W4: a PyTorch-style training step on tensors — batch 256, 784→128→ReLU→10, cross-entropy, SGD
// — in GradLens and, for scale, in TensorFlow.js's pure-JS CPU backend (float32; GradLens is float64).
import type * as TF from '@tensorflow/tfjs-core';
import { engine } from './engine';
import { loadTfjs } from './tfjs';
import { median } from './util';

const BATCH = 256, IN = 784, HIDDEN = 128, CLASSES = 10;
const WARMUP = 5, STEPS = 20;
const targets = Array.from({ length: BATCH }, (_, i) => i % CLASSES);

export interface TensorMlpResult {
  msPerStep: number;
  firstLoss: number;
  lastLoss: number;
}

function time(step: () => number): TensorMlpResult {
  const firstLoss = step();
  for (let i = 1; i < WARMUP; i++) step();
  const ms: number[] = [];
  let lastLoss = firstLoss;
  for (let i = 0; i < STEPS; i++) {
    const start = performance.now();
    lastLoss = step();
    ms.push(performance.now() - start);
  }
  return { msPerStep: median(ms), firstLoss, lastLoss };
}

export function gradlens(): TensorMlpResult {
  const { nn, optim, randn, tensor, manualSeed } = engine;
  manualSeed(0);
  const x = randn(BATCH, IN);
  const y = tensor(targets);
  const model = new nn.Sequential(new nn.Linear(IN, HIDDEN), new nn.ReLU(), new nn.Linear(HIDDEN, CLASSES));
  const lossFn = new nn.CrossEntropyLoss();
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.01 });
  return time(() => {
    optimizer.zeroGrad();
    const loss = lossFn.forward(model.forward(x), y);
    loss.backward();
    optimizer.step();
    return loss.item();
  });
}

export async function tfjs(): Promise<TensorMlpResult & { leakedTensors: number }> {
  const tf = await loadTfjs();
  const x = tf.randomNormal([BATCH, IN], 0, 1, 'float32', 42);
  const labels = tf.tidy(() => tf.oneHot(tf.tensor1d(targets, 'int32'), CLASSES));
  const dense = (nin: number, nout: number): [TF.Variable, TF.Variable] => {
    const bound = 1 / Math.sqrt(nin);
    return [tf.variable(tf.randomUniform([nin, nout], -bound, bound, 'float32', nin)), tf.variable(tf.zeros([nout]))];
  };
  const [w1, b1] = dense(IN, HIDDEN);
  const [w2, b2] = dense(HIDDEN, CLASSES);
  const optimizer = tf.train.sgd(0.01);
  const before = tf.memory().numTensors;
  const result = time(() => {
    const cost = optimizer.minimize(() => {
      const hidden = tf.relu(tf.add(tf.matMul(x, w1), b1));
      const logits = tf.add(tf.matMul(hidden, w2), b2);
      return tf.losses.softmaxCrossEntropy(labels, logits);
    }, true)!;
    const loss = cost.dataSync()[0];
    cost.dispose();
    return loss;
  });
  const leakedTensors = tf.memory().numTensors - before;
  tf.dispose([x, labels, w1, b1, w2, b2]);
  optimizer.dispose();
  return { ...result, leakedTensors };
}
