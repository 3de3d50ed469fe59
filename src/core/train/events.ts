/** One epoch of a neural/iterative model's training. Losses are mean per-sample loss. */
export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  /** Loss on the validation rows carved from training data; absent when there are none. */
  valLoss?: number;
  /** Milliseconds since training of this model started. */
  elapsedMs: number;
  /** Learning rate used in this epoch (after the schedule). */
  learningRate?: number;
  /** The monitored validation metric, when early stopping watches a metric rather than the loss. */
  metric?: number;
}

/** One pre-training sanity check's outcome. */
export interface SanityCheck {
  id: 'initial-loss' | 'overfit-batch' | 'inputs-matter' | 'finite-gradients';
  title: string;
  status: 'pass' | 'warn' | 'fail';
  detail: string;
  value?: number;
  expected?: number;
}

export interface SanityReport {
  checks: SanityCheck[];
}

/** Streamed from a training job to whoever watches it (the UI's loss chart, the CLI). */
export type TrainEvent =
  /**
   * 'intervals': the held-out report's bootstrap confidence intervals, after the fit (seconds on
   * a large test set), with `fraction` done in [0, 1].
   */
  | { type: 'phase'; phase: 'prepare' | 'train' | 'evaluate' | 'intervals' | 'record'; fold?: number; folds?: number; message?: string; fraction?: number }
  | { type: 'backend'; backend: string; adapter?: string }
  | { type: 'epoch'; fold?: number; record: EpochRecord; totalEpochs: number }
  | { type: 'early-stop'; fold?: number; bestEpoch: number }
  | { type: 'sanity'; fold?: number; report: SanityReport };
