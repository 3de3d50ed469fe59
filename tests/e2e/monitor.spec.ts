import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { chooseTarget, openPenguins, screenshot, trainingRegion, watchPageErrors } from './helpers.ts';

interface Penguin {
  Species: string;
  Island: string;
  'Beak Length (mm)': number | null;
  'Beak Depth (mm)': number | null;
  'Flipper Length (mm)': number | null;
  'Body Mass (g)': number | null;
  Sex: string | null;
}

const PENGUINS: Penguin[] = JSON.parse(fs.readFileSync(path.resolve('static', 'samples', 'penguins.json'), 'utf8')) as Penguin[];
const COLUMNS = ['Species', 'Island', 'Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Sex'] as const;

/** A seeded generator (an LCG): the same fixtures on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

/** `n` distinct rows of the sample in a seeded random order: the same population, a fresh sample of it. */
function sampleRows(n: number, seed: number): Penguin[] {
  const rand = lcg(seed);
  const rows = PENGUINS.slice();
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return rows.slice(0, n);
}

/**
 * The same rows after the world moved: heavier birds (+900 g, kept inside the contract's range so
 * the file is still scored) and most Dream and Torgersen birds now recorded on Biscoe.
 */
function shifted(rows: readonly Penguin[], seed: number): Penguin[] {
  const rand = lcg(seed);
  return rows.map((r) => ({
    ...r,
    'Body Mass (g)': r['Body Mass (g)'] === null ? null : Math.min(6600, r['Body Mass (g)'] + 900),
    Island: r.Island !== 'Biscoe' && rand() < 0.8 ? 'Biscoe' : r.Island,
  }));
}

function toCsv(rows: readonly Penguin[]): string {
  const cell = (v: string | number | null): string => (v === null ? '' : String(v));
  return `${[COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => cell(r[c])).join(','))].join('\n')}\n`;
}

const SAMPLE = sampleRows(240, 2024);
const csvFile = (name: string, rows: readonly Penguin[]) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(toCsv(rows)) });

/** Train on the open penguins page; returns the run's evaluation URL (different from `previous`). */
async function train(page: Page, configure: () => Promise<void>, previous?: string): Promise<string> {
  await configure();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const open = trainingRegion(page).getByRole('link', { name: /Open evaluation/ });
  await expect(open).toBeVisible({ timeout: 150_000 });
  if (previous) await expect(open).not.toHaveAttribute('href', previous.slice(previous.indexOf('#')), { timeout: 150_000 });
  return new URL((await open.getAttribute('href'))!, page.url()).toString();
}

async function register(page: Page, runUrl: string, name: string): Promise<string> {
  await page.goto(runUrl);
  const button = page.getByRole('button', { name: 'Register model…' });
  await expect(button).toBeVisible({ timeout: 120_000 });
  await button.click();
  const dialog = page.getByRole('dialog', { name: 'Register this run’s model' });
  await dialog.getByLabel('Model name').fill(name);
  await dialog.getByRole('button', { name: 'Register', exact: true }).click();
  const done = dialog.getByText(/Registered as/);
  await expect(done).toBeVisible();
  const id = (await done.locator('strong').textContent())!;
  await dialog.getByRole('button', { name: 'Close' }).click();
  return id;
}

