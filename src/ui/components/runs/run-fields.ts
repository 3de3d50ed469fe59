/**
 * Runs as flat rows for the runs table: every column a key ('status', 'model.hiddenLayers',
 * 'metrics.roc_auc') and a plain value, so sorting, filtering and the compare view never walk
 * the nested records again.
 */
import type { NormalizedSpec } from '../../../core/spec/types.ts';
import type { RunRecord } from '../../../core/track/types.ts';
import { formatDuration, formatMetric, formatTime, mainMetric, metricLabel } from '../../format.ts';

/** A cell's value: missing cells are undefined (never null), so one check finds them. */
export type CellValue = string | number | boolean | undefined;

export type ColumnGroup = 'run' | 'metric' | 'param';
export type ColumnType = 'text' | 'number' | 'time' | 'duration' | 'tags' | 'status' | 'metric';

export interface RunColumn {
  key: string;
  label: string;
  group: ColumnGroup;
  type: ColumnType;
  /** Shown until the user says otherwise in the column chooser. */
  defaultVisible: boolean;
  /** Pixels: the table lays out with fixed widths, so columns do not jump as rows scroll in. */
  width: number;
}

export interface FlatRun {
  id: string;
  run: RunRecord;
  values: Record<string, CellValue>;
  tags: string[];
  /** Lower-cased words of the row for free-text search. */
  text: string;
}

/** "CV 5×1" for k-fold cross-validation (k × repeats), else "holdout". */
export function splitLabel(spec: NormalizedSpec): string {
  const s = spec.split;
  return s.kind === 'kfold' ? `CV ${s.k}×${s.repeats}` : 'holdout';
}

export function runDuration(r: RunRecord): number | undefined {
  return r.durationMs ?? (r.finishedAt !== undefined ? r.finishedAt - r.startedAt : undefined);
}

function scalar(v: unknown): CellValue {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  return undefined;
}

function flattenInto(out: Record<string, CellValue>, prefix: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    // Lists of numbers or words (hidden layer sizes) read as one value; lists of objects (ensemble members) by position.
    if (value.every((v) => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')) {
      out[prefix] = value.join(', ');
      return;
    }
    value.forEach((v, i) => flattenInto(out, `${prefix}.${i}`, v));
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flattenInto(out, `${prefix}.${k}`, v);
    return;
  }
  const s = scalar(value);
  if (s !== undefined) out[prefix] = s;
}

/** Every model, training and split parameter of a spec as dotted keys: `model.hiddenLayers` -> '64, 32'. */
export function flattenParams(spec: NormalizedSpec): Record<string, CellValue> {
  const out: Record<string, CellValue> = {};
  flattenInto(out, 'model', spec.model);
  flattenInto(out, 'training', spec.training);
  flattenInto(out, 'split', spec.split);
  return out;
}

/** Key of a metric's column. */
export const metricKey = (name: string): string => `metrics.${name}`;

const BASE_COLUMNS: readonly RunColumn[] = [
  { key: 'status', label: 'Status', group: 'run', type: 'status', defaultVisible: true, width: 108 },
  { key: 'started', label: 'Started', group: 'run', type: 'time', defaultVisible: true, width: 190 },
  { key: 'dataset', label: 'Dataset', group: 'run', type: 'text', defaultVisible: true, width: 170 },
  { key: 'experiment', label: 'Experiment', group: 'run', type: 'text', defaultVisible: true, width: 150 },
  { key: 'model.kind', label: 'Model', group: 'run', type: 'text', defaultVisible: true, width: 128 },
  { key: 'task', label: 'Task', group: 'run', type: 'text', defaultVisible: true, width: 104 },
  { key: 'target', label: 'Target', group: 'run', type: 'text', defaultVisible: false, width: 120 },
  { key: 'split', label: 'Split', group: 'run', type: 'text', defaultVisible: true, width: 90 },
  { key: 'main', label: 'Main metric', group: 'run', type: 'metric', defaultVisible: true, width: 160 },
  { key: 'backend', label: 'Backend', group: 'run', type: 'text', defaultVisible: true, width: 108 },
  { key: 'duration', label: 'Duration', group: 'run', type: 'duration', defaultVisible: true, width: 112 },
  { key: 'seed', label: 'Seed', group: 'run', type: 'number', defaultVisible: true, width: 76 },
  { key: 'tags', label: 'Tags', group: 'run', type: 'tags', defaultVisible: true, width: 170 },
  { key: 'notes', label: 'Notes', group: 'run', type: 'text', defaultVisible: false, width: 200 },
];

