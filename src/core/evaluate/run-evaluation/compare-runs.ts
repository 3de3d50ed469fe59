/**
 * Paired comparison of two runs on the same rows: a paired bootstrap of the metric and, for
 * classifiers, McNemar (compareModels); when both are cross-validated with the same fold of
 * every row, also Nadeau and Bengio's corrected resampled t-test on their per-fold scores.
 * Runs scored on different rows (another dataset version, split or seed) are refused with
 * run_rows_differ: a difference there mixes the models with the rows.
 */
import { benchtopError } from '../../errors.ts';
import type { CancelToken, ProgressFn } from '../../jobs.ts';
import type { RunArtifacts, RunRecord } from '../../track/types.ts';
import { compareModels, correctedResampledTTest } from '../uncertainty/index.ts';
import { evalDataAt, pooledRows } from './held-out-async.ts';
import type { RunComparison } from './types.ts';

export interface ComparedRun {
  run: Pick<RunRecord, 'id' | 'spec' | 'cv' | 'datasetId' | 'datasetVersionId'>;
  artifacts: Pick<RunArtifacts, 'row' | 'fold' | 'yTrue' | 'values' | 'width' | 'classes'>;
}

const label = (r: ComparedRun) => `${r.run.spec.model.kind} run ${String(r.run.id).slice(0, 8)}`;

export async function compareRuns(a: ComparedRun, b: ComparedRun, metric?: string, opts: { cancel?: CancelToken; onProgress?: ProgressFn } = {}): Promise<RunComparison> {
  const ia = pooledRows(a.artifacts, 'held-out');
  const ib = pooledRows(b.artifacts, 'held-out');
  const posB = new Map<number, number>();
  for (const i of ib) posB.set(b.artifacts.row[i]!, i);
  const shared = ia.filter((i) => posB.has(a.artifacts.row[i]!)).length;
  const differ = (reason?: string) => benchtopError('run_rows_differ', { a: ia.length, b: ib.length, shared, reason });
  if (a.run.spec.task !== b.run.spec.task) throw differ(`one is ${a.run.spec.task}, the other ${b.run.spec.task}`);
  if ((a.run.datasetVersionId ?? a.run.datasetId) !== (b.run.datasetVersionId ?? b.run.datasetId)) throw differ('they were trained on different dataset versions');
  if (shared !== ia.length || shared !== ib.length) throw differ();
  if (JSON.stringify(a.artifacts.classes ?? null) !== JSON.stringify(b.artifacts.classes ?? null)) throw differ('their classes differ');
  const task = a.run.spec.task;
  const alignedB = ia.map((i) => posB.get(a.artifacts.row[i]!)!);
  const dataA = evalDataAt(a.artifacts, ia, task);
  const dataB = evalDataAt(b.artifacts, alignedB, task);
  for (let r = 0; r < ia.length; r++) if (dataA.yTrue[r] !== dataB.yTrue[r]) throw differ('the true values differ on some rows');
  const names = { a: label(a), b: label(b) };
  const comparison = await compareModels(dataA, dataB, {
    seed: a.run.spec.seed, stratify: task !== 'regression', names,
    ...(metric ? { metric } : {}), ...(opts.cancel ? { cancel: opts.cancel } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  const result: RunComparison = { a: String(a.run.id), b: String(b.run.id), rows: ia.length, comparison };
  const name = comparison.bootstrap.name;
  const foldsA = a.run.cv?.perFold.map((m) => m[name]);
  const foldsB = b.run.cv?.perFold.map((m) => m[name]);
  if (foldsA && foldsB && foldsA.length === foldsB.length && foldsA.length >= 2 && sameFolds(a, b) && [...foldsA, ...foldsB].every((v) => typeof v === 'number')) {
    const nTest = a.artifacts.fold.filter((f) => f >= 0).length / foldsA.length;
    const t = correctedResampledTTest(foldsA as number[], foldsB as number[], {
      nTrain: Math.max(1, ia.length - nTest), nTest, higherIsBetter: comparison.bootstrap.higherIsBetter, metric: name, names,
    });
    result.cvTest = { metric: name, t: t.t ?? (t.meanDifference === 0 ? 0 : Math.sign(t.meanDifference) * Infinity), p: t.pValue, verdict: t.verdict.sentence };
  }
  return result;
}

/** Both cross-validated, and every (row, fold) prediction the same in both runs. */
function sameFolds(a: ComparedRun, b: ComparedRun): boolean {
  if (a.run.spec.split.kind !== 'kfold' || b.run.spec.split.kind !== 'kfold') return false;
  const keys = (x: ComparedRun) => {
    const out: string[] = [];
    for (let i = 0; i < x.artifacts.row.length; i++) if (x.artifacts.fold[i]! >= 0) out.push(`${x.artifacts.row[i]}:${x.artifacts.fold[i]}`);
    return out.sort();
  };
  const ka = keys(a);
  const kb = keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}
