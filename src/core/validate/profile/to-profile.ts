import type { ColumnInfo, InferredType } from '../../data/types.ts';
import type { ColumnSummary } from './column-summary.ts';
import type { NumericSummary } from './numeric-summary.ts';
import type { ColumnProfile, Histogram, Quantiles } from './types.ts';

/** NaN and ±Infinity become null, so the profile is valid JSON. */
export const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

const share = (part: number, whole: number): number => (whole > 0 ? part / whole : 0);

/** The report's view of a column summary. */
export function toProfile(info: ColumnInfo, summary: ColumnSummary, rows: number, topK: number): ColumnProfile {
  const base = (count: number, missing: number, distinct: number, type: InferredType) => ({
    type: info.type ?? type,
    confidence: info.confidence !== undefined && Number.isFinite(info.confidence) ? info.confidence : null,
    count,
    missing,
    missingShare: share(missing, rows),
    ...(info.missingTokens ? { missingByToken: info.missingTokens.map((t) => ({ token: t.token, count: t.count })) } : {}),
    distinct,
    distinctShare: share(distinct, count),
  });
  switch (summary.kind) {
    case 'numeric': {
      const s = summary.numbers;
      const top = s.frequencies?.slice(0, topK) ?? null;
      return {
        name: info.name,
        kind: 'numeric',
        ...base(s.count, s.missing, s.distinct, s.integer ? 'integer' : 'float'),
        min: finiteOrNull(s.min),
        max: finiteOrNull(s.max),
        mean: finiteOrNull(s.mean),
        std: finiteOrNull(s.std),
        quantiles: s.quantiles ? finiteQuantiles(s.quantiles) : null,
        zeros: s.zeros,
        negatives: s.negatives,
        histogram: finiteHistogram(s.histogram),
        skew: finiteOrNull(s.skew),
        topValues: top,
        otherCount: top ? s.count - top.reduce((a, t) => a + t.count, 0) : 0,
      };
    }
    case 'datetime': {
      const s: NumericSummary = summary.numbers;
      return {
        name: info.name,
        kind: 'datetime',
        ...base(s.count, s.missing, s.distinct, 'datetime'),
        min: isoOrNull(s.min),
        max: isoOrNull(s.max),
        histogram: finiteHistogram(s.histogram),
      };
    }
    case 'boolean':
      return {
        name: info.name,
        kind: 'boolean',
        ...base(summary.count, summary.missing, (summary.trueCount > 0 ? 1 : 0) + (summary.falseCount > 0 ? 1 : 0), 'boolean'),
        trueCount: summary.trueCount,
        falseCount: summary.falseCount,
      };
    case 'categorical':
    case 'text': {
      const s = summary.labels;
      return {
        name: info.name,
        kind: summary.kind,
        ...base(s.count, s.missing, s.distinct, summary.kind),
        topValues: s.top.map((t) => ({ value: t.value, count: t.count })),
        otherCount: s.otherCount,
        length: s.length ? { ...s.length } : null,
      };
    }
  }
}

function finiteQuantiles(q: Quantiles): Quantiles | null {
  return Object.values(q).every((v) => Number.isFinite(v)) ? { ...q } : null;
}

function finiteHistogram(h: Histogram | null): Histogram | null {
  return h && h.edges.every((e) => Number.isFinite(e)) ? { edges: [...h.edges], counts: [...h.counts] } : null;
}

function isoOrNull(ms: number): string | null {
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
