import { expect, test } from '@playwright/test';
import { chooseTarget, configureMlp, openHome, screenshot, trainingRegion, watchPageErrors } from './helpers.ts';

test('train an MLP on the penguins sample and find the run on the runs page', async ({ page, context, baseURL }) => {
  const errors = watchPageErrors(page);
  // Private by design: every request (page and worker) stays on the app's own origin.
  const foreign: string[] = [];
  context.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== new URL(baseURL!).origin) foreign.push(url);
  });
  await openHome(page);
  await expect(page.getByRole('button', { name: 'Open Palmer penguins' })).toBeVisible();
  await expect(page.getByLabel('Import data', { exact: true })).toBeVisible();
  await screenshot(page, 'home');

  await page.getByRole('button', { name: 'Open Palmer penguins' }).click();
  await expect(page).toHaveURL(/#\/dataset\//);
  await expect(page.getByRole('heading', { level: 1, name: 'Palmer penguins' })).toBeVisible();
  await expect(page.getByRole('grid')).toHaveAttribute('aria-rowcount', '345');

  await chooseTarget(page, 'Species', 'multiclass');
  await configureMlp(page, { epochs: 5 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();

  const metrics = page.getByRole('table', { name: 'Test-set metrics' });
  await expect(metrics).toBeVisible({ timeout: 150_000 });
  const accuracy = metrics.getByRole('row', { name: /^accuracy/ });
  await expect(accuracy.getByRole('cell').nth(0)).toHaveText(/^\d\.\d{4}$/);
  await expect(accuracy.getByRole('cell').nth(1)).toHaveText(/^\d\.\d{4}$/);
  await expect(metrics.getByRole('columnheader')).toHaveText(['Metric', 'Model', 'Baseline']);

  const region = trainingRegion(page);
  await expect(region).toContainText('Status: done');
  await expect(region.getByRole('img', { name: /Loss per epoch: after epoch 5/ })).toBeVisible();
  await screenshot(page, 'dataset-trained');

  await region.getByRole('link', { name: /View all runs/ }).click();
  await expect(page).toHaveURL(/#\/runs$/);
  const row = page.getByRole('row').filter({ hasText: 'Palmer penguins' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('mlp');
  await expect(row).toContainText('multiclass');
  await expect(row).toContainText('done');
  await expect(row).toContainText(/accuracy \d\.\d{4}/);
  await screenshot(page, 'runs');

  await row.getByRole('button', { name: /Show details/ }).click();
  const details = page.locator('tr.details');
  await expect(details.getByRole('table', { name: 'Test-set metrics' })).toBeVisible();
  await expect(details.getByRole('img', { name: /Loss per epoch/ })).toBeVisible();
  await expect(details.locator('pre')).toContainText('"target": "Species"');
  await screenshot(page, 'runs-expanded');

  expect(errors).toEqual([]);
  expect(foreign).toEqual([]);
});
