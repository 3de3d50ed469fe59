import type { Schedule } from '../spec/types.ts';

/**
 * Learning-rate schedules, per epoch (1-based). Formulas, with base rate `lr`, epoch `e` of `E`:
 * - constant: lr;
 * - step:     lr * factor^floor((e - 1) / every);
 * - cosine:   warm-up e <= W: lr * e / W; then with t = (e - W - 1) / (E - W):
 *             lr * (minFactor + (1 - minFactor) * (1 + cos(pi * t)) / 2)  (lr at e = W + 1; the curve
 *             would reach lr * minFactor one epoch after the last, so the last epoch still learns,
 *             as PyTorch's CosineAnnealingLR with T_max = E - W);
 * - plateau:  starts at lr; after `patience` epochs in a row without a strictly better monitored
 *             value, multiplies the rate by `factor` (never below lr * minFactor) and waits again.
 */
export function scheduledRate(s: Schedule, base: number, epoch: number, totalEpochs: number): number {
  switch (s.kind) {
    case 'constant':
    case 'plateau':
      return base;
    case 'step':
      return base * (s.factor ?? 0.5) ** Math.floor((epoch - 1) / (s.every ?? 10));
    case 'cosine': {
      const warm = s.warmupEpochs ?? 0;
      const minFactor = s.minFactor ?? 0;
      if (epoch <= warm) return (base * epoch) / warm;
      const t = Math.min(1, (epoch - warm - 1) / Math.max(1, totalEpochs - warm));
      return base * (minFactor + ((1 - minFactor) * (1 + Math.cos(Math.PI * t))) / 2);
    }
  }
}

/** Stateful schedule: `rate(epoch)` before an epoch, `observe(value)` with the monitored value after it. */
export class LearningRateSchedule {
  readonly #s: Schedule;
  readonly #base: number;
  readonly #total: number;
  readonly #higherIsBetter: boolean;
  #current: number;
  #best: number;
  #wait = 0;

  constructor(s: Schedule, base: number, totalEpochs: number, higherIsBetter = false) {
    this.#s = s;
    this.#base = base;
    this.#total = totalEpochs;
    this.#higherIsBetter = higherIsBetter;
    this.#current = base;
    this.#best = higherIsBetter ? -Infinity : Infinity;
  }

  rate(epoch: number): number {
    return this.#s.kind === 'plateau' ? this.#current : scheduledRate(this.#s, this.#base, epoch, this.#total);
  }

  observe(value: number): void {
    if (this.#s.kind !== 'plateau') return;
    const better = this.#higherIsBetter ? value > this.#best : value < this.#best;
    if (better) {
      this.#best = value;
      this.#wait = 0;
      return;
    }
    if (++this.#wait >= (this.#s.patience ?? 5)) {
      this.#current = Math.max(this.#current * (this.#s.factor ?? 0.5), this.#base * (this.#s.minFactor ?? 0.001));
      this.#wait = 0;
    }
  }
}
