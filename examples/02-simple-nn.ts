// A 2-4-1 network learning XOR with MSE and SGD, as in a PyTorch tutorial, line by line.
// gradlens: pace 100 steps/s — slowed down so you can watch the loss fall; delete this line for full speed
import { torch, Tensor } from 'gradlens';
const { nn, optim } = torch;

torch.manualSeed(0);

class SimpleNN extends nn.Module {
  fc1 = new nn.Linear(2, 4);
  relu = new nn.ReLU();
  fc2 = new nn.Linear(4, 1);

  forward(x: Tensor): Tensor {
    return this.fc2.call(this.relu.call(this.fc1.call(x)));
  }
}

const X = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
const Y = torch.tensor([[0], [1], [1], [0]]);

const model = new SimpleNN();
const criterion = new nn.MSELoss();
const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });

for (let epoch = 0; epoch < 500; epoch++) {
  optimizer.zeroGrad();
  const outputs = model.call(X);
  const loss = criterion.call(outputs, Y);
  loss.backward();
  optimizer.step();
  if (epoch % 100 === 0 || epoch === 499) console.log(`epoch ${epoch}: loss ${loss.item().toFixed(4)}`);
}
