import { csvCell } from '../core/export/csv-cell.ts';
import type { ExperimentResult } from '../core/train/run-experiment.ts';

/** One line per evaluated row: row index, fold, truth, prediction and (classification) class probabilities. */
export function predictionsCsv(result: ExperimentResult): string {
  const { predictions: p, classes } = result;
  const header = ['row', 'fold', 'y_true', 'y_pred', ...(classes ?? []).map((c) => `proba_${c}`)];
  const lines = [header.map(csvCell).join(',')];
  for (let i = 0; i < p.row.length; i++) {
    const cells = [String(p.row[i]), p.fold[i]! < 0 ? 'final' : String(p.fold[i])];
    if (classes) {
      const probs = p.values.subarray(i * p.width, (i + 1) * p.width);
      let best = 0;
      for (let c = 1; c < probs.length; c++) if (probs[c]! > probs[best]!) best = c;
      cells.push(classes[p.yTrue[i]!]!, classes[best]!, ...Array.from(probs, (v) => String(v)));
    } else {
      cells.push(String(p.yTrue[i]), String(p.values[i]));
    }
    lines.push(cells.map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}
