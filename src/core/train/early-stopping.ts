import type * as tfjs from '@tensorflow/tfjs';
import type { EarlyStopping } from '../spec/types.ts';

/**
 * Tracks the monitored value (lower is better, or higher with `higherIsBetter`), keeps a copy of
 * the weights at the best epoch and restores them at the end. With early stopping disabled it
 * never stops, and restore is a no-op, so the final weights are the last epoch's. A NaN value
 * (e.g. roc_auc with one class in the validation rows) never counts as an improvement.
 */
export class EarlyStopper {
  readonly enabled: boolean;
  readonly higherIsBetter: boolean;
  #patience: number;
  #minDelta: number;
  #best: number;
  #bestEpoch = 0;
  #wait = 0;
  #snapshot: tfjs.Tensor[] | null = null;

  constructor(cfg: Pick<Required<EarlyStopping>, 'enabled' | 'patience' | 'minDelta'>, higherIsBetter = false) {
    this.enabled = cfg.enabled;
    this.higherIsBetter = higherIsBetter;
    this.#patience = cfg.patience;
    this.#minDelta = cfg.minDelta;
    this.#best = higherIsBetter ? -Infinity : Infinity;
  }

  get bestEpoch(): number {
    return this.#bestEpoch;
  }

  get best(): number {
    return this.#best;
  }

  observe(epoch: number, value: number): 'improved' | 'waiting' | 'stop' {
    if (!this.enabled) return 'waiting';
    const improved = this.higherIsBetter ? value > this.#best + this.#minDelta : value < this.#best - this.#minDelta;
    if (improved) {
      this.#best = value;
      this.#bestEpoch = epoch;
      this.#wait = 0;
      return 'improved';
    }
    this.#wait++;
    return this.#wait >= this.#patience ? 'stop' : 'waiting';
  }

  snapshot(tf: typeof tfjs, vars: tfjs.Variable[]): void {
    this.dispose();
    this.#snapshot = tf.tidy(() => vars.map((v) => v.clone()));
  }

  restore(vars: tfjs.Variable[]): void {
    if (!this.enabled || !this.#snapshot) return;
    vars.forEach((v, i) => v.assign(this.#snapshot![i]!));
  }

  dispose(): void {
    this.#snapshot?.forEach((t) => t.dispose());
    this.#snapshot = null;
  }
}
