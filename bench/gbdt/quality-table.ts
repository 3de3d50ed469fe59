/**
 * Summaries and the Markdown table of bench/gbdt/quality.ts: mean ± std over folds per model
 * and metric, the best model per metric, and whether each Benchtop model is within one std of
 * it (|mean - best| <= max(own std, best's std)).
 */
export const BENCHTOP = ['benchtop-gbdt', 'benchtop-rf'] as const;
const ORDER = ['benchtop-gbdt', 'benchtop-rf', 'sklearn-hist', 'sklearn-rf', 'xgboost'];
const HIGHER_IS_BETTER: Record<string, boolean> = { accuracy: true, roc_auc: true, r2: true, log_loss: false, rmse: false };

export interface MetricSummary {
  higher_is_better: boolean;
  models: Record<string, { mean: number; std: number; folds: number[] }>;
  best: string;
  /** Per Benchtop model: within one std of the best (true when it is the best). */
  within: Record<string, boolean>;
}

export interface Summary {
  dataset: string;
  source: string;
  task: string;
  rows: number;
  features: number;
  k: number;
  dropped?: string[];
  categorical?: string[];
  metrics: Record<string, MetricSummary>;
  seconds: Record<string, number>;
  settings: Record<string, string>;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs: number[]): number => {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
};
const r = (x: number, digits = 4): number => Math.round(x * 10 ** digits) / 10 ** digits;

export function summarise(
  dataset: string,
  ds: { source: string; task: string; X: unknown[]; columns: string[]; k: number; dropped?: string[]; categorical?: string[] },
  perModel: Record<string, { folds: Record<string, number>[]; seconds: number; settings: string }>,
): Summary {
  const models = ORDER.filter((m) => perModel[m]).concat(Object.keys(perModel).filter((m) => !ORDER.includes(m)));
  const metricNames = Object.keys(perModel[models[0]!]?.folds[0] ?? {});
  const metrics: Record<string, MetricSummary> = {};
  for (const metric of metricNames) {
    const higher = HIGHER_IS_BETTER[metric] ?? true;
    const stats: MetricSummary['models'] = {};
    for (const m of models) {
      const xs = perModel[m]!.folds.map((f) => f[metric]!);
      stats[m] = { mean: r(mean(xs)), std: r(std(xs)), folds: xs.map((x) => r(x)) };
    }
    const best = models.reduce((a, b) => ((higher ? stats[b]!.mean > stats[a]!.mean : stats[b]!.mean < stats[a]!.mean) ? b : a));
    const within: Record<string, boolean> = {};
    for (const m of BENCHTOP)
      if (stats[m]) within[m] = Math.abs(stats[m].mean - stats[best]!.mean) <= Math.max(stats[m].std, stats[best]!.std) + 1e-12;
    metrics[metric] = { higher_is_better: higher, models: stats, best, within };
  }
  return {
    dataset, source: ds.source, task: ds.task, rows: ds.X.length, features: ds.columns.length, k: ds.k,
    ...(ds.dropped?.length ? { dropped: ds.dropped } : {}),
    ...(ds.categorical?.length ? { categorical: ds.categorical } : {}),
    metrics,
    seconds: Object.fromEntries(models.map((m) => [m, r(perModel[m]!.seconds, 2)])),
    settings: Object.fromEntries(models.map((m) => [m, perModel[m]!.settings])),
  };
}

export function markdownTable(summaries: readonly Summary[], folds: number): string {
  const models = ORDER.filter((m) => summaries.some((s) => Object.values(s.metrics).some((x) => x.models[m])));
  const lines = [
    `${folds}-fold CV, default settings, same folds and rows for every model; mean ± std over folds, best in bold. ` +
      '"within 1 std": |mean - best| <= max(own std, best std).',
    '',
    `| dataset | metric | ${models.join(' | ')} | GBDT within 1 std | RF within 1 std |`,
    `| --- | --- | ${models.map(() => '---').join(' | ')} | --- | --- |`,
  ];
  for (const s of summaries) {
    for (const [metric, m] of Object.entries(s.metrics)) {
      const cells = models.map((name) => {
        const x = m.models[name];
        if (!x) return 'n/a';
        const text = `${x.mean.toFixed(4)} ± ${x.std.toFixed(4)}`;
        return name === m.best ? `**${text}**` : text;
      });
      const yes = (name: string) => (m.within[name] === undefined ? 'n/a' : m.within[name] ? 'yes' : 'no');
      const label = `${s.dataset} (${s.rows}×${s.features}${s.k > 1 ? `, ${s.k} classes` : ''})`;
      lines.push(`| ${label} | ${metric}${m.higher_is_better ? ' ↑' : ' ↓'} | ${cells.join(' | ')} | ${yes('benchtop-gbdt')} | ${yes('benchtop-rf')} |`);
    }
  }
  return lines.join('\n') + '\n';
}
