import { expect, test } from '@playwright/test';
import { fixture, openHome, screenshot, watchPageErrors, nav } from './helpers.ts';

test('import a CSV through the file input: grid shows its rows and inferred kinds', async ({ page }) => {
  const errors = watchPageErrors(page);
  await openHome(page);
  await page.getByLabel('Import data', { exact: true }).setInputFiles(fixture('pets.csv'));

  await expect(page).toHaveURL(/#\/dataset\//);
  await expect(page.getByRole('heading', { level: 1, name: 'pets.csv' })).toBeVisible();

  const grid = page.getByRole('grid');
  await expect(grid).toHaveAttribute('aria-rowcount', '11');
  await expect(grid.getByRole('columnheader')).toHaveText(['#', 'name', 'age', 'height_cm', 'species', 'vaccinated', 'adopted_on']);
  const first = grid.getByRole('row').nth(1);
  await expect(first.getByRole('gridcell')).toHaveText(['Biscuit', '3', '41.5', 'dog', 'true', '2023-04-12']);
  // A missing number is shown as a dim dash.
  const luna = grid.getByRole('row').filter({ hasText: 'Luna' });
  await expect(luna.getByRole('gridcell').nth(2)).toHaveText('—');

  const columns = page.getByRole('table', { name: 'Columns and their inferred kinds' });
  const kindOf = (name: string) => columns.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) }).getByRole('cell').first();
  await expect(kindOf('name')).toHaveText('text');
  await expect(kindOf('age')).toHaveText('numeric');
  await expect(kindOf('height_cm')).toHaveText('numeric');
  await expect(kindOf('species')).toHaveText('categorical');
  await expect(kindOf('vaccinated')).toHaveText('boolean');
  await expect(kindOf('adopted_on')).toHaveText('datetime');
  const heightRow = columns.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'height_cm', exact: true }) });
  await expect(heightRow.getByRole('cell').nth(1)).toContainText('1');

  // Back home, the dataset is listed with its size.
  await nav(page).getByRole('link', { name: 'Datasets' }).click();
  await expect(page.getByRole('link', { name: 'pets.csv' })).toBeVisible();
  await expect(page.getByText(/10 rows · 6 columns/)).toBeVisible();
  expect(errors).toEqual([]);
});

test('a malformed CSV shows the coded error and the app stays usable', async ({ page }) => {
  const errors = watchPageErrors(page);
  await openHome(page);
  await page.getByLabel('Import data', { exact: true }).setInputFiles(fixture('ragged.csv'));

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('csv_ragged_row');
  await expect(alert).toContainText(/Row \d+ has 4 fields; the header has 3/);
  await expect(page).not.toHaveURL(/#\/dataset\//);
  await screenshot(page, 'import-error');

  // Still usable: a good file imports fine and the banner goes away.
  await page.getByLabel('Import data', { exact: true }).setInputFiles(fixture('pets.csv'));
  await expect(page).toHaveURL(/#\/dataset\//);
  await expect(page.getByRole('grid')).toHaveAttribute('aria-rowcount', '11');
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('dropping a file on the drop zone imports it', async ({ page }) => {
  await openHome(page);
  const dataTransfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['x,y\n1,a\n2,b\n3,a\n'], 'dropped.csv', { type: 'text/csv' }));
    return dt;
  });
  const zone = page.getByRole('group', { name: /Drop a file here/ });
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
  await expect(page.getByRole('heading', { level: 1, name: 'dropped.csv' })).toBeVisible();
  await expect(page.getByRole('grid')).toHaveAttribute('aria-rowcount', '4');
});
