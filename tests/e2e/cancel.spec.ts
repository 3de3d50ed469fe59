import { expect, test } from '@playwright/test';
import { chooseTarget, configureMlp, openPenguins, trainingRegion, watchPageErrors, nav, screenshot } from './helpers.ts';

test('cancel stops a long MLP training within a few seconds', async ({ page }) => {
  const errors = watchPageErrors(page);
  await openPenguins(page);
  await chooseTarget(page, 'Species', 'multiclass');
  await configureMlp(page, { epochs: 2000 });

  const cancel = page.getByRole('button', { name: 'Cancel', exact: true });
  await expect(cancel).toBeDisabled();
  await page.getByRole('button', { name: 'Train', exact: true }).click();

  const region = trainingRegion(page);
  // Wait for the first epoch event to arrive.
  await expect(region.getByText(/Epoch [1-9][\d,]* \/ 2,000/)).toBeVisible({ timeout: 120_000 });
  await expect(cancel).toBeEnabled();
  await expect(region.getByRole('progressbar', { name: 'Training progress' })).toBeVisible();
  await screenshot(page, 'dataset-training');
  await cancel.click();

  await expect(region).toContainText('Status: cancelled', { timeout: 10_000 });
  await expect(cancel).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeEnabled();

  await nav(page).getByRole('link', { name: 'Runs' }).click();
  const row = page.getByRole('row').filter({ hasText: 'Palmer penguins' });
  await expect(row).toContainText('cancelled');
  expect(errors).toEqual([]);
});
