/**
 * `benchtop score --model BUNDLE --data FILE --out FILE [--drift] [--shadow BUNDLE2]
 * [--format csv|parquet|arrow] [--thresholds FILE.json] [--json]`: batch monitoring on the same
 * core as the studio's monitoring page (monitorBatch). The contract check comes first; a
 * violation exits 1 with nothing written.
 *
 * Exit codes: 0 scored, nothing drifted; 1 an error; 2 a usage error; 3 scored, and drift was
 * found (an input column or a prediction column at "drift") or the headline metric fell below
 * the card's interval. "warn" does not change the exit code.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { ColumnKind, Dataset } from '../core/data/types.ts';
import { benchtopError } from '../core/errors.ts';
import { readWithInputKinds } from '../core/export/score/score-with-bundle.ts';
import { selectBackend } from '../core/gpu/backend.ts';
import { monitorModelFromBundle } from '../core/monitor/from-bundle.ts';
import { monitorBatch, type MonitorBatchResult } from '../core/monitor/monitor-batch.ts';
import { resolveThresholds } from '../core/monitor/thresholds.ts';
import type { DriftThresholds } from '../core/monitor/types.ts';
import type { ScoreArgs } from './args.ts';
import { readBundleFile } from './bundle-file.ts';
import { driftText, performanceText, shadowText } from './monitor-report.ts';

export const EXIT_DRIFT = 3;

async function thresholdsFrom(path: string | undefined): Promise<DriftThresholds> {
  if (path === undefined) return resolveThresholds({});
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw benchtopError('file_read_failed', { name: path, reason: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e) });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw benchtopError('monitor_input_invalid', { field: 'thresholds file', reason: `${path} is not JSON (${e instanceof Error ? e.message : String(e)})` });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw benchtopError('monitor_input_invalid', { field: 'thresholds file', reason: `${path} must hold a JSON object such as {"psi": {"warn": 0.1, "drift": 0.25}}` });
  return resolveThresholds(parsed as Partial<DriftThresholds>);
}

/** Whether the run found what --drift promises to signal with exit code 3. */
export function driftFound(result: Pick<MonitorBatchResult, 'drift' | 'performance'>): boolean {
  const d = result.drift;
  return d?.verdict === 'drift' || (d?.predictions.some((p) => p.verdict === 'drift') ?? false) || result.performance?.verdict === 'worse';
}

export async function monitorScoreCommand(args: ScoreArgs, loadFile: (path: string, kinds: Record<string, ColumnKind>) => Promise<Dataset>): Promise<{ output: string; code: number }> {
  const thresholds = await thresholdsFrom(args.thresholds);
  const bundle = await readBundleFile(args.model);
  const shadowBundle = args.shadow !== undefined ? await readBundleFile(args.shadow) : undefined;
  const readStart = performance.now();
  const dataset = await readWithInputKinds(bundle, (kinds) => loadFile(args.data, kinds));
  const readMs = performance.now() - readStart;
  const tf = await import('@tensorflow/tfjs');
  await selectBackend(tf, 'cpu');
  const model = monitorModelFromBundle(bundle);
  const shadow = shadowBundle ? monitorModelFromBundle(shadowBundle) : undefined;
  if (shadow && shadow.versionId === model.versionId && args.shadow === args.model)
    throw benchtopError('monitor_input_invalid', { field: 'shadow bundle', reason: 'it is the bundle being scored; pass another one to compare with' });
  const format = args.format ?? 'csv';
  const result = await monitorBatch(model, dataset, { tf, format, drift: args.drift ?? false, thresholds, ...(shadow ? { shadow } : {}) });
  result.timings.read = readMs;
  result.timings.total += readMs;
  for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
  await writeFile(args.out!, result.predictions.bytes);
  const code = driftFound(result) ? EXIT_DRIFT : 0;
  const { manifest } = bundle;
  if (args.json)
    return {
      code,
      output:
        JSON.stringify({
          model: { name: manifest.name, version: manifest.version, id: model.versionId, kind: manifest.model.kind, task: manifest.model.task },
          rows: result.rows,
          out: args.out,
          predictions: { format, bytes: result.predictions.bytes.length, sha256: result.predictions.sha256, columns: result.predictions.columns },
          warnings: result.warnings,
          drift: result.drift,
          performance: result.performance,
          shadow: result.shadow,
          timings: result.timings,
          exitCode: code,
        }) + '\n',
    };
  const parts = [`${manifest.name} v${manifest.version} (${manifest.model.kind}): scored ${result.rows} rows of ${dataset.name} -> ${args.out} (${format}, tagged ${model.versionId})`];
  if (result.drift) parts.push('', driftText(result.drift));
  if (result.performance) parts.push('', performanceText(result.performance));
  if (result.shadow) parts.push('', shadowText(result.shadow));
  if (code === EXIT_DRIFT) parts.push('', `Drift found: exit code ${EXIT_DRIFT}.`);
  return { code, output: parts.join('\n') + '\n' };
}
