/**
 * Histograms on the GPU. How the sums differ from the CPU builder's, and what that does to trees:
 *
 * WGSL has no float atomics, so gradients and hessians are made fixed-point before upload:
 * q_i = round(g_i * S), with S the largest power of two that keeps every |q_i| <= 2^31 - 1 and
 * every node's total below 2^53 (S = 2^floor(log2(min(2^31 - 1, 2^53 / n) / max|g|)), chosen
 * again at each setGradients, separately for grad and hess). The kernel sums the q_i in 64-bit
 * integers, so the GPU result is sum_i(q_i) / S EXACTLY, whatever the order in which threads run:
 * deterministic run to run and device to device. The CPU sums the float32 g_i in float64 in row
 * order. The difference per bin is therefore at most
 *     count * 0.5 / S  <=  count * max|g| / min(2^31 - 1, 2^53 / n)     (+ the CPU's own float64
 * rounding, ~count * 2^-53 * max|g|), i.e. below 4.7e-10 * max|g| per row up to 4 million rows;
 * counts are exact, and hessians that are all equal (squared error: all ones) are exact too.
 * Gains computed from these sums differ from the CPU's by a relative ~1e-9, so the trees are the
 * same split for split unless two candidate splits of a node have gains that close (exact ties
 * resolved by the learner's order still agree; near-ties within ~1e-9 may pick the other split,
 * after which the trees diverge). Leaf values differ in the ninth significant digit or later.
 * Gradients that are not all finite cannot be scaled: such a round is summed on the CPU (same
 * NaN/Infinity propagation as the CPU builder).
 */
import { benchtopError } from '../../../errors.ts';
import { throwIfCancelled, type CancelToken } from '../../../jobs.ts';
import { HIST_STRIDE, SLOT_SIZE, type BinnedMatrix, type HistogramBuilder, type HistogramBuilderFactory, type HistogramJob } from '../histogram.ts';
import { accumulateHistogram } from '../pool/accumulate-histogram.ts';
import { GLOBAL_BIN_WORDS, GLOBAL_SLOT_BYTES, HISTOGRAM_WGSL, MAX_ROWS_PER_GROUP, PARAMS_STRIDE, WORKGROUP_SIZE } from './histogram-kernel.ts';
import { quantizeGradients } from './quantize-gradients.ts';

const MAX_GROUPS = 65_535;
const MIN_ROWS_PER_GROUP = 1024;

export function webgpuHistogramBuilder(device: GPUDevice): HistogramBuilderFactory {
  return (matrix) => {
    const b = new WebgpuHistogramBuilder(device);
    b.prepare(matrix);
    return b;
  };
}

interface Grown {
  buffer: GPUBuffer;
  bytes: number;
}

