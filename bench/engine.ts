// The engine as it ships: the built bundle dist/engine.js (`npm run build`), typed by its source.
import { createRequire } from 'node:module';
import type * as Engine from '../src/engine/index';

export type { Value, Tensor } from '../src/engine/index';

export const engine = createRequire(__filename)('../dist/engine.js') as typeof Engine;
