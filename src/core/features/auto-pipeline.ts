/**
 * The default pipeline, chosen per column type and model the way a careful engineer would,
 * then written out as ordinary steps so the user sees (and can edit) exactly what runs:
 *   datetime -> calendar parts (+ cyclical, elapsed days);
 *   high-cardinality labels -> out-of-fold target encoding;
 *   numeric (incl. the above) -> standard scaling, for linear models, networks and k-NN only;
 *   numeric -> median imputation with a missing indicator where training had gaps;
 *   low-cardinality labels -> one-hot with an (other) bucket for rare and unseen levels;
 *   except for tree models, which learn where missing values go and split categories natively:
 *   they get no imputation, and low-cardinality labels as ordinal codes (the model is told
 *   which columns are codes, see treeInputs in train/run-experiment.ts);
 *   free text (only when chosen as a feature) -> TF-IDF over the top tokens.
 * Indicator and one-hot columns come after scaling, so they stay 0/1.
 */
import type { ColumnInfo } from '../data/types.ts';
import type { PipelineStep } from '../spec/pipeline-types.ts';
import type { ModelKind } from '../spec/types.ts';

/** Models whose fit depends on feature scale: penalised/gradient-trained ones and distances. Ensembles may hold any of them. */
const SCALE_SENSITIVE = new Set<ModelKind>(['linear', 'logistic', 'mlp', 'knn', 'ensemble']);

/** Models that take missing values (NaN) and category codes as they are. */
export const TREE_MODELS: ReadonlySet<ModelKind> = new Set<ModelKind>(['gbdt', 'random-forest']);

/** Above this many distinct training labels, one-hot gets wide and sparse: target-encode instead. */
const HIGH_CARDINALITY = 30;

export function autoPipeline(columns: readonly ColumnInfo[], features: readonly string[], model: ModelKind, rows: number): PipelineStep[] {
  const info = features.map((f) => columns.find((c) => c.name === f)).filter((c): c is ColumnInfo => !!c);
  const names = (pred: (c: ColumnInfo) => boolean) => info.filter(pred).map((c) => c.name);
  const datetimes = names((c) => c.kind === 'datetime');
  const lowCard = names((c) => c.kind === 'categorical' && c.distinct <= HIGH_CARDINALITY);
  const highCard = names((c) => c.kind === 'categorical' && c.distinct > HIGH_CARDINALITY);
  const texts = names((c) => c.kind === 'text');
  const scaled = SCALE_SENSITIVE.has(model);
  const trees = TREE_MODELS.has(model);

  const steps: PipelineStep[] = [];
  if (datetimes.length) steps.push({ kind: 'datetime-parts', columns: datetimes });
  if (highCard.length) steps.push({ kind: 'target-encode', columns: highCard });
  // Scale before imputing: scaling passes gaps through, the median commutes with the affine map,
  // and the missing indicators added next stay 0/1 (a z-scored rare indicator becomes a huge outlier).
  if (scaled) steps.push({ kind: 'scale', select: 'numeric', method: 'standard' });
  if (trees) {
    if (lowCard.length) steps.push({ kind: 'ordinal', columns: lowCard });
  } else {
    steps.push({ kind: 'impute', select: 'numeric', strategy: 'median', indicator: true });
    // On small data a rare level is noise; from 1,000 rows on, levels need 5 rows of support.
    if (lowCard.length) steps.push({ kind: 'one-hot', columns: lowCard, minFrequency: rows >= 1000 ? 5 : 1 });
  }
  if (texts.length) steps.push({ kind: 'text', columns: texts, method: 'tfidf' });
  return steps;
}
