/**
 * The worker contract for shareable experiment links: make a run's link from what is stored,
 * and fetch, check and store the data a link names before its spec is trained. Kept apart from
 * api.ts like the registry's and the workspace's contracts.
 */
import type { Progress } from '../src/core/jobs.ts';
import type { ShareLinkOutput, ShareSource } from '../src/core/share/types.ts';

export type { ShareLinkOutput, ShareSource };

export interface ShareRequest {
  /** Share the data as this https address (the opener's browser downloads it) instead of the default source. */
  dataUrl?: string;
}

/** A run's link: the encoded fragment (or tooLong with the JSON to offer as a file) and the data source it names. */
export interface RunShareLink extends ShareLinkOutput {
  source: ShareSource;
  /** The data's name, for the page to say what the opener will be asked for. */
  dataName: string;
}

/** The stored data a link's spec trains on: its fingerprint matched the link's. */
export interface SharedData {
  datasetId: string;
  versionId: string;
  name: string;
  rows: number;
}

export interface ShareApi {
  /**
   * The link of a finished run: its normalized spec, the contract of the columns it read, its
   * metrics and backend, and the data source (its bundled sample when it is one, else a local
   * file by fingerprint, or `request.dataUrl`). run_not_found when it is gone.
   */
  shareRunLink(runId: string, request: ShareRequest): Promise<RunShareLink>;
  /**
   * Decode the link, or the text of a shared spec file (link_* errors), get its data (`file` when given, else its sample or its
   * URL; a file link needs `file`), refuse data whose fingerprint differs (link_data_mismatch,
   * nothing stored), store it and make that version current. Cancellable job.
   */
  importSharedData(link: string, file: File | null, jobId: string, onProgress: (p: Progress) => void): Promise<SharedData>;
}
