import { correlationMatrix, DEFAULT_MAX_COLUMNS, type CorrelationMatrix } from '../../correlation/correlation-matrix.ts';
import type { CheckRule, Finding } from '../../types.ts';
import { count, num } from './format.ts';

/** |Pearson r| or |Spearman rho| at or above this, or Cramér's V at or above it, flags a pair. */
export const CORRELATION_THRESHOLD = 0.95;
/** At most this many pairs are listed, strongest first. */
export const MAX_PAIRS = 50;

const LABELS: Readonly<Record<string, string>> = { pearson: 'Pearson r', spearman: 'Spearman rho', cramersV: "Cramér's V" };

interface Pair {
  a: string;
  b: string;
  strength: number;
  figures: Record<string, number>;
  rows: number;
}

/**
 * Near-duplicate features: numeric pairs by Pearson and Spearman, categorical/boolean pairs by
 * Cramér's V, on the same column and row caps as correlationMatrix (60 columns, a seeded
 * sample of 200,000 rows); an info finding says which columns the cap left out.
 */
export const correlatedFeatures: CheckRule = {
  code: 'correlated_features',
  severity: 'warning',
  why: 'Two features that move together tell a model the same thing twice: coefficients become unstable and importances get split between them.',
  scope: 'dataset',
  run(ctx) {
    const target = ctx.target;
    const columns = target === undefined ? ctx.columns : ctx.columns.filter((c) => c.name !== target);
    const pearson = correlationMatrix(ctx.table, columns, { method: 'pearson' });
    const spearman = correlationMatrix(ctx.table, columns, { method: 'spearman' });
    const cramer = correlationMatrix(ctx.table, columns, { method: 'cramers-v' });
    const pairs = [...numericPairs(pearson, spearman), ...labelPairs(cramer)].sort((p, q) => q.strength - p.strength);
    const out: Finding[] = pairs.slice(0, MAX_PAIRS).map((p) => ({
      code: correlatedFeatures.code,
      severity: correlatedFeatures.severity,
      columns: [p.a, p.b],
      message: `"${p.a}" and "${p.b}" are nearly redundant: ${Object.entries(p.figures)
        .map(([k, v]) => `${LABELS[k] ?? k} ${num(v)}`)
        .join(', ')} over ${count(p.rows)} rows. Keep one, or combine them.`,
      why: correlatedFeatures.why,
      details: { ...p.figures, rows: p.rows },
    }));
    if (pairs.length > MAX_PAIRS)
      out.push(note(`${count(pairs.length - MAX_PAIRS)} more correlated pairs are not listed.`, correlatedFeatures.why));
    const capped = [...pearson.omitted, ...cramer.omitted].filter((o) => o.reason === 'column_cap');
    if (capped.length > 0)
      out.push(
        note(
          `Correlations were checked on ${DEFAULT_MAX_COLUMNS} columns per kind; ${count(capped.length)} were left out: ` +
            `${capped.slice(0, 10).map((o) => `"${o.name}"`).join(', ')}${capped.length > 10 ? ', …' : ''}.`,
          correlatedFeatures.why,
        ),
      );
    return out;
  },
};

function note(message: string, why: string): Finding {
  return { code: 'correlated_features', severity: 'info', message, why };
}

function numericPairs(pearson: CorrelationMatrix, spearman: CorrelationMatrix): Pair[] {
  const out: Pair[] = [];
  const k = pearson.columns.length;
  for (let i = 0; i < k; i++)
    for (let j = i + 1; j < k; j++) {
      const r = pearson.values[i]?.[j] ?? null;
      const rho = spearman.values[i]?.[j] ?? null;
      const strength = Math.max(Math.abs(r ?? 0), Math.abs(rho ?? 0));
      if (strength < CORRELATION_THRESHOLD) continue;
      const figures: Record<string, number> = {};
      if (r !== null) figures.pearson = r;
      if (rho !== null) figures.spearman = rho;
      out.push({ a: pearson.columns[i] as string, b: pearson.columns[j] as string, strength, figures, rows: pearson.rowsUsed });
    }
  return out;
}

function labelPairs(cramer: CorrelationMatrix): Pair[] {
  const out: Pair[] = [];
  const k = cramer.columns.length;
  for (let i = 0; i < k; i++)
    for (let j = i + 1; j < k; j++) {
      const v = cramer.values[i]?.[j] ?? null;
      if (v === null || v < CORRELATION_THRESHOLD) continue;
      out.push({ a: cramer.columns[i] as string, b: cramer.columns[j] as string, strength: v, figures: { cramersV: v }, rows: cramer.rowsUsed });
    }
  return out;
}
