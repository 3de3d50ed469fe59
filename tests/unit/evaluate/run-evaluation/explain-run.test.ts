import { beforeAll, describe, expect, it } from 'vitest';
import { explainFit, sampleRows } from '../../../../src/core/evaluate/run-evaluation/explain-run.ts';
import { fitRows } from '../../../../src/core/evaluate/run-evaluation/fit-rows.ts';
import { columnEncoding, encodeRows, pipelineModel } from '../../../../src/core/evaluate/explain/adapter.ts';
import { permutationImportance } from '../../../../src/core/evaluate/explain/permutation-importance.ts';
import { ensembleMargin } from '../../../../src/core/evaluate/explain/tree-predict.ts';
import { frameFromTable, frameToMatrix } from '../../../../src/core/features/frame.ts';
import { applyPipeline } from '../../../../src/core/features/run-pipeline.ts';
import { neverCancelled } from '../../../../src/core/jobs.ts';
import { refitReported } from '../../../../src/core/train/refit-reported.ts';
import { blobsCsv, fromText, sample } from '../../../helpers/datasets.ts';
import { cpuTf } from '../../../helpers/tf.ts';
import { trained, type Trained } from './fixtures.ts';

let logistic: Trained;
let trees: Trained;

beforeAll(async () => {
  logistic = await trained(await fromText(blobsCsv(300, 5, 1.5), 'blobs.csv'), { target: 'label', model: { kind: 'logistic', epochs: 15 }, seed: 11 }, true);
  trees = await trained(await sample('penguins.json'), { target: 'Species', model: { kind: 'gbdt', maxIter: 15 } as never, seed: 2 }, true);
}, 120_000);

function inputOf(t: Trained, request: Parameters<typeof explainFit>[0]['request']) {
  const p = t.result.predictions;
  const fold = t.result.finalTest ? -1 : 0;
  return {
    spec: t.spec,
    ...(t.result.classes ? { classes: t.result.classes } : {}),
    fit: { model: t.result.model!, pipeline: t.result.pipeline },
    source: t.ds,
    ...fitRows(p, fold, t.ds.table.numRows),
    request,
  };
}

describe('refitReported: the same spec, data and seed give the model the run reported', () => {
  for (const [name, split] of [
    ['holdout', undefined],
    ['plain CV (first fold)', { kind: 'kfold', k: 3 }],
    ['CV with a locked final test set (the final refit)', { kind: 'kfold', k: 3, finalTest: 0.2 }],
  ] as const) {
    it(name, async () => {
      const t = await trained(await fromText(blobsCsv(150, 8, 1.5), 'blobs.csv'), { target: 'label', model: { kind: 'logistic', epochs: 8 }, seed: 21, ...(split ? { split } : {}) });
      const r = await refitReported(t.ds, t.spec, { tf: await cpuTf(), cancel: neverCancelled });
      const p = t.result.predictions;
      const fold = split && 'finalTest' in split ? -1 : 0;
      expect(r.fold).toBe(fold);
      const mine = Array.from(p.row).flatMap((row, i) => (p.fold[i] === fold ? [[row, ...Array.from(p.values.subarray(i * 2, i * 2 + 2))]] : []));
      expect(Array.from(r.testRows)).toEqual(mine.map((m) => m[0]));
      expect(Array.from(r.values)).toEqual(mine.flatMap((m) => m.slice(1)));
      // and the training rows are the complement of the scored ones (no final rows when CV folds)
      expect(r.trainRows.length + r.testRows.length).toBeLessThanOrEqual(t.ds.rows);
      r.model.dispose();
    });
  }
});

