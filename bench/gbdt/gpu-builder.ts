/**
 * The WebGPU histogram builder for `speed.ts --gpu`, on Dawn (npm `webgpu`) in Node: installs
 * navigator.gpu, reports the adapter (so a run on a borrowed GPU shows it really was the
 * NVIDIA one and not a software adapter), and hands back the builder factory.
 */
import { requestHistogramDevice, webgpuHistogramBuilder } from '../../src/core/models/gbdt/gpu/webgpu-histogram-builder.ts';
import type { HistogramBuilderFactory } from '../../src/core/models/gbdt/histogram.ts';

export async function loadGpuHistograms(): Promise<{ factory: HistogramBuilderFactory; adapter: unknown } | { skipped: string }> {
  let gpu: GPU;
  try {
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    gpu = create([]) as GPU;
  } catch (e) {
    return { skipped: `npm package webgpu (Dawn) unavailable: ${(e as Error).message.split('\n')[0]}` };
  }
  const g = globalThis as { navigator?: { gpu?: unknown } };
  // Node 20 has no global navigator; newer Node has one without a gpu field.
  if (!g.navigator) Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
  Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return { skipped: 'navigator.gpu.requestAdapter() returned null (no Vulkan driver? set VK_ICD_FILENAMES)' };
  const { vendor, architecture, device: name, description } = adapter.info;
  const device = await requestHistogramDevice(gpu);
  if (!device) return { skipped: 'requestHistogramDevice() gave no device' };
  return { factory: webgpuHistogramBuilder(device), adapter: { vendor, architecture, device: name, description } };
}
