import type { Fold } from './fold.ts';
import { MISSING_GROUP } from './group-index.ts';
import { maxOf } from '../stats/extent.ts';

export interface FoldInfo {
  /** Class index per row. */
  y?: Int32Array;
  /** Class names by index, for messages. */
  classes?: readonly string[];
  groups?: readonly (string | null)[];
  /** Time per row (NaN = unknown, ignored in ranges). */
  times?: Float64Array;
}

export interface FoldSummary {
  /** 0-based fold index (messages count from 1). */
  fold: number;
  trainRows: number;
  testRows: number;
  trainClassCounts?: number[];
  testClassCounts?: number[];
  /** Distinct groups on each side. */
  trainGroups?: number;
  testGroups?: number;
  /** Groups with rows on both sides (0 when no groups given). */
  sharedGroups: number;
  /** [earliest, latest] known time on each side; absent when no times or none known. */
  trainTime?: [number, number];
  testTime?: [number, number];
}

export interface FoldsDescription {
  folds: FoldSummary[];
  warnings: string[];
}

/** What the UI shows per split, plus plain-language warnings about leaks and thin folds. */
export function describeFolds(folds: Fold[], info: FoldInfo = {}): FoldsDescription {
  const warnings: string[] = [];
  const nClasses = info.y ? Math.max(info.classes?.length ?? 0, maxOf(info.y.map((c) => c + 1))) : 0;
  const present = info.y ? classCounts(info.y, Int32Array.from(info.y, (_, i) => i), nClasses) : [];
  const className = (c: number): string => info.classes?.[c] ?? String(c);
  const summaries = folds.map((f, fold) => {
    const label = `Fold ${fold + 1}`;
    const s: FoldSummary = { fold, trainRows: f.train.length, testRows: f.test.length, sharedGroups: 0 };
    if (f.test.length < 2) warnings.push(`${label} has ${f.test.length} test row${f.test.length === 1 ? '' : 's'}; its scores will be unreliable.`);
    if (info.y) {
      s.trainClassCounts = classCounts(info.y, f.train, nClasses);
      s.testClassCounts = classCounts(info.y, f.test, nClasses);
      for (let c = 0; c < nClasses; c++) {
        if (present[c] === 0) continue;
        if (s.testClassCounts[c] === 0) warnings.push(`${label}: class "${className(c)}" has no test rows.`);
        if (s.trainClassCounts[c] === 0) warnings.push(`${label}: class "${className(c)}" has no training rows.`);
      }
    }
    if (info.groups) {
      const g = info.groups;
      const trainSet = new Set(Array.from(f.train, (r) => g[r]));
      const testSet = new Set(Array.from(f.test, (r) => g[r]));
      s.trainGroups = trainSet.size;
      s.testGroups = testSet.size;
      const shared = [...testSet].filter((x) => trainSet.has(x));
      s.sharedGroups = shared.length;
      if (shared.length > 0) {
        const names = shared.slice(0, 3).map((x) => `"${x ?? MISSING_GROUP}"`).join(', ');
        warnings.push(
          `${label}: ${shared.length} group${shared.length === 1 ? '' : 's'} (${names}${shared.length > 3 ? ', …' : ''}) appear${shared.length === 1 ? 's' : ''} in both train and test.`,
        );
      }
    }
    if (info.times) {
      const tr = timeRange(info.times, f.train);
      const te = timeRange(info.times, f.test);
      if (tr) s.trainTime = tr;
      if (te) s.testTime = te;
      if (tr && te) {
        const early = Array.from(f.test).filter((r) => info.times![r]! < tr[1]).length;
        if (early > 0)
          warnings.push(`${label}: ${early} test row${early === 1 ? ' is' : 's are'} earlier than the latest training row.`);
      }
    }
    return s;
  });
  return { folds: summaries, warnings };
}

function classCounts(y: Int32Array, rows: Int32Array, nClasses: number): number[] {
  const counts = new Array<number>(nClasses).fill(0);
  for (const r of rows) counts[y[r]!]!++;
  return counts;
}

function timeRange(times: Float64Array, rows: Int32Array): [number, number] | undefined {
  let lo = Infinity, hi = -Infinity;
  for (const r of rows) {
    const t = times[r]!;
    if (Number.isNaN(t)) continue;
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return lo <= hi ? [lo, hi] : undefined;
}
