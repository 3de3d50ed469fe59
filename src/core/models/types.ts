import type * as tfjs from '@tensorflow/tfjs';
import type { CancelToken } from '../jobs.ts';
import type { Rng } from '../random.ts';
import type { ModelSpec, NormalizedSpec, Task } from '../spec/types.ts';
import type { EpochRecord, TrainEvent } from '../train/events.ts';
import type { HistogramBuilderFactory } from './gbdt/histogram.ts';
import type { TreeEnsemble } from '../evaluate/explain/tree-format.ts';
import type { ModelArtifact } from './artifact.ts';

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
  /**
   * Per input column, 1 when the column holds category codes (whole numbers 0..253, NaN for
   * missing) that tree models may split as sets; absent = every column numeric.
   */
  categorical?: Uint8Array;
}

export interface FitContext {
  tf: typeof tfjs;
  task: Task;
  rng: Rng;
  cancel: CancelToken;
  training: NormalizedSpec['training'];
  onEvent?: (e: TrainEvent) => void;
  fold?: number;
  /** Tree models: who builds gradient histograms (worker pool, WebGPU). Default: the CPU loop on this thread. */
  histograms?: HistogramBuilderFactory;
  /**
   * Warm start (ASHA promotions): where a model that can continue training finds the state a
   * shorter fit of the same configuration on the same rows left, and leaves its own. Models
   * that cannot resume ignore it and train from scratch.
   */
  warm?: WarmSlot;
}

/** One configuration's resumable training state on one fold (see search/warm-store.ts). */
export interface WarmSlot {
  /** The stored state, removed from the store: the caller owns it now (and disposes it if unused). */
  take(): unknown;
  /** Offers `state` (about `bytes` large) for a longer fit later; false when not kept (the caller keeps ownership). `dispose` frees it on eviction. */
  put(state: unknown, bytes: number, dispose?: () => void): boolean;
}

export interface TrainedModel {
  /** Classification: n*k probabilities (row-major). Regression: n predicted values. */
  predict(X: Float32Array, n: number): Promise<Float64Array>;
  history: EpochRecord[];
  bestEpoch?: number;
  /**
   * Tree models: the fitted trees in the shared tree-ensemble format, over the same input
   * columns predict() takes; exact TreeSHAP uses it. Absent for every other model.
   */
  trees?: TreeEnsemble;
  /** Frees GPU memory held by weights. Safe to call twice. */
  dispose(): void;
  /** The fitted model as plain data (see artifact.ts); `loadModel` turns it back into a model that predicts identically. */
  save(): Promise<ModelArtifact>;
}

/** A registered model kind: looked up by its kebab-case `name`, never by class name. */
export interface ModelDef<S extends ModelSpec = ModelSpec> {
  name: S['kind'];
  tasks: readonly Task[];
  describe: string;
  fit(spec: Required<S>, data: FitData, ctx: FitContext): Promise<TrainedModel>;
  /** Rebuild a fitted model from what its save() wrote. Throws model_artifact_invalid on anything it did not write. */
  load(artifact: ModelArtifact, tf: typeof tfjs): Promise<TrainedModel>;
}
