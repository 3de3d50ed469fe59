import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelArtifact } from '../../../../src/core/models/artifact.ts';
import { toBytes } from '../../../../src/core/models/artifact-codec.ts';
import { linear } from '../../../../src/core/models/linear.ts';
import { cpuTf } from '../../../helpers/tf.ts';
import { expectInvalid, fit, synthetic, tamper, viaBundle } from './helpers.ts';

type Meta = Record<string, unknown>;
type Layer = { class_name: string; config: Meta };
const layersOf = (a: ModelArtifact & { meta: Meta }): Layer[] => ((a.meta.modelTopology as Meta).config as { layers: Layer[] }).layers;

const saved: Record<'linear' | 'mlp' | 'logistic' | 'gbdt' | 'forest' | 'ensemble' | 'baseline' | 'knn' | 'nb', ModelArtifact> = {} as never;

beforeAll(async () => {
  const reg = synthetic('regression', 60, 1);
  const bin = synthetic('binary', 60, 2);
  const multi = synthetic('multiclass', 60, 3, { categorical: true });
  const save = async (spec: Parameters<typeof fit>[0], data: typeof reg, task: Parameters<typeof fit>[2]) => {
    const m = await fit(spec, data, task);
    const a = await m.save();
    m.dispose();
    return a;
  };
  saved.linear = await save({ kind: 'linear' }, reg, 'regression');
  saved.mlp = await save({ kind: 'mlp', hiddenLayers: [4, 3], batchNorm: true, dropout: 0.1, epochs: 2 }, bin, 'binary');
  saved.logistic = await save({ kind: 'logistic', epochs: 2 }, multi, 'multiclass');
  saved.gbdt = await save({ kind: 'gbdt', rounds: 3, maxLeaves: 4, minSamplesLeaf: 5 }, multi, 'multiclass');
  saved.forest = await save({ kind: 'random-forest', trees: 3, maxDepth: 3 }, bin, 'binary');
  saved.ensemble = await save({ kind: 'ensemble', method: 'stack', folds: 2, members: [{ kind: 'naive-bayes' }, { kind: 'knn' }] }, bin, 'binary');
  saved.baseline = await save({ kind: 'baseline', strategy: 'stratified' }, multi, 'multiclass');
  saved.knn = await save({ kind: 'knn', k: 3 }, multi, 'multiclass');
  saved.nb = await save({ kind: 'naive-bayes' }, bin, 'binary');
});

