import { describe, expect, it } from 'vitest';
import { compareMetrics, describeMeasured, sameBackend } from '../../../src/core/share/compare-metrics.ts';

describe('compareMetrics', () => {
  it('is identical only when every metric is bit-for-bit equal', () => {
    const c = compareMetrics({ accuracy: 0.9, log_loss: 0.25 }, { log_loss: 0.25, accuracy: 0.9 }, true);
    expect(c.verdict).toBe('identical');
    expect(c.differing).toEqual([]);
    expect(c.rows.every((r) => r.difference === 0)).toBe(true);
  });

  it('on the same backend, any difference fails and is named with its size', () => {
    const c = compareMetrics({ accuracy: 0.9, log_loss: 0.25 }, { accuracy: 0.9, log_loss: 0.25 + 1e-12 }, true);
    expect(c.verdict).toBe('not-reproduced');
    expect(c.differing).toEqual(['log_loss']);
    const row = c.rows.find((r) => r.metric === 'log_loss')!;
    expect(row.difference).toBeGreaterThan(0);
    expect(row.difference).toBeLessThan(2e-12);
    expect(row.identical).toBe(false);
  });

  it('across backends reports the differences without failing', () => {
    const c = compareMetrics({ accuracy: 0.9 }, { accuracy: 0.8 }, false);
    expect(c.verdict).toBe('other-backend');
    expect(c.rows[0]!.difference).toBeCloseTo(-0.1, 12);
  });

  it('treats a metric on one side only as a difference', () => {
    const c = compareMetrics({ accuracy: 0.9, r2: 0.5 }, { accuracy: 0.9, mae: 1 }, true);
    expect(c.verdict).toBe('not-reproduced');
    expect(c.differing.sort()).toEqual(['mae', 'r2']);
    expect(c.rows.find((r) => r.metric === 'r2')).toMatchObject({ actual: null, difference: null });
  });

  it('counts adapter and runtime as part of the backend when both sides know them', () => {
    expect(sameBackend({ backend: 'webgpu' }, { backend: 'webgpu', adapter: 'google / swiftshader', runtime: 'node' })).toBe(true);
    expect(sameBackend({ backend: 'webgpu', runtime: 'browser' }, { backend: 'webgpu', runtime: 'node' })).toBe(false);
    expect(sameBackend({ backend: 'webgpu', adapter: 'nvidia / hopper' }, { backend: 'webgpu', adapter: 'google / swiftshader' })).toBe(false);
    expect(sameBackend({ backend: 'cpu' }, { backend: 'wasm' })).toBe(false);
    expect(describeMeasured({ backend: 'webgpu', adapter: 'google / swiftshader', runtime: 'browser' })).toBe('webgpu (google / swiftshader) in a browser');
  });

  it('does not read inherited properties as metrics', () => {
    const c = compareMetrics({ toString: 1 } as Record<string, number>, {}, true);
    expect(c.rows.find((r) => r.metric === 'toString')?.actual).toBeNull();
  });
});
