// Sets and Maps here are built inside deriveds, or replaced whole in $state.raw (the selection):
// none is mutated once the UI can see it, so Svelte's reactive collections would only add cost.
/* eslint-disable svelte/prefer-svelte-reactivity */
import type { RunRecord } from '../../core/track/types.ts';
import { MAX_COMPARE } from '../components/runs/compare-data.ts';
import { flattenRun, runColumns, type FlatRun, type RunColumn } from '../components/runs/run-fields.ts';
import { filterRuns, parseRunFilter, type FilterClause } from '../components/runs/run-filter.ts';
import { nestTrials, NO_EXPERIMENT, runItems, type RunsItem } from '../components/runs/run-items.ts';
import { sortRuns, type SortState } from '../components/runs/run-sort.ts';

/** localStorage key of the column chooser's choices: column key -> shown. */
export const COLUMNS_STORAGE_KEY = 'benchtop.runs.columns';

/** The experiment filter's value for runs that belong to no experiment. */
export { NO_EXPERIMENT, type RunsItem };

function loadVisibility(): Record<string, boolean> {
  try {
    const raw = globalThis.localStorage?.getItem(COLUMNS_STORAGE_KEY);
    if (!raw) return {};
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const out: Record<string, boolean> = {};
    for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) if (typeof v === 'boolean') out[k] = v;
    return out;
  } catch {
    // Storage may be off (private mode) or hold something else: the defaults do.
    return {};
  }
}

/**
 * The runs page: every run flattened once per list, then filtered, sorted and (optionally)
 * grouped by experiment in deriveds over raw arrays, so 1,000 runs cost a few milliseconds per
 * keystroke and nothing is deep-proxied. Holds the column choices (persisted), the selection
 * for the compare view and the open detail panel.
 */
export class RunsTableState {
  readonly #source: () => readonly RunRecord[];

  #filter = $state('');
  #sort = $state.raw<SortState>({ key: 'started', dir: 'desc' });
  #visibility = $state.raw<Readonly<Record<string, boolean>>>(loadVisibility());
  #selected = $state.raw<ReadonlySet<string>>(new Set());
  #expanded = $state<string | null>(null);
  #grouped = $state(false);
  /** null: every run; NO_EXPERIMENT: runs in none. */
  #experiment = $state<string | null>(null);
  /** Search runs the user opened (true) or closed (false); the others follow the default (see #isOpen). */
  #opened = $state.raw<ReadonlyMap<string, boolean>>(new Map());
  // The last filter that parsed keeps applying while the box holds a half-typed one.
  #lastGood: FilterClause[] = [];

