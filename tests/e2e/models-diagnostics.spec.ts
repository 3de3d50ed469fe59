import { expect, test, type Locator, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { SCREENSHOTS, chooseTarget, configureMlp, nav, openPenguins, screenshot, trainingRegion, watchPageErrors } from './helpers.ts';

/** A close-up of one part of the page, next to the full-page shots. */
async function closeUp(locator: Locator, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  // The sticky top bar would paint over an element scrolled to the top of the viewport. Set
  // through the CSSOM: an injected <style> tag is inline style, which the studio's CSP refuses.
  await locator.page().evaluate(() => document.querySelectorAll<HTMLElement>('.topbar').forEach((e) => e.style.setProperty('position', 'static', 'important')));
  await locator.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

function diagnosticsRegion(page: Page) {
  return page.getByRole('region', { name: 'Diagnostics', exact: true });
}

function train(page: Page) {
  return page.getByRole('button', { name: 'Train', exact: true }).click();
}

async function expectMetrics(page: Page): Promise<void> {
  const metrics = trainingRegion(page).getByRole('table', { name: 'Test-set metrics' });
  await expect(metrics).toBeVisible({ timeout: 150_000 });
  await expect(metrics.getByRole('row', { name: /^accuracy/ }).getByRole('cell').nth(0)).toHaveText(/^\d\.\d{4}$/);
}

/** The four checks, each with a visible status word. */
async function expectChecklist(region: ReturnType<Page['getByRole']>): Promise<void> {
  const sanity = region.getByRole('region', { name: 'Sanity checks', exact: true });
  await expect(sanity).toBeVisible({ timeout: 120_000 });
  const items = sanity.getByRole('listitem');
  await expect(items).toHaveCount(4);
  for (let i = 0; i < 4; i++) await expect(items.nth(i)).toContainText(/Pass|Warning|Fail/);
}

test('k-nearest neighbours on penguins', async ({ page }) => {
  const errors = watchPageErrors(page);
  await openPenguins(page);
  await chooseTarget(page, 'Species', 'multiclass');
  await page.getByLabel('Model', { exact: true }).selectOption('knn');
  await page.getByLabel('Neighbours (k)', { exact: true }).fill('5');
  await expect(page.getByLabel('Weights', { exact: true })).toHaveValue('uniform');
  // No network options for knn.
  await expect(page.getByText('Advanced training')).toHaveCount(0);
  await page.getByLabel('Neighbours (k)', { exact: true }).fill('0');
  await expect(page.getByText('Neighbours (k) must be a whole number from 1 to 1,000.')).toBeVisible();
  await page.getByLabel('Neighbours (k)', { exact: true }).fill('5');
  await train(page);
  await expectMetrics(page);
  // The on-demand sanity checks are for networks only.
  await expect(diagnosticsRegion(page).getByRole('button', { name: 'Run sanity checks' })).toBeDisabled();
  expect(errors).toEqual([]);
});

test('sanity checks: on demand before training, then live during an MLP run', async ({ page }) => {
  const errors = watchPageErrors(page);
  await openPenguins(page);
  await chooseTarget(page, 'Species', 'multiclass');
  await configureMlp(page, { epochs: 3 });
  await page.getByText('Advanced training').click();
  await expect(page.getByLabel('Sanity checks before training')).toBeChecked();

  const diag = diagnosticsRegion(page);
  await diag.getByRole('button', { name: 'Run sanity checks' }).click();
  await expectChecklist(diag);
  await screenshot(page, 'dataset-sanity-on-demand');

  await train(page);
  await expectChecklist(trainingRegion(page));
  await expectMetrics(page);
  await expect(trainingRegion(page)).toContainText('Status: done');
  await screenshot(page, 'dataset-sanity-trained');
  await closeUp(trainingRegion(page), 'training-sanity-closeup');

  await nav(page).getByRole('link', { name: 'Runs' }).click();
  const row = page.getByRole('row').filter({ hasText: 'Palmer penguins' });
  await row.getByRole('button', { name: /Show details/ }).click();
  await expectChecklist(page.locator('tr.details'));
  expect(errors).toEqual([]);
});

test('learning curve of a logistic regression on penguins', async ({ page }) => {
  const errors = watchPageErrors(page);
  await openPenguins(page);
  await chooseTarget(page, 'Species', 'multiclass');
  await page.getByLabel('Model', { exact: true }).selectOption('logistic');
  await page.getByLabel('Epochs', { exact: true }).fill('5');

  const diag = diagnosticsRegion(page);
  await diag.getByRole('button', { name: 'Learning curve', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeDisabled();
  const chart = diag.getByRole('img', { name: /^Learning curve \(accuracy\): with \d+ training rows/ });
  await expect(chart).toBeVisible({ timeout: 150_000 });
  await expect(diag.getByText(/not overfitting|variance|gap/)).toBeVisible({ timeout: 150_000 });
  await diag.getByText('Points as a table').click();
  const table = diag.getByRole('table', { name: 'Learning curve points' });
  await expect(table.getByRole('row')).toHaveCount(6);
  await expect(table.getByRole('row').nth(5)).toContainText('(100 %)');
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeEnabled();
  await screenshot(page, 'dataset-learning-curve');
  await closeUp(diag, 'learning-curve-closeup');
  expect(errors).toEqual([]);
});

test('advanced training: adamw, cosine schedule, balanced class weights', async ({ page }) => {
  const errors = watchPageErrors(page);
  await openPenguins(page);
  await chooseTarget(page, 'Species', 'multiclass');
  await configureMlp(page, { epochs: 3 });
  await page.getByText('Advanced training').click();
  await page.getByLabel('Optimizer', { exact: true }).selectOption('adamw');
  await expect(page.getByLabel('Weight decay', { exact: true })).toHaveValue('0.01');
  await page.getByLabel('Schedule', { exact: true }).selectOption('cosine');
  await expect(page.getByLabel('Warm-up epochs', { exact: true })).toBeVisible();
  await page.getByLabel('Class weights', { exact: true }).selectOption('balanced');
  await page.getByLabel('Monitor', { exact: true }).selectOption('accuracy');

  // A bad number is a form problem, and Train waits for it.
  await page.getByLabel('Gradient clip norm', { exact: true }).fill('-1');
  await expect(page.getByText('Gradient clip norm must be a number ≥ 0 (0 = off).')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeDisabled();
  await page.getByLabel('Gradient clip norm', { exact: true }).fill('0');
  await screenshot(page, 'dataset-advanced');
  await closeUp(page.getByRole('form', { name: 'Experiment settings' }), 'form-advanced-closeup');

  await train(page);
  await expectMetrics(page);
  const region = trainingRegion(page);
  await expect(region).toContainText('Status: done');
  await expect(region.getByRole('img', { name: /learning rate/ })).toBeVisible();
  await expect(region.getByText('LR', { exact: true })).toBeVisible();
  await closeUp(region, 'training-advanced-closeup');

  await nav(page).getByRole('link', { name: 'Runs' }).click();
  const row = page.getByRole('row').filter({ hasText: 'Palmer penguins' });
  await row.getByRole('button', { name: /Show details/ }).click();
  const spec = page.locator('tr.details pre');
  await expect(spec).toContainText('"adamw"');
  await expect(spec).toContainText('"cosine"');
  await expect(spec).toContainText('"balanced"');
  expect(errors).toEqual([]);
});

test('soft-vote ensemble of logistic regression and k-nearest neighbours', async ({ page }) => {
  const errors = watchPageErrors(page);
  await openPenguins(page);
  await chooseTarget(page, 'Species', 'multiclass');
  await page.getByLabel('Model', { exact: true }).selectOption('ensemble');
  await expect(page.getByLabel('Method', { exact: true })).toHaveValue('soft-vote');
  const members = page.getByRole('group', { name: 'Members' });
  await members.getByLabel('Logistic regression').check();
  await expect(page.getByText('Choose at least 2 ensemble members.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeDisabled();
  await members.getByLabel('k-nearest neighbours').check();
  await expect(page.getByText('Choose at least 2 ensemble members.')).toHaveCount(0);
  await train(page);
  await expectMetrics(page);
  await expect(trainingRegion(page)).toContainText('Status: done');
  expect(errors).toEqual([]);
});

test('a long learning curve can be cancelled, and a changed setting marks it stale', async ({ page }) => {
  const errors = watchPageErrors(page);
  await openPenguins(page);
  await chooseTarget(page, 'Species', 'multiclass');
  await configureMlp(page, { epochs: 2000 });
  await page.getByText('Advanced training').click();
  await page.getByLabel('Early stopping', { exact: true }).uncheck();

  const diag = diagnosticsRegion(page);
  await diag.getByRole('button', { name: 'Learning curve', exact: true }).click();
  await expect(diag.getByText('0 of 5 points')).toBeVisible();
  await expect(diag.getByRole('progressbar', { name: 'Learning curve progress' })).toBeVisible();
  await diag.getByRole('button', { name: 'Cancel learning curve' }).click();
  await expect(diag.getByText(/Learning curve cancelled after \d of 5 points/)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeEnabled();

  await page.getByLabel('Epochs', { exact: true }).fill('3');
  await expect(diag.getByText(/Computed for earlier settings/)).toBeVisible();
  expect(errors).toEqual([]);
});
