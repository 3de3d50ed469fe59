import { describe, expect, it } from 'vitest';
import { evaluateRun } from '../../../src/core/evaluate/run-evaluation/evaluate-run.ts';
import { modelCardInputFromRun } from '../../../src/core/export/model-card/card-input.ts';
import { cardSections, modelCard } from '../../../src/core/export/model-card/model-card.ts';
import type { ModelCardInput } from '../../../src/core/export/model-card/types.ts';
import { yamlNumber } from '../../../src/core/export/model-card/yaml.ts';
import { asRunId } from '../../../src/core/ids.ts';
import { generateContract } from '../../../src/core/validate/contract/generate.ts';
import { blobsCsv, fromText } from '../../helpers/datasets.ts';
import { train } from './helpers.ts';
import { frontMatterOf, parseYamlSubset } from './yaml-subset.ts';

interface FrontMatter {
  library_name: string;
  tags: string[];
  datasets: string[];
  metrics: string[];
  'model-index': { name: string; results: { task: { type: string }; dataset: { revision: string }; metrics: { value: number }[] }[] }[];
}

const report = (rows: number, metrics: [string, number | null, [number, number] | null][]) => ({
  rows,
  level: 0.95,
  resamples: 1000,
  seed: 11,
  metrics: metrics.map(([key, value, ci]) => ({ key, value, ci })),
});

function input(): ModelCardInput {
  return {
    name: 'churn <b>model</b>',
    version: 4,
    createdAt: '2024-03-02T10:00:00.000Z',
    model: { kind: 'gbdt', format: 1, params: { kind: 'gbdt', rounds: 120, learningRate: 0.05 } },
    task: 'binary',
    target: 'churned',
    features: ['tenure', 'plan|tier'],
    classes: ['no', 'yes'],
    pipeline: { steps: [{ kind: 'ordinal', inputs: 1, outputs: 1 }], modelInputs: 2 },
    lineage: {
      nodes: [
        { id: 'dsv:1', kind: 'dataset-version', label: 'customers v2' },
        { id: 'run:9', kind: 'run', label: 'run 9' },
      ],
      edges: [{ from: 'dsv:1', to: 'run:9', relation: 'trained' }],
    },
    libraries: { benchtop: '0.1.0', tfjs: '4.22.0' },
    training: {
      datasetName: 'customers.csv',
      fingerprint: 'a'.repeat(64),
      versionId: 'v-2',
      rows: 5000,
      columns: 3,
      trainRows: 4000,
      testRows: 1000,
      datasheet: { source: 'CRM export', licence: 'internal' },
    },
    protocol: { split: { kind: 'holdout', testSize: 0.2, strategy: 'stratified', gap: 0 }, seed: 11, validationFraction: 0.1, earlyStopping: true },
    evaluation: {
      source: 'holdout',
      metrics: report(1000, [
        ['roc_auc', 0.8123, [0.79, 0.83]],
        ['roc_auc(average=weighted)', 0.81, [0.78, 0.84]],
        ['log_loss', 0.41, [0.39, 0.44]],
        ['expected_calibration_error(n_bins=10)', 0.031, [0.02, 0.05]],
      ]),
      baseline: report(1000, [
        ['roc_auc', 0.5, [0.5, 0.5]],
        ['roc_auc(average=weighted)', 0.5, [0.5, 0.5]],
        ['log_loss', 0.69, [0.68, 0.7]],
        ['expected_calibration_error(n_bins=10)', 0.01, [0.0, 0.02]],
      ]),
      versusBaseline: 'The model is better on roc_auc.',
      decision: { threshold: 0.35, posLabel: 1, rule: 'maximises F1 on held-out rows' },
    },
  };
}

