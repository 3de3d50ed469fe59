/**
 * A dense network (linear, logistic, MLP) trained entirely on the GPU in a few WGSL dispatches
 * per step: the data stays on the device, a step is forward (one product per layer with the
 * bias and activation fused), loss and output gradient (one workgroup), backward (one product
 * per layer for the weight and bias gradients, one per hidden layer for the input gradient
 * with the activation's derivative fused) and one Adam update over every parameter. A whole
 * epoch is encoded in one command buffer, and the only readback is the epoch's batch losses.
 *
 * Why: stock tfjs on WebGPU spends its time in per-op dispatch, buffer churn and per-step
 * JavaScript (about 2% of PyTorch's speed on an H100, ../shared/gpu/README.md); here a step of
 * a 2-hidden-layer net is 9 dispatches recorded once per epoch, and no buffer is created after
 * construction.
 *
 * It computes what a tfjs loop of `optimizer.minimize` with tf.train.adam and the matching
 * tf.losses function computes on the same batches, up to float32 summation order (tested
 * against tfjs in tests/unit/gpu/fused-mlp.test.ts). Batches have a constant size: the last
 * one of an epoch wraps around to the start of the row order, as trainNet does.
 */
import { maxOf } from '../../stats/extent.ts';
import { STEP_STRIDE, TILE, adamWgsl, lossWgsl, productWgsl, type Activation, type FusedLoss, type ProductSpec } from './wgsl.ts';

export interface FusedMlpConfig {
  /** Layer widths from the input to the output: [inputs, ...hidden, outputs]. */
  sizes: number[];
  /** Activation of every hidden layer (the output layer is linear; the loss applies its link). */
  activation: Activation;
  loss: FusedLoss;
  batchSize: number;
  learningRate: number;
  beta1?: number;
  beta2?: number;
  /** tfjs's default is its backend epsilon, 1e-7. */
  epsilon?: number;
}

export interface FusedMlpData {
  /** Rows x inputs, row-major. */
  X: Float32Array;
  /** Rows x outputs: 0/1 labels (sigmoid), one-hot rows (softmax) or targets (squared error). */
  Y: Float32Array;
  rows: number;
}

export interface LayerWeights {
  /** inputs x outputs, row-major (tfjs's dense kernel layout). */
  W: Float32Array;
  b: Float32Array;
}

interface Dispatch {
  pipeline: GPUComputePipeline;
  group: GPUBindGroup;
  x: number;
  y: number;
}

const align = (n: number, to: number): number => Math.ceil(n / to) * to;

export class FusedMlp {
  readonly #device: GPUDevice;
  readonly #config: Required<FusedMlpConfig>;
  readonly #rows: number;
  readonly #steps: number;
  readonly #offsets: number[];
  readonly #paramCount: number;
  readonly #buffers: GPUBuffer[] = [];
  readonly #params: GPUBuffer;
  readonly #order: GPUBuffer;
  readonly #stepRecords: GPUBuffer;
  readonly #losses: GPUBuffer;
  readonly #lossReadback: GPUBuffer;
  readonly #dispatches: Dispatch[];
  #stepsDone = 0;

  /** Steps (batches) in one epoch. */
  get stepsPerEpoch(): number {
    return this.#steps;
  }

  /** GPU buffers this trainer holds; constant from construction to destroy(). */
  get bufferCount(): number {
    return this.#buffers.length;
  }