  readonly #flat = $derived.by(() => this.#source().map(flattenRun));
  readonly #columns = $derived.by(() => runColumns(this.#flat));
  readonly #parsed = $derived.by(() => parseRunFilter(this.#filter, this.#columns));
  readonly #clauses = $derived.by(() => {
    const p = this.#parsed;
    if (p.ok) this.#lastGood = p.clauses;
    return this.#lastGood;
  });
  readonly #rows = $derived.by(() => sortRuns(filterRuns(this.#flat, this.#clauses).filter((r) => this.#inExperiment(r)), this.#sort));
  readonly #nesting = $derived.by(() => nestTrials(this.#flat, this.#rows, this.#sort, (r) => this.#inExperiment(r)));
  readonly #items = $derived.by(() => runItems(this.#nesting, (id) => this.#isOpen(id), this.#grouped));
  readonly #visibleColumns = $derived.by(() => this.#columns.filter((c) => this.#visibility[c.key] ?? c.defaultVisible));
  readonly #experiments = $derived.by(() => {
    const names = new Set<string>();
    for (const r of this.#flat) if (typeof r.values.experiment === 'string') names.add(r.values.experiment);
    return [...names].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  });

  constructor(source: () => readonly RunRecord[]) {
    this.#source = source;
  }

  get total(): number {
    return this.#flat.length;
  }
  get columns(): RunColumn[] {
    return this.#columns;
  }
  get visibleColumns(): RunColumn[] {
    return this.#visibleColumns;
  }
  /** The runs shown, in order. */
  get rows(): FlatRun[] {
    return this.#rows;
  }
  /** What the table renders: runs, with experiment headings when grouped. */
  get items(): RunsItem[] {
    return this.#items;
  }
  get experiments(): string[] {
    return this.#experiments;
  }

  /** Whether a search run's trials are shown (closed by default, open when only its trials match the filter). */
  trialsOpen(id: string): boolean {
    return this.#isOpen(id);
  }
  toggleTrials(id: string): void {
    this.#opened = new Map(this.#opened).set(id, !this.#isOpen(id));
  }

  #isOpen(id: string): boolean {
    return this.#opened.get(id) ?? this.#nesting.openByFilter.has(id);
  }

  #inExperiment(r: FlatRun): boolean {
    const exp = this.#experiment;
    return exp === null || (exp === NO_EXPERIMENT ? r.values.experiment === undefined : r.values.experiment === exp);
  }

  get filter(): string {
    return this.#filter;
  }
  set filter(text: string) {
    this.#filter = text;
  }
  /** Why the filter text does not parse (the last good filter still applies), or null. */
  get filterError(): string | null {
    const p = this.#parsed;
    return p.ok ? null : p.error;
  }

  get sort(): SortState {
    return this.#sort;
  }
  /** Sort by a column; the same column again flips the direction. Numbers and times start high, words at A. */
  sortBy(col: RunColumn): void {
    if (this.#sort.key === col.key) this.#sort = { key: col.key, dir: this.#sort.dir === 'asc' ? 'desc' : 'asc' };
    else this.#sort = { key: col.key, dir: col.type === 'text' || col.type === 'tags' || col.type === 'status' ? 'asc' : 'desc' };
  }

  get grouped(): boolean {
    return this.#grouped;
  }
  set grouped(on: boolean) {
    this.#grouped = on;
  }
  get experiment(): string | null {
    return this.#experiment;
  }
  set experiment(name: string | null) {
    this.#experiment = name;
  }

  isVisible(col: RunColumn): boolean {
    return this.#visibility[col.key] ?? col.defaultVisible;
  }
  setVisible(col: RunColumn, shown: boolean): void {
    const next = { ...this.#visibility };
    if (shown === col.defaultVisible) delete next[col.key];
    else next[col.key] = shown;
    this.#visibility = next;
    this.#saveVisibility();
  }
  resetColumns(): void {
    this.#visibility = {};
    this.#saveVisibility();
  }

  get selected(): ReadonlySet<string> {
    return this.#selected;
  }
  isSelected(id: string): boolean {
    return this.#selected.has(id);
  }
  toggleSelected(id: string): void {
    const next = new Set(this.#selected);
    if (!next.delete(id)) next.add(id);
    this.#selected = next;
  }
  clearSelection(): void {
    this.#selected = new Set();
  }
  /** The selected runs still on record, in the table's order where shown. */
  get selectedIds(): string[] {
    const order = new Map(this.#rows.map((r, i) => [r.id, i]));
    const present = new Set(this.#flat.map((r) => r.id));
    return [...this.#selected].filter((id) => present.has(id)).sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity));
  }
  /** Why the selection cannot be compared yet, or null when it can. */
  get compareProblem(): string | null {
    const n = this.selectedIds.length;
    if (n < 2) return `Select ${n === 0 ? 'two' : 'one more'} run${n === 1 ? '' : 's'} to compare (up to ${MAX_COMPARE}).`;
    if (n > MAX_COMPARE) return `Compare takes at most ${MAX_COMPARE} runs; ${n} are selected.`;
    return null;
  }

  get expanded(): string | null {
    return this.#expanded;
  }
  set expanded(id: string | null) {
    this.#expanded = id;
  }

  #saveVisibility(): void {
    try {
      globalThis.localStorage?.setItem(COLUMNS_STORAGE_KEY, JSON.stringify(this.#visibility));
    } catch {
      // A full or disabled storage only means the choice lasts for this visit.
    }
  }
}
