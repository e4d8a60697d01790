// micrograd's nn.py: a neuron, a layer of neurons, a multi-layer perceptron — on scalar Values.

import { checkOptions } from '../options';
import { uniform } from '../random';
import { unaryRules } from '../rules';
import { Value } from '../value';
import { Module } from './module';

type Input = Value | number;

/** micrograd's Neuron: `relu(w·x + b)` over `nin` inputs (linear with `{ nonlin: false }`). */
export class Neuron extends Module<Value> {
  /** The weights, one per input, drawn uniformly from [−1, 1]. */
  readonly w: Value[];
  /** The bias, starting at 0. */
  readonly b: Value;
  /** Whether forward() applies relu (false: a linear neuron). */
  readonly nonlin: boolean;

  constructor(nin: number, options: { nonlin?: boolean } = {}) {
    super();
    const { nonlin = true } = checkOptions<{ nonlin?: boolean }>('nn.Neuron', options, { nonlin: 'boolean' });
    this.w = Array.from({ length: nin }, () => new Value(uniform(-1, 1)));
    this.b = new Value(0);
    this.nonlin = nonlin;
  }

  /** relu(w·x + b), or w·x + b when nonlin is false; x holds one Value or number per weight. */
  forward(x: Input[]): Value {
    // b + w0·x0 + w1·x1 + ..., in micrograd's order: sum(w*x, start=b).
    let act = this.b;
    for (let i = 0; i < this.w.length; i++) act = act.add(this.w[i].mul(x[i]));
    return this.nonlin ? act.relu() : act;
  }

  /** `ReLUNeuron(n)` or `LinearNeuron(n)`, as micrograd prints it. */
  override toString(): string {
    return `${this.nonlin ? 'ReLU' : 'Linear'}Neuron(${this.w.length})`;
  }
}

/** micrograd's Layer: `nout` neurons over the same `nin` inputs. */
export class Layer extends Module<Value> {
  /** The layer's neurons, each reading all the inputs. */
  readonly neurons: Neuron[];

  constructor(nin: number, nout: number, options: { nonlin?: boolean } = {}) {
    super();
    this.neurons = Array.from({ length: nout }, () => new Neuron(nin, options));
  }

  /** One Value per neuron; a single Value when the layer has one neuron (as micrograd). */
  forward(x: Input[]): Value | Value[] {
    const out = this.neurons.map((n) => n.forward(x));
    return out.length === 1 ? out[0] : out;
  }

  /** `Layer of [ReLUNeuron(2), …]`, as micrograd prints it. */
  override toString(): string {
    return `Layer of [${this.neurons.map(String).join(', ')}]`;
  }
}

/** micrograd's MLP: `new MLP(2, [16, 16, 1])`, ReLU layers and a linear last one. */
export class MLP extends Module<Value> {
  /** The layers in order: relu ones, then a linear last one. */
  readonly layers: Layer[];

  /** MLP(2, [16, 16, 1]): ReLU on every layer but the last, which is linear. */
  constructor(nin: number, nouts: number[]) {
    super();
    const sizes = [nin, ...nouts];
    this.layers = nouts.map((_, i) => new Layer(sizes[i], sizes[i + 1], { nonlin: i !== nouts.length - 1 }));
  }

  /** The layers applied in turn: one Value per output neuron, or a single Value when the last layer has one. */
  forward(x: Input[]): Value | Value[] {
    let out: Input[] | Value = x;
    for (const layer of this.layers) out = layer.forward(Array.isArray(out) ? out : [out]);
    return out as Value | Value[];
  }

  /** `MLP of [Layer of […], …]`, as micrograd prints it. */
  override toString(): string {
    return `MLP of [${this.layers.map(String).join(', ')}]`;
  }
}

/**
 * The MLP's forward() on plain numbers, for `count` points at once (`inputs` row-major, count × nin;
 * the result count × nout), from the parameters' `.data` as they are now. The same arithmetic in
 * the same order as Neuron.forward (b + w0·x0 + w1·x1 + …, then relu by the rule table), so each
 * output equals `forward(x).data` to the bit — without creating a Value. For the runner's repeated
 * evaluations (a decision boundary's grid), which must neither build a graph per point nor add
 * nodes to the run.
 */
export function forwardNumbers(mlp: MLP, inputs: Float64Array, count: number): Float64Array {
  let x = inputs;
  for (const layer of mlp.layers) x = layerNumbers(layer, x, count);
  return x;
}

/** One layer of forwardNumbers: `count` rows of inputs to `count` rows of outputs. */
function layerNumbers(layer: Layer, x: Float64Array, count: number): Float64Array {
  const relu = unaryRules.relu.forward;
  const nin = x.length / count;
  const nout = layer.neurons.length;
  const w = new Float64Array(nout * nin); // neuron j's weights at j·nin
  const b = Float64Array.from(layer.neurons, (n) => n.b.data);
  const nonlin = layer.neurons.map((n) => n.nonlin);
  layer.neurons.forEach((n, j) => w.set(n.w.map((v) => v.data), j * nin));
  const out = new Float64Array(count * nout);
  for (let row = 0; row < count; row++) {
    for (let j = 0; j < nout; j++) {
      let act = b[j];
      for (let i = 0; i < nin; i++) act = act + w[j * nin + i] * x[row * nin + i];
      out[row * nout + j] = nonlin[j] ? relu(act, 0) : act;
    }
  }
  return out;
}
