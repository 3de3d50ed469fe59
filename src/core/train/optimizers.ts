/**
 * The optimisers, written out rather than taken from tf.train so that we control what tfjs
 * does not give us in one place: a learning rate that can change every epoch, decoupled
 * weight decay (AdamW), clipping by global norm, and a proximal L1 step scaled by Adam's own
 * per-coordinate step size (so L1 reaches exact zeros whatever the gradient scale). Slots are
 * created once, up front, so the tensor count stays flat from the first step. Every call of
 * `step` must run inside a tf.tidy.
 *
 * Semantics follow PyTorch: adam / sgd `weightDecay` is L2 added to the gradient (coupled);
 * adamw decays weights directly, w -= lr * wd * w, each step. Decay and L1 touch weight
 * matrices only (`decay: true`), never biases or batch-norm scales.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { OptimizerName } from '../spec/types.ts';

export interface OptimizerConfig {
  optimizer: OptimizerName;
  learningRate: number;
  /** SGD momentum (tfjs/Keras form: acc = momentum * acc + g; w -= lr * acc). */
  momentum: number;
  weightDecay: number;
  /** Global-norm clip; 0 = off. */
  clipNorm: number;
  /** Proximal L1 strength on `decay` params; 0 = off. */
  l1: number;
}

export interface Param {
  variable: tfjs.Variable;
  /** A weight matrix: gets weight decay and L1. */
  decay: boolean;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;

export class NetOptimizer {
  /** Applied from the next step on; set it between epochs. */
  learningRate: number;
  readonly #tf: typeof tfjs;
  readonly #params: Param[];
  readonly #cfg: OptimizerConfig;
  readonly #m: tfjs.Variable[];
  readonly #v: tfjs.Variable[];
  #t = 0;

  constructor(tf: typeof tfjs, params: Param[], cfg: OptimizerConfig) {
    this.#tf = tf;
    this.#params = params;
    this.#cfg = cfg;
    this.learningRate = cfg.learningRate;
    const adam = cfg.optimizer !== 'sgd';
    this.#m = params.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p.variable), false)));
    this.#v = adam ? params.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p.variable), false))) : [];
  }

  get iterations(): number {
    return this.#t;
  }

  /** One update from gradients in `params` order. Call inside tf.tidy. */
  step(grads: tfjs.Tensor[]): void {
    const tf = this.#tf;
    const { optimizer, weightDecay: wd, l1, momentum } = this.#cfg;
    const lr = this.learningRate;
    this.#t++;
    const gs = this.#cfg.clipNorm > 0 ? clipByGlobalNorm(tf, grads, this.#cfg.clipNorm) : grads;
    if (optimizer === 'sgd') {
      this.#params.forEach((p, i) => {
        let g = gs[i]!;
        if (wd > 0 && p.decay) g = tf.add(g, tf.mul(p.variable, wd));
        const acc = this.#m[i]!;
        const nextAcc = momentum > 0 ? tf.add(tf.mul(acc, momentum), g) : g;
        if (momentum > 0) acc.assign(nextAcc);
        let w = tf.sub(p.variable, tf.mul(nextAcc, lr));
        if (l1 > 0 && p.decay) w = tf.sub(w, tf.clipByValue(w, -lr * l1, lr * l1));
        p.variable.assign(w);
      });
      return;
    }
    // Adam with the bias corrections folded into two scalars computed in JS.
    const c2 = Math.sqrt(1 - BETA2 ** this.#t);
    const stepSize = (lr * c2) / (1 - BETA1 ** this.#t);
    const epsHat = EPSILON * c2;
    this.#params.forEach((p, i) => {
      let g = gs[i]!;
      if (optimizer === 'adam' && wd > 0 && p.decay) g = tf.add(g, tf.mul(p.variable, wd));
      const m = tf.add(tf.mul(this.#m[i]!, BETA1), tf.mul(g, 1 - BETA1));
      const v = tf.add(tf.mul(this.#v[i]!, BETA2), tf.mul(tf.square(g), 1 - BETA2));
      this.#m[i]!.assign(m);
      this.#v[i]!.assign(v);
      const denom = tf.add(tf.sqrt(v), epsHat);
      const decayed = optimizer === 'adamw' && wd > 0 && p.decay ? tf.mul(p.variable, 1 - lr * wd) : p.variable;
      let w = tf.sub(decayed, tf.mul(tf.div(m, denom), stepSize));
      if (l1 > 0 && p.decay) {
        // Prox of l1*|w| under Adam's diagonal metric: threshold lr*l1 / (sqrt(v_hat) + eps).
        const threshold = tf.div(lr * l1 * c2, denom);
        w = tf.mul(tf.sign(w), tf.relu(tf.sub(tf.abs(w), threshold)));
      }
      p.variable.assign(w);
    });
  }

  dispose(): void {
    for (const s of [...this.#m, ...this.#v]) s.dispose();
  }
}

/** Scales every gradient by min(1, clip / ||g||) where ||g|| is the norm of all of them together. */
export function clipByGlobalNorm(tf: typeof tfjs, grads: tfjs.Tensor[], clip: number): tfjs.Tensor[] {
  const norm = globalNorm(tf, grads);
  const scale = tf.div(clip, tf.maximum(norm, clip));
  return grads.map((g) => tf.mul(g, scale));
}

export function globalNorm(tf: typeof tfjs, grads: tfjs.Tensor[]): tfjs.Scalar {
  const squares = grads.map((g) => tf.sum(tf.square(g)));
  return tf.sqrt(squares.length === 1 ? squares[0]! : tf.addN(squares)) as tfjs.Scalar;
}