  constructor(device: GPUDevice, config: FusedMlpConfig, data: FusedMlpData, init: LayerWeights[]) {
    const sizes = config.sizes;
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) throw new Error(`fused MLP: bad layer sizes ${sizes.join('-')}`);
    if (init.length !== sizes.length - 1) throw new Error(`fused MLP: ${init.length} initial layers for ${sizes.length - 1}`);
    const inputs = sizes[0]!;
    const outputs = sizes[sizes.length - 1]!;
    if (data.X.length !== data.rows * inputs || data.Y.length !== data.rows * outputs) throw new Error('fused MLP: data shape does not match the layer sizes');
    // Every check before the first buffer is made: a throw after it would leave buffers behind.
    init.forEach((layer, i) => {
      if (layer.W.length !== sizes[i]! * sizes[i + 1]! || layer.b.length !== sizes[i + 1]!)
        throw new Error(`fused MLP: layer ${i} weights are not ${sizes[i]}x${sizes[i + 1]} + ${sizes[i + 1]}`);
    });
    this.#device = device;
    this.#config = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7, ...config };
    this.#rows = data.rows;
    const B = Math.max(1, Math.min(config.batchSize, data.rows));
    this.#config.batchSize = B;
    this.#steps = Math.ceil(data.rows / B);

    // One block per layer: (in + 1) x out, W then b; blocks start on 64-float boundaries.
    this.#offsets = [];
    let total = 0;
    for (let l = 1; l < sizes.length; l++) {
      this.#offsets.push(total);
      total = align(total + (sizes[l - 1]! + 1) * sizes[l]!, 64);
    }
    this.#paramCount = total;

