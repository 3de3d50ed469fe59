/** manifest.json, checked field by field before any other entry is read. */
import { benchtopError } from '../../errors.ts';
import { modelKinds } from '../../models/registry.ts';
import type { ModelKind, Task } from '../../spec/types.ts';
import type { HeldOutReport } from '../../evaluate/held-out-report.ts';
import { at, JsonCheck, type Obj } from './json-check.ts';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, type BundleManifest, type InputColumn } from './types.ts';
import { MANIFEST } from './entry-names.ts';
import { checkPredictionReference } from './validate-prediction-reference.ts';

const TASKS: readonly Task[] = ['binary', 'multiclass', 'regression'];
const KINDS = ['numeric', 'categorical', 'boolean', 'datetime', 'text'] as const;
const TYPES = ['integer', 'float', 'boolean', 'categorical', 'datetime', 'text', 'identifier'] as const;
const SHA256 = /^[0-9a-f]{64}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const KEBAB = /^[a-z][a-z0-9-]{0,63}$/;
const NODE_ID = /^[A-Za-z0-9._:@/+-]{1,200}$/;
const VERSION_TEXT = /^[0-9A-Za-z.+-]{1,64}$/;
const METRIC_KEY = /^[^\u0000-\u001f\u007f]{1,200}$/;

export function checkReport(c: JsonCheck, v: unknown, field: string): HeldOutReport {
  const r = c.object(v, field, ['rows', 'level', 'resamples', 'seed', 'metrics']);
  c.number(r.rows, at(field, 'rows'), { min: 0, integer: true });
  c.number(r.level, at(field, 'level'), { min: 0, max: 1 });
  c.number(r.resamples, at(field, 'resamples'), { min: 0, integer: true });
  c.number(r.seed, at(field, 'seed'), { integer: true });
  c.array(r.metrics, at(field, 'metrics'), 1000).forEach((m, i) => {
    const f = at(at(field, 'metrics'), i);
    const o = c.object(m, f, ['key', 'value', 'ci'], ['reason']);
    c.string(o.key, at(f, 'key'), { pattern: METRIC_KEY });
    c.nullableNumber(o.value, at(f, 'value'));
    if (o.reason !== undefined) c.string(o.reason, at(f, 'reason'));
    if (o.ci !== null) {
      const ci = c.array(o.ci, at(f, 'ci'), 2);
      if (ci.length !== 2) c.fail(at(f, 'ci'), 'expected [low, high]');
      const lo = c.number(ci[0], at(f, 'ci[0]'));
      const hi = c.number(ci[1], at(f, 'ci[1]'));
      if (lo > hi) c.fail(at(f, 'ci'), `low ${lo} is above high ${hi}`);
    }
  });
  return r as unknown as HeldOutReport;
}

function checkMetricValues(c: JsonCheck, v: unknown, field: string): void {
  const o = c.object(v, field, Object.keys((v ?? {}) as object));
  for (const [k, x] of Object.entries(o)) {
    c.string(k, field, { pattern: METRIC_KEY });
    c.nullableNumber(x, at(field, k));
  }
}

function checkInputColumn(c: JsonCheck, v: unknown, field: string): InputColumn {
  const o = c.object(v, field, ['name', 'kind', 'type', 'required', 'nullable', 'maxMissingShare'], ['range', 'allowedValues', 'allowUnseen']);
  c.string(o.name, at(field, 'name'), { max: 1000 });
  const kind = c.oneOf(o.kind, at(field, 'kind'), KINDS);
  c.oneOf(o.type, at(field, 'type'), TYPES);
  c.boolean(o.required, at(field, 'required'));
  c.boolean(o.nullable, at(field, 'nullable'));
  c.number(o.maxMissingShare, at(field, 'maxMissingShare'), { min: 0, max: 1 });
  if (o.range !== undefined) {
    const r = c.object(o.range, at(field, 'range'), ['min', 'max']);
    if (kind === 'datetime') {
      c.string(r.min, at(field, 'range.min'), { pattern: ISO_DATE });
      c.string(r.max, at(field, 'range.max'), { pattern: ISO_DATE });
    } else {
      c.number(r.min, at(field, 'range.min'));
      c.number(r.max, at(field, 'range.max'));
    }
  }
  if (o.allowedValues !== undefined) c.strings(o.allowedValues, at(field, 'allowedValues'), { unique: true });
  if (o.allowUnseen !== undefined) c.boolean(o.allowUnseen, at(field, 'allowUnseen'));
  return o as unknown as InputColumn;
}

