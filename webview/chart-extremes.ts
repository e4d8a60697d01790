// Storage for a chart series that may reach 1e7 points: typed arrays that double when full, and
// a pyramid of per-block extremes over them (blocks of 32 points, then of 4 blocks, and so on),
// so that the min and max of any index range cost ~O(block size · levels), not O(points). A redraw
// asks for the extremes of each pixel column (chart-decimate.ts) and so costs about the same at
// 1e3 and 1e7 points. Pure: unit-tested without a browser.

/** What a point or a range holds besides finite values (a NaN, ±Inf, a value ≤ 0 on a log scale). */
export const NAN = 1;
export const POS_INF = 2;
export const NEG_INF = 4;
export const NON_POSITIVE = 8;

const BLOCK = 32;
const FAN = 4;

type TypedArray = Float64Array | Float32Array | Int32Array | Uint8Array;

/** A typed array that doubles when full (a plain array of numbers costs ~2–4× the memory). */
export class Growing<T extends TypedArray> {
  array: T;
  length = 0;

  constructor(private readonly make: (capacity: number) => T, capacity = 1024) {
    this.array = make(capacity);
  }

  push(v: number): void {
    if (this.length === this.array.length) {
      const next = this.make(this.array.length * 2);
      next.set(this.array);
      this.array = next;
    }
    this.array[this.length++] = v;
  }
}

const f64 = (n: number): Float64Array => new Float64Array(n);

/**
 * The extremes of a range, as indices into the values (−1: none) and as values (compared without
 * going back to the column: at 1e7 points those reads miss the cache and cost more than the rest).
 * `minPos` is the smallest value above 0 (what a log scale can draw); `bad` the first non-finite
 * point, `nonPos` the first ≤ 0.
 */
export class Extent {
  minAt = -1;
  min = Infinity;
  maxAt = -1;
  max = -Infinity;
  minPosAt = -1;
  minPos = Infinity;
  badAt = -1;
  nonPosAt = -1;
  flags = 0;

  constructor(private values: Float64Array) {}

  reset(values: Float64Array): void {
    this.values = values;
    this.minAt = this.maxAt = this.minPosAt = this.badAt = this.nonPosAt = -1;
    this.min = this.minPos = Infinity;
    this.max = -Infinity;
    this.flags = 0;
  }

  addPoint(i: number): void {
    const v = this.values[i];
    if (Number.isNaN(v)) this.addBad(i, NAN);
    else if (v === Infinity) this.addBad(i, POS_INF);
    else if (v === -Infinity) this.addBad(i, NEG_INF);
    else if (v > 0) this.add(i, v, i, v, i, v, -1, -1, 0);
    else this.add(i, v, i, v, -1, Infinity, -1, i, NON_POSITIVE);
  }

  /** Merges another range that lies after everything merged so far (ties keep the earlier point). */
  add(minAt: number, min: number, maxAt: number, max: number, minPosAt: number, minPos: number, badAt: number, nonPosAt: number, flags: number): void {
    if (min < this.min) {
      this.minAt = minAt;
      this.min = min;
    }
    if (max > this.max) {
      this.maxAt = maxAt;
      this.max = max;
    }
    if (minPos < this.minPos) {
      this.minPosAt = minPosAt;
      this.minPos = minPos;
    }
    if (this.badAt < 0) this.badAt = badAt;
    if (this.nonPosAt < 0) this.nonPosAt = nonPosAt;
    this.flags |= flags;
  }

  private addBad(i: number, flag: number): void {
    if (flag === NEG_INF) this.add(-1, Infinity, -1, -Infinity, -1, Infinity, i, i, NEG_INF | NON_POSITIVE);
    else this.add(-1, Infinity, -1, -Infinity, -1, Infinity, i, -1, flag);
  }
}

/**
 * One level of the pyramid: the extent of each complete block as nine numbers side by side (a
 * frame reads thousands of blocks; one record is one or two cache lines).
 */
class Level {
  private readonly data = new Growing(f64, 9 * 64);

  get length(): number {
    return this.data.length / 9;
  }

  push(e: Extent): void {
    const d = this.data;
    d.push(e.minAt);
    d.push(e.min);
    d.push(e.maxAt);
    d.push(e.max);
    d.push(e.minPosAt);
    d.push(e.minPos);
    d.push(e.badAt);
    d.push(e.nonPosAt);
    d.push(e.flags);
  }

  mergeInto(e: Extent, b: number): void {
    const a = this.data.array;
    const o = 9 * b;
    e.add(a[o], a[o + 1], a[o + 2], a[o + 3], a[o + 4], a[o + 5], a[o + 6], a[o + 7], a[o + 8]);
  }
}

/** A growing column of values with its pyramid of block extremes. */
export class Column {
  readonly values = new Growing(f64);
  private levels: Level[] = [];
  private readonly scratch = new Extent(this.values.array);

  get length(): number {
    return this.values.length;
  }

  push(v: number): void {
    this.values.push(v);
    this.summarise();
  }

  /** Forgets the values (to be pushed again, e.g. a curve smoothed with another weight). */
  clear(): void {
    this.values.length = 0;
    this.levels = [];
  }

  /** Merges the extent of points [lo, hi) into `e`: whole blocks where they fit, points at the ends. */
  extentOf(e: Extent, lo: number, hi: number): void {
    let i = lo;
    let level = -1;
    // Climb: a bigger block as soon as `i` is aligned to one that fits, else one more unit of this size.
    for (;;) {
      const up = level + 1;
      if (up < this.levels.length && i % blockSize(up) === 0 && i + blockSize(up) <= hi) level = up;
      else if (i + blockSize(level) <= hi) {
        this.mergeUnit(e, level, i);
        i += blockSize(level);
      } else break;
    }
    // Descend: the biggest blocks that still fit, then the last points.
    for (; level >= 0; level--) {
      for (const size = blockSize(level); i + size <= hi; i += size) this.mergeUnit(e, level, i);
    }
    for (; i < hi; i++) e.addPoint(i);
  }

  private mergeUnit(e: Extent, level: number, i: number): void {
    if (level < 0) e.addPoint(i);
    else this.levels[level].mergeInto(e, i / blockSize(level));
  }

  /** After a push: completes the blocks that the new point closes, level by level. */
  private summarise(): void {
    const n = this.values.length;
    if (n % BLOCK !== 0) return;
    const e = this.scratch;
    e.reset(this.values.array);
    for (let i = n - BLOCK; i < n; i++) e.addPoint(i);
    this.pushLevel(0, e);
    for (let level = 0; this.levels[level].length % FAN === 0; level++) {
      e.reset(this.values.array);
      const end = this.levels[level].length;
      for (let b = end - FAN; b < end; b++) this.levels[level].mergeInto(e, b);
      this.pushLevel(level + 1, e);
    }
  }

  private pushLevel(level: number, e: Extent): void {
    if (level === this.levels.length) this.levels.push(new Level());
    this.levels[level].push(e);
  }
}

const SIZES = Array.from({ length: 16 }, (_, level) => BLOCK * FAN ** level);

/** Points in one block of `level` (level −1: a single point). */
function blockSize(level: number): number {
  return level < 0 ? 1 : SIZES[level] ?? BLOCK * FAN ** level;
}
