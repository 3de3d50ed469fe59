/**
 * Did a replay reproduce the shared numbers? On the same backend the same spec and data must
 * give identical metrics (bit for bit): any difference is a failure to reproduce. Across
 * backends floating-point order differs, so the differences are reported, not judged.
 */

export interface MetricDifference {
  metric: string;
  /** null: the metric is on one side only. */
  expected: number | null;
  actual: number | null;
  /** actual - expected; null when either side is missing. */
  difference: number | null;
  identical: boolean;
}

export interface MetricComparison {
  /** identical: every metric equal; not-reproduced: a difference on the same backend; other-backend: differences across backends. */
  verdict: 'identical' | 'not-reproduced' | 'other-backend';
  sameBackend: boolean;
  rows: MetricDifference[];
  /** Names of the metrics that differ (or are on one side only). */
  differing: string[];
}

/** Where a set of metrics was measured. */
export interface MeasuredOn {
  backend: string;
  adapter?: string | undefined;
  runtime?: 'browser' | 'node' | undefined;
}

/** Same backend, and the same adapter and runtime where both sides say. */
export function sameBackend(a: MeasuredOn, b: MeasuredOn): boolean {
  if (a.backend !== b.backend) return false;
  if (a.adapter && b.adapter && a.adapter !== b.adapter) return false;
  return !(a.runtime && b.runtime && a.runtime !== b.runtime);
}

/** "webgpu (google / swiftshader) in a browser". */
export function describeMeasured(m: MeasuredOn): string {
  return `${m.backend}${m.adapter ? ` (${m.adapter})` : ''}${m.runtime === 'browser' ? ' in a browser' : m.runtime === 'node' ? ' in Node' : ''}`;
}

export function compareMetrics(expected: Record<string, number>, actual: Record<string, number>, sameBackend: boolean): MetricComparison {
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
  const rows = names.map((metric): MetricDifference => {
    const e = Object.hasOwn(expected, metric) ? expected[metric]! : null;
    const a = Object.hasOwn(actual, metric) ? actual[metric]! : null;
    return { metric, expected: e, actual: a, difference: e === null || a === null ? null : a - e, identical: e !== null && a !== null && Object.is(e, a) };
  });
  const differing = rows.filter((r) => !r.identical).map((r) => r.metric);
  const verdict = differing.length === 0 ? 'identical' : sameBackend ? 'not-reproduced' : 'other-backend';
  return { verdict, sameBackend, rows, differing };
}
