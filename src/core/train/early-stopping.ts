import type * as tfjs from '@tensorflow/tfjs';
import type { EarlyStopping } from '../spec/types.ts';

/**
 * Tracks the monitored loss, keeps a copy of the weights at the best epoch and restores them
 * at the end. With early stopping disabled it still never stops, and restore is a no-op, so
 * the final weights are the last epoch's.
 */
export class EarlyStopper {
  readonly enabled: boolean;
  #patience: number;
  #minDelta: number;
  #best = Infinity;
  #bestEpoch = 0;
  #wait = 0;
  #snapshot: tfjs.Tensor[] | null = null;

  constructor(cfg: Required<EarlyStopping>) {
    this.enabled = cfg.enabled;
    this.#patience = cfg.patience;
    this.#minDelta = cfg.minDelta;
  }

  get bestEpoch(): number {
    return this.#bestEpoch;
  }

  observe(epoch: number, loss: number): 'improved' | 'waiting' | 'stop' {
    if (!this.enabled) return 'waiting';
    if (loss < this.#best - this.#minDelta) {
      this.#best = loss;
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
