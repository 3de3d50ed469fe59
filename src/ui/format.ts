/** Small, pure formatting helpers for the UI. */

const intFmt = new Intl.NumberFormat('en-US');

export function formatInt(n: number): string {
  return intFmt.format(n);
}

/** Metric values: 4 decimals; very large or tiny magnitudes get 4 significant digits. */
export function formatMetric(v: number | undefined): string {
  if (v === undefined) return '—';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e4 || a < 1e-3)) return v.toPrecision(4);
  return v.toFixed(4);
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

const dateFmt = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export function formatTime(ms: number): string {
  return dateFmt.format(new Date(ms));
}

/** First characters of a hex fingerprint. */
export function shortHash(hash: string, n = 12): string {
  return hash.length > n ? hash.slice(0, n) : hash;
}

/** Compact axis labels: 0.5, 12, 1.2k, 3e-5. */
export function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(1).replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}

/** Readable metric names: 'f1_macro' -> 'f1 macro', 'r2' -> 'R²'. */
export function metricLabel(name: string): string {
  if (name === 'r2') return 'R²';
  return name.replaceAll('_', ' ');
}

/** The one number that summarises a run: accuracy (classification) or R² (regression). */
export function mainMetric(metrics: Record<string, number> | undefined): { name: string; value: number } | undefined {
  if (!metrics) return undefined;
  if (metrics.accuracy !== undefined) return { name: 'accuracy', value: metrics.accuracy };
  if (metrics.r2 !== undefined) return { name: 'r2', value: metrics.r2 };
  return undefined;
}

/**
 * A job's progress in words: "Parsing (12,000 rows) · 40%". `phases` names the worker's phase
 * codes (parse -> Parsing); an unnamed phase is shown capitalised, dashes as spaces.
 */
export function progressText(p: { phase: string; fraction: number; message?: string } | null, phases: Readonly<Record<string, string>> = {}): string {
  if (!p) return 'Starting';
  const phase = phases[p.phase] ?? p.phase.charAt(0).toUpperCase() + p.phase.slice(1).replaceAll('-', ' ');
  const pct = p.fraction >= 0 ? ` · ${Math.round(Math.min(1, p.fraction) * 100)}%` : '';
  return `${phase}${p.message ? ` (${p.message})` : ''}${pct}`;
}
