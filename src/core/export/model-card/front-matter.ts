/**
 * The card's YAML front matter in the Hugging Face model-card layout: library_name, tags,
 * datasets, metrics and a model-index with the held-out (and final-test) results.
 */
import type { HeldOutReport } from '../../evaluate/held-out-report.ts';
import type { ModelCardInput } from './types.ts';
import { toYaml, type YamlValue } from './yaml.ts';

const TASK_TYPE = { binary: 'tabular-classification', multiclass: 'tabular-classification', regression: 'tabular-regression' } as const;

/** One entry per metric name: the first variant the report lists (roc_auc(average=macro) before its weighted twin). */
function defined(r: HeldOutReport) {
  const seen = new Set<string>();
  return r.metrics.filter((m) => {
    const base = m.key.replace(/\(.*$/, '');
    if (m.value === null || seen.has(base)) return false;
    seen.add(base);
    return true;
  });
}

function results(input: ModelCardInput, report: HeldOutReport, split: string, label: string): YamlValue {
  return {
    task: { type: TASK_TYPE[input.task], name: `${input.task === 'regression' ? 'Regression' : 'Classification'} of ${input.target}` },
    dataset: { name: input.training.datasetName, type: input.training.datasetName, split, revision: input.training.fingerprint },
    metrics: defined(report).map((m) => {
      const entry: { [key: string]: YamlValue } = { type: m.key, value: m.value, name: `${m.key} (${label})`, verified: false };
      if (m.ci) entry.args = { ci_level: report.level, ci_low: m.ci[0], ci_high: m.ci[1], rows: report.rows };
      return entry;
    }),
  };
}

export function frontMatter(input: ModelCardInput): string {
  const { evaluation: e } = input;
  const heldOutLabel = e.source === 'out-of-fold' ? 'out-of-fold, pooled' : e.source === 'test-file' ? 'test file' : 'held-out';
  const modelResults: YamlValue[] = [results(input, e.metrics, e.source === 'test-file' ? 'test' : 'validation', heldOutLabel)];
  if (e.finalTest) modelResults.push(results(input, e.finalTest, 'test', 'locked final test set'));
  const doc: { [key: string]: YamlValue } = {
    library_name: 'benchtop',
    pipeline_tag: TASK_TYPE[input.task],
    tags: ['benchtop', 'tabular', TASK_TYPE[input.task], input.model.kind],
    datasets: [input.training.datasetName],
    metrics: defined(e.metrics).map((m) => m.key),
    'model-index': [{ name: `${input.name} v${input.version}`, results: modelResults }],
  };
  return `---\n${toYaml(doc)}---\n`;
}
