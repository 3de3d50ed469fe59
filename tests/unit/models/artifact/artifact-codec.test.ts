import { describe, expect, it } from 'vitest';
import type { ModelArtifact } from '../../../../src/core/models/artifact.ts';
import { ArtifactReader, copyArtifact, fromBytes, historyToJson, readHistory, toBytes } from '../../../../src/core/models/artifact-codec.ts';

const artifact = (meta: ModelArtifact['meta'], blobs: Record<string, Uint8Array> = {}): ModelArtifact => ({ kind: 'linear', format: 1, task: 'regression', d: 2, k: 1, meta, blobs });

describe('artifact codec', () => {
  it('writes little-endian bytes', () => {
    expect([...toBytes(Float64Array.of(1))]).toEqual([0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
    expect([...toBytes(Int32Array.of(-2))]).toEqual([0xfe, 0xff, 0xff, 0xff]);
    expect([...toBytes(Float32Array.of(-0))]).toEqual([0, 0, 0, 0x80]);
    expect([...toBytes(Uint32Array.of(0x01020304))]).toEqual([4, 3, 2, 1]);
  });

  it('reads back every value bit for bit, from unaligned bytes, into an independent copy', () => {
    const values = Float64Array.of(-0, NaN, Infinity, 5e-324, Math.PI, -1e308);
    const buf = new Uint8Array(values.byteLength + 1);
    buf.set(toBytes(values), 1);
    const back = fromBytes(buf.subarray(1), Float64Array);
    expect(new Uint8Array(back.buffer)).toEqual(new Uint8Array(values.buffer));
    buf.fill(0);
    expect(Object.is(back[0], -0)).toBe(true);
    expect(back[4]).toBe(Math.PI);
    const sub = Int32Array.of(9, 8, 7).subarray(1);
    expect([...fromBytes(toBytes(sub), Int32Array)]).toEqual([8, 7]);
    expect(() => fromBytes(new Uint8Array(7), Float64Array)).toThrow(RangeError);
  });

  it('copies an artifact deeply', () => {
    const a = artifact({ x: [1, { y: 2 }] }, { 'a.bin': Uint8Array.of(1, 2) });
    const b = copyArtifact(a);
    expect(b).toEqual(a);
    b.blobs['a.bin']![0] = 9;
    ((b.meta as { x: unknown[] }).x[1] as { y: number }).y = 3;
    expect(a.blobs['a.bin']![0]).toBe(1);
    expect(a.meta).toEqual({ x: [1, { y: 2 }] });
  });

  it('keeps a history through JSON text, non-finite values as NaN, wall-clock times left out', () => {
    const history = [
      { epoch: 1, trainLoss: 0.5, valLoss: 0.6, elapsedMs: 3, learningRate: 0.01, metric: NaN },
      { epoch: 2, trainLoss: 0.4, elapsedMs: 5 },
    ];
    const json = JSON.parse(JSON.stringify(historyToJson(history)));
    expect(JSON.stringify(json)).not.toContain('elapsedMs');
    const r = new ArtifactReader(artifact({ history: json }, {}), 'linear', 1, ['regression']);
    expect(readHistory(r.meta)).toEqual(history.map((h) => ({ ...h, elapsedMs: NaN })));
    // Artifacts written before times were dropped still read.
    const old = new ArtifactReader(artifact({ history: [{ epoch: 1, trainLoss: 0.5, elapsedMs: 7 }] }, {}), 'linear', 1, ['regression']);
    expect(readHistory(old.meta)).toEqual([{ epoch: 1, trainLoss: 0.5, elapsedMs: 7 }]);
  });

  it('checks meta fields and blobs as it hands them out', () => {
    const r = new ArtifactReader(artifact({ n: 2.5, s: 'x', o: [1] }, { 'w.f64': toBytes(Float64Array.of(1, NaN)), 'extra.bin': new Uint8Array(1) }), 'linear', 1, ['regression']);
    expect(() => r.meta.int('n')).toThrow(/meta\.n.*whole number/);
    expect(() => r.meta.num('missing')).toThrow(/meta\.missing.*finite number, got nothing/);
    expect(() => r.meta.str('s', ['a', 'b'])).toThrow(/meta\.s.*"a", "b"/);
    expect(() => r.meta.obj('o')).toThrow(/meta\.o.*object/);
    expect(() => r.f64('w.f64', 3)).toThrow(/16 bytes, expected 24/);
    expect(() => r.f64('w.f64', 2)).toThrow(/value 1 is NaN/);
    expect(r.f64('w.f64', 2, false)[0]).toBe(1);
    expect(() => r.done()).toThrow(/extra\.bin.*not a blob this model writes/);
    try {
      r.done();
    } catch (e) {
      expect(e).toMatchObject({ code: 'model_artifact_invalid', location: { field: 'blobs.extra.bin' } });
    }
  });

  it('checks the envelope: k must fit the task, meta must be an object', () => {
    const make = (patch: Partial<ModelArtifact>) => () => new ArtifactReader({ ...artifact({}), ...patch }, 'linear', 1, ['regression', 'binary', 'multiclass']);
    expect(make({ task: 'binary', k: 3 })).toThrow(/3 outputs do not fit a binary task/);
    expect(make({ task: 'regression', k: 2 })).toThrow(/regression/);
    expect(make({ task: 'multiclass', k: 1 })).toThrow(/must be >= 1|multiclass/);
    expect(make({ d: -1 })).toThrow(/artifact\.d/);
    expect(make({ meta: [1] })).toThrow(/meta.*object/);
    expect(make({ blobs: null as never })).toThrow(/blobs/);
    expect(make({ task: 'multiclass', k: 2 })).not.toThrow();
  });
});
