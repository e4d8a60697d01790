// A tensor MLP classifying two moons: nn.Sequential, CrossEntropyLoss and Adam.
import { torch, makeMoons, Tensor } from 'gradlens';
const { nn, optim } = torch;

torch.manualSeed(7);
const data = makeMoons(200, { noise: 0.1 });
const X = torch.tensor(data.X);
const y = torch.tensor(data.y);

const model = new nn.Sequential(new nn.Linear(2, 16), new nn.Tanh(), new nn.Linear(16, 16), new nn.Tanh(), new nn.Linear(16, 2));
const criterion = new nn.CrossEntropyLoss();
const optimizer = new optim.Adam(model.parameters(), { lr: 0.05 });

const accuracy = (logits: Tensor): number =>
  (logits.argmax(1).toArray() as number[]).filter((cls, i) => cls === data.y[i]).length / data.y.length;

for (let epoch = 0; epoch < 200; epoch++) {
  optimizer.zeroGrad();
  const logits = model.call(X);
  const loss = criterion.call(logits, y);
  loss.backward();
  optimizer.step();
  if (epoch % 40 === 0 || epoch === 199) console.log(`epoch ${epoch}: loss ${loss.item().toFixed(4)}, accuracy ${(accuracy(logits) * 100).toFixed(1)}%`);
}
