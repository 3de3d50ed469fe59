/**
 * Registers the tfjs backends Node can offer. cpu is built in; wasm loads its .wasm from
 * node_modules; webgpu needs Dawn (the npm package `webgpu`) installed as navigator.gpu
 * BEFORE the tfjs WebGPU backend is imported, or the backend does not register.
 */
import type { BackendName } from '../core/spec/types.ts';

export async function registerNodeBackend(name: BackendName | 'auto'): Promise<void> {
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (name === 'webgpu') {
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    const g = globalThis as { navigator?: { gpu?: unknown } };
    // Node 20 has no global navigator; newer Node has one without a gpu field.
    if (!g.navigator) Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
    Object.defineProperty(g.navigator, 'gpu', { value: create([]), configurable: true });
    await import('@tensorflow/tfjs-backend-webgpu');
  }
}
