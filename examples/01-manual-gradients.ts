// PyTorch's autograd tutorial, its first example, line by line:
//   a = torch.tensor(2.0, requires_grad=True); b = torch.tensor(3.0, requires_grad=True)
//   c = a * b; d = c + a; d.backward(); print(a.grad, b.grad)
// Run "GradLens: Compute gradients" on this file (or on a selection) to see the graph.
import { torch } from 'gradlens';

const a = torch.tensor(2.0, { requiresGrad: true });
const b = torch.tensor(3.0, { requiresGrad: true });
const c = a * b; // or a.mul(b)
const d = c + a;
d.backward();

console.log(`d = ${d.item()}, a.grad = ${a.grad?.item()}, b.grad = ${b.grad?.item()}`); // 8, 4, 2
