/**
 * Generated defaults for the card's free-text sections: a careful starting point written from
 * the tracked inputs (task, columns, contract, test-set size, flagged slices), for a person to
 * edit. A section given in ModelCardInput.sections replaces its default verbatim.
 */
import { count, md, num } from './markdown.ts';
import type { CardSectionKey, ModelCardInput } from './types.ts';

const TASK_WORDS = { binary: 'binary classification', multiclass: 'multiclass classification', regression: 'regression' } as const;

function headline(input: ModelCardInput): { key: string; value: number | null; ci: [number, number] | null } | undefined {
  const preferred = input.task === 'regression' ? ['rmse', 'r2', 'mae'] : input.task === 'binary' ? ['roc_auc', 'accuracy'] : ['accuracy', 'f1_macro'];
  const ms = input.evaluation.metrics.metrics;
  for (const k of preferred) {
    const m = ms.find((x) => x.key.replace(/\(.*$/, '') === k && x.value !== null);
    if (m) return m;
  }
  return ms.find((m) => m.value !== null);
}

function summary(input: ModelCardInput): string {
  const what = input.task === 'regression' ? `predicts \`${md(input.target)}\` (a number)` : `predicts \`${md(input.target)}\` (one of ${count(input.classes?.length ?? 0)} classes)`;
  return `A ${md(input.model.kind)} model that ${what} from ${count(input.features.length)} columns of tabular data shaped like ${md(input.training.datasetName)}. It was trained and evaluated with Benchtop; every number below comes from the tracked run and its evaluation.`;
}

function intendedUse(input: ModelCardInput): string {
  return [
    `${TASK_WORDS[input.task][0]!.toUpperCase()}${TASK_WORDS[input.task].slice(1)} of \`${md(input.target)}\` for rows drawn from the same population and collection process as the training data (${md(input.training.datasetName)}), with the ${count(input.features.length)} input columns listed under Training data.`,
    '',
    'Suitable for exploration, prototyping and decision support where a person reviews the predictions. Score new data with `benchtop score`, which checks it against the bundled data contract first.',
  ].join('\n');
}

function outOfScopeUse(): string {
  return [
    '- Fully automated decisions with legal, financial, medical or similarly significant effects on people.',
    '- Data from another population, place, period or collection process than the training data.',
    '- Uses the target was not designed to measure, or inputs outside the ranges and categories the contract allows.',
  ].join('\n');
}

function whenNotToUse(input: ModelCardInput): string {
  const contract = input.training.contract;
  const features = new Set(input.features);
  const bounded = contract?.columns.filter((c) => features.has(c.name) && (c.range || c.allowedValues)) ?? [];
  const lines = [
    '- When the data to score fails its data contract (missing or renamed columns, values outside the trained ranges, categories never seen in training, a unit change): the model has not seen such inputs.',
    '- When the inputs have drifted from the training data (a PSI of 0.25 or more on a column is a major shift).',
  ];
  if (bounded.length) lines.push(`- For rows outside the trained domain: ${count(bounded.length)} of the ${count(input.features.length)} input columns have contract ranges or allowed values (see Training data).`);
  const h = headline(input);
  if (h?.ci) lines.push(`- When an error rate outside the held-out interval for ${md(h.key)} ([${num(h.ci[0])}, ${num(h.ci[1])}]) would be unacceptable.`);
  return lines.join('\n');
}

function limitations(input: ModelCardInput): string {
  const e = input.evaluation;
  const lines: string[] = [];
  const rows = e.metrics.rows;
  if (rows < 200) lines.push(`- The metrics come from ${count(rows)} held-out rows: intervals are wide, and small differences between models are not meaningful.`);
  else lines.push(`- The metrics come from ${count(rows)} held-out rows of one dataset; they estimate performance on data like it, not on other data.`);
  if (e.source === 'out-of-fold') lines.push('- Under cross-validation the headline numbers pool the folds\' models; the exported model is one of them (or the final refit), so its own performance can differ somewhat.');
  const flagged = e.slices?.slices.filter((s) => s.metrics.some((m) => m.worst)) ?? [];
  if (flagged.length) lines.push(`- ${count(flagged.length)} slice${flagged.length === 1 ? ' does' : 's do'} worse than the model overall (see Slices and fairness): ${flagged.slice(0, 5).map((s) => md(s.label)).join(', ')}.`);
  if (e.fairness) lines.push(`- Decision rates differ between groups of \`${md(e.fairness.column)}\`: a demographic parity difference of ${num(e.fairness.report.demographicParityDifference)}.`);
  const contract = input.training.contract;
  if (!contract) lines.push('- No data contract was recorded: scoring cannot check new data against the training data.');
  lines.push('- The model learns associations in the training data, including its biases and errors; it does not establish causes.');
  return lines.join('\n');
}

function ethical(): string {
  return '- Check whether any input column is personal or sensitive data, or a proxy for it, and whether using it is lawful and fair for this purpose.\n- Review the slice and fairness results with the people affected by the predictions in mind.';
}

function monitoring(input: ModelCardInput): string {
  const h = headline(input);
  const lines = [
    '- Check every batch against the bundled data contract before scoring (`benchtop score` does this and refuses batches that break it); treat its warnings, distribution shift above all, as a signal to re-evaluate.',
  ];
  if (h?.ci) lines.push(`- When true labels arrive, recompute ${md(h.key)} on them and compare with the held-out value ${num(h.value)} (interval [${num(h.ci[0])}, ${num(h.ci[1])}]); a value outside the interval means the model should be re-evaluated or retrained.`);
  lines.push('- Retrain on fresh data when the population or the collection process changes, and export a new version with its own card.');
  return lines.join('\n');
}

function trainingDataNotes(input: ModelCardInput): string {
  return input.training.datasheet ? 'See the datasheet fields above.' : 'No datasheet was recorded for this dataset: describe its source, licence, collection and known issues here.';
}

export function defaultSections(input: ModelCardInput): Record<CardSectionKey, string> {
  return {
    summary: summary(input),
    intendedUse: intendedUse(input),
    outOfScopeUse: outOfScopeUse(),
    whenNotToUse: whenNotToUse(input),
    trainingDataNotes: trainingDataNotes(input),
    limitations: limitations(input),
    ethicalConsiderations: ethical(),
    monitoring: monitoring(input),
  };
}
