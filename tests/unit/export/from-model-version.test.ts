import { describe, expect, it } from 'vitest';
import { examplesCsv } from '../../../src/core/export/bundle/export-bundle.ts';
import { bundleLineage, cardKeyOf, cardSectionsOf, derivedRows, reportOfSummary, sectionKeyOf, versionDecision } from '../../../src/core/export/from-model-version.ts';
import { CARD_SECTION_KEYS } from '../../../src/core/export/model-card/types.ts';
import { importedLineage, parseExamplesCsv } from '../../../src/core/track/import-version.ts';
import type { ModelVersionRecord } from '../../../src/core/track/registry-types.ts';

describe('card section keys', () => {
  it('maps every card section to a registry key and back', () => {
    const keys = CARD_SECTION_KEYS.map(sectionKeyOf);
    expect(keys).toContain('intended-use');
    expect(keys).toContain('ethical-considerations');
    for (const k of keys) expect(k).toMatch(/^[a-z][a-z0-9-]{0,47}$/);
    expect(keys.map(cardKeyOf)).toEqual([...CARD_SECTION_KEYS]);
    expect(cardKeyOf('metrics')).toBeUndefined();
    expect(cardSectionsOf({ 'out-of-scope-use': 'x', unknown: 'y' })).toEqual({ outOfScopeUse: 'x' });
  });
});

describe('parseExamplesCsv', () => {
  it('reads back what examplesCsv wrote, quotes, commas, line breaks and missing cells included', () => {
    const rows = { columns: ['a', 'b,c', 'd'], rows: [['1', 'x "y", z', null], ['line\nbreak', '=SUM(A1)', '-3']] };
    const parsed = parseExamplesCsv(examplesCsv(rows));
    expect(parsed.columns).toEqual(rows.columns);
    // A formula-looking cell keeps the apostrophe examplesCsv added; writing it again adds nothing more.
    expect(parsed.rows).toEqual([['1', 'x "y", z', null], ['line\nbreak', "'=SUM(A1)", '-3']]);
    expect(examplesCsv(parsed)).toBe(examplesCsv(rows));
  });

  it('drops rows whose width does not match the header', () => {
    expect(parseExamplesCsv('a,b\n1,2\n3\n').rows).toEqual([['1', '2']]);
  });
});

describe('lineage for bundles', () => {
  it('names each edge by the kind it leads to', () => {
    const l = bundleLineage({
      nodes: [
        { id: 'd', kind: 'dataset-version', label: 'd v1', detail: '' },
        { id: 'c', kind: 'contract', label: 'c', detail: '' },
        { id: 'm', kind: 'model-version', label: 'x'.repeat(600), detail: 'dropped' },
      ],
      edges: [
        { from: 'd', to: 'c' },
        { from: 'c', to: 'm' },
      ],
    });
    expect(l.edges.map((e) => e.relation)).toEqual(['described-by', 'registered-as']);
    expect(l.nodes[2]!.label).toHaveLength(500);
    expect(Object.keys(l.nodes[0]!)).toEqual(['id', 'kind', 'label']);
  });

  it('adds the imported version after the model the bundle ends at, with an id that cannot collide', () => {
    const lineage = {
      nodes: [
        { id: 'run:r1', kind: 'run', label: 'run' },
        { id: 'model-version:m@1', kind: 'model-version', label: 'm@1' },
        { id: 'import:m@1', kind: 'model-version', label: 'm@1 (imported)' },
      ],
      edges: [
        { from: 'run:r1', to: 'model-version:m@1', relation: 'registered-as' },
        { from: 'model-version:m@1', to: 'import:m@1', relation: 'imported-as' },
      ],
    };
    const mv = { id: 'm@1', imported: { lineage } } as unknown as ModelVersionRecord;
    const out = importedLineage(mv);
    expect(out.nodes.at(-1)).toEqual({ id: 'import:m@1+2', kind: 'model-version', label: 'm@1 (imported)' });
    expect(out.edges.at(-1)).toEqual({ from: 'import:m@1', to: 'import:m@1+2', relation: 'imported-as' });
  });
});

describe('numbers rebuilt from the record', () => {
  it('turns the held-out summary into a report with the bootstrap the run used', () => {
    const r = reportOfSummary({ rows: 40, level: 0.95, metrics: [{ key: 'accuracy', value: 0.9, ci: [0.8, 0.97] }] }, 7);
    expect(r).toEqual({ rows: 40, level: 0.95, resamples: 1000, seed: 7, metrics: [{ key: 'accuracy', value: 0.9, ci: [0.8, 0.97] }] });
  });

  it('derives training rows from the data snapshot when the data is gone', () => {
    const base = {
      heldOut: { rows: 30, level: 0.95, metrics: [] },
      dataset: { rows: 160, columns: [{ name: 'y', kind: 'numeric', missing: 10, distinct: 5 }] },
    };
    const holdout = { ...base, spec: { target: 'y', split: { kind: 'holdout', testSize: 0.2, strategy: 'random', gap: 2 } } } as unknown as ModelVersionRecord;
    expect(derivedRows(holdout)).toEqual({ train: 118, test: 30 });
    const kfold = { ...base, spec: { target: 'y', split: { kind: 'kfold', k: 5, finalTest: 0, gap: 0 } } } as unknown as ModelVersionRecord;
    expect(derivedRows(kfold)).toEqual({ train: 120, test: 30 });
  });
});

describe('the decision a bundle carries', () => {
  const version = (decision: ModelVersionRecord['decision']) => ({ spec: { task: 'binary' }, decision }) as unknown as ModelVersionRecord;

  it('carries a threshold chosen on the model’s own probabilities', () => {
    expect(versionDecision(version({ threshold: 0.3, rule: 'max F1' }))).toEqual({ threshold: 0.3, posLabel: 1, rule: 'max F1' });
  });

  it('drops a threshold chosen on post-hoc calibrated probabilities: the calibrator is not in the bundle', () => {
    expect(versionDecision(version({ threshold: 0.3, calibration: 'isotonic' }))).toBeUndefined();
    expect(versionDecision(version({ threshold: 0.3, calibration: 'sigmoid' }))).toBeUndefined();
  });
});
