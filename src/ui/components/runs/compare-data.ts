/** Pure parts of the compare view: run styles, the side-by-side table, curves and parallel-coordinate axes. */
import { maxOf, minOf } from '../../../core/stats/extent.ts';
import { niceTicks } from '../chart-scale.ts';
import { lowerIsBetter } from '../evaluation/eval-format.ts';
import { formatCell, type CellValue, type FlatRun, type RunColumn } from './run-fields.ts';

/** The most runs the compare view takes (more lines than this cannot be told apart). */
export const MAX_COMPARE = 10;

export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross';

export interface RunStyle {
  color: string;
  /** SVG stroke-dasharray; '' is solid. */
  dash: string;
  marker: MarkerShape;
}

// Okabe-Ito's colour-blind-safe colours (yellow left out: too faint on white) and three more dark ones;
// every run also gets its own dash and marker so no line is told apart by colour alone.
const COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#000000', '#E69F00', '#56B4E9', '#7B3294', '#8C6D31', '#5F6B7A'];
const DASHES = ['', '7 4', '2 3', '10 3 2 3', '4 4', '1 4', '12 4', '6 2 2 2', '3 6', '8 2'];
const MARKERS: MarkerShape[] = ['circle', 'square', 'triangle', 'diamond', 'cross'];

export function runStyle(i: number): RunStyle {
  return { color: COLORS[i % COLORS.length]!, dash: DASHES[i % DASHES.length]!, marker: MARKERS[i % MARKERS.length]! };
}

/** Short name of the i-th compared run: R1, R2… (the legend says what each is). */
export const runLabel = (i: number): string => `R${i + 1}`;

/** SVG path of a marker centred at (x, y). */
export function markerPath(shape: MarkerShape, x: number, y: number, r = 4): string {
  const f = (n: number): string => n.toFixed(1);
  switch (shape) {
    case 'square':
      return `M${f(x - r)},${f(y - r)}h${f(2 * r)}v${f(2 * r)}h${f(-2 * r)}Z`;
    case 'triangle':
      return `M${f(x)},${f(y - r * 1.15)}L${f(x + r * 1.1)},${f(y + r * 0.85)}L${f(x - r * 1.1)},${f(y + r * 0.85)}Z`;
    case 'diamond':
      return `M${f(x)},${f(y - r * 1.25)}L${f(x + r)},${f(y)}L${f(x)},${f(y + r * 1.25)}L${f(x - r)},${f(y)}Z`;
    case 'cross':
      return `M${f(x - r)},${f(y - r)}L${f(x + r)},${f(y + r)}M${f(x + r)},${f(y - r)}L${f(x - r)},${f(y + r)}`;
    default:
      return `M${f(x - r)},${f(y)}a${f(r)},${f(r)} 0 1,0 ${f(2 * r)},0a${f(r)},${f(r)} 0 1,0 ${f(-2 * r)},0`;
  }
}

export interface CompareRow {
  key: string;
  label: string;
  group: RunColumn['group'];
  values: CellValue[];
  texts: string[];
  /** Not every run has the same value (a missing value differs from any value). */
  differs: boolean;
  /** For metrics: index of the best run (ties: none). */
  best?: number;
}

// Facts of the run itself that always differ and say nothing about the experiment.
const SKIP: ReadonlySet<string> = new Set(['started', 'status', 'notes', 'main']);

function same(a: CellValue, b: CellValue): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
}

