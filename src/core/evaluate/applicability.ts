import type { MetricParams, Task } from './types.ts';

/** Shared `applicable` / `variants` pieces of the report metrics. */
export const forClassification = (task: Task): boolean => task !== 'regression';
export const forRegression = (task: Task): boolean => task === 'regression';
/** The one variant of a metric without params. */
export const noParams = (): MetricParams[] => [{}];
