/**
 * A run's editable metadata: the experiment it belongs to, tags and notes. Everything else on
 * a run record is what happened and is never edited. Input is checked here, in the core, so
 * the worker, the CLI and the UI accept and refuse the same things; a refusal changes nothing.
 * Tags are trimmed and de-duplicated (first spelling kept); an empty list or blank notes clear
 * them. The experiment cannot be cleared, only renamed: every run belongs to one.
 */
import { benchtopError, isBenchtopError } from '../errors.ts';
import type { RunId } from '../ids.ts';
import type { BenchtopDb } from './db.ts';
import { storageError } from './storage-error.ts';
import type { RunMeta, RunRecord } from './types.ts';

export const MAX_TAGS = 32;
export const MAX_TAG_CHARS = 64;
export const MAX_NOTES_CHARS = 20_000;
export const MAX_EXPERIMENT_CHARS = 128;

const invalid = (field: string, reason: string) => benchtopError('run_meta_invalid', { field, reason });

export function checkExperiment(value: unknown): string {
  if (typeof value !== 'string') throw invalid('experiment', 'it must be text');
  const name = value.trim();
  if (name === '') throw invalid('experiment', 'it is blank; every run belongs to a named experiment');
  if (name.length > MAX_EXPERIMENT_CHARS) throw invalid('experiment', `it has ${name.length} characters; at most ${MAX_EXPERIMENT_CHARS} are allowed`);
  return name;
}

/** Trimmed, without repeats, in the order given. */
export function checkTags(value: unknown): string[] {
  if (!Array.isArray(value)) throw invalid('tags', 'they must be a list of text labels');
  const out: string[] = [];
  value.forEach((raw: unknown, i) => {
    if (typeof raw !== 'string') throw invalid(`tags[${i}]`, 'a tag must be text');
    const tag = raw.trim();
    if (tag === '') throw invalid(`tags[${i}]`, 'a tag cannot be blank');
    if (tag.length > MAX_TAG_CHARS) throw invalid(`tags[${i}]`, `"${tag.slice(0, 20)}…" has ${tag.length} characters; at most ${MAX_TAG_CHARS} are allowed`);
    if (!out.includes(tag)) out.push(tag);
  });
  if (out.length > MAX_TAGS) throw invalid('tags', `${out.length} tags given; at most ${MAX_TAGS} are allowed`);
  return out;
}

export function checkNotes(value: unknown): string {
  if (typeof value !== 'string') throw invalid('notes', 'they must be text');
  if (value.length > MAX_NOTES_CHARS) throw invalid('notes', `they have ${value.length.toLocaleString('en-US')} characters; at most ${MAX_NOTES_CHARS.toLocaleString('en-US')} are allowed`);
  return value;
}

/** Checks and cleans a patch; fields left out of `patch` are left as they are. */
export function checkRunMeta(patch: RunMeta): RunMeta {
  if (!patch || typeof patch !== 'object') throw invalid('metadata', 'expected an object with experiment, tags or notes');
  for (const key of Object.keys(patch))
    if (key !== 'experiment' && key !== 'tags' && key !== 'notes') throw invalid(key, 'only experiment, tags and notes can be changed on a run');
  const out: RunMeta = {};
  if (patch.experiment !== undefined) out.experiment = checkExperiment(patch.experiment);
  if (patch.tags !== undefined) out.tags = checkTags(patch.tags);
  if (patch.notes !== undefined) out.notes = checkNotes(patch.notes);
  return out;
}

/** `run` with a checked patch applied: empty tags and blank notes are removed rather than stored. */
export function withRunMeta(run: RunRecord, meta: RunMeta): RunRecord {
  const next: RunRecord = { ...run };
  if (meta.experiment !== undefined) next.experiment = meta.experiment;
  if (meta.tags !== undefined) {
    if (meta.tags.length > 0) next.tags = meta.tags;
    else delete next.tags;
  }
  if (meta.notes !== undefined) {
    if (meta.notes.trim() !== '') next.notes = meta.notes;
    else delete next.notes;
  }
  return next;
}

/** Changes a run's experiment, tags or notes (run_meta_invalid, run_not_found); returns the updated record. */
export async function updateRunMeta(db: BenchtopDb, runId: RunId, patch: RunMeta): Promise<RunRecord> {
  const meta = checkRunMeta(patch);
  try {
    return await db.transaction('rw', db.runs, async () => {
      const run = await db.runs.get(runId);
      if (!run) throw benchtopError('run_not_found', { id: runId });
      const next = withRunMeta(run, meta);
      await db.runs.put(next);
      return next;
    });
  } catch (e) {
    throw isBenchtopError(e) ? e : storageError(e);
  }
}

export interface ExperimentSummary {
  name: string;
  runs: number;
  /** startedAt of its newest run. */
  lastRunAt: number;
}

/** Every experiment name in use, newest activity first. Runs recorded before v4 count under their dataset's name. */
export async function listExperiments(db: BenchtopDb): Promise<ExperimentSummary[]> {
  const byName = new Map<string, ExperimentSummary>();
  await db.runs.each((r) => {
    const name = r.experiment ?? r.datasetName;
    const s = byName.get(name);
    if (s) {
      s.runs++;
      s.lastRunAt = Math.max(s.lastRunAt, r.startedAt);
    } else byName.set(name, { name, runs: 1, lastRunAt: r.startedAt });
  });
  return [...byName.values()].sort((a, b) => b.lastRunAt - a.lastRunAt || a.name.localeCompare(b.name));
}

const newestFirst = (runs: RunRecord[]) => runs.sort((a, b) => b.startedAt - a.startedAt);

export async function runsInExperiment(db: BenchtopDb, experiment: string): Promise<RunRecord[]> {
  return newestFirst(await db.runs.where('experiment').equals(experiment).toArray());
}

export async function runsWithTag(db: BenchtopDb, tag: string): Promise<RunRecord[]> {
  return newestFirst(await db.runs.where('tags').equals(tag).toArray());
}

/** The trials of a search (runs naming `parentRunId`), oldest first as they ran. */
export async function childRuns(db: BenchtopDb, parentRunId: RunId): Promise<RunRecord[]> {
  return (await db.runs.where('parentRunId').equals(parentRunId).toArray()).sort((a, b) => a.startedAt - b.startedAt);
}
