/**
 * Thrown by a report metric when its value is undefined for the data at hand (one class
 * present, weights summing to zero...). The report turns it into `value: null` with this
 * reason instead of failing: one degenerate metric must not hide the others.
 */
export class MetricUnavailable extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.name = 'MetricUnavailable';
    this.reason = reason;
  }
}

/** Runs a report metric the way `compute` promises: the value, or NaN when it is undefined. */
export function orNaN(run: () => number): number {
  try {
    return run();
  } catch (e) {
    if (e instanceof MetricUnavailable) return NaN;
    throw e;
  }
}
