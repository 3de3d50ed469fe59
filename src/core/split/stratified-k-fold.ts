import { benchtopError } from '../errors.ts';
import { createRng, shuffleInPlace } from '../random.ts';
import { checkK, foldsFromAssignment, type Fold, type ShuffleOptions } from './fold.ts';
import { maxOf, minOf } from '../stats/extent.ts';

export interface StratifiedOptions extends ShuffleOptions {
  /** Class names by class index, for messages. */
  classes?: readonly string[];
  /** Receives scikit-learn's UserWarnings (e.g. a class with fewer rows than folds). */
  onWarning?: (message: string) => void;
}

/**
 * scikit-learn 1.2's StratifiedKFold (`_make_test_folds`). Classes are renumbered by first
 * appearance, the sorted labels are dealt round-robin to fix how many rows of each class every
 * test fold gets, and each class's rows then fill folds 0, 1, ... in row order. With shuffle, the
 * fold labels within each class are permuted (same as permuting the class's rows).
 * Throws when every class has fewer rows than k; warns when only some do.
 */
export function stratifiedKFold(y: Int32Array, k: number, opts: StratifiedOptions = {}): Fold[] {
  checkK(k, y.length);
  const { encoded, original, counts } = encodeByAppearance(y);
  const name = (c: number): string => opts.classes?.[original[c]!] ?? String(original[c]);
  const nClasses = counts.length;
  if (counts.every((c) => c < k)) {
    // like sklearn, only fatal when no class can fill every fold; report the biggest class
    const big = counts.indexOf(maxOf(counts));
    throw benchtopError('split_class_too_small', { value: name(big), count: counts[big], min: k });
  }
  const least = minOf(counts);
  if (least < k)
    opts.onWarning?.(
      `Class "${name(counts.indexOf(least))}" has only ${least} rows, fewer than the ${k} folds; some test folds will lack it.`,
    );
  // allocation[f][c]: rows of class c in test fold f = counts of c among y_sorted[f::k]
  const allocation = Array.from({ length: k }, () => new Int32Array(nClasses));
  let pos = 0;
  counts.forEach((count, c) => {
    for (let i = 0; i < count; i++, pos++) allocation[pos % k]![c]!++;
  });
  const rng = opts.shuffle ? createRng(opts.seed ?? 0).fork('stratified-k-fold') : null;
  const assignment = new Int32Array(y.length);
  const next = new Int32Array(nClasses);
  const foldsFor: Int32Array[] = counts.map((count, c) => {
    const labels = new Int32Array(count);
    let i = 0;
    for (let f = 0; f < k; f++) for (let m = 0; m < allocation[f]![c]!; m++) labels[i++] = f;
    if (rng) shuffleInPlace(labels, rng);
    return labels;
  });
  encoded.forEach((c, row) => (assignment[row] = foldsFor[c]![next[c]!++]!));
  return foldsFromAssignment(assignment, k);
}

/** Renumber classes 0.. in order of first appearance, as sklearn does before allocating. */
function encodeByAppearance(y: Int32Array): { encoded: Int32Array; original: number[]; counts: number[] } {
  const code = new Map<number, number>();
  const original: number[] = [];
  const counts: number[] = [];
  const encoded = new Int32Array(y.length);
  y.forEach((v, i) => {
    let c = code.get(v);
    if (c === undefined) {
      code.set(v, (c = original.length));
      original.push(v);
      counts.push(0);
    }
    counts[c]!++;
    encoded[i] = c;
  });
  return { encoded, original, counts };
}
