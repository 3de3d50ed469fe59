/**
 * Asynchronous successive halving (ASHA; Li et al., 2020). Every configuration starts on the
 * lowest rung (the least training); whenever a job is to be chosen, the highest rung that has
 * a configuration among its best 1/eta not yet promoted sends that configuration up one rung
 * (eta times the training); otherwise a new configuration starts at the bottom. Poor
 * configurations are thus stopped after little training without waiting for a whole cohort.
 *
 * A promotion continues the configuration's training where its lower rung stopped (more
 * boosting rounds or epochs: warm-store.ts), so a configuration that reaches the top costs one
 * full training. Models that cannot resume retrain from scratch with the longer budget, which
 * costs about eta / (eta - 1) times one full training and gives the same score.
 *
 * Decisions here are pure functions of the finished jobs they are shown: the search loop
 * shows job j the jobs that finished among 0..j-concurrency (see search-loop.ts), so ASHA is
 * deterministic sequentially, and in parallel too, where it decides on slightly older
 * information than the sequential run would (a promotion may come a few jobs later).
 */

/**
 * Rung resources: maxResource / eta^k for k = K..0, rounded, with K the most halvings that stay
 * at or above minResource. The top rung is always maxResource, the full training.
 */
export function ashaRungs(minResource: number, maxResource: number, eta: number): number[] {
  const k = Math.max(0, Math.floor(Math.log(maxResource / minResource) / Math.log(eta) + 1e-9));
  const rungs: number[] = [];
  for (let i = k; i >= 0; i--) {
    const r = Math.max(1, Math.round(maxResource / eta ** i));
    if (rungs.length === 0 || r > rungs[rungs.length - 1]!) rungs.push(r);
  }
  return rungs;
}

/** A finished job on a rung; failed jobs carry an infinite loss (counted, never promoted). */
export interface RungResult {
  trial: number;
  rung: number;
  loss: number;
}

export type AshaStep = { kind: 'promote'; trial: number; rung: number } | { kind: 'new' } | null;

/**
 * The next job: a promotion, a new configuration (when `canStartNew`), or null (nothing to do
 * on this information). `decided` lists every job already chosen (finished or not), so a
 * configuration is promoted once.
 *
 * Finishing: once no new configuration may start, every chosen job has finished and the rule
 * promotes nothing, a search whose top rung is still empty (a small trial budget: fewer than
 * eta configurations reached some rung) promotes the best configuration of its highest rung,
 * so every search ends with at least one configuration trained fully.
 */
export function ashaNext(
  rungCount: number,
  eta: number,
  finished: readonly RungResult[],
  decided: readonly { trial: number; rung: number }[],
  canStartNew: boolean,
): AshaStep {
  for (let k = rungCount - 2; k >= 0; k--) {
    const onRung = finished.filter((r) => r.rung === k).sort((a, b) => a.loss - b.loss || a.trial - b.trial);
    const top = Math.floor(onRung.length / eta);
    const promoted = new Set(decided.filter((d) => d.rung === k + 1).map((d) => d.trial));
    const pick = onRung.slice(0, top).find((r) => Number.isFinite(r.loss) && !promoted.has(r.trial));
    if (pick) return { kind: 'promote', trial: pick.trial, rung: k + 1 };
  }
  if (canStartNew) return { kind: 'new' };
  const top = rungCount - 1;
  if (top === 0 || finished.length < decided.length || decided.some((d) => d.rung === top)) return null;
  for (let k = top - 1; k >= 0; k--) {
    const promoted = new Set(decided.filter((d) => d.rung === k + 1).map((d) => d.trial));
    const best = finished
      .filter((r) => r.rung === k && Number.isFinite(r.loss) && !promoted.has(r.trial))
      .sort((a, b) => a.loss - b.loss || a.trial - b.trial)[0];
    if (best) return { kind: 'promote', trial: best.trial, rung: k + 1 };
    if (finished.some((r) => r.rung === k)) return null;
  }
  return null;
}