describe('explainFit', () => {
  it('permutation importance equals the core function on the same (seeded) rows', async () => {
    const input = inputOf(logistic, { kind: 'permutation', repeats: 4, maxRows: 40 });
    const e = await explainFit(input);
    if (e.kind !== 'permutation') throw new Error(e.kind);
    expect(e.rows).toBe(40);
    const pos = sampleRows(input.rows.length, 40, 11, 'explain-rows');
    const rows = Int32Array.from(pos, (q) => input.rows[q]!);
    const encoding = columnEncoding(logistic.result.pipeline.features, [logistic.ds]);
    const direct = await permutationImportance({
      model: pipelineModel({ encoding, pipeline: logistic.result.pipeline, model: logistic.result.model!, outputs: 2 }),
      X: encodeRows(encoding, logistic.ds, rows), n: 40, task: 'binary', yTrue: Int32Array.from(pos, (q) => input.yTrue[q]!), repeats: 4, seed: 11,
    });
    expect(e.importances).toEqual([...direct.features].sort((a, b) => b.mean - a.mean));
    expect(e.importances.map((f) => f.name).sort()).toEqual(['colour', 'x1', 'x2']);
    // x1 and x2 carry the signal; colour is noise.
    expect(e.importances.at(-1)!.name).toBe('colour');
  });

  it('a refit explains exactly like the kept model', async () => {
    const refit = await refitReported(logistic.ds, logistic.spec, { tf: await cpuTf(), cancel: neverCancelled });
    const request = { kind: 'permutation' as const, repeats: 3, maxRows: 30 };
    const kept = await explainFit(inputOf(logistic, request));
    const again = await explainFit({ ...inputOf(logistic, request), fit: { model: refit.model, pipeline: refit.pipeline } });
    expect(again).toEqual(kept);
    refit.model.dispose();
  });

  it('partial dependence with ICE; unknown features are coded errors', async () => {
    const e = await explainFit(inputOf(logistic, { kind: 'partial-dependence', features: ['x1'], ice: true, gridSize: 5, maxRows: 60 }));
    if (e.kind !== 'partial-dependence') throw new Error(e.kind);
    expect(e.result.names).toEqual(['x1']);
    expect(e.result.grid[0]).toHaveLength(5);
    expect(e.result.ice!.rows.length).toBe(50);
    // P(class 1) rises with x1 (the blobs separate along it).
    const avg = e.result.average;
    expect(avg[1 * 5 + 4]!).toBeGreaterThan(avg[1 * 5]!);
    await expect(explainFit(inputOf(logistic, { kind: 'partial-dependence', features: ['nope'] }))).rejects.toMatchObject({ code: 'explain_invalid' });
  });

  it('KernelSHAP on raw columns: additive, the asked row first', async () => {
    const input = inputOf(logistic, { kind: 'shap', maxRows: 6, background: 10, row: 3 });
    const e = await explainFit(input);
    if (e.kind !== 'shap') throw new Error(e.kind);
    expect(e.method).toBe('kernel');
    expect(e.scale).toBe('prediction');
    expect(e.rows).toBe(6);
    expect(e.waterfallRow).toBe(3);
    expect(e.rowIds![0]).toBe(3);
    expect(e.output).toBe(1);
    const w = e.waterfall;
    expect(w.base + w.bars.reduce((s, b) => s + b.shap, 0)).toBeCloseTo(w.output, 9);
    const proba = await logistic.result.model!.predict(
      frameToMatrix(applyPipeline(logistic.result.pipeline, frameFromTable(logistic.ds.table, logistic.ds.columns, logistic.spec.features, Int32Array.of(3)))),
      1,
    );
    expect(w.output).toBeCloseTo(proba[1]!, 9);
    expect(e.beeswarm.map((b) => b.name).sort()).toEqual(['colour', 'x1', 'x2']);
  });

  it('TreeSHAP for a tree model, in model-input features and margin space', async () => {
    expect(trees.result.model!.trees).toBeDefined();
    const e = await explainFit(inputOf(trees, { kind: 'shap', maxRows: 20 }));
    if (e.kind !== 'shap') throw new Error(e.kind);
    expect(e.method).toBe('tree');
    expect(e.scale).toBe('margin');
    expect(e.ranking.map((r) => r.name).sort()).toEqual([...trees.result.pipeline.outputNames].sort());
    const row = e.waterfallRow!;
    const X = Float64Array.from(frameToMatrix(applyPipeline(trees.result.pipeline, frameFromTable(trees.ds.table, trees.ds.columns, trees.spec.features, Int32Array.of(row)))));
    const margin = ensembleMargin(trees.result.model!.trees!, X, 1);
    expect(e.waterfall.output).toBeCloseTo(margin[e.output]!, 9);
    // Multiclass default: the waterfall row's predicted class.
    let best = 0;
    for (let c = 1; c < 3; c++) if (margin[c]! > margin[best]!) best = c;
    expect(e.output).toBe(best);
  });
});
