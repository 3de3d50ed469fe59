/** Pure helpers of the search panel: default spaces, the spec it builds, and how trials read. */
import { maxOf, minOf } from '../../../core/stats/extent.ts';
import type { SearchState, TrialRecord } from '../../../core/search/types.ts';
import type { ParamSpec, ParamValue, SearchSpace, SearchStrategy } from '../../../core/spec/search-types.ts';
import type { ExperimentSpec, ModelKind, Task } from '../../../core/spec/types.ts';
import { metricNames } from '../../../core/evaluate/registry.ts';

/** Models worth searching (the baseline and ensembles have nothing to tune here). */
export function searchModelsFor(task: Task | ''): ModelKind[] {
  return task === 'regression' ? ['gbdt', 'random-forest', 'knn', 'mlp', 'linear'] : ['gbdt', 'random-forest', 'knn', 'mlp', 'logistic', 'naive-bayes'];
}

export const STRATEGIES: readonly SearchStrategy[] = ['random', 'tpe', 'grid', 'asha'];

export const STRATEGY_NAMES: Record<SearchStrategy, string> = {
  random: 'Random',
  tpe: 'TPE (Bayesian)',
  grid: 'Grid',
  asha: 'ASHA (stop poor trials early)',
};

/** A small, sensible space per model kind: the parameters that matter most, on the ranges that usually hold the optimum. */
export function defaultSpace(kind: ModelKind): SearchSpace {
  switch (kind) {
    case 'gbdt':
      return {
        'model.learningRate': { kind: 'log-uniform', low: 0.02, high: 0.3 },
        'model.maxLeaves': { kind: 'int', low: 4, high: 64, log: true },
        'model.minSamplesLeaf': { kind: 'int', low: 2, high: 40, log: true },
        'model.subsample': { kind: 'uniform', low: 0.6, high: 1 },
      };
    case 'random-forest':
      return {
        'model.trees': { kind: 'int', low: 20, high: 200, log: true },
        'model.maxDepth': { kind: 'int', low: 2, high: 16 },
        'model.minSamplesLeaf': { kind: 'int', low: 1, high: 20, log: true },
      };
    case 'knn':
      return {
        'model.k': { kind: 'int', low: 1, high: 30, log: true },
        'model.weights': { kind: 'categorical', choices: ['uniform', 'distance'] },
      };
    case 'mlp':
      return {
        'model.learningRate': { kind: 'log-uniform', low: 1e-4, high: 1e-2 },
        'model.layers': { kind: 'int', low: 1, high: 3 },
        'model.units': { kind: 'int', low: 8, high: 128, log: true, when: { param: 'model.layers', gt: 0 } },
        'model.dropout': { kind: 'uniform', low: 0, high: 0.5 },
      };
    case 'logistic':
      return {
        'model.learningRate': { kind: 'log-uniform', low: 0.005, high: 0.3 },
        'model.l2': { kind: 'log-uniform', low: 1e-6, high: 1e-1 },
      };
    case 'linear':
      return {
        'model.l2': { kind: 'log-uniform', low: 1e-6, high: 10 },
        'model.l1': { kind: 'log-uniform', low: 1e-6, high: 1 },
      };
    case 'naive-bayes':
      return { 'model.varSmoothing': { kind: 'log-uniform', low: 1e-12, high: 1e-3 } };
    default:
      return {};
  }
}

export const spaceText = (space: SearchSpace): string => JSON.stringify(space, null, 2);

