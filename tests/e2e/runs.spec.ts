import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import { chooseTarget, openHome, trainingRegion, watchPageErrors } from './helpers.ts';

/** Screenshots to look at (not committed): the runs table and the compare view. */
const SHOTS = '/tmp/shots/runs';

async function shoot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

const KINDS = ['gbdt', 'mlp', 'logistic', 'knn', 'random-forest'] as const;

/** A run record as the app stores it, made deterministically from its number. */
function seededRun(i: number) {
  const kind = KINDS[i % KINDS.length]!;
  const model =
    kind === 'gbdt'
      ? { kind, rounds: 20 + (i % 7) * 10, learningRate: 0.1 }
      : kind === 'mlp'
        ? { kind, hiddenLayers: [32 + (i % 3) * 32], epochs: 10, learningRate: 0.01 }
        : kind === 'logistic'
          ? { kind, l2: 0.01 * (i % 4), epochs: 10 }
          : kind === 'knn'
            ? { kind, k: 3 + (i % 5) }
            : { kind, trees: 50 };
  const metrics: Record<string, number> = { accuracy: 0.5 + ((i * 37) % 500) / 1000 };
  if (i % 3 !== 0) metrics.roc_auc = 0.6 + ((i * 53) % 400) / 1000;
  const tags = i % 25 === 0 ? ['baseline', 'sweep'] : i % 10 === 0 ? ['baseline'] : [];
  return {
    id: `seed-${String(i).padStart(4, '0')}`,
    spec: {
      version: 1,
      data: { name: 'seeded.csv' },
      target: 'label',
      task: 'binary',
      features: ['a', 'b'],
      split: { kind: 'holdout', testSize: 0.2, strategy: 'stratified', gap: 0 },
      model,
      pipeline: [],
      training: { validationFraction: 0.1, earlyStopping: { enabled: true, monitor: 'loss', patience: 10, minDelta: 0.0001 }, sanityChecks: 'auto' },
      seed: i % 9,
      backend: 'auto',
    },
    datasetId: 'seeded-dataset',
    datasetName: `seeded-${i % 3}.csv`,
    status: i % 50 === 7 ? 'failed' : 'done',
    startedAt: Date.UTC(2025, 0, 1) + i * 60_000,
    finishedAt: Date.UTC(2025, 0, 1) + i * 60_000 + 1000 + i,
    durationMs: 1000 + i,
    seed: i % 9,
    env: { backend: 'cpu', userAgent: 'seeded', benchtop: '0.1.0', tfjs: '4.22.0' },
    metrics,
    history: [
      { epoch: 1, trainLoss: 0.7, valLoss: 0.72, elapsedMs: 10 },
      { epoch: 2, trainLoss: 0.6, valLoss: 0.65, elapsedMs: 20 },
    ],
    experiment: `exp-${i % 4}`,
    ...(tags.length ? { tags } : {}),
  };
}

function grid(page: Page) {
  return page.getByRole('grid', { name: 'Training runs' });
}

/** The body rows in the DOM (the window), spacers excluded. */
function renderedRows(page: Page) {
  return grid(page).locator('tbody tr.run-row');
}

/** The page itself never scrolls sideways (wide tables and charts scroll inside their own boxes). */
async function fitsWidth(page: Page): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll).toBeLessThanOrEqual(client);
}

async function typeFilter(page: Page, text: string): Promise<void> {
  await page.getByLabel('Filter runs').fill(text);
}

