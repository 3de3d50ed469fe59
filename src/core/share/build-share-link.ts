import { benchtopError } from '../errors.ts';
import type { ExperimentSpec } from '../spec/types.ts';
import type { ContractColumn, ShareLink, ShareSource } from './types.ts';
import { validateShareLink } from './validate-share-link.ts';

export interface ShareLinkInput {
  /** The run's spec (normalized: a run records the explicit pipeline, features and task). */
  spec: ExperimentSpec;
  /** Columns of the data the run saw (name and kind). */
  columns: readonly { name: string; kind: ContractColumn['kind'] }[];
  source: ShareSource;
  /** The run's held-out metrics; non-finite values (no JSON form) are left out. */
  metrics?: Record<string, number>;
  /** The backend the metrics came from. */
  backend?: string;
  adapter?: string | undefined;
  runtime?: 'browser' | 'node';
  benchtop?: string;
}

/**
 * The payload of a run's link. It is checked exactly as an opener's studio will check it, so a
 * link that is made always opens.
 */
export function buildShareLink(input: ShareLinkInput): ShareLink {
  const fingerprint = input.spec.data?.fingerprint;
  if (!fingerprint)
    throw benchtopError('link_invalid', { field: 'spec.data.fingerprint', reason: 'the spec names no data fingerprint; train it on the data first (or give the data file)' });
  // A search is many runs: the link carries the run itself.
  const spec: Record<string, unknown> = { ...input.spec, data: { fingerprint, ...(input.spec.data?.name ? { name: input.spec.data.name } : {}) } };
  delete spec.search;
  const used = new Set<string>([input.spec.target, ...(input.spec.features ?? input.columns.map((c) => c.name))]);
  if (input.spec.split?.column) used.add(input.spec.split.column);
  const contract = input.columns.filter((c) => used.has(c.name)).map((c) => ({ name: c.name, kind: c.kind }));
  const payload: Record<string, unknown> = { format: 1, spec, source: input.source, contract };
  if (input.metrics && input.backend) {
    const metrics = Object.fromEntries(Object.entries(input.metrics).filter(([, v]) => typeof v === 'number' && Number.isFinite(v)));
    payload.expected = { metrics, backend: input.backend, ...(input.adapter ? { adapter: input.adapter } : {}), ...(input.runtime ? { runtime: input.runtime } : {}) };
  }
  if (input.benchtop) payload.benchtop = input.benchtop;
  return validateShareLink(JSON.parse(JSON.stringify(payload)));
}
