import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  chooseTarget,
  featuresRegion,
  fixture,
  importFixture,
  nav,
  openPenguins,
  planRegion,
  screenshot,
  SCREENSHOTS,
  trainingRegion,
  watchPageErrors,
} from './helpers.ts';

test('group cross-validation: the plan keeps users apart and the results show mean ± std', async ({ page }) => {
  const errors = watchPageErrors(page);
  await importFixture(page, 'users-groups.csv');
  await chooseTarget(page, 'label', 'binary');
  await page.getByLabel('Model', { exact: true }).selectOption('logistic');
  await page.getByLabel('Epochs', { exact: true }).fill('5');
  await page.getByLabel('Evaluation', { exact: true }).selectOption('Cross-validation');
  await page.getByLabel('Split strategy', { exact: true }).selectOption('group');
  await page.getByLabel('Split column', { exact: true }).selectOption('user');
  await page.getByLabel('Folds', { exact: true }).fill('3');

  const plan = planRegion(page);
  const split = plan.getByRole('table', { name: '3-fold cross-validation (group by “user”)' });
  await expect(split).toBeVisible();
  await expect(split.getByRole('columnheader')).toHaveText([
    'Fold',
    'Train rows',
    'Test rows',
    'Test classes',
    'Groups (train/test/shared)',
  ]);
  const rows = split.locator('tbody tr');
  await expect(rows).toHaveCount(3);
  for (let i = 0; i < 3; i++) {
    const cells = rows.nth(i).getByRole('cell');
    // 12 users of 10 rows each: every fold tests 4 users, trains on the other 8, shares none.
    await expect(cells.nth(0)).toHaveText('80');
    await expect(cells.nth(1)).toHaveText('40');
    // yes/no reads as a boolean column: its classes are false / true.
    await expect(cells.nth(2)).toHaveText(/^false \d+, true \d+$/);
    await expect(cells.nth(3)).toHaveText(/^8\s*\/\s*4\s*\/\s*0$/);
  }
  await expect(plan.getByRole('status').filter({ hasText: /no leaks/ })).toBeVisible();
  await expect(plan.getByRole('list', { name: 'Feature pipeline' }).getByRole('listitem').first()).toBeVisible();
  await expect(featuresRegion(page).getByRole('table')).toBeVisible();
  await screenshot(page, 'plan-group-cv');
  await plan.screenshot({ path: path.join(SCREENSHOTS, 'plan-panel-group-cv.png') });

  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const region = trainingRegion(page);
  const metrics = region.getByRole('table', { name: 'Cross-validation metrics (mean ± std over 3 folds)' });
  await expect(metrics).toBeVisible({ timeout: 150_000 });
  await expect(metrics.getByRole('row', { name: /^accuracy/ }).getByRole('cell').first()).toHaveText(/^\d\.\d{4} ± \d\.\d{4}$/);
  await expect(region).toContainText('Folds: 3');
  await screenshot(page, 'dataset-group-cv-trained');

  await nav(page).getByRole('link', { name: 'Runs' }).click();
  const row = page.getByRole('row').filter({ hasText: 'users-groups.csv' });
  await expect(row).toContainText('CV 3×1');
  expect(errors).toEqual([]);
});

test('replay: the browser worker and the CLI write bit-identical feature CSVs', async ({ page }) => {
  const errors = watchPageErrors(page);
  const data = fixture('replay-mixed.csv');
  await importFixture(page, 'replay-mixed.csv');
  await chooseTarget(page, 'outcome', 'binary');
  await page.getByLabel('Model', { exact: true }).selectOption('logistic');
  await page.getByLabel('Seed', { exact: true }).fill('42');

  const features = featuresRegion(page);
  const table = features.getByRole('table');
  await expect(table).toBeVisible();
  // Numeric (imputed, with a missing indicator), categorical (one-hot) and datetime (parts) columns.
  await expect(table.getByRole('columnheader', { name: 'age__missing', exact: true })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'colour=red', exact: true })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: /^signup\./ }).first()).toBeVisible();
  await expect(features).toContainText('48 rows ×');
  await expect(table.locator('tbody tr')).toHaveCount(20);

  const downloadEvent = page.waitForEvent('download');
  await features.getByRole('button', { name: 'Download features (CSV)', exact: true }).click();
  const download = await downloadEvent;
  expect(download.suggestedFilename()).toBe('replay-mixed-features.csv');
  const browserBytes = fs.readFileSync(await download.path());

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'benchtop-replay-'));
  const out = path.join(dir, 'features.csv');
  execFileSync(
    process.execPath,
    ['bin/benchtop.mjs', 'train', '--data', data, '--target', 'outcome', '--model', 'logistic', '--seed', '42', '--features-out', out, '--json'],
    { encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const cliBytes = fs.readFileSync(out);
  fs.rmSync(dir, { recursive: true, force: true });

  expect(browserBytes.length).toBeGreaterThan(100);
  expect(browserBytes.toString('utf8')).toBe(cliBytes.toString('utf8'));
  expect(browserBytes.equals(cliBytes)).toBe(true);

  // A time-series split offers only datetime/numeric columns and shows each fold's test time range.
  await page.getByLabel('Evaluation', { exact: true }).selectOption('Cross-validation');
  await page.getByLabel('Split strategy', { exact: true }).selectOption('time-series');
  const column = page.getByLabel('Split column', { exact: true });
  await expect(column.getByRole('option')).toHaveText(['age', 'signup', 'score']);
  await column.selectOption('signup');
  const split = planRegion(page).getByRole('table', { name: /time-series by “signup”/ });
  await expect(split.getByRole('columnheader', { name: 'Test time range' })).toBeVisible();
  await expect(split.locator('tbody tr').first().getByRole('cell').last()).toHaveText(/^2023-\d\d-\d\d – 2023-\d\d-\d\d$/);
  expect(errors).toEqual([]);
});

