/** The card's measured sections: metrics with intervals vs the baseline, slices and fairness, calibration. */
import type { HeldOutReport } from '../../evaluate/held-out-report.ts';
import { count, interval, md, num, pct, table } from './markdown.ts';
import type { ModelCardInput } from './types.ts';

const SOURCE_WORDS = {
  holdout: 'the held-out test rows',
  'out-of-fold': 'the pooled out-of-fold predictions of the cross-validation (each row scored by the model that did not train on it)',
  'test-file': 'a separate test file',
} as const;

function reportTable(report: HeldOutReport, baseline?: HeldOutReport): string {
  const base = new Map(baseline?.metrics.map((m) => [m.key, m]) ?? []);
  const level = `${Math.round(report.level * 100)}% CI`;
  const header = baseline ? ['metric', 'model', level, 'baseline', `baseline ${level}`] : ['metric', 'model', level];
  const rows = report.metrics.map((m) => {
    const cells = [md(m.key), m.value === null ? `n/a${m.reason ? ` (${md(m.reason)})` : ''}` : num(m.value), interval(m.ci)];
    if (baseline) {
      const b = base.get(m.key);
      cells.push(num(b?.value), interval(b?.ci));
    }
    return cells;
  });
  return table(header, rows);
}

export function metricsSection(input: ModelCardInput): string {
  const e = input.evaluation;
  const out = [
    '## Metrics',
    '',
    `Computed on ${SOURCE_WORDS[e.source]}: ${count(e.metrics.rows)} rows. Intervals are ${Math.round(e.metrics.level * 100)}% percentile bootstrap intervals (${count(e.metrics.resamples)} resamples, seed ${e.metrics.seed}). The baseline is ${input.task === 'regression' ? 'the training mean' : 'the class frequencies of the training rows'}, scored on the same rows.`,
    '',
    reportTable(e.metrics, e.baseline),
  ];
  if (e.versusBaseline) out.push('', `Model vs baseline (paired on the same rows): ${md(e.versusBaseline)}`);
  if (e.finalTest)
    out.push('', `### Locked final test set`, '', `Scored once by the exported model, refitted on every other row: ${count(e.finalTest.rows)} rows.`, '', reportTable(e.finalTest));
  if (e.cv) {
    const keys = Object.keys(e.cv.mean);
    out.push('', `### Cross-validation`, '', `Mean and standard deviation over ${count(e.cv.folds)} folds.`, '', table(['metric', 'mean', 'std'], keys.map((k) => [md(k), num(e.cv!.mean[k]), num(e.cv!.std[k])])));
  }
  if (e.notes?.length) out.push('', ...e.notes.map((n) => `> ${md(n)}`));
  return out.join('\n');
}

export function slicesSection(input: ModelCardInput): string {
  const e = input.evaluation;
  const out = ['## Slices and fairness', ''];
  const s = e.slices;
  if (!s || s.slices.length === 0) out.push('No slices were evaluated.');
  else {
    const columns = [...new Set(s.slices.map((x) => x.column).filter((c): c is string => c !== null))];
    out.push(
      `${count(s.slices.length)} slices of ${count(columns.length)} column${columns.length === 1 ? '' : 's'}${columns.length ? ` (${columns.slice(0, 10).map((c) => `\`${md(c)}\``).join(', ')}${columns.length > 10 ? ', ...' : ''})` : ''}, ${Math.round(s.level * 100)}% intervals from ${count(s.resamples)} resamples; a slice needs ${count(s.minSupport)} rows to be flagged. Overall: ${s.overall.map((o) => `${md(o.key)} ${num(o.value)}`).join(', ')}.`,
      '',
    );
    const flagged = s.slices.flatMap((x) => x.metrics.filter((m) => m.worst).map((m) => ({ slice: x, m })));
    if (flagged.length === 0) out.push('No slice is flagged as worse than the model overall.');
    else
      out.push(
        'Slices flagged as worse than overall:',
        '',
        table(
          ['slice', 'rows', 'metric', 'value', 'interval', 'why flagged'],
          flagged.map(({ slice, m }) => [md(slice.label), count(slice.support), md(m.key), num(m.value), m.low === null || m.high === null ? 'n/a' : `[${num(m.low)}, ${num(m.high)}]`, m.worstReason === 'ci_below_overall' ? 'interval excludes the overall value' : 'among the worst'])
        ),
      );
  }
  out.push('');
  const f = e.fairness;
  if (!f) out.push('No sensitive column was named, so no fairness gaps were computed.');
  else {
    const r = f.report;
    out.push(
      `Fairness across groups of \`${md(f.column)}\` (positive class ${md(input.classes?.[r.posLabel] ?? String(r.posLabel))}, ${r.threshold === null ? 'most probable class' : `threshold ${num(r.threshold)}`}):`,
      '',
      table(
        ['group', 'rows', 'selection rate', 'true positive rate', 'false positive rate'],
        r.groups.map((g) => [md(g.label), count(g.rows), pct(g.selectionRate), pct(g.truePositiveRate), pct(g.falsePositiveRate)]),
      ),
      '',
      `Demographic parity difference ${num(r.demographicParityDifference)} (ratio ${num(r.demographicParityRatio)}), equal opportunity difference ${num(r.equalOpportunityDifference)}, equalized odds difference ${num(r.equalizedOddsDifference)}.`,
      ...r.notes.map((n) => `> ${md(n)}`),
    );
  }
  return out.join('\n');
}

export function calibrationSection(input: ModelCardInput): string {
  const e = input.evaluation;
  const out = ['## Calibration', ''];
  if (input.task === 'regression') {
    out.push('Not applicable: the model predicts a value, not probabilities.');
    return out.join('\n');
  }
  const wanted = ['log_loss', 'brier_score', 'expected_calibration_error'];
  const found = e.metrics.metrics.filter((m) => wanted.includes(m.key.replace(/\(.*$/, '')) && m.value !== null);
  out.push(
    found.length ? `Probability quality: ${found.map((m) => `${md(m.key)} ${num(m.value)} ${interval(m.ci)}`).join('; ')}.` : 'No probability-quality metric was computed.',
    e.decision
      ? `Decision rule: predict ${md(input.classes?.[e.decision.posLabel] ?? String(e.decision.posLabel))} when its probability is at least ${num(e.decision.threshold)}${e.decision.rule ? ` (${md(e.decision.rule)})` : ''}.`
      : 'Decision rule: the most probable class.',
    input.protocol.calibration ? `Post-hoc calibration: ${input.protocol.calibration === 'sigmoid' ? 'Platt scaling' : 'isotonic regression'} was applied before these numbers were computed; it is not part of the exported model.` : 'No post-hoc calibration was applied.',
  );
  const curves = e.calibration?.curves.filter((c) => c.available) ?? [];
  const shown = input.task === 'binary' ? curves.slice(0, 1) : curves.slice(0, 3);
  for (const c of shown) {
    out.push(
      '',
      `Reliability of class ${md(input.classes?.[c.classIndex] ?? String(c.classIndex))} (${e.calibration!.strategy} bins):`,
      '',
      table(['bin', 'rows', 'mean predicted', 'observed'], c.bins.map((b, i) => [String(b + 1), count(c.counts[i]!), num(c.probPred[i]), num(c.probTrue[i])])),
    );
  }
  return out.join('\n');
}
