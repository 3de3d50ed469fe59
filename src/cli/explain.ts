/**
 * `benchtop explain --run RUN.json --data FILE`: refits the run's reported model on the same
 * data (checked by fingerprint: another file would explain another model) with the same spec
 * and seed, then prints permutation importance and a SHAP summary, or partial dependence.
 */
import { treeHistograms } from './tree-histograms.ts';
import { readFile } from 'node:fs/promises';
import type { Dataset } from '../core/data/types.ts';
import { benchtopError } from '../core/errors.ts';
import { explainFit } from '../core/evaluate/run-evaluation/explain-run.ts';
import type { Explanation, ExplainRequest } from '../core/evaluate/run-evaluation/types.ts';
import { selectBackend } from '../core/gpu/backend.ts';
import { neverCancelled } from '../core/jobs.ts';
import { parseSpec } from '../core/spec/parse.ts';
import { plan } from '../core/spec/plan.ts';
import type { BackendName, NormalizedSpec } from '../core/spec/types.ts';
import { refitReported } from '../core/train/refit-reported.ts';
import type { ExplainArgs } from './args.ts';
import { registerNodeBackend } from './node-backends.ts';
import type { ColumnKind } from '../core/data/types.ts';
import { readBundleFile } from './bundle-file.ts';
import { checkScoringData, loadBundleModel, readWithInputKinds } from '../core/export/score/score-with-bundle.ts';
import { encodeTarget } from '../core/train/encode-target.ts';
import { maxOf } from '../core/stats/extent.ts';

interface RunDoc {
  spec: NormalizedSpec;
  fingerprint: string;
  testFingerprint?: string;
  backend: BackendName;
}

