import { describe, expect, it } from 'vitest';
import { defaultDriftThresholds } from '../../../src/core/monitor/thresholds.ts';
import { draftOf, formatP, parseDraft, tickLabels } from '../../../src/ui/components/monitor/monitor-format.ts';
import { hrefs, parseHash } from '../../../src/ui/state/Router.svelte.ts';

describe('monitoring thresholds form', () => {
  it('round-trips the defaults', () => {
    const t = defaultDriftThresholds();
    const parsed = parseDraft(draftOf(t));
    expect(parsed.problems).toEqual({});
    expect(parsed.thresholds).toEqual(t);
  });

  it('names each wrong field and applies nothing', () => {
    const draft = { ...draftOf(defaultDriftThresholds()), psiDrift: '0.05', alpha: '1', ksWarn: 'abc', missingDrift: '2', minSamples: '2.5' };
    const parsed = parseDraft(draft);
    expect(parsed.thresholds).toBeNull();
    expect(parsed.problems).toEqual({
      psiDrift: 'At least the warning line (0.1).',
      alpha: 'A number between 0 and 1 (not 0 or 1).',
      ksWarn: 'Enter a number.',
      missingDrift: 'From 0 to 1.',
      minSamples: 'A whole number of at least 1.',
    });
  });

  it('accepts edited lines', () => {
    const parsed = parseDraft({ ...draftOf(defaultDriftThresholds()), psiWarn: ' 0.2 ', psiDrift: '0.4', alpha: '0.05' });
    expect(parsed.thresholds?.psi).toEqual({ warn: 0.2, drift: 0.4 });
    expect(parsed.thresholds?.alpha).toBe(0.05);
  });
});

describe('monitoring helpers', () => {
  it('labels numeric bins by their edges, with digits enough to tell them apart, and keeps category labels', () => {
    const bin = (upper: number | undefined) => ({ label: 'x', ...(upper === undefined ? {} : { upper }), reference: 0.5, current: 0.5 });
    expect(tickLabels([bin(3.20001), bin(undefined)])).toEqual(['≤ 3.2', '> 3.2']);
    expect(tickLabels([bin(0.5), bin(0.9995), bin(0.99999), bin(undefined)])).toEqual(['≤ 0.5', '≤ 0.9995', '≤ 0.99999', '> 0.99999']);
    expect(tickLabels([{ label: 'Biscoe', reference: 0.5, current: 0.9 }])).toEqual(['Biscoe']);
  });

  it('writes p-values as people read them', () => {
    expect(formatP(0.00001)).toBe('< 0.0001');
    expect(formatP(0.0042)).toBe('0.0042');
    expect(formatP(0.41)).toBe('0.410');
    expect(formatP(Number.NaN)).toBe('—');
  });

  it('routes a version’s monitoring page', () => {
    expect(parseHash(hrefs.monitor('my model', 3))).toEqual({ name: 'monitor', model: 'my model', version: 3 });
    expect(parseHash('#/models/churn/v2')).toEqual({ name: 'model', model: 'churn', version: 2 });
    expect(parseHash('#/models/churn/monitor').name).toBe('not-found');
    expect(parseHash('#/models/churn/v0/monitor').name).toBe('not-found');
  });
});
