import { describe, expect, it } from 'vitest';
import type { RunId } from '../../../src/core/ids.ts';
import type { RunRecord } from '../../../src/core/track/types.ts';
import { flattenRun, runColumns, type FlatRun } from '../../../src/ui/components/runs/run-fields.ts';
import { filterRuns, parseRunFilter } from '../../../src/ui/components/runs/run-filter.ts';
import { nestTrials, runItems, type RunsItem } from '../../../src/ui/components/runs/run-items.ts';
import { sortRuns, type SortState } from '../../../src/ui/components/runs/run-sort.ts';
import { run } from '../ui/runs-fixtures.ts';

const ids = (items: RunsItem[]) => items.map((it) => (it.kind === 'run' ? `${'  '.repeat(it.depth)}${it.row.id}` : `# ${it.label}`));

function records(): RunRecord[] {
  const t0 = Date.UTC(2025, 0, 1);
  const trial = (i: number, accuracy: number): RunRecord =>
    run(`trial-${i}`, { parentRunId: 'search' as RunId, startedAt: t0 + 10 + i, tags: [`trial ${i + 1}`], metrics: { accuracy }, experiment: 'tuning' });
  return [
    run('solo', { startedAt: t0, experiment: 'baselines' }),
    run('search', { startedAt: t0 + 5, tags: ['search'], metrics: { accuracy: 0.93 }, experiment: 'tuning' }),
    trial(0, 0.8),
    trial(1, 0.93),
    trial(2, 0.6),
    // Its parent was deleted: it stands on its own.
    run('orphan', { parentRunId: 'gone' as RunId, startedAt: t0 + 50 }),
  ];
}

const SORT: SortState = { key: 'started', dir: 'desc' };

/** What the table state does: filter, sort, nest, list. */
function table(filter: string, opened: ReadonlyMap<string, boolean> = new Map(), grouped = false): RunsItem[] {
  const all: FlatRun[] = records().map(flattenRun);
  const parsed = parseRunFilter(filter, runColumns(all));
  if (!parsed.ok) throw new Error(parsed.error);
  const rows = sortRuns(filterRuns(all, parsed.clauses), SORT);
  const n = nestTrials(all, rows, SORT, () => true);
  return runItems(n, (id) => opened.get(id) ?? n.openByFilter.has(id), grouped);
}

describe('runs table: trials under their search run', () => {
  it('hides a search run’s trials until its row is opened, then lists them under it in the table’s order', () => {
    const closed = table('');
    expect(ids(closed)).toEqual(['orphan', 'search', 'solo']);
    expect(closed.find((it) => it.kind === 'run' && it.row.id === 'search')).toMatchObject({ trials: 3, open: false });
    expect(ids(table('', new Map([['search', true]])))).toEqual(['orphan', 'search', '  trial-2', '  trial-1', '  trial-0', 'solo']);
  });

  it('keeps the filter grammar: only matching trials nest, and a parent shown for its trials alone starts open', () => {
    expect(table('accuracy > 0.7').find((it) => it.kind === 'run' && it.row.id === 'search')).toMatchObject({ trials: 2, open: false });
    // The parent does not match (its tag is "search"), its trials do: it is shown, open.
    expect(ids(table('tags ~ trial'))).toEqual(['search', '  trial-2', '  trial-1', '  trial-0']);
    expect(ids(table('tags ~ trial', new Map([['search', false]])))).toEqual(['search']);
    expect(ids(table('accuracy < 0.5'))).toEqual([]);
  });

  it('nests trials inside experiment groups', () => {
    expect(ids(table('', new Map([['search', true]]), true))).toEqual(['# baselines', 'solo', '# tuning', 'search', '  trial-2', '  trial-1', '  trial-0', '# No experiment', 'orphan']);
  });
});
