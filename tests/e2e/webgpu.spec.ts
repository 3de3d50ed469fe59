import { expect, test } from '@playwright/test';
import { chooseTarget, configureMlp, openPenguins, trainingRegion, nav } from './helpers.ts';

test('Chromium trains on the WebGPU backend when the backend is auto', async ({ page }) => {
  await openPenguins(page);
  const hasGpu = await page.evaluate(async () => {
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    return !!gpu && !!(await gpu.requestAdapter());
  });
  expect(hasGpu, 'this Chromium exposes a WebGPU adapter').toBe(true);
  await chooseTarget(page, 'Species', 'multiclass');
  await configureMlp(page, { epochs: 3, backend: 'auto' });
  await page.getByRole('button', { name: 'Train', exact: true }).click();

  const region = trainingRegion(page);
  await expect(region.getByText(/^Backend: webgpu$/)).toBeVisible({ timeout: 120_000 });
  await expect(region.getByText(/^Adapter: \S+/)).toBeVisible();
  await expect(region).toContainText('Status: done', { timeout: 150_000 });

  await nav(page).getByRole('link', { name: 'Runs' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Palmer penguins' })).toContainText('webgpu');
});
