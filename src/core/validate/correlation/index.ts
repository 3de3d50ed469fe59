export { correlationMatrix, DEFAULT_MAX_COLUMNS, DEFAULT_MAX_ROWS } from './correlation-matrix.ts';
export type { CorrelationMatrix, CorrelationMatrixOptions, CorrelationMethod } from './correlation-matrix.ts';
export { cramersV } from './cramers-v.ts';
export { pearson } from './pearson.ts';
export { averageRanks } from './rank.ts';
export { spearman } from './spearman.ts';
export type { OmitReason } from './select-columns.ts';
