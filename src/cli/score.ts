/**
 * `benchtop score --model BUNDLE --data FILE [--out PRED.csv]`: the bundle's contract is
 * checked first (a violation is scoring_data_invalid, exit 1, nothing written), then every row
 * is scored with the bundle's own pipeline and model. Contract warnings go to stderr.
 * With --drift, --shadow, --format or --thresholds it is batch monitoring (score-monitor.ts).
 */
import { writeFile } from 'node:fs/promises';
import type { ColumnKind, Dataset } from '../core/data/types.ts';
import { csvCell } from '../core/export/csv-cell.ts';
import { readWithInputKinds, scoreWithBundle, type BundleScores } from '../core/export/score/score-with-bundle.ts';
import { selectBackend } from '../core/gpu/backend.ts';
import type { ScoreArgs } from './args.ts';
import { readBundleFile } from './bundle-file.ts';
import { monitorScoreCommand } from './score-monitor.ts';

/** One line per row: row (0-based, as --predictions-out), y_pred, and proba_<class> per class. */
export function scoresCsv(scores: BundleScores): string {
  const classes = scores.classes ?? [];
  const lines = [['row', 'y_pred', ...classes.map((c) => `proba_${c}`)].map(csvCell).join(',')];
  const k = classes.length;
  for (let i = 0; i < scores.rows; i++) {
    const cells = [String(i)];
    if (scores.labels && scores.proba) cells.push(scores.labels[i]!, ...Array.from(scores.proba.subarray(i * k, (i + 1) * k), String));
    else cells.push(String(scores.values![i]));
    lines.push(cells.map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}

/** Output and exit code (0, or 3 when batch monitoring found drift). */
export async function scoreCommand(args: ScoreArgs, loadFile: (path: string, kinds: Record<string, ColumnKind>) => Promise<Dataset>): Promise<{ output: string; code: number }> {
  if (args.drift || args.shadow !== undefined || args.format !== undefined || args.thresholds !== undefined) return monitorScoreCommand(args, loadFile);
  return { output: await plainScore(args, loadFile), code: 0 };
}

async function plainScore(args: ScoreArgs, loadFile: (path: string, kinds: Record<string, ColumnKind>) => Promise<Dataset>): Promise<string> {
  const bundle = await readBundleFile(args.model);
  const dataset = await readWithInputKinds(bundle, (kinds) => loadFile(args.data, kinds));
  const tf = await import('@tensorflow/tfjs');
  await selectBackend(tf, 'cpu');
  const scores = await scoreWithBundle(bundle, dataset, { tf });
  for (const w of scores.warnings) process.stderr.write(`warning[${w.code}]: ${w.message}\n`);
  const csv = scoresCsv(scores);
  if (args.out) await writeFile(args.out, csv);
  const { manifest } = bundle;
  if (args.json)
    return (
      JSON.stringify({
        model: { name: manifest.name, version: manifest.version, kind: manifest.model.kind, task: manifest.model.task },
        rows: scores.rows,
        ...(args.out ? { out: args.out } : { predictions: csv }),
        warnings: scores.warnings.map((w) => ({ code: w.code, column: w.column, message: w.message })),
      }) + '\n'
    );
  if (args.out) return `${manifest.name} v${manifest.version} (${manifest.model.kind}): scored ${scores.rows} rows of ${dataset.name} -> ${args.out}\n`;
  return csv;
}