/** One row per column any of the runs has a value in (run facts, then parameters, then metrics). */
export function compareRows(runs: readonly FlatRun[], columns: readonly RunColumn[]): CompareRow[] {
  const out: CompareRow[] = [];
  const order: RunColumn['group'][] = ['run', 'param', 'metric'];
  for (const group of order) {
    for (const col of columns) {
      if (col.group !== group || SKIP.has(col.key)) continue;
      const values = runs.map((r) => r.values[col.key]);
      if (values.every((v) => v === undefined || v === '')) continue;
      const differs = values.some((v) => !same(v, values[0]));
      const row: CompareRow = { key: col.key, label: col.label, group, values, texts: runs.map((r) => formatCell(r, col)), differs };
      if (group === 'metric' && differs) {
        const lower = lowerIsBetter(col.key.slice('metrics.'.length));
        let best = -1;
        let tie = false;
        values.forEach((v, i) => {
          if (typeof v !== 'number' || Number.isNaN(v)) return;
          const b = values[best];
          if (best < 0 || typeof b !== 'number' || (lower ? v < b : v > b)) {
            best = i;
            tie = false;
          } else if (v === b) tie = true;
        });
        if (best >= 0 && !tie) row.best = best;
      }
      out.push(row);
    }
  }
  return out;
}

export type CurveKind = 'trainLoss' | 'valLoss';

export interface CurveSeries {
  index: number;
  points: [number, number][];
}

/** Each run's loss per epoch (or boosting round); runs without that loss get no series. */
export function curveSeries(runs: readonly FlatRun[], kind: CurveKind): CurveSeries[] {
  const out: CurveSeries[] = [];
  runs.forEach((r, index) => {
    const points: [number, number][] = [];
    for (const h of r.run.history) {
      const v = h[kind];
      if (v !== undefined && Number.isFinite(v)) points.push([h.epoch, v]);
    }
    if (points.length > 0) out.push({ index, points });
  });
  return out;
}

export interface ParallelAxis {
  key: string;
  label: string;
  kind: 'number' | 'category';
  /** Each run's place on the axis, 0 (bottom) to 1 (top); undefined where the run has no value. */
  positions: (number | undefined)[];
  /** Tick labels with their places. */
  ticks: { at: number; label: string }[];
  texts: string[];
}

/** An axis for one column over the runs: numbers on a linear scale, anything else as evenly spaced categories. */
export function parallelAxis(runs: readonly FlatRun[], col: RunColumn): ParallelAxis {
  const values = runs.map((r) => r.values[col.key]);
  const texts = runs.map((r) => formatCell(r, col));
  const nums = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const present = values.filter((v) => v !== undefined && v !== '');
  if (nums.length > 0 && nums.length === present.length) {
    let lo = minOf(nums);
    let hi = maxOf(nums);
    if (lo === hi) {
      const pad = Math.abs(lo) * 0.1 || 1;
      lo -= pad;
      hi += pad;
    }
    const ticks = niceTicks(lo, hi, 4).filter((t) => t >= lo - 1e-12 && t <= hi + 1e-12);
    const at = (v: number): number => (v - lo) / (hi - lo);
    return {
      key: col.key,
      label: col.label,
      kind: 'number',
      positions: values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? at(v) : undefined)),
      ticks: ticks.map((t) => ({ at: at(t), label: String(Number(t.toPrecision(4))) })),
      texts,
    };
  }
  const cats = [...new Set(present.map(String))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const at = (c: string): number => (cats.length === 1 ? 0.5 : cats.indexOf(c) / (cats.length - 1));
  return {
    key: col.key,
    label: col.label,
    kind: 'category',
    positions: values.map((v) => (v === undefined || v === '' ? undefined : at(String(v)))),
    ticks: cats.map((c) => ({ at: at(c), label: c })),
    texts,
  };
}

/** Axes of the parallel-coordinates chart: the parameters that differ between the runs, then the metric. */
export function parallelAxes(runs: readonly FlatRun[], columns: readonly RunColumn[], metricKey: string): ParallelAxis[] {
  const rows = compareRows(runs, columns).filter((r) => r.differs && (r.group === 'param' || r.key === 'model.kind' || r.key === 'seed'));
  const byKey = new Map(columns.map((c) => [c.key, c]));
  const axes = rows.map((r) => parallelAxis(runs, byKey.get(r.key)!));
  const metric = byKey.get(metricKey);
  if (metric) axes.push(parallelAxis(runs, metric));
  return axes;
}
