// backward() for tensors: walk the graph in reverse topological order, applying each op's rule
// from grad-rules.ts, without recursion.

import { postOrder } from '../walk';
import { gradRules } from './grad-rules';
import { formatShape, sameShape } from './shape';
import { Tensor } from './tensor';

/** While false (inside noGrad), ops build no graph — for updates and evaluation. */
export const gradMode = { enabled: true };

/** Runs `fn` without recording any graph, like `with torch.no_grad():`. */
export function noGrad<T>(fn: () => T): T {
  const previous = gradMode.enabled;
  gradMode.enabled = false;
  try {
    return fn();
  } finally {
    gradMode.enabled = previous;
  }
}

export function backward(root: Tensor, gradient?: Tensor): void {
  if (!root.requiresGrad) {
    throw new Error(
      'backward(): this tensor does not require grad, so there is no graph to differentiate. ' +
        'Create its inputs with { requiresGrad: true }, e.g. tensor([1, 2], { requiresGrad: true }).',
    );
  }
  if (gradient === undefined && root.data.length !== 1) {
    throw new Error(
      `backward() can only start from a scalar, but this tensor has shape ${formatShape(root.shape)}. ` +
        `Reduce it first (.sum() or .mean()) or pass a gradient of shape ${formatShape(root.shape)}.`,
    );
  }
  if (gradient !== undefined && !sameShape(gradient.shape, root.shape)) {
    throw new Error(`backward(): gradient of shape ${formatShape(gradient.shape)} does not match the tensor's shape ${formatShape(root.shape)}`);
  }

  const order = topologicalOrder(root);
  root.pendingGrad = gradient === undefined ? new Float64Array(root.data.length).fill(1) : gradient.data.slice();
  for (let i = order.length - 1; i >= 0; i--) {
    const t = order[i];
    const g = t.pendingGrad!;
    t.pendingGrad = null;
    // Every tensor keeps its gradient, as PyTorch's leaves and retain_grad() tensors do: it adds
    // up across backward() calls through the same graph (a new graph's tensors start at none).
    accumulateGrad(t, g);
    if (t.isLeaf) continue;
    const rules = gradRules[t.op as Exclude<typeof t.op, ''>];
    t.inputs.forEach((input, j) => {
      if (!input.requiresGrad) return;
      // An op with any number of inputs (cat) lists one rule, which serves them all.
      const contribution = rules[Math.min(j, rules.length - 1)](g, t, j);
      // A rule may hand its incoming gradient on unchanged; copy it so no two tensors share one array.
      addInto(input, contribution === g ? g.slice() : contribution);
    });
  }
}

function addInto(t: Tensor, g: Float64Array): void {
  if (t.pendingGrad === null) {
    t.pendingGrad = g;
    return;
  }
  const sum = t.pendingGrad;
  for (let i = 0; i < sum.length; i++) sum[i] += g[i];
}

function accumulateGrad(t: Tensor, g: Float64Array): void {
  if (t.grad === null) {
    t.grad = new Tensor(g, t.shape);
    return;
  }
  const sum = t.grad.data;
  for (let i = 0; i < sum.length; i++) sum[i] += g[i];
}

/** Every tensor requiring grad that `root` depends on, inputs before outputs. */
export function topologicalOrder(root: Tensor): Tensor[] {
  return postOrder(root, (t) => t.inputs.filter((input) => input.requiresGrad));
}
