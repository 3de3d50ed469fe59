import { openAsBlob } from 'node:fs';
import { ingest } from '../../../src/core/data/ingest.ts';
import type { Dataset } from '../../../src/core/data/types.ts';
import { parseSpec } from '../../../src/core/spec/parse.ts';
import { plan } from '../../../src/core/spec/plan.ts';
import type { NormalizedSpec } from '../../../src/core/spec/types.ts';
import { buildShareLink } from '../../../src/core/share/build-share-link.ts';
import type { ShareLink } from '../../../src/core/share/types.ts';

export const PENGUINS = 'static/samples/penguins.json';

let cached: Promise<{ dataset: Dataset; spec: NormalizedSpec; link: ShareLink }> | undefined;

/** The penguins sample, a planned gbdt spec on it and that spec's link (with made-up metrics). */
export function penguinsLink(): Promise<{ dataset: Dataset; spec: NormalizedSpec; link: ShareLink }> {
  cached ??= (async () => {
    const dataset = await ingest(await openAsBlob(PENGUINS), { name: 'penguins.json' });
    const spec = plan(parseSpec({ version: 1, target: 'Species', model: { kind: 'gbdt', rounds: 5 }, seed: 7 }), dataset);
    const link = buildShareLink({
      spec,
      columns: dataset.columns,
      source: { kind: 'sample', id: 'penguins' },
      metrics: { accuracy: 0.9710144927536232, log_loss: 0.1234567890123, roc_auc: Number.NaN },
      backend: 'cpu',
      benchtop: '0.1.0',
    });
    return { dataset, spec, link };
  })();
  return cached;
}
