// Public surface of src/core/evaluate/calibration: explicit named exports only.
export { applyCalibrator, fitCalibrator, parseCalibrator } from './calibrator.ts';
export type { CalibrationMap, CalibrationMethod, FitCalibratorOptions, FittedCalibrator } from './calibrator.ts';
export { fitIsotonic, predictIsotonic } from './isotonic.ts';
export type { IsotonicFit } from './isotonic.ts';
export { fitSigmoid, predictSigmoid } from './platt.ts';
export type { SigmoidFit } from './platt.ts';
