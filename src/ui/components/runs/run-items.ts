/**
 * What the runs table lists, from the filtered and sorted runs: a search's trials (runs with a
 * parentRunId whose parent is on record) nest under their parent, shown only while it is open,
 * and with grouping on, runs sit under experiment headings. Pure, so it is tested without the
 * reactive state around it (state/RunsTable.svelte.ts).
 */
import type { FlatRun } from './run-fields.ts';
import { sortRuns, type SortState } from './run-sort.ts';

/** The experiment heading for runs that belong to none. */
export const NO_EXPERIMENT = '\u0000none';

/** A table row; `trials`: how many of a search run's trials match the filter (absent on runs with none). */
export type RunsItem =
  | { kind: 'group'; name: string; label: string; count: number }
  | { kind: 'run'; row: FlatRun; depth: 0 | 1; trials?: number; open?: boolean };

export interface TrialNesting {
  /** Top-level rows in order: matching runs that are not nested trials, and the parents of matching trials. */
  top: FlatRun[];
  /** Matching trials by parent id, in the table's order. */
  trials: Map<string, FlatRun[]>;
  /** Parents shown only because some of their trials match: they start open, so the matches are in view. */
  openByFilter: Set<string>;
}

/** `rows`: the runs that pass the filter, sorted; `all`: every run; `keep`: the filters a parent shown for its trials must still pass (the experiment). */
export function nestTrials(all: readonly FlatRun[], rows: readonly FlatRun[], sort: SortState, keep: (r: FlatRun) => boolean): TrialNesting {
  const ids = new Set(all.map((r) => r.id));
  const trials = new Map<string, FlatRun[]>();
  for (const row of rows) {
    const p = row.run.parentRunId;
    if (p === undefined || !ids.has(p)) continue;
    const list = trials.get(p);
    if (list) list.push(row);
    else trials.set(p, [row]);
  }
  const matched = new Set(rows.map((r) => r.id));
  const openByFilter = new Set([...trials.keys()].filter((id) => !matched.has(id)));
  const nested = new Set([...trials.values()].flat().map((r) => r.id));
  const top = rows.filter((r) => !nested.has(r.id));
  const extra = all.filter((r) => openByFilter.has(r.id) && keep(r));
  return { top: extra.length > 0 ? sortRuns([...top, ...extra], sort) : top, trials, openByFilter };
}

/** The table's items: each top-level run followed by its trials when open, under experiment headings when `grouped`. */
export function runItems(n: TrialNesting, isOpen: (id: string) => boolean, grouped: boolean): RunsItem[] {
  const withTrials = (row: FlatRun): RunsItem[] => {
    const kids = n.trials.get(row.id);
    if (!kids) return [{ kind: 'run', row, depth: 0 }];
    const open = isOpen(row.id);
    return [{ kind: 'run', row, depth: 0, trials: kids.length, open }, ...(open ? kids.map((k): RunsItem => ({ kind: 'run', row: k, depth: 1 })) : [])];
  };
  if (!grouped) return n.top.flatMap(withTrials);
  const groups = new Map<string, FlatRun[]>();
  for (const row of n.top) {
    const name = typeof row.values.experiment === 'string' ? row.values.experiment : NO_EXPERIMENT;
    const list = groups.get(name);
    if (list) list.push(row);
    else groups.set(name, [row]);
  }
  const names = [...groups.keys()].sort((a, b) => (a === NO_EXPERIMENT ? 1 : b === NO_EXPERIMENT ? -1 : a.localeCompare(b, 'en', { numeric: true })));
  const items: RunsItem[] = [];
  for (const name of names) {
    const rows = groups.get(name)!;
    items.push({ kind: 'group', name, label: name === NO_EXPERIMENT ? 'No experiment' : name, count: rows.length });
    for (const row of rows) items.push(...withTrials(row));
  }
  return items;
}
