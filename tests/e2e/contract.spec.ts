import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import { openHome, watchPageErrors } from './helpers.ts';

/** Full-page shot for a person to look at; scrolled to the top first, or the sticky bar paints mid-page. */
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `/tmp/${name}.png`, fullPage: true });
}


const SPECIES = ['Adelie', 'Gentoo', 'Chinstrap'];

/** 60 fish: length in cm (scale = 1) or scaled, e.g. to mm by 10 or "cm x 100" by 100. */
function fishCsv(scale = 1): string {
  const lines = ['id,length_cm,weight_kg,species'];
  for (let i = 0; i < 60; i++) {
    const length = 18 + ((i * 7) % 23) + (i % 5) * 0.4;
    const weight = 0.4 + ((i * 11) % 17) / 10;
    lines.push(`${i + 1},${(length * scale).toFixed(2)},${weight.toFixed(2)},${SPECIES[i % 3]}`);
  }
  return lines.join('\n') + '\n';
}

const file = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

async function openContractTab(page: Page): Promise<void> {
  await openHome(page);
  await page.getByLabel('Import data', { exact: true }).setInputFiles(file('fish.csv', fishCsv()));
  await expect(page.getByRole('heading', { level: 1, name: 'fish.csv' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Dataset sections' }).getByRole('link', { name: 'Contract' }).click();
  await expect(page).toHaveURL(/\/contract$/);
}

test('the generated contract reads as a table; saving, a bad edit naming its field, and download', async ({ page }) => {
  const errors = watchPageErrors(page);
  await openContractTab(page);
  await expect(page.getByRole('status').filter({ hasText: 'Generated from the data' })).toBeVisible();

  const table = page.getByRole('table', { name: 'What each column promises' });
  const row = (name: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  await expect(table.getByRole('rowheader')).toHaveText(['id', 'length_cm', 'weight_kg', 'species']);
  await expect(row('species')).toContainText('categorical');
  await expect(row('species')).toContainText('Adelie');
  await expect(row('species')).toContainText('Chinstrap');
  await expect(row('length_cm')).toContainText('no missing values');
  await expect(row('length_cm').getByRole('cell').nth(2)).toHaveText(/^\d+(\.\d+)? … \d+(\.\d+)?$/);
  await expect(row('id')).toContainText('yes');

  // Download: the contract as shown, built in the page.
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download contract.json' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('fish-v1.contract.json');
  const downloaded = JSON.parse(fs.readFileSync(await download.path(), 'utf8')) as { format: string; columns: { name: string }[] };
  expect(downloaded.format).toBe('benchtop.contract');
  expect(downloaded.columns.map((c) => c.name)).toEqual(['id', 'length_cm', 'weight_kg', 'species']);

  // A bad edit is refused, naming the field.
  const editor = page.getByLabel('Contract JSON');
  const text = await editor.inputValue();
  await editor.fill(text.replace('"kind": "numeric"', '"kind": "number"'));
  await expect(page.getByText('Unsaved edits', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Save contract' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('contract_invalid');
  await expect(alert).toContainText('Field: columns[0].kind');
  await expect(page.getByRole('status').filter({ hasText: 'Generated from the data' })).toBeVisible();
  await shot(page, 'contract-invalid');

  // A good edit saves: the allowed range of weight_kg tightened by hand.
  await page.getByRole('button', { name: 'Revert edits' }).click();
  await expect(page.getByText('Unsaved edits', { exact: true })).toHaveCount(0);
  const parsed = JSON.parse(await editor.inputValue()) as { columns: { name: string; range?: { min: number; max: number } }[] };
  const weight = parsed.columns.find((c) => c.name === 'weight_kg')!;
  weight.range = { min: 0, max: 1.5 };
  await editor.fill(JSON.stringify(parsed, null, 2));
  await page.getByRole('button', { name: 'Save contract' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved contract' })).toBeVisible();
  await expect(row('weight_kg').getByRole('cell').nth(2)).toHaveText('0 … 1.5');
  await expect(page.getByRole('alert')).toHaveCount(0);

  // The saved contract is marked in the versions tab, and stays after a reload.
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'Saved contract' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Dataset sections' }).getByRole('link', { name: 'Versions' }).click();
  await expect(page.getByRole('table', { name: /^Versions of/ }).getByRole('rowheader')).toContainText('contract');
  expect(errors).toEqual([]);
});

test('checking files: the same data passes; a column scaled by 100 fails with unit_change', async ({ page }) => {
  const errors = watchPageErrors(page);
  await openContractTab(page);
  // The file input (role button) is labelled by the section's heading.
  const check = page.getByRole('button', { name: 'Check a file against this contract' });

  await check.setInputFiles(file('fish-again.csv', fishCsv()));
  const verdict = page.getByRole('region', { name: /^(PASS|FAIL) fish-again\.csv/ });
  await expect(verdict).toBeVisible();
  await expect(verdict.getByRole('heading')).toContainText('PASS');
  await expect(verdict).toContainText('60 rows');
  await expect(verdict).toContainText('Every promise holds');

  await check.setInputFiles(file('fish-cm100.csv', fishCsv(100)));
  const failed = page.getByRole('region', { name: /^(PASS|FAIL) fish-cm100\.csv/ });
  await expect(failed.getByRole('heading')).toContainText('FAIL');
  await expect(failed.getByRole('heading')).toBeFocused();
  const violations = failed.getByRole('table', { name: 'Contract violations in fish-cm100.csv' });
  const unit = violations.getByRole('row').filter({ hasText: 'unit_change' });
  await expect(unit).toHaveCount(1);
  await expect(unit.getByRole('cell').nth(0)).toHaveText('error');
  await expect(unit.getByRole('cell').nth(2)).toHaveText('length_cm');
  await expect(unit).toContainText('x100');
  // The other columns keep their promises.
  await expect(violations.getByRole('row').filter({ hasText: 'weight_kg' })).toHaveCount(0);
  await shot(page, 'contract-unit-change');
  expect(errors).toEqual([]);
});
