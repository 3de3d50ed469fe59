/**
 * Every column's single-feature score against the target, plus columns that are the target
 * under another name. Computed once per (table, target, task) and shared by target_leakage and
 * id_or_time_predicts_target.
 */
import { Type, type Table } from 'apache-arrow';
import type { ColumnInfo } from '../../../data/types.ts';
import type { CheckContext } from '../../types.ts';
import { canonicalNumbers, columnVector, encodeColumn, type EncodedColumn } from './encode-column.ts';
import { SingleFeatureScorer } from './single-feature-score.ts';
import { featureNames, targetData, type TargetData } from './target-context.ts';

/** Fewer rows with a target than this give a 30% holdout too small to tell leakage from luck. */
export const MIN_SCORED_ROWS = 30;
/** A column this unique (distinct / non-missing) with at least MIN_ID_ROWS values is a key, not a category. */
const ID_UNIQUE_SHARE = 0.95;
const MIN_ID_ROWS = 20;
/** Text ids are scored by their trailing number when at least this share of distinct values has one. */
const ID_DIGITS_SHARE = 0.9;

/**
 * feature: an ordinary column (target_leakage); identifier: a key-like column (declared
 * 'identifier', near-unique labels, or near-unique integers counting up like 1, 2, 3);
 * datetime: a date/time column; row_order: the row number itself.
 */
export type ScoreRole = 'feature' | 'identifier' | 'datetime' | 'row_order';

export interface FeatureScore {
  /** null for the row order. */
  column: string | null;
  role: ScoreRole;
  /** Holdout score (balanced accuracy or R²); NaN when the column cannot be scored. */
  score: number;
  trainScore: number;
  /** For identifiers: what made the column look like one. */
  reason?: string;
}

/** identical: the same values; one-to-one: a relabelling; monotone: a strictly ordered function of a numeric target. */
export type CopyRelation = 'identical' | 'one-to-one' | 'monotone';

export interface TargetCopy {
  column: string;
  relation: CopyRelation;
}

export interface TargetScores {
  metric: 'balanced_accuracy' | 'r2';
  /** Chance level: 1/k classes, or 0 for R². */
  baseline: number;
  trainRows: number;
  testRows: number;
  /** Empty when there are fewer than MIN_SCORED_ROWS rows with a target. */
  scores: FeatureScore[];
  copies: TargetCopy[];
}

const cache = new WeakMap<Table, Map<string, TargetScores | null>>();

/** Scores for the context's target; null without a usable target. */
export function targetScores(ctx: CheckContext): TargetScores | null {
  const target = targetData(ctx);
  if (!target || target.task === null) return null;
  if (!target.classification && !target.y) return null;
  let perTable = cache.get(ctx.table);
  if (!perTable) cache.set(ctx.table, (perTable = new Map()));
  // columns typed 'identifier' change roles, so they are part of the key
  const ids = ctx.columns.filter((c) => c.type === 'identifier').map((c) => c.name);
  const key = JSON.stringify([target.task, target.name, ids]);
  if (perTable.has(key)) return perTable.get(key)!;
  const scores = compute(ctx, target);
  perTable.set(key, scores);
  return scores;
}

function compute(ctx: CheckContext, target: TargetData): TargetScores {
  const table = ctx.table;
  const n = table.numRows;
  const scorable = target.present >= MIN_SCORED_ROWS;
  const scorer = scorable ? new SingleFeatureScorer(target) : null;
  const bins = new Int32Array(n);
  const info = new Map(ctx.columns.map((c) => [c.name, c]));
  const scores: FeatureScore[] = [];
  const copies: TargetCopy[] = [];
  const targetRows = new Int32Array(target.present);
  for (let i = 0, j = 0; i < n; i++) if (target.encoded.codes[i] !== 0) targetRows[j++] = i;

  for (const name of featureNames(table, target.name)) {
    const typeId = columnVector(table, name).type.typeId;
    const isTime = typeId === Type.Timestamp || typeId === Type.Date;
    const numbers = isTime || typeId === Type.Float || typeId === Type.Int || typeId === Type.Bool ? canonicalNumbers(table, name) : null;
    const encoded = numbers ? null : encodeColumn(table, name);
    const keys = numbers ?? encoded!.codes;
    const label = encoded ? encoded.label : String;
    const relation = copyOf(keys, label, target, targetRows);
    if (relation) copies.push({ column: name, relation });
    if (!scorer) continue;

    const { role, reason } = isTime
      ? { role: 'datetime' as const, reason: undefined }
      : numbers
        ? numberRole(numbers, info.get(name))
        : labelRole(encoded!, info.get(name));
    let score = { test: NaN, train: NaN };
    if (numbers) score = scorer.score(bins, scorer.numberBins(numbers, bins));
    else if (role === 'identifier') {
      const trailing = trailingNumbers(encoded!);
      if (trailing) score = scorer.score(bins, scorer.numberBins(trailing, bins));
    } else score = scorer.score(encoded!.codes, encoded!.k + 1);
    scores.push({ column: name, role, score: score.test, trainScore: score.train, ...(reason ? { reason } : {}) });
  }

  if (scorer) {
    const order = new Float64Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const score = scorer.score(bins, scorer.numberBins(order, bins));
    scores.push({ column: null, role: 'row_order', score: score.test, trainScore: score.train });
  }
  return {
    metric: target.classification ? 'balanced_accuracy' : 'r2',
    baseline: scorer?.baseline ?? (target.classification ? 1 / Math.max(1, target.encoded.k) : 0),
    trainRows: scorer?.train.length ?? 0,
    testRows: scorer?.test.length ?? 0,
    scores,
    copies,
  };
}