export const BASE_KEYS: ReadonlySet<string> = new Set(BASE_COLUMNS.map((c) => c.key));

/** One record as a flat row. */
export function flattenRun(run: RunRecord): FlatRun {
  const tags = run.tags ?? [];
  const main = mainMetric(run.metrics);
  const values: Record<string, CellValue> = {
    status: run.status,
    started: run.startedAt,
    dataset: run.datasetName,
    experiment: run.experiment,
    task: run.spec.task,
    target: run.spec.target,
    split: splitLabel(run.spec),
    main: main?.value,
    backend: run.env.backend,
    duration: runDuration(run),
    seed: run.seed,
    tags: tags.length > 0 ? tags.join(', ') : undefined,
    notes: run.notes,
  };
  for (const [k, v] of Object.entries(flattenParams(run.spec))) if (!BASE_KEYS.has(k)) values[k] = v;
  values['model.kind'] = run.spec.model.kind;
  if (run.metrics) for (const [name, v] of Object.entries(run.metrics)) values[metricKey(name)] = scalar(v);
  const text = [run.id, run.status, run.datasetName, run.experiment, run.spec.model.kind, run.spec.task, run.spec.target, run.env.backend, ...tags, run.notes]
    .filter((s): s is string => typeof s === 'string')
    .join(' ')
    .toLowerCase();
  return { id: run.id, run, values, tags, text };
}

/**
 * The table's columns for a set of rows: the run's own columns, then every metric seen on any
 * run (hidden unless it is a headline metric), then every parameter seen (hidden).
 */
export function runColumns(rows: readonly FlatRun[]): RunColumn[] {
  const metrics = new Set<string>();
  const params = new Map<string, 'number' | 'text'>();
  for (const r of rows) {
    for (const [k, v] of Object.entries(r.values)) {
      if (BASE_KEYS.has(k) || v === undefined) continue;
      if (k.startsWith('metrics.')) metrics.add(k);
      else if (params.get(k) !== 'text') params.set(k, typeof v === 'number' ? 'number' : 'text');
    }
  }
  const metricCols: RunColumn[] = [...metrics].sort().map((key) => ({
    key,
    label: metricLabel(key.slice('metrics.'.length)),
    group: 'metric',
    type: 'number',
    defaultVisible: false,
    width: 110,
  }));
  const paramCols: RunColumn[] = [...params.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, type]) => ({ key, label: key, group: 'param', type, defaultVisible: false, width: Math.min(220, Math.max(110, key.length * 7.5 + 28)) }));
  return [...BASE_COLUMNS, ...metricCols, ...paramCols];
}

/** A cell as text (what the table shows and what a screen reader reads). */
export function formatCell(row: FlatRun, col: RunColumn): string {
  const v = row.values[col.key];
  if (col.type === 'metric') {
    const main = mainMetric(row.run.metrics);
    return main ? `${metricLabel(main.name)} ${formatMetric(main.value)}` : '—';
  }
  if (v === undefined || v === '') return '—';
  switch (col.type) {
    case 'time':
      return typeof v === 'number' ? formatTime(v) : String(v);
    case 'duration':
      return typeof v === 'number' ? formatDuration(v) : String(v);
    case 'number':
      if (typeof v !== 'number') return String(v);
      return col.group === 'metric' ? formatMetric(v) : String(Number(v.toPrecision(6)));
    default:
      return String(v);
  }
}

/** Tags as typed in one box: comma-separated, trimmed, blanks and repeats dropped. */
export function parseTags(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(',')) {
    const tag = part.trim();
    if (tag !== '' && !out.includes(tag)) out.push(tag);
  }
  return out;
}
