// Small statistics and plain-text tables shared by the benchmarks (bench/pki.ts, issuer.ts, enrollment.ts, doctor.ts).
import { performance } from 'node:perf_hooks';

export interface Summary {
  readonly n: number;
  readonly min: number;
  readonly median: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** Nearest-rank percentile (0 < p ≤ 100) of ascending-sorted samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const mid = n >> 1;
  return {
    n,
    min: sorted[0] ?? Number.NaN,
    median: n === 0 ? Number.NaN : n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2,
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[n - 1] ?? Number.NaN,
    mean: n === 0 ? Number.NaN : sorted.reduce((a, b) => a + b, 0) / n,
  };
}

/** Runs `fn` `warmup` times unmeasured, then `iterations` times; returns wall-clock ms per call. */
export async function measure(fn: () => unknown, iterations: number, warmup = 2): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

/**
 * Like `measure` for several implementations of one job, taking turns (A, B, A, B, …) so that a
 * change in background load hits all of them alike. Returns one sample list per function.
 */
export async function measureInterleaved(fns: readonly (() => unknown)[], iterations: number, warmup = 2): Promise<number[][]> {
  for (let i = 0; i < warmup; i++) for (const fn of fns) await fn();
  const samples = fns.map((): number[] => []);
  for (let i = 0; i < iterations; i++) {
    for (const [k, fn] of fns.entries()) {
      const start = performance.now();
      await fn();
      samples[k]!.push(performance.now() - start);
    }
  }
  return samples;
}

export type Statistic = 'min' | 'median' | 'p90' | 'p95' | 'p99' | 'max' | 'mean';

export interface BenchRow {
  /** What was measured, e.g. `RSA-2048 keygen`. */
  readonly operation: string;
  /** Who did it, e.g. `ours (node:crypto)` or `openssl genpkey`. */
  readonly implementation: string;
  readonly summary: Summary;
}

/** One printed table: what the benchmark measured, in milliseconds. */
export interface BenchTable {
  readonly title: string;
  readonly rows: readonly BenchRow[];
  /** Which statistics to print (default min, median, p95). */
  readonly statistics?: readonly Statistic[];
  /** Lines printed under the table: caveats a reader needs to read the figures honestly. */
  readonly notes?: readonly string[];
}

export function row(operation: string, implementation: string, samples: readonly number[]): BenchRow {
  return { operation, implementation, summary: summarize(samples) };
}

const ms = (value: number): string => (Number.isNaN(value) ? '-' : value < 10 ? value.toFixed(2) : value.toFixed(1));

/** The table as plain text: aligned columns, figures in ms, notes underneath. */
export function formatTable(table: BenchTable): string {
  const stats = table.statistics ?? ['min', 'median', 'p95'];
  const header = ['operation', 'implementation', 'n', ...stats.map((s) => `${s} ms`)];
  const body = table.rows.map((r) => [r.operation, r.implementation, String(r.summary.n), ...stats.map((s) => ms(r.summary[s]))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const numeric = (i: number) => i >= 2;
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [table.title, '='.repeat(table.title.length), line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  for (const note of table.notes ?? []) out.push(`* ${note}`);
  return out.join('\n') + '\n';
}
