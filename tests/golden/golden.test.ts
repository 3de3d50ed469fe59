/**
 * Golden cases: a folder per case holding case.json (sample data file + spec) and
 * expected.json (the normalized spec and the metrics). Expected files are regenerated with
 * UPDATE_GOLDEN=1 and reviewed in the diff; the metric implementations themselves are checked
 * against scikit-learn in tests/unit/evaluate, so these guard the whole pipeline against drift.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { neverCancelled } from '../../src/core/jobs.ts';
import { normalize } from '../../src/core/spec/normalize.ts';
import { parseSpec } from '../../src/core/spec/parse.ts';
import { plan } from '../../src/core/spec/plan.ts';
import { runExperiment } from '../../src/core/train/run-experiment.ts';
import { sample } from '../helpers/datasets.ts';
import { cpuTf } from '../helpers/tf.ts';

const root = new URL('./cases/', import.meta.url);
const cases = readdirSync(root).sort();
/** cpu backend, float32 kernels in JS: exact on one engine; the slack absorbs libm differences. */
const TOLERANCE = 1e-6;

describe.each(cases)('golden %s', (name) => {
  it('reproduces its normalized spec and metrics', async () => {
    const dir = new URL(`${name}/`, root);
    const c = JSON.parse(readFileSync(new URL('case.json', dir), 'utf8')) as { data: 'penguins.json'; spec: unknown };
    const input = parseSpec(c.spec);
    const frozen = structuredClone(input);
    const ds = await sample(c.data);
    const normalized = plan(input, ds);
    expect(input).toEqual(frozen);
    expect(normalize(normalize(input))).toEqual(normalize(input));
    const result = await runExperiment(ds, normalized, { tf: await cpuTf(), cancel: neverCancelled });
    const actual = { normalized, metrics: result.metrics, baselineMetrics: result.baselineMetrics, testRows: result.testRows };
    const file = new URL('expected.json', dir);
    if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
      if (process.env.CI) throw new Error(`${name}: expected.json missing; run UPDATE_GOLDEN=1 npx vitest run tests/golden`);
      writeFileSync(file, JSON.stringify(actual, null, 2) + '\n');
    }
    const expected = JSON.parse(readFileSync(file, 'utf8')) as { normalized: unknown; testRows: number; metrics: Record<string, number | null>; baselineMetrics: Record<string, number | null> };
    expect(normalized).toEqual(expected.normalized);
    expect(result.testRows).toBe(expected.testRows);
    for (const key of ['metrics', 'baselineMetrics'] as const) {
      expect(Object.keys(actual[key])).toEqual(Object.keys(expected[key]));
      for (const [m, v] of Object.entries(expected[key])) {
        // JSON has no NaN: an undefined metric (e.g. ROC-AUC on a fold missing a class) is stored as null.
        if (v === null) expect(actual[key][m], `${key}.${m}`).toBeNaN();
        else expect(actual[key][m], `${key}.${m}`).toBeCloseTo(v, -Math.log10(TOLERANCE));
      }
    }
  });
});
