/**
 * WGSL for the fused dense-network trainer (fused-mlp.ts). Every kernel is generated with its
 * matrix sizes and buffer offsets as constants, so one pipeline serves one layer's one role
 * and nothing but the step record (a dynamic-offset uniform) changes between steps.
 *
 * The bias is folded into the weights: a layer's parameters are one (in + 1) x out row-major
 * block, W then b, and the layer input gets a constant 1 as its last column. So the forward
 * product adds the bias, and the weight-gradient product's last row is the bias gradient: one
 * dispatch each instead of a product plus a bias kernel.
 */

/** The per-step record every kernel reads (bound with a dynamic offset, one per step). */
export const STEP_STRUCT = /* wgsl */ `
struct Step {
  base: u32,   // first index into the row order for this step's batch
  index: u32,  // step number within the submitted epoch (loss slot)
  pad0: u32,
  pad1: u32,
  stepSize: f32, // lr * sqrt(1 - beta2^t) / (1 - beta1^t)
  beta1: f32,
  beta2: f32,
  epsHat: f32,   // epsilon * sqrt(1 - beta2^t)
}
@group(0) @binding(0) var<uniform> step: Step;
`;

/** Bytes between two steps' records: WebGPU's minimum uniform dynamic-offset alignment. */
export const STEP_STRIDE = 256;

export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'linear';
export type FusedLoss = 'sigmoid-ce' | 'softmax-ce' | 'mse';

/** Where a product's left operand A'(m, k) comes from. */
export type LeftOperand =
  /** Layer input rows (the batch, gathered through the row order), with the constant-1 column at k = cols. */
  | { kind: 'input-rows'; cols: number; gather: boolean }
  /** The transpose of that: A'(i, r) = input(r, i), with the constant-1 row at i = cols (weight gradients). */
  | { kind: 'input-cols'; cols: number; gather: boolean }
  /** A dense batch-major matrix (an output gradient), no extra column. */
  | { kind: 'dense'; cols: number };

/** Where the right operand B'(k, n) comes from. */
export type RightOperand =
  /** A layer's parameter block at `offset` (its (in + 1) x out layout read as is). */
  | { kind: 'params'; offset: number; cols: number }
  /** The transpose of a layer's weights (without the bias row): B'(j, i) = W(i, j). */
  | { kind: 'params-t'; offset: number; cols: number }
  /** A dense batch-major matrix (an output gradient). */
  | { kind: 'dense'; cols: number };

/** What happens to C(m, n) once summed. */
export type Epilogue =
  | { kind: 'activate'; activation: Activation }
  /** Multiply by the activation's derivative, read from the stored activated output (extra). */
  | { kind: 'activation-grad'; activation: Activation }
  /** Write into the gradient buffer at `offset`. */
  | { kind: 'store-at'; offset: number };

export interface ProductSpec {
  M: number;
  N: number;
  K: number;
  left: LeftOperand;
  right: RightOperand;
  epilogue: Epilogue;
}

/** Output tile (TILE x TILE) per workgroup of 16 x 16 threads, 4 x 4 outputs per thread. */
export const TILE = 64;
const KT = 16;

function leftLoad(left: LeftOperand): string {
  const row = (r: string) => (left.kind !== 'dense' && left.gather ? `order[step.base + ${r}]` : r);
  switch (left.kind) {
    case 'input-rows':
      return `if (k < ${left.cols}u) { return a[${row('m')} * ${left.cols}u + k]; } return 1.0;`;
    case 'input-cols':
      return `if (m < ${left.cols}u) { return a[${row('k')} * ${left.cols}u + m]; } return 1.0;`;
    case 'dense':
      return `return a[m * ${left.cols}u + k];`;
  }
}

function rightLoad(right: RightOperand): string {
  switch (right.kind) {
    case 'params':
      return `return b[${right.offset}u + k * ${right.cols}u + n];`;
    case 'params-t':
      return `return b[${right.offset}u + n * ${right.cols}u + k];`;
    case 'dense':
      return `return b[k * ${right.cols}u + n];`;
  }
}

export function activate(activation: Activation, v: string): string {
  switch (activation) {
    case 'relu':
      return `max(${v}, 0.0)`;
    case 'tanh':
      return `tanh(${v})`;
    case 'sigmoid':
      return `(1.0 / (1.0 + exp(-${v})))`;
    case 'linear':
      return v;
  }
}

