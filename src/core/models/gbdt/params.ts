/**
 * Resolved (every default filled) parameters of the tree learners. The spec types in
 * src/core/spec/types.ts document the same fields for users; these are what fitGbdt /
 * fitForest take, so benchmarks and tests can call them without a spec.
 */
export type GbdtLoss = 'auto' | 'log-loss' | 'squared' | 'absolute' | 'huber';

export interface ResolvedGbdtParams {
  /** Boosting rounds (multiclass: one tree per class per round). */
  rounds: number;
  learningRate: number;
  /** Leaves per tree (leaf-wise growth). */
  maxLeaves: number;
  /** Depth limit; 0 = none. */
  maxDepth: number;
  /** Training rows per leaf, at least. */
  minSamplesLeaf: number;
  /** Hessian sum per leaf, at least. */
  minChildWeight: number;
  /** L2 penalty on leaf values. */
  l2: number;
  /** A split must gain more than this. */
  minGainToSplit: number;
  /** Value bins per feature (2..255); bin 0 for missing comes on top. */
  maxBins: number;
  /** 'auto': log-loss for classification, squared error for regression. */
  loss: GbdtLoss;
  /** Huber: delta is this quantile of the absolute residuals, re-estimated every round (scikit-learn's GradientBoostingRegressor alpha). */
  huberAlpha: number;
  /** Fraction of rows drawn (Bernoulli, seeded) for each round. 1 = all. */
  subsample: number;
  /** Fraction of features drawn for each tree. 1 = all. */
  colsample: number;
  classWeight: 'none' | 'balanced';
  /** Rounds without validation improvement before stopping; 0 turns early stopping off. Needs FitData.val. */
  earlyStoppingRounds: number;
  /** Smallest decrease of the validation loss that counts as improvement. */
  minDelta: number;
}

export interface ResolvedForestParams {
  trees: number;
  /** 'best': random forest; 'random': extremely randomised trees (one random threshold per feature). */
  splitter: 'best' | 'random';
  /**
   * Fraction of features drawn at every split; 0 = auto: sqrt(d)/d for classification, all
   * for regression (scikit-learn's defaults since 1.1).
   */
  maxFeatures: number;
  /** 0 = none. */
  maxDepth: number;
  /** 0 = unlimited. */
  maxLeaves: number;
  minSamplesLeaf: number;
  /** Draw n rows with replacement per tree. */
  bootstrap: boolean;
  maxBins: number;
  classWeight: 'none' | 'balanced';
}

export const GBDT_DEFAULTS: ResolvedGbdtParams = {
  rounds: 100,
  learningRate: 0.1,
  maxLeaves: 31,
  maxDepth: 0,
  minSamplesLeaf: 20,
  minChildWeight: 1e-3,
  l2: 0,
  minGainToSplit: 0,
  maxBins: 255,
  loss: 'auto',
  huberAlpha: 0.9,
  subsample: 1,
  colsample: 1,
  classWeight: 'none',
  earlyStoppingRounds: 10,
  minDelta: 1e-7,
};

export const FOREST_DEFAULTS: ResolvedForestParams = {
  trees: 100,
  splitter: 'best',
  maxFeatures: 0,
  maxDepth: 0,
  maxLeaves: 0,
  minSamplesLeaf: 1,
  bootstrap: true,
  maxBins: 255,
  classWeight: 'none',
};

export const resolveGbdtParams = (p: Partial<ResolvedGbdtParams> = {}): ResolvedGbdtParams => ({ ...GBDT_DEFAULTS, ...p });

/** Extra-trees default to no bootstrap, as scikit-learn's ExtraTrees*. */
export const resolveForestParams = (p: Partial<ResolvedForestParams> = {}): ResolvedForestParams => ({
  ...FOREST_DEFAULTS,
  bootstrap: (p.splitter ?? 'best') === 'best',
  ...p,
});
