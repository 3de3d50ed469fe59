import { describe, expect, it } from 'vitest';
import { benchtopError } from '../../src/core/errors.ts';
import { classifyBackendFailure } from '../../src/core/gpu/classify-failure.ts';

describe('classifyBackendFailure', () => {
  it.each([
    ['GPUDevice was lost: reason destroyed', 'gpu_device_lost'],
    ['WebGL context lost', 'gpu_device_lost'],
    ['Failed to allocate buffer of 2147483648 bytes: out of memory', 'gpu_out_of_memory'],
    ['Buffer size 3000000000 exceeds the max buffer size maxStorageBufferBindingSize', 'gpu_out_of_memory'],
  ])('%s -> %s', (message, code) => {
    const e = classifyBackendFailure(new Error(message), { backend: 'webgpu', batchSize: 4096 });
    expect(e).toMatchObject({ code });
    if (code === 'gpu_out_of_memory') expect((e as Error).message).toContain('4,096');
  });

  it('leaves other failures, coded errors and the cpu backend alone', () => {
    const plain = new Error('shape mismatch');
    expect(classifyBackendFailure(plain, { backend: 'webgpu' })).toBe(plain);
    const coded = benchtopError('cancelled');
    expect(classifyBackendFailure(coded, { backend: 'webgpu' })).toBe(coded);
    const oom = new Error('out of memory');
    expect(classifyBackendFailure(oom, { backend: 'cpu' })).toBe(oom);
  });
});
