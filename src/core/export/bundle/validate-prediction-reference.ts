/**
 * manifest.predictionReference (optional): the held-out predictions' distribution a bundle
 * carries for prediction-drift monitoring, checked field by field like the rest of the manifest.
 * Bundles written before it existed have none and still import.
 */
import type { PredictionReference } from '../../monitor/prediction-reference.ts';
import type { Task } from '../../spec/types.ts';
import { at, type JsonCheck } from './json-check.ts';

function checkNumeric(c: JsonCheck, v: unknown, field: string): void {
  const r = c.object(v, field, ['kind', 'count', 'percentiles', 'mean', 'std', 'median', 'iqr', 'bins']);
  c.number(r.count, at(field, 'count'), { min: 1, integer: true });
  const p = c.array(r.percentiles, at(field, 'percentiles'), 99);
  if (p.length !== 99) c.fail(at(field, 'percentiles'), `expected 99 values (p1..p99), got ${p.length}`);
  let previous = -Infinity;
  p.forEach((x, i) => {
    const value = c.number(x, at(at(field, 'percentiles'), i));
    if (value < previous) c.fail(at(at(field, 'percentiles'), i), 'percentiles must not decrease');
    previous = value;
  });
  c.number(r.mean, at(field, 'mean'));
  c.number(r.std, at(field, 'std'), { min: 0 });
  c.number(r.median, at(field, 'median'));
  c.number(r.iqr, at(field, 'iqr'), { min: 0 });
  const binsField = at(field, 'bins');
  const bins = c.object(r.bins, binsField, ['edges', 'shares']);
  const edges = c.array(bins.edges, at(binsField, 'edges'), 100);
  let last = -Infinity;
  edges.forEach((x, i) => {
    const e = c.number(x, at(at(binsField, 'edges'), i));
    if (e <= last) c.fail(at(at(binsField, 'edges'), i), 'edges must increase');
    last = e;
  });
  const shares = c.array(bins.shares, at(binsField, 'shares'), 101);
  if (shares.length !== edges.length + 1) c.fail(at(binsField, 'shares'), `expected ${edges.length + 1} shares (one more than edges), got ${shares.length}`);
  shares.forEach((x, i) => c.number(x, at(at(binsField, 'shares'), i), { min: 0, max: 1 }));
}

function checkCategorical(c: JsonCheck, v: unknown, field: string): void {
  const r = c.object(v, field, ['kind', 'count', 'frequencies']);
  c.number(r.count, at(field, 'count'), { min: 1, integer: true });
  const seen = new Set<string>();
  c.array(r.frequencies, at(field, 'frequencies'), 100_000).forEach((f, i) => {
    const fi = at(at(field, 'frequencies'), i);
    const o = c.object(f, fi, ['value', 'share']);
    const value = c.string(o.value, at(fi, 'value'), { allowEmpty: true, max: 10_000 });
    if (seen.has(value)) c.fail(at(fi, 'value'), `label "${value}" appears twice`);
    seen.add(value);
    c.number(o.share, at(fi, 'share'), { min: 0, max: 1 });
  });
}

/** Columns must be the ones a scorer of this output makes: "prediction", then "p(<class>)" per class. */
export function checkPredictionReference(c: JsonCheck, v: unknown, field: string, task: Task, classes: readonly string[]): PredictionReference {
  const o = c.object(v, field, ['source', 'rows', 'columns']);
  c.oneOf(o.source, at(field, 'source'), ['held-out'] as const);
  c.number(o.rows, at(field, 'rows'), { min: 1, integer: true });
  const allowed = new Map<string, 'numeric' | 'categorical'>([['prediction', task === 'regression' ? 'numeric' : 'categorical']]);
  if (task !== 'regression') for (const k of classes) allowed.set(`p(${k})`, 'numeric');
  const seen = new Set<string>();
  c.array(o.columns, at(field, 'columns'), allowed.size).forEach((x, i) => {
    const f = at(at(field, 'columns'), i);
    const col = c.object(x, f, ['column', 'reference']);
    const name = c.string(col.column, at(f, 'column'), { max: 10_100 });
    const kind = allowed.get(name);
    if (!kind) c.fail(at(f, 'column'), `"${name}" is not a prediction column of this model (expected ${[...allowed.keys()].join(', ')})`);
    if (seen.has(name)) c.fail(at(f, 'column'), `"${name}" appears twice`);
    seen.add(name);
    const ref = c.object(col.reference, at(f, 'reference'), ['kind'], ['count', 'percentiles', 'mean', 'std', 'median', 'iqr', 'bins', 'frequencies']);
    if (c.oneOf(ref.kind, at(at(f, 'reference'), 'kind'), [kind] as const) === 'numeric') checkNumeric(c, col.reference, at(f, 'reference'));
    else checkCategorical(c, col.reference, at(f, 'reference'));
  });
  return o as unknown as PredictionReference;
}