test('pipeline editing: bad JSON and an unknown step are reported, reset brings back the auto plan', async ({ page }) => {
  const errors = watchPageErrors(page);
  await openPenguins(page);
  await chooseTarget(page, 'Species', 'multiclass');
  await page.getByLabel('Model', { exact: true }).selectOption('logistic');

  const plan = planRegion(page);
  const steps = plan.getByRole('list', { name: 'Feature pipeline' }).getByRole('listitem');
  await expect(steps.first()).toBeVisible();
  await expect(plan).toContainText('auto');
  const autoSteps = await steps.allTextContents();
  expect(autoSteps.length).toBeGreaterThan(0);

  await plan.getByRole('button', { name: 'Edit pipeline' }).click();
  await expect(plan.getByRole('button', { name: 'Edit pipeline' })).toHaveAttribute('aria-expanded', 'true');
  const json = plan.getByLabel('Pipeline JSON', { exact: true });
  await expect(json).toHaveValue(/"kind": "/);
  const expanded = JSON.parse(await json.inputValue()) as { kind: string }[];
  expect(expanded.length).toBe(autoSteps.length);

  // Not JSON: a message, the last good plan stays, training waits for a fix.
  await json.fill('[{"kind": ');
  await expect(plan).toContainText('Not valid JSON');
  await expect(steps).toHaveCount(autoSteps.length);
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeDisabled();

  // Valid JSON, unknown step: the worker's coded error is shown inline.
  await json.fill('[{"kind":"nope"}]');
  const failure = plan.getByRole('status').filter({ hasText: 'spec_invalid' });
  await expect(failure).toBeVisible();
  await expect(failure).toContainText(/pipeline|step|nope/i);
  await screenshot(page, 'plan-pipeline-error');

  // Still usable: the form works and the error goes with the reset.
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeEnabled();
  await page.getByLabel('Evaluation', { exact: true }).selectOption('Cross-validation');
  await plan.getByRole('button', { name: 'Reset to auto' }).click();
  await expect(json).toHaveCount(0);
  await expect(failure).toHaveCount(0);
  await expect(plan.getByRole('table', { name: /5-fold cross-validation/ })).toBeVisible();
  await expect(steps).toHaveText(autoSteps);
  expect(errors).toEqual([]);
});

test('a locked final test set is scored once, and a second look is flagged', async ({ page }) => {
  const errors = watchPageErrors(page);
  await openPenguins(page);
  await chooseTarget(page, 'Species', 'multiclass');
  await page.getByLabel('Model', { exact: true }).selectOption('baseline');
  await page.getByLabel('Evaluation', { exact: true }).selectOption('Cross-validation');
  await page.getByLabel('Final test fraction', { exact: true }).fill('0.2');
  const plan = planRegion(page);
  await expect(plan.getByRole('table', { name: /^Final test set/ })).toBeVisible();

  const train = page.getByRole('button', { name: 'Train', exact: true });
  const region = trainingRegion(page);
  await train.click();
  const finalTable = region.getByRole('table', { name: 'Final test set', exact: true });
  await expect(finalTable).toBeVisible({ timeout: 120_000 });
  await expect(finalTable.getByRole('columnheader')).toHaveText(['Metric', 'Model', 'Baseline']);
  await expect(region).toContainText('evaluation #1');
  await expect(region.getByRole('alert')).toHaveCount(0);

  await train.click();
  await expect(region).toContainText('evaluation #2', { timeout: 120_000 });
  await expect(region.getByRole('alert')).toContainText('evaluated 2 times');
  await screenshot(page, 'dataset-final-test-again');
  expect(errors).toEqual([]);
});
