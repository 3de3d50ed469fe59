/**
 * `benchtop run --link URL [--data FILE]`: replay a shared experiment in Node. The data comes
 * from --data, the bundled sample the link names, or the link's https address; its fingerprint
 * must be the link's. Then the spec is trained exactly as `benchtop train` trains, and the
 * metrics are compared with the link's: exit 1 when they differ on the same backend.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ingest } from '../core/data/ingest.ts';
import { fetchUrl } from '../core/data/fetch-url.ts';
import type { Dataset } from '../core/data/types.ts';
import { benchtopError } from '../core/errors.ts';
import { selectBackend } from '../core/gpu/backend.ts';
import { neverCancelled } from '../core/jobs.ts';
import { checkSharedData } from '../core/share/check-shared-data.ts';
import { compareMetrics, describeMeasured, sameBackend, type MeasuredOn, type MetricComparison } from '../core/share/compare-metrics.ts';
import { decodeShareLink, parseShareFile } from '../core/share/decode-share-link.ts';
import type { ShareLink } from '../core/share/types.ts';
import { parseSpec } from '../core/spec/parse.ts';
import { plan } from '../core/spec/plan.ts';
import type { BackendName } from '../core/spec/types.ts';
import { runExperiment } from '../core/train/run-experiment.ts';
import { registerNodeBackend } from './node-backends.ts';
import { treeHistograms } from './tree-histograms.ts';

export interface RunLinkArgs {
  link: string;
  data?: string;
  backend: 'cpu' | 'wasm' | 'webgpu';
  json: boolean;
}

export type LoadFile = (path: string) => Promise<Dataset>;

const usage = (reason: string) => benchtopError('cli_usage', { reason });
const RUN_FLAGS = ['link', 'data', 'backend', 'json', 'help', 'sanity', 'learning-curve'];

export function runLinkArgs(v: Record<string, unknown>): RunLinkArgs {
  const stray = Object.keys(v).find((k) => !RUN_FLAGS.includes(k) && v[k] !== undefined && v[k] !== false);
  if (stray) throw usage(`--${stray} is not a run option; run takes --link URL, --data FILE, --backend and --json`);
  if (typeof v.link !== 'string' || v.link.trim() === '') throw usage('run needs --link URL (a link copied from the studio or printed by benchtop link)');
  const backend = (v.backend as string | undefined) ?? 'cpu';
  if (backend !== 'cpu' && backend !== 'wasm' && backend !== 'webgpu') throw usage(`--backend must be cpu, wasm or webgpu, got "${backend}"`);
  const args: RunLinkArgs = { link: v.link, backend, json: (v.json as boolean | undefined) ?? false };
  if (typeof v.data === 'string') args.data = v.data;
  return args;
}

const SAMPLES = fileURLToPath(new URL('../../static/samples/', import.meta.url));

/** A bundled sample, read from static/samples as the studio reads it. */
export async function loadSample(id: string, loadFile: LoadFile): Promise<Dataset> {
  const index = JSON.parse(await readFile(SAMPLES + 'index.json', 'utf8')) as { id: string; file: string }[];
  const sample = index.find((s) => s.id === id);
  if (!sample) throw benchtopError('file_read_failed', { name: id, reason: `no bundled sample has this id (there are ${index.map((s) => s.id).join(', ')})` });
  return loadFile(SAMPLES + sample.file);
}

/** The link's data: --data FILE when given, else its sample or URL; a file link needs --data. */
export async function sharedData(link: ShareLink, data: string | undefined, loadFile: LoadFile): Promise<Dataset> {
  if (data !== undefined) return loadFile(data);
  if (link.source.kind === 'sample') return loadSample(link.source.id, loadFile);
  if (link.source.kind === 'url') {
    const fetched = await fetchUrl(link.source.url);
    return ingest(fetched.bytes, { name: fetched.name });
  }
  const name = link.spec.data.name ? ` (${link.spec.data.name})` : '';
  throw usage(`this link's data is a local file${name} known by its fingerprint ${link.spec.data.fingerprint.slice(0, 12)}; pass it with --data FILE`);
}

export interface Replay {
  link: ShareLink;
  dataset: Dataset;
  /** Where this replay measured its metrics. */
  measured: MeasuredOn;
  metrics: Record<string, number>;
  comparison: MetricComparison | null;
}

/** A link, or the path of the JSON file offered when the link would have been too long. */
export async function readLink(text: string): Promise<ShareLink> {
  if (!/\.json$/i.test(text.trim()) || text.includes('#')) return decodeShareLink(text);
  let content: string;
  try {
    content = await readFile(text.trim(), 'utf8');
  } catch (e) {
    throw benchtopError('file_read_failed', { name: text, reason: e instanceof Error ? e.message : String(e) });
  }
  return parseShareFile(content);
}

