/** One epoch of a neural/iterative model's training. Losses are mean per-sample loss. */
export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  /** Loss on the validation rows carved from training data; absent when there are none. */
  valLoss?: number;
  /** Milliseconds since training of this model started. */
  elapsedMs: number;
}

/** Streamed from a training job to whoever watches it (the UI's loss chart, the CLI). */
export type TrainEvent =
  | { type: 'phase'; phase: 'prepare' | 'train' | 'evaluate' | 'record'; fold?: number; folds?: number; message?: string }
  | { type: 'backend'; backend: string; adapter?: string }
  | { type: 'epoch'; fold?: number; record: EpochRecord; totalEpochs: number }
  | { type: 'early-stop'; fold?: number; bestEpoch: number };
