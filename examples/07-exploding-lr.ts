// Goes wrong on purpose: with a learning rate of 1.5 each step overshoots the minimum of
// (w·x − y)², the loss grows every step and ends in Infinity/NaN. Click "Train this model" and
// watch the live loss chart (try the log-scale toggle), then set lr to 0.05.
// gradlens: pace 60 steps/s — slowed down so you can watch the loss grow; delete this line for full speed
import { torch } from 'gradlens';
const { nn, optim } = torch;

torch.manualSeed(0);
const X = torch.randn(32, 4);
const trueW = torch.tensor([[1.5], [-2], [0.5], [3]]);
const Y = X.matmul(trueW);

const model = new nn.Linear(4, 1);
const optimizer = new optim.SGD(model.parameters(), { lr: 1.5 });
const criterion = new nn.MSELoss();

for (let step = 0; step < 300; step++) {
  optimizer.zeroGrad();
  const loss = criterion.call(model.call(X), Y);
  loss.backward();
  optimizer.step();
}
