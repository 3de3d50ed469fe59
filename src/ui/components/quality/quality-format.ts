/** Pure helpers behind the quality report tab: numbers as text, findings grouped, colours, geometry. */
import type { ColumnKind, InferredType, TypeEvidence } from '../../../core/data/types.ts';
import type { CorrelationMatrix } from '../../../core/validate/correlation/index.ts';
import type { ColumnProfile } from '../../../core/validate/profile/types.ts';
import type { Finding, Severity } from '../../../core/validate/types.ts';
import { maxOf } from '../../../core/stats/extent.ts';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  error: 'Errors',
  warning: 'Warnings',
  info: 'Notes',
};

export const COLUMN_KINDS: readonly ColumnKind[] = ['numeric', 'categorical', 'boolean', 'datetime', 'text'];

/**
 * The codes of the rules that need a target (the core's TARGET_RULES, mirrored here so the UI
 * bundle does not pull the rules in; a unit test keeps the two lists equal), with a label each.
 */
export const TARGET_CHECKS: readonly { code: string; label: string }[] = [
  { code: 'target_missing_values', label: 'Missing target values' },
  { code: 'target_single_class', label: 'Single class' },
  { code: 'class_imbalance', label: 'Class balance' },
  { code: 'rare_classes', label: 'Rare classes' },
  { code: 'conflicting_labels', label: 'Conflicting labels' },
  { code: 'target_leakage', label: 'Target leakage' },
  { code: 'id_or_time_predicts_target', label: 'ID or time column predicts the target' },
];

const TARGET_CODES: ReadonlySet<string> = new Set(TARGET_CHECKS.map((c) => c.code));

export function isTargetFinding(f: Finding): boolean {
  return TARGET_CODES.has(f.code);
}

const intFmt = new Intl.NumberFormat('en-US');
const statFmt = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 5 });

/** A share (0..1) as a percentage that never rounds a nonzero share to 0% or a partial one to 100%. */
export function formatShare(share: number): string {
  if (!Number.isFinite(share)) return '—';
  if (share <= 0) return '0%';
  if (share >= 1) return '100%';
  const pct = share * 100;
  if (pct < 0.1) return '<0.1%';
  if (pct > 99.9) return '>99.9%';
  const digits = pct < 10 ? 1 : pct < 99.5 ? 0 : 1;
  return `${pct.toFixed(digits)}%`;
}

/** A statistic: integers in full with grouping, others to 5 significant digits, extremes in exponent form. */
export function formatStat(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  if (Number.isInteger(v) && a < 1e15) return intFmt.format(v);
  if (a >= 1e9 || (a !== 0 && a < 1e-4)) return v.toExponential(2);
  return statFmt.format(v);
}

/** "integer · 100%": the inferred type with the share of values that support it. */
export function typeLabel(type: InferredType, confidence: number | null): string {
  return confidence === null ? type : `${type} · ${formatShare(confidence)}`;
}

/** The parse shares behind an inferred type, in the order ingest weighs them. */
export function evidenceRows(e: TypeEvidence | undefined): { label: string; share: number }[] {
  if (!e) return [];
  return [
    { label: 'numeric', share: e.numeric },
    { label: 'integer', share: e.integer },
    { label: 'boolean', share: e.boolean },
    { label: 'datetime', share: e.datetime },
  ];
}

/** How a missing-value token reads on screen: the empty cell has no spelling of its own. */
export function tokenLabel(token: string): string {
  return token === '' ? '(empty cell)' : token;
}

/** ISO timestamps as short as they can be without losing anything: a date alone at midnight. */
export function formatIsoDate(iso: string | null): string {
  if (iso === null) return '—';
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return iso.replace('.000Z', 'Z');
}

export function severityCounts(findings: readonly Finding[]): Record<Severity, number> {
  const out: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) out[f.severity]++;
  return out;
}

/** Findings by severity, most severe first, leaving out empty groups; order within a group is kept. */
export function groupBySeverity(findings: readonly Finding[]): { severity: Severity; findings: Finding[] }[] {
  return SEVERITIES.map((severity) => ({ severity, findings: findings.filter((f) => f.severity === severity) })).filter(
    (g) => g.findings.length > 0,
  );
}

/** Findings per check code, most frequent first (code order breaks ties). */
export function countByCode(findings: readonly Finding[]): { code: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  return [...counts]
    .map(([code, count]) => ({ code, count }))
    .sort((p, q) => q.count - p.count || (p.code < q.code ? -1 : p.code > q.code ? 1 : 0));
}

/** How many findings name each column. Names are data ('__proto__' included), hence a Map. */
export function findingsByColumn(findings: readonly Finding[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of findings) for (const c of new Set(f.columns ?? [])) out.set(c, (out.get(c) ?? 0) + 1);
  return out;
}

/** Columns whose name contains the query (case-insensitive), optionally only those with findings. */
export function filterProfiles<P extends { name: string }>(
  profiles: readonly P[],
  query: string,
  withFindings: ReadonlyMap<string, number> | null,
): P[] {
  const q = query.trim().toLocaleLowerCase();
  return profiles.filter((p) => (!q || p.name.toLocaleLowerCase().includes(q)) && (!withFindings || withFindings.has(p.name)));
}

