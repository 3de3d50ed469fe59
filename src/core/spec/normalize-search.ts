/**
 * Defaults of ExperimentSpec.search. `normalizeSearch` fills what needs no data and is
 * idempotent; `planSearch` adds what depends on the task and the model (the metric, its
 * direction, ASHA's resources) once plan() knows them.
 */
import { benchtopError } from '../errors.ts';
import { findMetric, metricNames } from '../evaluate/registry.ts';
import type { ModelSpec, Task } from './types.ts';
import type { NormalizedSearch, ParamSpec, SearchSpace, SearchSpec } from './search-types.ts';

/** Trials of a random/tpe/asha search with neither a trial cap nor a time budget. */
export const DEFAULT_SEARCH_TRIALS = 20;

/** The metric a search optimises unless told otherwise: smooth ones, which rank close configurations better than accuracy. */
export const DEFAULT_SEARCH_METRIC: Record<Task, string> = { binary: 'roc_auc', multiclass: 'log_loss', regression: 'rmse' };

/** The model field ASHA varies as its resource, by model kind; models without one cannot be early-stopped. */
const RESOURCE_FIELD: Partial<Record<ModelSpec['kind'], 'epochs' | 'rounds' | 'trees'>> = {
  mlp: 'epochs',
  logistic: 'epochs',
  gbdt: 'rounds',
  'random-forest': 'trees',
};

export function ashaResourceField(kind: ModelSpec['kind']): 'epochs' | 'rounds' | 'trees' | undefined {
  return RESOURCE_FIELD[kind];
}

function normalizeParam(p: ParamSpec): ParamSpec {
  const when = p.when === undefined ? {} : { when: 'in' in p.when ? { param: p.when.param, in: [...p.when.in] } : { param: p.when.param, gt: p.when.gt } };
  switch (p.kind) {
    case 'categorical':
      return { kind: 'categorical', choices: [...p.choices], ...when };
    case 'int':
      return { kind: 'int', low: p.low, high: p.high, log: p.log ?? false, ...(p.steps !== undefined ? { steps: p.steps } : {}), ...when };
    default:
      return { kind: p.kind, low: p.low, high: p.high, ...(p.steps !== undefined ? { steps: p.steps } : {}), ...when };
  }
}

export function normalizeSearch(s: SearchSpec): NormalizedSearch {
  const space: SearchSpace = {};
  for (const [path, p] of Object.entries(s.space)) space[path] = normalizeParam(p);
  const strategy = s.strategy ?? 'tpe';
  const trials = s.trials ?? (strategy === 'grid' || s.timeBudgetS !== undefined ? undefined : DEFAULT_SEARCH_TRIALS);
  return {
    space,
    strategy,
    ...(trials !== undefined ? { trials } : {}),
    ...(s.timeBudgetS !== undefined ? { timeBudgetS: s.timeBudgetS } : {}),
    ...(s.metric !== undefined ? { metric: s.metric } : {}),
    ...(s.direction !== undefined ? { direction: s.direction } : {}),
    concurrency: s.concurrency ?? 1,
    tpe: { startupTrials: s.tpe?.startupTrials ?? 10, candidates: s.tpe?.candidates ?? 24, gamma: s.tpe?.gamma ?? 0.25 },
    ...(s.asha !== undefined || strategy === 'asha' ? { asha: { ...s.asha } } : {}),
    ...(s.nestedCv !== undefined ? { nestedCv: { outer: s.nestedCv.outer ?? 3 } } : {}),
  };
}

/**
 * The task- and model-dependent defaults: the metric (checked against the task's metrics) and
 * its direction; for ASHA the rungs' resources from the model's own training length.
 */
export function planSearch(s: NormalizedSearch, task: Task, model: ModelSpec): NormalizedSearch {
  const metric = s.metric ?? DEFAULT_SEARCH_METRIC[task];
  const names = metricNames(task === 'regression' ? 'regression' : 'classification');
  if (!names.includes(metric))
    throw benchtopError('spec_invalid', { field: 'search.metric', reason: `"${metric}" is not a ${task} metric; use one of ${names.join(', ')}` });
  const direction = s.direction ?? (findMetric(metric)!.higherIsBetter ? 'maximize' : 'minimize');
  const out: NormalizedSearch = { ...s, metric, direction };
  if (s.strategy === 'asha') {
    const field = ashaResourceField(model.kind);
    if (!field)
      throw benchtopError('spec_invalid', { field: 'search.strategy', reason: `asha stops trials early by training length; "${model.kind}" has none (use mlp, logistic, gbdt or random-forest, or another strategy)` });
    const own = (model as unknown as Record<string, number | undefined>)[field];
    const eta = s.asha?.reductionFactor ?? 3;
    const max = s.asha?.maxResource ?? own ?? 100;
    const min = s.asha?.minResource ?? Math.max(1, Math.round(max / eta ** 2));
    if (min > max)
      throw benchtopError('spec_invalid', { field: 'search.asha.minResource', reason: `minResource ${min} is above maxResource ${max}` });
    out.asha = { minResource: min, maxResource: max, reductionFactor: eta };
  }
  return out;
}
