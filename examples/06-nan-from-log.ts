// Goes wrong on purpose: log of a negative number is NaN, and NaN spreads to everything computed
// from it. GradLens marks the first node that went non-finite (a warning on its line) and draws
// the path from it to the loss in red.
import { torch } from 'gradlens';

const x = torch.tensor([0.5, 2.0, -1.0], { requiresGrad: true });
const logs = x.log(); // log(-1) = NaN
const loss = logs.sum();
loss.backward();

console.log(`loss = ${loss.item()}, x.grad = ${x.grad?.toArray()}`);