/** A `train --json` document or a studio run record -> what a refit needs. */
export function readRunDoc(text: string, name: string): RunDoc {
  const invalid = (reason: string) => benchtopError('run_record_invalid', { name, reason });
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw invalid(`it is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw invalid('expected a JSON object');
  if ('error' in doc && !('spec' in doc)) throw invalid('it records a failed command (an "error" field), not a run');
  if (!doc.spec || typeof doc.spec !== 'object') throw invalid('it has no "spec" (the normalized experiment spec)');
  const spec = doc.spec as NormalizedSpec;
  if (typeof doc.seed === 'number' && doc.seed !== spec.seed) throw invalid(`its seed ${doc.seed} differs from its spec's seed ${spec.seed}`);
  const dataset = doc.dataset as { fingerprint?: unknown } | undefined;
  const fingerprint = typeof dataset?.fingerprint === 'string' ? dataset.fingerprint : spec.data?.fingerprint;
  if (typeof fingerprint !== 'string' || fingerprint === '') throw invalid('it names no dataset fingerprint (dataset.fingerprint or spec.data.fingerprint)');
  const test = doc.testDataset as { fingerprint?: unknown } | undefined;
  const env = doc.env as { backend?: unknown } | undefined;
  const recorded = typeof doc.backend === 'string' ? doc.backend : typeof env?.backend === 'string' ? env.backend : 'cpu';
  // Node offers cpu, wasm and webgpu (Dawn); a studio run on webgl is refitted on cpu.
  const backend = (['cpu', 'wasm', 'webgpu'].includes(recorded) ? recorded : 'cpu') as BackendName;
  return { spec, fingerprint, ...(typeof test?.fingerprint === 'string' ? { testFingerprint: test.fingerprint } : {}), backend };
}

function checkData(ds: Dataset, expected: string, path: string): void {
  if (ds.fingerprint !== expected) throw benchtopError('run_data_mismatch', { name: path, actual: ds.fingerprint.slice(0, 16), expected: expected.slice(0, 16) });
}

function requestsOf(args: ExplainArgs, withTruth: boolean): ExplainRequest[] {
  if (args.kind === 'pdp') return [{ kind: 'partial-dependence', features: args.features as [string] | [string, string] }];
  if (args.kind) return [{ kind: args.kind }];
  return withTruth ? [{ kind: 'permutation' }, { kind: 'shap' }] : [{ kind: 'shap' }];
}

/**
 * explain --model BUNDLE --data FILE: the bundle's own model, loaded (not refitted), explained on
 * the rows of FILE after they pass the bundle's contract. Permutation importance scores rows
 * against their truth, so it needs the target column; KernelSHAP's background is drawn from
 * FILE too (the bundle does not carry its training rows).
 */
async function explainBundle(args: ExplainArgs & { model: string }, loadFile: (path: string, kinds: Record<string, ColumnKind>) => Promise<Dataset>): Promise<string> {
  const bundle = await readBundleFile(args.model);
  const { manifest } = bundle;
  const dataset = await readWithInputKinds(bundle, (kinds) => loadFile(args.data, kinds));
  const warnings = checkScoringData(bundle, dataset);
  const task = manifest.model.task;
  const classes = manifest.output.classes;
  const hasTarget = dataset.columns.some((c) => c.name === manifest.output.target);
  if (!hasTarget && args.kind === 'permutation')
    throw benchtopError('cli_usage', { reason: `permutation importance needs the true "${manifest.output.target}" of each row: add that column to --data, or use --kind shap or --kind pdp` });
  const all = Int32Array.from({ length: dataset.table.numRows }, (_, i) => i);
  const truth = hasTarget ? encodeTarget(dataset.table, manifest.output.target, task, classes) : { rows: all, y: new Float64Array(all.length) };
  const tf = await import('@tensorflow/tfjs');
  await selectBackend(tf, 'cpu');
  const model = await loadBundleModel(bundle, tf);
  const spec = { ...bundle.spec, task, seed: manifest.training.seed };
  const explanations: Explanation[] = [];
  try {
    for (const request of requestsOf(args, hasTarget))
      explanations.push(
        await explainFit({
          spec,
          ...(classes ? { classes } : {}),
          fit: { model, pipeline: bundle.pipeline },
          source: dataset,
          rows: truth.rows,
          yTrue: truth.y,
          trainRows: all,
          request,
        }),
      );
  } finally {
    model.dispose();
  }
  const header = {
    model: manifest.model.kind,
    task,
    seed: manifest.training.seed,
    fingerprint: dataset.fingerprint,
    fit: `bundle ${manifest.name} v${manifest.version}`,
    rows: truth.rows.length,
    ...(classes ? { classes } : {}),
  };
  const notes = warnings.map((w) => `${w.code}: ${w.message}`);
  if (args.json) return JSON.stringify({ run: header, model: 'bundle', ...(notes.length ? { warnings: notes } : {}), explanations: explanations.map(jsonOf) }) + '\n';
  for (const n of notes) process.stderr.write(`warning[${n}]\n`);
  return textOf(header, explanations, classes, 'loaded from the bundle, not refitted');
}

export async function explainCommand(args: ExplainArgs, loadFile: (path: string, kinds?: Record<string, ColumnKind>) => Promise<Dataset>): Promise<string> {
  if (args.model !== undefined) return explainBundle({ ...args, model: args.model }, loadFile);
  let text: string;
  try {
    text = await readFile(args.run!, 'utf8');
  } catch (e) {
    throw benchtopError('file_read_failed', { name: args.run!, reason: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(e) });
  }
  const run = readRunDoc(text, args.run!);
  const dataset = await loadFile(args.data);
  checkData(dataset, run.fingerprint, args.data);
  if (run.testFingerprint && !args.test)
    throw benchtopError('cli_usage', { reason: 'this run was evaluated on a test file: pass that file with --test FILE' });
  if (args.test && !run.testFingerprint)
    throw benchtopError('cli_usage', { reason: 'this run split its data into train and test rows; --test does not apply to it' });
  const testData = args.test ? await loadFile(args.test) : undefined;
  if (testData) checkData(testData, run.testFingerprint!, args.test!);
  const spec = plan(parseSpec(run.spec), dataset);
  await registerNodeBackend(run.backend);
  const tf = await import('@tensorflow/tfjs');
  await selectBackend(tf, run.backend);
  const fit = await refitReported(dataset, spec, { tf, cancel: neverCancelled, histograms: treeHistograms(), ...(testData ? { testData } : {}) });
  const kinds = requestsOf(args, true);
  const explanations: Explanation[] = [];
  try {
    for (const request of kinds) {
      explanations.push(
        await explainFit({
          spec,
          ...(fit.classes ? { classes: fit.classes } : {}),
          fit,
          source: testData ?? dataset,
          trainSource: dataset,
          rows: fit.testRows,
          yTrue: fit.yTrue,
          trainRows: fit.trainRows,
          request,
        }),
      );
    }
  } finally {
    fit.model.dispose();
  }
  const which = fit.fold < 0 ? 'final-test refit' : testData ? 'model trained on all of --data' : spec.split.kind === 'kfold' ? 'first fold' : 'holdout model';
  const header = {
    model: spec.model.kind,
    task: spec.task,
    seed: spec.seed,
    fingerprint: dataset.fingerprint,
    fit: which,
    rows: fit.testRows.length,
    ...(fit.classes ? { classes: fit.classes } : {}),
  };
  if (args.json) return JSON.stringify({ run: header, model: 'refit', explanations: explanations.map(jsonOf) }) + '\n';
  return textOf(header, explanations, fit.classes);
}

const arr = (a: ArrayLike<number>): number[] => Array.from(a);

/** JSON-safe: typed arrays as arrays, the beeswarm's per-row points left out (ranking and waterfall stay). */
function jsonOf(e: Explanation): unknown {
  if (e.kind === 'permutation') return e;
  if (e.kind === 'partial-dependence') {
    const r = e.result;
    return { kind: e.kind, features: r.names, outputs: r.outputs, grid: r.grid.map(arr), average: arr(r.average) };
  }
  const { beeswarm: _b, ...rest } = e;
  return rest;
}

const num = (v: number): string => (Number.isNaN(v) ? 'n/a' : Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-4) ? v.toExponential(3) : v.toFixed(4));