/** Decode, fetch and check the data, train as `benchtop train` does, compare. */
export async function replayLink(args: RunLinkArgs, loadFile: LoadFile): Promise<Replay> {
  const link = await readLink(args.link);
  const dataset = await sharedData(link, args.data, loadFile);
  checkSharedData(link, dataset);
  const normalized = plan(parseSpec({ ...link.spec, backend: args.backend }), dataset);
  await registerNodeBackend(normalized.backend);
  const tf = await import('@tensorflow/tfjs');
  const active = await selectBackend(tf, normalized.backend as BackendName);
  const result = await runExperiment(dataset, normalized, { tf, cancel: neverCancelled, histograms: treeHistograms() });
  result.model?.dispose();
  const measured: MeasuredOn = { backend: active.backend, ...(active.adapter ? { adapter: active.adapter } : {}), runtime: 'node' };
  const comparison = link.expected ? compareMetrics(link.expected.metrics, result.metrics, sameBackend(link.expected, measured)) : null;
  return { link, dataset, measured, metrics: result.metrics, comparison };
}

const num = (v: number | null): string => (v === null ? 'n/a' : Number.isInteger(v) ? String(v) : v.toPrecision(10));

/** The report, and exit code 1 when the metrics were not reproduced on the same backend. */
export function formatReplay(r: Replay, json: boolean): { output: string; code: number } {
  const code = r.comparison?.verdict === 'not-reproduced' ? 1 : 0;
  if (json) {
    const doc = {
      verdict: r.comparison?.verdict ?? 'no-expected-metrics',
      backend: r.measured,
      expectedBackend: r.link.expected ? { backend: r.link.expected.backend, adapter: r.link.expected.adapter, runtime: r.link.expected.runtime } : null,
      dataset: { name: r.dataset.name, fingerprint: r.dataset.fingerprint, rows: r.dataset.rows },
      metrics: r.metrics,
      ...(r.comparison ? { comparison: r.comparison.rows } : {}),
    };
    return { output: JSON.stringify(doc) + '\n', code };
  }
  const spec = r.link.spec;
  const lines = [
    `shared experiment: ${spec.model?.kind ?? 'mlp'} predicting "${spec.target}"${spec.task ? ` (${spec.task})` : ''} · seed ${spec.seed ?? 42}`,
    `data: ${r.dataset.name}, ${r.dataset.rows} rows, sha256 ${r.dataset.fingerprint.slice(0, 12)} (matches the link)`,
    `backend: ${describeMeasured(r.measured)}${r.link.expected ? ` (the link's metrics came from ${describeMeasured(r.link.expected)})` : ''}`,
    '',
  ];
  if (!r.comparison) {
    lines.push('the link carries no expected metrics; this run measured:');
    for (const [k, v] of Object.entries(r.metrics)) lines.push(`  ${k.padEnd(20)}${num(v).padStart(16)}`);
  } else {
    lines.push(`${'metric'.padEnd(20)}${'expected'.padStart(16)}${'actual'.padStart(16)}${'difference'.padStart(16)}`);
    for (const row of r.comparison.rows)
      lines.push(`${row.metric.padEnd(20)}${num(row.expected).padStart(16)}${num(row.actual).padStart(16)}${(row.identical ? '=' : row.difference === null ? 'missing' : row.difference.toExponential(2)).padStart(16)}`);
    lines.push('');
    const list = `${r.comparison.differing.join(', ')} ${r.comparison.differing.length === 1 ? 'differs' : 'differ'}`;
    if (r.comparison.verdict === 'identical') lines.push(`reproduced: every metric is identical${r.comparison.sameBackend ? ' (same backend)' : ', even on another backend'}`);
    else if (r.comparison.verdict === 'not-reproduced')
      lines.push(`NOT reproduced: ${list} on the same backend (${describeMeasured(r.measured)}); the same spec, data and backend should give identical numbers`);
    else
      lines.push(
        `different backend (${describeMeasured(r.measured)}; the link's ran on ${describeMeasured(r.link.expected!)}): ${list}, as floating-point operations run differently there${r.link.expected!.backend !== r.measured.backend ? `; rerun with --backend ${r.link.expected!.backend} to compare on the same backend` : ''}`,
      );
  }
  return { output: lines.join('\n') + '\n', code };
}

export async function runLinkCommand(args: RunLinkArgs, loadFile: LoadFile): Promise<{ output: string; code: number }> {
  return formatReplay(await replayLink(args, loadFile), args.json);
}
