/** The best trial and the best-so-far curve, from finished trials. */
import type { BestSoFarPoint, TrialRecord } from './types.ts';

/** Only full trainings compete: under ASHA, trials on the top rung (`topRung`); otherwise every finished trial. */
function competes(t: TrialRecord, topRung: number | undefined): boolean {
  return t.status === 'done' && t.score !== undefined && Number.isFinite(t.score) && (topRung === undefined || t.rung === topRung);
}

/** Lowest loss; the earlier trial on a tie. */
export function bestTrial(trials: readonly TrialRecord[], loss: (score: number) => number, topRung?: number): TrialRecord | undefined {
  let best: TrialRecord | undefined;
  for (const t of [...trials].sort((a, b) => a.index - b.index)) {
    if (!competes(t, topRung)) continue;
    if (!best || loss(t.score!) < loss(best.score!)) best = t;
  }
  return best;
}

/**
 * One point per finished job, in proposal order: the best score among jobs 0..i, how many
 * configurations had started, and when the last of those jobs had finished.
 */
export function bestSoFar(trials: readonly TrialRecord[], loss: (score: number) => number, topRung?: number): BestSoFarPoint[] {
  const out: BestSoFarPoint[] = [];
  let best: number | null = null;
  let elapsed = 0;
  const configs = new Set<number>();
  for (const t of [...trials].sort((a, b) => a.index - b.index)) {
    configs.add(t.trial);
    elapsed = Math.max(elapsed, t.finishedAtMs);
    if (competes(t, topRung) && (best === null || loss(t.score!) < loss(best))) best = t.score!;
    out.push({ index: t.index, trials: configs.size, elapsedMs: elapsed, best });
  }
  return out;
}
