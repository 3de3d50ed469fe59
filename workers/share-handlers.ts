/**
 * ShareApi in the studio worker (where runs and datasets are stored). A link is decoded here
 * again, whatever the page already showed: the worker never trusts what crosses to it.
 */
import { ingest } from '../src/core/data/ingest.ts';
import { fetchUrl } from '../src/core/data/fetch-url.ts';
import type { Dataset } from '../src/core/data/types.ts';
import { benchtopError } from '../src/core/errors.ts';
import { asRunId } from '../src/core/ids.ts';
import type { CancelSource, Progress } from '../src/core/jobs.ts';
import { buildShareLink } from '../src/core/share/build-share-link.ts';
import { checkSharedData } from '../src/core/share/check-shared-data.ts';
import { readShareLink } from '../src/core/share/decode-share-link.ts';
import { shareLinkOutput } from '../src/core/share/encode-share-link.ts';
import type { ShareLink, ShareSource } from '../src/core/share/types.ts';
import * as datasets from '../src/core/track/datasets.ts';
import type { BenchtopDb } from '../src/core/track/db.ts';
import * as runs from '../src/core/track/runs.ts';
import type { DatasetRecord, DatasetVersionRecord } from '../src/core/track/types.ts';
import { getVersion } from '../src/core/track/versions.ts';
import { BENCHTOP_VERSION } from '../src/core/version.ts';
import type { SampleInfo } from './api.ts';
import type { RunShareLink, ShareApi, SharedData } from './share-api.ts';

export interface ShareDeps {
  db: BenchtopDb;
  guarded<T>(work: () => Promise<T>): Promise<T>;
  withJob<T>(jobId: string, work: (c: CancelSource) => Promise<T>): Promise<T>;
  /** Store a parsed dataset as the worker's imports do (a new or existing version, made current). */
  store(ds: Dataset, source: DatasetRecord['source'], detail?: string): Promise<{ dataset: DatasetRecord; version: DatasetVersionRecord }>;
  listSamples(): Promise<SampleInfo[]>;
  /** Where the bundled samples are served. */
  sampleBase: URL;
}

export function shareHandlers({ db, guarded, withJob, store, listSamples, sampleBase }: ShareDeps): ShareApi {
  async function sampleOf(dataset: DatasetRecord, version: DatasetVersionRecord | undefined): Promise<SampleInfo | undefined> {
    // Only the data as imported is the sample: a retyped or scrubbed version is the user's own.
    if (dataset.source !== 'sample' || (version && version.derivation.kind !== 'import')) return undefined;
    return (await listSamples()).find((s) => s.name === dataset.name || s.file === dataset.name);
  }

  async function fetchSample(id: string, onProgress: (p: Progress) => void, cancel: CancelSource): Promise<{ ds: Dataset; sample: SampleInfo }> {
    const sample = (await listSamples()).find((s) => s.id === id);
    if (!sample) throw benchtopError('file_read_failed', { name: id, reason: 'this Benchtop has no bundled sample with that id' });
    const res = await fetch(new URL(sample.file, sampleBase));
    if (!res.ok) throw benchtopError('file_read_failed', { name: sample.file, reason: `HTTP ${res.status}` });
    return { ds: await ingest(await res.blob(), { name: sample.file, onProgress, cancel }), sample };
  }

  return {
    shareRunLink: (runId, request) =>
      guarded(async (): Promise<RunShareLink> => {
        const run = await runs.getRun(db, asRunId(runId));
        if (run.status !== 'done' || !run.metrics)
          throw benchtopError('link_invalid', { field: 'run', reason: `run ${runId} is ${run.status}; only a finished run's numbers can be shared` });
        const dataset = await datasets.getDataset(db, run.datasetId);
        const version = run.datasetVersionId ? await getVersion(db, run.datasetVersionId) : undefined;
        const sample = request.dataUrl ? undefined : await sampleOf(dataset, version);
        const source: ShareSource = request.dataUrl ? { kind: 'url', url: request.dataUrl.trim() } : sample ? { kind: 'sample', id: sample.id } : { kind: 'file' };
        const link = buildShareLink({
          spec: run.spec,
          columns: version?.columns ?? dataset.columns,
          source,
          metrics: run.metrics,
          backend: run.env.backend,
          adapter: run.env.adapter,
          runtime: 'browser',
          benchtop: BENCHTOP_VERSION,
        });
        return { ...shareLinkOutput(link), source, dataName: run.spec.data.name ?? dataset.name };
      }),

    importSharedData: (text, file, jobId, onProgress) =>
      guarded(() =>
        withJob(jobId, async (cancel): Promise<SharedData> => {
          const link: ShareLink = readShareLink(text);
          let ds: Dataset;
          let source: DatasetRecord['source'] = 'file';
          let name: string | undefined;
          if (file) {
            ds = await ingest(file, { name: file.name, onProgress, cancel });
          } else if (link.source.kind === 'sample') {
            const got = await fetchSample(link.source.id, onProgress, cancel);
            ds = got.ds;
            source = 'sample';
            name = got.sample.name;
          } else if (link.source.kind === 'url') {
            const fetched = await fetchUrl(link.source.url, { cancel, onProgress: (p) => onProgress({ ...p, phase: 'download' }) });
            ds = await ingest(fetched.bytes, { name: fetched.name, onProgress, cancel });
          } else {
            throw benchtopError('link_invalid', { field: 'source', reason: 'this link\'s data is a local file: choose the file first' });
          }
          // Refused before anything is stored.
          checkSharedData(link, ds);
          const detail = `Imported ${ds.name} to replay a shared experiment`;
          const saved = await store(name ? { ...ds, name } : ds, source, detail);
          return { datasetId: saved.dataset.id, versionId: saved.version.id, name: saved.dataset.name, rows: saved.version.rows };
        }),
      ),
  };
}
