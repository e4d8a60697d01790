// The seed's first example, in a user's own folder (no tsconfig, no repository around it).
import { torch } from 'gradlens';

const a = torch.tensor(2.0, { requiresGrad: true });
const b = torch.tensor(3.0, { requiresGrad: true });
const c = a.mul(b);
const d = c.add(a);
d.backward();