    const storage = GPUBufferUsage.STORAGE;
    const X = this.#buffer(data.X.byteLength, storage | GPUBufferUsage.COPY_DST, data.X);
    const Y = this.#buffer(data.Y.byteLength, storage | GPUBufferUsage.COPY_DST, data.Y);
    this.#params = this.#buffer(total * 4, storage | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC, this.#packed(init));
    const grads = this.#buffer(total * 4, storage);
    const moment1 = this.#buffer(total * 4, storage);
    const moment2 = this.#buffer(total * 4, storage);
    this.#order = this.#buffer(this.#steps * B * 4, storage | GPUBufferUsage.COPY_DST);
    this.#stepRecords = this.#buffer(this.#steps * STEP_STRIDE, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.#losses = this.#buffer(this.#steps * 4, storage | GPUBufferUsage.COPY_SRC);
    this.#lossReadback = this.#buffer(this.#steps * 4, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    // Layer outputs: hidden activations, then the output layer's pre-activation z.
    const acts = sizes.slice(1).map((w) => this.#buffer(B * w * 4, storage));
    const widest = maxOf(sizes.slice(1));
    const dz = [this.#buffer(B * widest * 4, storage), this.#buffer(B * widest * 4, storage)];

    const L = sizes.length - 1;
    const dispatches: Dispatch[] = [];
    const product = (spec: ProductSpec, a: GPUBuffer, b: GPUBuffer, c: GPUBuffer, extra?: GPUBuffer): void => {
      const entries: GPUBuffer[] = [a, this.#order, b, c];
      if (extra) entries.push(extra);
      dispatches.push({ ...this.#pipeline(productWgsl(spec), entries, [false, false, false, true, false]), x: Math.ceil(spec.N / TILE), y: Math.ceil(spec.M / TILE) });
    };
    for (let l = 1; l <= L; l++) {
      const input = l === 1 ? X : acts[l - 2]!;
      const hidden = l < L;
      product(
        { M: B, N: sizes[l]!, K: sizes[l - 1]! + 1, left: { kind: 'input-rows', cols: sizes[l - 1]!, gather: l === 1 }, right: { kind: 'params', offset: this.#offsets[l - 1]!, cols: sizes[l]! }, epilogue: { kind: 'activate', activation: hidden ? this.#config.activation : 'linear' } },
        input, this.#params, acts[l - 1]!,
      );
    }
    dispatches.push({ ...this.#pipeline(lossWgsl(this.#config.loss, B, outputs), [acts[L - 1]!, this.#order, Y, dz[L % 2]!, this.#losses], [false, false, false, true, true]), x: 1, y: 1 });
    for (let l = L; l >= 1; l--) {
      const input = l === 1 ? X : acts[l - 2]!;
      product(
        { M: sizes[l - 1]! + 1, N: sizes[l]!, K: B, left: { kind: 'input-cols', cols: sizes[l - 1]!, gather: l === 1 }, right: { kind: 'dense', cols: sizes[l]! }, epilogue: { kind: 'store-at', offset: this.#offsets[l - 1]! } },
        input, dz[l % 2]!, grads,
      );
      if (l > 1)
        product(
          { M: B, N: sizes[l - 1]!, K: sizes[l]!, left: { kind: 'dense', cols: sizes[l]! }, right: { kind: 'params-t', offset: this.#offsets[l - 1]!, cols: sizes[l]! }, epilogue: { kind: 'activation-grad', activation: this.#config.activation } },
          dz[l % 2]!, this.#params, dz[(l - 1) % 2]!, acts[l - 2]!,
        );
    }
    dispatches.push({ ...this.#pipeline(adamWgsl(total), [this.#params, grads, moment1, moment2], [true, false, true, true]), x: Math.ceil(total / 256), y: 1 });
    this.#dispatches = dispatches;
  }

  /** The learning rate of the next epoch's steps (schedules change it between epochs). */
  set learningRate(rate: number) {
    this.#config.learningRate = rate;
  }

  /**
   * One epoch over `order` (a permutation of the rows; identity when absent). Steps are
   * encoded `stepsPerSubmit` to a command buffer; between submits `stop()` may end the epoch
   * early (a cancel), which then resolves to the losses of the steps that ran. Resolves to each
   * batch's mean loss.
   */
  async trainEpoch(order?: ArrayLike<number>, options: { stepsPerSubmit?: number; stop?: () => boolean } = {}): Promise<Float32Array> {
    const { batchSize: B, learningRate, beta1, beta2, epsilon } = this.#config;
    const n = this.#rows;
    if (order && order.length !== n) throw new Error(`fused MLP: the row order has ${order.length} entries for ${n} rows`);
    const wrapped = new Uint32Array(this.#steps * B);
    for (let i = 0; i < wrapped.length; i++) wrapped[i] = order ? order[i % n]! : i % n;
    const records = new ArrayBuffer(this.#steps * STEP_STRIDE);
    for (let s = 0; s < this.#steps; s++) {
      const t = this.#stepsDone + s + 1;
      // Adam's bias corrections folded into the step size and epsilon, as trainNet's optimiser does.
      const c2 = Math.sqrt(1 - beta2 ** t);
      new Uint32Array(records, s * STEP_STRIDE, 4).set([s * B, s, 0, 0]);
      new Float32Array(records, s * STEP_STRIDE + 16, 4).set([(learningRate * c2) / (1 - beta1 ** t), beta1, beta2, epsilon * c2]);
    }
    const queue = this.#device.queue;
    queue.writeBuffer(this.#order, 0, wrapped);
    queue.writeBuffer(this.#stepRecords, 0, records);
    const chunk = Math.max(1, options.stepsPerSubmit ?? this.#steps);
    let ran = 0;
    while (ran < this.#steps) {
      const end = Math.min(this.#steps, ran + chunk);
      const encoder = this.#device.createCommandEncoder({ label: 'fused-mlp-steps' });
      const pass = encoder.beginComputePass();
      for (let s = ran; s < end; s++)
        for (const d of this.#dispatches) {
          pass.setPipeline(d.pipeline);
          pass.setBindGroup(0, d.group, [s * STEP_STRIDE]);
          pass.dispatchWorkgroups(d.x, d.y);
        }
      pass.end();
      queue.submit([encoder.finish()]);
      this.#stepsDone += end - ran;
      ran = end;
      if (ran < this.#steps && options.stop) {
        await queue.onSubmittedWorkDone();
        if (options.stop()) break;
      }
    }
    const encoder = this.#device.createCommandEncoder({ label: 'fused-mlp-losses' });
    encoder.copyBufferToBuffer(this.#losses, 0, this.#lossReadback, 0, this.#steps * 4);
    queue.submit([encoder.finish()]);
    await this.#lossReadback.mapAsync(GPUMapMode.READ);
    const losses = new Float32Array(this.#lossReadback.getMappedRange().slice(0, ran * 4));
    this.#lossReadback.unmap();
    return losses;
  }

  /** The current weights, per layer, in tfjs's layout. */
  async weights(): Promise<LayerWeights[]> {
    const bytes = this.#paramCount * 4;
    const readback = this.#device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    try {
      const encoder = this.#device.createCommandEncoder();
      encoder.copyBufferToBuffer(this.#params, 0, readback, 0, bytes);
      this.#device.queue.submit([encoder.finish()]);
      await readback.mapAsync(GPUMapMode.READ);
      const all = new Float32Array(readback.getMappedRange().slice(0));
      const sizes = this.#config.sizes;
      return this.#offsets.map((off, i) => {
        const fanIn = sizes[i]!;
        const fanOut = sizes[i + 1]!;
        return { W: all.slice(off, off + fanIn * fanOut), b: all.slice(off + fanIn * fanOut, off + (fanIn + 1) * fanOut) };
      });
    } finally {
      readback.destroy();
    }
  }

  destroy(): void {
    for (const b of this.#buffers) b.destroy();
    this.#buffers.length = 0;
  }

  #packed(init: LayerWeights[]): Float32Array {
    const sizes = this.#config.sizes;
    const out = new Float32Array(this.#paramCount);
    init.forEach((layer, i) => {
      const fanIn = sizes[i]!;
      const fanOut = sizes[i + 1]!;
      out.set(layer.W, this.#offsets[i]!);
      out.set(layer.b, this.#offsets[i]! + fanIn * fanOut);
    });
    return out;
  }

  #buffer(size: number, usage: number, contents?: Float32Array): GPUBuffer {
    // Zero-sized bindings are invalid; a 4-byte floor keeps degenerate shapes legal.
    const buffer = this.#device.createBuffer({ size: align(Math.max(size, 4), 4), usage, mappedAtCreation: contents !== undefined });
    if (contents) {
      new Float32Array(buffer.getMappedRange()).set(contents);
      buffer.unmap();
    }
    this.#buffers.push(buffer);
    return buffer;
  }

  /** A pipeline with an explicit layout: binding 0 the step record, then `buffers` in order. */
  #pipeline(code: string, buffers: GPUBuffer[], writable: boolean[]): { pipeline: GPUComputePipeline; group: GPUBindGroup } {
    const device = this.#device;
    const key = `${writable.slice(0, buffers.length).map((w) => (w ? 'w' : 'r')).join('')}\n${code}`;
    let cached = compiled.get(device)?.get(key);
    if (!cached) {
      const layout = device.createBindGroupLayout({
        entries: [
          { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: 32 } },
          ...buffers.map((_, i) => ({ binding: i + 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: writable[i] ? ('storage' as const) : ('read-only-storage' as const) } })),
        ],
      });
      const pipeline = device.createComputePipeline({
        layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
        compute: { module: device.createShaderModule({ code }), entryPoint: 'main' },
      });
      cached = { layout, pipeline };
      if (!compiled.has(device)) compiled.set(device, new Map());
      compiled.get(device)!.set(key, cached);
    }
    const group = device.createBindGroup({
      layout: cached.layout,
      entries: [{ binding: 0, resource: { buffer: this.#stepRecords, size: 32 } }, ...buffers.map((buffer, i) => ({ binding: i + 1, resource: { buffer } }))],
    });
    return { pipeline: cached.pipeline, group };
  }
}

/**
 * Compiled pipelines per device, by layout and WGSL: a run trains the same network many times
 * (every CV fold, the refit, search trials), and compiling a pipeline costs far more than a
 * training step (about a second each on SwiftShader). Kernels carry their sizes as constants,
 * so only the same shapes share an entry; the map dies with its device.
 */
const compiled = new WeakMap<GPUDevice, Map<string, { layout: GPUBindGroupLayout; pipeline: GPUComputePipeline }>>();
