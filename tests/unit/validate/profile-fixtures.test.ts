import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../../src/core/data/ingest.ts';
import { profileTable } from '../../../src/core/validate/profile/profile-table.ts';
import type { ColumnProfile } from '../../../src/core/validate/profile/types.ts';

// Written by scripts/fixtures/validate_profile.py (numpy 1.24, scipy 1.10); inputs beside them.
const dir = join(import.meta.dirname, '../../fixtures/validate');

interface Expected {
  name: string;
  input: string;
  rows: number;
  duplicateRows: number;
  columns: Record<string, unknown>[];
}

const fixtures = readdirSync(dir)
  .filter((f) => f.startsWith('profile_') && f.endsWith('.expected.json'))
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Expected);

/** 1e-9 relative, with a 1e-12 floor for figures that are (nearly) zero. */
function expectClose(actual: unknown, expected: unknown, where: string): void {
  if (expected === null || typeof expected !== 'number') {
    expect(actual, where).toEqual(expected);
    return;
  }
  expect(typeof actual, where).toBe('number');
  const a = actual as number;
  expect(Math.abs(a - expected), `${where}: ${a} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(a), Math.abs(expected)) + 1e-12);
}

function compare(actual: ColumnProfile, expected: Record<string, unknown>): void {
  const where = (k: string) => `${String(expected.name)}.${k}`;
  const got = actual as unknown as Record<string, unknown>;
  for (const [key, want] of Object.entries(expected)) {
    const have = got[key];
    if (key === 'quantiles' || key === 'length') {
      if (want === null) expect(have, where(key)).toBeNull();
      else for (const [q, v] of Object.entries(want as Record<string, number>)) expectClose((have as Record<string, number>)[q], v, where(`${key}.${q}`));
    } else if (key === 'histogram') {
      if (want === null) expect(have, where(key)).toBeNull();
      else {
        const h = have as { edges: number[]; counts: number[] };
        const w = want as { edges: number[]; counts: number[] };
        expect(h.counts, where('histogram.counts')).toEqual(w.counts);
        expect(h.edges.length, where('histogram.edges')).toBe(w.edges.length);
        w.edges.forEach((e, i) => expectClose(h.edges[i], e, where(`histogram.edges[${i}]`)));
      }
    } else if (key === 'topValues') expect(have, where(key)).toEqual(want);
    else expectClose(have, want, where(key));
  }
}

describe('profileTable matches numpy/scipy', () => {
  it('has the four fixture cases', () => {
    expect(fixtures.map((f) => f.name).sort()).toEqual(['numbers', 'people', 'tiny', 'unicode']);
  });

  for (const fx of fixtures) {
    it(`${fx.name}: every column figure within 1e-9`, async () => {
      const d = await ingest(readFileSync(join(dir, fx.input), 'utf8'), { name: fx.input });
      expect(d.columns.map((c) => [c.name, c.kind])).toEqual(fx.columns.map((c) => [c.name, c.kind]));
      const profile = await profileTable(d.table, d.columns);
      expect(profile.rows).toBe(fx.rows);
      expect(profile.duplicateRows).toBe(fx.duplicateRows);
      expect(profile.columns).toHaveLength(fx.columns.length);
      fx.columns.forEach((want, j) => compare(profile.columns[j] as ColumnProfile, want));
      // JSON-safe: nothing turns into null or disappears on the way through JSON.
      expect(JSON.parse(JSON.stringify(profile))).toEqual(profile);
    });
  }
});
