/**
 * Choosing the tfjs backend. The entry point (worker or CLI) registers what its environment
 * can offer (webgpu needs navigator.gpu; wasm needs its .wasm files located); this module
 * picks among the registered ones in the order webgpu, webgl, wasm, cpu.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { benchtopError } from '../errors.ts';
import type { BackendName } from '../spec/types.ts';
import { patchWasmTransposedMatMul } from './wasm-matmul.ts';

export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface ActiveBackend {
  backend: BackendName;
  /** GPU adapter description, e.g. "google / swiftshader" or "nvidia / hopper". */
  adapter?: string;
}

export async function selectBackend(tf: typeof tfjs, requested: BackendName | 'auto'): Promise<ActiveBackend> {
  const candidates = requested === 'auto' ? BACKEND_ORDER : [requested];
  const failures: string[] = [];
  for (const name of candidates) {
    if (!tf.findBackendFactory(name)) {
      failures.push(`${name}: not registered here`);
      continue;
    }
    // setBackend resolves false (and logs) when the backend's initialisation fails, e.g. no GPU adapter.
    if (tf.getBackend() === name || (await tf.setBackend(name))) {
      await tf.ready();
      if (name === 'wasm') patchWasmTransposedMatMul(tf);
      return { backend: name, adapter: describeAdapter(tf, name) };
    }
    failures.push(`${name}: failed to initialise`);
  }
  throw benchtopError('backend_unavailable', { backend: requested, reason: failures.join('; ') });
}

function describeAdapter(tf: typeof tfjs, name: BackendName): string | undefined {
  if (name !== 'webgpu') return undefined;
  // tfjs keeps the adapter's vendor/architecture on a field it does not type as public.
  const info = (tf.backend() as unknown as { adapterInfo?: { vendor?: string; architecture?: string } }).adapterInfo;
  const parts = [info?.vendor, info?.architecture].filter((p): p is string => !!p);
  return parts.length ? parts.join(' / ') : 'unknown adapter';
}
