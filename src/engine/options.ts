// Options objects are checked, never silently ignored: PyTorch's spelling (`requires_grad`,
// `weight_decay`) or a typo would otherwise change nothing and say nothing. An unknown key names
// the accepted ones and the likely one; a required one that is missing says so; a value of the
// wrong kind says what it should be.

/** What a key accepts: a kind of value, or a list of allowed values. */
export type OptionKind = 'number' | 'boolean' | 'string' | 'pair' | 'tensor' | readonly string[];

export type OptionSpec = Record<string, OptionKind>;

/** Names users bring from elsewhere that are not a typo of ours. */
const SYNONYMS: Record<string, string> = { learningRate: 'lr', learning_rate: 'lr' };

/**
 * Checks `options` against `spec` for `where` (e.g. "optim.SGD") and returns it typed.
 * `required`: keys that must be there.
 */
export function checkOptions<T extends object>(where: string, given: unknown, spec: OptionSpec, required: readonly string[] = []): T {
  const options = given ?? {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new Error(`${where}: options must be an object such as { ${Object.keys(spec)[0]}: … }, got ${describeValue(options)}`);
  }
  const accepted = Object.keys(spec);
  for (const [key, value] of Object.entries(options)) {
    const kind = spec[key];
    if (kind === undefined) {
      const likely = suggest(key, accepted);
      const hint = likely ? ` Did you mean ${likely}?` : '';
      throw new Error(`${where}: unknown option '${key}'.${hint} It accepts ${accepted.map((k) => `'${k}'`).join(', ')}.`);
    }
    if (value !== undefined && !fits(value, kind)) {
      throw new Error(`${where}: option '${key}' must be ${describeKind(kind)}, got ${describeValue(value)}`);
    }
  }
  for (const key of required) {
    if ((options as Record<string, unknown>)[key] === undefined) throw new Error(`${where}: option '${key}' is required (${describeKind(spec[key])}), e.g. { ${key}: ${example(spec[key])} }`);
  }
  return options as T;
}

function fits(value: unknown, kind: OptionKind): boolean {
  if (typeof kind !== 'string') return typeof value === 'string' && kind.includes(value);
  if (kind === 'pair') return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number');
  // A Tensor, recognised by its fields (this file cannot import the class).
  if (kind === 'tensor') return typeof value === 'object' && value !== null && value.constructor?.name !== 'Object' && ArrayBuffer.isView((value as { data?: unknown }).data) && Array.isArray((value as { shape?: unknown }).shape);
  return typeof value === kind;
}

function describeKind(kind: OptionKind): string {
  if (typeof kind !== 'string') return `one of ${kind.map((k) => `'${k}'`).join(', ')}`;
  if (kind === 'tensor') return 'a Tensor, e.g. torch.tensor([…])';
  return kind === 'pair' ? 'a pair of numbers, e.g. [0.9, 0.999]' : `a ${kind}`;
}

function example(kind: OptionKind): string {
  if (typeof kind !== 'string') return `'${kind[0]}'`;
  return { number: '0.1', boolean: 'true', string: "'…'", pair: '[0.9, 0.999]', tensor: 'torch.tensor([…])' }[kind];
}

export function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return `an array ([${x.slice(0, 4).map(String).join(', ')}${x.length > 4 ? ', …' : ''}])`;
  if (typeof x === 'string') return `a string ('${x.slice(0, 30)}')`;
  if (typeof x === 'object') return `${x.constructor?.name && x.constructor.name !== 'Object' ? `a ${x.constructor.name}` : 'an object'}`;
  return `${/^[aeiou]/.test(typeof x) ? 'an' : 'a'} ${typeof x} (${String(x)})`;
}

/** The accepted key the user most likely meant: PyTorch's snake_case, a synonym, a typo or a case slip. */
function suggest(key: string, accepted: string[]): string | undefined {
  const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  if (accepted.includes(camel)) return camel;
  const synonym = SYNONYMS[key];
  if (synonym && accepted.includes(synonym)) return synonym;
  const lower = key.toLowerCase();
  const caseSlip = accepted.find((k) => k.toLowerCase() === lower || k.toLowerCase() === camel.toLowerCase());
  if (caseSlip) return caseSlip;
  const scored = accepted.map((k) => ({ k, d: editDistance(lower, k.toLowerCase()) })).sort((a, b) => a.d - b.d);
  return scored[0] && scored[0].d <= Math.max(1, Math.floor(key.length / 4)) ? scored[0].k : undefined;
}

/** Edits from a to b, a swap of neighbours counting as one ('bais' is one from 'bias'). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
