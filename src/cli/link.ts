/**
 * `benchtop link SPEC.json [--data FILE] [--sample ID | --data-url URL] [--base URL]`: print a
 * shareable link. SPEC.json is what `benchtop train --json` printed (spec, metrics, backend: the
 * link then carries the metrics to reproduce) or a bare ExperimentSpec (it needs the data, by
 * --data, --sample or its data.fingerprint). Too long for a link: the payload JSON is printed instead.
 */
import { readFile } from 'node:fs/promises';
import type { Dataset } from '../core/data/types.ts';
import { benchtopError } from '../core/errors.ts';
import { buildShareLink } from '../core/share/build-share-link.ts';
import { checkSharedData } from '../core/share/check-shared-data.ts';
import { shareLinkOutput, shareUrl } from '../core/share/encode-share-link.ts';
import type { ShareSource } from '../core/share/types.ts';
import { checkUrl } from '../core/data/fetch-url.ts';
import { parseSpec } from '../core/spec/parse.ts';
import { plan } from '../core/spec/plan.ts';
import type { ExperimentSpec } from '../core/spec/types.ts';
import { BENCHTOP_VERSION } from '../core/version.ts';
import { loadSample, type LoadFile } from './run-link.ts';

export interface LinkArgs {
  spec: string;
  data?: string;
  dataUrl?: string;
  sample?: string;
  /** The studio's address the link opens (default http://localhost:5173/, `npm start`). */
  base: string;
}

export const DEFAULT_BASE = 'http://localhost:5173/';
const usage = (reason: string) => benchtopError('cli_usage', { reason });
const LINK_FLAGS = ['data', 'data-url', 'sample', 'base', 'json', 'help', 'sanity', 'learning-curve'];

export function linkArgs(v: Record<string, unknown>, positionals: string[]): LinkArgs {
  const stray = Object.keys(v).find((k) => !LINK_FLAGS.includes(k) && v[k] !== undefined && v[k] !== false);
  if (stray) throw usage(`--${stray} is not a link option; link takes SPEC.json, --data FILE, --sample ID or --data-url URL, and --base URL`);
  if (positionals.length !== 2) throw usage('link takes one SPEC.json (a spec, or what benchtop train --json printed)');
  if (v.sample !== undefined && v['data-url'] !== undefined) throw usage('use --sample ID or --data-url URL, not both');
  const args: LinkArgs = { spec: positionals[1]!, base: typeof v.base === 'string' ? v.base : DEFAULT_BASE };
  if (typeof v.data === 'string') args.data = v.data;
  if (typeof v['data-url'] === 'string') {
    checkUrl(v['data-url']);
    args.dataUrl = v['data-url'];
  }
  if (typeof v.sample === 'string') args.sample = v.sample;
  try {
    new URL(args.base);
  } catch {
    throw usage(`--base must be a complete address such as https://example.org/benchtop/, got "${args.base}"`);
  }
  return args;
}

interface RunDoc {
  spec: ExperimentSpec;
  metrics?: Record<string, number>;
  backend?: string;
  adapter?: string;
}

/** A `benchtop train --json` document carries spec, metrics and backend; anything else is read as a spec. */
function readDoc(value: unknown): RunDoc {
  const o = value as Record<string, unknown> | null;
  if (o && typeof o === 'object' && o.spec && typeof o.spec === 'object' && o.metrics && typeof o.metrics === 'object') {
    return {
      spec: parseSpec(o.spec),
      metrics: o.metrics as Record<string, number>,
      ...(typeof o.backend === 'string' ? { backend: o.backend } : {}),
      ...(typeof o.adapter === 'string' ? { adapter: o.adapter } : {}),
    };
  }
  return { spec: parseSpec(value) };
}

export async function linkCommand(args: LinkArgs, loadFile: LoadFile): Promise<{ output: string; note?: string }> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(args.spec, 'utf8'));
  } catch (e) {
    throw benchtopError('spec_invalid', { field: args.spec, reason: e instanceof Error ? e.message : String(e) });
  }
  const doc = readDoc(raw);
  const source: ShareSource = args.sample ? { kind: 'sample', id: args.sample } : args.dataUrl ? { kind: 'url', url: args.dataUrl } : { kind: 'file' };
  const dataset: Dataset | undefined = args.data !== undefined ? await loadFile(args.data) : args.sample ? await loadSample(args.sample, loadFile) : undefined;
  let spec = doc.spec;
  if (dataset) {
    // The data given must be the data the spec (or run) names.
    if (spec.data?.fingerprint) checkSharedData({ format: 1, spec: { ...spec, data: { fingerprint: spec.data.fingerprint } }, source, contract: [] }, dataset);
    spec = plan(spec, dataset);
  } else if (!spec.data?.fingerprint) {
    throw usage('the spec names no data fingerprint: pass the data with --data FILE or --sample ID');
  }
  const link = buildShareLink({
    spec,
    columns: dataset?.columns ?? [],
    source,
    // train --json ran in Node: the runtime is part of where the numbers came from.
    ...(doc.metrics && doc.backend ? { metrics: doc.metrics, backend: doc.backend, adapter: doc.adapter, runtime: 'node' as const } : {}),
    benchtop: BENCHTOP_VERSION,
  });
  const out = shareLinkOutput(link);
  if (out.tooLong || !out.fragment)
    return { output: out.json, note: `the link would be ${out.length} characters, over the budget; printed the payload as JSON instead (share it as a file)` };
  return { output: shareUrl(args.base, out.fragment) + '\n' };
}