/** The derivative of the activation written in terms of its output y. */
function derivative(activation: Activation, y: string): string {
  switch (activation) {
    case 'relu':
      return `select(0.0, 1.0, ${y} > 0.0)`;
    case 'tanh':
      return `(1.0 - ${y} * ${y})`;
    case 'sigmoid':
      return `(${y} * (1.0 - ${y}))`;
    case 'linear':
      return '1.0';
  }
}

function store(spec: ProductSpec): string {
  const e = spec.epilogue;
  switch (e.kind) {
    case 'activate':
      return `c[m * ${spec.N}u + n] = ${activate(e.activation, 'v')};`;
    case 'activation-grad':
      return `let y = extra[m * ${spec.N}u + n]; c[m * ${spec.N}u + n] = v * ${derivative(e.activation, 'y')};`;
    case 'store-at':
      return `c[${e.offset}u + m * ${spec.N}u + n] = v;`;
  }
}

/**
 * C = A' B' with a 64 x 64 output tile per workgroup and a 16-deep slice of K staged in
 * workgroup memory as vec4s; each thread keeps a 4 x 4 block of sums in four vec4 registers.
 * Everything a thread touches is a named vector, never a dynamically indexed private array:
 * that spills to memory on some compilers (SwiftShader's among them).
 * Bindings: 0 step, 1 a, 2 order, 3 b, 4 c, 5 extra (activation-grad only).
 */
export function productWgsl(spec: ProductSpec): string {
  const { M, N, K } = spec;
  const extra = spec.epilogue.kind === 'activation-grad' ? '@group(0) @binding(5) var<storage, read> extra: array<f32>;' : '';
  const row = (r: number, accName: string) => {
    const lines: string[] = [];
    for (let q = 0; q < 4; q++)
      lines.push(`  { let m = mBase + ${r}u; let n = nBase + ${q}u; if (m < ${M}u && n < ${N}u) { let v = ${accName}[${q}]; ${store(spec)} } }`);
    return lines.join('\n');
  };
  return /* wgsl */ `${STEP_STRUCT}
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> order: array<u32>;
@group(0) @binding(3) var<storage, read> b: array<f32>;
@group(0) @binding(4) var<storage, read_write> c: array<f32>;
${extra}
// As[k * 16 + i] holds A'(m0 + 4i .. 4i + 3, k0 + k); Bs[k * 16 + j] holds B'(k0 + k, n0 + 4j .. 4j + 3).
var<workgroup> As: array<vec4<f32>, ${KT * 16}>;
var<workgroup> Bs: array<vec4<f32>, ${KT * 16}>;

fn loadA(m: u32, k: u32) -> f32 {
  if (m >= ${M}u || k >= ${K}u) { return 0.0; }
  ${leftLoad(spec.left)}
}
fn loadB(k: u32, n: u32) -> f32 {
  if (k >= ${K}u || n >= ${N}u) { return 0.0; }
  ${rightLoad(spec.right)}
}

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let m0 = wg.y * ${TILE}u;
  let n0 = wg.x * ${TILE}u;
  let t = lid.y * 16u + lid.x;
  // Staging: thread t loads four rows of A' at one k, and four columns of B' at one k.
  let ka = t % ${KT}u;
  let ma = m0 + (t / ${KT}u) * 4u;
  let kb = t / 16u;
  let nb = n0 + (t % 16u) * 4u;
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  for (var k0 = 0u; k0 < ${K}u; k0 = k0 + ${KT}u) {
    As[ka * 16u + t / ${KT}u] = vec4<f32>(loadA(ma, k0 + ka), loadA(ma + 1u, k0 + ka), loadA(ma + 2u, k0 + ka), loadA(ma + 3u, k0 + ka));
    Bs[kb * 16u + t % 16u] = vec4<f32>(loadB(k0 + kb, nb), loadB(k0 + kb, nb + 1u), loadB(k0 + kb, nb + 2u), loadB(k0 + kb, nb + 3u));
    workgroupBarrier();
    for (var kk = 0u; kk < ${KT}u; kk = kk + 1u) {
      let a4 = As[kk * 16u + lid.y];
      let b4 = Bs[kk * 16u + lid.x];
      acc0 = acc0 + a4.x * b4;
      acc1 = acc1 + a4.y * b4;
      acc2 = acc2 + a4.z * b4;
      acc3 = acc3 + a4.w * b4;
    }
    workgroupBarrier();
  }
  let mBase = m0 + lid.y * 4u;
  let nBase = n0 + lid.x * 4u;
${row(0, 'acc0')}
${row(1, 'acc1')}
${row(2, 'acc2')}
${row(3, 'acc3')}
}
`;
}

