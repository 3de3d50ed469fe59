import type { ColumnInfo } from '../../data/types.ts';

export type OmitReason = 'all_missing' | 'constant' | 'column_cap';

export interface ColumnSelection {
  kept: ColumnInfo[];
  omitted: { name: string; reason: OmitReason }[];
}

/**
 * The columns worth a matrix cell, at most `max`: all-missing and single-valued columns go
 * first (their correlations are undefined); then `keep` names (a target, say) come before the
 * rest, and the rest rank by how many values they have (a column with more present values is
 * better evidence), table order breaking ties. Kept and capped columns are listed in table order.
 */
export function selectColumns(candidates: readonly ColumnInfo[], rows: number, max: number, keep: readonly string[] = []): ColumnSelection {
  const omitted: ColumnSelection['omitted'] = [];
  const usable: { info: ColumnInfo; at: number }[] = [];
  candidates.forEach((info, at) => {
    if (info.missing >= rows || info.distinct === 0) omitted.push({ name: info.name, reason: 'all_missing' });
    else if (info.distinct < 2) omitted.push({ name: info.name, reason: 'constant' });
    else usable.push({ info, at });
  });
  const wanted = new Set(keep);
  const ranked = [...usable].sort(
    (p, q) =>
      Number(wanted.has(q.info.name)) - Number(wanted.has(p.info.name)) ||
      p.info.missing - q.info.missing ||
      p.at - q.at,
  );
  const cap = Math.max(0, Math.floor(max));
  const chosen = new Set(ranked.slice(0, cap).map((u) => u.at));
  for (const u of usable) if (!chosen.has(u.at)) omitted.push({ name: u.info.name, reason: 'column_cap' });
  return { kept: usable.filter((u) => chosen.has(u.at)).map((u) => u.info), omitted };
}
