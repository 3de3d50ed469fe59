/**
 * What early stopping and the plateau schedule watch: the validation loss, or a metric from the
 * evaluate registry computed on the validation rows each epoch.
 */
import { benchtopError } from '../errors.ts';
import { findMetric } from '../evaluate/registry.ts';
import type { Task } from '../spec/types.ts';

export interface Monitor {
  /** 'loss' or a registry metric name. */
  name: string;
  higherIsBetter: boolean;
  isLoss: boolean;
}

export function resolveMonitor(name: string | undefined, task: Task): Monitor {
  if (name === undefined || name === 'loss') return { name: 'loss', higherIsBetter: false, isLoss: true };
  const m = findMetric(name);
  const wanted = task === 'regression' ? 'regression' : 'classification';
  if (!m || m.task !== wanted)
    throw benchtopError('spec_invalid', {
      field: 'training.earlyStopping.monitor',
      reason: m ? `"${name}" is a ${m.task} metric but the task is ${task}` : `"${name}" is not a known metric; use 'loss' or a metric name such as ${wanted === 'regression' ? 'r2' : 'accuracy'}`,
    });
  return { name, higherIsBetter: m.higherIsBetter, isLoss: false };
}

/**
 * The metric on n rows from the network's outputs: probabilities (multiclass: n*k; binary: n
 * values of P(class 1)) or standardised predictions (regression, mapped back with yScale).
 */
export function monitoredMetric(
  monitor: Monitor,
  task: Task,
  outputs: Float32Array,
  y: Int32Array | Float64Array,
  k: number,
  yScale: { mean: number; sd: number },
): number {
  const m = findMetric(monitor.name)!;
  if (m.task === 'regression') {
    const yPred = Float64Array.from(outputs, (v) => v * yScale.sd + yScale.mean);
    return m.compute({ yTrue: Float64Array.from(y), yPred });
  }
  const n = y.length;
  let proba: Float64Array;
  if (task === 'binary') {
    proba = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      proba[2 * i] = 1 - outputs[i]!;
      proba[2 * i + 1] = outputs[i]!;
    }
  } else proba = Float64Array.from(outputs);
  return m.compute({ yTrue: Int32Array.from(y), proba, k: task === 'binary' ? 2 : k });
}
