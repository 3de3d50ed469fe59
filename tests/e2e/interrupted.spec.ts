import { expect, test } from '@playwright/test';
import { chooseTarget, configureMlp, nav, openPenguins, trainingRegion } from './helpers.ts';

test('a run left running by a reloaded tab shows as interrupted', async ({ page }) => {
  await openPenguins(page);
  await chooseTarget(page, 'Species', 'multiclass');
  await configureMlp(page, { epochs: 2000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  // The run record is written as 'running' before the first epoch.
  await expect(trainingRegion(page).getByText(/Epoch [1-9][\d,]* \/ 2,000/)).toBeVisible({ timeout: 120_000 });

  // Reloading kills the worker mid-training: nothing will ever finish that run.
  await page.reload();
  await nav(page).getByRole('link', { name: 'Runs' }).click();
  const row = page.getByRole('row').filter({ hasText: 'Palmer penguins' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('interrupted');
  await expect(row).not.toContainText('running');
});
