import { describe, expect, it } from 'vitest';
import type * as tfjs from '@tensorflow/tfjs';
import { netLoadHandler } from '../../../../src/core/models/net-artifact.ts';
import type { ModelSpec, Task } from '../../../../src/core/spec/types.ts';
import { cpuTf } from '../../../helpers/tf.ts';
import { fit, queries, synthetic, tamper } from './helpers.ts';

type Topology = { class_name: string; config: { layers: { class_name: string; config: Record<string, unknown> }[] } };

describe('networks are saved in the TF.js layers format', () => {
  it('the topology names exactly the layers Benchtop built, and weightSpecs account for every byte', async () => {
    const m = await fit({ kind: 'mlp', hiddenLayers: [5, 4], activation: 'gelu', batchNorm: true, dropout: 0.25, epochs: 2 }, synthetic('multiclass', 60, 1), 'multiclass');
    const a = await m.save();
    m.dispose();
    const topo = (a.meta as { modelTopology: Topology }).modelTopology;
    expect(topo.class_name).toBe('Sequential');
    expect(topo.config.layers.map((l) => `${l.class_name}:${String(l.config.name)}`)).toEqual([
      'Dense:dense_0', 'BatchNormalization:batch_norm_0', 'Activation:activation_0', 'Dropout:dropout_0',
      'Dense:dense_1', 'BatchNormalization:batch_norm_1', 'Activation:activation_1', 'Dropout:dropout_1',
      'Dense:output',
    ]);
    expect(topo.config.layers[2]!.config.activation).toBe('gelu_new');
    expect(topo.config.layers[8]!.config.activation).toBe('softmax');
    const specs = (a.meta as { weightSpecs: { name: string; shape: number[] }[] }).weightSpecs;
    expect(specs.map((s) => s.name).sort()).toEqual(
      ['dense_0/kernel', 'dense_1/kernel', 'output/kernel', 'output/bias', ...[0, 1].flatMap((l) => ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((w) => `batch_norm_${l}/${w}`))].sort(),
    );
    const floats = specs.reduce((s, w) => s + w.shape.reduce((p, x) => p * x, 1), 0);
    expect(a.blobs['weights.bin']!.byteLength).toBe(4 * floats);
    expect(Object.keys(a.blobs)).toEqual(['weights.bin']);
  });

  it('TF.js itself loads the artifact as a LayersModel that predicts what Benchtop predicts (to float32 rounding)', async () => {
    const tf = await cpuTf();
    const specs: [ModelSpec, Task][] = [
      [{ kind: 'mlp', hiddenLayers: [6], activation: 'tanh', batchNorm: true, epochs: 3 }, 'binary'],
      [{ kind: 'mlp', hiddenLayers: [5, 3], activation: 'elu', epochs: 3 }, 'regression'],
      [{ kind: 'logistic', epochs: 3 }, 'multiclass'],
    ];
    for (const [spec, task] of specs) {
      const data = synthetic(task, 80, 4);
      const m = await fit(spec, data, task);
      const a = await m.save();
      const Q = queries(data.d, 5).map((v) => (Number.isNaN(v) ? 0 : v));
      const n = Q.length / data.d;
      const ours = await m.predict(Q, n);
      const layers = await tf.loadLayersModel(netLoadHandler(tf, a));
      const out = layers.predict(tf.tensor2d(Q, [n, data.d])) as tfjs.Tensor;
      const theirs = await out.data();
      out.dispose();
      layers.dispose();
      m.dispose();
      if (task === 'binary') for (let i = 0; i < n; i++) expect(theirs[i]).toBeCloseTo(ours[2 * i + 1]!, 5);
      else if (task === 'multiclass') for (let i = 0; i < ours.length; i++) expect(theirs[i]).toBeCloseTo(ours[i]!, 5);
      else {
        const s = new Float64Array(a.blobs['y-scale.f64']!.slice().buffer);
        for (let i = 0; i < n; i++) expect(theirs[i]! * s[1]! + s[0]!).toBeCloseTo(ours[i]!, 3);
      }
    }
  });

  it('the load handler checks the artifact before TF.js sees it', async () => {
    const tf = await cpuTf();
    const m = await fit({ kind: 'logistic', epochs: 1 }, synthetic('binary', 40, 2), 'binary');
    const a = await m.save();
    m.dispose();
    const bad = tamper(a, (x) => void (x.meta.modelTopology as Topology).config.layers.unshift({ class_name: 'Lambda', config: { name: 'f' } }));
    expect(() => netLoadHandler(tf, bad)).toThrow(expect.objectContaining({ code: 'model_artifact_invalid' }));
  });
});
