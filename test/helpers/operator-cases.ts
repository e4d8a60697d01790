// One table of what an operator means, read by the runner's tests (the rewrite builds the same
// graph as the method calls) and by the editor plugin's tests (the rewrite type-checks): the
// editor and a run never disagree about `a * b`.

export interface OperatorCase {
  name: string;
  /** A program written with operators. */
  operators: string;
  /** The same program with the engine's methods, line for line. */
  methods: string;
}

const VALUES = `import { Value } from 'gradlens';
const a = new Value(2);
const b = new Value(-3);
const c = new Value(10);`;

const TENSORS = `import { torch } from 'gradlens';
const x = torch.tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });
const w = torch.tensor([0.5, -1, 2], { requiresGrad: true });`;

export const operatorCases: OperatorCase[] = [
  {
    name: "micrograd's README expression on Values",
    operators: `${VALUES}
const d = a * b + c;
const e = d ** 2 / 4 - a;
const f = -e;
f.backward();`,
    methods: `${VALUES}
const d = a.mul(b).add(c);
const e = d.pow(2).div(4).sub(a);
const f = e.neg();
f.backward();`,
  },
  {
    name: 'numbers on either side (micrograd __radd__, __rsub__, __rmul__, __rtruediv__)',
    operators: `${VALUES}
const d = 2 * a + 1;
const e = 3 - b;
const g = 1 / c;
const h = d + e + g;
h.backward();`,
    methods: `${VALUES}
const d = a.mul(2).add(1);
const e = b.neg().add(3);
const g = c.pow(-1).mul(1);
const h = d.add(e).add(g);
h.backward();`,
  },
  {
    name: 'compound assignment rebinds a Value, as x = x op y',
    operators: `${VALUES}
let loss = a * a;
loss += b;
loss *= c;
loss -= 1;
loss /= 2;
loss.backward();`,
    methods: `${VALUES}
let loss = a.mul(a);
loss = loss.add(b);
loss = loss.mul(c);
loss = loss.sub(1);
loss = loss.div(2);
loss.backward();`,
  },
  {
    name: 'a Value exponent, and a number base',
    operators: `${VALUES}
const d = a ** b + 2 ** a;
d.backward();`,
    methods: `${VALUES}
const d = a.pow(b).add(new Value(2).pow(a));
d.backward();`,
  },
  {
    name: 'tensors broadcast',
    operators: `${TENSORS}
const y = x * w + 1;
const z = (y ** 2).sum() / 6 - (2 - x).mean();
z.backward();`,
    methods: `${TENSORS}
const y = x.mul(w).add(1);
const z = y.pow(2).sum().div(6).sub(torch.tensor(2).sub(x).mean());
z.backward();`,
  },
];

/**
 * Arithmetic that is not GradLens's — numbers, text, bigints, a member and an element updated in
 * place — which the rewrite must leave meaning what JavaScript (and TypeScript) say: s is 55,
 * text 'loss 34', big 2^64 − 1, arr[1] 20, o.k 9.
 */
export const NOT_OURS = `let s = 0;
for (let i = 1; i <= 4; i++) s += i * i - i / 2 + 2 ** i;
let text = 'loss';
text += ' ' + 3 + 4;
const big = 2n ** 64n - 1n;
const arr = [1, 2];
arr[1] *= 10;
const o = { k: 3 };
o.k **= 2;
`;
