/**
 * From the searches' best-so-far curves to the figures the issue asks for: the best CV score
 * after n trials (mean over seeds), each search's wall time, how many trials TPE needs to reach
 * random search's final score, and how long ASHA takes to.
 */
import type { BestSoFarPoint } from '../../src/core/search/types.ts';

export interface SearchRun {
  task: string;
  strategy: 'random' | 'tpe' | 'asha' | 'asha-cold';
  seed: number;
  metric: string;
  direction: 'maximize' | 'minimize';
  curve: BestSoFarPoint[];
  wallMs: number;
}

/** Best score once `n` configurations had started (the curve's last point with trials <= n). */
export function bestAfter(curve: readonly BestSoFarPoint[], n: number): number | null {
  let best: number | null = null;
  for (const p of curve) if (p.trials <= n) best = p.best;
  return best;
}

/** Trials (configurations) and ms until the curve is at least as good as `target`; null if never. */
export function reach(run: SearchRun, target: number): { trials: number; ms: number } | null {
  const better = (v: number) => (run.direction === 'maximize' ? v >= target - 1e-12 : v <= target + 1e-12);
  const p = run.curve.find((q) => q.best !== null && better(q.best));
  return p ? { trials: p.trials, ms: p.elapsedMs } : null;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export interface TaskSummary {
  task: string;
  metric: string;
  direction: string;
  /** Mean over seeds of the best score after each checkpoint, per strategy. */
  bestAfter: Record<string, Record<string, number>>;
  /** Mean wall time of a whole search (s), per strategy. */
  wallS: Record<string, number>;
  /** Per strategy, on how many seeds it reached random search's final score, and the median trials / seconds it took. */
  reachRandomFinal: Record<string, { seeds: number; of: number; medianTrials: number; medianS: number }>;
}

export function summarize(runs: SearchRun[], checkpoints: number[]): TaskSummary[] {
  const tasks = [...new Set(runs.map((r) => r.task))];
  return tasks.map((task) => {
    const mine = runs.filter((r) => r.task === task);
    const strategies = [...new Set(mine.map((r) => r.strategy))];
    const summary: TaskSummary = { task, metric: mine[0]!.metric, direction: mine[0]!.direction, bestAfter: {}, wallS: {}, reachRandomFinal: {} };
    const last = checkpoints[checkpoints.length - 1]!;
    for (const s of strategies) {
      const rs = mine.filter((r) => r.strategy === s);
      // A mean over only the seeds that have a score by then would compare different seeds: NaN (shown "-") until all do.
      summary.bestAfter[s] = Object.fromEntries(
        checkpoints.map((n) => {
          const bests = rs.map((r) => bestAfter(r.curve, n));
          return [String(n), bests.every((v) => v !== null) ? mean(bests as number[]) : NaN];
        }),
      );
      summary.wallS[s] = mean(rs.map((r) => r.wallMs / 1000));
      const reached = rs
        .map((r) => {
          const random = mine.find((q) => q.strategy === 'random' && q.seed === r.seed);
          const target = random ? bestAfter(random.curve, last) : null;
          return target === null ? null : reach(r, target);
        })
        .filter((x): x is { trials: number; ms: number } => x !== null);
      summary.reachRandomFinal[s] = { seeds: reached.length, of: rs.length, medianTrials: median(reached.map((x) => x.trials)), medianS: median(reached.map((x) => x.ms / 1000)) };
    }
    return summary;
  });
}

const f = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '-' : Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(4));

/** A Markdown table per task. */
export function table(summaries: TaskSummary[], checkpoints: number[]): string {
  const out: string[] = [];
  for (const s of summaries) {
    out.push(`### ${s.task}: ${s.direction} ${s.metric} (mean over seeds)`, '');
    out.push(`| strategy | ${checkpoints.map((n) => `best after ${n}`).join(' | ')} | wall time (s) | reached random's final | median trials to reach | median s to reach |`);
    out.push(`|---|${checkpoints.map(() => '---:').join('|')}|---:|---:|---:|---:|`);
    for (const strategy of Object.keys(s.bestAfter)) {
      const r = s.reachRandomFinal[strategy]!;
      out.push(`| ${strategy} | ${checkpoints.map((n) => f(s.bestAfter[strategy]![String(n)])).join(' | ')} | ${s.wallS[strategy]!.toFixed(1)} | ${r.seeds}/${r.of} | ${Number.isNaN(r.medianTrials) ? '-' : String(r.medianTrials)} | ${Number.isNaN(r.medianS) ? '-' : r.medianS.toFixed(2)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
