/**
 * Post-hoc calibration of a classifier's probabilities, as sklearn's
 * CalibratedClassifierCV(cv='prefit') (1.2.1) does it on predict_proba:
 *  - two classes: one map fitted on proba[:, 1] against "class 1"; then P1 = map(proba[:, 1]), P0 = 1 - P1;
 *  - k > 2: one map per class c on proba[:, c] against "class c vs the rest", then each row is
 *    divided by its sum (a row whose maps all give 0 becomes uniform 1/k), and values within
 *    1e-5 above 1 are set to 1.
 * Fit it on held-out rows (a validation split), never on the rows the model trained on.
 *
 * The fitted calibrator is plain JSON (numbers and arrays) so it can be saved with a model and
 * exported; `parseCalibrator` checks one that comes back from storage or an imported bundle.
 */
import { benchtopError } from '../../errors.ts';
import { checkClassification } from '../check-input.ts';
import type { ClassificationData } from '../types.ts';
import { fitIsotonic, predictIsotonic, type IsotonicFit } from './isotonic.ts';
import { fitSigmoid, predictSigmoid, type SigmoidFit } from './platt.ts';

export type CalibrationMethod = 'sigmoid' | 'isotonic';

export type CalibrationMap = ({ method: 'sigmoid' } & SigmoidFit) | ({ method: 'isotonic' } & IsotonicFit);

export interface FittedCalibrator {
  kind: 'calibrator';
  version: 1;
  method: CalibrationMethod;
  /** Number of classes of the probabilities it applies to. */
  k: number;
  /** k = 2: one map (of class 1's probability); k > 2: one map per class. */
  maps: CalibrationMap[];
}

export interface FitCalibratorOptions {
  /** Default 'sigmoid' (sklearn's default; isotonic needs ~1,000+ rows not to overfit). */
  method?: CalibrationMethod;
  sampleWeight?: ArrayLike<number>;
}

function fitMap(method: CalibrationMethod, scores: Float64Array, labels: Uint8Array, weights?: ArrayLike<number>): CalibrationMap {
  return method === 'sigmoid' ? { method, ...fitSigmoid(scores, labels, weights) } : { method, ...fitIsotonic(scores, labels, weights) };
}

function applyMap(map: CalibrationMap, v: number): number {
  return map.method === 'sigmoid' ? predictSigmoid(map, v) : predictIsotonic(map, v);
}

export function fitCalibrator(data: ClassificationData, options: FitCalibratorOptions = {}): FittedCalibrator {
  const n = checkClassification(data);
  const method = options.method ?? 'sigmoid';
  if (method !== 'sigmoid' && method !== 'isotonic') throw new RangeError(`fitCalibrator: method must be 'sigmoid' or 'isotonic', got ${String(method)}.`);
  if (n === 0) throw new RangeError('fitCalibrator: no rows to fit on.');
  const { yTrue, proba, k } = data;
  const columns = k === 2 ? [1] : Array.from({ length: k }, (_, c) => c);
  const maps = columns.map((c) => {
    const scores = new Float64Array(n);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      scores[i] = proba[i * k + c] as number;
      labels[i] = yTrue[i] === c ? 1 : 0;
    }
    return fitMap(method, scores, labels, options.sampleWeight);
  });
  return { kind: 'calibrator', version: 1, method, k, maps };
}

/** Calibrated probabilities (n x k, row-major) for uncalibrated `proba` of the same k. */
export function applyCalibrator(calibrator: FittedCalibrator, proba: Float64Array): Float64Array {
  const { k, maps } = calibrator;
  if (proba.length % k !== 0) throw new RangeError(`applyCalibrator: ${proba.length} values is not a whole number of rows of ${k} classes.`);
  const n = proba.length / k;
  const out = new Float64Array(n * k);
  if (k === 2) {
    const map = maps[0] as CalibrationMap;
    for (let i = 0; i < n; i++) {
      const p1 = applyMap(map, proba[i * 2 + 1] as number);
      out[i * 2 + 1] = p1;
      out[i * 2] = 1 - p1;
    }
  } else {
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let c = 0; c < k; c++) {
        const v = applyMap(maps[c] as CalibrationMap, proba[i * k + c] as number);
        out[i * k + c] = v;
        sum += v;
      }
      for (let c = 0; c < k; c++) out[i * k + c] = sum !== 0 ? (out[i * k + c] as number) / sum : 1 / k;
    }
  }
  // sklearn: "Deal with cases where the predicted probability minimally exceeds 1.0".
  for (let j = 0; j < out.length; j++) {
    const v = out[j] as number;
    if (v > 1 && v <= 1 + 1e-5) out[j] = 1;
  }
  return out;
}

function invalid(field: string, reason: string): never {
  throw benchtopError('calibrator_invalid', { field, reason });
}

function finiteArray(v: unknown, field: string): number[] {
  if (!Array.isArray(v) || v.length === 0) invalid(field, 'expected a non-empty array of numbers');
  for (const x of v) if (typeof x !== 'number' || !Number.isFinite(x)) invalid(field, 'expected finite numbers only');
  return v as number[];
}

/** Checks a calibrator read back from storage or an imported bundle; throws calibrator_invalid naming the field. */
export function parseCalibrator(json: unknown): FittedCalibrator {
  if (typeof json !== 'object' || json === null) invalid('calibrator', 'expected an object');
  const o = json as Record<string, unknown>;
  if (o.kind !== 'calibrator') invalid('kind', 'expected "calibrator"');
  if (o.version !== 1) invalid('version', `unsupported version ${String(o.version)}`);
  if (o.method !== 'sigmoid' && o.method !== 'isotonic') invalid('method', 'expected "sigmoid" or "isotonic"');
  const k = o.k;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 2) invalid('k', 'expected an integer >= 2');
  if (!Array.isArray(o.maps) || o.maps.length !== (k === 2 ? 1 : k)) invalid('maps', `expected ${k === 2 ? 1 : k} maps for k = ${k}`);
  const maps = (o.maps as unknown[]).map((m, i): CalibrationMap => {
    const field = `maps[${i}]`;
    if (typeof m !== 'object' || m === null) invalid(field, 'expected an object');
    const r = m as Record<string, unknown>;
    if (r.method !== o.method) invalid(`${field}.method`, `expected "${String(o.method)}"`);
    if (r.method === 'sigmoid') {
      if (typeof r.a !== 'number' || !Number.isFinite(r.a)) invalid(`${field}.a`, 'expected a finite number');
      if (typeof r.b !== 'number' || !Number.isFinite(r.b)) invalid(`${field}.b`, 'expected a finite number');
      return { method: 'sigmoid', a: r.a, b: r.b };
    }
    const x = finiteArray(r.x, `${field}.x`);
    const y = finiteArray(r.y, `${field}.y`);
    if (x.length !== y.length) invalid(`${field}.y`, `has ${y.length} values for ${x.length} x values`);
    for (let j = 1; j < x.length; j++) {
      if (!((x[j] as number) > (x[j - 1] as number))) invalid(`${field}.x`, 'must be strictly increasing');
      if (!((y[j] as number) >= (y[j - 1] as number))) invalid(`${field}.y`, 'must be non-decreasing');
    }
    return { method: 'isotonic', x: [...x], y: [...y] };
  });
  return { kind: 'calibrator', version: 1, method: o.method, k, maps };
}
