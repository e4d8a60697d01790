// One neuron by hand, as in micrograd's first lecture: o = tanh(x1·w1 + x2·w2 + b).
// Select `o` (or any expression below) and run "GradLens: Compute gradients" to see its graph.
import { Value } from 'gradlens';

// inputs
const x1 = new Value(2.0);
const x2 = new Value(0.0);
// weights and bias
const w1 = new Value(-3.0);
const w2 = new Value(1.0);
const b = new Value(6.8813735870195432);

const x1w1 = x1 * w1; // or x1.mul(w1): the same node
const x2w2 = x2 * w2;
const n = x1w1 + x2w2 + b;
const o = n.tanh();
o.backward();

console.log(`o = ${o.data.toFixed(4)}; dL/dw1 = ${w1.grad.toFixed(4)}, dL/dw2 = ${w2.grad.toFixed(4)}`); // 0.7071; 1.0000, 0.0000
