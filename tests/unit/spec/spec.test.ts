import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalize } from '../../../src/core/spec/normalize.ts';
import { plan } from '../../../src/core/spec/plan.ts';
import { parseSpec } from '../../../src/core/spec/parse.ts';
import { inferTask } from '../../../src/core/spec/infer-task.ts';
import type { ExperimentSpec } from '../../../src/core/spec/types.ts';
import { BENCHTOP_VERSION } from '../../../src/core/version.ts';
import { fromText, sample } from '../../helpers/datasets.ts';
// @ts-expect-error plain .mjs script without types
import { generateSchema, generateValidators, generatedValidatorTypes } from '../../../scripts/gen-schema.mjs';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};

describe('normalize', () => {
  it('fills documented defaults', () => {
    const s = normalize({ version: 1, target: 'y' });
    expect(s.model).toEqual({
      kind: 'mlp', hiddenLayers: [64, 32], activation: 'relu', learningRate: 0.001, epochs: 100, batchSize: 32, l2: 0, dropout: 0,
      optimizer: 'adam', momentum: 0.9, weightDecay: 0, schedule: { kind: 'constant' }, clipNorm: 0, classWeight: 'none',
      batchNorm: false, loss: 'auto', focalGamma: 2, huberDelta: 1,
    });
    expect(normalize({ version: 1, target: 'y', model: { kind: 'mlp', optimizer: 'adamw', schedule: { kind: 'cosine' } } }).model).toMatchObject({
      weightDecay: 0.01, schedule: { kind: 'cosine', warmupEpochs: 0, minFactor: 0 },
    });
    expect(s.split).toEqual({ kind: 'holdout', testSize: 0.2, gap: 0 });
    expect(s.pipeline).toBe('auto');
    expect(s.seed).toBe(42);
    expect(s.backend).toBe('auto');
    expect(s.training).toEqual({ sanityChecks: 'auto', validationFraction: 0.1, earlyStopping: { enabled: true, monitor: 'loss', patience: 10, minDelta: 1e-4 } });
  });

  const specArb: fc.Arbitrary<ExperimentSpec> = fc.record(
    {
      version: fc.constant(1 as const),
      target: fc.string(),
      task: fc.constantFrom('binary' as const, 'multiclass' as const, 'regression' as const),
      seed: fc.nat(),
      split: fc.oneof(
        fc.record({ kind: fc.constant('holdout' as const), testSize: fc.double({ min: 0.05, max: 0.9, noNaN: true }) }, { requiredKeys: ['kind'] }),
        fc.record({ kind: fc.constant('kfold' as const), k: fc.integer({ min: 2, max: 10 }), strategy: fc.constantFrom('kfold' as const, 'stratified' as const), repeats: fc.integer({ min: 1, max: 3 }) }, { requiredKeys: ['kind'] }),
      ),
      model: fc.oneof(
        fc.constant({ kind: 'baseline' as const }),
        fc.record({ kind: fc.constant('mlp' as const), hiddenLayers: fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 3 }), epochs: fc.integer({ min: 1, max: 50 }) }, { requiredKeys: ['kind'] }),
        fc.record({ kind: fc.constant('linear' as const), l2: fc.double({ min: 0, max: 1, noNaN: true }) }, { requiredKeys: ['kind'] }),
      ),
    },
    { requiredKeys: ['version', 'target'] },
  );

  it('is idempotent and never mutates its input', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const before = structuredClone(spec);
        const once = normalize(spec);
        expect(spec).toEqual(before);
        expect(normalize(once)).toEqual(once);
        expect(parseSpec(JSON.parse(JSON.stringify(once)))).toEqual(once);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});

