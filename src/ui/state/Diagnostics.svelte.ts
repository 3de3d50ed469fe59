import type { ExperimentSpec } from '../../core/spec/types.ts';
import type { SanityReport } from '../../core/train/events.ts';
import type { LearningCurve, LearningCurvePoint } from '../../../workers/api.ts';
import { newJobId, pointCallback, toUiError, type Studio, type UiError } from '../worker-client.ts';

/** Points a learning curve trains (the worker's DEFAULT_FRACTIONS: 10, 25, 50, 75, 100 %). */
export const LEARNING_CURVE_POINTS = 5;

export type CurveStatus = 'idle' | 'running' | 'cancelling' | 'done' | 'cancelled' | 'failed';

/** On-demand diagnostics of one dataset's experiment: sanity checks and the learning curve. */
export class Diagnostics {
  readonly #api: Studio;
  readonly #datasetId: string;
  #curveJobId: string | null = null;

  /** undefined: not run yet; null: the model is not a network. */
  #sanity = $state.raw<SanityReport | null | undefined>(undefined);
  #sanityLoading = $state(false);
  #sanityError = $state.raw<UiError | null>(null);
  #sanityKey = $state<string | null>(null);
  #curveKey = $state<string | null>(null);

  #curveStatus = $state<CurveStatus>('idle');
  #points = $state.raw<LearningCurvePoint[]>([]);
  #curve = $state.raw<LearningCurve | null>(null);
  #curveError = $state.raw<UiError | null>(null);

  constructor(api: Studio, datasetId: string) {
    this.#api = api;
    this.#datasetId = datasetId;
  }

  get sanity(): SanityReport | null | undefined {
    return this.#sanity;
  }
  get sanityLoading(): boolean {
    return this.#sanityLoading;
  }
  get sanityError(): UiError | null {
    return this.#sanityError;
  }
  /** The spec (as JSON) the shown sanity report was computed for. */
  get sanityKey(): string | null {
    return this.#sanityKey;
  }
  /** The spec (as JSON) the shown learning curve was computed for. */
  get curveKey(): string | null {
    return this.#curveKey;
  }
  get curveStatus(): CurveStatus {
    return this.#curveStatus;
  }
  get curveActive(): boolean {
    return this.#curveStatus === 'running' || this.#curveStatus === 'cancelling';
  }
  get points(): LearningCurvePoint[] {
    return this.#points;
  }
  get curve(): LearningCurve | null {
    return this.#curve;
  }
  get curveError(): UiError | null {
    return this.#curveError;
  }

  async runSanity(spec: ExperimentSpec): Promise<void> {
    if (this.#sanityLoading) return;
    this.#sanityLoading = true;
    this.#sanityError = null;
    try {
      this.#sanity = await this.#api.sanityChecks(this.#datasetId, spec);
      this.#sanityKey = JSON.stringify(spec);
    } catch (e) {
      this.#sanity = undefined;
      this.#sanityError = toUiError(e);
    } finally {
      this.#sanityLoading = false;
    }
  }

  async runCurve(spec: ExperimentSpec): Promise<void> {
    if (this.curveActive) return;
    const jobId = newJobId();
    this.#curveJobId = jobId;
    this.#curveStatus = 'running';
    this.#points = [];
    this.#curve = null;
    this.#curveError = null;
    this.#curveKey = JSON.stringify(spec);
    try {
      const curve = await this.#api.learningCurve(
        this.#datasetId,
        spec,
        jobId,
        pointCallback((p: LearningCurvePoint) => {
          if (this.#curveJobId === jobId) this.#points = [...this.#points, p];
        }),
      );
      this.#curve = curve;
      this.#points = curve.points;
      this.#curveStatus = 'done';
    } catch (e) {
      const err = toUiError(e);
      this.#curveStatus = err.code === 'cancelled' ? 'cancelled' : 'failed';
      if (err.code !== 'cancelled') this.#curveError = err;
    } finally {
      if (this.#curveJobId === jobId) this.#curveJobId = null;
    }
  }

  async cancelCurve(): Promise<void> {
    const jobId = this.#curveJobId;
    if (!jobId || this.#curveStatus !== 'running') return;
    this.#curveStatus = 'cancelling';
    try {
      await this.#api.cancel(jobId);
    } catch (e) {
      this.#curveError = toUiError(e);
    }
  }
}
