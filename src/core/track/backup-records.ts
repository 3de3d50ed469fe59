/**
 * What a restored record must look like, per table: the fields the app reads without checking
 * (keys, numbers it counts with, typed arrays it indexes), the lengths that must agree, and the
 * references between tables that the backup must hold together (chunks of stored versions,
 * artifacts of stored runs, versions of registered models). Extra fields are allowed: they
 * are kept as they are, since later app versions may add optional ones.
 */
import { BLOB_NAME } from '../models/artifact.ts';
import { ALIAS } from './aliases.ts';
import type { WorkspaceTable } from './backup-format.ts';
import { MODEL_NAME } from './registry.ts';

export class RecordError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

type Rule = ((v: unknown, at: string) => void) & { optional?: true };
const fail = (at: string, reason: string): never => {
  throw new RecordError(at, reason);
};

const str: Rule = (v, at) => void (typeof v !== 'string' && fail(at, 'expected text'));
const key: Rule = (v, at) => void ((typeof v !== 'string' || v === '') && fail(at, 'expected a non-empty id'));
const num: Rule = (v, at) => void (typeof v !== 'number' && fail(at, 'expected a number'));
const time: Rule = (v, at) => void ((typeof v !== 'number' || !Number.isFinite(v)) && fail(at, 'expected a time in milliseconds'));
const int =
  (min: number): Rule =>
  (v, at) =>
    void ((!Number.isSafeInteger(v) || (v as number) < min) && fail(at, `expected a whole number >= ${min}`));
const any: Rule = () => {};
const oneOf =
  (...values: string[]): Rule =>
  (v, at) =>
    void (!values.includes(v as string) && fail(at, `expected one of ${values.join(', ')}`));
const pattern =
  (re: RegExp, what: string): Rule =>
  (v, at) =>
    void ((typeof v !== 'string' || !re.test(v)) && fail(at, `expected ${what}`));
const opt = (rule: Rule): Rule => Object.assign((v: unknown, at: string) => rule(v, at), { optional: true as const });
const nullable =
  (rule: Rule): Rule =>
  (v, at) =>
    v === null ? undefined : rule(v, at);
const arr =
  (item: Rule = any): Rule =>
  (v, at) => {
    if (!Array.isArray(v)) fail(at, 'expected a list');
    (v as unknown[]).forEach((x, i) => item(x, `${at}[${i}]`));
  };
const typed =
  (...ctors: (Int32ArrayConstructor | Float64ArrayConstructor | Uint8ArrayConstructor)[]): Rule =>
  (v, at) =>
    void (!ctors.some((c) => v instanceof c) && fail(at, `expected a ${ctors.map((c) => c.name).join(' or ')}`));
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);
const obj =
  (fields: Record<string, Rule>): Rule =>
  (v, at) => {
    if (!isObject(v)) fail(at, 'expected an object');
    const o = v as Record<string, unknown>;
    for (const [name, rule] of Object.entries(fields)) {
      if (o[name] === undefined) {
        if (!rule.optional) fail(`${at}.${name}`, 'is missing');
      } else rule(o[name], `${at}.${name}`);
    }
  };
const recordOf =
  (value: Rule, keyRule?: RegExp): Rule =>
  (v, at) => {
    if (!isObject(v)) fail(at, 'expected an object');
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (keyRule && !keyRule.test(k)) fail(`${at}.${k}`, 'is not an allowed name');
      value(x, `${at}.${k}`);
    }
  };

const columns = arr(obj({ name: str, kind: str }));
const artifact = obj({
  kind: key,
  format: int(0),
  task: oneOf('binary', 'multiclass', 'regression'),
  d: int(0),
  k: int(1),
  meta: any,
  blobs: recordOf(typed(Uint8Array), BLOB_NAME),
});
const pipeline = obj({ features: arr(str), steps: arr(obj({ spec: obj({ kind: str }), inputs: arr(str), outputs: arr(str) })), outputNames: arr(str) });
const modelName = pattern(MODEL_NAME, 'a model name');
const version = int(1);

