/**
 * Platt scaling as scikit-learn 1.2.1's _sigmoid_calibration fits it (what
 * CalibratedClassifierCV(method='sigmoid') uses): P(y = 1 | f) = 1 / (1 + exp(a f + b)), fitted
 * by weighted log loss against Platt's smoothed targets T+ = (N+ + 1) / (N+ + 2) for positives
 * and T- = 1 / (N- + 2) for negatives (N = summed weight of each class), from sklearn's start
 * (a, b) = (0, log((N- + 1) / (N+ + 1))).
 *
 * sklearn minimises with scipy's BFGS (gradient tolerance 1e-5), so it stops a little short of
 * the optimum. This solves the same convex problem by Newton's method with a backtracking line
 * search (Lin, Lin and Weng's 2007 note on Platt's method) to the optimum itself; the two agree
 * to ~1e-6 on a and b and closer on the calibrated probabilities (the tests check both, and
 * this one against a tight scipy solve to 1e-9).
 */

export interface SigmoidFit {
  /** Slope: P = 1 / (1 + exp(a * f + b)); negative when higher scores mean more positive. */
  a: number;
  b: number;
}

/** log(1 + exp(z)) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** 1 / (1 + exp(z)) without overflow (scipy's expit(-z)). */
export function sigmoidOf(z: number): number {
  if (z >= 0) {
    const e = Math.exp(-z);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(z));
}

export function predictSigmoid(fit: SigmoidFit, f: number): number {
  return sigmoidOf(fit.a * f + fit.b);
}

export function fitSigmoid(f: ArrayLike<number>, y: ArrayLike<number>, weights?: ArrayLike<number>): SigmoidFit {
  const n = f.length;
  if (y.length !== n) throw new RangeError(`fitSigmoid: ${n} scores but ${y.length} labels.`);
  if (weights && weights.length !== n) throw new RangeError(`fitSigmoid: ${n} rows but ${weights.length} weights.`);
  let prior0 = 0;
  let prior1 = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(f[i] as number)) throw new RangeError(`fitSigmoid: score ${i} is not finite.`);
    const w = weights ? (weights[i] as number) : 1;
    if (!Number.isFinite(w) || w < 0) throw new RangeError(`fitSigmoid: weight ${i} is ${w}; weights must be finite and >= 0.`);
    if ((y[i] as number) > 0) prior1 += w;
    else prior0 += w;
  }
  const tPos = (prior1 + 1) / (prior1 + 2);
  const tNeg = 1 / (prior0 + 2);
  const target = (i: number): number => ((y[i] as number) > 0 ? tPos : tNeg);
  const weight = (i: number): number => (weights ? (weights[i] as number) : 1);

  // loss = sum w * (softplus(z) - (1 - T) z) with z = a f + b: sklearn's objective, rewritten stably.
  const objective = (a: number, b: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const z = a * (f[i] as number) + b;
      s += weight(i) * (softplus(z) - (1 - target(i)) * z);
    }
    return s;
  };

  let a = 0;
  let b = Math.log((prior0 + 1) / (prior1 + 1));
  let value = objective(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 0;
    let hab = 0;
    let hbb = 0;
    for (let i = 0; i < n; i++) {
      const fi = f[i] as number;
      const w = weight(i);
      const p = sigmoidOf(a * fi + b);
      // d loss / dz = (1 - p) - (1 - T) = T - p; d2 loss / dz2 = p (1 - p).
      const g = w * (target(i) - p);
      const h = w * p * (1 - p);
      ga += g * fi;
      gb += g;
      haa += h * fi * fi;
      hab += h * fi;
      hbb += h;
    }
    // A tiny ridge keeps the 2x2 solve defined when all scores are equal (a is then unidentified).
    const ridge = 1e-12 * Math.max(1, haa, hbb);
    haa += ridge;
    hbb += ridge;
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = -(hbb * ga - hab * gb) / det;
    const db = -(haa * gb - hab * ga) / det;
    const slope = ga * da + gb * db;
    let step = 1;
    let accepted = false;
    while (step >= 1e-10) {
      const na = a + step * da;
      const nb = b + step * db;
      const nv = objective(na, nb);
      if (nv <= value + 1e-4 * step * slope) {
        a = na;
        b = nb;
        value = nv;
        accepted = true;
        break;
      }
      step /= 2;
    }
    if (!accepted) break;
    if (Math.abs(step * da) <= 1e-15 * (1 + Math.abs(a)) && Math.abs(step * db) <= 1e-15 * (1 + Math.abs(b))) break;
  }
  return { a, b };
}
