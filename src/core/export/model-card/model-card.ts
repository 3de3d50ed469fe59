/**
 * modelCard: ModelCardInput -> Markdown with YAML front matter, in the Hugging Face model-card
 * layout. Deterministic (no clock, no randomness, stable order), so the same model version
 * always has the same card. Numbers come only from the input; free text from `sections` (shown
 * verbatim) or its generated default.
 */
import type { NormalizedSplit } from '../../spec/types.ts';
import { defaultSections } from './default-sections.ts';
import { calibrationSection, metricsSection, slicesSection } from './evaluation-sections.ts';
import { frontMatter } from './front-matter.ts';
import { count, md, num, pct, table } from './markdown.ts';
import { CARD_SECTION_KEYS, type CardSectionKey, type ModelCardInput } from './types.ts';

const TASK_WORDS = { binary: 'binary classification', multiclass: 'multiclass classification', regression: 'regression' } as const;

/** The sections in force: the given text where there is one, else the generated default. */
export function cardSections(input: ModelCardInput): Record<CardSectionKey, string> {
  const defaults = defaultSections(input);
  const out = { ...defaults };
  for (const key of CARD_SECTION_KEYS) {
    const given = input.sections?.[key];
    if (given !== undefined && given.trim() !== '') out[key] = given.replace(/\s+$/, '');
  }
  return out;
}

function splitWords(split: NormalizedSplit, seed: number): string {
  if (split.kind === 'holdout') {
    const how = split.strategy === 'column' ? `the split column \`${md(split.column ?? '')}\`` : `a ${split.strategy} holdout of ${pct(split.testSize)} of the rows${split.column ? ` by \`${md(split.column)}\`` : ''}`;
    return `Train/test split: ${how}${split.gap ? `, with a gap of ${count(split.gap)} rows` : ''}; seed ${seed}.`;
  }
  const family = { kfold: 'k-fold', stratified: 'stratified k-fold', group: 'group k-fold', 'stratified-group': 'stratified group k-fold', 'time-series': 'time-series' }[split.strategy];
  const parts = [`${count(split.k)}-fold cross-validation (${family}${split.column ? ` by \`${md(split.column)}\`` : ''})`];
  if (split.repeats > 1) parts.push(`repeated ${count(split.repeats)} times`);
  if (split.finalTest > 0) parts.push(`after locking away ${pct(split.finalTest)} of the rows as a final test set, evaluated once`);
  return `${parts.join(', ')}; seed ${seed}.`;
}

function paramsText(params: ModelCardInput['model']['params']): string {
  const entries = Object.keys(params)
    .sort()
    .filter((k) => k !== 'kind')
    .map((k) => `${md(k)}: \`${JSON.stringify(params[k]).replace(/`/g, "'")}\``);
  return entries.length ? entries.join(', ') : 'defaults';
}

function detailsSection(input: ModelCardInput): string {
  const rows: string[][] = [
    ['Name', md(input.name)],
    ['Version', String(input.version)],
    ['Created', md(input.createdAt)],
    ['Model kind', `${md(input.model.kind)}${input.model.format !== undefined ? ` (artifact format ${input.model.format})` : ''}`],
    ['Task', `${TASK_WORDS[input.task]} of \`${md(input.target)}\``],
  ];
  if (input.classes) rows.push(['Classes', input.classes.map((c) => `\`${md(c)}\``).join(', ')]);
  rows.push(
    ['Parameters', paramsText(input.model.params)],
    ['Inputs', `${count(input.features.length)} raw columns -> ${count(input.pipeline.modelInputs)} model inputs`],
    ['Pipeline', input.pipeline.steps.length ? input.pipeline.steps.map((s) => `${md(s.kind)} (${count(s.inputs)} -> ${count(s.outputs)})`).join(', ') : 'none'],
    ['Libraries', `Benchtop ${md(input.libraries.benchtop)}, TensorFlow.js ${md(input.libraries.tfjs)}`],
  );
  const out = ['## Model details', '', table(['', ''], rows)];
  const { nodes, edges } = input.lineage;
  if (nodes.length) {
    const label = new Map(nodes.map((n) => [n.id, `${md(n.label)} (${md(n.kind)})`]));
    out.push('', '### Lineage', '', ...nodes.map((n) => `- ${label.get(n.id)!} \`${md(n.id)}\``));
    if (edges.length) out.push('', ...edges.map((e) => `- ${label.get(e.from) ?? md(e.from)} -> ${md(e.relation)} -> ${label.get(e.to) ?? md(e.to)}`));
  }
  return out.join('\n');
}

