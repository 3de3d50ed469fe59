import { describe, expect, it } from 'vitest';
import { columnEncoding, decodeRows, encodeRows, matrixModel, pipelineModel } from '../../../src/core/evaluate/explain/adapter.ts';
import { partialDependence } from '../../../src/core/evaluate/explain/partial-dependence.ts';
import { permutationImportance } from '../../../src/core/evaluate/explain/permutation-importance.ts';
import { frameFromTable, frameToMatrix } from '../../../src/core/features/frame.ts';
import { applyPipeline, fitPipeline } from '../../../src/core/features/run-pipeline.ts';
import { linear } from '../../../src/core/models/linear.ts';
import { createRng } from '../../../src/core/random.ts';
import type { PipelineStep } from '../../../src/core/spec/pipeline-types.ts';
import { fromText } from '../../helpers/datasets.ts';
import { fitCtx } from '../models/helpers.ts';

/** y = 3 x1 + 2 [colour = red] + noise; x2 is noise the model should barely use; colour has gaps. */
function csv(n: number, seed: number): string {
  const rng = createRng(seed);
  const lines = ['x1,x2,colour,y'];
  for (let i = 0; i < n; i++) {
    const x1 = rng.normal();
    const x2 = rng.normal();
    const colour = ['red', 'green', 'blue'][rng.int(3)]!;
    lines.push(`${x1},${x2},${colour},${3 * x1 + (colour === 'red' ? 2 : 0) + 0.1 * rng.normal()}`);
  }
  return lines.join('\n');
}

const features = ['x1', 'x2', 'colour'];
const steps: PipelineStep[] = [{ kind: 'one-hot' }, { kind: 'scale' }];

async function fitted() {
  const ds = await fromText(csv(240, 3));
  const train = Int32Array.from({ length: 160 }, (_, i) => i);
  const test = Int32Array.from({ length: 80 }, (_, i) => 160 + i);
  const yAll = Float64Array.from(ds.table.getChild('y')!.toArray() as Float64Array);
  const y = Float64Array.from(train, (r) => yAll[r]!);
  const { fitted: pipeline, frame } = fitPipeline(steps, frameFromTable(ds.table, ds.columns, features, train), { rng: createRng(1), task: 'regression', k: 1, y });
  const d = pipeline.outputNames.length;
  const model = await linear.fit({ kind: 'linear', l1: 0, l2: 0, loss: 'squared', huberEpsilon: 1.35 }, { X: frameToMatrix(frame), n: 160, d, y, k: 1 }, await fitCtx('regression'));
  return { ds, pipeline, model, test, yTest: Float64Array.from(test, (r) => yAll[r]!) };
}

describe('explanation adapters', () => {
  it('raw columns: codes for labels, predictions identical to pipeline.apply + model.predict', async () => {
    const { ds, pipeline, model, test } = await fitted();
    const encoding = columnEncoding(pipeline.features, [ds]);
    expect(encoding.features.map((f) => f.name)).toEqual(features);
    expect(encoding.features[2]!.categories).toEqual(['blue', 'green', 'red']);
    expect(encoding.features[0]!.categories).toBeUndefined();
    const X = encodeRows(encoding, ds, test);
    const explained = pipelineModel({ encoding, pipeline, model, outputs: 1 });
    const direct = await model.predict(frameToMatrix(applyPipeline(pipeline, frameFromTable(ds.table, ds.columns, features, test))), test.length);
    expect(await explained.predict(X, test.length)).toEqual(direct);
    const colours = frameFromTable(ds.table, ds.columns, ['colour'], test).columns[0]!.values as string[];
    colours.forEach((c, i) => expect(encoding.features[2]!.categories![X[i * 3 + 2]!]).toBe(c));
  });

  it('permuting a raw label column equals permuting its one-hot block at the matrix level', async () => {
    const { ds, pipeline, model, test, yTest } = await fitted();
    const encoding = columnEncoding(pipeline.features, [ds]);
    const raw = await permutationImportance({
      model: pipelineModel({ encoding, pipeline, model, outputs: 1 }),
      X: encodeRows(encoding, ds, test),
      n: test.length,
      task: 'regression',
      yTrue: yTest,
      metric: 'rmse',
      seed: 4,
    });
    expect(raw.features.map((f) => f.name)).toEqual(features);
    expect(raw.features[0]!.mean).toBeGreaterThan(2);
    expect(raw.features[2]!.mean).toBeGreaterThan(0.3);
    expect(Math.abs(raw.features[1]!.mean)).toBeLessThan(0.02);

    const names = pipeline.outputNames;
    const Xm = Float64Array.from(frameToMatrix(applyPipeline(pipeline, frameFromTable(ds.table, ds.columns, features, test))));
    const oneHot = names.flatMap((name, j) => (name.startsWith('colour') ? [j] : []));
    expect(oneHot.length).toBeGreaterThanOrEqual(3);
    const grouped = await permutationImportance({
      model: matrixModel({ model, names, outputs: 1 }),
      X: Xm,
      n: test.length,
      task: 'regression',
      yTrue: yTest,
      metric: 'rmse',
      seed: 4,
      features: [{ name: 'colour', columns: oneHot }],
    });
    expect(grouped.features[0]!.importances).toEqual(raw.features[2]!.importances);
  });

  it('partial dependence over a label column uses one grid point per category', async () => {
    const { ds, pipeline, model, test } = await fitted();
    const encoding = columnEncoding(pipeline.features, [ds]);
    const pd = await partialDependence({ model: pipelineModel({ encoding, pipeline, model, outputs: 1 }), X: encodeRows(encoding, ds, test), n: test.length, features: [2] });
    expect([...pd.grid[0]!]).toEqual([0, 1, 2]);
    // red (code 2) adds ~2 over blue and green.
    expect(pd.average[2]! - pd.average[0]!).toBeCloseTo(2, 0);
    expect(Math.abs(pd.average[1]! - pd.average[0]!)).toBeLessThan(0.2);
  });

  it('decodes codes that are not categories as missing, and refuses labels outside the encoding', async () => {
    const { ds, pipeline } = await fitted();
    const encoding = columnEncoding(pipeline.features, [ds]);
    const frame = decodeRows(encoding, Float64Array.from([0, 0, NaN, 1, 1, 1.5, 2, 2, 2]), 3);
    expect(frame.columns[2]!.values).toEqual([null, null, 'red']);
    const other = await fromText('x1,x2,colour,y\n1,2,purple,3\n');
    expect(() => encodeRows(encoding, other, Int32Array.from([0]))).toThrow(/purple/);
    const both = columnEncoding(pipeline.features, [ds, other]);
    expect(both.features[2]!.categories).toEqual(['blue', 'green', 'purple', 'red']);
    expect(() => pipelineModel({ encoding: columnEncoding(['x1'], [ds]), pipeline, model: null as never, outputs: 1 })).toThrow(/features/);
  });
});
