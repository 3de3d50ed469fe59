import { expect, test } from '@playwright/test';
import { chooseTarget, configureMlp, fixture, openPenguins, trainingRegion, nav } from './helpers.ts';

test('datasets and runs survive a reload', async ({ page }) => {
  await openPenguins(page);
  await chooseTarget(page, 'Species', 'multiclass');
  await configureMlp(page, { epochs: 2 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(trainingRegion(page)).toContainText('Status: done', { timeout: 150_000 });

  await nav(page).getByRole('link', { name: 'Datasets' }).click();
  await page.getByLabel('Import data', { exact: true }).setInputFiles(fixture('pets.csv'));
  await expect(page.getByRole('heading', { level: 1, name: 'pets.csv' })).toBeVisible();

  await page.goto('/');
  await page.reload();
  const datasets = page.getByRole('region', { name: 'Your datasets' });
  await expect(datasets.getByRole('link', { name: 'Palmer penguins' })).toBeVisible();
  await expect(datasets.getByRole('link', { name: 'pets.csv' })).toBeVisible();

  await nav(page).getByRole('link', { name: 'Runs' }).click();
  const row = page.getByRole('row').filter({ hasText: 'Palmer penguins' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('done');

  // A deep link to the dataset view works after a reload too.
  await datasetsDeepLink(page);
});

async function datasetsDeepLink(page: import('@playwright/test').Page): Promise<void> {
  await page.getByRole('row').filter({ hasText: 'Palmer penguins' }).getByRole('link', { name: 'Palmer penguins', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Palmer penguins' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Palmer penguins' })).toBeVisible();
  await expect(page.getByRole('grid')).toHaveAttribute('aria-rowcount', '345');
}