/** Missing cells over the whole table, and their share of all cells. */
export function missingCells(profiles: readonly ColumnProfile[], rows: number): { count: number; share: number } {
  const count = profiles.reduce((s, p) => s + p.missing, 0);
  const cells = rows * profiles.length;
  return { count, share: cells > 0 ? count / cells : 0 };
}

export interface CorrelatedPair {
  a: string;
  b: string;
  r: number;
}

/** Pairs of distinct columns with |r| at or above the threshold, strongest first. */
export function strongPairs(m: CorrelationMatrix, threshold = 0.95): CorrelatedPair[] {
  const out: CorrelatedPair[] = [];
  for (let i = 0; i < m.columns.length; i++) {
    for (let j = i + 1; j < m.columns.length; j++) {
      const r = m.values[i]?.[j];
      if (r !== null && r !== undefined && Math.abs(r) >= threshold) out.push({ a: m.columns[i]!, b: m.columns[j]!, r });
    }
  }
  return out.sort((p, q) => Math.abs(q.r) - Math.abs(p.r));
}

const OMIT_LABELS: Readonly<Record<string, string>> = {
  column_cap: 'beyond the column limit',
  constant: 'a single value',
  all_missing: 'no values',
};

/** Omitted columns grouped by reason, e.g. [{reason: 'beyond the column limit', names: [...]}]. */
export function omittedGroups(omitted: CorrelationMatrix['omitted']): { reason: string; names: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const o of omitted) {
    const label = OMIT_LABELS[o.reason] ?? o.reason;
    const list = groups.get(label);
    if (list) list.push(o.name);
    else groups.set(label, [o.name]);
  }
  return [...groups].map(([reason, names]) => ({ reason, names }));
}

// A diverging scale (ColorBrewer RdBu ends around a light grey): blue for negative, red for positive.
const NEG: readonly [number, number, number] = [33, 102, 172];
const MID: readonly [number, number, number] = [247, 247, 247];
const POS: readonly [number, number, number] = [178, 24, 43];

/** The heatmap colour of a correlation in [-1, 1]; null (undefined correlation) has none. */
export function divergingColor(r: number | null): string | null {
  if (r === null || !Number.isFinite(r)) return null;
  const t = Math.max(-1, Math.min(1, r));
  const end = t < 0 ? NEG : POS;
  const k = Math.abs(t);
  const mix = (i: 0 | 1 | 2) => Math.round(MID[i] + (end[i] - MID[i]) * k);
  return `rgb(${mix(0)}, ${mix(1)}, ${mix(2)})`;
}

/** Text on a heatmap cell stays readable: white on the dark ends of the scale. */
export function textOnColor(r: number | null): 'light' | 'dark' {
  return r !== null && Math.abs(r) > 0.6 ? 'light' : 'dark';
}

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Vertical bars for counts across [0, width] × [0, height] (SVG y grows down); a nonzero count
 * is at least 1 unit tall so a lone value in a long tail stays visible.
 */
export function columnBars(counts: readonly number[], width: number, height: number, gap = 1): Bar[] {
  const max = Math.max(0, maxOf(counts));
  const n = counts.length;
  if (n === 0) return [];
  const step = width / n;
  const g = step > 3 * gap ? gap : 0;
  return counts.map((c, i) => {
    const h = max > 0 ? (c > 0 ? Math.max(1, (c / max) * height) : 0) : 0;
    return { x: i * step, y: height - h, width: Math.max(0.5, step - g), height: h };
  });
}

/** A label cut to n code points with an ellipsis (for SVG text, which cannot ellipsise itself). */
export function clip(label: string, n: number): string {
  const chars = [...label];
  return chars.length > n ? `${chars.slice(0, Math.max(1, n - 1)).join('')}…` : label;
}

/** The histogram's tallest bin, described for a screen reader. */
export function tallestBin(edges: readonly number[], counts: readonly number[]): { from: number; to: number; count: number } | null {
  let best = -1;
  for (let i = 0; i < counts.length; i++) if (best < 0 || counts[i]! > counts[best]!) best = i;
  if (best < 0 || edges.length < best + 2) return null;
  return { from: edges[best]!, to: edges[best + 1]!, count: counts[best]! };
}

const PHASES: Readonly<Record<string, string>> = {
  start: 'Starting',
  load: 'Loading the data',
  read: 'Loading the data',
  profile: 'Profiling columns',
  checks: 'Running checks',
  correlation: 'Correlating numeric columns',
  pii: 'Looking for personal data',
};

/** The report's phases in the order the worker runs them; each reports its own 0..1. */
const REPORT_PHASES = ['profile', 'checks', 'correlation', 'pii'];

interface ProgressLike {
  phase: string;
  fraction: number;
  message?: string;
}

/** Progress over the whole report (0..1), so the bar does not restart with each phase; null when unknown. */
export function reportFraction(p: ProgressLike | null): number | null {
  if (!p) return null;
  const at = REPORT_PHASES.indexOf(p.phase);
  if (at < 0) return p.fraction >= 0 ? Math.min(1, p.fraction) : null;
  return (at + Math.min(1, Math.max(0, p.fraction))) / REPORT_PHASES.length;
}

/** The progress line under the report's progress bar. */
export function progressText(p: ProgressLike | null): string {
  if (!p) return 'Starting';
  const phase = PHASES[p.phase] ?? p.phase;
  const f = reportFraction(p);
  return `${phase}${p.message ? ` (${p.message})` : ''}${f === null ? '' : ` · ${Math.round(f * 100)}%`}`;
}