export class WebgpuHistogramBuilder implements HistogramBuilder {
  readonly name = 'webgpu';
  readonly #device: GPUDevice;
  readonly #layout: GPUBindGroupLayout;
  readonly #pipeline: GPUComputePipeline;
  #matrix: BinnedMatrix | undefined;
  #bins: GPUBuffer | undefined;
  #qgrad: GPUBuffer | undefined;
  #qhess: GPUBuffer | undefined;
  #grown = new Map<string, Grown>();
  #bindGroup: GPUBindGroup | undefined;
  #gradRef: Float32Array | undefined;
  #hessRef: Float32Array | undefined;
  #scales = { grad: 0, hess: 0 };
  #lost: string | undefined;
  #disposed = false;
  /** Builds share the readback buffer: they run one after another. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(device: GPUDevice) {
    this.#device = device;
    void device.lost.then((info) => {
      this.#lost = info.message || info.reason || 'device lost';
    });
    const storage = (binding: number, type: GPUBufferBindingType = 'read-only-storage'): GPUBindGroupLayoutEntry => ({
      binding, visibility: GPUShaderStage.COMPUTE, buffer: { type },
    });
    this.#layout = device.createBindGroupLayout({
      label: 'gbdt-histogram',
      entries: [
        storage(0), storage(1), storage(2), storage(3), storage(4), storage(5, 'storage'),
        { binding: 6, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: 32 } },
      ],
    });
    this.#pipeline = device.createComputePipeline({
      label: 'gbdt-histogram',
      layout: device.createPipelineLayout({ bindGroupLayouts: [this.#layout] }),
      compute: { module: device.createShaderModule({ label: 'gbdt-histogram', code: HISTOGRAM_WGSL }), entryPoint: 'main' },
    });
  }

  prepare(matrix: BinnedMatrix): void {
    this.#check();
    if (matrix === this.#matrix) return;
    this.#matrix = matrix;
    const { n, d } = matrix;
    const words = Math.ceil(n / 4);
    const bytes = Math.max(4, d * words * 4);
    const limit = this.#device.limits.maxStorageBufferBindingSize;
    if (bytes > limit) {
      throw benchtopError('backend_unavailable', {
        backend: 'webgpu',
        reason: `the binned training data needs ${Math.ceil(bytes / 2 ** 20)} MB in one GPU buffer, more than this GPU allows (${Math.floor(limit / 2 ** 20)} MB); train on the CPU`,
      });
    }
    // Four rows' bins per u32 (little-endian bytes), each feature padded to a whole word.
    const packed = new Uint8Array(bytes);
    for (let f = 0; f < d; f++) packed.set(matrix.bins.subarray(f * n, (f + 1) * n), f * words * 4);
    this.#bins?.destroy();
    this.#bins = this.#upload('bins', packed);
    this.#qgrad?.destroy();
    this.#qhess?.destroy();
    const gradBytes = Math.max(4, n * 4);
    this.#qgrad = this.#device.createBuffer({ label: 'gbdt-qgrad', size: gradBytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    this.#qhess = this.#device.createBuffer({ label: 'gbdt-qhess', size: gradBytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    this.#bindGroup = undefined;
    this.#gradRef = this.#hessRef = undefined;
  }

  setGradients(grad: Float32Array, hess: Float32Array): void {
    this.#check();
    if (!this.#qgrad || !this.#qhess) throw new Error('WebgpuHistogramBuilder.setGradients before prepare');
    this.#gradRef = grad;
    this.#hessRef = hess;
    const g = quantizeGradients(grad);
    const h = quantizeGradients(hess);
    this.#scales = { grad: g.scale, hess: h.scale };
    if (g.scale === 0 || h.scale === 0) return;
    this.#device.queue.writeBuffer(this.#qgrad, 0, g.q);
    this.#device.queue.writeBuffer(this.#qhess, 0, h.q);
  }

  build(job: HistogramJob, out: Float64Array, cancel?: CancelToken): Promise<void> {
    return this.buildMany([job], [out], cancel);
  }

  buildMany(jobs: readonly HistogramJob[], outs: readonly Float64Array[], cancel?: CancelToken): Promise<void> {
    const run = this.#queue.then(() => this.#buildMany(jobs, outs, cancel));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#bins?.destroy();
    this.#qgrad?.destroy();
    this.#qhess?.destroy();
    for (const g of this.#grown.values()) g.buffer.destroy();
    this.#grown.clear();
    this.#matrix = undefined;
  }

  #check(): void {
    if (this.#disposed) throw benchtopError('cancelled');
    if (this.#lost !== undefined) throw benchtopError('gpu_device_lost', { reason: this.#lost });
  }

  #upload(label: string, data: Uint8Array<ArrayBuffer>): GPUBuffer {
    const buffer = this.#device.createBuffer({ label: `gbdt-${label}`, size: data.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    this.#device.queue.writeBuffer(buffer, 0, data);
    return buffer;
  }

  /** A buffer of at least `bytes`, reallocated (doubling) when a build needs more. */
  #sized(key: string, bytes: number, usage: GPUBufferUsageFlags): GPUBuffer {
    const have = this.#grown.get(key);
    if (have && have.bytes >= bytes) return have.buffer;
    have?.buffer.destroy();
    const size = Math.max(bytes, 2 * (have?.bytes ?? 0), 256);
    const buffer = this.#device.createBuffer({ label: `gbdt-${key}`, size, usage });
    this.#grown.set(key, { buffer, bytes: size });
    if (key !== 'readback') this.#bindGroup = undefined;
    return buffer;
  }

  async #buildMany(jobs: readonly HistogramJob[], outs: readonly Float64Array[], cancel?: CancelToken): Promise<void> {
    throwIfCancelled(cancel);
    this.#check();
    const m = this.#matrix;
    if (!m || !this.#bins || !this.#qgrad || !this.#qhess) throw new Error('WebgpuHistogramBuilder.build before prepare');
    for (const job of jobs) if (job.grad !== this.#gradRef || job.hess !== this.#hessRef) this.setGradients(job.grad, job.hess);
    if (this.#scales.grad === 0 || this.#scales.hess === 0) {
      jobs.forEach((job, j) => accumulateHistogram({
        bins: m.bins, n: m.n, featureLo: 0, rows: job.rows, rowsStart: 0, rowsEnd: job.rows.length,
        features: job.features, grad: job.grad, hess: job.hess, out: outs[j]!, outOffset: 0,
      }));
      return;
    }
    let rowCount = 0, slotCount = 0;
    for (const job of jobs) {
      rowCount += job.rows.length;
      slotCount += job.features.length;
    }
    const device = this.#device;
    const rows = this.#sized('rows', Math.max(4, rowCount * 4), GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
    const features = this.#sized('features', Math.max(4, slotCount * 4), GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
    const histBytes = Math.max(1, slotCount) * GLOBAL_SLOT_BYTES;
    const hist = this.#sized('hist', histBytes, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST);
    const params = this.#sized('params', jobs.length * PARAMS_STRIDE, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    const readback = this.#sized('readback', histBytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    this.#bindGroup ??= device.createBindGroup({
      layout: this.#layout,
      entries: [this.#bins, this.#qgrad, this.#qhess, rows, features, hist].map((buffer, binding) => ({ binding, resource: { buffer } }))
        .concat([{ binding: 6, resource: { buffer: params, size: 32 } as GPUBufferBinding }]),
    });

    const rowData = new Int32Array(Math.max(1, rowCount));
    const featureData = new Uint32Array(Math.max(1, slotCount));
    const paramData = new Uint32Array((jobs.length * PARAMS_STRIDE) / 4);
    const words = Math.ceil(m.n / 4);
    let rowBase = 0, slotBase = 0;
    const dispatches: [number, number][] = [];
    jobs.forEach((job, j) => {
      rowData.set(job.rows, rowBase);
      featureData.set(job.features, slotBase);
      const perGroup = Math.min(MAX_ROWS_PER_GROUP, Math.max(MIN_ROWS_PER_GROUP, Math.ceil(job.rows.length / MAX_GROUPS / WORKGROUP_SIZE) * WORKGROUP_SIZE));
      paramData.set([words, rowBase, job.rows.length, slotBase, slotBase, perGroup], (j * PARAMS_STRIDE) / 4);
      dispatches.push([Math.ceil(job.rows.length / perGroup), job.features.length]);
      rowBase += job.rows.length;
      slotBase += job.features.length;
    });
    device.queue.writeBuffer(rows, 0, rowData);
    device.queue.writeBuffer(features, 0, featureData);
    device.queue.writeBuffer(params, 0, paramData);

    const encoder = device.createCommandEncoder({ label: 'gbdt-histogram' });
    encoder.clearBuffer(hist, 0, histBytes);
    const pass = encoder.beginComputePass();
    pass.setPipeline(this.#pipeline);
    dispatches.forEach(([x, y], j) => {
      if (x === 0 || y === 0) return;
      pass.setBindGroup(0, this.#bindGroup!, [j * PARAMS_STRIDE]);
      pass.dispatchWorkgroups(x, y);
    });
    pass.end();
    encoder.copyBufferToBuffer(hist, 0, readback, 0, histBytes);
    device.queue.submit([encoder.finish()]);
    try {
      await readback.mapAsync(GPUMapMode.READ, 0, histBytes);
    } catch (e) {
      this.#check();
      throw benchtopError('gpu_device_lost', { reason: e instanceof Error ? e.message : String(e) });
    }
    const words32 = new Uint32Array(readback.getMappedRange(0, histBytes).slice(0));
    readback.unmap();
    this.#decode(words32, jobs, outs);
    throwIfCancelled(cancel);
  }

  /** 64-bit fixed-point sums -> float64 (exact below 2^53), divided by the power-of-two scales. */
  #decode(words: Uint32Array, jobs: readonly HistogramJob[], outs: readonly Float64Array[]): void {
    const { grad: sg, hess: sh } = this.#scales;
    let slotBase = 0;
    jobs.forEach((job, j) => {
      const out = outs[j]!;
      out.fill(0, 0, job.features.length * SLOT_SIZE);
      for (let s = 0; s < job.features.length; s++) {
        const src = (slotBase + s) * 256 * GLOBAL_BIN_WORDS;
        for (let b = 0; b < 256; b++) {
          const w = src + b * GLOBAL_BIN_WORDS;
          const count = words[w + 4]!;
          if (count === 0) continue;
          const at = s * SLOT_SIZE + b * HIST_STRIDE;
          out[at] = ((words[w + 1]! | 0) * 4294967296 + words[w]!) / sg;
          out[at + 1] = ((words[w + 3]! | 0) * 4294967296 + words[w + 2]!) / sh;
          out[at + 2] = count;
        }
      }
      slotBase += job.features.length;
    });
  }
}

/**
 * A device for the histogram kernel, or null where WebGPU or an adapter is missing. Asks for
 * the adapter's largest storage buffers: the binned data is one buffer (n * d bytes).
 */
export async function requestHistogramDevice(gpu: GPU | undefined = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu): Promise<GPUDevice | null> {
  if (!gpu) return null;
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return null;
  const device = await adapter.requestDevice({
    label: 'benchtop-gbdt',
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
    },
  });
  // Dawn in Node crashes when the GPU instance behind a live device is garbage-collected.
  keepAlive.set(device, [gpu, adapter]);
  return device;
}

const keepAlive = new WeakMap<GPUDevice, unknown>();
