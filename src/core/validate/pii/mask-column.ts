import { PII_DETECTORS, scanCell, type CellMatch } from './detectors.ts';
import type { ColumnHints, PiiKind } from './types.ts';

/** What a masked value becomes when no detector recognises it. */
export const WHOLE_VALUE_MASK = '***';

export interface MaskedColumn {
  values: (string | null)[];
  changed: number;
  mode: 'values' | 'substrings';
  matches: { kind: PiiKind; count: number }[];
}

/**
 * Mask a column. When the detected PII is the whole value (a column of emails) every value is
 * masked: matches keep a format hint ('***@***'), anything unrecognised becomes '***' (a
 * malformed email is still personal). When PII sits inside longer text (notes mentioning a
 * phone number), only the matched parts are replaced and the rest of the text stays.
 */
export function maskColumn(values: readonly (string | null)[], hints: ColumnHints): MaskedColumn {
  const found: (CellMatch[] | null)[] = values.map((v) => (v === null ? null : scanCell(v, hints).filter((m) => m.valid)));
  let whole = 0;
  let partial = 0;
  found.forEach((ms, i) => {
    if (!ms || ms.length === 0) return;
    const v = values[i]!;
    const covered = ms.length === 1 && v.slice(0, ms[0]!.start).trim() === '' && v.slice(ms[0]!.end).trim() === '';
    if (covered) whole++;
    else partial++;
  });
  const mode = partial > whole ? 'substrings' : 'values';
  const perKind = new Map<PiiKind, number>();
  let changed = 0;
  const out = values.map((v, i) => {
    if (v === null) return null;
    const ms = found[i]!;
    let next = v;
    if (ms.length > 0) {
      next = replaceMatches(v, ms);
      for (const m of ms) {
        const kind = PII_DETECTORS[m.detector]!.kind;
        perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
      }
    } else if (mode === 'values') next = WHOLE_VALUE_MASK;
    if (next !== v) changed++;
    return next;
  });
  return { values: out, changed, mode, matches: [...perKind].map(([kind, count]) => ({ kind, count })) };
}

function replaceMatches(value: string, matches: readonly CellMatch[]): string {
  const sorted = [...matches].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const m of sorted) {
    out += value.slice(at, m.start) + PII_DETECTORS[m.detector]!.redact(value.slice(m.start, m.end));
    at = m.end;
  }
  return out + value.slice(at);
}