function checkLineage(c: JsonCheck, v: unknown): void {
  const l = c.object(v, 'lineage', ['nodes', 'edges']);
  const ids = new Set<string>();
  c.array(l.nodes, 'lineage.nodes', 10_000).forEach((n, i) => {
    const f = `lineage.nodes[${i}]`;
    const o = c.object(n, f, ['id', 'kind', 'label']);
    const id = c.string(o.id, `${f}.id`, { pattern: NODE_ID });
    if (ids.has(id)) c.fail(`${f}.id`, `node "${id}" appears twice`);
    ids.add(id);
    c.string(o.kind, `${f}.kind`, { pattern: KEBAB });
    c.string(o.label, `${f}.label`, { max: 500 });
  });
  c.array(l.edges, 'lineage.edges', 10_000).forEach((e, i) => {
    const f = `lineage.edges[${i}]`;
    const o = c.object(e, f, ['from', 'to', 'relation']);
    for (const end of ['from', 'to'] as const) {
      const id = c.string(o[end], `${f}.${end}`, { pattern: NODE_ID });
      if (!ids.has(id)) c.fail(`${f}.${end}`, `no node has id "${id}"`);
    }
    c.string(o.relation, `${f}.relation`, { pattern: KEBAB });
  });
}

function checkFiles(c: JsonCheck, v: unknown): void {
  let previous = '';
  c.array(v, 'files', 1000).forEach((x, i) => {
    const f = `files[${i}]`;
    const o = c.object(x, f, ['path', 'sha256', 'bytes']);
    const path = c.string(o.path, `${f}.path`, { max: 200 });
    if (path <= previous) c.fail(`${f}.path`, 'files must be listed once each, sorted by path');
    previous = path;
    c.string(o.sha256, `${f}.sha256`, { pattern: SHA256 });
    c.number(o.bytes, `${f}.bytes`, { min: 0, integer: true });
  });
}

