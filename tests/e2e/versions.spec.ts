import { expect, test, type Page } from '@playwright/test';
import { openHome, trainingRegion, watchPageErrors } from './helpers.ts';

/** Full-page shot for a person to look at; scrolled to the top first, or the sticky bar paints mid-page. */
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `/tmp/${name}.png`, fullPage: true });
}


const CSV = [
  'id,zip,score,label',
  ...Array.from({ length: 40 }, (_, i) => {
    const zip = String(2100 + (i % 6) * 7).padStart(5, '0');
    return `${i + 1},${zip},${(i * 1.7 + 3).toFixed(2)},${i % 3 === 0 ? 'yes' : 'no'}`;
  }),
].join('\n');

async function importCsv(page: Page, name: string): Promise<void> {
  await openHome(page);
  await page.getByLabel('Import data', { exact: true }).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(CSV + '\n') });
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Dataset sections' }).getByRole('link', { name }).click();
}

function versionsTable(page: Page) {
  return page.getByRole('table', { name: /^Versions of/ });
}

function versionRow(page: Page, n: number) {
  return versionsTable(page)
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: new RegExp(`^v${n}\\b`) }) });
}

/** Read zip codes as numbers in the quality report: version 2 (derivation 'type-override'). */
async function retypeZip(page: Page): Promise<void> {
  await openTab(page, 'Quality report');
  const profiles = page.getByRole('region', { name: 'Column profiles' });
  await profiles.getByRole('article', { name: 'zip' }).getByLabel('Treat as').selectOption('numeric');
  await profiles.getByRole('button', { name: 'Apply type changes (creates version 2)' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Created version 2' })).toBeVisible();
}

test('the versions tab lists v1, then v2 after a type change; comparing shows the kind change and per-column shift', async ({ page }) => {
  const errors = watchPageErrors(page);
  await importCsv(page, 'zips.csv');
  await openTab(page, 'Versions');
  await expect(page).toHaveURL(/\/versions$/);

  await expect(versionsTable(page).getByRole('row')).toHaveCount(2);
  const v1 = versionRow(page, 1);
  await expect(v1.getByRole('rowheader')).toContainText('current');
  await expect(v1).toContainText('import');
  await expect(v1).toContainText('Imported zips.csv');
  await expect(v1.getByRole('cell').nth(2)).toHaveText('40');
  await expect(v1.getByRole('cell').nth(3)).toHaveText('4');
  await expect(v1.locator('code')).toHaveText(/^[0-9a-f]{12}$/);
  await expect(page.getByText('Only one version so far')).toBeVisible();

  await retypeZip(page);
  await openTab(page, 'Versions');
  await expect(versionsTable(page).getByRole('row')).toHaveCount(3);
  const v2 = versionRow(page, 2);
  await expect(v2.getByRole('rowheader')).toContainText('current');
  await expect(v2).toContainText('type override');
  await expect(v2).toContainText('"zip" read as numeric');
  await expect(v2).toContainText('from v1');
  await expect(versionRow(page, 1).getByRole('rowheader')).not.toContainText('current');
  // Newest first.
  await expect(versionsTable(page).getByRole('rowheader').first()).toContainText('v2');

  const compare = page.getByRole('region', { name: 'Compare two versions' });
  await expect(compare.getByLabel('From')).toHaveValue(/.+/);
  await expect(compare.getByLabel('From').locator('option:checked')).toHaveText(/^v1 · import/);
  await expect(compare.getByLabel('To').locator('option:checked')).toHaveText(/^v2 \(current\) · type override/);
  await compare.getByRole('button', { name: 'Compare' }).click();

  const diff = compare.getByRole('region', { name: 'v1 → v2' });
  await expect(diff).toBeVisible();
  await expect(diff.getByRole('list', { name: 'Schema changes' })).toContainText('kind changed zip: categorical → numeric');
  const shifts = diff.getByRole('table');
  const scoreRow = shifts.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'score', exact: true }) });
  // Same values on both sides: KS D = 0, p = 1, nothing moved.
  await expect(scoreRow).toContainText('Kolmogorov–Smirnov');
  await expect(scoreRow).toContainText('D = 0');
  await expect(scoreRow).toContainText('1.00');
  await expect(scoreRow).toContainText('negligible');
  await expect(scoreRow).toContainText('40 / 40');
  const labelRow = shifts.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'label', exact: true }) });
  await expect(labelRow).toContainText('χ² (1 df)');
  // zip changed kind, so it has no shift row.
  await expect(shifts.getByRole('rowheader', { name: 'zip', exact: true })).toHaveCount(0);
  await shot(page, 'versions-compare');
  expect(errors).toEqual([]);
});

test('make an older version current, delete a version, and a version used by a run asks before deleting anyway', async ({ page }) => {
  const errors = watchPageErrors(page);
  await importCsv(page, 'zips-runs.csv');
  await retypeZip(page);
  await openTab(page, 'Versions');
  await expect(versionsTable(page).getByRole('row')).toHaveCount(3);

  // Make v1 current: the badge moves and the dataset page reads v1 again.
  await page.getByRole('button', { name: 'Make v1 current' }).click();
  await expect(versionRow(page, 1).getByRole('rowheader')).toContainText('current');
  await expect(versionRow(page, 2).getByRole('rowheader')).not.toContainText('current');
  await expect(page.getByRole('button', { name: 'Make v2 current' })).toBeVisible();

  // Train a quick baseline on v1, so that version is used by a run.
  await openTab(page, 'Train');
  await page.getByLabel('Target', { exact: true }).selectOption('label');
  await expect(page.getByLabel('Task', { exact: true })).not.toHaveValue('');
  await page.getByLabel('Model', { exact: true }).selectOption('baseline');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(trainingRegion(page)).toContainText('Status: done', { timeout: 120_000 });

  await openTab(page, 'Versions');
  await page.getByRole('button', { name: 'Delete v1' }).click();
  const confirm = page.getByRole('group', { name: 'Delete version 1?' });
  await expect(confirm).toContainText('It is the current version');
  await expect(confirm.getByRole('heading', { name: 'Delete version 1?' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Delete v1' }).click();
  const refusal = confirm.getByRole('alert');
  await expect(refusal).toContainText('version_in_use');
  await expect(refusal.getByRole('list', { name: 'Runs that used version 1' }).getByRole('listitem')).toHaveCount(1);
  await expect(refusal.getByRole('listitem')).toContainText('done');
  await shot(page, 'versions-in-use');
  // Still there after the refusal.
  await expect(versionsTable(page).getByRole('row')).toHaveCount(3);

  await confirm.getByRole('button', { name: 'Delete anyway' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(versionsTable(page).getByRole('row')).toHaveCount(2);
  // The newest remaining version became current.
  await expect(versionRow(page, 2).getByRole('rowheader')).toContainText('current');

  // Deleting the only version asks first and says the dataset goes too; Escape backs out.
  await page.getByRole('button', { name: 'Delete v2' }).click();
  const last = page.getByRole('group', { name: 'Delete version 2?' });
  await expect(last).toContainText('the dataset is deleted with it');
  await page.keyboard.press('Escape');
  await expect(last).toHaveCount(0);
  await expect(versionsTable(page).getByRole('row')).toHaveCount(2);

  // The run survives in the history.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'zips-runs.csv' })).toContainText('done');
  expect(errors).toEqual([]);
});
