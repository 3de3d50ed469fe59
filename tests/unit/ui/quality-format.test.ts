/** The quality report tab's pure helpers: how numbers read, how findings group, colours and bar geometry. */
import { describe, expect, it } from 'vitest';
import { TARGET_RULES } from '../../../src/core/validate/checks/target/index.ts';
import { DATASET_RULES } from '../../../src/core/validate/checks/dataset/index.ts';
import type { CorrelationMatrix } from '../../../src/core/validate/correlation/index.ts';
import type { Finding } from '../../../src/core/validate/types.ts';
import {
  clip,
  columnBars,
  countByCode,
  divergingColor,
  filterProfiles,
  findingsByColumn,
  formatIsoDate,
  formatShare,
  formatStat,
  groupBySeverity,
  isTargetFinding,
  missingCells,
  omittedGroups,
  progressText,
  reportFraction,
  severityCounts,
  strongPairs,
  tallestBin,
  TARGET_CHECKS,
  textOnColor,
  typeLabel,
} from '../../../src/ui/components/quality/quality-format.ts';

const finding = (code: string, severity: Finding['severity'], columns?: string[]): Finding => ({
  code,
  severity,
  message: code,
  why: 'because',
  ...(columns ? { columns } : {}),
});

describe('target checks', () => {
  it('mirror the core target rules exactly, and no dataset rule counts as one', () => {
    expect(TARGET_CHECKS.map((c) => c.code)).toEqual(TARGET_RULES.map((r) => r.code));
    for (const r of DATASET_RULES) expect(isTargetFinding(finding(r.code, r.severity))).toBe(false);
    expect(isTargetFinding(finding('target_leakage', 'error'))).toBe(true);
  });
});

describe('formatShare', () => {
  it('never shows a nonzero share as 0% or a partial one as 100%', () => {
    expect(formatShare(0)).toBe('0%');
    expect(formatShare(1)).toBe('100%');
    expect(formatShare(0.0004)).toBe('<0.1%');
    expect(formatShare(0.9996)).toBe('>99.9%');
    expect(formatShare(0.997)).toBe('99.7%');
    expect(formatShare(0.05)).toBe('5.0%');
    expect(formatShare(0.123)).toBe('12%');
    expect(formatShare(Number.NaN)).toBe('—');
  });
});

describe('formatStat', () => {
  it('keeps integers whole and rounds the rest to 5 significant digits', () => {
    expect(formatStat(3750)).toBe('3,750');
    expect(formatStat(123456789)).toBe('123,456,789');
    expect(formatStat(4201.754385964912)).toBe('4,201.8');
    expect(formatStat(0.123456)).toBe('0.12346');
    expect(formatStat(-2.5)).toBe('-2.5');
    expect(formatStat(3.2e-7)).toBe('3.20e-7');
    expect(formatStat(null)).toBe('—');
    expect(formatStat(undefined)).toBe('—');
  });
});

describe('typeLabel and dates', () => {
  it('pairs the inferred type with its confidence', () => {
    expect(typeLabel('integer', 1)).toBe('integer · 100%');
    expect(typeLabel('float', 0.982)).toBe('float · 98%');
    expect(typeLabel('text', null)).toBe('text');
  });
  it('drops a midnight time from an ISO timestamp', () => {
    expect(formatIsoDate('2012-01-01T00:00:00.000Z')).toBe('2012-01-01');
    expect(formatIsoDate('2012-01-01T13:05:00.000Z')).toBe('2012-01-01T13:05:00Z');
    expect(formatIsoDate(null)).toBe('—');
  });
});

describe('findings', () => {
  const findings = [
    finding('missing_values', 'info', ['a']),
    finding('target_leakage', 'error', ['b', 'y']),
    finding('outliers_iqr', 'warning', ['a', 'a']),
    finding('duplicate_rows', 'warning'),
    finding('id_like_column', 'info', ['__proto__']),
  ];

  it('group by severity, most severe first, keeping order and skipping empty groups', () => {
    const groups = groupBySeverity(findings);
    expect(groups.map((g) => g.severity)).toEqual(['error', 'warning', 'info']);
    expect(groups[1]!.findings.map((f) => f.code)).toEqual(['outliers_iqr', 'duplicate_rows']);
    expect(groupBySeverity(findings.filter((f) => f.severity === 'info')).map((g) => g.severity)).toEqual(['info']);
    expect(severityCounts(findings)).toEqual({ error: 1, warning: 2, info: 2 });
  });

  it('count per check code, most frequent first', () => {
    expect(countByCode([...findings, finding('outliers_iqr', 'warning')])).toEqual([
      { code: 'outliers_iqr', count: 2 },
      { code: 'duplicate_rows', count: 1 },
      { code: 'id_like_column', count: 1 },
      { code: 'missing_values', count: 1 },
      { code: 'target_leakage', count: 1 },
    ]);
  });

  it('count per column once per finding, with any name as a key', () => {
    const per = findingsByColumn(findings);
    expect(per.get('a')).toBe(2);
    expect(per.get('y')).toBe(1);
    expect(per.get('__proto__')).toBe(1);
    expect(per.has('constructor')).toBe(false);
  });
});

