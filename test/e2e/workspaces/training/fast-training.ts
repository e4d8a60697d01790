// A training loop as fast as they come (a one-unit model, ~10^5 steps a second) that only Stop ends.
import { Value } from 'gradlens';

const w = new Value(0.5);
while (true) {
  w.grad = 0;
  const loss = w.mul(w).tanh();
  loss.backward();
  w.data -= 1e-6 * w.grad;
}
