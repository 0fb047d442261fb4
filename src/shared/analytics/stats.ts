// Statistics of a stream of durations in bounded memory: exact count, min, mean and max; an exact
// histogram over fixed log-spaced bins; and percentiles from a reservoir, which holds every value
// while there are at most RESERVOIR_SIZE of them (the percentiles are then exact), and a uniform
// random sample of them beyond (Vitter's algorithm R with a fixed seed, so runs are repeatable).

export const RESERVOIR_SIZE = 1024;

/** Bin edges in ms, 1-2-5 per decade (log-spaced): 19 bins, [0, 0.1) ... [50000, ∞). */
export const HISTOGRAM_EDGES_MS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000];

export interface HistogramBin {
  /** Inclusive lower edge, ms. */
  fromMs: number;
  /** Exclusive upper edge, ms; null for the last, open bin. */
  toMs: number | null;
  count: number;
}

export interface Summary {
  count: number;
  /** True when the percentiles are computed over every value, not a sample. */
  exact: boolean;
  minMs: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export class Distribution {
  private count = 0;
  private sum = 0;
  private min = Infinity;
  private max = -Infinity;
  private readonly sample: number[] = [];
  private readonly bins = new Array<number>(HISTOGRAM_EDGES_MS.length + 1).fill(0);
  private seed = 0x2545f491;

  add(value: number): void {
    this.count++;
    this.sum += value;
    this.min = Math.min(this.min, value);
    this.max = Math.max(this.max, value);
    this.bins[binOf(value)]++;
    if (this.sample.length < RESERVOIR_SIZE) {
      this.sample.push(value);
    } else {
      const slot = Math.floor(this.random() * this.count);
      if (slot < RESERVOIR_SIZE) this.sample[slot] = value;
    }
  }

  get size(): number {
    return this.count;
  }

  summary(): Summary | null {
    if (this.count === 0) return null;
    const sorted = [...this.sample].sort((a, b) => a - b);
    return {
      count: this.count,
      exact: this.count <= RESERVOIR_SIZE,
      minMs: this.min,
      meanMs: this.sum / this.count,
      p50Ms: percentile(sorted, 50),
      p95Ms: percentile(sorted, 95),
      p99Ms: percentile(sorted, 99),
      maxMs: this.max,
    };
  }

  histogram(): HistogramBin[] {
    return this.bins.map((count, i) => ({ fromMs: i === 0 ? 0 : HISTOGRAM_EDGES_MS[i - 1], toMs: HISTOGRAM_EDGES_MS[i] ?? null, count }));
  }

  /** mulberry32: a small PRNG, seeded, so the reservoir does not depend on Math.random. */
  private random(): number {
    let t = (this.seed = (this.seed + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** Nearest-rank percentile of sorted values: the smallest value with at least p% at or below it. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

function binOf(value: number): number {
  let i = 0;
  while (i < HISTOGRAM_EDGES_MS.length && value >= HISTOGRAM_EDGES_MS[i]) i++;
  return i;
}