describe('filterProfiles', () => {
  const cols = [{ name: 'Price' }, { name: 'price_usd' }, { name: '=HYPERLINK("x")' }, { name: 'qty' }];
  it('matches names case-insensitively and can keep only columns with findings', () => {
    expect(filterProfiles(cols, 'PRICE', null).map((c) => c.name)).toEqual(['Price', 'price_usd']);
    expect(filterProfiles(cols, '  ', null)).toHaveLength(4);
    expect(filterProfiles(cols, 'hyperlink', null).map((c) => c.name)).toEqual(['=HYPERLINK("x")']);
    expect(filterProfiles(cols, '', new Map([['qty', 1]])).map((c) => c.name)).toEqual(['qty']);
    expect(filterProfiles(cols, 'price', new Map([['qty', 1]]))).toEqual([]);
  });
});

describe('missingCells', () => {
  it('sums missing cells over rows × columns', () => {
    expect(missingCells([{ missing: 3 }, { missing: 1 }] as never, 10)).toEqual({ count: 4, share: 0.2 });
    expect(missingCells([], 0)).toEqual({ count: 0, share: 0 });
  });
});

describe('correlations', () => {
  const m: CorrelationMatrix = {
    method: 'pearson',
    columns: ['a', 'b', 'c', 'd'],
    values: [
      [1, 0.96, -0.97, null],
      [0.96, 1, 0.2, null],
      [-0.97, 0.2, 1, null],
      [null, null, null, null],
    ],
    rowsUsed: 10,
    sampled: false,
    omitted: [
      { name: 'e', reason: 'column_cap' },
      { name: 'f', reason: 'constant' },
      { name: 'g', reason: 'column_cap' },
    ],
  };

  it('lists strongly correlated pairs once each, strongest first, negative ones included', () => {
    expect(strongPairs(m, 0.95)).toEqual([
      { a: 'a', b: 'c', r: -0.97 },
      { a: 'a', b: 'b', r: 0.96 },
    ]);
    expect(strongPairs(m, 0.965)).toEqual([{ a: 'a', b: 'c', r: -0.97 }]);
  });

  it('groups omitted columns by reason in a readable way', () => {
    expect(omittedGroups(m.omitted)).toEqual([
      { reason: 'beyond the column limit', names: ['e', 'g'] },
      { reason: 'a single value', names: ['f'] },
    ]);
  });

  it('colours negative blue, positive red, zero neutral, and clamps', () => {
    expect(divergingColor(-1)).toBe('rgb(33, 102, 172)');
    expect(divergingColor(0)).toBe('rgb(247, 247, 247)');
    expect(divergingColor(1)).toBe('rgb(178, 24, 43)');
    expect(divergingColor(2)).toBe(divergingColor(1));
    expect(divergingColor(null)).toBeNull();
    expect(textOnColor(0.9)).toBe('light');
    expect(textOnColor(-0.2)).toBe('dark');
  });
});

describe('chart geometry', () => {
  it('scales bars to the tallest and keeps a tiny nonzero bar visible', () => {
    const bars = columnBars([10, 0, 1000], 30, 100);
    expect(bars).toHaveLength(3);
    expect(bars[2]).toMatchObject({ x: 20, y: 0, height: 100 });
    expect(bars[1]!.height).toBe(0);
    expect(bars[0]!.height).toBe(1);
    expect(bars[0]!.y).toBe(99);
    expect(columnBars([], 10, 10)).toEqual([]);
    expect(columnBars([0, 0], 10, 10).every((b) => b.height === 0)).toBe(true);
  });

  it('finds the tallest bin with its edges', () => {
    expect(tallestBin([0, 1, 2, 3], [4, 9, 9])).toEqual({ from: 1, to: 2, count: 9 });
    expect(tallestBin([], [])).toBeNull();
  });

  it('clips labels by code point, not UTF-16 unit', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 4)).toBe('abc');
    expect(clip('😀😀😀😀😀', 3)).toBe('😀😀…');
  });
});

describe('report progress', () => {
  it('runs one bar across the phases instead of restarting it', () => {
    expect(reportFraction({ phase: 'profile', fraction: 0.5 })).toBe(0.125);
    expect(reportFraction({ phase: 'checks', fraction: 0 })).toBe(0.25);
    expect(reportFraction({ phase: 'pii', fraction: 1 })).toBe(1);
    expect(reportFraction({ phase: 'load', fraction: -1 })).toBeNull();
    expect(reportFraction(null)).toBeNull();
    expect(progressText({ phase: 'checks', fraction: 0.5, message: 'duplicate_rows' })).toBe('Running checks (duplicate_rows) · 38%');
  });
});