/** The editor's text as a space, or what is wrong with it (the JSON itself; the spec's schema checks the rest). */
export function parseSpaceText(text: string): { space: SearchSpace } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: `The search space is not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { error: 'The search space must be a JSON object mapping a parameter path ("model.k") to a distribution.' };
  if (Object.keys(value).length === 0) return { error: 'The search space is empty: add at least one parameter.' };
  return { space: value as SearchSpace };
}

export interface SearchForm {
  target: string;
  task: Task;
  model: ModelKind;
  space: SearchSpace;
  strategy: SearchStrategy;
  trials: number;
  /** Seconds; 0 or less: no budget. */
  timeBudgetS: number;
  seed: number;
  /** Cross-validation folds of every trial. */
  folds: number;
  /** Fixed model fields under the searched ones (e.g. gbdt rounds). */
  modelFields?: Record<string, unknown>;
  /** The metric to optimise; absent: the task's default. */
  metric?: string;
  /** Trials at once: the worker pool's size, and how many finished trials a proposal may not see yet. */
  concurrency?: number;
  /** Nested CV outer folds; 0 or absent: off. */
  nestedOuter?: number;
}

/** Metrics a search can optimise for the task (the cross-validated default set). */
export function searchMetrics(task: Task | ''): string[] {
  return task ? metricNames(task === 'regression' ? 'regression' : 'classification') : [];
}

/** The pool size the form suggests: every core but the page's, at least 1. */
export function defaultConcurrency(cores: number | undefined): number {
  return cores !== undefined && Number.isFinite(cores) && cores > 1 ? Math.floor(cores) - 1 : 1;
}

/** What is wrong with the form's parallel and nested-CV fields (empty when nothing). */
export function extraProblems(f: { concurrency: number; nested: boolean; nestedOuter: number; maxConcurrency: number }): string[] {
  const out: string[] = [];
  if (!(Number.isInteger(f.concurrency) && f.concurrency >= 1 && f.concurrency <= f.maxConcurrency))
    out.push(`Parallel trials must be a whole number from 1 to ${f.maxConcurrency}.`);
  if (f.nested && !(Number.isInteger(f.nestedOuter) && f.nestedOuter >= 2 && f.nestedOuter <= 20))
    out.push('Outer folds (nested CV) must be a whole number from 2 to 20.');
  return out;
}

/** The experiment the form describes: every trial cross-validated with `folds` folds. */
export function buildSearchSpec(f: SearchForm): ExperimentSpec {
  return {
    version: 1,
    target: f.target,
    task: f.task,
    model: { ...(f.modelFields ?? {}), kind: f.model } as ExperimentSpec['model'],
    split: { kind: 'kfold', k: f.folds },
    seed: f.seed,
    search: {
      space: f.space,
      strategy: f.strategy,
      trials: f.trials,
      ...(f.timeBudgetS > 0 ? { timeBudgetS: f.timeBudgetS } : {}),
      ...(f.metric ? { metric: f.metric } : {}),
      ...(f.concurrency !== undefined ? { concurrency: f.concurrency } : {}),
      ...(f.nestedOuter !== undefined && f.nestedOuter >= 2 ? { nestedCv: { outer: f.nestedOuter } } : {}),
    },
  } as ExperimentSpec;
}

/** Fixed fields that keep a first search quick: fewer boosting rounds, trees or epochs than a final fit. */
export function quickModelFields(kind: ModelKind): Record<string, unknown> {
  if (kind === 'gbdt') return { rounds: 40 };
  if (kind === 'random-forest') return { trees: 50 };
  if (kind === 'mlp' || kind === 'logistic') return { epochs: 30 };
  return {};
}

/** A number as the table shows it: four significant digits, exponent only for the very small or large. */
export function formatNumber(v: number | undefined | null): string {
  if (v === undefined || v === null || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

export function formatParam(v: ParamValue | undefined): string {
  if (v === undefined) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : formatNumber(v);
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

export function formatScore(score: number | undefined, std: number | undefined): string {
  if (score === undefined) return '—';
  return std === undefined ? formatNumber(score) : `${formatNumber(score)} ± ${formatNumber(std)}`;
}

export function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** The parameters shown as columns: the space's, in its order, then any a trial set that the space does not name. */
export function paramNames(space: SearchSpace | undefined, trials: readonly TrialRecord[]): string[] {
  const names = Object.keys(space ?? {});
  for (const t of trials) for (const k of Object.keys(t.params)) if (!names.includes(k)) names.push(k);
  return names;
}

/** A parameter path without its root, for narrow headers: model.learningRate -> learningRate. */
export const shortParam = (path: string): string => path.replace(/^(model|training|pipeline)\./, '');

/** Best full-training score after each finished trial, in the order they finished (x: trials finished). */
export function bestSoFarPoints(trials: readonly TrialRecord[], direction: 'maximize' | 'minimize', topRung?: number): [number, number][] {
  const better = (a: number, b: number) => (direction === 'maximize' ? a > b : a < b);
  const out: [number, number][] = [];
  let best: number | undefined;
  trials.forEach((t, i) => {
    const full = topRung === undefined || t.rung === undefined || t.rung === topRung;
    if (full && t.status === 'done' && t.score !== undefined && Number.isFinite(t.score) && (best === undefined || better(t.score, best))) best = t.score;
    if (best !== undefined) out.push([i + 1, best]);
  });
  return out;
}

/** Where a search stands for its progress bar: trials finished out of the cap (indeterminate without one). */
export function searchFraction(done: number, cap: number | undefined): number {
  return cap && cap > 0 ? Math.min(1, done / cap) : -1;
}

/** A stored search can be continued when it stopped early and kept at least one finished trial. */
export function resumable(status: string, state: SearchState | undefined): boolean {
  return status !== 'done' && status !== 'running' && (state?.trials.length ?? 0) > 0;
}

/** A param's numeric place for a parallel axis: log-scaled spaces on the log scale. */
export function axisScale(spec: ParamSpec | undefined): 'log' | 'linear' | 'category' {
  if (!spec) return 'category';
  if (spec.kind === 'categorical') return 'category';
  if (spec.kind === 'log-uniform' || (spec.kind === 'int' && spec.log)) return 'log';
  return 'linear';
}

/** The metric a search optimises by default (the core's DEFAULT_SEARCH_METRIC), with its direction, for the live view before the result names them. */
export function defaultMetric(task: Task | ''): { metric: string; direction: 'maximize' | 'minimize' } {
  if (task === 'binary') return { metric: 'roc_auc', direction: 'maximize' };
  if (task === 'regression') return { metric: 'rmse', direction: 'minimize' };
  return { metric: 'log_loss', direction: 'minimize' };
}

export interface SearchAxis {
  key: string;
  label: string;
  /** Each trial's place on the axis, 0 (bottom) to 1 (top); undefined where the trial has no value. */
  positions: (number | undefined)[];
  /** Labels at the bottom and top (numbers) or at each category. */
  ticks: { at: number; label: string }[];
}

/** One axis of the params-vs-score chart: numbers on a linear or log scale, anything else as evenly spaced categories. */
export function searchAxis(key: string, label: string, values: readonly (ParamValue | undefined)[], scale: 'log' | 'linear' | 'category'): SearchAxis {
  const nums = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v) && (scale !== 'log' || v > 0));
  if (scale !== 'category' && nums.length > 0) {
    const f = scale === 'log' ? Math.log : (v: number) => v;
    const min = minOf(nums);
    const max = maxOf(nums);
    let lo = f(min);
    let hi = f(max);
    if (lo === hi) {
      lo -= 1;
      hi += 1;
    }
    const at = (v: number): number => (f(v) - lo) / (hi - lo);
    const finite = (v: ParamValue | undefined): v is number => typeof v === 'number' && Number.isFinite(v) && (scale !== 'log' || v > 0);
    return {
      key,
      label,
      positions: values.map((v) => (finite(v) ? at(v) : undefined)),
      ticks: [
        { at: at(min), label: formatParam(min) },
        { at: at(max), label: formatParam(max) },
      ],
    };
  }
  const texts = values.map((v) => (v === undefined ? undefined : formatParam(v)));
  const cats = [...new Set(texts.filter((t): t is string => t !== undefined))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const at = (c: string): number => (cats.length === 1 ? 0.5 : cats.indexOf(c) / (cats.length - 1));
  return { key, label, positions: texts.map((t) => (t === undefined ? undefined : at(t))), ticks: cats.map((c) => ({ at: at(c), label: c })) };
}