function textOf(
  h: { model: string; task: string; seed: number; fingerprint: string; fit: string; rows: number },
  explanations: Explanation[],
  classes?: readonly string[],
  how = 'refitted deterministically',
): string {
  const lines = [`${h.task} · ${h.model} · seed ${h.seed} · data sha256 ${h.fingerprint.slice(0, 12)}`, `explaining the ${h.fit} (${how}), scored on ${h.rows} ${how.startsWith('refitted') ? 'held-out ' : ''}rows`];
  for (const e of explanations) {
    lines.push('');
    if (e.kind === 'permutation') {
      lines.push(`permutation importance: drop in ${e.metric} when a column is shuffled (${e.repeats} repeats, ${e.rows} rows)`);
      const w = Math.max(8, maxOf(e.importances.map((f) => f.name.length))) + 2;
      lines.push(`${'feature'.padEnd(w)}${'mean'.padStart(10)}${'std'.padStart(10)}   95% CI`);
      for (const f of e.importances) lines.push(`${f.name.padEnd(w)}${num(f.mean).padStart(10)}${num(f.std).padStart(10)}   [${num(f.ci95[0])}, ${num(f.ci95[1])}]`);
    } else if (e.kind === 'shap') {
      const cls = classes?.[e.output] !== undefined ? ` of class "${classes[e.output]}"` : '';
      lines.push(`SHAP (${e.method === 'tree' ? 'exact TreeSHAP, margin' : 'KernelSHAP, prediction'}${cls}), ${e.rows} rows: mean |SHAP|`);
      const w = Math.max(8, maxOf(e.ranking.map((r) => r.name.length))) + 2;
      for (const r of e.ranking.slice(0, 20)) lines.push(`${r.name.padEnd(w)}${num(r.meanAbs).padStart(10)}`);
      lines.push(`row ${e.waterfallRow ?? '?'}: base ${num(e.waterfall.base)} -> output ${num(e.waterfall.output)}; ${e.waterfall.bars.slice(0, 5).map((b) => `${b.name} ${b.shap >= 0 ? '+' : ''}${num(b.shap)}`).join(', ')}`);
    } else {
      const r = e.result;
      const o = r.outputs === 2 ? 1 : 0;
      const G = r.grid.reduce((s, g) => s * g.length, 1);
      lines.push(`partial dependence of ${r.names.join(' x ')}${r.outputs > 1 ? ` (output ${classes?.[o] ?? o})` : ''}`);
      if (r.grid.length === 1) for (let g = 0; g < G; g++) lines.push(`${num(r.grid[0]![g]!).padStart(12)}  ${num(r.average[o * G + g]!)}`);
      else lines.push(`${G} grid points; use --json for the full grid`);
    }
  }
  return lines.join('\n') + '\n';
}
