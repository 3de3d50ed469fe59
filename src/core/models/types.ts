import type * as tfjs from '@tensorflow/tfjs';
import type { CancelToken } from '../jobs.ts';
import type { Rng } from '../random.ts';
import type { ModelSpec, NormalizedSpec, Task } from '../spec/types.ts';
import type { EpochRecord, TrainEvent } from '../train/events.ts';

/** Model inputs after preprocessing: row-major float matrix + encoded target. */
export interface FitData {
  X: Float32Array;
  n: number;
  d: number;
  /** Classification: class index per row. Regression: target value per row. */
  y: Int32Array | Float64Array;
  /** Number of classes (classification); 1 for regression. */
  k: number;
  /** Rows held out from fitting for early stopping and the validation curve. */
  val?: { X: Float32Array; n: number; y: Int32Array | Float64Array };
}

export interface FitContext {
  tf: typeof tfjs;
  task: Task;
  rng: Rng;
  cancel: CancelToken;
  training: NormalizedSpec['training'];
  onEvent?: (e: TrainEvent) => void;
  fold?: number;
}

export interface TrainedModel {
  /** Classification: n*k probabilities (row-major). Regression: n predicted values. */
  predict(X: Float32Array, n: number): Promise<Float64Array>;
  history: EpochRecord[];
  bestEpoch?: number;
  /** Frees GPU memory held by weights. Safe to call twice. */
  dispose(): void;
}

/** A registered model kind: looked up by its kebab-case `name`, never by class name. */
export interface ModelDef<S extends ModelSpec = ModelSpec> {
  name: S['kind'];
  tasks: readonly Task[];
  describe: string;
  fit(spec: Required<S>, data: FitData, ctx: FitContext): Promise<TrainedModel>;
}
