// Public surface of src/core/evaluate/curves: explicit named exports only.
export { rocCurves } from './roc.ts';
export type { RocClassCurve, RocCurves, RocOptions, RocPoints } from './roc.ts';
export { precisionRecallCurves } from './precision-recall.ts';
export type { PrecisionRecallClassCurve, PrecisionRecallCurves, PrecisionRecallOptions } from './precision-recall.ts';
export { calibrationCurves } from './calibration-curve.ts';
export type { CalibrationClassCurve, CalibrationCurveOptions, CalibrationCurves, CalibrationStrategy, ScoreHistogram } from './calibration-curve.ts';
export { gainLiftCurves } from './gain-lift.ts';
export type { GainGroup, GainLiftClassCurve, GainLiftCurves, GainLiftOptions, GainPoints } from './gain-lift.ts';
export { DEFAULT_DISPLAY_POINTS, lttbIndices } from './downsample.ts';
export type { ClassCurve } from './one-vs-rest.ts';