/** The manifest, or bundle_invalid / bundle_unsupported_version naming the first bad field. */
export function validateManifest(input: unknown): BundleManifest {
  const c = new JsonCheck(MANIFEST);
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    const head = input as Obj;
    if (head.format !== BUNDLE_FORMAT) c.fail('format', `expected "${BUNDLE_FORMAT}" (is this a Benchtop model bundle?)`);
    if (typeof head.formatVersion === 'number' && head.formatVersion > BUNDLE_FORMAT_VERSION)
      throw benchtopError('bundle_unsupported_version', { version: head.formatVersion, supported: BUNDLE_FORMAT_VERSION });
  }
  const m = c.object(input, '', ['format', 'formatVersion', 'name', 'version', 'createdAt', 'model', 'libraries', 'input', 'output', 'training', 'metrics', 'lineage', 'files'], ['description', 'predictionReference']);
  if (m.formatVersion !== BUNDLE_FORMAT_VERSION) c.fail('formatVersion', `expected ${BUNDLE_FORMAT_VERSION}`);
  c.string(m.name, 'name', { max: 100 });
  c.number(m.version, 'version', { min: 1, integer: true });
  c.string(m.createdAt, 'createdAt', { pattern: ISO_DATE });
  if (m.description !== undefined) c.string(m.description, 'description', { max: 5000, allowEmpty: true });

  const model = c.object(m.model, 'model', ['kind', 'format', 'task', 'inputs', 'outputs']);
  c.oneOf(model.kind, 'model.kind', modelKinds() as ModelKind[]);
  c.number(model.format, 'model.format', { min: 1, integer: true });
  const task = c.oneOf(model.task, 'model.task', TASKS);
  c.number(model.inputs, 'model.inputs', { min: 1, max: 1_000_000, integer: true });
  const outputs = c.number(model.outputs, 'model.outputs', { min: 1, max: 100_000, integer: true });

  const libs = c.object(m.libraries, 'libraries', ['benchtop', 'tfjs']);
  c.string(libs.benchtop, 'libraries.benchtop', { pattern: VERSION_TEXT });
  c.string(libs.tfjs, 'libraries.tfjs', { pattern: VERSION_TEXT });

  const signature = c.object(m.input, 'input', ['columns']);
  const names = new Set<string>();
  const columns = c.array(signature.columns, 'input.columns', 100_000);
  if (columns.length === 0) c.fail('input.columns', 'the model reads no column');
  columns.forEach((col, i) => {
    const { name } = checkInputColumn(c, col, `input.columns[${i}]`);
    if (names.has(name)) c.fail(`input.columns[${i}].name`, `column "${name}" appears twice`);
    names.add(name);
  });

  const out = c.object(m.output, 'output', ['task', 'target'], ['classes', 'value', 'decision']);
  if (c.oneOf(out.task, 'output.task', TASKS) !== task) c.fail('output.task', `differs from model.task "${task}"`);
  const target = c.string(out.target, 'output.target');
  if (names.has(target)) c.fail('output.target', `the target "${target}" is also an input column`);
  if (task === 'regression') {
    if (out.classes !== undefined) c.fail('output.classes', 'a regression model has no classes');
    if (out.value !== 'number') c.fail('output.value', 'expected "number" for a regression model');
    if (outputs !== 1) c.fail('model.outputs', 'a regression model has one output');
  } else {
    if (out.value !== undefined) c.fail('output.value', 'a classifier outputs classes, not a value');
    const classes = c.strings(out.classes, 'output.classes', { unique: true, max: 100_000 });
    if (classes.length < 2) c.fail('output.classes', 'a classifier needs at least two classes');
    if (classes.length !== outputs) c.fail('output.classes', `${classes.length} classes but model.outputs is ${outputs}`);
    if (task === 'binary' && classes.length !== 2) c.fail('output.classes', 'a binary classifier has exactly two classes');
  }
  if (out.decision !== undefined) {
    if (task !== 'binary') c.fail('output.decision', 'only a binary classifier has a decision threshold');
    const d = c.object(out.decision, 'output.decision', ['threshold', 'posLabel'], ['rule']);
    c.number(d.threshold, 'output.decision.threshold', { min: 0, max: 1 });
    c.number(d.posLabel, 'output.decision.posLabel', { min: 0, max: 1, integer: true });
    if (d.rule !== undefined) c.string(d.rule, 'output.decision.rule', { max: 500 });
  }

  const t = c.object(m.training, 'training', ['datasetName', 'fingerprint', 'seed', 'trainRows', 'testRows'], ['versionId']);
  c.string(t.datasetName, 'training.datasetName', { max: 500 });
  c.string(t.fingerprint, 'training.fingerprint', { pattern: SHA256 });
  if (t.versionId !== undefined) c.string(t.versionId, 'training.versionId', { max: 200 });
  c.number(t.seed, 'training.seed', { integer: true });
  c.number(t.trainRows, 'training.trainRows', { min: 0, integer: true });
  c.number(t.testRows, 'training.testRows', { min: 0, integer: true });

  const metrics = c.object(m.metrics, 'metrics', ['source', 'heldOut'], ['baseline', 'finalTest', 'cv']);
  c.oneOf(metrics.source, 'metrics.source', ['holdout', 'out-of-fold', 'test-file'] as const);
  checkReport(c, metrics.heldOut, 'metrics.heldOut');
  if (metrics.baseline !== undefined) checkReport(c, metrics.baseline, 'metrics.baseline');
  if (metrics.finalTest !== undefined) checkReport(c, metrics.finalTest, 'metrics.finalTest');
  if (metrics.cv !== undefined) {
    const cv = c.object(metrics.cv, 'metrics.cv', ['folds', 'mean', 'std']);
    c.number(cv.folds, 'metrics.cv.folds', { min: 2, integer: true });
    checkMetricValues(c, cv.mean, 'metrics.cv.mean');
    checkMetricValues(c, cv.std, 'metrics.cv.std');
  }
  checkLineage(c, m.lineage);
  if (m.predictionReference !== undefined) checkPredictionReference(c, m.predictionReference, 'predictionReference', task, (out.classes as string[] | undefined) ?? []);
  checkFiles(c, m.files);
  return m as unknown as BundleManifest;
}
