import { defaultDriftThresholds } from '../../core/monitor/thresholds.ts';
import { judge, overallVerdict, verdictCounts } from '../../core/monitor/verdict.ts';
import type {
  DriftReport,
  DriftThresholds,
  FeatureDrift,
  MonitorScoreResult,
  MonitoringRunDetail,
  MonitoringRunSummary,
  PredictionsFormat,
} from '../../../workers/monitor-api.ts';
import type { ModelVersionDetail, ModelVersionSummary, RegisteredModelSummary } from '../../../workers/registry-api.ts';
import { toUiError, type Studio, type UiError } from '../worker-client.ts';
import { WorkerJob } from './WorkerJob.svelte.ts';

/** A version or alias the page can score with: `ref` is what the worker resolves ("penguins@2", "penguins@champion"). */
export interface VersionChoice {
  ref: string;
  label: string;
  /** The version the ref points at now. */
  version: number;
}

/** Where the report on screen came from: the batch just scored, or a run opened from the history. */
export type ReportSource = 'scored' | 'history';

/**
 * A model version's monitoring page: choosing what to score with (a version or an alias, and an
 * optional shadow), scoring a batch as a cancellable worker job, the drift report of the batch
 * just scored or of a past run, verdicts re-drawn at thresholds the person edits (the statistics
 * stay; only the lines move), and the history of runs, which can be opened and deleted.
 */
export class MonitorPageState {
  readonly #api: Studio;
  readonly name: string;
  /** The version whose page this is. */
  readonly version: number;
  readonly scoring: WorkerJob<MonitorScoreResult>;

  #detail = $state.raw<ModelVersionDetail | null>(null);
  #loadError = $state.raw<UiError | null>(null);
  #model = $state.raw<RegisteredModelSummary | null>(null);
  #versions = $state.raw<ModelVersionSummary[]>([]);
  #defaults = $state.raw<DriftThresholds | null>(null);
  /** The lines the next score uses and the report on screen is judged at; null: the defaults. */
  #thresholds = $state.raw<DriftThresholds | null>(null);

  #runs = $state.raw<MonitoringRunSummary[]>([]);
  #runsError = $state.raw<UiError | null>(null);
  #runsLoaded = $state(false);

  #report = $state.raw<MonitoringRunDetail | null>(null);
  #reportSource = $state<ReportSource>('scored');
  #opening = $state<string | null>(null);
  #openError = $state.raw<UiError | null>(null);

  /** The version or alias to score with. */
  ref = $state('');
  /** '' for none. */
  shadow = $state('');
  drift = $state(true);
  format = $state<PredictionsFormat>('csv');

  constructor(api: Studio, name: string, version: number) {
    this.#api = api;
    this.name = name;
    this.version = version;
    this.ref = `${name}@${version}`;
    this.scoring = new WorkerJob<MonitorScoreResult>(api);
  }

