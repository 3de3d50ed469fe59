// Public surface of src/core/evaluate: explicit named exports only.
export type {
  ClassificationData,
  ClassificationMetric,
  ClassificationReportMetric,
  MetricDef,
  MetricParams,
  MetricTask,
  PreparedClassification,
  PreparedRegression,
  RegressionData,
  RegressionMetric,
  RegressionReportMetric,
  ReportEntry,
  ReportInfo,
  ReportMetric,
  ReportOptions,
  RocCurve,
} from './types.ts';
export { accuracy } from './accuracy.ts';
export { balancedAccuracy } from './balanced-accuracy.ts';
export { rocAuc, rocAucOvr } from './roc-auc.ts';
export { binaryAuc } from './binary-auc.ts';
export { logLoss, LOG_LOSS_EPS } from './log-loss.ts';
export { f1Macro } from './f1-macro.ts';
export { precisionMacro } from './precision-macro.ts';
export { recallMacro } from './recall-macro.ts';
export { rmse } from './rmse.ts';
export { mae } from './mae.ts';
export { r2 } from './r2.ts';
export { mse } from './mse.ts';
export { confusionMatrix } from './confusion-matrix.ts';
export { rocCurve } from './roc-curve.ts';
export { predictedClasses } from './predicted-classes.ts';
export {
  CLASSIFICATION_METRICS,
  REGRESSION_METRICS,
  REPORT_METRICS,
  computeMetrics,
  findMetric,
  getMetric,
  getReportMetric,
  metricNames,
  reportMetricNames,
} from './registry.ts';
export {
  computeReport,
  computeReportAsync,
  entryKey,
  evaluateMetric,
  reportRecord,
  resolveReportOptions,
} from './report.ts';
export type { ReportRequest } from './report.ts';
export { MetricUnavailable } from './metric-unavailable.ts';
export { prepareClassification, prepareRegression } from './prepare.ts';
export { binaryAveragePrecision } from './average-precision.ts';