describe('loading rejects what a save did not write (model_artifact_invalid)', () => {
  it('the untampered artifacts load (so the failures below are the tampering)', async () => {
    const { loadModel } = await import('../../../../src/core/models/load-model.ts');
    for (const a of Object.values(saved)) (await loadModel(viaBundle(a), await cpuTf())).dispose();
  });

  it('an unknown kind, a kind another model wrote, a newer format, a task the model lacks', async () => {
    await expectInvalid(tamper(saved.linear, (a) => void (a.kind = 'svm' as never)), /"svm" is not a model kind/);
    await expectInvalid({ ...saved.linear, kind: undefined } as never, /kind/);
    await expect(linear.load(saved.knn, await cpuTf())).rejects.toMatchObject({ code: 'model_artifact_invalid', location: { field: 'kind' } });
    await expectInvalid(tamper(saved.linear, (a) => void (a.format = 2)), /format 1, got 2/);
    await expectInvalid(tamper(saved.nb, (a) => void (a.task = 'regression')), /task/);
    await expectInvalid(tamper(saved.logistic, (a) => void (a.task = 'regression')), /task/);
    await expectInvalid(tamper(saved.knn, (a) => void (a.k = 2.5)), /whole number/);
  });

  it('a truncated, missing, extra or badly named blob', async () => {
    await expectInvalid(tamper(saved.linear, (a) => void (a.blobs['weights.f64'] = a.blobs['weights.f64']!.subarray(0, 24))), /weights\.f64.*24 bytes, expected 32/);
    await expectInvalid(tamper(saved.linear, (a) => void delete a.blobs['bias.f64']), /bias\.f64.*missing/);
    await expectInvalid(tamper(saved.linear, (a) => void (a.blobs['notes.txt'] = new Uint8Array(3))), /notes\.txt.*not a blob this model writes/);
    await expectInvalid(tamper(saved.linear, (a) => void (a.blobs['../evil'] = new Uint8Array(3))), /not a valid blob name/);
    await expectInvalid(tamper(saved.linear, (a) => void (a.blobs['bias.f64'] = 'AAAA' as never)), /expected bytes/);
    await expectInvalid(tamper(saved.mlp, (a) => void (a.blobs['weights.bin'] = a.blobs['weights.bin']!.subarray(4))), /weights\.bin/);
    await expectInvalid(tamper(saved.gbdt, (a) => void (a.blobs['tree-left.i32'] = a.blobs['tree-left.i32']!.subarray(4))), /tree-left/);
    await expectInvalid(tamper(saved.knn, (a) => void (a.blobs['train-x.f32'] = new Uint8Array(a.blobs['train-x.f32']!.length + 4))), /train-x/);
  });

  it('shapes that disagree with d, k or each other', async () => {
    await expectInvalid(tamper(saved.linear, (a) => void (a.d = 5)), /weights\.f64/);
    await expectInvalid(tamper(saved.nb, (a) => void (a.d = 3)), /mean\.f64/);
    await expectInvalid(tamper(saved.mlp, (a) => void (a.d = 5)), /batch_input_shape/);
    await expectInvalid(tamper(saved.logistic, (a) => void (a.k = 4)), /output units/);
    await expectInvalid(tamper(saved.gbdt, (a) => void (a.d = 3)), /nFeatures/);
    await expectInvalid(tamper(saved.forest, (a) => void ((a.meta.ensemble as Meta).trees as Meta[]).pop()), /tree-feature/);
    await expectInvalid(tamper(saved.baseline, (a) => void (a.k = 4)), /cdf\.f64/);
    await expectInvalid(tamper(saved.knn, (a) => void (a.meta.neighbours = 100)), /neighbours.*<= 60/);
    await expectInvalid(
      tamper(saved.mlp, (a) => {
        const specs = a.meta.weightSpecs as { name: string; shape: number[] }[];
        const spec = specs.find((w) => w.name === 'dense_1/kernel')!;
        expect(spec.shape).toEqual([4, 3]);
        spec.shape = [3, 4];
      }),
      /weightSpecs\[\d+\]\.shape.*expected \[4, 3\]/,
    );
    await expectInvalid(tamper(saved.mlp, (a) => void (a.meta.weightSpecs as Meta[]).pop()), /missing/);
    await expectInvalid(tamper(saved.mlp, (a) => void ((a.meta.weightSpecs as Meta[])[1]!.dtype = 'int32')), /dtype/);
  });

  it('NaN or infinities where a prediction would use them', async () => {
    const nan = toBytes(Float64Array.of(NaN));
    await expectInvalid(tamper(saved.linear, (a) => void (a.blobs['bias.f64'] = nan)), /bias\.f64.*NaN/);
    await expectInvalid(
      tamper(saved.mlp, (a) => {
        const w = new Float32Array(a.blobs['weights.bin']!.slice().buffer);
        w[3] = Infinity;
        a.blobs['weights.bin'] = toBytes(w);
      }),
      /weight 3 is Infinity/,
    );
    await expectInvalid(
      tamper(saved.gbdt, (a) => {
        const v = new Float64Array(a.blobs['tree-value.f64']!.slice().buffer);
        const f = new Int32Array(a.blobs['tree-feature.i32']!.slice().buffer);
        v[f.indexOf(-1)] = NaN; // a leaf of tree 0 (one value per node: multiclass trees add to one output)
        a.blobs['tree-value.f64'] = toBytes(v);
      }),
      /leaf value is not finite/,
    );
    await expectInvalid(tamper(saved.gbdt, (a) => void (a.blobs['tree-threshold.f64'] = toBytes(new Float64Array(a.blobs['tree-threshold.f64']!.length / 8).fill(NaN)))), /NaN/);
    await expectInvalid(tamper(saved.nb, (a) => void (a.blobs['var.f64'] = toBytes(new Float64Array(8).fill(-1)))), /variance > 0/);
    await expectInvalid(tamper(saved.baseline, (a) => void (a.blobs['cdf.f64'] = toBytes(Float64Array.of(0.2, NaN, 1)))), /NaN/);
    await expectInvalid(tamper(saved.linear, (a) => void (a.meta.estimator = 'ridge')), /estimator/);
  });

  it('network topologies: Lambda and unknown classes, anywhere, and layer orders Benchtop never builds', async () => {
    await expectInvalid(
      tamper(saved.mlp, (a) => void layersOf(a).splice(1, 0, { class_name: 'Lambda', config: { name: 'x', function: 'return fetch(1)' } })),
      /"Lambda" runs arbitrary code/,
    );
    await expectInvalid(tamper(saved.mlp, (a) => void (layersOf(a)[0]!.class_name = 'Conv2D')), /layer class "Conv2D" is not one Benchtop builds/);
    await expectInvalid(
      tamper(saved.mlp, (a) => void (layersOf(a)[0]!.config.kernel_regularizer = { class_name: 'MyRegularizer', config: {} })),
      /"MyRegularizer"/,
    );
    await expectInvalid(tamper(saved.mlp, (a) => void ((a.meta.modelTopology as Meta).class_name = 'Model')), /Sequential/);
    // Benchtop's own classes in an order it does not build
    await expectInvalid(
      tamper(saved.mlp, (a) => {
        const l = layersOf(a);
        [l[1], l[2]] = [l[2]!, l[1]!];
      }),
      /expected BatchNormalization layer "batch_norm_0" here, got Activation/,
    );
    await expectInvalid(tamper(saved.mlp, (a) => void (layersOf(a)[2]!.config.activation = 'swish')), /activation/);
    await expectInvalid(tamper(saved.mlp, (a) => void (layersOf(a)[1]!.config.epsilon = 0.01)), /epsilon/);
    await expectInvalid(tamper(saved.mlp, (a) => void layersOf(a).pop()), /output/);
    await expectInvalid(tamper(saved.logistic, (a) => void (layersOf(a)[0]!.config.activation = 'sigmoid')), /activation/);
    await expectInvalid(tamper(saved.mlp, (a) => void ((a.meta.weightSpecs as Meta[])[0]!.name = 'http://example.com/w')), /not a weight of this network/);
    await expectInvalid(tamper(saved.mlp, (a) => void ((a.meta.weightSpecs as Meta[])[0]!.quantization = { dtype: 'uint8' })), /quantised/);
    await expectInvalid(tamper(saved.mlp, (a) => void (a.meta.format = 'graph-model')), /layers-model/);
  });

  it('tree structures the validator rejects', async () => {
    await expectInvalid(
      tamper(saved.forest, (a) => {
        const left = new Int32Array(a.blobs['tree-left.i32']!.slice().buffer);
        left[0] = 0; // the root is its own child: a cycle
        a.blobs['tree-left.i32'] = toBytes(left);
      }),
      /meta\.ensemble.*Tree 0/,
    );
    await expectInvalid(
      tamper(saved.gbdt, (a) => {
        const f = new Int32Array(a.blobs['tree-feature.i32']!.slice().buffer);
        f[0] = 7;
        a.blobs['tree-feature.i32'] = toBytes(f);
      }),
      /split feature 7/,
    );
    await expectInvalid(
      tamper(saved.forest, (a) => {
        a.task = 'regression';
        a.k = 1;
      }),
      /do not predict a regression task/,
    );
    await expectInvalid(tamper(saved.gbdt, (a) => void ((a.meta.ensemble as Meta).link = 'exp')), /link/);
  });

  it('ensembles: members of unknown or nested kinds, blobs no member owns, a stacker of the wrong size', async () => {
    const members = (a: { meta: Meta }) => a.meta.members as Meta[];
    await expectInvalid(tamper(saved.ensemble, (a) => void (members(a)[0]!.kind = 'ensemble')), /members\[0\]\.kind/);
    await expectInvalid(tamper(saved.ensemble, (a) => void (members(a)[1]!.kind = 'svm')), /members\[1\]\.kind/);
    await expectInvalid(tamper(saved.ensemble, (a) => void (a.meta.members = members(a).slice(0, 1))), /at least 2/);
    await expectInvalid(tamper(saved.ensemble, (a) => void (a.blobs['m7-x.f64'] = new Uint8Array(8))), /m7-x\.f64/);
    await expectInvalid(tamper(saved.ensemble, (a) => void ((a.meta.stacker as Meta).inputs = 3)), /stacker\.inputs/);
    await expectInvalid(tamper(saved.ensemble, (a) => void delete a.blobs['m0-mean.f64']), /mean\.f64.*missing/);
    await expectInvalid(tamper(saved.ensemble, (a) => void (a.meta.method = 'soft-vote')), /no stacker/);
  });

  it('history entries must be records of numbers', async () => {
    await expectInvalid(tamper(saved.mlp, (a) => void (a.meta.history = [{ epoch: 1, trainLoss: 'low', elapsedMs: 3 }])), /trainLoss/);
    await expectInvalid(tamper(saved.gbdt, (a) => void (a.meta.history = 'none')), /history/);
  });
});
