import type { CheckRule } from '../../types.ts';
import { allMissingColumn } from './all-missing-column.ts';
import { constantColumn } from './constant-column.ts';
import { correlatedFeatures } from './correlated-features.ts';
import { duplicateRows } from './duplicate-rows.ts';
import { highCardinality } from './high-cardinality.ts';
import { idLikeColumn } from './id-like-column.ts';
import { missingValues } from './missing-values.ts';
import { mixedTypes } from './mixed-types.ts';
import { nearConstantColumn } from './near-constant-column.ts';
import { outliersIqr } from './outliers-iqr.ts';
import { outliersRobustZ } from './outliers-robust-z.ts';

/** The rules that need only the table, in the order a report lists rules of equal severity. */
export const DATASET_RULES: readonly CheckRule[] = [
  duplicateRows,
  allMissingColumn,
  constantColumn,
  nearConstantColumn,
  idLikeColumn,
  highCardinality,
  mixedTypes,
  missingValues,
  outliersIqr,
  outliersRobustZ,
  correlatedFeatures,
];
