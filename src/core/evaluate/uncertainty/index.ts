// Public surface of src/core/evaluate/uncertainty: explicit named exports only.
export { bootstrapCi, bootstrapCiSync } from './bootstrap-ci.ts';
export type { BootstrapInterval, BootstrapOptions, BootstrapResult } from './bootstrap-ci.ts';
export { cvSummary } from './cv-summary.ts';
export type { CvSummary } from './cv-summary.ts';
export { mcnemarFromCounts, mcnemarTest } from './mcnemar.ts';
export type { McNemarOptions, McNemarResult } from './mcnemar.ts';
export { pairedBootstrap, pairedBootstrapSync } from './paired-bootstrap.ts';
export type { PairedBootstrapOptions, PairedBootstrapResult } from './paired-bootstrap.ts';
export { correctedResampledTTest } from './corrected-t-test.ts';
export type { CorrectedTTestOptions, CorrectedTTestResult } from './corrected-t-test.ts';
export { compareModels, compareModelsSync } from './compare-models.ts';
export type { CompareOptions, Comparison } from './compare-models.ts';
export type { MetricRequest } from './metric-request.ts';
export type { ModelNames, Verdict } from './verdict.ts';
export { binomialCdf, chiSquaredSf, studentTCdf, studentTPpf, studentTSf } from '../../stats/distributions.ts';