const RULES: Record<WorkspaceTable, Rule> = {
  datasets: obj({
    id: key, name: str, source: str, rows: int(0), columns, bytes: int(0), createdAt: time,
    currentVersionId: key, versions: int(0), lastVersionNumber: int(0),
  }),
  datasetVersions: obj({
    id: key, datasetId: key, number: version, parentId: opt(key), derivation: obj({ kind: str, detail: str }), fingerprint: str,
    rows: int(0), columns, bytes: int(0), chunks: int(1), createdAt: time, contract: opt(obj({ columns: arr() })),
  }),
  tableChunks: obj({ versionId: key, index: int(0), bytes: typed(Uint8Array) }),
  runs: obj({
    id: key, spec: obj({}), datasetId: str, datasetVersionId: opt(key), datasetName: str,
    status: oneOf('running', 'done', 'failed', 'cancelled', 'interrupted'), startedAt: time, seed: num,
    env: obj({ backend: str }), history: arr(), experiment: opt(str), tags: opt(arr(str)), notes: opt(str), parentRunId: opt(key),
  }),
  runArtifacts: obj({
    runId: key, row: typed(Int32Array), fold: typed(Int32Array), yTrue: typed(Int32Array, Float64Array), values: typed(Float64Array),
    width: int(1), baseline: typed(Float64Array), notes: obj({}),
  }),
  runModels: obj({ runId: key, artifact, pipeline, features: arr(str), classes: opt(arr(str)) }),
  registeredModels: obj({ name: modelName, description: str, createdAt: time, aliases: recordOf(version, ALIAS), lastVersion: int(0), deletedAt: opt(time) }),
  modelVersions: obj({
    id: key, name: modelName, version, runId: key, createdAt: time, note: str, by: str, artifact, pipeline, features: arr(str),
    classes: opt(arr(str)), spec: obj({}), env: obj({}), run: obj({ id: key, datasetName: str, startedAt: time, seed: num }), datasetId: str, fingerprint: str,
  }),
  aliasEvents: obj({ id: int(1), name: modelName, alias: pattern(ALIAS, 'an alias name'), from: nullable(version), to: nullable(version), at: time, by: str, note: str }),
  cardRevisions: obj({ id: int(1), versionId: key, revision: version, sections: recordOf(str), at: time, by: str, note: str }),
  // A monitoring run may outlive its model version (monitoring.ts), so it references nothing.
  monitoringRuns: obj({
    id: key, versionId: key, modelName, version, createdAt: time, file: obj({ name: str, bytes: int(0), sha256: str }), rows: int(0), warnings: arr(str),
    predictions: obj({ format: oneOf('csv', 'parquet', 'arrow'), name: str, bytes: int(0), sha256: str, columns: arr(str) }),
    drift: nullable(obj({ features: arr(obj({ column: str, verdict: str })), predictions: arr(obj({ column: str, verdict: str })), verdict: str, thresholds: obj({}) })),
    performance: nullable(obj({ target: str, rows: int(0), metrics: arr(obj({ metric: str })) })), shadow: nullable(obj({ primary: str, shadow: str, rows: int(0) })),
    backend: str, timings: obj({}),
  }),
};

/** The record's primary key as Dexie takes it. */
export function primaryKey(table: WorkspaceTable, r: Record<string, unknown>): string | number | [string, number] {
  switch (table) {
    case 'tableChunks':
      return [r.versionId as string, r.index as number];
    case 'runArtifacts':
    case 'runModels':
      return r.runId as string;
    case 'registeredModels':
      return r.name as string;
    default:
      return r.id as string | number;
  }
}

/** Checks one record's shape and the lengths that must agree within it. */
export function checkRecord(table: WorkspaceTable, r: unknown, at: string): void {
  RULES[table](r, at);
  const o = r as Record<string, unknown>;
  if (table === 'runArtifacts') {
    const a = o as { row: Int32Array; fold: Int32Array; yTrue: ArrayLike<number>; values: Float64Array; baseline: Float64Array; width: number };
    if (a.fold.length !== a.row.length || a.yTrue.length !== a.row.length) fail(`${at}.fold`, 'row, fold and yTrue must have one entry per evaluated row');
    if (a.values.length !== a.row.length * a.width) fail(`${at}.values`, `expected ${a.row.length} rows x ${a.width} values`);
    if (a.baseline.length !== a.values.length) fail(`${at}.baseline`, 'expected as many values as values');
  }
  if (table === 'modelVersions' && o.id !== `${o.name as string}@${o.version as number}`) fail(`${at}.id`, 'must be name@version');
}

type Tables = Record<WorkspaceTable, Record<string, unknown>[]>;

/** References the backup must hold together; the first broken one as [table, index, field, reason]. */
export function checkReferences(t: Tables): [WorkspaceTable, number, string, string] | null {
  const ids = (table: WorkspaceTable, field: string) => new Set(t[table].map((r) => r[field] as string));
  const versions = ids('datasetVersions', 'id');
  const runs = ids('runs', 'id');
  const modelVersionIds = ids('modelVersions', 'id');
  const models = new Map(t.registeredModels.map((m) => [m.name as string, m as { lastVersion: number; aliases: Record<string, number>; deletedAt?: number }]));
  const checks: [WorkspaceTable, string, (r: Record<string, unknown>) => string | null][] = [
    ['datasets', 'currentVersionId', (r) => (versions.has(r.currentVersionId as string) ? null : 'names a version the backup does not hold')],
    ['tableChunks', 'versionId', (r) => (versions.has(r.versionId as string) ? null : 'belongs to a version the backup does not hold')],
    ['runArtifacts', 'runId', (r) => (runs.has(r.runId as string) ? null : 'belongs to a run the backup does not hold')],
    ['runModels', 'runId', (r) => (runs.has(r.runId as string) ? null : 'belongs to a run the backup does not hold')],
    ['modelVersions', 'name', (r) => {
      const m = models.get(r.name as string);
      if (!m) return 'belongs to a registered model the backup does not hold';
      return (r.version as number) > m.lastVersion ? `version ${r.version as number} is above the model's last version ${m.lastVersion}` : null;
    }],
    ['registeredModels', 'aliases', (r) => {
      const missing = Object.entries(r.aliases as Record<string, number>).find(([, v]) => !modelVersionIds.has(`${r.name as string}@${v}`));
      return missing ? `alias "${missing[0]}" points at version ${missing[1]}, which the backup does not hold` : null;
    }],
    ['cardRevisions', 'versionId', (r) => (modelVersionIds.has(r.versionId as string) ? null : 'belongs to a model version the backup does not hold')],
  ];
  for (const [table, field, check] of checks)
    for (let i = 0; i < t[table].length; i++) {
      const reason = check(t[table][i]!);
      if (reason) return [table, i, field, reason];
    }
  return null;
}