function trainingSection(input: ModelCardInput, notes: string): string {
  const t = input.training;
  const rows: string[][] = [['Dataset', md(t.datasetName)]];
  if (t.versionId) rows.push(['Version', `\`${md(t.versionId)}\``]);
  rows.push(['Fingerprint (SHA-256)', `\`${t.fingerprint}\``], ['Rows x columns', `${count(t.rows)} x ${count(t.columns)}`], ['Trained on', `${count(t.trainRows)} rows`], ['Evaluated on', `${count(t.testRows)} rows`]);
  const ds = t.datasheet;
  if (ds) {
    const fields: [keyof typeof ds, string][] = [['description', 'Description'], ['source', 'Source'], ['licence', 'Licence'], ['collection', 'Collection'], ['preprocessing', 'Preprocessing'], ['knownIssues', 'Known issues']];
    for (const [k, title] of fields) if (ds[k]) rows.push([title, md(ds[k]!)]);
  }
  const out = ['## Training data', '', table(['', ''], rows)];
  const contract = t.contract;
  if (contract) {
    const features = new Set(input.features);
    const cols = contract.columns.filter((c) => features.has(c.name));
    out.push(
      '',
      `Input contract (contract.json; generated from ${md(contract.createdFrom.datasetName)}): ${count(cols.length)} input columns, ${count(cols.filter((c) => c.required).length)} required, ${count(cols.filter((c) => !c.nullable).length)} with no missing cells allowed.`,
      '',
      table(
        ['column', 'kind', 'required', 'missing allowed', 'range or values'],
        cols.map((c) => [
          md(c.name),
          md(c.type === c.kind ? c.kind : `${c.kind} (${c.type})`),
          c.required ? 'yes' : 'no',
          c.nullable ? `up to ${pct(c.maxMissingShare)}` : 'none',
          c.range
            ? `${typeof c.range.min === 'number' ? num(c.range.min) : md(c.range.min)} to ${typeof c.range.max === 'number' ? num(c.range.max) : md(c.range.max)}`
            : c.allowedValues
              ? `${count(c.allowedValues.length)} values: ${c.allowedValues.slice(0, 8).map(md).join(', ')}${c.allowedValues.length > 8 ? ', ...' : ''}${c.allowUnseen ? ' (others allowed)' : ''}`
              : '',
        ]),
      ),
    );
  }
  out.push('', notes);
  return out.join('\n');
}

function protocolSection(input: ModelCardInput): string {
  const p = input.protocol;
  const e = input.evaluation;
  const lines = [
    `- ${p.testFile ? `Evaluated on a separate test file, ${md(p.testFile.name)} (${count(p.testFile.rows)} rows, SHA-256 \`${p.testFile.fingerprint}\`); trained on all rows of the training data; seed ${p.seed}.` : splitWords(p.split, p.seed)}`,
    `- Preprocessing was fitted on the training rows only and applied unchanged to the evaluated rows.`,
  ];
  if (p.validationFraction !== undefined && p.validationFraction > 0)
    lines.push(`- ${pct(p.validationFraction)} of the training rows were held back for validation${p.earlyStopping ? ' and early stopping' : ''}.`);
  lines.push(`- Metrics: ${count(e.metrics.rows)} evaluated rows, ${Math.round(e.metrics.level * 100)}% percentile bootstrap intervals from ${count(e.metrics.resamples)} resamples.`);
  if (e.finalTest) lines.push(`- Final test set: ${count(e.finalTest.rows)} rows, locked before any fitting and scored once by the exported model.`);
  if (p.backend) lines.push(`- Backend: ${md(p.backend)}.`);
  return ['## Evaluation protocol', '', ...lines].join('\n');
}

export function modelCard(input: ModelCardInput): string {
  const s = cardSections(input);
  const parts = [
    `# ${md(input.name)} (version ${input.version})`,
    s.summary,
    detailsSection(input),
    `## Intended use\n\n${s.intendedUse}`,
    `## Out-of-scope use\n\n${s.outOfScopeUse}\n\n### When not to use this model\n\n${s.whenNotToUse}`,
    trainingSection(input, s.trainingDataNotes),
    protocolSection(input),
    metricsSection(input),
    slicesSection(input),
    calibrationSection(input),
    `## Limitations\n\n${s.limitations}`,
    `## Ethical considerations\n\n${s.ethicalConsiderations}`,
    `## Monitoring plan\n\n${s.monitoring}`,
  ];
  return `${frontMatter(input)}\n${parts.join('\n\n')}\n`;
}
