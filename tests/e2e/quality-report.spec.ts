import { expect, test, type Page } from '@playwright/test';
import { openHome, openPenguins, screenshot, watchPageErrors } from './helpers.ts';

async function openQualityTab(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Dataset sections' }).getByRole('link', { name: 'Quality report' }).click();
  await expect(page).toHaveURL(/#\/dataset\/[^/]+\/quality$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Quality report' })).toBeVisible();
}

function region(page: Page, name: string | RegExp) {
  return page.getByRole('region', { name });
}

test('penguins: the report profiles every column, lists findings and checks the target', async ({ page }) => {
  const errors = watchPageErrors(page);
  await openPenguins(page);
  await openQualityTab(page);

  // Runs by itself on opening; the summary counts rows and columns of the current version.
  const summary = page.getByRole('group', { name: 'Report summary' });
  await expect(summary).toContainText(/Rows\s*344/);
  await expect(summary).toContainText(/Columns\s*7/);

  // Dataset findings: penguins has missing measurements and sex values.
  const findings = region(page, /^Findings/);
  await expect(findings.getByRole('listitem').first()).toBeVisible();
  await expect(findings).toContainText('missing_values');
  await expect(findings.getByRole('heading', { level: 3 }).first()).toHaveText(/^(Errors|Warnings|Notes) \(\d+\)$/);

  // Column profiles: a histogram per numeric column, top-value bars for labels.
  const profiles = region(page, 'Column profiles');
  await expect(profiles.getByRole('img', { name: /^Histogram of Beak Length \(mm\): \d+ bins/ })).toBeVisible();
  await expect(profiles.getByRole('img', { name: /^Most frequent values of Island: Biscoe \d+/ })).toBeVisible();
  const mass = profiles.getByRole('article', { name: 'Body Mass (g)' });
  await expect(mass).toContainText('numeric');
  await expect(mass).toContainText(/integer · 100%|float · 100%/);

  // The sample's target is checked by default; the checks say what they found as text.
  const target = region(page, 'Target checks');
  await expect(target.getByLabel('Target column')).toHaveValue('Species');
  await expect(target.getByRole('list', { name: 'Target checks run' })).toContainText('Class balance');

  // Correlations: a heatmap and the strongly correlated pairs as text.
  const corr = region(page, 'Correlations');
  await expect(corr.getByRole('img', { name: /Heatmap of correlations between 4 numeric columns/ })).toBeVisible();
  await expect(corr.getByRole('heading', { name: /Highly correlated pairs/ })).toBeVisible();
  await screenshot(page, 'quality-penguins');
  for (const name of ['Target checks', 'Column profiles', 'Correlations']) {
    await region(page, name).screenshot({ path: `/tmp/quality-${name.replace(' ', '-').toLowerCase()}.png` });
  }

  // No target: target checks go away; choosing Species again brings them back (re-run or cache).
  await target.getByLabel('Target column').selectOption('');
  await expect(target).toContainText('Choose the column you want to predict');
  await expect(target.getByRole('list', { name: 'Target checks run' })).toHaveCount(0);
  await target.getByLabel('Target column').selectOption('Species');
  await expect(target.getByRole('list', { name: 'Target checks run' })).toContainText('Conflicting labels');
  await expect(page.getByRole('heading', { level: 2, name: 'Quality report' })).toBeVisible();

  // Only the columns some finding names (the measurements and Sex have missing cells; Species and Island none).
  await profiles.getByLabel('Only columns with findings').check();
  await expect(profiles.getByRole('article')).toHaveCount(5);
  await expect(profiles.getByRole('article').filter({ hasNotText: /\d+ findings?/ })).toHaveCount(0);
  await expect(profiles.getByRole('article', { name: 'Island' })).toHaveCount(0);
  await profiles.getByLabel('Only columns with findings').uncheck();

  // Filtering the profiles by name.
  await profiles.getByLabel('Filter columns by name').fill('beak');
  await expect(profiles.getByRole('article')).toHaveCount(2);
  await expect(profiles).toContainText('Showing 2 of 2 matching (7 in all) columns');

  // Narrow screens: everything stacks and stays inside the viewport.
  await page.setViewportSize({ width: 390, height: 900 });
  await profiles.getByLabel('Filter columns by name').fill('');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  for (const name of ['Target checks', 'Column profiles', 'Correlations']) {
    await region(page, name).screenshot({ path: `/tmp/quality-narrow-${name.replace(' ', '-').toLowerCase()}.png` });
  }
  expect(errors).toEqual([]);
});

const ODD_CSV = [
  'id,<b>x</b>,"=HYPERLINK(""x"")",zip,score',
  ...Array.from({ length: 24 }, (_, i) => {
    const zip = String(2100 + (i % 6) * 7).padStart(5, '0');
    return `${i + 1},${'abc'[i % 3]},${['red', 'green'][i % 2]},${zip},${(i * 1.7 + 3).toFixed(2)}`;
  }),
].join('\n');

test('column names render as text, and a type change creates a new version', async ({ page }) => {
  const errors = watchPageErrors(page);
  await openHome(page);
  await page
    .getByLabel('Import data', { exact: true })
    .setInputFiles({ name: 'odd-names.csv', mimeType: 'text/csv', buffer: Buffer.from(ODD_CSV) });
  await expect(page.getByRole('heading', { level: 1, name: 'odd-names.csv' })).toBeVisible();
  await openQualityTab(page);

  const profiles = region(page, 'Column profiles');
  // Names are data: shown literally, never parsed as markup or formulas.
  await expect(profiles.getByRole('heading', { level: 3, name: '<b>x</b>', exact: true })).toBeVisible();
  await expect(profiles.getByRole('heading', { level: 3, name: '=HYPERLINK("x")', exact: true })).toBeVisible();
  await expect(profiles.locator('b')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2, name: 'Quality report' })).toContainText('Quality report');
  // No sample target for a user's file.
  await expect(region(page, 'Target checks').getByLabel('Target column')).toHaveValue('');

  // Reading letters as numbers fails with the row and the value, and nothing is created.
  const letters = profiles.getByRole('article', { name: '<b>x</b>' });
  await letters.getByLabel('Treat as').selectOption('numeric');
  await expect(profiles.getByRole('button', { name: 'Apply type changes (creates version 2)' })).toBeVisible();
  await profiles.getByRole('button', { name: 'Apply type changes (creates version 2)' }).click();
  const alert = profiles.getByRole('alert');
  await expect(alert).toContainText('column_kind_mismatch');
  await expect(alert).toContainText('<b>x</b>');
  await expect(alert).toContainText(/row \d+/);
  await screenshot(page, 'quality-retype-error');
  await profiles.screenshot({ path: '/tmp/quality-retype-error.png' });
  await profiles.getByRole('button', { name: 'Discard' }).click();
  await expect(letters.getByLabel('Treat as')).toHaveValue('categorical');

  // Zip codes keep their leading zeros as categories; read as numbers they become version 2.
  const zip = profiles.getByRole('article', { name: 'zip' });
  await expect(zip.locator('.kind')).toHaveText('categorical');
  await zip.getByLabel('Treat as').selectOption('numeric');
  await expect(zip).toContainText('Will change: categorical → numeric');
  await profiles.getByRole('button', { name: 'Apply type changes (creates version 2)' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Created version 2' })).toBeVisible();
  await expect(page.getByText(/Profile and checks of the current version \(version 2\)/)).toBeVisible();
  await expect(zip.locator('.kind')).toHaveText('numeric');
  await expect(zip).toContainText('set by you');
  await expect(zip.getByLabel('Treat as')).toHaveValue('numeric');
  await expect(zip.getByRole('img', { name: /^Histogram of zip: \d+ bins from 2,\d{3}(\.5)? to 2,135/ })).toBeVisible();
  // The dataset list refreshed: the page header counts the new version's columns, and the cache keeps version 1's report apart.
  await expect(profiles.getByRole('button', { name: /Apply type changes/ })).toHaveCount(0);
  await screenshot(page, 'quality-retyped');

  // The name "zip" hints at an address: dropping it through the PII panel makes version 3 without it.
  const pii = region(page, 'Personal data');
  await expect(pii.getByRole('heading', { level: 3, name: 'zip' })).toBeVisible();
  await expect(pii).toContainText('postal address');
  const scrub = pii.getByRole('button', { name: 'Create scrubbed version (version 3)' });
  await expect(scrub).toBeDisabled();
  await pii.getByLabel('Action for zip').selectOption('drop');
  await scrub.click();
  await expect(page.getByRole('status').filter({ hasText: 'Created version 3: 1 column scrubbed.' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Report summary' })).toContainText(/Columns\s*4/);
  await expect(profiles.getByRole('article', { name: 'zip' })).toHaveCount(0);
  await expect(pii).toContainText('No personal data found');
  expect(errors).toEqual([]);
});

test('3,000 columns: profiles render 50 at a time, and the filter finds any column', async ({ page }) => {
  const errors = watchPageErrors(page);
  const cols = 3000;
  const header = Array.from({ length: cols }, (_, j) => `c${j}`).join(',');
  const rows = Array.from({ length: 60 }, (_, i) => Array.from({ length: cols }, (_, j) => ((i * 31 + j * 17) % 97) + (j % 5 === 0 ? 0.5 : 0)).join(','));
  await openHome(page);
  await page
    .getByLabel('Import data', { exact: true })
    .setInputFiles({ name: 'wide.csv', mimeType: 'text/csv', buffer: Buffer.from([header, ...rows].join('\n')) });
  await expect(page.getByRole('heading', { level: 1, name: 'wide.csv' })).toBeVisible({ timeout: 60_000 });

  // The report is a job: cancelling it leaves a note and nothing half-drawn; running it again finishes.
  await openQualityTab(page);
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Report cancelled' })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Report progress' })).toHaveCount(0);
  const profiles = region(page, 'Column profiles');
  await expect(profiles).toHaveCount(0);

  const started = Date.now();
  await page.getByRole('button', { name: 'Run report' }).click();
  await expect(page.getByRole('progressbar', { name: 'Report progress' })).toBeVisible();
  await expect(profiles.getByRole('article')).toHaveCount(50, { timeout: 90_000 });
  const shown = Date.now() - started;
  await expect(profiles).toContainText('Showing 50 of 3,000 columns');

  await profiles.getByRole('button', { name: 'Show 50 more' }).click();
  await expect(profiles.getByRole('article')).toHaveCount(100);
  await profiles.getByLabel('Filter columns by name').fill('c2999');
  await expect(profiles.getByRole('article')).toHaveCount(1);
  await expect(profiles.getByRole('heading', { level: 3, name: 'c2999', exact: true })).toBeVisible();

  // Thousands of findings (an id-like or correlated column each) are listed a page at a time, with counts per check.
  const findings = region(page, /^Findings/);
  const warnings = findings.getByRole('list', { name: /^Warnings \([\d,]+\)$/ });
  await expect(warnings.getByRole('listitem')).toHaveCount(25);
  await expect(findings).toContainText(/By check: [a-z_]+ [\d,]+ · [a-z_]+ [\d,]+/);
  await findings.getByRole('button', { name: 'Show 25 more' }).first().click();
  await expect(warnings.getByRole('listitem')).toHaveCount(50);

  // The matrix is capped: the columns left out are named.
  const corr = region(page, 'Correlations');
  await expect(corr).toContainText(/column(s)? with beyond the column limit/);
  console.log(JSON.stringify({ figure: 'quality tab, 3000 columns x 60 rows: Run report click -> 50 profiles shown', ms: shown }));
  expect(errors).toEqual([]);
});