/**
 * The loss of one batch and its gradient with respect to the output layer's pre-activations,
 * in one workgroup: each thread takes rows, then the partial losses are summed in workgroup
 * memory (WGSL has no float atomics) and the batch mean lands in losses[step.index].
 * Reductions follow tfjs's: sigmoid and squared error average over every output element,
 * softmax cross-entropy over rows. Bindings: 0 step, 1 z, 2 order, 3 y, 4 dz, 5 losses.
 */
export function lossWgsl(loss: FusedLoss, rows: number, outputs: number): string {
  const count = loss === 'softmax-ce' ? rows : rows * outputs;
  const perRow =
    loss === 'softmax-ce'
      ? /* wgsl */ `
    var mx = z[r * ${outputs}u];
    for (var j = 1u; j < ${outputs}u; j = j + 1u) { mx = max(mx, z[r * ${outputs}u + j]); }
    var s = 0.0;
    for (var j = 0u; j < ${outputs}u; j = j + 1u) { s = s + exp(z[r * ${outputs}u + j] - mx); }
    let lse = mx + log(s);
    for (var j = 0u; j < ${outputs}u; j = j + 1u) {
      let zj = z[r * ${outputs}u + j];
      let yj = y[src * ${outputs}u + j];
      total = total + yj * (lse - zj);
      dz[r * ${outputs}u + j] = (exp(zj - lse) - yj) * inv;
    }`
      : /* wgsl */ `
    for (var j = 0u; j < ${outputs}u; j = j + 1u) {
      let zj = z[r * ${outputs}u + j];
      let yj = y[src * ${outputs}u + j];
      ${
        loss === 'sigmoid-ce'
          ? `total = total + max(zj, 0.0) - zj * yj + log(1.0 + exp(-abs(zj)));
      dz[r * ${outputs}u + j] = (1.0 / (1.0 + exp(-zj)) - yj) * inv;`
          : `let e = zj - yj;
      total = total + e * e;
      dz[r * ${outputs}u + j] = 2.0 * e * inv;`
      }
    }`;
  return /* wgsl */ `${STEP_STRUCT}
@group(0) @binding(1) var<storage, read> z: array<f32>;
@group(0) @binding(2) var<storage, read> order: array<u32>;
@group(0) @binding(3) var<storage, read> y: array<f32>;
@group(0) @binding(4) var<storage, read_write> dz: array<f32>;
@group(0) @binding(5) var<storage, read_write> losses: array<f32>;
var<workgroup> partial: array<f32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) t: u32) {
  let inv = 1.0 / f32(${count});
  var total = 0.0;
  for (var r = t; r < ${rows}u; r = r + 256u) {
    let src = order[step.base + r];${perRow}
  }
  partial[t] = total;
  workgroupBarrier();
  for (var w = 128u; w > 0u; w = w / 2u) {
    if (t < w) { partial[t] = partial[t] + partial[t + w]; }
    workgroupBarrier();
  }
  if (t == 0u) { losses[step.index] = partial[0] * inv; }
}
`;
}

/**
 * Adam over every parameter at once (all layers live in one buffer), with the bias corrections
 * folded into two per-step scalars as src/core/train/optimizers.ts does: p -= stepSize * m /
 * (sqrt(v) + epsHat), which is lr * m_hat / (sqrt(v_hat) + eps) rearranged.
 * Bindings: 0 step, 1 params, 2 grads, 3 m, 4 v.
 */
export function adamWgsl(size: number): string {
  return /* wgsl */ `${STEP_STRUCT}
@group(0) @binding(1) var<storage, read_write> p: array<f32>;
@group(0) @binding(2) var<storage, read> g: array<f32>;
@group(0) @binding(3) var<storage, read_write> m: array<f32>;
@group(0) @binding(4) var<storage, read_write> v: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = id.x;
  if (i >= ${size}u) { return; }
  let gi = g[i];
  let mi = step.beta1 * m[i] + (1.0 - step.beta1) * gi;
  let vi = step.beta2 * v[i] + (1.0 - step.beta2) * gi * gi;
  m[i] = mi;
  v[i] = vi;
  p[i] = p[i] - step.stepSize * (mi / (sqrt(vi) + step.epsHat));
}
`;
}