test('monitoring: drift on a shifted copy (detected) and an unshifted one (not), history, download, shadow', async ({ page }) => {
  test.setTimeout(600_000);
  const errors = watchPageErrors(page);

  // Two quick versions of one penguin model.
  await openPenguins(page);
  await chooseTarget(page, 'Species', 'multiclass');
  const run1 = await train(page, async () => {
    await page.getByLabel('Model', { exact: true }).selectOption('naive-bayes');
  });
  const run2 = await train(
    page,
    async () => {
      await page.getByLabel('Model', { exact: true }).selectOption('logistic');
    },
    run1,
  );
  expect(await register(page, run1, 'penguins')).toBe('penguins@1');
  expect(await register(page, run2, 'penguins')).toBe('penguins@2');

  // The version page links to its monitoring page.
  await page.goto(new URL('#/models/penguins/v1', page.url()).toString());
  await expect(page.getByRole('heading', { level: 1, name: /penguins v1/ })).toBeVisible();
  await page.getByRole('link', { name: /Monitor/ }).first().click();
  await expect(page).toHaveURL(/#\/models\/penguins\/v1\/monitor$/);
  await expect(page.getByRole('heading', { level: 1, name: /Monitor penguins v1/ })).toBeVisible();

  const report = page.getByTestId('monitoring-report');
  const history = page.getByTestId('monitoring-history');
  const form = page.getByRole('form', { name: 'Score a batch' });
  await expect(page.getByText(/No monitoring runs of v1 yet/)).toBeVisible();
  await expect(form.getByLabel('Score with')).toHaveValue('penguins@1');
  await screenshot(page, 'monitor-empty');

  // A batch that breaks the contract (body mass in kilograms) is refused with its column, and nothing is recorded.
  const kilograms = SAMPLE.map((r) => ({ ...r, 'Body Mass (g)': r['Body Mass (g)'] === null ? null : r['Body Mass (g)'] / 1000 }));
  await form.getByLabel(/Batch file/).setInputFiles(csvFile('kilograms.csv', kilograms));
  await form.getByRole('button', { name: 'Score', exact: true }).click();
  await expect(form.getByRole('alert')).toContainText('scoring_data_invalid');
  await expect(form.getByRole('alert')).toContainText('Body Mass (g)');
  await expect(page.getByText(/No monitoring runs of v1 yet/)).toBeVisible();

  // (a) A fresh sample of the same population: no drift, performance measured on its labels, predictions tagged with the version.
  await form.getByLabel(/Batch file/).setInputFiles(csvFile('same.csv', SAMPLE));
  await form.getByRole('button', { name: 'Score', exact: true }).click();
  await expect(report).toBeVisible({ timeout: 120_000 });
  await expect(report.getByRole('heading', { name: 'Report: same.csv' })).toBeFocused();
  const verdict = report.getByTestId('drift-verdict');
  await expect(verdict).toHaveAttribute('data-verdict', /^(ok|warn)$/);
  const features = report.getByTestId('feature-drift');
  // One row per input column the model reads (the target is not among them).
  await expect(features.locator('tbody tr[data-column]')).toHaveCount(6);
  await expect(features.locator('tbody tr[data-verdict="drift"]')).toHaveCount(0);
  await expect(report.getByTestId('performance')).toBeVisible();
  await expect(report.getByTestId('performance')).toContainText(/240 rows with a known Species/);
  await expect(report.getByTestId('predictions-preview').locator('thead th').last()).toHaveText('model_version');
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), report.getByRole('button', { name: 'Download predictions (CSV)' }).click()]);
  expect(csvDownload.suggestedFilename()).toMatch(/^penguins-v1-same\.predictions\.csv$/);
  const csv = fs.readFileSync((await csvDownload.path())!, 'utf8').trim().split('\n');
  expect(csv).toHaveLength(241);
  expect(csv[0]).toMatch(/^row,prediction(,p\((Adelie|Chinstrap|Gentoo)\)){3},model_version$/);
  expect(csv.slice(1).every((line) => line.endsWith(',penguins@1'))).toBe(true);
  await expect(history.locator('tbody tr')).toHaveCount(1);
  await expect(history.locator('tbody tr').first()).toContainText('same.csv');
  await screenshot(page, 'monitor-unshifted');

  // (b) The shifted copy, with v2 as the shadow and Parquet predictions: drift, with the moved columns flagged.
  await form.getByLabel(/Batch file/).setInputFiles(csvFile('shifted.csv', shifted(SAMPLE, 7)));
  await form.getByLabel('Shadow version').selectOption('penguins@2');
  await form.getByLabel('Predictions file').selectOption('parquet');
  await form.getByRole('button', { name: 'Score', exact: true }).click();
  await expect(report.getByRole('heading', { name: 'Report: shifted.csv' })).toBeVisible({ timeout: 120_000 });
  await expect(verdict).toHaveAttribute('data-verdict', 'drift');
  await expect(features.locator('tr[data-column="Body Mass (g)"]')).toHaveAttribute('data-verdict', 'drift');
  await expect(features.locator('tr[data-column="Island"]')).toHaveAttribute('data-verdict', 'drift');
  // Every p-value sits beside its effect size and both sample sizes.
  const mass = features.locator('tr[data-column="Body Mass (g)"]');
  await expect(mass).toContainText('KS');
  await expect(mass).toContainText(/KS D \d/);
  await expect(mass).toContainText(/\d+ \/ \d+/);
  await expect(report.getByRole('list', { name: 'Distributions of the input columns' }).getByRole('img', { name: /^Body Mass \(g\): share of rows/ })).toBeVisible();
  const shadow = report.getByTestId('shadow');
  await expect(shadow).toContainText('penguins@2');
  await expect(shadow.getByTestId('shadow-agreement')).toHaveText(/^\d+\.\d%$/);
  await expect(shadow).toContainText('McNemar p');
  const [parquet] = await Promise.all([page.waitForEvent('download'), report.getByRole('button', { name: 'Download predictions (Parquet)' }).click()]);
  expect(parquet.suggestedFilename()).toBe('penguins-v1-shifted.predictions.parquet');
  const bytes = fs.readFileSync((await parquet.path())!);
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('PAR1');
  // The version tag is in the file (a column and the schema metadata), not only in its name.
  expect(bytes.includes(Buffer.from('penguins@1'))).toBe(true);
  await screenshot(page, 'monitor-shifted');

  // Sorting the table by p-value puts the most significant column first.
  await features.getByRole('button', { name: 'p-value' }).click();
  await expect(features.getByRole('columnheader', { name: 'p-value' })).toHaveAttribute('aria-sort', 'ascending');

  // Editing the thresholds: a bad number is named beside its field; lines far out redraw the verdict without a re-run.
  await report.getByRole('button', { name: 'Edit thresholds' }).click();
  const thresholds = report.getByRole('form', { name: 'Edit thresholds' });
  await expect(thresholds.getByRole('group', { name: 'PSI' }).getByLabel('Warn at')).toBeFocused();
  await thresholds.getByRole('group', { name: 'PSI' }).getByLabel('Drift at').fill('0.01');
  await thresholds.getByLabel('Significance α').fill('2');
  await thresholds.getByRole('button', { name: 'Apply thresholds' }).click();
  await expect(thresholds.getByText('At least the warning line (0.1).')).toBeVisible();
  await expect(thresholds.getByText('A number between 0 and 1 (not 0 or 1).')).toBeVisible();
  await expect(verdict).toHaveAttribute('data-verdict', 'drift');
  for (const group of ['PSI', 'KS statistic', "Cohen's w", 'Missing-share rise']) {
    await thresholds.getByRole('group', { name: group }).getByLabel('Warn at').fill(group === 'PSI' || group === "Cohen's w" ? '99' : '1');
    await thresholds.getByRole('group', { name: group }).getByLabel('Drift at').fill(group === 'PSI' || group === "Cohen's w" ? '100' : '1');
  }
  await thresholds.getByLabel('Significance α').fill('0.01');
  await thresholds.getByRole('button', { name: 'Apply thresholds' }).click();
  await expect(verdict).toHaveAttribute('data-verdict', 'ok');
  await expect(report.getByText(/Verdicts redrawn at your thresholds/)).toBeVisible();
  await screenshot(page, 'monitor-thresholds');
  await thresholds.getByRole('button', { name: 'Reset to defaults' }).click();
  await expect(verdict).toHaveAttribute('data-verdict', 'drift');
  await thresholds.getByRole('button', { name: 'Close' }).click();
  await expect(report.getByRole('button', { name: 'Edit thresholds' })).toBeFocused();

  // History: both runs, newest first; open the first one again, then delete it after confirming.
  await expect(history.locator('tbody tr')).toHaveCount(2);
  await expect(history.locator('tbody tr').nth(0)).toContainText('shifted.csv');
  await expect(history.locator('tbody tr').nth(1)).toContainText('same.csv');
  await history.getByRole('button', { name: /^Open the run of same\.csv/ }).click();
  await expect(report.getByRole('heading', { name: 'Recorded report: same.csv' })).toBeVisible();
  await expect(verdict).toHaveAttribute('data-verdict', /^(ok|warn)$/);
  await expect(report.getByText(/Predictions are not stored with the run/)).toBeVisible();
  await history.getByRole('button', { name: /^Delete the run of same\.csv/ }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete this monitoring run?' });
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Delete run' }).click();
  await expect(confirm).toBeHidden();
  await expect(history.locator('tbody tr')).toHaveCount(1);
  await expect(history.locator('tbody tr').first()).toContainText('shifted.csv');
  await expect(report).toHaveCount(0);

  // The history survives a reload (it is stored, not page state).
  await page.reload();
  await expect(page.getByTestId('monitoring-history').locator('tbody tr')).toHaveCount(1);
  await screenshot(page, 'monitor-history');

  // At phone width nothing sticks out sideways: wide tables scroll in their own boxes.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('monitoring-history').getByRole('button', { name: /^Open the run of shifted\.csv/ }).click();
  await expect(page.getByTestId('drift-verdict')).toHaveAttribute('data-verdict', 'drift');
  const wide = await page.evaluate(() => {
    const client = document.documentElement.clientWidth;
    return Array.from(document.querySelectorAll('main *'))
      .filter((el) => el.getBoundingClientRect().right > client + 1 && !el.closest('.table-wrap') && !el.closest('.visually-hidden'))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')}`);
  });
  expect(wide).toEqual([]);
  await screenshot(page, 'monitor-phone');

  expect(errors).toEqual([]);
});
