// Loads the PyTorch golden values in test/fixtures/torch (see its README), turning the strings
// "inf", "-inf" and "nan" back into numbers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FixtureTensor {
  shape: number[];
  data: number[];
}

const special: Record<string, number> = { inf: Infinity, '-inf': -Infinity, nan: NaN };

export function loadFixture<T>(name: string): T {
  const text = readFileSync(join(__dirname, '..', 'fixtures', 'torch', name), 'utf8');
  return JSON.parse(text, (_key, value) => (typeof value === 'string' && value in special ? special[value] : value)) as T;
}
