import type { Histogram } from './types.ts';
import { quantileSorted } from './sorted.ts';

/** Bins never exceed this many, whatever the rule suggests: a report chart has room for about 50 bars. */
export const MAX_BINS = 50;

/**
 * Histogram of ascending, NaN-free values. Bins: `bins` when given; for integer data spanning at
 * most MAX_BINS values, one bin per integer (edges at k ± 0.5); otherwise numpy's 'auto' rule
 * (the narrower of Freedman–Diaconis and Sturges widths, Sturges when the IQR is 0) capped at
 * MAX_BINS. Edges and bin membership follow numpy.histogram (linspace edges, last bin closed).
 * Null when empty.
 */
export function histogramSorted(sorted: Float64Array, opts: { bins?: number; integer?: boolean } = {}): Histogram | null {
  const n = sorted.length;
  if (n === 0) return null;
  const lo = sorted[0] as number;
  const hi = sorted[n - 1] as number;
  let edges: number[];
  if (opts.bins === undefined && opts.integer && hi - lo < MAX_BINS) {
    edges = [];
    for (let v = lo; v <= hi + 1; v++) edges.push(v - 0.5);
  } else {
    let first = lo;
    let last = hi;
    // numpy widens an empty range by 0.5 each way.
    if (first === last) {
      first -= 0.5;
      last += 0.5;
    }
    const k = opts.bins !== undefined ? Math.max(1, Math.floor(opts.bins)) : autoBins(sorted, last - first);
    edges = linspaceEdges(first, last, k);
  }
  return { edges, counts: countSorted(sorted, edges) };
}

function autoBins(sorted: Float64Array, range: number): number {
  const n = sorted.length;
  const ptp = (sorted[n - 1] as number) - (sorted[0] as number);
  const sturges = ptp / (Math.log2(n) + 1);
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  const fd = 2 * iqr * n ** (-1 / 3);
  const width = fd ? Math.min(fd, sturges) : sturges;
  const k = width ? Math.ceil(range / width) : 1;
  return Math.min(MAX_BINS, Math.max(1, k));
}

/** numpy.linspace(first, last, k + 1) exactly: i * step + first, the last edge set to `last`. */
function linspaceEdges(first: number, last: number, k: number): number[] {
  const step = (last - first) / k;
  const edges = new Array<number>(k + 1);
  for (let i = 0; i < k; i++) edges[i] = step === 0 ? ((i / k) * (last - first)) + first : i * step + first;
  edges[k] = last;
  return edges;
}

/** Counts per bin of sorted values: [e_i, e_{i+1}) and a closed last bin, values outside dropped. */
function countSorted(sorted: Float64Array, edges: number[]): number[] {
  const k = edges.length - 1;
  const counts = new Array<number>(k).fill(0);
  let b = 0;
  const lastEdge = edges[k] as number;
  for (let i = 0; i < sorted.length; i++) {
    const x = sorted[i] as number;
    if (x < (edges[0] as number) || x > lastEdge) continue;
    while (b < k - 1 && x >= (edges[b + 1] as number)) b++;
    counts[b]!++;
  }
  return counts;
}
