/**
 * Backend failures arrive as plain Errors with engine-specific text. Turn the two a user can
 * act on — a lost GPU device and GPU memory exhaustion — into coded errors that say what to do;
 * leave everything else as it is.
 */
import { benchtopError, isBenchtopError } from '../errors.ts';

const DEVICE_LOST = /device (was |is )?lost|GPUDevice.*lost|context lost|CONTEXT_LOST/i;
const OUT_OF_MEMORY = /out of memory|OOM|failed to allocate|allocation failed|exceeds? (the )?max(imum)? (buffer|binding|storage)|maxStorageBufferBindingSize|maxBufferSize/i;

export function classifyBackendFailure(e: unknown, context: { backend: string; batchSize?: number }): unknown {
  if (isBenchtopError(e) || !(e instanceof Error) || context.backend === 'cpu') return e;
  const reason = e.message.split('\n')[0]!.slice(0, 200);
  if (DEVICE_LOST.test(e.message)) return benchtopError('gpu_device_lost', { reason });
  if (OUT_OF_MEMORY.test(e.message))
    return benchtopError('gpu_out_of_memory', { reason, batchSize: context.batchSize ?? 'n/a' });
  return e;
}