test('1,000 runs: a windowed table that sorts, filters, chooses columns and moves by keyboard', async ({ page }) => {
  const errors = watchPageErrors(page);
  const runs = Array.from({ length: 1000 }, (_, i) => seededRun(i));

  // Let the app's worker create the database, then write the records straight into it.
  await page.goto('/#/runs');
  await expect(page.getByText('No runs yet.')).toBeVisible();
  await page.evaluate(async (records) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('benchtop');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('runs', 'readwrite');
      for (const r of records) tx.objectStore('runs').put(r);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, runs);
  await page.reload();

  // Only a window of rows is in the DOM, and the grid says how many there are.
  await expect(grid(page)).toHaveAttribute('aria-rowcount', '1001');
  await expect(page.getByText('1,000 runs', { exact: true })).toBeVisible();
  const first = await renderedRows(page).count();
  expect(first).toBeGreaterThan(5);
  expect(first).toBeLessThan(60);
  await expect(renderedRows(page).first()).toHaveAttribute('aria-rowindex', '2');
  // Newest first: the last seeded run leads.
  await expect(renderedRows(page).first()).toHaveAttribute('data-run', 'seed-0999');

  // Scrolled to the middle, the window moves: still a few dozen rows, now around row 500.
  await page.locator('.runs-scroll').evaluate((el) => (el.scrollTop = 500 * 40));
  await expect(renderedRows(page).first()).not.toHaveAttribute('aria-rowindex', '2');
  const mid = Number(await renderedRows(page).first().getAttribute('aria-rowindex'));
  expect(mid).toBeGreaterThan(470);
  expect(mid).toBeLessThan(510);
  expect(await renderedRows(page).count()).toBeLessThan(60);
  await page.locator('.runs-scroll').evaluate((el) => (el.scrollTop = 0));

  // Sorting by the main metric: descending first, then ascending; the header says which.
  const accuracies = runs.map((r) => r.metrics.accuracy!);
  const mainHeader = grid(page).getByRole('columnheader', { name: 'Main metric' });
  await mainHeader.getByRole('button').click();
  await expect(mainHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(renderedRows(page).first().locator('td[data-col="main"]')).toHaveText(`accuracy ${accuracies.reduce((a, b) => Math.max(a, b)).toFixed(4)}`);
  await mainHeader.getByRole('button').press('Enter');
  await expect(mainHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(renderedRows(page).first().locator('td[data-col="main"]')).toHaveText(`accuracy ${accuracies.reduce((a, b) => Math.min(a, b)).toFixed(4)}`);

  // Filtering: a parameter, a metric comparison, a tag, and free text.
  await typeFilter(page, 'model.kind = gbdt');
  await expect(page.getByText('Showing 200 of 1,000 runs')).toBeVisible();
  await expect(grid(page)).toHaveAttribute('aria-rowcount', '201');
  for (const cell of await renderedRows(page).locator('td[data-col="model.kind"]').allInnerTexts()) expect(cell).toBe('gbdt');

  const aucAbove = runs.filter((r) => (r.metrics.roc_auc ?? 0) > 0.9).length;
  await typeFilter(page, 'roc_auc > 0.9');
  await expect(page.getByText(`Showing ${aucAbove} of 1,000 runs`)).toBeVisible();
  await expect(grid(page)).toHaveAttribute('aria-rowcount', String(aucAbove + 1));

  const baseline = runs.filter((r) => r.tags?.includes('baseline')).length;
  await typeFilter(page, 'tag:baseline');
  await expect(page.getByText(`Showing ${baseline} of 1,000 runs`)).toBeVisible();
  for (const cell of await renderedRows(page).locator('td[data-col="tags"]').allInnerTexts()) expect(cell).toContain('baseline');

  // Filtering while scrolled far down: the box's scroll position clamps and the window follows it.
  await typeFilter(page, '');
  await page.locator('.runs-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(grid(page).locator('tr.run-row[aria-rowindex="1001"]')).toBeVisible();
  const sweep = runs.filter((r) => r.tags?.includes('sweep')).length;
  await typeFilter(page, 'tag:sweep');
  await expect(page.getByText(`Showing ${sweep} of 1,000 runs`)).toBeVisible();
  await expect(grid(page).locator(`tr.run-row[aria-rowindex="${sweep + 1}"]`)).toBeVisible();
  await page.locator('.runs-scroll').evaluate((el) => (el.scrollTop = 0));

  const combined = runs.filter((r) => r.tags?.includes('sweep') && r.spec.model.kind === 'gbdt').length;
  await typeFilter(page, 'tag:sweep model = gbdt');
  await expect(page.getByText(`Showing ${combined} of 1,000 runs`)).toBeVisible();

  // A bad expression: an inline message, the last good filter stays, nothing throws.
  await typeFilter(page, 'tag:sweep model = gbdt roc_auc >');
  await expect(page.getByText(/needs a value after it/)).toBeVisible();
  await expect(page.getByLabel('Filter runs')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(`Showing ${combined} of 1,000 runs`)).toBeVisible();
  await typeFilter(page, 'rocauc > 0.9');
  await expect(page.getByText(/No field "rocauc"/)).toBeVisible();
  await typeFilter(page, '');
  await expect(page.getByText('1,000 runs', { exact: true })).toBeVisible();
  await shoot(page, 'runs-table');

  // Column chooser: show a metric and a parameter, hide the seed; the choice survives a reload.
  await page.getByRole('button', { name: /^Columns/ }).click();
  const chooser = page.getByRole('group', { name: 'Choose columns' });
  await chooser.getByRole('checkbox', { name: 'roc auc' }).check();
  await chooser.getByLabel('Find a column').fill('rounds');
  await chooser.getByRole('checkbox', { name: 'model.rounds' }).check();
  await chooser.getByLabel('Find a column').fill('');
  await chooser.getByRole('checkbox', { name: 'Seed', exact: true }).uncheck();
  await page.keyboard.press('Escape');
  await expect(chooser).toBeHidden();
  await expect(grid(page).getByRole('columnheader', { name: 'roc auc' })).toBeVisible();
  await expect(grid(page).getByRole('columnheader', { name: 'model.rounds' })).toBeVisible();
  await expect(grid(page).getByRole('columnheader', { name: 'Seed', exact: true })).toHaveCount(0);
  await page.reload();
  await expect(grid(page).getByRole('columnheader', { name: 'roc auc' })).toBeVisible();
  await expect(grid(page).getByRole('columnheader', { name: 'model.rounds' })).toBeVisible();
  await expect(grid(page).getByRole('columnheader', { name: 'Seed', exact: true })).toHaveCount(0);
  await shoot(page, 'runs-table-columns');

  // Keyboard: arrows move between rows, Space selects, End reaches the last run (scrolled into the window).
  await renderedRows(page).first().focus();
  await page.keyboard.press('ArrowDown');
  const second = grid(page).locator('tr.run-row[aria-rowindex="3"]');
  await expect(second).toBeFocused();
  await page.keyboard.press(' ');
  await expect(second).toHaveAttribute('aria-selected', 'true');
  await expect(second.getByRole('checkbox')).toBeChecked();
  await page.keyboard.press('End');
  const last = grid(page).locator('tr.run-row[aria-rowindex="1001"]');
  await expect(last).toBeFocused();
  await expect(last).toHaveAttribute('data-run', 'seed-0000');
  await page.keyboard.press(' ');
  await expect(page.getByText(/1,000 runs · 2 selected/)).toBeVisible();
  await page.keyboard.press('Home');
  await expect(grid(page).locator('tr.run-row[aria-rowindex="2"]')).toBeFocused();

  // Details of a run open under its row; its tags and notes can be edited there.
  await page.keyboard.press('Enter');
  const details = grid(page).locator('tr.details');
  await expect(details).toBeVisible();
  await expect(grid(page)).toHaveAttribute('aria-rowcount', '1002');
  await details.getByRole('textbox', { name: 'Tags' }).fill('keeper, reviewed');
  await details.getByRole('textbox', { name: 'Notes' }).fill('Best of the sweep so far.');
  await details.getByRole('button', { name: 'Save' }).click();
  await expect(details.getByText('Saved.')).toBeVisible();
  await expect(renderedRows(page).first().locator('td[data-col="tags"]')).toHaveText(/keeper\s*reviewed/);
  await shoot(page, 'runs-details');
  await typeFilter(page, 'tag:reviewed');
  await expect(page.getByText('Showing 1 of 1,000 runs')).toBeVisible();
  await typeFilter(page, 'best of the sweep');
  await expect(page.getByText('Showing 1 of 1,000 runs')).toBeVisible();

  // Grouping by experiment and picking one.
  await typeFilter(page, '');
  await page.getByRole('combobox', { name: 'Experiment', exact: true }).selectOption('exp-2');
  await expect(page.getByText('Showing 250 of 1,000 runs')).toBeVisible();
  await page.getByRole('combobox', { name: 'Experiment', exact: true }).selectOption('');
  await page.getByLabel('Group by experiment').check();
  await expect(grid(page).locator('tr.group-row').first()).toHaveText(/exp-0\s*· 250 runs/);
  await expect(grid(page)).toHaveAttribute('aria-rowcount', String(1000 + 4 + 1 + 1));

  // On a phone the page keeps its width; the table scrolls inside its box.
  await page.setViewportSize({ width: 390, height: 844 });
  await fitsWidth(page);
  await shoot(page, 'runs-table-phone');
  await page.setViewportSize({ width: 1280, height: 900 });

  // The two selected runs go to the compare view.
  await page.getByRole('button', { name: 'Compare selected' }).click();
  await expect(page).toHaveURL(/#\/compare\?runs=seed-\d{4},seed-\d{4}$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Compare 2 runs' })).toBeVisible();
  expect(errors).toEqual([]);
});

/** A small binary dataset made here, deterministic. */
function binaryCsv(rows = 240): string {
  let s = 777;
  const rand = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
  const lines = ['age,income,segment,outcome'];
  for (let i = 0; i < rows; i++) {
    const age = 18 + Math.floor(rand() * 60);
    const income = Math.round((20 + rand() * 80) * 10) / 10;
    const segment = ['A', 'B', 'C'][Math.floor(rand() * 3)] as string;
    const z = -2.5 + 0.06 * (age - 18) + (segment === 'A' ? 1.2 : segment === 'C' ? -0.8 : 0) + (rand() - 0.5) * 1.5;
    lines.push(`${age},${income},${segment},${rand() < 1 / (1 + Math.exp(-z)) ? 'buy' : 'browse'}`);
  }
  return `${lines.join('\n')}\n`;
}

test('compare view: two real runs side by side, differences only, curves, parallel coordinates and a paired test', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = watchPageErrors(page);
  await openHome(page);
  await page.getByLabel('Import data', { exact: true }).setInputFiles({ name: 'shoppers.csv', mimeType: 'text/csv', buffer: Buffer.from(binaryCsv()) });
  await expect(page.getByRole('heading', { level: 1, name: 'shoppers.csv' })).toBeVisible();
  await chooseTarget(page, 'outcome', 'binary');
  await page.getByLabel('Model', { exact: true }).selectOption('gbdt');

  // Three quick boosted-tree runs: 10 rounds, 25 rounds, and 10 rounds on another seed (other rows).
  const open = trainingRegion(page).getByRole('link', { name: /Open evaluation/ });
  let previous: string | null = null;
  for (const { rounds, seed } of [
    { rounds: 10, seed: '42' },
    { rounds: 25, seed: '42' },
    { rounds: 10, seed: '7' },
  ]) {
    await page.getByLabel('Rounds', { exact: true }).fill(String(rounds));
    await page.getByLabel('Seed', { exact: true }).fill(seed);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect(open).toBeVisible({ timeout: 120_000 });
    if (previous) await expect(open).not.toHaveAttribute('href', previous, { timeout: 120_000 });
    previous = await open.getAttribute('href');
  }

  await page.goto('/#/runs');
  await expect(grid(page)).toHaveAttribute('aria-rowcount', '4');
  // Oldest first, so R1 is the 10-round run, R2 the 25-round run and R3 the other seed.
  const started = grid(page).getByRole('columnheader', { name: 'Started' });
  await started.getByRole('button').click();
  await expect(started).toHaveAttribute('aria-sort', 'ascending');
  const rows = renderedRows(page);
  for (let i = 0; i < 3; i++) await rows.nth(i).getByRole('checkbox').check();
  await shoot(page, 'runs-table-real');
  await page.getByRole('button', { name: 'Compare selected' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Compare 3 runs' })).toBeVisible();

  // Side-by-side table: rounds and seed differ; the learning rate is equal and goes with "differences only".
  const table = page.getByTestId('compare-params');
  await expect(table.locator('tr[data-key="model.rounds"]')).toHaveClass(/differs/);
  await expect(table.locator('tr[data-key="model.rounds"] td')).toHaveText(['10', '25', '10']);
  await expect(table.locator('tr[data-key="model.learningRate"]')).toBeVisible();
  await page.getByLabel('Differences only').check();
  await expect(table.locator('tr[data-key="model.learningRate"]')).toHaveCount(0);
  await expect(table.locator('tr[data-key="model.rounds"]')).toBeVisible();
  await expect(table.locator('tr[data-key="seed"]')).toBeVisible();

  // Learning curves: one line per run, each labelled at its end; the table fallback has a row per round.
  const curves = page.getByTestId('curves-chart');
  await expect(curves.locator('g.run')).toHaveCount(3);
  expect((await curves.locator('g.run path.line').first().getAttribute('d'))?.split('L').length ?? 0).toBeGreaterThan(5);
  await expect(curves.locator('text.end-label')).toHaveText(['R1', 'R2', 'R3']);
  await expect(page.getByRole('img', { name: /loss per epoch or round for 3 runs: R1 ends at/ })).toBeVisible();

  // Parallel coordinates: axes for the seed and the rounds, then accuracy; one polyline per run.
  const parallel = page.getByTestId('parallel-chart');
  await expect(parallel.locator('g.run')).toHaveCount(3);
  await expect(parallel.locator('.axis .label')).toHaveText(['seed', 'rounds', 'accuracy']);
  await page.getByRole('button', { name: /R2 · gbdt/ }).nth(1).hover();
  await expect(parallel.locator('g.run.hi')).toHaveAttribute('data-run', 'R2');
  await page.getByText('Values as a table').click();
  await expect(page.getByRole('table', { name: /Each run's value on each axis/ }).locator('tbody tr')).toHaveCount(3);

  // Paired tests against R1: a verdict for the same rows, run_rows_differ for the other seed.
  await page.getByRole('button', { name: 'Run paired tests' }).click();
  const pairs = page.getByTestId('paired-test');
  await expect(pairs.nth(0).getByTestId('paired-verdict')).toContainText(/better on|not distinguishable from noise/, { timeout: 120_000 });
  await expect(pairs.nth(1)).toContainText('run_rows_differ', { timeout: 120_000 });
  await expect(pairs.nth(1)).toContainText(/not evaluated on the same rows/);
  await shoot(page, 'compare-view');
  await page.setViewportSize({ width: 390, height: 844 });
  await fitsWidth(page);
  await shoot(page, 'compare-view-phone');
  expect(errors).toEqual([]);
});
