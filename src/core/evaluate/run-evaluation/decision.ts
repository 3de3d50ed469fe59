/**
 * The decision rule in force for one view of the evaluation page: what the request says,
 * else what was saved with the run, else the defaults (positive class 1, threshold 0.5, no
 * post-hoc calibration). Multiclass models always predict the most probable class.
 */
import { benchtopError } from '../../errors.ts';
import type { Task } from '../../spec/types.ts';
import type { EvaluationRequest, RunDecision } from './types.ts';

export interface ResolvedDecision {
  decision: RunDecision;
  posLabel: number;
  threshold: number;
  calibration: 'sigmoid' | 'isotonic' | 'none';
}

export function resolveDecision(task: Task, request: EvaluationRequest, saved: RunDecision | undefined): ResolvedDecision {
  const calibration = request.calibration ?? saved?.calibration ?? 'none';
  if (calibration !== 'none' && calibration !== 'sigmoid' && calibration !== 'isotonic')
    throw benchtopError('evaluation_invalid', { field: 'calibration', reason: `must be 'none', 'sigmoid' or 'isotonic', got ${String(calibration)}` });
  if (task === 'regression') {
    if (calibration !== 'none') throw benchtopError('evaluation_invalid', { field: 'calibration', reason: 'post-hoc calibration applies to classifiers' });
    return { decision: {}, posLabel: 1, threshold: 0.5, calibration: 'none' };
  }
  const cal = calibration === 'none' ? {} : { calibration };
  if (task === 'multiclass') return { decision: { rule: 'predict the most probable class', ...cal }, posLabel: 1, threshold: 0.5, calibration };
  const posLabel = request.posLabel ?? saved?.posLabel ?? 1;
  if (posLabel !== 0 && posLabel !== 1) throw benchtopError('evaluation_invalid', { field: 'posLabel', reason: `must be 0 or 1, got ${posLabel}` });
  const threshold = request.threshold ?? saved?.threshold ?? 0.5;
  if (typeof threshold !== 'number' || Number.isNaN(threshold))
    throw benchtopError('evaluation_invalid', { field: 'threshold', reason: `must be a number, got ${String(threshold)}` });
  const cost = request.cost ?? saved?.cost;
  const rule =
    request.threshold !== undefined
      ? `positive when its probability >= ${threshold} (chosen on this page)`
      : saved?.threshold !== undefined
        ? (saved.rule ?? `positive when its probability >= ${threshold} (saved with the run)`)
        : `positive when its probability >= ${threshold} (default)`;
  return { decision: { threshold, rule, posLabel, ...(cost ? { cost } : {}), ...cal }, posLabel, threshold, calibration };
}
