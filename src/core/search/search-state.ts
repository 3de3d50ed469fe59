/**
 * Resuming a search: the saved state must describe the same experiment on the same data; its
 * finished trials are then handed to the search loop, which checks each against what it
 * proposes again (search-loop.ts) and runs only what is missing.
 */
import { benchtopError } from '../errors.ts';
import type { ParamValue } from '../spec/search-types.ts';
import type { ExperimentSpec } from '../spec/types.ts';
import { canonicalJson } from './space.ts';
import type { SearchState, TrialRecord } from './types.ts';

export function checkResume(state: SearchState, spec: ExperimentSpec, fingerprint: string): void {
  if (state.version !== 1) throw benchtopError('search_resume_mismatch', { reason: `the saved state has version ${String(state.version)}; this Benchtop reads version 1` });
  if (state.datasetFingerprint !== fingerprint)
    throw benchtopError('search_resume_mismatch', { reason: `it ran on other data (fingerprint ${state.datasetFingerprint.slice(0, 12)}, this data ${fingerprint.slice(0, 12)})` });
  if (canonicalJson(state.spec as unknown as ParamValue) !== canonicalJson(spec as unknown as ParamValue))
    throw benchtopError('search_resume_mismatch', { reason: 'the experiment spec (or its search) has changed' });
}

/** The saved finished trials of the main search (outer undefined) or of one nested outer fold, by index. */
export function resumedTrials(state: SearchState | undefined, outer: number | undefined): Map<number, TrialRecord> {
  const out = new Map<number, TrialRecord>();
  for (const t of state?.trials ?? []) if (t.outer === outer) out.set(t.index, t);
  return out;
}