describe('plan', () => {
  it('a planned spec is itself a valid spec (stored runs can be re-submitted)', async () => {
    const ds = await sample('cars.json');
    for (const spec of [
      { version: 1 as const, target: 'Origin' },
      { version: 1 as const, target: 'Miles_per_Gallon', model: { kind: 'mlp' as const, optimizer: 'adamw' as const, schedule: { kind: 'plateau' as const } } },
      { version: 1 as const, target: 'Origin', model: { kind: 'ensemble' as const, method: 'stack' as const, members: [{ kind: 'knn' as const }, { kind: 'baseline' as const }] }, split: { kind: 'kfold' as const, k: 3, finalTest: 0.2 } },
    ]) {
      const planned = plan(spec, ds);
      expect(plan(parseSpec(JSON.parse(JSON.stringify(planned))), ds)).toEqual(planned);
    }
  });

  it('infers task and features and is idempotent', async () => {
    const ds = await sample('penguins.json');
    const p = plan({ version: 1, target: 'Species' }, ds);
    expect(p.task).toBe('multiclass');
    expect(p.features).toEqual(['Island', 'Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Sex']);
    expect(p.split).toEqual({ kind: 'holdout', testSize: 0.2, strategy: 'stratified', gap: 0 });
    expect(p.pipeline.map((s) => s.kind)).toEqual(['scale', 'impute', 'one-hot']);
    expect(p.pipeline[2]).toMatchObject({ kind: 'one-hot', columns: ['Island', 'Sex'] });
    expect(p.data.fingerprint).toBe(ds.fingerprint);
    expect(plan(p, ds)).toEqual(p);
  });

  it('leaves free text out of the default features and turns datetimes into calendar parts', async () => {
    const ds = await sample('cars.json');
    const p = plan({ version: 1, target: 'Miles_per_Gallon' }, ds);
    expect(p.task).toBe('regression');
    expect(p.features).not.toContain('Name');
    expect(p.features).toContain('Year');
    expect(p.pipeline[0]).toMatchObject({ kind: 'datetime-parts', columns: ['Year'] });
    expect(p.split).toEqual({ kind: 'holdout', testSize: 0.2, strategy: 'random', gap: 0 });
  });

  it('does not scale for the baseline, and never uses the group column as a feature', async () => {
    const ds = await fromText('g,x,y\na,1,0\na,2,1\nb,3,0\nb,4,1\nc,5,0\nc,6,1\n');
    const p = plan({ version: 1, target: 'y', model: { kind: 'baseline' }, split: { kind: 'kfold', k: 3, strategy: 'group', column: 'g' } }, ds);
    expect(p.features).toEqual(['x']);
    expect(p.pipeline.map((s) => s.kind)).toEqual(['impute']);
  });

  it('checks split strategies against the data', async () => {
    const ds = await sample('penguins.json');
    const bad = (split: object) => codeOf(() => plan({ version: 1, target: 'Species', split } as never, ds));
    expect(bad({ kind: 'holdout', strategy: 'group' })).toBe('spec_invalid');
    expect(bad({ kind: 'holdout', strategy: 'group', column: 'nope' })).toBe('spec_invalid');
    expect(bad({ kind: 'kfold', strategy: 'time-series', column: 'Island' })).toBe('spec_invalid');
    expect(bad({ kind: 'kfold', strategy: 'group', column: 'Island', repeats: 2 })).toBe('spec_invalid');
    expect(bad({ kind: 'kfold', strategy: 'kfold', column: 'Island' })).toBe('spec_invalid');
    const cars = await sample('cars.json');
    expect(codeOf(() => plan({ version: 1, target: 'Horsepower', split: { kind: 'holdout', strategy: 'stratified' } }, cars))).toBe('spec_invalid');
  });

  it('reports unknown names and impossible combinations with stable codes', async () => {
    const ds = await sample('penguins.json');
    expect(codeOf(() => plan({ version: 1, target: 'species' }, ds))).toBe('target_missing');
    expect(codeOf(() => plan({ version: 1, target: 'Species', features: ['Beak'] }, ds))).toBe('feature_missing');
    expect(codeOf(() => plan({ version: 1, target: 'Species', model: { kind: 'linear' } }, ds))).toBe('model_task_mismatch');
    const one = await fromText('a,b\n1,2\n3,4\n');
    expect(codeOf(() => plan({ version: 1, target: 'a', features: ['a'] }, one))).toBe('no_features');
  });
});

describe('inferTask', () => {
  it('tells binary, multiclass and regression apart', async () => {
    const ds = await fromText('flag,stars,price,colour\n0,1,1.5,red\n1,2,2.25,blue\n0,3,3.75,red\n1,4,10.5,green\n0,5,0.5,red\n1,1,7.25,blue\n');
    expect(inferTask(ds, 'flag').task).toBe('binary');
    expect(inferTask(ds, 'stars').task).toBe('multiclass');
    expect(inferTask(ds, 'price').task).toBe('regression');
    expect(inferTask(ds, 'colour').task).toBe('multiclass');
  });
});

describe('parseSpec', () => {
  it.each([
    [{ version: 1 }, 'spec_invalid', '(root)'],
    [{ version: 1, target: 'x', model: { kind: 'mlp', epochs: 0 } }, 'spec_invalid', 'model.epochs'],
    [{ version: 1, target: 'x', model: { kind: 'mlp', hiddenLayers: [8, 2.5] } }, 'spec_invalid', 'model.hiddenLayers.1'],
    [{ version: 1, target: 'x', split: { kind: 'holdout', testSize: 1 } }, 'spec_invalid', 'split.testSize'],
    [{ version: 1, target: 'x', extra: true }, 'spec_invalid', '(root)'],
    [{ version: 3, target: 'x' }, 'spec_unsupported_version', undefined],
    ['not a spec', 'spec_invalid', '(root)'],
    [{ version: 1, target: 'x', pipeline: [{ kind: 'nope' }] }, 'spec_invalid', 'pipeline.0.kind'],
    [{ version: 1, target: 'x', pipeline: [{ kind: 'impute' }, { kind: 'bin', bins: 1 }] }, 'spec_invalid', 'pipeline.1.bins'],
    [{ version: 1, target: 'x', pipeline: [{ kind: 'scale', method: 'weird' }] }, 'spec_invalid', 'pipeline.0.method'],
    [{ version: 1, target: 'x', pipeline: 'manual' }, 'spec_invalid', 'pipeline'],
  ])('rejects %j with %s at %s', (input, code, field) => {
    try {
      parseSpec(input);
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string }).code).toBe(code);
      if (field) expect((e as { location: { field: string } }).location.field).toBe(field);
    }
  });

  it('keeps a hostile-looking but valid target name literally', () => {
    expect(parseSpec({ version: 1, target: '__proto__' }).target).toBe('__proto__');
  });
});

describe('generated artefacts', () => {
  it('the committed JSON Schema matches the ExperimentSpec type (run `npm run schema`)', () => {
    expect(readFileSync('src/core/spec/experiment-spec.schema.json', 'utf8')).toBe(generateSchema());
  });

  it('the committed spec validators match the JSON Schema (run `npm run schema`)', () => {
    expect(readFileSync('src/core/spec/spec-validators.generated.js', 'utf8')).toBe(generateValidators());
    expect(readFileSync('src/core/spec/spec-validators.generated.d.ts', 'utf8')).toBe(generatedValidatorTypes());
  });

  it('BENCHTOP_VERSION matches package.json', () => {
    expect(BENCHTOP_VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});
