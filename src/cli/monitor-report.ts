/** The monitoring report as text tables for the terminal (`benchtop score --drift`). */
import type { DriftReport, FeatureDrift, PerformanceReport, ShadowComparison } from '../core/monitor/types.ts';

const num = (v: number | null | undefined, digits = 3): string =>
  v === null || v === undefined || Number.isNaN(v) ? '-' : !Number.isFinite(v) ? (v > 0 ? 'inf' : '-inf') : Math.abs(v) >= 1000 ? v.toFixed(0) : String(Number(v.toPrecision(digits)));
const p = (v: number): string => (v < 1e-4 ? '<0.0001' : num(v, 2));
const pct = (v: number | null): string => (v === null ? '-' : `${num(v * 100, 3)}%`);

/** Left-aligned columns, two spaces apart. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => rows.reduce((w, r) => Math.max(w, (r[i] ?? '').length), h.length));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function driftRow(f: FeatureDrift): string[] {
  const test = f.ks
    ? `KS ${num(f.ks.statistic)} p ${p(f.ks.pValue)}`
    : f.chiSquared
      ? `chi2 ${num(f.chiSquared.statistic)} (${f.chiSquared.dof} df) w ${num(f.chiSquared.effect.value)} p ${p(f.chiSquared.pValue)}`
      : '-';
  const distance = f.wasserstein ? `W ${num(f.wasserstein.value)} (${num(f.wasserstein.standardized)} sd)` : f.jensenShannon ? `JS ${num(f.jensenShannon.value)}` : '-';
  return [
    f.column,
    f.kind,
    `${f.nReference} / ${f.nCurrent}`,
    `${pct(f.missingReference)} / ${pct(f.missingCurrent)}`,
    f.psi ? num(f.psi.value) : '-',
    test,
    distance,
    f.verdict.toUpperCase(),
  ];
}

const DRIFT_HEADER = ['column', 'kind', 'n ref / batch', 'missing ref / batch', 'PSI', 'test', 'distance', 'verdict'];

export function driftText(report: DriftReport): string {
  const t = report.thresholds;
  const out = [
    `Input drift: ${report.verdict.toUpperCase()} (${report.counts.drift} drift, ${report.counts.warn} warn, ${report.counts.ok} ok, ${report.counts.insufficient} insufficient, ${report.counts.skipped} skipped)`,
    table(DRIFT_HEADER, report.features.map(driftRow)),
  ];
  const reasons = report.features.filter((f) => f.reasons.length && f.verdict !== 'ok').map((f) => `  ${f.column}: ${f.reasons.join('; ')}`);
  if (reasons.length) out.push(reasons.join('\n'));
  if (report.predictions.length) out.push('', 'Prediction drift:', table(DRIFT_HEADER, report.predictions.map(driftRow)));
  else if (report.predictionsNote) out.push('', `Prediction drift: not computed (${report.predictionsNote}).`);
  out.push(
    '',
    `Lines: PSI ${t.psi.warn} warn / ${t.psi.drift} drift; tests count when p < ${t.alpha} and KS >= ${t.ks.warn}/${t.ks.drift} or Cohen's w >= ${t.cohenW.warn}/${t.cohenW.drift}; missing rise ${t.missingRise.warn}/${t.missingRise.drift}; at least ${t.minSamples} values per side.`,
  );
  return out.join('\n');
}

/** Metrics without parameters (accuracy, roc_auc, log_loss ...), plus any variant that left the card's interval: the JSON has them all. */
export function performanceText(perf: PerformanceReport): string {
  const shown = perf.metrics.filter((m) => !m.metric.includes('(') || m.verdict === 'worse' || m.verdict === 'better');
  const rows = shown.map((m) => [
    m.metric,
    m.card === null ? '-' : `${num(m.card, 4)}${m.cardCi ? ` [${num(m.cardCi[0], 4)}, ${num(m.cardCi[1], 4)}]` : ''}`,
    m.current === null ? '-' : `${num(m.current, 4)}${m.currentCi ? ` [${num(m.currentCi[0], 4)}, ${num(m.currentCi[1], 4)}]` : ''}`,
    m.delta === null ? '-' : `${m.delta >= 0 ? '+' : ''}${num(m.delta, 3)}`,
    m.verdict.toUpperCase(),
  ]);
  const level = perf.metrics[0]?.level ?? 0.95;
  return [
    `Performance on ${perf.rows} labelled rows (${perf.skipped} without a usable "${perf.target}"): ${perf.verdict.toUpperCase()} on ${perf.headline || 'no metric'}`,
    table(['metric', `card [${Math.round(level * 100)}% CI]`, 'batch [CI]', 'delta', 'verdict'], rows),
  ].join('\n');
}

export function shadowText(s: ShadowComparison): string {
  const lines = [`Shadow ${s.shadow} vs ${s.primary} on ${s.rows} rows:`];
  if (s.agreement !== null) lines.push(`  same label on ${pct(s.agreement)} of rows`);
  lines.push(`  mean |difference| of ${s.task === 'regression' ? 'predictions' : 'class probabilities'} ${num(s.meanAbsDelta, 4)} (max ${num(s.maxAbsDelta, 4)})`);
  if (s.confusion) {
    const header = [`${s.primary} \\ ${s.shadow}`, ...s.confusion.labels];
    lines.push(table(header, s.confusion.labels.map((l, i) => [l, ...s.confusion!.counts[i]!.map(String)])).replace(/^/gm, '  '));
  }
  if (s.paired) lines.push(`  ${s.paired.sentence}`);
  return lines.join('\n');
}
