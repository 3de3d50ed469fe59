/**
 * The worker contract for hyperparameter search in the studio. Kept apart from api.ts (like the
 * registry and workspace contracts). A search is recorded as a parent run whose record carries
 * the search's resumable state (`search`); every trial it runs is a child run (parentRunId).
 */
import type { SearchEvent, SearchResult, SearchState } from '../src/core/search/types.ts';
import type { ExperimentSpec } from '../src/core/spec/types.ts';
import type { RunRecord } from '../src/core/track/types.ts';

export type { SearchEvent, SearchResult, SearchState };

/** A search's parent run as stored: a RunRecord with the state it can be continued from. */
export interface SearchRunRecord extends RunRecord {
  /** Saved after every finished trial and at the end; absent on runs that are not searches. */
  search?: SearchState;
}

export interface SearchOutcome {
  /** The parent run (status done, cancelled or failed). */
  run: SearchRunRecord;
  result: SearchResult;
}

export interface SearchApi {
  /**
   * Run `spec.search` on the dataset's current version (cancellable with cancel(jobId)); trials
   * run in a worker pool when the device has more than one core. spec_invalid names the field.
   */
  search(datasetId: string, spec: ExperimentSpec, jobId: string, onEvent: (e: SearchEvent) => void): Promise<SearchOutcome>;
  /** Continue a stopped search (cancelled, interrupted by a reload) from its saved state, on the same parent run. */
  resumeSearch(parentRunId: string, jobId: string, onEvent: (e: SearchEvent) => void): Promise<SearchOutcome>;
}