  get detail(): ModelVersionDetail | null {
    return this.#detail;
  }
  get loadError(): UiError | null {
    return this.#loadError;
  }
  /** Versions (newest first) and aliases of the model, as choices. */
  get choices(): VersionChoice[] {
    const versions = this.#versions.map((v) => ({
      ref: v.id,
      label: `v${v.version}${v.aliases.length ? ` (${v.aliases.join(', ')})` : ''} · ${v.kind}`,
      version: v.version,
    }));
    const aliases = Object.entries(this.#model?.aliases ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([alias, version]) => ({ ref: `${this.name}@${alias}`, label: `${alias} → v${version}`, version }));
    return [...versions, ...aliases];
  }
  get defaults(): DriftThresholds | null {
    return this.#defaults;
  }
  /** The lines in force for the next score (the defaults until edited). */
  get thresholds(): DriftThresholds | null {
    return this.#thresholds ?? this.#defaults;
  }
  get thresholdsEdited(): boolean {
    return this.#thresholds !== null;
  }
  get runs(): MonitoringRunSummary[] {
    return this.#runs;
  }
  get runsError(): UiError | null {
    return this.#runsError;
  }
  get runsLoaded(): boolean {
    return this.#runsLoaded;
  }
  /** The run on screen, as recorded. */
  get report(): MonitoringRunDetail | null {
    return this.#report;
  }
  get reportSource(): ReportSource {
    return this.#reportSource;
  }
  /** Id of the run being opened from the history. */
  get opening(): string | null {
    return this.#opening;
  }
  get openError(): UiError | null {
    return this.#openError;
  }
  /** The predictions file of the batch just scored (past runs keep only its hash). */
  get result(): MonitorScoreResult | null {
    return this.#reportSource === 'scored' ? this.scoring.result : null;
  }

  /**
   * The report's drift judged at the thresholds in force: the same statistics, verdicts drawn at
   * the edited lines. Equal to the recorded drift when the lines are the ones it was made with.
   */
  get judgedDrift(): DriftReport | null {
    const drift = this.#report?.drift ?? null;
    const t = this.thresholds;
    if (!drift || !t || sameThresholds(drift.thresholds, t)) return drift;
    return rejudge(drift, t);
  }

  /** Whether the verdicts on screen differ from the recorded ones' lines. */
  get rejudged(): boolean {
    const drift = this.#report?.drift;
    const t = this.thresholds;
    return !!drift && !!t && !sameThresholds(drift.thresholds, t);
  }

  async load(): Promise<void> {
    try {
      const [detail, model, versions, defaults] = await Promise.all([
        this.#api.modelVersion(`${this.name}@${this.version}`),
        this.#api.registeredModel(this.name),
        this.#api.modelVersions(this.name),
        // The worker's lines are the ones runs are judged at; the core's (the same function) stand in if it cannot say.
        this.#api.defaultDriftThresholds().catch(() => defaultDriftThresholds()),
      ]);
      this.#detail = detail;
      this.#model = model;
      this.#versions = versions;
      this.#defaults = defaults;
      this.#loadError = null;
    } catch (e) {
      this.#loadError = toUiError(e);
      return;
    }
    await this.loadRuns();
  }

  /** Every monitoring run of the model, newest first (the view filters by version). */
  async loadRuns(): Promise<void> {
    try {
      this.#runs = await this.#api.listMonitoringRuns(this.name);
      this.#runsError = null;
    } catch (e) {
      this.#runsError = toUiError(e);
    }
    this.#runsLoaded = true;
  }

  setThresholds(t: DriftThresholds | null): void {
    this.#thresholds = t;
  }

  async score(file: File, note = ''): Promise<MonitorScoreResult | null> {
    const t = this.#thresholds;
    const ref = this.ref;
    const shadow = this.shadow || undefined;
    const options = { format: this.format, drift: this.drift, ...(t ? { thresholds: t } : {}), ...(shadow ? { shadow } : {}), ...(note ? { note } : {}) };
    const result = await this.scoring.run((jobId, onProgress) => this.#api.monitorScore(ref, file, options, jobId, onProgress), { clear: true });
    if (result) {
      this.#report = result.run;
      this.#reportSource = 'scored';
      this.#openError = null;
      await this.loadRuns();
    }
    return result;
  }

  async open(id: string): Promise<boolean> {
    this.#opening = id;
    this.#openError = null;
    try {
      this.#report = await this.#api.getMonitoringRun(id);
      this.#reportSource = this.scoring.result?.run.id === id ? 'scored' : 'history';
      return true;
    } catch (e) {
      this.#openError = toUiError(e);
      return false;
    } finally {
      this.#opening = null;
    }
  }

  /** Deletes the run; resolves to the error, or null. */
  async remove(id: string): Promise<UiError | null> {
    try {
      await this.#api.deleteMonitoringRun(id);
    } catch (e) {
      return toUiError(e);
    }
    if (this.#report?.id === id) this.#report = null;
    await this.loadRuns();
    return null;
  }
}

function sameThresholds(a: DriftThresholds, b: DriftThresholds): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Skipped columns have nothing to judge; every other row gets its verdict drawn again. */
function rejudgeRows(rows: readonly FeatureDrift[], t: DriftThresholds): FeatureDrift[] {
  return rows.map((r) => (r.verdict === 'skipped' || r.kind === 'skipped' ? r : judge(r, t)));
}

function rejudge(drift: DriftReport, t: DriftThresholds): DriftReport {
  // Significance is a fact of the p-value and alpha: recompute it, or a changed alpha would not move anything.
  const resig = (rows: readonly FeatureDrift[]): FeatureDrift[] =>
    rows.map((r) => ({
      ...r,
      ...(r.ks ? { ks: { ...r.ks, significant: r.ks.pValue < t.alpha } } : {}),
      ...(r.chiSquared ? { chiSquared: { ...r.chiSquared, significant: r.chiSquared.pValue < t.alpha } } : {}),
    }));
  const features = rejudgeRows(resig(drift.features), t);
  const predictions = rejudgeRows(resig(drift.predictions), t);
  return { ...drift, features, predictions, verdict: overallVerdict(features), counts: verdictCounts(features), thresholds: t };
}
