/**
 * The 2-D partial dependence as heat-map cells: one per pair of grid values, coloured on a
 * sequential scale between the smallest and largest average of the chosen output.
 */
import type { PartialDependence } from '../../../core/evaluate/explain/partial-dependence.ts';

export interface HeatCell {
  /** Index into the first feature's grid (columns, left to right). */
  a: number;
  /** Index into the second feature's grid (rows, bottom to top). */
  b: number;
  value: number;
}

export interface Heatmap {
  cells: HeatCell[];
  nx: number;
  ny: number;
  min: number;
  max: number;
  /** The cells holding the smallest and largest value (first in grid order on ties). */
  lowest: HeatCell | null;
  highest: HeatCell | null;
}

/** Cells of output `output` of a two-feature partial dependence (average[o * G + a * g2 + b]). */
export function pdHeatmap(pd: PartialDependence, output: number): Heatmap {
  const nx = pd.grid[0]?.length ?? 0;
  const ny = pd.grid[1]?.length ?? 0;
  const G = nx * ny;
  const cells: HeatCell[] = [];
  let lowest: HeatCell | null = null;
  let highest: HeatCell | null = null;
  for (let a = 0; a < nx; a++) {
    for (let b = 0; b < ny; b++) {
      const cell = { a, b, value: pd.average[output * G + a * ny + b] ?? NaN };
      cells.push(cell);
      if (!Number.isFinite(cell.value)) continue;
      if (!lowest || cell.value < lowest.value) lowest = cell;
      if (!highest || cell.value > highest.value) highest = cell;
    }
  }
  return { cells, nx, ny, min: lowest?.value ?? NaN, max: highest?.value ?? NaN, lowest, highest };
}

// Viridis at five stops: ordered in lightness and readable with the common colour-vision deficiencies.
const STOPS = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
] as const;

/** Colour of t in [0, 1] (clamped; non-finite values are grey) as #rrggbb. */
export function heatColour(t: number): string {
  if (!Number.isFinite(t)) return '#8a93a1';
  const x = Math.min(1, Math.max(0, t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const lo = STOPS[i] as readonly number[];
  const hi = STOPS[i + 1] as readonly number[];
  return `#${[0, 1, 2].map((k) => Math.round((lo[k] as number) + ((hi[k] as number) - (lo[k] as number)) * f).toString(16).padStart(2, '0')).join('')}`;
}

/** At most `max` evenly spread indices of an n-point axis, always the first and the last. */
export function labelIndices(n: number, max: number): number[] {
  if (n <= 0) return [];
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const step = Math.ceil((n - 1) / (max - 1));
  const out: number[] = [];
  for (let i = 0; i < n - 1; i += step) out.push(i);
  if (n - 1 - (out.at(-1) ?? 0) < step / 2) out.pop();
  out.push(n - 1);
  return out;
}