describe('modelCard', () => {
  it('is deterministic and in the Hugging Face layout: YAML front matter, then the sections in order', () => {
    const card = modelCard(input());
    expect(modelCard(input())).toBe(card);
    const yaml = parseYamlSubset(frontMatterOf(card)) as unknown as FrontMatter;
    expect(yaml.library_name).toBe('benchtop');
    expect(yaml.tags).toEqual(['benchtop', 'tabular', 'tabular-classification', 'gbdt']);
    expect(yaml.datasets).toEqual(['customers.csv']);
    // One entry per metric name: roc_auc's weighted twin is in the body, not the front matter.
    expect(yaml.metrics).toEqual(['roc_auc', 'log_loss', 'expected_calibration_error(n_bins=10)']);
    const result = yaml['model-index'][0]!.results[0]!;
    expect(yaml['model-index'][0]!.name).toBe('churn <b>model</b> v4');
    expect(result.task.type).toBe('tabular-classification');
    expect(result.dataset.revision).toBe('a'.repeat(64));
    expect(result.metrics[0]).toEqual({ type: 'roc_auc', value: 0.8123, name: 'roc_auc (held-out)', verified: false, args: { ci_level: 0.95, ci_low: 0.79, ci_high: 0.83, rows: 1000 } });
    const headings = card.split('\n').filter((l) => /^#{1,3} /.test(l));
    expect(headings).toEqual([
      '# churn \\<b\\>model\\</b\\> (version 4)',
      '## Model details',
      '### Lineage',
      '## Intended use',
      '## Out-of-scope use',
      '### When not to use this model',
      '## Training data',
      '## Evaluation protocol',
      '## Metrics',
      '## Slices and fairness',
      '## Calibration',
      '## Limitations',
      '## Ethical considerations',
      '## Monitoring plan',
    ]);
  });

  it('takes every number from its input: change one and the card changes with it', () => {
    const a = input();
    const b = input();
    b.evaluation.metrics.metrics[0]!.value = 0.7345;
    b.evaluation.metrics.metrics[0]!.ci = [0.71, 0.75];
    b.training.trainRows = 4321;
    const cardA = modelCard(a);
    const cardB = modelCard(b);
    expect(cardA).toContain('| roc\\_auc | 0.8123 | [0.7900, 0.8300] | 0.5000 | [0.5000, 0.5000] |');
    expect(cardB).toContain('| roc\\_auc | 0.7345 | [0.7100, 0.7500] | 0.5000 | [0.5000, 0.5000] |');
    expect(cardB).not.toContain('0.8123');
    expect((parseYamlSubset(frontMatterOf(cardB)) as unknown as FrontMatter)['model-index'][0]!.results[0]!.metrics[0]!.value).toBe(0.7345);
    expect(cardA).toContain('| Trained on | 4,000 rows |');
    expect(cardB).toContain('| Trained on | 4,321 rows |');
    // Generated text follows the numbers too (the monitoring plan quotes the interval).
    expect(cardB).toMatch(/compare with the held-out value 0\.7345 \(interval \[0\.7100, 0\.7500\]\)/);
    expect(cardA).toContain('Decision rule: predict yes when its probability is at least 0.3500 (maximises F1 on held-out rows).');
  });

  it('editable sections appear verbatim; the others keep their generated defaults', () => {
    const mine = 'Use **only** for the *retention* team.\n\n- reviewed by a person\n- never for pricing';
    const card = modelCard({ ...input(), sections: { intendedUse: mine, monitoring: 'Weekly review.\n\n\n\nThen quarterly.' } });
    expect(card).toContain(`## Intended use\n\n${mine}\n\n## Out-of-scope use`);
    expect(card).toContain('## Monitoring plan\n\nWeekly review.\n\n\n\nThen quarterly.\n');
    const defaults = cardSections(input());
    expect(card).toContain(defaults.limitations);
    expect(card).not.toContain(defaults.intendedUse);
    // An empty section falls back to its default rather than leaving a hole.
    expect(modelCard({ ...input(), sections: { limitations: '  ' } })).toContain(defaults.limitations);
  });

  it('escapes text from the data (column names, labels) so it stays text', () => {
    const card = modelCard(input());
    // The front matter holds the name as a quoted YAML string; the Markdown body never raw.
    const body = card.slice(card.indexOf('\n---\n') + 5);
    expect(body).not.toContain('<b>');
    expect(card).toContain('churn \\<b\\>model\\</b\\>');
    const i = input();
    i.training.contract = {
      format: 'benchtop.contract',
      version: 1,
      createdFrom: { datasetName: 'customers.csv', fingerprint: 'a'.repeat(64) },
      rowCount: { min: 1, max: 10 },
      columns: [
        { name: 'tenure', kind: 'numeric', type: 'integer', required: true, nullable: false, maxMissingShare: 0, range: { min: 0, max: 72 } },
        { name: 'plan|tier', kind: 'categorical', type: 'categorical', required: true, nullable: true, maxMissingShare: 0.05, allowedValues: ['<img src=x>', 'basic'] },
      ],
    };
    const withContract = modelCard(i);
    expect(withContract).toContain('| plan\\|tier | categorical | yes | up to 5.0% | 2 values: \\<img src=x\\>, basic |');
    expect(withContract).toContain('| tenure | numeric (integer) | yes | none | 0.0000 to 72.0000 |');
  });

  it('writes YAML numbers both YAML 1.1 and 1.2 read as numbers', () => {
    expect(yamlNumber(1e-7)).toBe('1.0e-7');
    expect(yamlNumber(2.5e21)).toBe('2.5e+21');
    expect(yamlNumber(0.25)).toBe('0.25');
  });
});

describe('modelCardInputFromRun', () => {
  it('builds the card from a real run and its evaluation: numbers match evaluateRun', async () => {
    const t = await train(await fromText(blobsCsv(160, 3), 'blobs.csv'), 'label', { kind: 'logistic', epochs: 5 });
    t.result.model!.dispose();
    const { ds, spec, result } = t;
    const p = result.predictions;
    const evaluation = await evaluateRun({
      run: { id: asRunId('r1'), spec },
      artifacts: { row: p.row, fold: p.fold, yTrue: p.yTrue, values: p.values, width: p.width, baseline: p.baseline, classes: result.classes!, notes: {} },
      source: ds,
      request: { resamples: 100, sensitive: 'colour' },
    });
    const cardInput = modelCardInputFromRun({
      model: { name: 'blobs', version: 1, createdAt: '2024-01-01T00:00:00Z' },
      run: { spec },
      evaluation,
      sensitiveColumn: 'colour',
      dataset: { name: ds.name, fingerprint: ds.fingerprint, rows: ds.rows, columns: ds.columns.length },
      contract: generateContract(ds.table, ds.columns, { datasetName: ds.name, fingerprint: ds.fingerprint }),
      pipeline: result.pipeline,
      rows: { train: result.trainRows, test: result.testRows },
      lineage: { nodes: [], edges: [] },
      libraries: { benchtop: '0.1.0', tfjs: '4.22.0' },
    });
    const card = modelCard(cardInput);
    const accuracy = evaluation.metrics.metrics.find((m) => m.key === 'accuracy')!;
    expect(card).toContain(`| accuracy | ${accuracy.value!.toFixed(4)} | [${accuracy.ci![0].toFixed(4)}, ${accuracy.ci![1].toFixed(4)}] |`);
    expect(card).toContain(`Computed on the held-out test rows: ${evaluation.count} rows.`);
    expect(card).toContain('Fairness across groups of `colour`');
    expect(card).toMatch(/\| red \| \d+ \| \d+\.\d% \|/);
    expect(card).toContain('Reliability of class true');
    expect(cardInput.evaluation.versusBaseline).toBe(evaluation.versusBaseline.verdict.sentence);
    expect(parseYamlSubset(frontMatterOf(card))).toBeTruthy();
  });
});
