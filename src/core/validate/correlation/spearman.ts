import { complete, pearsonComplete } from './pearson.ts';
import { averageRanks } from './rank.ts';

/**
 * Spearman's rho over the rows where both values are present (NaN = missing): Pearson's r of
 * the average ranks, as scipy's spearmanr computes it on the complete pairs. Null when fewer
 * than two rows remain or either side is constant.
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const [a, b] = complete(x, y);
  return pearsonComplete(averageRanks(a), averageRanks(b));
}