function labelRole(encoded: EncodedColumn, info: ColumnInfo | undefined): { role: ScoreRole; reason?: string } {
  if (info?.type === 'identifier') return { role: 'identifier', reason: 'typed as an identifier' };
  let present = 0;
  for (const c of encoded.codes) if (c !== 0) present++;
  if (present < MIN_ID_ROWS || encoded.k < ID_UNIQUE_SHARE * present) return { role: 'feature' };
  return { role: 'identifier', reason: `${Math.round((100 * encoded.k) / present)}% unique values` };
}

/**
 * Near-unique integers are a key when they count up (range close to their number); unique
 * integer measurements (incomes, populations) spread over a far wider range and stay features.
 */
function numberRole(numbers: Float64Array, info: ColumnInfo | undefined): { role: ScoreRole; reason?: string } {
  if (info?.type === 'identifier') return { role: 'identifier', reason: 'typed as an identifier' };
  let lo = Infinity;
  let hi = -Infinity;
  let present = 0;
  for (const v of numbers) {
    if (v !== v) continue;
    if (!Number.isInteger(v)) return { role: 'feature' };
    present++;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi - lo + 1;
  if (present < MIN_ID_ROWS || span > 2 * present) return { role: 'feature' };
  const seen = new Uint8Array(span);
  let distinct = 0;
  for (const v of numbers) {
    if (v !== v || seen[v - lo]) continue;
    seen[v - lo] = 1;
    distinct++;
  }
  return distinct >= ID_UNIQUE_SHARE * present && span <= 2 * distinct
    ? { role: 'identifier', reason: 'near-unique integers counting up' }
    : { role: 'feature' };
}

/** The last run of digits of each text id ('cust-00042' -> 42), or null when too few ids have one. */
function trailingNumbers(encoded: EncodedColumn): Float64Array | null {
  const perCode = new Float64Array(encoded.k + 1).fill(NaN);
  let withDigits = 0;
  for (let c = 1; c <= encoded.k; c++) {
    const m = /(\d{1,15})\D*$/.exec(encoded.label(c));
    if (m) {
      perCode[c] = Number(m[1]);
      withDigits++;
    }
  }
  if (withDigits < ID_DIGITS_SHARE * encoded.k) return null;
  return Float64Array.from(encoded.codes, (c) => perCode[c]!);
}

/** Rows checked first: most columns fail to be a copy within them, sparing a pass over the rest. */
const COPY_SAMPLE = 2000;

/**
 * How a feature copies the target on the rows that have a target, or null. `keys` holds the
 * feature per row (numbers with NaN missing, or label codes with 0 missing); a copy has a value
 * on every such row and maps its values one-to-one onto the target's. A one-to-one map of
 * near-unique values says little (any id maps one-to-one onto unique prices), so values must
 * repeat (rows >= 2 x distinct) unless the copy is identical or, for a numeric target, strictly
 * monotone.
 */
function copyOf(keys: Float64Array | Int32Array, label: (key: number) => string, target: TargetData, rows: Int32Array): CopyRelation | null {
  if (target.encoded.k < 2) return null;
  if (rows.length > COPY_SAMPLE && !relationOn(keys, label, target, rows.subarray(0, COPY_SAMPLE), 1)) return null;
  return relationOn(keys, label, target, rows, 2);
}

/** The copy relation on `rows`; a plain one-to-one map counts when rows >= repeats x distinct targets. */
function relationOn(
  keys: Float64Array | Int32Array,
  label: (key: number) => string,
  target: TargetData,
  rows: Int32Array,
  repeats: number,
): CopyRelation | null {
  const numbers = keys instanceof Float64Array;
  const tCodes = target.encoded.codes;
  const tNumbers = target.encoded.numbers;
  const toTarget = new Map<number, number>();
  const toFeature = new Map<number, number>();
  // one (feature value, target value) pair per distinct feature value, for the monotone test
  const fv: number[] = [];
  const tv: number[] = [];
  for (const r of rows) {
    const a = keys[r]!;
    if (numbers ? a !== a : a === 0) return null;
    const b = tCodes[r]!;
    const mapped = toTarget.get(a);
    if (mapped === undefined) {
      toTarget.set(a, b);
      fv.push(a);
      tv.push(tNumbers ? tNumbers[r]! : NaN);
    } else if (mapped !== b) return null;
    const back = toFeature.get(b);
    if (back === undefined) toFeature.set(b, a);
    else if (back !== a) return null;
  }
  if (toTarget.size < 2) return null;
  if (numbers && tNumbers ? rows.every((r) => keys[r] === tNumbers[r]) : [...toTarget].every(([a, b]) => label(a) === target.encoded.label(b)))
    return 'identical';
  if (rows.length >= repeats * toFeature.size) return 'one-to-one';
  if (!target.classification && numbers && tNumbers && monotone(fv, tv))
    return 'monotone';
  return null;
}

/** Whether pairs (fv[i], tv[i]) of distinct values order the same way, or exactly reversed. */
function monotone(fv: readonly number[], tv: readonly number[]): boolean {
  const fs = Float64Array.from(fv).sort();
  const ts = Float64Array.from(tv).sort();
  const m = fv.length;
  let up = true;
  let down = true;
  for (let i = 0; i < m && (up || down); i++) {
    const rf = lowerBound(fs, fv[i]!);
    const rt = lowerBound(ts, tv[i]!);
    if (rf !== rt) up = false;
    if (rf !== m - 1 - rt) down = false;
  }
  return up || down;
}

function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
