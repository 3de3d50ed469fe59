/**
 * Transposed matrix products on tfjs-backend-wasm, made fast.
 *
 * In tfjs-backend-wasm 4.22 a product with a transposed operand (transposeA or transposeB,
 * which every backward pass of a dense layer asks for) leaves XNNPACK for a naive loop: on a
 * 512x512 product it runs at 0.8-1.8 GFLOP/s against ~23 for the plain product. An explicit
 * Transpose first (a memory-bound copy, ~1 ms there) and then the plain product restores the
 * speed. The numbers are the same products, summed in XNNPACK's order instead of the loop's,
 * so results can differ in the last bits from the unpatched backend (never between runs).
 *
 * The patch replaces the wasm kernels of BatchMatMul and _FusedMatMul with wrappers that
 * transpose and call the original kernel; every other backend is left alone. It is idempotent
 * and applied whenever wasm becomes the active backend (selectBackend).
 */
import type * as tfjs from '@tensorflow/tfjs';

type KernelConfig = ReturnType<typeof tfjs.getKernel>;
type KernelFunc = KernelConfig['kernelFunc'];
type TensorInfo = tfjs.TensorInfo;

const PATCHED = Symbol.for('benchtop.wasm-transposed-matmul');
const KERNELS = ['BatchMatMul', '_FusedMatMul'] as const;

/** Swap the last two axes of `x` with the backend's own Transpose kernel. */
function transposeLast2(transpose: KernelFunc, x: TensorInfo, backend: unknown): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank).keys()];
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  // Transpose returns one TensorInfo; the kernel contract types it as TensorInfo | TensorInfo[].
  return transpose({ inputs: { x }, backend: backend as never, attrs: { perm } }) as TensorInfo;
}

function wrap(original: KernelFunc, transpose: KernelFunc): KernelFunc {
  const wrapped: KernelFunc = (args) => {
    const attrs = args.attrs as { transposeA?: boolean; transposeB?: boolean } | undefined;
    if (!attrs?.transposeA && !attrs?.transposeB) return original(args);
    const backend = args.backend as unknown as { disposeData(id: object): void };
    const inputs = { ...args.inputs } as Record<string, TensorInfo>;
    const temporaries: TensorInfo[] = [];
    if (attrs.transposeA && inputs.a) temporaries.push((inputs.a = transposeLast2(transpose, inputs.a, backend)));
    if (attrs.transposeB && inputs.b) temporaries.push((inputs.b = transposeLast2(transpose, inputs.b, backend)));
    try {
      return original({ ...args, inputs, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    } finally {
      for (const t of temporaries) backend.disposeData(t.dataId);
    }
  };
  (wrapped as unknown as Record<symbol, boolean>)[PATCHED] = true;
  return wrapped;
}

/** Route wasm's transposed products through an explicit Transpose. Returns whether the kernels are patched now. */
export function patchWasmTransposedMatMul(tf: typeof tfjs): boolean {
  // getKernel answers undefined for a kernel no backend registered (wasm not imported here).
  const transpose = tf.getKernel('Transpose', 'wasm') as KernelConfig | undefined;
  if (!transpose) return false;
  let patched = true;
  for (const name of KERNELS) {
    const config = tf.getKernel(name, 'wasm') as KernelConfig | undefined;
    if (!config) {
      patched = false;
      continue;
    }
    if ((config.kernelFunc as unknown as Record<symbol, boolean>)[PATCHED]) continue;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...config, kernelFunc: wrap(config.kernelFunc, transpose.kernelFunc) });
  }
  return patched;
}

/** Undo patchWasmTransposedMatMul (benchmarks compare both). */
export function unpatchWasmTransposedMatMul(tf: typeof tfjs, originals: Map<string, KernelConfig>): void {
  for (const [name, config] of originals) {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(config);
  }
}

/** The wasm matmul kernels as registered now, to restore later with unpatchWasmTransposedMatMul. */
export function currentWasmMatMulKernels(tf: typeof tfjs): Map<string, KernelConfig> {
  const out = new Map<string, KernelConfig>();
  for (const name of KERNELS) {
    const config = tf.getKernel(name, 'wasm') as KernelConfig | undefined;
    if (config) out.set(name, config);
  }
  return out;
}
