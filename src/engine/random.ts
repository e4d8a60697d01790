// The engine's one source of randomness, so that manualSeed(n) makes every init and every
// sample reproducible. sfc32 (small, fast, passes PractRand) seeded through splitmix32.

let a = 0, b = 0, c = 0, d = 0;
let spareNormal: number | null = null;

function splitmix32(state: number): () => number {
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Seeds every random number the engine draws from now on (like torch.manual_seed). */
export function manualSeed(seed: number): void {
  const next = splitmix32(Math.floor(seed) | 0);
  [a, b, c, d] = [next(), next(), next(), next()];
  spareNormal = null;
}

/** Uniform on [0, 1). */
export function random(): number {
  a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
  const t = (a + b + d) | 0;
  d = (d + 1) | 0;
  a = b ^ (b >>> 9);
  b = (c + (c << 3)) | 0;
  c = (c << 21) | (c >>> 11);
  c = (c + t) | 0;
  return (t >>> 0) / 4294967296;
}

/** Uniform on [low, high). */
export function uniform(low: number, high: number): number {
  return low + (high - low) * random();
}

/** Standard normal (Box–Muller; the second draw of each pair is kept for the next call). */
export function normal(): number {
  if (spareNormal !== null) {
    const z = spareNormal;
    spareNormal = null;
    return z;
  }
  const u = 1 - random(); // in (0, 1], so log(u) is finite
  const v = random();
  const r = Math.sqrt(-2 * Math.log(u));
  spareNormal = r * Math.sin(2 * Math.PI * v);
  return r * Math.cos(2 * Math.PI * v);
}

// Like PyTorch, an unseeded run differs from the next; call manualSeed for repeatable runs.
manualSeed(Date.now() ^ (Math.random() * 0x7fffffff));
